/**
 * The built-in 因素法 schemes, the default 核减 rule, and the checks a scheme must pass before money is
 * shared by it (every message Chinese, naming the field).
 */
import { formatBasisPoints } from "../money";
import { decimalProblemMessage, readExactDecimal } from "./apportion";
import { FACTOR_KEYS, FACTOR_LABEL, type AllocationScheme, type CutRule, type FactorKey } from "./types";

/** A scheme shipped with Wenxiao; the server adds each once to allocation_schemes. */
export interface BuiltInScheme {
  code: string;
  name: string;
  definition: AllocationScheme;
}

export const DEFAULT_SCHEMES: readonly BuiltInScheme[] = [
  {
    code: "caizong-2019-31",
    name: "因素法（财综〔2019〕31号）",
    definition: {
      kind: "factor",
      factorWeightsBp: { area: 4000, households: 3000, buildings: 1000, communities: 1000 },
      performanceWeightBp: 1000,
    },
  },
  {
    code: "workload-2022",
    name: "任务量与绩效奖励（2022年起）",
    definition: {
      kind: "workload",
      workloadShareBp: 8000,
      rewardShareBp: 2000,
      // The later documents weigh the task volume without fixing the split of its factors. We keep the
      // 31号 proportions of the four factors (40 : 30 : 10 : 10) rescaled to 100%, rounded to whole
      // percent with area and households first: 40 / 30 / 15 / 15. A setting, editable per scheme.
      workloadWeightsBp: { area: 4000, households: 3000, buildings: 1500, communities: 1500 },
      adjustmentByGrade: { 优: "1.2", 良: "1.0", 中: "0.8", 差: "0" },
    },
  },
];

/** 财预〔2020〕10号: grade 中 or 差, or an overdue or returned rectification item, cuts 10%. */
export const DEFAULT_CUT_RULE: CutRule = { enabled: true, grades: ["中", "差"], overdue: true, returned: true, cutBp: 1000 };

/** Why a county is marked for 核减 under the rule (empty when it is not, or the rule is off). */
export function cutReasons(rule: CutRule, c: { grade: string | null; overdueItems: number; returnedItems: number }): string[] {
  if (!rule.enabled) return [];
  const reasons: string[] = [];
  if (c.grade !== null && rule.grades.includes(c.grade)) reasons.push(`评价等级为${c.grade}`);
  if (rule.overdue && c.overdueItems > 0) reasons.push(`整改逾期${c.overdueItems}项`);
  if (rule.returned && c.returnedItems > 0) reasons.push(`整改退回${c.returnedItems}项`);
  return reasons;
}

function weightProblems(label: string, value: unknown): string[] {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) return [`${label}「${String(value)}」应为整数（万分之一）`];
  if (value < 0) return [`${label}不能为负数，现为${formatBasisPoints(value)}`];
  return [];
}

function weightsSum(weights: Record<FactorKey, number>): number {
  return FACTOR_KEYS.reduce((a, k) => a + (Number.isSafeInteger(weights?.[k]) ? weights[k] : 0), 0);
}

/** What is wrong with a scheme, in Chinese; empty when money can be shared by it. */
export function schemeProblems(scheme: AllocationScheme): string[] {
  const problems: string[] = [];
  if (scheme?.kind === "factor") {
    for (const k of FACTOR_KEYS) problems.push(...weightProblems(`${FACTOR_LABEL[k]}权重`, scheme.factorWeightsBp?.[k]));
    problems.push(...weightProblems("绩效权重", scheme.performanceWeightBp));
    if (problems.length === 0) {
      const sum = weightsSum(scheme.factorWeightsBp) + scheme.performanceWeightBp;
      if (sum !== 10000) problems.push(`因素权重与绩效权重之和应为100%，现为${formatBasisPoints(sum)}`);
    }
    return problems;
  }
  if (scheme?.kind === "workload") {
    problems.push(...weightProblems("任务量资金占比", scheme.workloadShareBp), ...weightProblems("奖励资金占比", scheme.rewardShareBp));
    if (problems.length === 0 && scheme.workloadShareBp + scheme.rewardShareBp !== 10000) {
      problems.push(`任务量资金与奖励资金占比之和应为100%，现为${formatBasisPoints(scheme.workloadShareBp + scheme.rewardShareBp)}`);
    }
    const before = problems.length;
    for (const k of FACTOR_KEYS) problems.push(...weightProblems(`任务量中${FACTOR_LABEL[k]}的权重`, scheme.workloadWeightsBp?.[k]));
    if (problems.length === before) {
      const sum = weightsSum(scheme.workloadWeightsBp);
      if (sum !== 10000) problems.push(`任务量各因素权重之和应为100%，现为${formatBasisPoints(sum)}`);
    }
    const grades = Object.entries(scheme.adjustmentByGrade ?? {});
    if (grades.length === 0) problems.push("请填写各评价等级的绩效调节系数");
    for (const [grade, text] of grades) {
      const read = readExactDecimal(text);
      if (!read.ok) problems.push(decimalProblemMessage(`评价等级「${grade}」`, "绩效调节系数", text, read.problem));
    }
    return problems;
  }
  return [`未知的分配方式「${String((scheme as { kind?: unknown })?.kind)}」，应为因素法（factor）或任务量与绩效奖励（workload）`];
}

/** What is wrong with a 核减 rule, in Chinese; empty when it can be applied. */
export function cutRuleProblems(rule: CutRule): string[] {
  const c = rule.cutBp;
  if (!Number.isSafeInteger(c)) return [`核减比例「${String(c)}」应为整数（万分之一）`];
  if (c < 0 || c > 10000) return [`核减比例应在0%到100%之间，现为${formatBasisPoints(c)}`];
  return [];
}
