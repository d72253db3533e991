/** 评价任务: list, read, create, configure, delete, and move through its states (评分 → 征求意见 → 定稿 → 重新打开). */
import { can, canSeeFundYear } from "../../../core/access";
import type { DbOrTx } from "../../../db/open";
import { SCOPE_MODE_LABEL, TASK_STATE_LABEL, type Results, type TaskCreate, type TaskDetail, type TaskState, type TaskSummary, type TaskUpdate } from "../../../contracts/evaluations";
import { describeGradeScale, gradeScaleProblems, type GradeScale } from "../../../core/scoring/grades";
import { hasErrors, templateProblems, type IndicatorTree } from "../../../core/scoring/template";
import { formatPoints } from "../../../core/scoring/points";
import { AppError, notFound } from "../../errors";
import type { ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import { openFundYearForWrite } from "../funds/service";
import { METRIC_KEYS } from "./metrics";
import { presentScope, presentTask } from "./presenter";
import * as repo from "./repository";
import { lockVersioned, updateVersioned } from "../../versioned";
import { freezeReport } from "../reports/freeze-report";
import { loadTaskData, sheetsOf, type SheetBody, type TaskData } from "./sheets";
import { canReply, canScore, canSeeTask, advanceOptions, visibleScopes, visibleTask, scopeLabel } from "./access";
import { computeResults } from "./results";
import { listCounties } from "../../../db/queries/reference";

export async function listTasks(ctx: ServiceContext, q: { fundYearId?: number; year?: number }): Promise<TaskSummary[]> {
  const { actor } = ctx;
  const rows = await repo.listTasks(ctx.db, {
    fundYearId: q.fundYearId,
    year: q.year,
    evaluatorOrg: actor.role === "evaluator" ? (actor.organisation ?? "\u0000") : undefined,
    states: actor.role === "county" ? ["reply", "final"] : undefined,
  });
  return rows.filter((r) => canSeeFundYear(actor, r.regionPath) && canSeeTask(actor, r.task)).map(presentTask);
}

function blockersOf(task: repo.TaskRow["task"], scopes: repo.ScopeRow[], bodies: Map<number, SheetBody>): string[] {
  const out: string[] = [];
  if (task.state === "scoring" || task.state === "reply") {
    const incomplete = scopes.filter((s) => !bodies.get(s.scope.id)?.complete);
    if (incomplete.length) {
      const missing = incomplete.reduce((a, s) => a + (bodies.get(s.scope.id)?.missing.length ?? 0), 0);
      out.push(`${incomplete.map(scopeLabel).join("、")}尚有 ${missing} 项未评分`);
    }
  }
  if (task.state === "reply") {
    const waiting = scopes
      .map((s) => ({ s, n: presentScope(s, bodies.get(s.scope.id)!).awaitingAnswer }))
      .filter((x) => x.n > 0);
    if (waiting.length) out.push(`${waiting.map((x) => `${x.s.name} ${x.n} 条`).join("、")}县区意见尚未答复`);
  }
  return out;
}

export async function getTask(ctx: ServiceContext, id: number): Promise<TaskDetail> {
  const row = await visibleTask(ctx, id);
  const data = await loadTaskData(ctx.db, row);
  const bodies = await sheetsOf(ctx.db, data);
  const scopes = visibleScopes(ctx.actor, data.scopes);
  const scale = row.task.gradeScale as GradeScale;
  const advance = advanceOptions(ctx.actor, row.task);
  return {
    ...presentTask(row),
    scopes: scopes.map((s) => presentScope(s, bodies.get(s.scope.id)!)),
    gradeScale: scale,
    gradeScaleDescription: describeGradeScale(scale),
    gradeScaleId: row.task.gradeScaleId,
    can: {
      manage: can(ctx.actor, "evaluation.manage") && row.task.state !== "final",
      score: canScore(ctx.actor, row.task),
      reply: scopes.some((s) => canReply(ctx.actor, row.task, s.scope)),
      advanceTo: advance,
    },
    blockers: advance.length ? blockersOf(row.task, data.scopes, bodies) : [],
  };
}

async function loadScale(db: DbOrTx, id: number) {
  const r = await repo.findGradeScale(db, id);
  if (!r) throw notFound("等级标准");
  const scale = r.definition as GradeScale;
  const problems = gradeScaleProblems(scale);
  if (problems.length) throw new AppError("VALIDATION_FAILED", `等级标准「${scale.name}」有误：${problems.join("；")}`);
  return { row: r, scale };
}

async function loadUsableTemplate(db: DbOrTx, id: number) {
  const t = await repo.findTemplate(db, id);
  if (!t) throw notFound("指标体系模板");
  if (t.status === "draft") throw new AppError("CONFLICT", `模板「${t.name}」第 ${t.version} 版尚未发布，请先发布后再用于评价任务`);
  const tree = t.tree as IndicatorTree;
  const problems = templateProblems(tree, { metricKeys: METRIC_KEYS }).filter((p) => p.level === "error");
  if (problems.length) throw new AppError("CONFLICT", `模板「${t.name}」未通过校验：${problems.map((p) => p.message).join("；")}`);
  return { row: t, tree };
}

export async function createTask(ctx: ServiceContext, input: TaskCreate): Promise<TaskDetail> {
  const id = await ctx.db.transaction(async (tx) => {
    const { row: fy } = await openFundYearForWrite({ db: tx, actor: ctx.actor }, input.fundYearId);
    // One query after another: a transaction handle runs one statement at a time.
    const template = await loadUsableTemplate(tx, input.templateId);
    const scale = await loadScale(tx, input.gradeScaleId);
    const counties = await listCounties(tx, fy.fy.regionId);
    const offsite = new Set(input.offsiteCountyIds);
    const unknown = input.offsiteCountyIds.filter((c) => !counties.some((x) => x.id === c));
    if (unknown.length) throw new AppError("VALIDATION_FAILED", "非现场评价的县区不属于该资金年度的地区");
    const task = await repo.insertTask(tx, {
      fundYearId: fy.fy.id,
      name: input.name,
      templateId: template.row.id,
      templateName: template.row.name,
      templateVersion: template.row.version,
      tree: template.tree,
      gradeScaleId: scale.row.id,
      gradeScale: scale.scale,
      asOf: input.asOf ?? fy.fy.evaluationDate,
      evaluatorOrg: input.evaluatorOrg,
      overallMethod: input.overallMethod,
      createdBy: ctx.actor.userId || null,
    });
    await repo.insertScopes(tx, [
      { taskId: task.id, regionId: fy.fy.regionId, countyId: null, mode: "onsite", sortOrder: 0 },
      ...counties.map((c, i) => ({ taskId: task.id, regionId: c.id, countyId: c.id, mode: offsite.has(c.id) ? ("offsite" as const) : ("onsite" as const), sortOrder: i + 1 })),
    ]);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "create",
      entityType: "evaluation_task",
      entityId: task.id,
      summary: `创建评价任务「${task.name}」：模板「${template.row.name}」第 ${template.row.version} 版，等级标准「${scale.scale.name}」，评价机构 ${task.evaluatorOrg}，${counties.length + 1} 个评价范围`,
      after: { name: task.name, templateId: template.row.id, gradeScaleId: scale.row.id, asOf: task.asOf, evaluatorOrg: task.evaluatorOrg, overallMethod: task.overallMethod },
    });
    return task.id;
  });
  return getTask(ctx, id);
}

