/**
 * The regional overall score (shared/SPEC.md §4): the city's own sheet (the seed: 90.02), or the simple
 * mean of the county scores (the seed's twelve give 89.53), or a mean weighted by funds or households.
 */
import { divRoundHalfUp } from "../money";
import type { Centi } from "./points";

export const OVERALL_METHODS = ["city_sheet", "mean", "weighted_funds", "weighted_households"] as const;
export type OverallMethod = (typeof OVERALL_METHODS)[number];

export const OVERALL_METHOD_LABEL: Record<OverallMethod, string> = {
  city_sheet: "市级独立评分表",
  mean: "各县区得分简单平均",
  weighted_funds: "按资金加权平均",
  weighted_households: "按改造户数加权平均",
};

/** Simple mean, half up to the hundredth; null for no scores. */
export function meanScore(scores: readonly Centi[]): Centi | null {
  if (scores.length === 0) return null;
  const sum = scores.reduce((a, b) => a + BigInt(b), 0n);
  return Number(divRoundHalfUp(sum, BigInt(scores.length)));
}

/**
 * Σ score·weight ÷ Σ weight, half up; weights are integers (分 of money, households). Null when the
 * weights sum to zero. Exact with BigInt: money in 分 times a score passes 2^53.
 */
export function weightedMeanScore(items: readonly { score: Centi; weight: number }[]): Centi | null {
  let num = 0n;
  let den = 0n;
  for (const { score, weight } of items) {
    if (weight < 0) throw new RangeError("negative weight");
    num += BigInt(score) * BigInt(weight);
    den += BigInt(weight);
  }
  if (den === 0n) return null;
  return Number(divRoundHalfUp(num, den));
}

export interface RankedScore<T> {
  item: T;
  score: Centi;
  /** 1 = best; equal scores share a rank (1, 2, 2, 4). */
  rank: number;
}

/** Ranks by score, best first; ties share the rank and keep their input order. */
export function rankScores<T>(items: readonly T[], scoreOf: (t: T) => Centi): RankedScore<T>[] {
  const sorted = items.map((item, i) => ({ item, score: scoreOf(item), i })).sort((a, b) => b.score - a.score || a.i - b.i);
  return sorted.map((s, idx) => ({
    item: s.item,
    score: s.score,
    rank: idx > 0 && sorted[idx - 1].score === s.score ? 0 : idx + 1,
  })).map((r, idx, all) => {
    if (r.rank !== 0) return r;
    let j = idx;
    while (all[j].rank === 0) j--;
    return { ...r, rank: all[j].rank };
  });
}
