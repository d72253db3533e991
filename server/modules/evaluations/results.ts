/** 评价结果: Table 1 (the city), Table 2 (the counties, ranked), the regional overall by each method; the export's data. */
import type { Actor } from "../../../core/access";
import type { DbOrTx } from "../../../db/open";
import type { Results } from "../../../contracts/evaluations";
import { describeGradeScale, gradeOf, type GradeScale } from "../../../core/scoring/grades";
import { meanScore, OVERALL_METHOD_LABEL, OVERALL_METHODS, rankScores, weightedMeanScore, type OverallMethod } from "../../../core/scoring/aggregate";
import type { Centi } from "../../../core/scoring/points";
import type { ServiceContext } from "../../context";
import { ledgerCellsAsOf, registryCountsByCounty } from "./metrics";
import { presentScopeResult, presentTask } from "./presenter";
import * as repo from "./repository";
import { loadTaskData, scoredSheetsOf, sheetsOf, type ScoredSheet, type TaskData } from "./sheets";
import { visibleScopes, visibleTask } from "./access";
import { derived, TRACKED_TABLES } from "../../derived";

/**
 * Weights of the counties for a weighted overall: 下达资金 (分) or 改造户数. `cache`: the loads of the
 * task's sheets (TaskData.cache), so the ledger and the registry are read once for sheets and weights.
 */
export async function countyWeights(db: DbOrTx, task: repo.TaskRow["task"], method: OverallMethod, cache?: Map<string, Promise<unknown>>): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const ctx = { db, fundYearId: task.fundYearId, taskId: task.id, asOf: task.asOf, cache: cache ?? new Map() };
  if (method === "weighted_funds") {
    for (const c of await ledgerCellsAsOf(ctx)) out.set(c.countyId, (out.get(c.countyId) ?? 0) + c.figures.allocatedFen);
  } else if (method === "weighted_households") {
    for (const [id, counts] of await registryCountsByCounty(ctx)) out.set(id, counts.householdsDone);
  }
  return out;
}

export function overallOf(method: OverallMethod, city: ScoredSheet | null, counties: { countyId: number; total: Centi }[], weights: Map<number, number>, scale: GradeScale) {
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
export async function computeResults(db: DbOrTx, row: repo.TaskRow, data: TaskData, bodies: Map<number, ScoredSheet>): Promise<Results> {
  const scale = data.scale;
  const cityScope = data.scopes.find((s) => s.scope.countyId === null) ?? null;
  const countyScopes = data.scopes.filter((s) => s.scope.countyId !== null);
  const ranked = rankScores(countyScopes, (s) => bodies.get(s.scope.id)!.total);
  const rankOf = new Map(ranked.map((r) => [r.item.scope.id, r.rank]));
  const counties = countyScopes.map((s) => ({ countyId: s.scope.countyId!, total: bodies.get(s.scope.id)!.total }));
  const city = cityScope ? bodies.get(cityScope.scope.id)! : null;
  const alternatives = [];
  for (const m of OVERALL_METHODS) {
    const weights = m.startsWith("weighted") ? await countyWeights(db, row.task, m, data.cache) : new Map<number, number>();
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

/**
 * What a county user may see of the results: their own line, and of the rest only aggregates — the
 * city sheet's total and level-1 scores, and once final their rank and the counties' mean. No other
 * county's line, no city sheet's leaves or reasons.
 */
function forActor(actor: Actor, r: Results, final: boolean): Results {
  if (actor.role !== "county") return { ...r, standing: null };
  const hidden = { score: null, grade: null, note: "县区用户仅可查看本县区评分" };
  const own = r.counties.find((c) => c.regionId === actor.countyId);
  const mean = r.alternatives.find((a) => a.method === "mean")?.score ?? null;
  return {
    ...r,
    city: null,
    counties: own ? [{ ...own, rank: final ? own.rank : null }] : [],
    overall: { ...r.overall, ...hidden },
    alternatives: [],
    standing: {
      city: r.city ? { name: r.city.name, total: r.city.total, rateBp: r.city.rateBp, grade: r.city.grade, level1: r.city.level1 } : null,
      rank: final && own ? own.rank : null,
      ranked: r.counties.length,
      countyMean: final ? mean : null,
    },
  };
}

export async function getResults(ctx: ServiceContext, taskId: number): Promise<Results> {
  const row = await visibleTask(ctx, taskId);
  const final = row.task.state === "final";
  if (final && row.task.finalResults) {
    const stored = row.task.finalResults as Results;
    return forActor(ctx.actor, { ...stored, task: presentTask(row), live: false }, true);
  }
  // Live results read every table of the cycle; cached until any of them changes (server/derived.ts).
  const results = await derived(ctx.db, `evaluation-results:${taskId}`, { tables: TRACKED_TABLES, fundYearId: row.task.fundYearId }, async () => {
    const data = await loadTaskData(ctx.db, row);
    return computeResults(ctx.db, row, data, await scoredSheetsOf(ctx.db, data));
  });
  return forActor(ctx.actor, results, final);
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
