import type { NationalEntry, Region, RegionDetail } from "../../../contracts/regions";
import { REGION_LEVEL_LABEL } from "../../../core/regions";
import type { ServiceContext } from "../../context";
import { nationalAncestors, nationalChildren, searchNational, type NationalRegion } from "./national";
import { presentRegion } from "./presenter";
import * as repo from "./repository";
import { regionInActorScope } from "./scope";
import { regionUsage } from "./usage";

/**
 * The regions of the actor's subtree, retired ones flagged, plus the ancestors of their own region
 * (so a picker shows 山东省 / 临沂市 above a city user's counties; inScope false).
 */
export async function listRegions(ctx: ServiceContext): Promise<Region[]> {
  const rows = await repo.listRegionRows(ctx.db, ctx.actor.regionPath);
  return rows.map((r) => presentRegion(r, ctx.actor));
}

/** One region of the actor's subtree with its renames and what uses it (for 删除). */
export async function getRegion(ctx: ServiceContext, regionId: number): Promise<RegionDetail> {
  const r = await regionInActorScope(ctx.db, ctx.actor, regionId);
  const renames = await repo.renamesOf(ctx.db, r.id);
  return {
    ...presentRegion(r, ctx.actor),
    renames: renames.map((x) => ({ oldName: x.oldName, newName: x.newName, changedBy: x.changedBy, changedAt: x.changedAt.toISOString() })),
    usedBy: (await regionUsage(ctx.db, r.id)).map((u) => u.text),
  };
}

/**
 * Browse (`code`: its children; none: the provinces and 直辖市) or search (`q`) the national list,
 * each entry saying whether it is a region here already.
 */
export async function browseNational(ctx: ServiceContext, o: { code?: string; q?: string }): Promise<NationalEntry[]> {
  const entries = o.q ? searchNational(o.q) : nationalChildren(o.code ?? null);
  const added = new Map((await repo.findRegionsByCodes(ctx.db, entries.map((e) => e.code))).map((r) => [r.code, r.id]));
  return entries.map((e) => presentNational(e, added.get(e.code) ?? null));
}

function presentNational(e: NationalRegion, addedId: number | null): NationalEntry {
  return {
    code: e.code,
    name: e.name,
    level: e.level,
    levelLabel: REGION_LEVEL_LABEL[e.level],
    parentCode: e.parentCode,
    pathNames: nationalAncestors(e.code).map((a) => a.name),
    hasChildren: nationalChildren(e.code).length > 0,
    zone: e.zone,
    addedId,
  };
}
