/**
 * How each score moved money: beside a county's amount, what it would have had at the mean score and
 * with no performance part at all, and its 核减. Every figure is a full allocation of the same T with one
 * thing changed, so each is exact to the 分 and each alternative still sums to T.
 */
import type { Centi } from "../scoring/points";
import { allocate } from "./allocate";
import { AllocationError, type AllocationInput, type AllocationResult } from "./types";

export interface CountyExplanation {
  countyId: number;
  /** What the county gets (after 核减). */
  amountFen: number;
  /** What it would get if its score were the mean of the scored counties' scores, all else equal. */
  atMeanScoreFen: number;
  /** What it would get with no performance part (weights renormalised over the factors; no reward pool). */
  withoutPerformanceFen: number;
  /** amountFen − atMeanScoreFen: the money its score above (or below) the mean moved to it. */
  movedByScoreFen: number;
  /** Its 核减 (negative) or share of others' 核减 (positive). */
  cutFen: number;
}

/** The mean of the scored counties' scores in Centi, half up; null when none is scored. */
export function meanScore(input: AllocationInput): Centi | null {
  const scores = input.counties.map((c) => c.score).filter((s): s is number => s !== null);
  if (scores.length === 0) return null;
  const sum = scores.reduce((a, b) => a + BigInt(b), 0n);
  const n = BigInt(scores.length);
  return Number((2n * sum + n) / (2n * n));
}

/** The allocation with one county's score (and grade) changed, everything else equal. */
export function whatIf(input: AllocationInput, countyId: number, score: Centi, grade: string | null): AllocationResult {
  if (!input.counties.some((c) => c.countyId === countyId)) throw new AllocationError(`分配名单中没有编号为${countyId}的县区`);
  return allocate({ ...input, counties: input.counties.map((c) => (c.countyId === countyId ? { ...c, score, grade } : c)) });
}

/**
 * Each county's amount next to its amount at the mean score and without the performance part, in input
 * order. `gradeOf` regrades the mean score (for the workload scheme, whose reward depends on the grade);
 * without it the county keeps its grade.
 */
export function explainAllocation(input: AllocationInput, gradeOf?: (score: Centi) => string): CountyExplanation[] {
  const result = allocate(input);
  const without = allocate(input, { withoutPerformance: true });
  const mean = meanScore(input);
  return input.counties.map((c, i) => {
    const line = result.lines[i];
    let atMean = line.amountFen;
    if (mean !== null) {
      const grade = gradeOf ? gradeOf(mean) : c.grade;
      atMean = whatIf(input, c.countyId, mean, grade).lines[i].amountFen;
    }
    return {
      countyId: c.countyId,
      amountFen: line.amountFen,
      atMeanScoreFen: atMean,
      withoutPerformanceFen: without.lines[i].amountFen,
      movedByScoreFen: line.amountFen - atMean,
      cutFen: line.cutFen,
    };
  });
}
