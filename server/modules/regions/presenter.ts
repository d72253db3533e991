/** The fields of a region a client sees. */
import { regionInScope, type Actor } from "../../../core/access";
import { REGION_LEVEL_LABEL } from "../../../core/regions";
import type { Region } from "../../../contracts/regions";
import type { RegionRow } from "./repository";

export function presentRegion(r: RegionRow, actor: Actor): Region {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    level: r.level,
    levelLabel: REGION_LEVEL_LABEL[r.level],
    parentId: r.parentId,
    path: r.path,
    retired: r.retiredAt !== null,
    sortOrder: r.sortOrder,
    inScope: regionInScope(actor, r.path),
  };
}

/** 临沂市（371300） */
export const regionTitle = (r: Pick<RegionRow, "name" | "code">) => `${r.name}（${r.code}）`;
