/** 问题: edit (version lock), delete and reorder a task's findings, until the task is final. */
import type { Finding, FindingUpdate } from "../../../contracts/rectification";
import { AppError, notFound } from "../../errors";
import type { ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import { lockTaskState } from "../evaluations/service";
import { assertVersion, taskInfo } from "./access";
import { assertFindingsEditable, presentFindings } from "./record-finding";
import * as repo from "./repository";

/** The finding's task id, if the caller may see the finding (a county only through its items). */
async function taskOfFinding(ctx: ServiceContext, id: number): Promise<number> {
  const f = await repo.findFinding(ctx.db, id);
  if (!f) throw notFound("问题");
  const task = await taskInfo(ctx, f.finding.taskId);
  return task.id;
}

export async function updateFinding(ctx: ServiceContext, id: number, input: FindingUpdate): Promise<Finding> {
  const taskId = await taskOfFinding(ctx, id);
  const task = await ctx.db.transaction(async (tx) => {
    await lockTaskState(tx, taskId);
    const t = await taskInfo(ctx, taskId, tx);
    assertFindingsEditable(ctx, t);
    const before = await repo.lockFinding(tx, id);
    if (!before) throw notFound("问题");
    assertVersion("问题", before, input.version);
    const { version: _v, ...set } = input;
    const after = await repo.updateFinding(tx, id, set);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "update",
      entityType: "finding",
      entityId: id,
      countyId: before.countyId,
      summary: `修改问题「${t.name}」：${after!.title}`,
      before: { title: before.title, description: before.description, category: before.category, severity: before.severity, evidence: before.evidence },
      after: set,
    });
    return t;
  });
  const row = (await repo.findFinding(ctx.db, id))!;
  return (await presentFindings(ctx.db, ctx, task, [row]))[0]!;
}

/** Deletes a finding with its items; refused once any item is being worked on. */
export async function deleteFinding(ctx: ServiceContext, id: number): Promise<{ ok: true }> {
  const taskId = await taskOfFinding(ctx, id);
  await ctx.db.transaction(async (tx) => {
    await lockTaskState(tx, taskId);
    const t = await taskInfo(ctx, taskId, tx);
    assertFindingsEditable(ctx, t);
    const before = await repo.lockFinding(tx, id);
    if (!before) throw notFound("问题");
    const worked = await repo.countItemsOfFinding(tx, id, true);
    if (worked > 0) throw new AppError("CONFLICT", `问题「${before.title}」已有 ${worked} 项整改事项在办理或已办结，不能删除`);
    await repo.deleteFinding(tx, id);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "delete",
      entityType: "finding",
      entityId: id,
      countyId: before.countyId,
      summary: `删除问题「${t.name}」：${before.title}`,
      before: { title: before.title, category: before.category, severity: before.severity },
    });
  });
  return { ok: true };
}

/** Puts a task's findings in the given order (every finding of the task, once). */
export async function reorderFindings(ctx: ServiceContext, taskId: number, ids: number[]): Promise<{ ok: true }> {
  await taskInfo(ctx, taskId);
  await ctx.db.transaction(async (tx) => {
    await lockTaskState(tx, taskId);
    const t = await taskInfo(ctx, taskId, tx);
    assertFindingsEditable(ctx, t);
    const existing = await repo.findingIdsOfTask(tx, taskId);
    const given = new Set(ids);
    if (given.size !== ids.length || given.size !== existing.length || existing.some((x) => !given.has(x)))
      throw new AppError("VALIDATION_FAILED", `排序（ids）须包含本任务的全部 ${existing.length} 个问题，每个一次`);
    await repo.setSortOrders(tx, ids);
    await recordAudit(tx, { actor: ctx.actor, ip: ctx.ip, action: "update", entityType: "finding", entityId: null, summary: `调整问题顺序「${t.name}」`, after: { ids } });
  });
  return { ok: true };
}
