/**
 * Scoring rules of a leaf indicator (shared/SPEC.md §4): ratio, bands, deduction per occurrence,
 * survey rate → points, manual. Each takes exact inputs and returns a score in hundredths that never
 * exceeds the leaf's weight and is never below 0.
 */
import { formatBasisPoints } from "../money";
import { compareE4, formatPoints, fractionBp, scaleCenti, type Centi, type Fraction } from "./points";

/**
 * 比率法: completion = actual ÷ target (正向) or target ÷ actual (反向); score = weight × completion.
 * `capped`: completion above 100% earns full marks (超额完成按满分). Not capped: the target is to be hit,
 * not passed — going beyond it counts as a deviation like falling short (偏离度: weight × (1 − |completion − 1|)).
 */
export interface RatioRule {
  kind: "ratio";
  direction: "positive" | "negative";
  capped: boolean;
}

/** One band: values at or above `min` (or strictly above it when not inclusive) earn `points`. */
export interface Band {
  /** Lower bound in 1/10000 of the value's unit: 95% is 9500, 3 (occurrences) is 30000. */
  min: number;
  /** true: the bound itself belongs to this band (≥); false: only values above it (>). */
  inclusive: boolean;
  points: Centi;
}

/** 分档法: the first band (highest bound first) the value reaches gives the points; below all bands 0. */
export interface BandsRule {
  kind: "bands";
  bands: Band[];
}

/** 扣分法: full marks minus `perOccurrence` for each problem found, never more than `cap` in all. */
export interface DeductionRule {
  kind: "deduction";
  perOccurrence: Centi;
  cap: Centi;
}

/**
 * 满意度换算: satisfied ÷ answers, linear from `zeroAtBp` (0 points) to `fullAtBp` (full marks).
 * With 0 and 100% it is weight × rate (the seed: 7 × 94% = 6.58).
 */
export interface SurveyRule {
  kind: "survey";
  zeroAtBp: number;
  fullAtBp: number;
}

/** 评价人员打分: the evaluator gives the score, with a reason when it is below full marks. */
export interface ManualRule {
  kind: "manual";
}

export type Rule = RatioRule | BandsRule | DeductionRule | SurveyRule | ManualRule;
export type RuleKind = Rule["kind"];

export const RULE_LABEL: Record<RuleKind, string> = {
  ratio: "比率法",
  bands: "分档法",
  deduction: "扣分法",
  survey: "满意度换算",
  manual: "评价人员打分",
};

/** What a rule reads. */
export interface LeafFacts {
  /**
   * The figure the rule reads, from a metric or entered by the evaluator: ratio → actual ÷ target,
   * survey → satisfied ÷ answers, bands → the value, deduction → occurrences ÷ 1.
   */
  value?: Fraction | null;
  /** Manual rule: the evaluator's score. */
  manual?: Centi | null;
  /** Any leaf: a score that replaces the rule's, with a reason recorded elsewhere. */
  override?: Centi | null;
}

export interface LeafScore {
  /** The score that counts (the override when there is one); null when data is missing. */
  score: Centi | null;
  /** The rule's own score, before any override. */
  ruleScore: Centi | null;
  /** Completion, satisfaction or band value in basis points, when the rule uses a rate. */
  rateBp: number | null;
  /** How the rule's score came about, in Chinese: "8 × 81.24% = 6.50". */
  formula: string;
  /** Why there is no score yet, in Chinese; null when scored. */
  missing: string | null;
}

const pts = (c: Centi) => formatPoints(c);
/** A resulting score, with both decimals as evaluators write it: 6.50. */
const res = (c: Centi) => formatPoints(c, { fixed: true });
const pct = (bp: number | null) => formatBasisPoints(bp);

/** A value for display: a rate as a percentage, anything else as a number with up to 4 decimals. */
export function formatValueE4(e4: number, unit: string | undefined): string {
  if (unit === "%") return formatBasisPoints(e4);
  const whole = Math.trunc(e4 / 10000);
  const frac = String(Math.abs(e4 % 10000)).padStart(4, "0").replace(/0+$/, "");
  return `${whole}${frac ? "." + frac : ""}${unit ?? ""}`;
}

function missing(reason: string): LeafScore {
  return { score: null, ruleScore: null, rateBp: null, formula: "", missing: reason };
}

function validFraction(f: Fraction | null | undefined): f is Fraction {
  return !!f && Number.isSafeInteger(f.num) && Number.isSafeInteger(f.den) && f.num >= 0 && f.den >= 0;
}

