/** A region by name for the command line (the regions module owns editing them). */
import type { ServiceContext } from "../../context";
import { regionInScope } from "../../../core/access";
import { AppError } from "../../errors";
import * as repo from "./repository";

export async function findRegionByName(ctx: Pick<ServiceContext, "db" | "actor">, name: string) {
  const rows = (await repo.findRegionsByName(ctx.db, name)).filter((r) => regionInScope(ctx.actor, r.path) && (r.level === "city" || r.level === "province"));
  if (!rows.length) throw new AppError("NOT_FOUND", `找不到市或省「${name}」`);
  const inUse = rows.filter((r) => !r.retiredAt);
  if (inUse.length > 1) throw new AppError("CONFLICT", `有多个名为「${name}」的地区（编码 ${inUse.map((r) => r.code).join("、")}）`);
  return inUse[0] ?? rows[0];
}
