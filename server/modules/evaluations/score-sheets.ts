/** 评分表: a scope's sheet (live or final), and the evaluator's entries for a leaf or item. */
import { adjustmentOverMaxMessage, scoreOverWeightMessage, type EntryUpdate, type Sheet } from "../../../contracts/evaluations";
import type { IndicatorTree } from "../../../core/scoring/template";
import { formatPoints, type Centi } from "../../../core/scoring/points";
import { AppError, notFound } from "../../errors";
import type { ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import { presentScope, presentTask } from "./presenter";
import * as repo from "./repository";
import { lockVersioned, updateVersioned } from "../../versioned";
import { itemOf, loadTaskData, sheetsOf } from "./sheets";
import { canReply, canScore, scopeOf, visibleTask } from "./access";
import { derived, TRACKED_TABLES } from "../../derived";

export async function getSheet(ctx: ServiceContext, taskId: number, scopeId: number): Promise<Sheet> {
  const row = await visibleTask(ctx, taskId);
  const all = await repo.listScopes(ctx.db, taskId);
  const scope = scopeOf(ctx.actor, all, scopeId);
  // One scope's sheet from that scope's rows; cached until any table of the cycle changes (server/derived.ts).
  const body = await derived(ctx.db, `evaluation-sheet:${taskId}:${scope.scope.id}`, { tables: TRACKED_TABLES, fundYearId: row.task.fundYearId }, async () => {
    const data = await loadTaskData(ctx.db, row, [scope.scope.id], all);
    return (await sheetsOf(ctx.db, data)).get(scope.scope.id) ?? null;
  });
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
function mergeEntry(tree: IndicatorTree, code: string, existing: repo.EntryRow | null, u: Omit<EntryUpdate, "version">) {
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
  const has = <K extends keyof typeof u>(k: K) => u[k] !== undefined;
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
      if (u.manualScore !== null && u.manualScore! > weight) throw bad(scoreOverWeightMessage(name, weight));
      next.manualScore = u.manualScore ?? null;
    }
    if (has("overrideScore")) {
      if (u.overrideScore !== null && u.overrideScore! > weight) throw bad(scoreOverWeightMessage(name, weight, "调整得分"));
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
        if (u.points !== null && u.points! > a.max) throw bad(adjustmentOverMaxMessage(name, a.max));
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
    const { version, ...fields } = u;
    if (Object.values(fields).every((v) => v === undefined)) {
      // Nothing to write; a stale version is still told, not taken as saved.
      if (!itemOf(row.task.tree as IndicatorTree, code)) throw notFound("指标");
      const current = await lockVersioned(tx, repo.ENTRY, repo.entryKey(scopeId, code), version);
      if (!current && version !== 0) throw notFound("评分项");
      return;
    }
    // Read under the task's lock: the entry is as its last writer left it.
    const existing = await repo.findEntry(tx, scopeId, code);
    const { next, name } = mergeEntry(row.task.tree as IndicatorTree, code, existing, fields);
    // Only the fields this edit changes are written, over the version the evaluator saw.
    const changed = Object.fromEntries(Object.entries(next).filter(([k, v]) => !existing || existing[k as keyof typeof next] !== v));
    await updateVersioned(tx, repo.ENTRY, {
      where: repo.entryKey(scopeId, code),
      expected: version,
      actorId: ctx.actor.userId || null,
      set: { ...changed, updatedByName: ctx.actor.displayName },
      insert: { scopeId, code, ...next, updatedByName: ctx.actor.displayName },
    });
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