function scoreRatio(rule: RatioRule, weight: Centi, f: Fraction): LeafScore {
  // Completion as an exact fraction n/d.
  const [n, d] = rule.direction === "positive" ? [f.num, f.den] : [f.den, f.num];
  if (d === 0) {
    if (rule.direction === "positive") return missing("目标值为 0，无法计算完成率");
    // Negative indicator with an actual of 0 (e.g. no cost overrun at all): best possible.
    return { score: weight, ruleScore: weight, rateBp: null, formula: `实际值为 0，优于目标，得满分 ${pts(weight)}`, missing: null };
  }
  const bp = fractionBp({ num: n, den: d });
  const label = rule.direction === "positive" ? "完成率（实际 ÷ 目标）" : "完成率（目标 ÷ 实际）";
  if (n >= d) {
    if (rule.capped || n === d) {
      return { score: weight, ruleScore: weight, rateBp: bp, formula: `${label} ${pct(bp)}，达到目标，得满分 ${pts(weight)}`, missing: null };
    }
    // Beyond the target, uncapped: the excess is a deviation. score = weight × (2d − n) / d, not below 0.
    const keep = 2 * d - n;
    const score = keep <= 0 ? 0 : scaleCenti(weight, keep, d);
    return {
      score,
      ruleScore: score,
      rateBp: bp,
      formula: `${label} ${pct(bp)}，超出目标按偏离度计：${pts(weight)} × (1 − ${pct(bp === null ? null : bp - 10000)}) = ${res(score)}`,
      missing: null,
    };
  }
  const score = scaleCenti(weight, n, d);
  return { score, ruleScore: score, rateBp: bp, formula: `${pts(weight)} × ${label} ${pct(bp)} = ${res(score)}`, missing: null };
}

function scoreBands(rule: BandsRule, weight: Centi, f: Fraction, unit: string | undefined): LeafScore {
  if (f.den === 0) return missing("数值的分母为 0，无法分档");
  const bands = [...rule.bands].sort((a, b) => b.min - a.min || Number(a.inclusive) - Number(b.inclusive));
  const bp = fractionBp(f);
  const shown = unit === "%" ? pct(bp) : formatValueE4(Math.round((f.num / f.den) * 10000), unit);
  for (const band of bands) {
    const c = compareE4(f, band.min);
    if (c > 0 || (c === 0 && band.inclusive)) {
      const score = Math.min(band.points, weight);
      return {
        score,
        ruleScore: score,
        rateBp: unit === "%" ? bp : null,
        formula: `数值 ${shown} 达到「${band.inclusive ? "≥" : "＞"} ${formatValueE4(band.min, unit)}」档，得 ${pts(score)}`,
        missing: null,
      };
    }
  }
  return { score: 0, ruleScore: 0, rateBp: unit === "%" ? bp : null, formula: `数值 ${shown} 未达到任何档次，得 0`, missing: null };
}

function scoreDeduction(rule: DeductionRule, weight: Centi, f: Fraction): LeafScore {
  if (f.den !== 1) return missing("扣分次数应为整数");
  const cap = Math.min(rule.cap, weight);
  const raw = f.num * rule.perOccurrence;
  const deducted = Math.min(cap, raw);
  const score = weight - deducted;
  const capNote = raw > cap ? `，超过扣分上限，按上限扣 ${pts(cap)}` : "";
  return {
    score,
    ruleScore: score,
    rateBp: null,
    formula:
      f.num === 0
        ? `未发现问题，得满分 ${pts(weight)}`
        : `发现问题 ${f.num} 处 × 每处扣 ${pts(rule.perOccurrence)}${capNote}；${pts(weight)} − ${pts(deducted)} = ${res(score)}`,
    missing: null,
  };
}

function scoreSurvey(rule: SurveyRule, weight: Centi, f: Fraction): LeafScore {
  if (f.den === 0) return missing("有效问卷为 0 份，无法计算满意率");
  if (f.num > f.den) return missing("满意份数多于有效问卷份数");
  const bp = fractionBp(f);
  const span = rule.fullAtBp - rule.zeroAtBp;
  // (num/den − zero/10000) ÷ (span/10000) = (num·10000 − zero·den) ÷ (den·span), clamped to [0, 1].
  const above = BigInt(f.num) * 10000n - BigInt(rule.zeroAtBp) * BigInt(f.den);
  const range = BigInt(f.den) * BigInt(span);
  let score: Centi;
  if (above <= 0n) score = 0;
  else if (above >= range) score = weight;
  else score = scaleCenti(weight, above, range);
  const formula =
    rule.zeroAtBp === 0 && rule.fullAtBp === 10000
      ? `满意率 ${pct(bp)}（${f.num} ÷ ${f.den}）；${pts(weight)} × ${pct(bp)} = ${res(score)}`
      : `满意率 ${pct(bp)}（${f.num} ÷ ${f.den}）；${pct(rule.zeroAtBp)} 及以下得 0，${pct(rule.fullAtBp)} 及以上得满分，之间按比例：${res(score)}`;
  return { score, ruleScore: score, rateBp: bp, formula, missing: null };
}

