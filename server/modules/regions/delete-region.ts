import { REGION_LEVEL_LABEL } from "../../../core/regions";
import type { ServiceContext } from "../../context";
import { AppError } from "../../errors";
import { recordAudit } from "../audit/record";
import { regionTitle } from "./presenter";
import * as repo from "./repository";
import { assertNotOwnRegion, regionInActorScope } from "./scope";
import { regionUsage } from "./usage";

/** 删除: only a region nothing refers to (no sub-region, fund year, ledger row, account …); else 撤销. */
export async function deleteRegion(ctx: ServiceContext, regionId: number): Promise<{ deleted: true; summary: string }> {
  return ctx.db.transaction(async (tx) => {
    await repo.lockRegions(tx);
    const r = await regionInActorScope(tx, ctx.actor, regionId);
    assertNotOwnRegion(ctx.actor, r, "删除");
    const usage = await regionUsage(tx, r.id);
    if (usage.length) throw new AppError("CONFLICT", `「${r.name}」已有数据（${usage.map((u) => u.text).join("、")}），不能删除，只能撤销`);
    await repo.deleteRegion(tx, r.id);
    const summary = `删除${REGION_LEVEL_LABEL[r.level]}区划：${regionTitle(r)}`;
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "delete",
      entityType: "region",
      entityId: r.id,
      summary,
      before: { code: r.code, name: r.name, level: r.level, parentId: r.parentId },
    });
    return { deleted: true as const, summary };
  });
}
