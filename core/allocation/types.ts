/**
 * 因素法 allocation (shared/SPEC.md §4): the shapes the pure core computes with. Money is integer 分,
 * weights basis points (40% = 4000), scores Centi (90.02 分 = 9002), factor quantities and coefficients
 * exact decimal strings ("517.80" ㎡ in 万㎡ or ㎡, "1.2000"). Nothing here is a binary float.
 */
import type { Centi } from "../scoring/points";

/** The registry factors of a county's work. */
export const FACTOR_KEYS = ["area", "households", "buildings", "communities"] as const;
export type FactorKey = (typeof FACTOR_KEYS)[number];
export const FACTOR_LABEL: Record<FactorKey, string> = { area: "改造面积", households: "改造户数", buildings: "改造楼栋数", communities: "改造小区个数" };
export const FACTOR_UNIT: Record<FactorKey, string> = { area: "㎡", households: "户", buildings: "栋", communities: "个" };

/**
 * 财综〔2019〕31号: share_i = Σ_f w_f · (x_fi · d_i) ÷ Σ_j (x_fj · d_j) + w_p · p_i ÷ Σ_j p_j.
 * factorWeightsBp + performanceWeightBp must sum to 10000 (default 4000/3000/1000/1000 + 1000).
 */
export interface FactorScheme {
  kind: "factor";
  factorWeightsBp: Record<FactorKey, number>;
  performanceWeightBp: number;
}

/**
 * The later scheme: workloadShareBp (8000) of the money by task volume × difficulty, the rest
 * (rewardShareBp, 2000) a reward pool shared in proportion to k_i · W_i, where W_i is the county's
 * workload × difficulty and k_i its 绩效调节系数 by grade. workloadShareBp + rewardShareBp = 10000.
 * The workload is Σ_f w_f · x_fi ÷ Σ_j x_fj with workloadWeightsBp summing to 10000.
 */
export interface WorkloadScheme {
  kind: "workload";
  workloadShareBp: number;
  rewardShareBp: number;
  workloadWeightsBp: Record<FactorKey, number>;
  /** 绩效调节系数 by grade label of the task's grade scale, decimal strings: { 优: "1.2", 良: "1.0", 中: "0.8", 差: "0" }. */
  adjustmentByGrade: Record<string, string>;
}

export type AllocationScheme = FactorScheme | WorkloadScheme;

/**
 * 财预〔2020〕10号 核减 as data: a county whose grade is listed, or that has an overdue or returned
 * rectification item, loses cutBp of its computed amount; what is cut goes to the counties not cut, in
 * proportion to their computed amounts (so the total stays T). When every county is cut nothing is.
 */
export interface CutRule {
  enabled: boolean;
  grades: string[];
  overdue: boolean;
  returned: boolean;
  cutBp: number;
}

export interface CountyInput {
  countyId: number;
  name: string;
  /** Exact non-negative decimals: "5178000.00", "53389". */
  factors: Record<FactorKey, string>;
  /** 财政困难程度系数, a non-negative decimal ("1", "1.2"). */
  difficulty: string;
  /** The county's score in the scored year, null when not scored (its performance part is then 0). */
  score: Centi | null;
  /** Grade label of that score (for the workload scheme's 绩效调节系数), null when not scored. */
  grade: string | null;
  /** Why the county is marked for 核减 (empty: not marked); computed by the caller with `cutReasons`. */
  cutReasons: string[];
}

export interface AllocationInput {
  totalFen: number;
  scheme: AllocationScheme;
  cut: CutRule;
  counties: CountyInput[];
}

export interface CountyLine {
  countyId: number;
  name: string;
  /** The part from the factors (or the workload share) in 分, before any 核减. */
  factorFen: number;
  /** The part from the score (the performance weight, or the reward pool) in 分, before any 核减. */
  performanceFen: number;
  /** factorFen + performanceFen. */
  computedFen: number;
  /** Negative for a cut county, positive for those the cut money went to, 0 otherwise. */
  cutFen: number;
  /** What the county gets: computedFen + cutFen. Σ amountFen = totalFen exactly. */
  amountFen: number;
  /** amountFen ÷ totalFen in basis points (rounded half up, for display). */
  shareBp: number;
}

export interface AllocationResult {
  totalFen: number;
  lines: CountyLine[];
  /** Notes in Chinese: factors with no data whose weight was spread over the others, etc. */
  notes: string[];
}

/** Thrown for inputs that cannot be allocated (weights not summing to 100%, negative figures …), in Chinese. */
export class AllocationError extends Error {}
