import { regionInScope } from "../../../core/access";
import type { Region } from "../../../contracts/regions";
import type { ServiceContext } from "../../context";
import { presentRegion } from "./presenter";
import * as repo from "./repository";

/** The actor's regions of a name (or a code), for the command line's `region rename 兰山区 …`. */
export async function findRegionsByName(ctx: ServiceContext, nameOrCode: string): Promise<Region[]> {
  const byName = await repo.findRegionsByName(ctx.db, nameOrCode);
  const byCode = /^\d{6}(\d{3})?$/.test(nameOrCode) ? await repo.findRegionByCode(ctx.db, nameOrCode) : null;
  return [...byName, ...(byCode ? [byCode] : [])].filter((r) => regionInScope(ctx.actor, r.path)).map((r) => presentRegion(r, ctx.actor));
}
