/**
 * 绩效评价 use cases: tasks and their states, score sheets (live or final), the evaluator's entries,
 * evidence, county replies, results (Table 1, Table 2, overall), explanations and what-if.
 *
 * Who sees what: finance, housing and audit see every task; an evaluator the tasks of their own
 * organisation; a county its own sheet, once the task is sent for feedback (县区意见反馈) or final.
 */
import crypto from "node:crypto";
import path from "node:path";
import type { Actor } from "../../../core/access";
import { can } from "../../../core/access";
import type { DbOrTx } from "../../../db/open";
import {
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MAX_FILES,
  EVIDENCE_TYPES,
  SCOPE_MODE_LABEL,
  TASK_STATE_LABEL,
  type EntryUpdate,
  type Results,
  type Sheet,
  type TaskCreate,
  type TaskDetail,
  type TaskState,
  type TaskSummary,
  type TaskUpdate,
  type WhatIfResult,
} from "../../../contracts/evaluations";
import { computeSheet } from "../../../core/scoring/sheet";
import type { LeafFacts } from "../../../core/scoring/rules";
import { describeGradeScale, gradeOf, gradeScaleProblems, type GradeScale } from "../../../core/scoring/grades";
import { hasErrors, templateProblems, type IndicatorTree } from "../../../core/scoring/template";
import { meanScore, OVERALL_METHOD_LABEL, OVERALL_METHODS, rankScores, weightedMeanScore, type OverallMethod } from "../../../core/scoring/aggregate";
import { registryCounts } from "../../../core/scoring/registry-counts";
import { formatPoints, type Centi } from "../../../core/scoring/points";
import { AppError, notFound } from "../../errors";
import { FORBIDDEN_COUNTY, type ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import { ledgerByKeys } from "../funds/repository";
import { resolveFundYear } from "../funds/service";
import { METRIC_KEYS } from "./metrics";
import { presentScope, presentScopeResult, presentTask } from "./presenter";
import * as repo from "./repository";
import { freezeReport } from "../reports/freeze-report";
import { inputOfBody, itemOf, loadTaskData, presentComment, presentEvidence, sheetsOf, type SheetBody, type TaskData } from "./sheets";

// ---- who may do what -------------------------------------------------------------------------

const CITY_WIDE = new Set(["system", "finance", "housing", "auditor"]);

function orgMatches(actor: Actor, task: { evaluatorOrg: string }): boolean {
  return actor.role === "system" || (actor.role === "evaluator" && actor.organisation !== null && actor.organisation === task.evaluatorOrg);
}

function canSeeTask(actor: Actor, task: { evaluatorOrg: string; state: TaskState }): boolean {
  if (CITY_WIDE.has(actor.role)) return true;
  if (actor.role === "evaluator") return orgMatches(actor, task);
  if (actor.role === "county") return task.state === "reply" || task.state === "final";
  return false;
}

function canScore(actor: Actor, task: { evaluatorOrg: string; state: TaskState }): boolean {
  return (actor.role === "system" || can(actor, "evaluation.score")) && orgMatches(actor, task) && (task.state === "scoring" || task.state === "reply");
}

function canReply(actor: Actor, task: { evaluatorOrg: string; state: TaskState }, scope: { countyId: number | null }): boolean {
  if (task.state !== "reply" || !can(actor, "evaluation.reply")) return false;
  if (actor.role === "county") return scope.countyId !== null && scope.countyId === actor.countyId;
  if (actor.role === "evaluator") return orgMatches(actor, task);
  return actor.role === "finance" || actor.role === "system";
}

/** The next states the actor may move the task to. */
function advanceOptions(actor: Actor, task: { evaluatorOrg: string; state: TaskState }): TaskState[] {
  const manage = can(actor, "evaluation.manage");
  const evaluator = orgMatches(actor, task);
  switch (task.state) {
    case "draft":
      return manage ? ["scoring"] : [];
    case "scoring":
      return manage || evaluator ? ["reply"] : [];
    case "reply":
      return [...(manage || evaluator ? (["scoring"] as const) : []), ...(manage ? (["final"] as const) : [])];
    case "final":
      // 重新打开: finance only, with a reason; the report frozen at finalisation stays as a version.
      return manage ? ["scoring"] : [];
  }
}

async function visibleTask(ctx: ServiceContext, id: number, db: DbOrTx = ctx.db) {
  const row = await repo.findTask(db, id);
  // A task the caller may not see does not exist for them.
  if (!row || !canSeeTask(ctx.actor, row.task)) throw notFound("评价任务");
  return row;
}

/** The scopes an actor sees: a county user only their own county's. */
function visibleScopes(actor: Actor, scopes: repo.ScopeRow[]): repo.ScopeRow[] {
  if (actor.role !== "county") return scopes;
  return scopes.filter((s) => s.scope.countyId !== null && s.scope.countyId === actor.countyId);
}

function scopeOf(actor: Actor, scopes: repo.ScopeRow[], scopeId: number): repo.ScopeRow {
  const s = scopes.find((x) => x.scope.id === scopeId);
  if (!s) throw notFound("评价范围");
  if (actor.role === "county" && (s.scope.countyId === null || s.scope.countyId !== actor.countyId)) throw new AppError("FORBIDDEN", FORBIDDEN_COUNTY);
  return s;
}

const scopeLabel = (s: repo.ScopeRow) => s.name;

// ---- tasks -----------------------------------------------------------------------------------

export async function listTasks(ctx: ServiceContext, q: { fundYearId?: number; year?: number }): Promise<TaskSummary[]> {
  const { actor } = ctx;
  const rows = await repo.listTasks(ctx.db, {
    fundYearId: q.fundYearId,
    year: q.year,
    evaluatorOrg: actor.role === "evaluator" ? (actor.organisation ?? "\u0000") : undefined,
    states: actor.role === "county" ? ["reply", "final"] : undefined,
  });
  return rows.filter((r) => canSeeTask(actor, r.task)).map(presentTask);
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
    const { row: fy } = await resolveFundYear(tx, input.fundYearId);
    const [template, scale, counties] = await Promise.all([
      loadUsableTemplate(tx, input.templateId),
      loadScale(tx, input.gradeScaleId),
      repo.countiesOf(tx, fy.fy.regionId),
    ]);
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
    if (Object.keys(set).length === 0 && modeChanges.length === 0) return;
    if (Object.keys(set).length) await repo.updateTask(tx, id, set);
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

// ---- sheets ----------------------------------------------------------------------------------

export async function getSheet(ctx: ServiceContext, taskId: number, scopeId: number): Promise<Sheet> {
  const row = await visibleTask(ctx, taskId);
  const all = await repo.listScopes(ctx.db, taskId);
  const scope = scopeOf(ctx.actor, all, scopeId);
  const data = await loadTaskData(ctx.db, row, [scope.scope.id]);
  const body = (await sheetsOf(ctx.db, data)).get(scope.scope.id);
  if (!body) throw notFound("评分表");
  return {
    ...body,
    task: presentTask(row),
    scope: presentScope(scope, body),
    can: { score: canScore(ctx.actor, row.task), reply: canReply(ctx.actor, row.task, scope.scope) },
  };
}

const pts = (c: Centi | null | undefined) => (c === null || c === undefined ? "—" : `${formatPoints(c)} 分`);

/** Checks an entry against the item it is for; returns the merged row and a Chinese summary of the change. */
function mergeEntry(tree: IndicatorTree, code: string, existing: repo.EntryRow | null, u: EntryUpdate) {
  const item = itemOf(tree, code);
  if (!item || item.kind === "node") throw notFound("指标");
  const next = {
    valueNum: existing?.valueNum ?? null,
    valueDen: existing?.valueDen ?? null,
    manualScore: existing?.manualScore ?? null,
    overrideScore: existing?.overrideScore ?? null,
    triggered: existing?.triggered ?? null,
    reason: existing?.reason ?? null,
    note: existing?.note ?? null,
  };
  const bad = (m: string) => new AppError("VALIDATION_FAILED", m);
  const has = <K extends keyof EntryUpdate>(k: K) => u[k] !== undefined;
  if (has("reason")) next.reason = u.reason?.trim() || null;
  if (has("note")) next.note = u.note?.trim() || null;
  let name: string;
  let weight: Centi;
  if (item.kind === "leaf") {
    const node = item.node;
    name = node.name;
    weight = node.weight;
    const src = node.source ?? { kind: "manual" as const };
    const rule = node.rule ?? { kind: "manual" as const };
    if (has("points") || has("triggered")) throw bad(`「${name}」是指标，不是加减分项或否决项`);
    if (has("value")) {
      if (src.kind === "metric") throw bad(`「${name}」由系统根据数据计算，不能手工录入数值；如确需调整，请填写调整得分并写明理由`);
      if (src.kind === "manual") throw bad(`「${name}」为评价人员打分，请填写得分`);
      const v = u.value;
      if (v) {
        if (rule.kind === "deduction" && v.den !== 1) throw bad(`「${name}」的发现问题数应为整数（分母为 1）`);
        if (rule.kind !== "deduction" && v.den === 0) throw bad(`「${name}」的${rule.kind === "survey" ? "有效问卷份数" : "目标值"}不能为 0`);
        if (rule.kind === "survey" && v.num > v.den) throw bad(`「${name}」的满意份数不能多于有效问卷份数`);
      }
      next.valueNum = v ? v.num : null;
      next.valueDen = v ? v.den : null;
    }
    if (has("manualScore")) {
      if (src.kind !== "manual") throw bad(`「${name}」按规则计分，不能直接打分；如确需调整，请填写调整得分并写明理由`);
      if (u.manualScore !== null && u.manualScore! > weight) throw bad(`「${name}」的得分不能超过分值 ${pts(weight)}`);
      next.manualScore = u.manualScore ?? null;
    }
    if (has("overrideScore")) {
      if (u.overrideScore !== null && u.overrideScore! > weight) throw bad(`「${name}」的调整得分不能超过分值 ${pts(weight)}`);
      next.overrideScore = u.overrideScore ?? null;
    }
    if (next.overrideScore !== null && !next.reason) throw bad(`调整「${name}」的得分须写明理由`);
    if (next.manualScore !== null && next.manualScore < weight && !next.reason) throw bad(`「${name}」扣分须写明扣分原因`);
  } else if (item.kind === "adjustment") {
    const a = item.adjustment;
    name = a.name;
    weight = a.max;
    if (has("manualScore") || has("overrideScore") || has("triggered")) throw bad(`「${name}」是${a.kind === "bonus" ? "加分项" : "扣分项"}，请填写${a.perOccurrence !== null ? "次数" : "分值"}`);
    if (a.perOccurrence !== null) {
      if (has("points")) throw bad(`「${name}」按次数计分，请填写次数`);
      if (has("value")) {
        if (u.value && u.value.den !== 1) throw bad(`「${name}」的次数应为整数`);
        next.valueNum = u.value ? u.value.num : null;
        next.valueDen = u.value ? 1 : null;
      }
    } else {
      if (has("value")) throw bad(`「${name}」请直接填写分值`);
      if (has("points")) {
        if (u.points !== null && u.points! > a.max) throw bad(`「${name}」最多 ${pts(a.max)}`);
        next.manualScore = u.points ?? null;
      }
    }
    if (((next.manualScore ?? 0) > 0 || (next.valueNum ?? 0) > 0) && !next.reason) throw bad(`「${name}」须写明${a.kind === "bonus" ? "加分" : "扣分"}理由`);
  } else {
    const v = item.veto;
    name = v.name;
    weight = 0;
    if (has("value") || has("manualScore") || has("overrideScore") || has("points")) throw bad(`「${name}」是一票否决项，只能标记是否触发`);
    if (has("triggered")) next.triggered = u.triggered ?? null;
    if (next.triggered && !next.reason) throw bad(`触发一票否决「${name}」须写明事实和依据`);
  }
  void weight;
  return { next, name, item };
}

function describeEntry(e: { valueNum: number | null; valueDen: number | null; manualScore: number | null; overrideScore: number | null; triggered: boolean | null } | null) {
  if (!e) return "（空）";
  const parts: string[] = [];
  if (e.valueNum !== null) parts.push(`数值 ${e.valueNum}${e.valueDen !== null && e.valueDen !== 1 ? ` ÷ ${e.valueDen}` : ""}`);
  if (e.manualScore !== null) parts.push(`得分 ${pts(e.manualScore)}`);
  if (e.overrideScore !== null) parts.push(`调整为 ${pts(e.overrideScore)}`);
  if (e.triggered) parts.push("触发否决");
  return parts.join("，") || "（空）";
}

/** The evaluator enters figures, a score, an override or a reason for one leaf (or item) of a sheet. */
export async function updateEntry(ctx: ServiceContext, taskId: number, scopeId: number, code: string, u: EntryUpdate): Promise<Sheet> {
  await ctx.db.transaction(async (tx) => {
    await repo.lockTask(tx, taskId);
    const row = await visibleTask(ctx, taskId, tx);
    if (!canScore(ctx.actor, row.task)) {
      if (row.task.state === "final") throw new AppError("CONFLICT", "任务已定稿，评分已锁定");
      if (row.task.state === "draft") throw new AppError("CONFLICT", "任务尚未开始评分");
      throw new AppError("FORBIDDEN", "无权执行此操作");
    }
    const scope = scopeOf(ctx.actor, await repo.listScopes(tx, taskId), scopeId);
    const existing = await repo.findEntry(tx, scopeId, code);
    const { next, name } = mergeEntry(row.task.tree as IndicatorTree, code, existing, u);
    await repo.upsertEntry(tx, { scopeId, code, ...next, updatedBy: ctx.actor.userId || null, updatedByName: ctx.actor.displayName });
    const before = existing
      ? { valueNum: existing.valueNum, valueDen: existing.valueDen, manualScore: existing.manualScore, overrideScore: existing.overrideScore, triggered: existing.triggered, reason: existing.reason, note: existing.note }
      : null;
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "update",
      entityType: "evaluation_entry",
      entityId: `${scopeId}:${code}`,
      countyId: scope.scope.countyId,
      summary: `评分「${row.task.name}」${scope.name} · ${name}：${describeEntry(existing)} → ${describeEntry(next)}${next.reason ? `（${next.reason.slice(0, 60)}）` : ""}`,
      before,
      after: next,
    });
  });
  return getSheet(ctx, taskId, scopeId);
}

