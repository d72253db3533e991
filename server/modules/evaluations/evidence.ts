/** 佐证材料: evidence files of a leaf, by the evaluator or by a county replying. */
import crypto from "node:crypto";
import path from "node:path";
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES, EVIDENCE_TYPES } from "../../../contracts/evaluations";
import type { IndicatorTree } from "../../../core/scoring/template";
import { AppError, notFound } from "../../errors";
import type { ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import * as repo from "./repository";
import { itemOf, presentEvidence } from "./sheets";
import { canReply, canScore, scopeOf, visibleTask } from "./access";
import { OVERALL_THREAD } from "./replies";

export interface EvidenceUpload {
  taskId: number;
  scopeId: number;
  code: string;
  fileName: string;
  mimeType: string;
  data: Buffer;
}

export async function uploadEvidence(ctx: ServiceContext, u: EvidenceUpload) {
  const ext = path.extname(u.fileName).toLowerCase();
  if (!EVIDENCE_TYPES.includes(ext)) throw new AppError("VALIDATION_FAILED", `不支持的文件类型「${ext || "无扩展名"}」，可上传：${EVIDENCE_TYPES.join(" ")}`);
  if (u.data.length === 0) throw new AppError("VALIDATION_FAILED", `文件 ${u.fileName} 是空文件`);
  if (u.data.length > EVIDENCE_MAX_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", `文件 ${u.fileName} 超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB`);
  const saved = await ctx.db.transaction(async (tx) => {
    await repo.lockTask(tx, u.taskId);
    const row = await visibleTask(ctx, u.taskId, tx);
    const scope = scopeOf(ctx.actor, await repo.listScopes(tx, u.taskId), u.scopeId);
    const side = ctx.actor.role === "county" ? ("county" as const) : ("evaluator" as const);
    const allowed = side === "county" ? canReply(ctx.actor, row.task, scope.scope) : canScore(ctx.actor, row.task);
    if (!allowed) {
      if (row.task.state === "final") throw new AppError("CONFLICT", "任务已定稿，不能再上传佐证材料");
      throw new AppError(row.task.state === "draft" ? "CONFLICT" : "FORBIDDEN", row.task.state === "draft" ? "任务尚未开始评分" : "无权执行此操作");
    }
    const item = u.code === OVERALL_THREAD ? null : itemOf(row.task.tree as IndicatorTree, u.code);
    if (u.code !== OVERALL_THREAD && (!item || item.kind === "node")) throw notFound("指标");
    if ((await repo.countEvidence(tx, u.scopeId, u.code)) >= EVIDENCE_MAX_FILES) throw new AppError("CONFLICT", `每项指标最多上传 ${EVIDENCE_MAX_FILES} 个佐证文件`);
    const sha256 = crypto.createHash("sha256").update(u.data).digest("hex");
    const e = await repo.insertEvidence(tx, {
      taskId: u.taskId,
      scopeId: u.scopeId,
      code: u.code,
      fileName: u.fileName,
      mimeType: u.mimeType || "application/octet-stream",
      sizeBytes: u.data.length,
      sha256,
      data: u.data,
      side,
      uploadedBy: ctx.actor.userId || null,
      uploadedByName: ctx.actor.displayName,
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "create",
      entityType: "evaluation_evidence",
      entityId: e.id,
      countyId: scope.scope.countyId,
      summary: `上传佐证材料「${row.task.name}」${scope.name} · ${item ? (item.kind === "leaf" ? item.node.name : item.kind === "adjustment" ? item.adjustment.name : item.kind === "veto" ? item.veto.name : u.code) : "总体意见"}：${u.fileName}（${Math.ceil(u.data.length / 1024)} KB，SHA-256 ${sha256.slice(0, 12)}…）`,
      after: { fileName: u.fileName, sizeBytes: u.data.length, sha256 },
    });
    return e;
  });
  return presentEvidence(saved);
}

/** The file of an evidence record, if the caller may see its scope. */
export async function downloadEvidence(ctx: ServiceContext, id: number) {
  const e = await repo.findEvidence(ctx.db, id, true);
  if (!e) throw notFound("佐证材料");
  await visibleTask(ctx, e.taskId);
  scopeOf(ctx.actor, await repo.listScopes(ctx.db, e.taskId), e.scopeId);
  return { fileName: e.fileName, mimeType: e.mimeType, data: e.data! };
}

export async function deleteEvidence(ctx: ServiceContext, id: number): Promise<{ ok: true }> {
  await ctx.db.transaction(async (tx) => {
    const e = await repo.findEvidence(tx, id, false);
    if (!e) throw notFound("佐证材料");
    await repo.lockTask(tx, e.taskId);
    const row = await visibleTask(ctx, e.taskId, tx);
    const scope = scopeOf(ctx.actor, await repo.listScopes(tx, e.taskId), e.scopeId);
    if (row.task.state === "final") throw new AppError("CONFLICT", "任务已定稿，佐证材料不能删除");
    const mine = ctx.actor.role === "county" ? e.side === "county" && canReply(ctx.actor, row.task, scope.scope) : e.side === "evaluator" && canScore(ctx.actor, row.task);
    if (!mine) throw new AppError("FORBIDDEN", "无权执行此操作");
    await repo.deleteEvidence(tx, id);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "delete",
      entityType: "evaluation_evidence",
      entityId: id,
      countyId: scope.scope.countyId,
      summary: `删除佐证材料「${row.task.name}」${scope.name}：${e.fileName}`,
      before: { fileName: e.fileName, sizeBytes: e.sizeBytes, sha256: e.sha256 },
    });
  });
  return { ok: true };
}
