/** 整改佐证: the owner uploads files to an item (before it is submitted, or after a return), anyone who sees the item downloads them. */
import crypto from "node:crypto";
import path from "node:path";
import { EVIDENCE_TYPES } from "../../../contracts/evaluations";
import { RECTIFICATION_LIMITS } from "../../../contracts/rectification";
import { can } from "../../../core/access";
import { canWorkEvidence, isOwner, ITEM_STATE_LABEL } from "../../../core/rectification/rules";
import { AppError, notFound } from "../../errors";
import type { ServiceContext } from "../../context";
import { ownerOf, visibleItem } from "./access";
import { recordItemChange } from "./history";
import { presentEvidence } from "./presenter";
import * as repo from "./repository";

/** Files per item: enough for a rectification's photos and documents. */
export const ITEM_EVIDENCE_MAX_FILES = 30;

export interface ItemEvidenceUpload {
  itemId: number;
  fileName: string;
  mimeType: string;
  data: Buffer;
}

function assertWork(ctx: ServiceContext, item: repo.ItemRecord): void {
  const owner = ownerOf(item);
  if (!can(ctx.actor, "rectification.work") || !isOwner(ctx.actor, owner)) throw new AppError("FORBIDDEN", "只有责任单位可以上传或删除整改佐证材料");
  if (!canWorkEvidence(ctx.actor, owner, item.state)) throw new AppError("CONFLICT", `整改事项当前为「${ITEM_STATE_LABEL[item.state]}」，提交后不能再更改佐证材料`);
}

export async function uploadItemEvidence(ctx: ServiceContext, u: ItemEvidenceUpload) {
  const ext = path.extname(u.fileName).toLowerCase();
  if (!EVIDENCE_TYPES.includes(ext)) throw new AppError("VALIDATION_FAILED", `不支持的文件类型「${ext || "无扩展名"}」，可上传：${EVIDENCE_TYPES.join(" ")}`);
  if (u.data.length === 0) throw new AppError("VALIDATION_FAILED", `文件 ${u.fileName} 是空文件`);
  if (u.data.length > RECTIFICATION_LIMITS.evidenceBytes) throw new AppError("PAYLOAD_TOO_LARGE", `文件 ${u.fileName} 超过 ${RECTIFICATION_LIMITS.evidenceBytes / 1024 / 1024} MB`);
  const seen = await visibleItem(ctx, u.itemId);
  const saved = await ctx.db.transaction(async (tx) => {
    const item = await repo.lockItem(tx, u.itemId);
    if (!item) throw notFound("整改事项");
    assertWork(ctx, item);
    if ((await repo.countEvidence(tx, item.id)) >= ITEM_EVIDENCE_MAX_FILES) throw new AppError("CONFLICT", `每项整改事项最多上传 ${ITEM_EVIDENCE_MAX_FILES} 个佐证文件`);
    const sha256 = crypto.createHash("sha256").update(u.data).digest("hex");
    const e = await repo.insertEvidence(tx, {
      itemId: item.id,
      fileName: u.fileName,
      mimeType: u.mimeType || "application/octet-stream",
      sizeBytes: u.data.length,
      sha256,
      data: u.data,
      uploadedBy: ctx.actor.userId || null,
      uploadedByName: ctx.actor.displayName,
    });
    await recordItemChange(tx, ctx, {
      itemId: item.id,
      action: "evidence",
      note: u.fileName,
      countyId: item.ownerCountyId,
      summary: `上传整改佐证「${seen.findingTitle}」：${u.fileName}（${Math.ceil(u.data.length / 1024)} KB，SHA-256 ${sha256.slice(0, 12)}…）`,
      after: { fileName: u.fileName, sizeBytes: u.data.length, sha256 },
    });
    return e;
  });
  return presentEvidence(saved);
}

export async function listItemEvidence(ctx: ServiceContext, itemId: number) {
  await visibleItem(ctx, itemId);
  return (await repo.listEvidence(ctx.db, itemId)).map(presentEvidence);
}

/** The file of an evidence record, if the caller may see its item. */
export async function downloadItemEvidence(ctx: ServiceContext, id: number) {
  const e = await repo.findEvidence(ctx.db, id);
  if (!e) throw notFound("佐证材料");
  await visibleItem(ctx, e.itemId);
  return { fileName: e.fileName, mimeType: e.mimeType, data: e.data };
}

export async function deleteItemEvidence(ctx: ServiceContext, id: number): Promise<{ ok: true }> {
  const e = await repo.findEvidence(ctx.db, id);
  if (!e) throw notFound("佐证材料");
  const seen = await visibleItem(ctx, e.itemId);
  await ctx.db.transaction(async (tx) => {
    const item = await repo.lockItem(tx, e.itemId);
    if (!item) throw notFound("整改事项");
    assertWork(ctx, item);
    await repo.deleteEvidence(tx, id);
    await recordItemChange(tx, ctx, {
      itemId: item.id,
      action: "evidence_delete",
      note: e.fileName,
      countyId: item.ownerCountyId,
      summary: `删除整改佐证「${seen.findingTitle}」：${e.fileName}`,
      before: { fileName: e.fileName, sizeBytes: e.sizeBytes, sha256: e.sha256 },
    });
  });
  return { ok: true };
}