// ---- replies (意见反馈) ---------------------------------------------------------------------

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

// ---- evidence --------------------------------------------------------------------------------

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

// ---- results ---------------------------------------------------------------------------------

/** Weights of the counties for a weighted overall: 下达资金 (分) or 改造户数. */
async function countyWeights(db: DbOrTx, task: repo.TaskRow["task"], method: OverallMethod): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (method === "weighted_funds") {
    for (const c of await ledgerByKeys(db, { fundYearId: task.fundYearId, asOf: task.asOf }, "source_county")) {
      out.set(c.countyId, (out.get(c.countyId) ?? 0) + c.figures.allocatedFen);
    }
  } else if (method === "weighted_households") {
    const projects = await repo.registryProjects(db, task.fundYearId);
    const byCounty = new Map<number, typeof projects>();
    for (const p of projects) byCounty.set(p.countyId, [...(byCounty.get(p.countyId) ?? []), p]);
    for (const [id, list] of byCounty) out.set(id, registryCounts(list, task.asOf).householdsDone);
  }
  return out;
}

function overallOf(method: OverallMethod, city: SheetBody | null, counties: { countyId: number; total: Centi }[], weights: Map<number, number>, scale: GradeScale) {
  let score: Centi | null = null;
  let note: string | null = null;
  if (method === "city_sheet") {
    score = city?.total ?? null;
    if (!city) note = "本任务没有市级评分表";
  } else if (method === "mean") {
    score = meanScore(counties.map((c) => c.total));
    if (score === null) note = "没有县区评分表";
  } else {
    score = weightedMeanScore(counties.map((c) => ({ score: c.total, weight: weights.get(c.countyId) ?? 0 })));
    if (score === null) note = method === "weighted_funds" ? "各县区没有下达资金数据" : "项目库中没有已完工小区的户数数据";
  }
  return { method, label: OVERALL_METHOD_LABEL[method], score, grade: score === null ? null : gradeOf(scale, score), note };
}

