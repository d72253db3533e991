/** 假设分析: the score, grade, rank and overall if some leaves had other values; never saved. */
import { scoreOverWeightMessage, type WhatIfResult } from "../../../contracts/evaluations";
import { computeSheet } from "../../../core/scoring/sheet";
import type { LeafFacts } from "../../../core/scoring/rules";
import { rankScores } from "../../../core/scoring/aggregate";
import type { Centi } from "../../../core/scoring/points";
import { AppError, notFound } from "../../errors";
import type { ServiceContext } from "../../context";
import * as repo from "./repository";
import { inputOfBody, itemOf, loadTaskData, sheetsOf } from "./sheets";
import { scopeOf, visibleTask } from "./access";
import { countyWeights, overallOf } from "./results";

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
      // The score sheet's own refusal: a hypothesis is no reason to exceed the 分值.
      if (c.manualScore !== null && c.manualScore > item.node.weight) throw new AppError("VALIDATION_FAILED", scoreOverWeightMessage(item.node.name, item.node.weight));
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
    const weights = method.startsWith("weighted") ? await countyWeights(ctx.db, row.task, method, data.cache) : new Map<number, number>();
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
