import { updateRegionSchema, type Region, type UpdateRegionInput } from "../../../contracts/regions";
import type { ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import { assertNameFree } from "./add-region";
import { presentRegion, regionTitle } from "./presenter";
import * as repo from "./repository";
import { regionInActorScope } from "./scope";

/**
 * 重命名 (and 排序): a new name is recorded in region_renames, so old documents that use the old name
 * still read right; the code never changes.
 */
export async function updateRegion(ctx: ServiceContext, regionId: number, input: UpdateRegionInput): Promise<Region> {
  const o = updateRegionSchema.parse(input);
  return ctx.db.transaction(async (tx) => {
    await repo.lockRegions(tx);
    const before = await regionInActorScope(tx, ctx.actor, regionId);
    const rename = o.name !== undefined && o.name !== before.name;
    if (rename) {
      const parent = before.parentId === null ? null : await repo.findRegionById(tx, before.parentId);
      await assertNameFree(tx, before.parentId, o.name!, parent?.name ?? null, before.id);
    }
    const set = { ...(rename ? { name: o.name } : {}), ...(o.sortOrder !== undefined && o.sortOrder !== before.sortOrder ? { sortOrder: o.sortOrder } : {}) };
    if (!Object.keys(set).length) return presentRegion(before, ctx.actor);
    const after = await repo.updateRegion(tx, before.id, set);
    if (rename) await repo.insertRename(tx, { regionId: before.id, oldName: before.name, newName: after.name, changedBy: ctx.actor.displayName || ctx.actor.username });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: rename ? "rename" : "update",
      entityType: "region",
      entityId: before.id,
      summary: rename ? `区划改名：${regionTitle(before)} → ${after.name}` : `调整区划排序：${regionTitle(before)}，${before.sortOrder} → ${after.sortOrder}`,
      before: { name: before.name, sortOrder: before.sortOrder },
      after: { name: after.name, sortOrder: after.sortOrder },
    });
    return presentRegion(after, ctx.actor);
  });
}