/** Results of every scope, unfiltered: Table 1 (city), Table 2 (counties, ranked), overall by each method. */
async function computeResults(db: DbOrTx, row: repo.TaskRow, data: TaskData, bodies: Map<number, SheetBody>): Promise<Results> {
  const scale = data.scale;
  const cityScope = data.scopes.find((s) => s.scope.countyId === null) ?? null;
  const countyScopes = data.scopes.filter((s) => s.scope.countyId !== null);
  const ranked = rankScores(countyScopes, (s) => bodies.get(s.scope.id)!.total);
  const rankOf = new Map(ranked.map((r) => [r.item.scope.id, r.rank]));
  const counties = countyScopes.map((s) => ({ countyId: s.scope.countyId!, total: bodies.get(s.scope.id)!.total }));
  const city = cityScope ? bodies.get(cityScope.scope.id)! : null;
  const alternatives = [];
  for (const m of OVERALL_METHODS) {
    const weights = m.startsWith("weighted") ? await countyWeights(db, row.task, m) : new Map<number, number>();
    alternatives.push(overallOf(m, city, counties, weights, scale));
  }
  return {
    task: presentTask(row),
    live: row.task.state !== "final",
    gradeScaleDescription: describeGradeScale(scale),
    city: cityScope ? presentScopeResult(cityScope, city!, null) : null,
    counties: countyScopes.map((s) => presentScopeResult(s, bodies.get(s.scope.id)!, rankOf.get(s.scope.id) ?? null)),
    overall: alternatives.find((a) => a.method === row.task.overallMethod)!,
    alternatives,
  };
}

