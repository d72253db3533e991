import type { Region } from "../../../contracts/regions";
import type { ServiceContext } from "../../context";
import { AppError } from "../../errors";
import { recordAudit } from "../audit/record";
import { presentRegion, regionTitle } from "./presenter";
import * as repo from "./repository";
import { assertNotOwnRegion, regionInActorScope } from "./scope";

/**
 * 撤销: the region and everything under it still in use, at one instant. Records keep naming it; it is
 * offered for nothing new. Returns the regions retired.
 */
export async function retireRegion(ctx: ServiceContext, regionId: number): Promise<Region[]> {
  return ctx.db.transaction(async (tx) => {
    await repo.lockRegions(tx);
    const r = await regionInActorScope(tx, ctx.actor, regionId);
    assertNotOwnRegion(ctx.actor, r, "撤销");
    if (r.retiredAt) throw new AppError("CONFLICT", `「${r.name}」已撤销`);
    const rows = await repo.retireSubtree(tx, r.path, new Date());
    const under = rows.filter((x) => x.id !== r.id);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "retire",
      entityType: "region",
      entityId: r.id,
      summary: `撤销区划：${regionTitle(r)}${under.length ? `及其下级 ${under.length} 个` : ""}`,
      after: { retired: rows.map((x) => x.code) },
    });
    return rows.map((x) => presentRegion(x, ctx.actor));
  });
}

/** 恢复: the region and what was retired with it (not what was retired on its own before). */
export async function restoreRegion(ctx: ServiceContext, regionId: number): Promise<Region[]> {
  return ctx.db.transaction(async (tx) => {
    await repo.lockRegions(tx);
    const r = await regionInActorScope(tx, ctx.actor, regionId);
    if (!r.retiredAt) throw new AppError("CONFLICT", `「${r.name}」在用，无需恢复`);
    const parent = r.parentId === null ? null : await repo.findRegionById(tx, r.parentId);
    if (parent?.retiredAt) throw new AppError("CONFLICT", `上级「${parent.name}」已撤销，请先恢复上级`);
    const rows = await repo.restoreSubtree(tx, r.path, r.retiredAt);
    const under = rows.filter((x) => x.id !== r.id);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "restore",
      entityType: "region",
      entityId: r.id,
      summary: `恢复区划：${regionTitle(r)}${under.length ? `及其下级 ${under.length} 个` : ""}`,
      after: { restored: rows.map((x) => x.code) },
    });
    return rows.map((x) => presentRegion(x, ctx.actor));
  });
}
