/**
 * 因素法 allocation (shared/SPEC.md §4): next year's money T shared among the counties by the factors ×
 * 财政困难程度系数 and the scores, then the 财预〔2020〕10号 核减. Every share is an exact BigInt fraction;
 * money is rounded only by the largest-remainder method, so Σ amountFen = T to the 分 whatever the input.
 *
 * How the 分 are found:
 * 1. T is split into the factor pool and the performance pool by their weights (largest remainder).
 * 2. Each pool is split among the counties by their exact shares of it (largest remainder, ties to the
 *    smaller county id), giving factorFen and performanceFen; computedFen is their sum.
 * 3. A county marked for 核减 loses ⌊computedFen × cutBp ÷ 10000⌋; the money cut goes to the counties
 *    not cut, in proportion to their computedFen (largest remainder).
 * Each county's own pool share grows with its score while every other county's shrinks, so a higher
 * score never gets fewer 分 in a pool (largest remainder cannot move a unit away from a growing share
 * when all others shrink), and a county's cut ⌊x·c⌋ never lets x − ⌊x·c⌋ fall as x grows. The share
 * of others' cut money a county receives is exact in proportion to computed amounts that each carry up
 * to a 分 of rounding, so that share alone can move by a 分 against the county's own score.
 */
import { apportion, decimalProblemMessage, readExactDecimal, shareBasisPoints, type Ratio } from "./apportion";
import { cutRuleProblems, schemeProblems } from "./schemes";
import {
  AllocationError,
  FACTOR_KEYS,
  FACTOR_LABEL,
  type AllocationInput,
  type AllocationResult,
  type CountyInput,
  type CountyLine,
  type FactorKey,
  type FactorScheme,
  type WorkloadScheme,
} from "./types";

export interface AllocateOptions {
  /**
   * Share T as if the performance part did not exist: the performance weight 0 and the factor weights
   * renormalised to 100% (workload scheme: the reward pool 0). Used to show what the scores moved.
   */
  withoutPerformance?: boolean;
}

interface ParsedCounty {
  input: CountyInput;
  /** Factor quantities in 10^-6 units. */
  x: Record<FactorKey, bigint>;
  /** 财政困难程度系数 in 10^-6 units. */
  d: bigint;
  /** Score in Centi, 0 when not scored. */
  p: bigint;
}

/** The shares of one pool among the counties (index-aligned), with notes on how they were found. */
interface PoolShares {
  parts: Ratio[];
  notes: string[];
}

const whole = (n: bigint): Ratio => ({ num: n, den: 1n });

function parseCounties(counties: readonly CountyInput[]): ParsedCounty[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  const parsed: ParsedCounty[] = [];
  for (const c of counties) {
    const who = c.name || `县区${c.countyId}`;
    if (!Number.isSafeInteger(c.countyId)) problems.push(`${who}的县区编号「${String(c.countyId)}」不是整数`);
    else if (seen.has(c.countyId)) problems.push(`${who}在分配名单中重复出现`);
    seen.add(c.countyId);
    const x = {} as Record<FactorKey, bigint>;
    for (const k of FACTOR_KEYS) {
      const text = c.factors?.[k];
      const read = readExactDecimal(text);
      if (read.ok) x[k] = read.units;
      else problems.push(decimalProblemMessage(who, FACTOR_LABEL[k], text === undefined ? "" : text, read.problem));
    }
    const dRead = readExactDecimal(c.difficulty);
    if (!dRead.ok) problems.push(decimalProblemMessage(who, "财政困难程度系数", c.difficulty, dRead.problem));
    if (c.score !== null && (!Number.isSafeInteger(c.score) || c.score < 0)) problems.push(`${who}的绩效得分「${String(c.score)}」不是非负数`);
    parsed.push({ input: c, x, d: dRead.ok ? dRead.units : 0n, p: c.score === null ? 0n : BigInt(c.score) });
  }
  if (problems.length > 0) throw new AllocationError(problems.join("；"));
  return parsed;
}

/** How a pool's notes name what is missing. */
interface NoteWords {
  /** The note for a factor whose total is zero. */
  dropped: (k: FactorKey) => string;
  /** The note when every factor's total is zero. */
  none: string;
}

/**
 * Σ_f w_f · v_fi ÷ V_f over the factors whose total V_f is not zero, as integers with the same ratios
 * (every term brought over Π V_f). A factor with nothing in any county drops out: its weight is spread
 * over the others in proportion to theirs. With no factor left every county counts the same (1).
 */