/** What a county user may see of the results: their own line, no city, no region-wide figures. */
function forActor(actor: Actor, r: Results, final: boolean): Results {
  if (actor.role !== "county") return r;
  const hidden = { score: null, grade: null, note: "县区用户仅可查看本县区评分" };
  return {
    ...r,
    city: null,
    counties: r.counties.filter((c) => c.regionId === actor.countyId).map((c) => ({ ...c, rank: final ? c.rank : null })),
    overall: { ...r.overall, ...hidden },
    alternatives: [],
  };
}

export async function getResults(ctx: ServiceContext, taskId: number): Promise<Results> {
  const row = await visibleTask(ctx, taskId);
  const final = row.task.state === "final";
  if (final && row.task.finalResults) {
    const stored = row.task.finalResults as Results;
    return forActor(ctx.actor, { ...stored, task: presentTask(row), live: false }, true);
  }
  const data = await loadTaskData(ctx.db, row);
  const bodies = await sheetsOf(ctx.db, data);
  return forActor(ctx.actor, await computeResults(ctx.db, row, data, bodies), final);
}

/** The latest task of a year that the caller may see (for the CLI). */
export async function latestTaskOfYear(ctx: ServiceContext, year: number) {
  const tasks = await listTasks(ctx, { year });
  return tasks[0] ?? null;
}

