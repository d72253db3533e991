/** 财政困难程度系数 of a city's counties for a year: read (1 when none is recorded), written in one transaction, audited. */
import type { CoefficientView, UpdateCoefficientsInput } from "../../../contracts/allocation";
import type { DbOrTx } from "../../../db/open";
import { canSeeFundYear } from "../../../core/access";
import type { ServiceContext } from "../../context";
import { AppError, notFound } from "../../errors";
import { recordAudit } from "../audit/record";
import * as repo from "./repository";

/** "1.2000" → "1.2", "1.0000" → "1": the coefficient as a user writes it. */
export function trimCoefficient(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

async function cityOf(ctx: ServiceContext, db: DbOrTx, cityRegionId: number) {
  const city = await repo.findRegion(db, cityRegionId);
  if (!city || city.level === "county" || city.level === "street" || !canSeeFundYear(ctx.actor, city.path)) throw notFound("地区");
  return city;
}

/** Every county of the city with its coefficient of the year (recorded or the default 1). */
export async function coefficientsForYear(db: DbOrTx, cityRegionId: number, year: number, counties?: { id: number; name: string }[]): Promise<CoefficientView[]> {
  const list = counties ?? (await repo.countiesOf(db, cityRegionId));
  const rows = await repo.coefficientsOf(db, list.map((c) => c.id), year);
  const byRegion = new Map(rows.map((r) => [r.regionId, r]));
  return list.map((c) => {
    const r = byRegion.get(c.id);
    return { countyId: c.id, name: c.name, year, coefficient: r ? trimCoefficient(r.coefficient) : "1", note: r?.note ?? null, recorded: !!r };
  });
}

export async function listCoefficients(ctx: ServiceContext, q: { cityRegionId: number; year: number }): Promise<CoefficientView[]> {
  await cityOf(ctx, ctx.db, q.cityRegionId);
  return coefficientsForYear(ctx.db, q.cityRegionId, q.year);
}

export async function updateCoefficients(ctx: ServiceContext, input: UpdateCoefficientsInput): Promise<CoefficientView[]> {
  return ctx.db.transaction(async (tx) => {
    const city = await cityOf(ctx, tx, input.cityRegionId);
    const counties = await repo.countiesOf(tx, city.id);
    const known = new Map(counties.map((c) => [c.id, c]));
    const seen = new Set<number>();
    for (const item of input.items) {
      if (!known.has(item.countyId)) throw new AppError("VALIDATION_FAILED", `县区（编号 ${item.countyId}）不是${city.name}的县区`);
      if (seen.has(item.countyId)) throw new AppError("VALIDATION_FAILED", `${known.get(item.countyId)!.name}的系数填写了两次`);
      seen.add(item.countyId);
    }
    const before = await coefficientsForYear(tx, city.id, input.year, counties);
    for (const item of input.items) {
      await repo.upsertCoefficient(tx, {
        regionId: item.countyId,
        year: input.year,
        coefficient: item.coefficient,
        note: item.note?.trim() ? item.note.trim() : null,
        updatedByName: ctx.actor.displayName || ctx.actor.username,
      });
    }
    const after = await coefficientsForYear(tx, city.id, input.year, counties);
    const changed = input.items.map((i) => `${known.get(i.countyId)!.name} ${trimCoefficient(i.coefficient)}`);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "update",
      entityType: "difficulty_coefficients",
      entityId: `${city.id}:${input.year}`,
      summary: `修改${city.name}${input.year}年度财政困难程度系数：${changed.join("，")}`,
      before: before.filter((b) => seen.has(b.countyId)),
      after: after.filter((a) => seen.has(a.countyId)),
    });
    return after;
  });
}
