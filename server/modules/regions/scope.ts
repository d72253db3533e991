/**
 * Which regions an actor may change: those of their subtree (a region outside it does not exist for
 * them: 404). Their own region may be renamed, never retired or deleted; a root (a province, a city
 * without its province) is added only by an installation-wide actor.
 */
import { regionInScope, type Actor } from "../../../core/access";
import type { DbOrTx } from "../../../db/open";
import { AppError, notFound } from "../../errors";
import { findRegionById, type RegionRow } from "./repository";

export const REGION_NOT_FOUND = "区划";
export const ROOT_ONLY_MESSAGE = "只有全辖范围的管理员可以添加省级区划或没有上级的市级区划";

/** The region, when it lies in the actor's subtree; else 404 (its existence is not told). */
export async function regionInActorScope(db: DbOrTx, actor: Actor, regionId: number): Promise<RegionRow> {
  const r = await findRegionById(db, regionId);
  if (!r || !regionInScope(actor, r.path)) throw notFound(REGION_NOT_FOUND);
  return r;
}

export function assertMayAddRoot(actor: Actor): void {
  if (actor.regionPath !== null) throw new AppError("FORBIDDEN", ROOT_ONLY_MESSAGE);
}

/** Retiring or deleting the region one works for would leave the account without its scope. */
export function assertNotOwnRegion(actor: Actor, r: RegionRow, what: string): void {
  if (actor.regionId === r.id) throw new AppError("CONFLICT", `「${r.name}」是本账户所属的区划，不能${what}`);
}

export function assertParentInUse(parent: RegionRow): void {
  if (parent.retiredAt) throw new AppError("CONFLICT", `上级「${parent.name}」已撤销，不能再添加下级；请先恢复它`);
}