// ---- what-if ---------------------------------------------------------------------------------

export async function whatIf(
  ctx: ServiceContext,
  taskId: number,
  scopeId: number,
  changes: { code: string; value?: { num: number; den: number } | null; manualScore?: Centi | null }[],
): Promise<WhatIfResult> {
  const row = await visibleTask(ctx, taskId);
  const all = await repo.listScopes(ctx.db, taskId);
  const scope = scopeOf(ctx.actor, all, scopeId);
  const data = await loadTaskData(ctx.db, row);
  const bodies = await sheetsOf(ctx.db, data);
  const body = bodies.get(scope.scope.id)!;
  const tree = data.tree;
  const input = inputOfBody(body);
  const leaves = new Map(input.leaves);
  const changed: { code: string; name: string }[] = [];
  for (const c of changes) {
    const item = itemOf(tree, c.code);
    if (!item || item.kind !== "leaf") throw notFound("指标");
    const prev = leaves.get(c.code) ?? {};
    const rule = item.node.rule ?? { kind: "manual" as const };
    const f: LeafFacts = { ...prev, override: null };
    if (c.value !== undefined) {
      if (rule.kind === "manual") throw new AppError("VALIDATION_FAILED", `「${item.node.name}」为评价人员打分，请假设得分`);
      if (c.value && c.value.den === 0) throw new AppError("VALIDATION_FAILED", `「${item.node.name}」的分母不能为 0`);
      f.value = c.value;
    }
    if (c.manualScore !== undefined) {
      if (rule.kind !== "manual") throw new AppError("VALIDATION_FAILED", `「${item.node.name}」按规则计分，请假设数值`);
      f.manual = c.manualScore;
    }
    leaves.set(c.code, f);
    changed.push({ code: c.code, name: item.node.name });
  }
  const before = computeSheet(tree, input, data.scale);
  const after = computeSheet(tree, { ...input, leaves }, data.scale);
  const level1 = (s: typeof before) => s.nodes.map((n) => ({ code: n.code, name: n.name, weight: n.weight, score: n.score, rateBp: n.rateBp }));
  const leafScore = (s: typeof before, code: string) => {
    const walk = (list: typeof s.nodes): (typeof s.nodes)[number] | null => {
      for (const n of list) {
        if (n.code === code) return n;
        const x = walk(n.children);
        if (x) return x;
      }
      return null;
    };
    return walk(s.nodes);
  };
  // Rank among the counties (county scopes only), and the overall with this scope changed.
  const countyScopes = data.scopes.filter((s) => s.scope.countyId !== null);
  const totals = (override: Centi | null) =>
    countyScopes.map((s) => ({ s, total: s.scope.id === scope.scope.id && override !== null ? override : bodies.get(s.scope.id)!.total }));
  const rankIn = (override: Centi | null) => {
    if (scope.scope.countyId === null) return null;
    return rankScores(totals(override), (x) => x.total).find((r) => r.item.s.scope.id === scope.scope.id)!.rank;
  };
  let overallAfter: Centi | null = null;
  if (ctx.actor.role !== "county") {
    const cityScope = data.scopes.find((s) => s.scope.countyId === null);
    const cityBody = cityScope ? (cityScope.scope.id === scope.scope.id ? { ...bodies.get(cityScope.scope.id)!, total: after.total } : bodies.get(cityScope.scope.id)!) : null;
    const method = row.task.overallMethod;
    const weights = method.startsWith("weighted") ? await countyWeights(ctx.db, row.task, method) : new Map<number, number>();
    overallAfter = overallOf(method, cityBody, totals(after.total).map((x) => ({ countyId: x.s.scope.countyId!, total: x.total })), weights, data.scale).score;
  }
  return {
    before: { total: before.total, grade: before.grade, rank: rankIn(null), level1: level1(before) },
    after: { total: after.total, grade: after.grade, rank: rankIn(after.total), level1: level1(after) },
    delta: after.total - before.total,
    leaves: changed.map((c) => ({
      code: c.code,
      name: c.name,
      before: leafScore(before, c.code)?.leaf?.score ?? null,
      after: leafScore(after, c.code)?.leaf?.score ?? null,
      formula: leafScore(after, c.code)?.leaf?.formula ?? "",
    })),
    overallAfter,
  };
}

// ---- exports helpers -------------------------------------------------------------------------

/** Every sheet the caller may see, with the task and results, for the workbook export. */
export async function exportData(ctx: ServiceContext, taskId: number) {
  const row = await visibleTask(ctx, taskId);
  const data = await loadTaskData(ctx.db, row);
  const bodies = await sheetsOf(ctx.db, data);
  const scopes = visibleScopes(ctx.actor, data.scopes);
  const results = await getResults(ctx, taskId);
  return { task: presentTask(row), tree: data.tree, scale: data.scale, scopes, bodies, results };
}

export { presentComment };
