/** 整改事项: create items for a finding (owner, deadline, measures), edit them while pending or returned, delete while pending. */
import type { ItemCreate, ItemOwner, ItemUpdate, RectificationItem } from "../../../contracts/rectification";
import { can } from "../../../core/access";
import { formatDateCn } from "../../../core/dates";
import { canAssign, canDeleteItem, canEditItem, ITEM_STATE_LABEL, ownerLabel, type Owner } from "../../../core/rectification/rules";
import type { DbOrTx } from "../../../db/open";
import { AppError, notFound } from "../../errors";
import type { ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import { assertVersion, beijingToday, factsOfItem, ownerOf, taskInfo, visibleItem, type TaskInfo } from "./access";
import { notifyItem, ownerRecipients, recordItemChange } from "./history";
import { presentItem } from "./presenter";
import * as repo from "./repository";

function assertAssigner(ctx: ServiceContext, task: TaskInfo): void {
  if (!can(ctx.actor, "rectification.assign") || !canAssign(ctx.actor, task)) throw new AppError("FORBIDDEN", "只有市财政局、市住建局或本任务的评价机构可以分派整改事项");
}

/** The owner as stored, checked: a county of the task's city, or a department. */
async function resolveOwner(db: DbOrTx, task: TaskInfo, owner: ItemOwner, field: string) {
  if (owner.kind === "department") return { owner: { kind: "department", department: owner.department } as Owner, countyName: null };
  const county = await repo.findCounty(db, owner.countyId);
  if (!county || !county.path.startsWith(task.regionPath)) throw new AppError("VALIDATION_FAILED", `${field}：责任县区（countyId ${owner.countyId}）不是本任务所在市的县区`);
  return { owner: { kind: "county", countyId: county.id } as Owner, countyName: county.name };
}

const ownerColumns = (o: Owner) => (o.kind === "county" ? { ownerKind: "county" as const, ownerCountyId: o.countyId, ownerDepartment: null } : { ownerKind: "department" as const, ownerCountyId: null, ownerDepartment: o.department });

export async function presentOne(ctx: ServiceContext, id: number, today = beijingToday()): Promise<RectificationItem> {
  const row = await visibleItem(ctx, id);
  return presentItem(row, ctx.actor, factsOfItem(ctx.actor, row), today);
}

export async function createItems(ctx: ServiceContext, findingId: number, input: ItemCreate): Promise<RectificationItem[]> {
  const f = await repo.findFinding(ctx.db, findingId);
  if (!f) throw notFound("问题");
  const task = await taskInfo(ctx, f.finding.taskId);
  assertAssigner(ctx, task);
  const ids = await ctx.db.transaction(async (tx) => {
    const finding = await repo.lockFinding(tx, findingId);
    if (!finding) throw notFound("问题");
    const created: number[] = [];
    for (const [i, it] of input.items.entries()) {
      const { owner, countyName } = await resolveOwner(tx, task, it.owner, `第 ${i + 1} 项`);
      const row = (await repo.insertItem(tx, { findingId, ...ownerColumns(owner), deadline: it.deadline, measures: it.measures, createdBy: ctx.actor.userId || null, createdByName: ctx.actor.displayName }))!;
      const label = ownerLabel(owner, countyName);
      await recordItemChange(tx, ctx, {
        itemId: row.id,
        action: "create",
        toState: "pending",
        note: it.measures,
        countyId: row.ownerCountyId,
        summary: `分派整改事项「${finding.title}」给${label}，整改期限 ${formatDateCn(it.deadline)}`,
        after: { owner: label, deadline: it.deadline, measures: it.measures },
      });
      await notifyItem(tx, await ownerRecipients(tx, owner), row.id, "rectification.assigned", `新的整改事项：${finding.title}`, `整改期限 ${formatDateCn(it.deadline)}。整改措施：${it.measures}`);
      created.push(row.id);
    }
    return created;
  });
  const today = beijingToday();
  return Promise.all(ids.map((id) => presentOne(ctx, id, today)));
}

export async function updateItem(ctx: ServiceContext, id: number, input: ItemUpdate): Promise<RectificationItem> {
  const seen = await visibleItem(ctx, id);
  const task = await taskInfo(ctx, seen.taskId);
  assertAssigner(ctx, task);
  await ctx.db.transaction(async (tx) => {
    const before = await repo.lockItem(tx, id);
    if (!before) throw notFound("整改事项");
    assertVersion("整改事项", before, input.version);
    if (!canEditItem(ctx.actor, task, before.state)) throw new AppError("CONFLICT", `整改事项当前为「${ITEM_STATE_LABEL[before.state]}」，只有「待整改」或「退回」的事项可以修改`);
    const set: Parameters<typeof repo.updateItem>[2] = {};
    let newOwner: { owner: Owner; countyName: string | null } | null = null;
    if (input.owner) {
      newOwner = await resolveOwner(tx, task, input.owner, "责任单位");
      Object.assign(set, ownerColumns(newOwner.owner));
    }
    if (input.deadline) set.deadline = input.deadline;
    if (input.measures) set.measures = input.measures;
    const after = (await repo.updateItem(tx, id, set))!;
    const ownerChanged = newOwner !== null && (before.ownerKind !== after.ownerKind || before.ownerCountyId !== after.ownerCountyId || before.ownerDepartment !== after.ownerDepartment);
    await recordItemChange(tx, ctx, {
      itemId: id,
      action: "edit",
      fromState: before.state,
      toState: before.state,
      note: [ownerChanged ? `责任单位改为${ownerLabel(newOwner!.owner, newOwner!.countyName)}` : "", input.deadline && input.deadline !== before.deadline ? `整改期限改为${formatDateCn(input.deadline)}` : "", input.measures && input.measures !== before.measures ? "修改整改措施" : ""].filter(Boolean).join("；"),
      countyId: after.ownerCountyId ?? before.ownerCountyId,
      summary: `修改整改事项「${seen.findingTitle}」`,
      before: { ownerKind: before.ownerKind, ownerCountyId: before.ownerCountyId, ownerDepartment: before.ownerDepartment, deadline: before.deadline, measures: before.measures },
      after: set,
    });
    if (ownerChanged) await notifyItem(tx, await ownerRecipients(tx, ownerOf(after)), id, "rectification.assigned", `新的整改事项：${seen.findingTitle}`, `整改期限 ${formatDateCn(after.deadline)}。整改措施：${after.measures}`);
  });
  return presentOne(ctx, id);
}

export async function deleteItem(ctx: ServiceContext, id: number): Promise<{ ok: true }> {
  const seen = await visibleItem(ctx, id);
  const task = await taskInfo(ctx, seen.taskId);
  assertAssigner(ctx, task);
  await ctx.db.transaction(async (tx) => {
    const before = await repo.lockItem(tx, id);
    if (!before) throw notFound("整改事项");
    if (!canDeleteItem(ctx.actor, task, before.state)) throw new AppError("CONFLICT", `整改事项当前为「${ITEM_STATE_LABEL[before.state]}」，只有「待整改」的事项可以删除`);
    // The history goes with the item (cascade); the audit chain keeps the deletion.
    await repo.deleteItem(tx, id);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "delete",
      entityType: "rectification_item",
      entityId: id,
      countyId: before.ownerCountyId,
      summary: `删除整改事项「${seen.findingTitle}」（${seen.countyName ?? ownerLabel(ownerOf(before), null)}）`,
      before: { deadline: before.deadline, measures: before.measures },
    });
  });
  return { ok: true };
}