export async function updateTask(ctx: ServiceContext, id: number, input: TaskUpdate): Promise<TaskDetail> {
  await ctx.db.transaction(async (tx) => {
    await repo.lockTask(tx, id);
    const row = await visibleTask(ctx, id, tx);
    const t = row.task;
    if (t.state === "final") throw new AppError("CONFLICT", "任务已定稿，不能再修改");
    const draftOnly = (field: string) => {
      if (t.state !== "draft") throw new AppError("CONFLICT", `评分开始后不能再修改${field}（会改变已评分的依据）`);
    };
    const set: Partial<typeof t> = {};
    if (input.name !== undefined) set.name = input.name;
    if (input.overallMethod !== undefined) set.overallMethod = input.overallMethod;
    if (input.evaluatorOrg !== undefined && input.evaluatorOrg !== t.evaluatorOrg) set.evaluatorOrg = input.evaluatorOrg;
    if (input.asOf !== undefined && input.asOf !== t.asOf) {
      draftOnly("评价日");
      set.asOf = input.asOf;
    }
    if (input.templateId !== undefined && input.templateId !== t.templateId) {
      draftOnly("指标体系");
      const template = await loadUsableTemplate(tx, input.templateId);
      Object.assign(set, { templateId: template.row.id, templateName: template.row.name, templateVersion: template.row.version, tree: template.tree });
    }
    if (input.gradeScaleId !== undefined && input.gradeScaleId !== t.gradeScaleId) {
      draftOnly("等级标准");
      const scale = await loadScale(tx, input.gradeScaleId);
      Object.assign(set, { gradeScaleId: scale.row.id, gradeScale: scale.scale });
    }
    const scopes = await repo.listScopes(tx, id);
    const modeChanges = (input.scopes ?? []).filter((c) => {
      const s = scopes.find((x) => x.scope.id === c.id);
      if (!s) throw new AppError("VALIDATION_FAILED", "评价范围不属于该任务");
      return s.scope.mode !== c.mode;
    });
    if (Object.keys(set).length === 0 && modeChanges.length === 0) {
      // Nothing to write; a stale version is still told, not taken as saved.
      await lockVersioned(tx, repo.TASK, repo.taskKey(id), input.version);
      return;
    }
    // Only the fields that change are written, over the version the user saw (a scope's mode is part of it).
    await updateVersioned(tx, repo.TASK, { where: repo.taskKey(id), expected: input.version, actorId: ctx.actor.userId || null, set });
    for (const c of modeChanges) await repo.updateScope(tx, c.id, { mode: c.mode });
    const before = Object.fromEntries(Object.keys(set).map((k) => [k, k === "tree" ? `第 ${t.templateVersion} 版` : (t as Record<string, unknown>)[k]]));
    const after = Object.fromEntries(Object.entries(set).map(([k, v]) => [k, k === "tree" ? `第 ${set.templateVersion} 版` : v]));
    const modeText = modeChanges.map((c) => `${scopes.find((s) => s.scope.id === c.id)!.name}改为${SCOPE_MODE_LABEL[c.mode]}`);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "update",
      entityType: "evaluation_task",
      entityId: id,
      summary: `修改评价任务「${t.name}」：${[...Object.keys(after).filter((k) => k !== "tree" && k !== "templateName").map((k) => FIELD_LABEL[k] ?? k), ...modeText].join("、")}`,
      before: { ...before, modes: modeChanges.map((c) => ({ scope: c.id, mode: scopes.find((s) => s.scope.id === c.id)!.scope.mode })) },
      after: { ...after, modes: modeChanges },
    });
  });
  return getTask(ctx, id);
}

