/** 整改: start, submit, accept or return an item, each in one transaction with its history row, audit record and notifications. */
import type { ItemTransition, RectificationItem } from "../../../contracts/rectification";
import { can, type Permission } from "../../../core/access";
import { ACTION_LABEL, ITEM_STATE_LABEL, ownerLabel, transition } from "../../../core/rectification/rules";
import { AppError, notFound } from "../../errors";
import type { ServiceContext } from "../../context";
import { assertVersion, ownerOf, visibleItem } from "./access";
import { presentOne } from "./assign-items";
import { notifyItem, ownerRecipients, recordItemChange, verifierRecipients } from "./history";
import * as repo from "./repository";

const PERMISSION: Record<ItemTransition["action"], Permission> = { start: "rectification.work", submit: "rectification.work", accept: "rectification.verify", return: "rectification.verify" };

export async function transitionItem(ctx: ServiceContext, id: number, input: ItemTransition): Promise<RectificationItem> {
  const seen = await visibleItem(ctx, id);
  if (!can(ctx.actor, PERMISSION[input.action])) throw new AppError("FORBIDDEN", input.action === "start" || input.action === "submit" ? "只有责任单位可以开始整改或提交整改情况" : "只有市住建局或市财政局可以验收或退回整改事项");
  await ctx.db.transaction(async (tx) => {
    const before = await repo.lockItem(tx, id);
    if (!before) throw notFound("整改事项");
    const owner = ownerOf(before);
    const note = input.note?.trim() ?? "";
    const progress = input.progress?.trim() ?? "";
    const outcome = transition(ctx.actor, owner, { state: before.state, action: input.action, evidenceCount: await repo.countEvidence(tx, id), progress, note });
    // Who may comes before the version: a stranger learns nothing from a 409.
    if (!outcome.ok && outcome.code === "FORBIDDEN") throw new AppError("FORBIDDEN", outcome.message);
    assertVersion("整改事项", before, input.version);
    if (!outcome.ok) throw new AppError(outcome.code, outcome.message, outcome.field ? [{ row: null, column: outcome.field, message: outcome.message }] : undefined);
    const to = outcome.to;
    const now = new Date();
    const set: Parameters<typeof repo.updateItem>[2] = { state: to };
    if (input.action === "submit") Object.assign(set, { progress, submittedAt: now });
    if (input.action === "accept") Object.assign(set, { verifiedAt: now, verifiedByName: ctx.actor.displayName });
    await repo.updateItem(tx, id, set);
    const label = ownerLabel(owner, seen.countyName);
    const historyNote = input.action === "submit" ? progress : note;
    await recordItemChange(tx, ctx, {
      itemId: id,
      action: input.action,
      fromState: before.state,
      toState: to,
      note: historyNote,
      countyId: before.ownerCountyId,
      summary: `${ACTION_LABEL[input.action]}整改事项「${seen.findingTitle}」（${label}）：${ITEM_STATE_LABEL[before.state]} → ${ITEM_STATE_LABEL[to]}${historyNote ? `，${historyNote.slice(0, 100)}` : ""}`,
      before: { state: before.state },
      after: { state: to, ...(historyNote ? { note: historyNote } : {}) },
    });
    if (input.action === "submit")
      await notifyItem(tx, await verifierRecipients(tx, owner), id, "rectification.submitted", `整改待验收：${seen.findingTitle}`, `${label}已提交整改情况：${progress.slice(0, 200)}`);
    if (input.action === "return")
      await notifyItem(tx, await ownerRecipients(tx, owner), id, "rectification.returned", `整改被退回：${seen.findingTitle}`, `${ctx.actor.displayName}退回了整改情况，理由：${note}`);
    if (input.action === "accept")
      await notifyItem(tx, await ownerRecipients(tx, owner), id, "rectification.accepted", `整改已验收：${seen.findingTitle}`, `${ctx.actor.displayName}已验收${note ? `，意见：${note}` : ""}`);
  });
  return presentOne(ctx, id);
}
