/** 意见反馈: a county's reply threads on its own sheet, answered by the evaluator or finance. */
import { TASK_STATE_LABEL, type Sheet } from "../../../contracts/evaluations";
import type { IndicatorTree } from "../../../core/scoring/template";
import { AppError, notFound } from "../../errors";
import type { ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import * as repo from "./repository";
import { itemOf } from "./sheets";
import { canReply, scopeOf, visibleTask } from "./access";
import { getSheet } from "./score-sheets";

export const OVERALL_THREAD = "overall";

export async function addComment(ctx: ServiceContext, taskId: number, scopeId: number, code: string, body: string): Promise<Sheet> {
  await ctx.db.transaction(async (tx) => {
    await repo.lockTask(tx, taskId);
    const row = await visibleTask(ctx, taskId, tx);
    const scope = scopeOf(ctx.actor, await repo.listScopes(tx, taskId), scopeId);
    if (!canReply(ctx.actor, row.task, scope.scope)) {
      if (row.task.state !== "reply") throw new AppError("CONFLICT", `只有在「县区意见反馈」阶段才能提出或答复意见（当前为「${TASK_STATE_LABEL[row.task.state]}」）`);
      throw new AppError("FORBIDDEN", "无权执行此操作");
    }
    const item = code === OVERALL_THREAD ? null : itemOf(row.task.tree as IndicatorTree, code);
    if (code !== OVERALL_THREAD && (!item || item.kind === "node")) throw notFound("指标");
    const name = !item ? "总体意见" : item.kind === "leaf" ? item.node.name : item.kind === "adjustment" ? item.adjustment.name : item.kind === "veto" ? item.veto.name : code;
    const side = ctx.actor.role === "county" ? "county" : ctx.actor.role === "evaluator" ? "evaluator" : "finance";
    const c = await repo.insertComment(tx, {
      taskId,
      scopeId,
      code,
      side,
      authorId: ctx.actor.userId || null,
      authorName: `${ctx.actor.displayName}`,
      body,
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "create",
      entityType: "evaluation_comment",
      entityId: c.id,
      countyId: scope.scope.countyId,
      summary: `${side === "county" ? "县区反馈意见" : "答复县区意见"}「${row.task.name}」${scope.name} · ${name}：${body.slice(0, 80)}`,
      after: { code, side, body },
    });
  });
  return getSheet(ctx, taskId, scopeId);
}
