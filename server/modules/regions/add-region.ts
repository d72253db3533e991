import { nextRegionCode, PARENT_LEVEL, placementProblem, REGION_LEVEL_LABEL, regionCodeProblem, type RegionLevel } from "../../../core/regions";
import { addRegionSchema, type AddRegionInput, type Region } from "../../../contracts/regions";
import type { DbOrTx } from "../../../db/open";
import type { ServiceContext } from "../../context";
import { AppError } from "../../errors";
import { recordAudit } from "../audit/record";
import { nationalChildren } from "./national";
import { presentRegion, regionTitle } from "./presenter";
import * as repo from "./repository";
import { assertMayAddRoot, assertParentInUse, regionInActorScope } from "./scope";

/**
 * 手工添加: a region under a parent of the actor's subtree (a root only for an installation-wide
 * actor). Without a code, the next free one under the parent is taken, past the national list's, so
 * a later national add never meets it.
 */
export async function addRegion(ctx: ServiceContext, input: AddRegionInput): Promise<Region> {
  const o = addRegionSchema.parse(input);
  return ctx.db.transaction(async (tx) => {
    await repo.lockRegions(tx);
    const parent = o.parentId === null ? null : await regionInActorScope(tx, ctx.actor, o.parentId);
    const parentRef = parent ? { code: parent.code, name: parent.name, level: parent.level } : null;
    // The level against the parent first: no code is generated under a parent of the wrong level.
    if (!parentRef || PARENT_LEVEL[o.level] !== parentRef.level) {
      const misplaced = placementProblem(o.code ?? "", o.level, parentRef);
      if (misplaced) throw new AppError("VALIDATION_FAILED", misplaced, [{ row: null, column: "上级", message: misplaced }]);
    }
    if (parent) assertParentInUse(parent);
    else assertMayAddRoot(ctx.actor);
    let code = o.code ?? null;
    if (code === null) {
      code = await freeCode(tx, o.level, parentRef, parent?.id ?? null);
      if (code === null) {
        throw new AppError(
          "VALIDATION_FAILED",
          parentRef ? `「${parentRef.name}」下已没有可用的${REGION_LEVEL_LABEL[o.level]}编码，请填写编码` : `没有上级的${REGION_LEVEL_LABEL[o.level]}请填写编码`,
          [{ row: null, column: "编码", message: "请填写编码" }],
        );
      }
    }
    const problem = regionCodeProblem(code, o.level, parentRef);
    if (problem) throw new AppError("VALIDATION_FAILED", problem, [{ row: null, column: problem.startsWith("编码") ? "编码" : "上级", message: problem }]);
    const clash = await repo.findRegionByCode(tx, code);
    if (clash) throw new AppError("CONFLICT", `编码「${code}」已用于「${clash.name}」，区划编码不能重复`);
    await assertNameFree(tx, parent?.id ?? null, o.name, parent?.name ?? null);
    const row = await repo.insertRegion(tx, { code, name: o.name, level: o.level, parentId: parent?.id ?? null, sortOrder: await repo.nextSortOrder(tx, parent?.id ?? null) });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "create",
      entityType: "region",
      entityId: row.id,
      summary: `添加${REGION_LEVEL_LABEL[o.level]}区划：${regionTitle(row)}${parent ? `，上级${parent.name}` : ""}`,
      after: { code: row.code, name: row.name, level: row.level, parentId: row.parentId },
    });
    return presentRegion(row, ctx.actor);
  });
}

/** The codes a new child may not take: the regions' and the national list's under that parent. */
async function freeCode(tx: DbOrTx, level: RegionLevel, parent: { code: string; name: string; level: RegionLevel } | null, parentId: number | null) {
  if (parent && PARENT_LEVEL[level] !== parent.level) return null;
  const taken = new Set([...(await repo.childCodes(tx, parentId)), ...nationalChildren(parent?.code ?? null).map((e) => e.code)]);
  // Another parent's child may hold a code of this prefix (a hand-made region placed elsewhere).
  const candidate = nextRegionCode(level, parent, taken);
  if (candidate && (await repo.findRegionByCode(tx, candidate))) {
    const prefix = candidate.slice(0, level === "street" ? 6 : level === "county" ? 4 : 2);
    for (const c of await repo.codesWithPrefix(tx, prefix)) taken.add(c);
    return nextRegionCode(level, parent, taken);
  }
  return candidate;
}

/** Two regions of one name under one parent could not be told apart by name (the CLI's, a reader's). */
export async function assertNameFree(tx: DbOrTx, parentId: number | null, name: string, parentName: string | null, exceptId?: number) {
  const same = (await repo.findRegionsByName(tx, name)).filter((r) => r.parentId === parentId && r.id !== exceptId);
  if (same.length) throw new AppError("CONFLICT", `${parentName ? `「${parentName}」下` : "顶层"}已有名为「${name}」的区划（${same[0].code}），请换一个名称`);
}
