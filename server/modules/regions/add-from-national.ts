import { regionInScope } from "../../../core/access";
import { REGION_LEVEL_LABEL, REGION_LEVELS, regionCodeProblem, type RegionLevel } from "../../../core/regions";
import { addNationalSchema, type AddNationalInput, type AddNationalResult } from "../../../contracts/regions";
import type { DbOrTx } from "../../../db/open";
import type { ServiceContext } from "../../context";
import { AppError } from "../../errors";
import { recordAudit } from "../audit/record";
import { nationalAncestors, nationalByCode, nationalChildren, type NationalRegion } from "./national";
import { presentRegion, regionTitle } from "./presenter";
import * as repo from "./repository";
import { assertMayAddRoot, assertParentInUse } from "./scope";

/**
 * What one national code brings: its missing parents, itself and what lies under it — a province its
 * cities and their counties, a city its counties, a county itself — and, when asked, the counties'
 * streets. 功能区 (开发区 …) come only when asked for by their own code.
 */
export function nationalSelection(code: string, withStreets: boolean): NationalRegion[] {
  const entry = nationalByCode(code);
  if (!entry || entry.level === "street") return [];
  const out = [...nationalAncestors(code), entry];
  for (let i = out.length - 1; i < out.length; i++) {
    for (const child of nationalChildren(out[i].code)) {
      if (child.zone || (child.level === "street" && !withStreets)) continue;
      out.push(child);
    }
  }
  return out;
}

/**
 * 从全国区划添加, in one transaction with its audit record. Idempotent: codes that are regions
 * already are kept as they are, their names too (reported beside the national name).
 */
export async function addFromNational(ctx: ServiceContext, input: AddNationalInput): Promise<AddNationalResult> {
  const o = addNationalSchema.parse(input);
  const entry = nationalByCode(o.code);
  const selection = nationalSelection(o.code, o.withStreets);
  if (!entry || !selection.length) throw new AppError("NOT_FOUND", `全国区划中没有编码为「${o.code}」的省、市或县区`);
  return ctx.db.transaction(async (tx) => {
    await repo.lockRegions(tx);
    const existing = new Map((await repo.findRegionsByCodes(tx, selection.map((e) => e.code))).map((r) => [r.code, r]));
    const target = existing.get(entry.code);
    if (target && !regionInScope(ctx.actor, target.path)) throw new AppError("FORBIDDEN", `「${entry.name}」不在本账户的管辖范围内`);
    const kept = selection.filter((e) => existing.has(e.code)).map((e) => ({ code: e.code, name: existing.get(e.code)!.name, nationalName: e.name }));
    const fresh = selection.filter((e) => !existing.has(e.code));
    const byCode = new Map(existing);
    const added: repo.RegionRow[] = [];
    const nextOrder = new Map<number | null, number>();
    // Level by level: a level's parents are all written (or there) before it.
    for (const level of REGION_LEVELS) {
      const batch: repo.NewRegion[] = [];
      for (const e of fresh.filter((x) => x.level === level)) {
        const parent = e.parentCode ? byCode.get(e.parentCode) : null;
        if (e.parentCode && !parent) continue; // its parent is a 市辖区 placeholder or a zone: never the case for a selection
        if (!parent) assertMayAddRoot(ctx.actor);
        else {
          if (!regionInScope(ctx.actor, parent.path)) throw new AppError("FORBIDDEN", `「${entry.name}」不在本账户的管辖范围内`);
          assertParentInUse(parent);
        }
        const problem = regionCodeProblem(e.code, e.level, parent ? { code: parent.code, name: parent.name, level: parent.level } : null);
        if (problem) throw new AppError("CONFLICT", `全国区划「${e.name}」（${e.code}）不能添加：${problem}`);
        const parentId = parent?.id ?? null;
        if (!nextOrder.has(parentId)) nextOrder.set(parentId, await repo.nextSortOrder(tx, parentId));
        const sortOrder = nextOrder.get(parentId)!;
        nextOrder.set(parentId, sortOrder + 1);
        batch.push({ code: e.code, name: e.name, level: e.level, parentId, sortOrder });
      }
      if (!batch.length) continue;
      await assertNamesFree(tx, batch);
      for (const row of await repo.insertRegions(tx, batch)) {
        byCode.set(row.code, row);
        added.push(row);
      }
    }
    const counts = REGION_LEVELS.map((l) => [l, added.filter((r) => r.level === l).length] as [RegionLevel, number]).filter(([, n]) => n > 0);
    const summary =
      `从全国区划添加${regionTitle(entry)}${o.withStreets ? "（含街道、乡镇）" : ""}：` +
      (added.length ? `新增 ${added.length} 个区划（${counts.map(([l, n]) => `${REGION_LEVEL_LABEL[l]} ${n} 个`).join("、")}）` : "没有需要新增的区划") +
      (kept.length ? `，已有 ${kept.length} 个保持不变` : "");
    if (added.length) {
      await recordAudit(tx, {
        actor: ctx.actor,
        ip: ctx.ip,
        action: "create",
        entityType: "region",
        entityId: byCode.get(entry.code)?.id ?? null,
        summary,
        after: { code: o.code, withStreets: o.withStreets, added: added.map((r) => ({ code: r.code, name: r.name })), kept: kept.map((k) => k.code) },
      });
    }
    return { added: added.map((r) => presentRegion(r, ctx.actor)), kept, summary };
  });
}

/** A hand-made region of the same name under the same parent would make two regions one name. */
async function assertNamesFree(tx: DbOrTx, batch: repo.NewRegion[]) {
  for (const parentId of new Set(batch.map((b) => b.parentId))) {
    if (parentId === null) continue;
    const names = new Map((await repo.childRows(tx, parentId)).map((r) => [r.name, r]));
    for (const b of batch.filter((x) => x.parentId === parentId)) {
      const same = names.get(b.name);
      if (same) throw new AppError("CONFLICT", `已有名为「${b.name}」的区划（编码 ${same.code}），与全国区划 ${b.code} 同名；请先将其改名或删除后再添加`);
    }
  }
}