/** Scores one leaf. An override replaces the rule's score (the rule's is kept for the record). */
export function scoreLeaf(rule: Rule, weight: Centi, facts: LeafFacts, unit?: string): LeafScore {
  let result: LeafScore;
  if (rule.kind === "manual") {
    const m = facts.manual;
    result =
      m === null || m === undefined
        ? missing("待评价人员评分")
        : { score: clamp(m, weight), ruleScore: clamp(m, weight), rateBp: null, formula: `评价人员评分 ${res(clamp(m, weight))}`, missing: null };
  } else if (!validFraction(facts.value)) {
    result = missing(rule.kind === "deduction" ? "待录入发现问题数" : "缺少数据");
  } else if (rule.kind === "ratio") result = scoreRatio(rule, weight, facts.value);
  else if (rule.kind === "bands") result = scoreBands(rule, weight, facts.value, unit);
  else if (rule.kind === "deduction") result = scoreDeduction(rule, weight, facts.value);
  else result = scoreSurvey(rule, weight, facts.value);

  if (facts.override !== null && facts.override !== undefined) {
    const o = clamp(facts.override, weight);
    return {
      ...result,
      score: o,
      missing: null,
      formula: `${result.formula ? result.formula + "；" : ""}调整为 ${res(o)}${result.ruleScore === null ? "" : `（规则得分 ${res(result.ruleScore)}）`}`,
    };
  }
  return result;
}

function clamp(c: Centi, weight: Centi): Centi {
  return Math.max(0, Math.min(weight, Math.round(c)));
}

/** Problems of a rule as configured on a leaf of the given weight, in Chinese; empty when valid. */
export function ruleProblems(rule: Rule, weight: Centi): string[] {
  const out: string[] = [];
  if (rule.kind === "bands") {
    if (rule.bands.length === 0) out.push("分档法至少需要一个档次");
    const seen = new Set<string>();
    for (const b of rule.bands) {
      if (b.points < 0 || b.points > weight) out.push(`档次得分 ${pts(b.points)} 应在 0 到分值 ${pts(weight)} 之间`);
      const key = `${b.min}|${b.inclusive}`;
      if (seen.has(key)) out.push("存在重复的档次下限");
      seen.add(key);
    }
  } else if (rule.kind === "deduction") {
    if (rule.perOccurrence <= 0) out.push("每处扣分应大于 0");
    if (rule.cap <= 0) out.push("扣分上限应大于 0");
    if (rule.cap > weight) out.push(`扣分上限 ${pts(rule.cap)} 不能超过分值 ${pts(weight)}`);
  } else if (rule.kind === "survey") {
    if (rule.zeroAtBp < 0 || rule.fullAtBp > 10000 || rule.zeroAtBp >= rule.fullAtBp) {
      out.push("满意度换算：得 0 分的满意率应低于得满分的满意率，且都在 0 到 100% 之间");
    }
  }
  return out;
}

/** A rule in one Chinese sentence, for the template editor and exports. */
export function describeRule(rule: Rule, weight: Centi, unit?: string): string {
  switch (rule.kind) {
    case "ratio": {
      const base = rule.direction === "positive" ? "完成率 = 实际值 ÷ 目标值" : "完成率 = 目标值 ÷ 实际值（反向指标）";
      return `${base}，得分 = ${pts(weight)} × 完成率；${rule.capped ? "超额完成按满分" : "超出目标按偏离度扣分"}`;
    }
    case "bands":
      return [...rule.bands]
        .sort((a, b) => b.min - a.min)
        .map((b) => `${b.inclusive ? "≥" : "＞"} ${formatValueE4(b.min, unit)} 得 ${pts(b.points)}`)
        .concat("其余得 0")
        .join("；");
    case "deduction":
      return `每发现 1 处问题扣 ${pts(rule.perOccurrence)}，最多扣 ${pts(Math.min(rule.cap, weight))}`;
    case "survey":
      return rule.zeroAtBp === 0 && rule.fullAtBp === 10000
        ? `得分 = ${pts(weight)} × 满意率`
        : `满意率 ${pct(rule.zeroAtBp)} 及以下得 0，${pct(rule.fullAtBp)} 及以上得满分，之间按比例`;
    case "manual":
      return "评价人员根据评分标准打分，扣分须写明原因并附佐证";
  }
}