function weightedFactorShares(values: Record<FactorKey, bigint>[], weights: Record<FactorKey, number>, words: NoteWords, notes: string[]): bigint[] {
  const totals = FACTOR_KEYS.map((k) => values.reduce((a, v) => a + v[k], 0n));
  const active = FACTOR_KEYS.filter((_, j) => totals[j] > 0n);
  if (active.length === 0) {
    notes.push(words.none);
    return values.map(() => 1n);
  }
  for (const k of FACTOR_KEYS) {
    if (!active.includes(k) && weights[k] > 0) notes.push(words.dropped(k));
  }
  const activeWeight = active.reduce((a, k) => a + weights[k], 0);
  // Only when every remaining factor has weight 0 (all the weight was on factors with no data).
  const w = (k: FactorKey) => BigInt(activeWeight > 0 ? weights[k] : 1);
  if (activeWeight === 0) notes.push("有数据的因素权重均为0，按各因素等权计算");
  const totalOf = (k: FactorKey) => totals[FACTOR_KEYS.indexOf(k)];
  return values.map((v) =>
    active.reduce((sum, k) => sum + w(k) * v[k] * active.reduce((prod, o) => (o === k ? prod : prod * totalOf(o)), 1n), 0n),
  );
}

/** Whether a factor is zero in every county before the difficulty is applied. */
const zeroEverywhere = (counties: ParsedCounty[], k: FactorKey) => counties.every((c) => c.x[k] === 0n);

/** 财综〔2019〕31号: the factor pool by Σ w_f·(x_fi·d_i)/Σ(x_fj·d_j), the performance pool by p_i/Σp. */
function factorPools(scheme: FactorScheme, counties: ParsedCounty[]): { factor: PoolShares; performance: PoolShares } {
  const notes: string[] = [];
  const weighted = counties.map((c) => {
    const v = {} as Record<FactorKey, bigint>;
    for (const k of FACTOR_KEYS) v[k] = c.x[k] * c.d;
    return v;
  });
  const g = weightedFactorShares(
    weighted,
    scheme.factorWeightsBp,
    {
      dropped: (k) =>
        zeroEverywhere(counties, k)
          ? `各县区${FACTOR_LABEL[k]}均为0，该因素权重按比例并入其他因素`
          : `各县区${FACTOR_LABEL[k]}与财政困难程度系数之积均为0，该因素权重按比例并入其他因素`,
      none: "各县区各项因素（乘以财政困难程度系数后）均为0，因素部分由各县区平均分配",
    },
    notes,
  );
  const factor = { parts: g.map(whole), notes };
  const scoreSum = counties.reduce((a, c) => a + c.p, 0n);
  if (scoreSum === 0n) {
    return { factor, performance: { parts: factor.parts, notes: ["各县区均无绩效得分（或得分均为0），绩效部分按因素部分的比例分配"] } };
  }
  return { factor, performance: { parts: counties.map((c) => whole(c.p)), notes: [] } };
}

/** The later scheme: workload W_i = (Σ_f w_f·x_fi/Σx_fj)·d_i, the reward pool by k_i·W_i. */
function workloadPools(scheme: WorkloadScheme, counties: ParsedCounty[]): { factor: PoolShares; performance: PoolShares } {
  const notes: string[] = [];
  const base = weightedFactorShares(
    counties.map((c) => c.x),
    scheme.workloadWeightsBp,
    { dropped: (k) => `各县区${FACTOR_LABEL[k]}均为0，该因素权重按比例并入其他因素`, none: "各县区各项因素均为0，任务量资金由各县区平均分配" },
    notes,
  );
  let w = base.map((b, i) => b * counties[i].d);
  if (w.every((v) => v === 0n)) {
    if (base.some((b) => b > 0n)) notes.push("各县区财政困难程度系数均为0，任务量资金由各县区平均分配");
    w = counties.map(() => 1n);
  }
  const factor = { parts: w.map(whole), notes };
  const reward = counties.map((c, i) => {
    const text = c.input.grade === null ? undefined : scheme.adjustmentByGrade[c.input.grade];
    if (text === undefined) return 0n;
    const k = readExactDecimal(text);
    return k.ok ? k.units * w[i] : 0n;
  });
  if (reward.every((r) => r === 0n)) {
    return { factor, performance: { parts: factor.parts, notes: ["各县区绩效调节系数均为0（或均无评价等级），奖励资金按任务量分配"] } };
  }
  return { factor, performance: { parts: reward.map(whole), notes: [] } };
}