const FIELD_LABEL: Record<string, string> = {
  name: "名称",
  overallMethod: "区域总体得分方式",
  evaluatorOrg: "评价机构",
  asOf: "评价日",
  templateId: "指标体系",
  templateVersion: "模板版本",
  gradeScaleId: "等级标准",
  gradeScale: "等级标准内容",
};

export async function deleteTask(ctx: ServiceContext, id: number): Promise<{ ok: true }> {
  await ctx.db.transaction(async (tx) => {
    await repo.lockTask(tx, id);
    const row = await visibleTask(ctx, id, tx);
    if (row.task.state !== "draft") throw new AppError("CONFLICT", "只能删除草稿状态的评价任务");
    await repo.deleteTask(tx, id);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "delete",
      entityType: "evaluation_task",
      entityId: id,
      summary: `删除草稿评价任务「${row.task.name}」`,
      before: { name: row.task.name },
    });
  });
  return { ok: true };
}

const ADVANCE_ACTION: Record<string, { action: string; text: string }> = {
  "draft>scoring": { action: "update", text: "开始评分" },
  "scoring>reply": { action: "submit", text: "发送县区征求意见" },
  "reply>scoring": { action: "return", text: "退回评分修改" },
  "reply>final": { action: "approve", text: "定稿" },
  "final>scoring": { action: "reopen", text: "重新打开" },
};