function validate(input: AllocationInput): void {
  const problems = [...schemeProblems(input.scheme), ...cutRuleProblems(input.cut)];
  if (!Number.isSafeInteger(input.totalFen) || input.totalFen < 0) problems.push(`分配总额「${String(input.totalFen)}」应为不小于0的整数（分）`);
  if (input.counties.length === 0 && input.totalFen > 0) problems.push("没有参与分配的县区");
  if (problems.length > 0) throw new AllocationError(problems.join("；"));
}

/** Shares `input.totalFen` among the counties (lines in input order); throws AllocationError in Chinese. */
export function allocate(input: AllocationInput, options: AllocateOptions = {}): AllocationResult {
  validate(input);
  const counties = parseCounties(input.counties);
  const ids = counties.map((c) => c.input.countyId);
  const T = input.totalFen;
  if (counties.length === 0) return { totalFen: T, lines: [], notes: [] };

  const scheme = input.scheme;
  const pools = scheme.kind === "factor" ? factorPools(scheme, counties) : workloadPools(scheme, counties);
  const poolWeights = options.withoutPerformance
    ? [1n, 0n]
    : scheme.kind === "factor"
      ? [BigInt(FACTOR_KEYS.reduce((a, k) => a + scheme.factorWeightsBp[k], 0)), BigInt(scheme.performanceWeightBp)]
      : [BigInt(scheme.workloadShareBp), BigInt(scheme.rewardShareBp)];
  const [factorTotal, performanceTotal] = apportion(T, poolWeights.map(whole), [0, 1]);
  const factorFen = apportion(factorTotal, pools.factor.parts, ids);
  const performanceFen = apportion(performanceTotal, pools.performance.parts, ids);
  const computed = counties.map((_, i) => factorFen[i] + performanceFen[i]);

  const notes = factorTotal > 0 ? [...pools.factor.notes] : [];
  if (performanceTotal > 0) notes.push(...pools.performance.notes);
  const cutFen = applyCut(input, computed, ids, notes);

  const lines: CountyLine[] = counties.map((c, i) => ({
    countyId: c.input.countyId,
    name: c.input.name,
    factorFen: factorFen[i],
    performanceFen: performanceFen[i],
    computedFen: computed[i],
    cutFen: cutFen[i],
    amountFen: computed[i] + cutFen[i],
    shareBp: shareBasisPoints(computed[i] + cutFen[i], T),
  }));
  return { totalFen: T, lines, notes };
}

/**
 * 核减: each marked county loses ⌊computed × cutBp ÷ 10000⌋; the money goes to the others in proportion
 * to their computed amounts. Nothing is cut when the rule is off, when every county is marked, or when
 * the counties not marked have nothing to share it by.
 */
function applyCut(input: AllocationInput, computed: number[], ids: number[], notes: string[]): number[] {
  const cutFen = computed.map(() => 0);
  const rule = input.cut;
  if (!rule.enabled || rule.cutBp === 0) return cutFen;
  const marked = input.counties.map((c) => c.cutReasons.length > 0);
  const markedCount = marked.filter(Boolean).length;
  if (markedCount === 0) return cutFen;
  if (markedCount === marked.length) {
    notes.push("各县区均被标记核减，本次不作核减");
    return cutFen;
  }
  const cuts = computed.map((x, i) => (marked[i] ? Number((BigInt(x) * BigInt(rule.cutBp)) / 10000n) : 0));
  const cutTotal = cuts.reduce((a, b) => a + b, 0);
  if (cutTotal === 0) return cutFen;
  const receivers = computed.map((_, i) => i).filter((i) => !marked[i]);
  if (receivers.every((i) => computed[i] === 0)) {
    notes.push("未被核减的县区计算金额均为0，核减资金无处分配，本次不作核减");
    return cutFen;
  }
  const bonus = apportion(
    cutTotal,
    receivers.map((i) => whole(BigInt(computed[i]))),
    receivers.map((i) => ids[i]),
  );
  receivers.forEach((i, j) => (cutFen[i] = bonus[j]));
  computed.forEach((_, i) => {
    if (marked[i]) cutFen[i] = -cuts[i];
  });
  return cutFen;
}