/**
 * Moves a task on. Sending for feedback and finalising need every sheet complete; finalising also
 * needs every county reply answered, and stores each scope's sheet and the results as they are now.
 */
export async function advanceTask(ctx: ServiceContext, id: number, to: TaskState, note?: string): Promise<TaskDetail> {
  await ctx.db.transaction(async (tx) => {
    await repo.lockTask(tx, id);
    const row = await visibleTask(ctx, id, tx);
    const from = row.task.state;
    const step = ADVANCE_ACTION[`${from}>${to}`];
    if (!step) throw new AppError("CONFLICT", `任务当前为「${TASK_STATE_LABEL[from]}」，不能改为「${TASK_STATE_LABEL[to]}」`);
    if (!advanceOptions(ctx.actor, row.task).includes(to)) throw new AppError("FORBIDDEN", "无权执行此操作");
    if (from === "final" && !note?.trim()) throw new AppError("VALIDATION_FAILED", "重新打开已定稿的任务须写明理由");
    if (to === "scoring" && from === "draft") {
      const problems = templateProblems(row.task.tree as IndicatorTree, { metricKeys: METRIC_KEYS });
      if (hasErrors(problems)) throw new AppError("CONFLICT", `指标体系未通过校验：${problems.filter((p) => p.level === "error").map((p) => p.message).join("；")}`);
    }
    let finalResults: Results | null = null;
    let reportVersion: number | null = null;
    let bodies: Map<number, SheetBody> | null = null;
    let data: TaskData | null = null;
    if (to === "reply" || to === "final") {
      data = await loadTaskData(tx, row);
      bodies = await sheetsOf(tx, data);
      const blockers = blockersOf(row.task, data.scopes, bodies).filter((b) => to === "final" || !b.includes("意见"));
      if (blockers.length) throw new AppError("CONFLICT", `${step.text}前请先处理：${blockers.join("；")}`);
    }
    if (to === "final") {
      const finalisedAt = new Date();
      for (const s of data!.scopes) {
        await repo.updateScope(tx, s.scope.id, { finalSheet: { ...bodies!.get(s.scope.id)!, live: false, computedAt: finalisedAt.toISOString() } });
      }
      const finalRow = { ...row, task: { ...row.task, state: "final" as const, finalizedAt: finalisedAt, finalizedBy: ctx.actor.displayName } };
      finalResults = await computeResults(tx, finalRow, data!, bodies!);
      await repo.updateTask(tx, id, { state: "final", finalResults, finalizedAt: finalisedAt, finalizedBy: ctx.actor.displayName });
      reportVersion = await freezeReport({ ...ctx, db: tx }, id);
    } else if (from === "final") {
      // Back to live sheets: the stored ones and the results are kept in the frozen report and the audit trail.
      for (const s of await repo.listScopes(tx, id)) await repo.updateScope(tx, s.scope.id, { finalSheet: null });
      await repo.updateTask(tx, id, { state: to, finalResults: null, finalizedAt: null, finalizedBy: null });
    } else await repo.updateTask(tx, id, { state: to });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: step.action,
      entityType: "evaluation_task",
      entityId: id,
      summary: `评价任务「${row.task.name}」${step.text}${finalResults?.overall.score != null ? `：总体得分 ${formatPoints(finalResults.overall.score)} 分（${finalResults.overall.grade}）` : ""}${reportVersion !== null ? `，评价报告定稿第 ${reportVersion} 版` : ""}${note ? `。说明：${note}` : ""}`,
      before: { state: from },
      after: { state: to, note: note ?? null },
    });
  });
  return getTask(ctx, id);
}

/** Locks a task's row for the rest of the transaction and returns its state (for writes that depend on it). */
export async function lockTaskState(tx: DbOrTx, id: number): Promise<TaskState> {
  await repo.lockTask(tx, id);
  const row = await repo.findTask(tx, id);
  if (!row) throw notFound("评价任务");
  return row.task.state;
}

/** The latest task of a year that the caller may see (for the CLI). */
export async function latestTaskOfYear(ctx: ServiceContext, year: number) {
  const tasks = await listTasks(ctx, { year });
  return tasks[0] ?? null;
}
