import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { describeRule, ruleProblems, scoreLeaf, type Rule } from "./rules";
import { formatPoints, parsePoints } from "./points";

const ratio = (direction: "positive" | "negative", capped = true): Rule => ({ kind: "ratio", direction, capped });
const f = (num: number, den: number) => ({ value: { num, den } });

describe("ratio rule (比率法)", () => {
  it("scores the seed's city 预算执行率: 8 × 19,305.06 ÷ 23,763 = 6.4992 → 6.50", () => {
    // paid 19,305.06万元 = 1,930,506,000 分... in 分: 19_305_060_000 ÷ 23_763_000_000 = 81.2399…%
    const s = scoreLeaf(ratio("positive"), 800, f(19_305_060_000, 23_763_000_000));
    expect(s.score).toBe(650);
    expect(s.rateBp).toBe(8124);
    expect(s.formula).toContain("81.24%");
  });
  it("gives 0 at 0, full marks exactly at the target, and caps above it", () => {
    expect(scoreLeaf(ratio("positive"), 500, f(0, 285)).score).toBe(0);
    expect(scoreLeaf(ratio("positive"), 500, f(285, 285)).score).toBe(500);
    // 307 projects against a target of 285: 107.72%, capped at full marks.
    const over = scoreLeaf(ratio("positive"), 500, f(307, 285));
    expect(over.score).toBe(500);
    expect(over.rateBp).toBe(10772);
  });
  it("counts overshooting as a deviation when not capped: 5 × (1 − 7.72%) = 4.61", () => {
    // 307/285 = 1.0771929…; 5 × (2 − 1.0771929) = 4.614 → 4.61
    expect(scoreLeaf(ratio("positive", false), 500, f(307, 285)).score).toBe(461);
    expect(scoreLeaf(ratio("positive", false), 500, f(285, 285)).score).toBe(500);
    expect(scoreLeaf(ratio("positive", false), 500, f(600, 285)).score).toBe(0);
    // Below the target it is the plain ratio either way.
    expect(scoreLeaf(ratio("positive", false), 500, f(270, 285)).score).toBe(scoreLeaf(ratio("positive"), 500, f(270, 285)).score);
  });
  it("inverts a negative indicator: target ÷ actual (cost 110 against 100 → 5 × 90.91% = 4.55)", () => {
    // value is actual ÷ target; completion = 100/110 = 0.90909…; 5 × 0.90909 = 4.5454… → 4.55
    expect(scoreLeaf(ratio("negative"), 500, f(110, 100)).score).toBe(455);
    expect(scoreLeaf(ratio("negative"), 500, f(90, 100)).score).toBe(500);
    expect(scoreLeaf(ratio("negative"), 500, f(0, 100)).score).toBe(500);
  });
  it("reports missing data instead of guessing", () => {
    expect(scoreLeaf(ratio("positive"), 800, {}).score).toBeNull();
    expect(scoreLeaf(ratio("positive"), 800, {}).missing).toBe("缺少数据");
    expect(scoreLeaf(ratio("positive"), 800, f(0, 0)).missing).toContain("目标值为 0");
  });
  it("rounds half up at the hundredth: 3 × 1/8 = 0.375 → 0.38", () => {
    expect(scoreLeaf(ratio("positive"), 300, f(1, 8)).score).toBe(38);
  });
});

describe("bands rule (分档法)", () => {
  const rule: Rule = {
    kind: "bands",
    bands: [
      { min: 9500, inclusive: true, points: 500 },
      { min: 9000, inclusive: false, points: 300 },
      { min: 8000, inclusive: true, points: 100 },
    ],
  };
  it("puts a value exactly at an inclusive bound in the band above", () => {
    expect(scoreLeaf(rule, 500, f(95, 100), "%").score).toBe(500);
    expect(scoreLeaf(rule, 500, f(9499, 10000), "%").score).toBe(300);
  });
  it("keeps a value exactly at an exclusive bound out of that band", () => {
    expect(scoreLeaf(rule, 500, f(90, 100), "%").score).toBe(100);
    expect(scoreLeaf(rule, 500, f(9001, 10000), "%").score).toBe(300);
  });
  it("gives 0 below every band and never more than the weight", () => {
    expect(scoreLeaf(rule, 500, f(79, 100), "%").score).toBe(0);
    expect(scoreLeaf(rule, 400, f(1, 1), "%").score).toBe(400);
  });
  it("reads counts as well as rates", () => {
    const counts: Rule = { kind: "bands", bands: [{ min: 0, inclusive: true, points: 200 }, { min: 30000, inclusive: true, points: 0 }] };
    expect(scoreLeaf(counts, 200, f(2, 1), "处").score).toBe(200);
    // Highest bound first: 3 or more problems reach the "≥ 3" band, which gives 0.
    expect(scoreLeaf(counts, 200, f(3, 1), "处").score).toBe(0);
  });
});

describe("deduction rule (扣分法)", () => {
  const rule: Rule = { kind: "deduction", perOccurrence: 50, cap: 300 };
  it("deducts per occurrence and stops at the cap", () => {
    expect(scoreLeaf(rule, 700, f(0, 1)).score).toBe(700);
    expect(scoreLeaf(rule, 700, f(2, 1)).score).toBe(600);
    expect(scoreLeaf(rule, 700, f(6, 1)).score).toBe(400); // exactly at the cap
    const over = scoreLeaf(rule, 700, f(9, 1));
    expect(over.score).toBe(400);
    expect(over.formula).toContain("按上限扣");
  });
  it("never goes below 0 even when the cap exceeds the weight", () => {
    expect(scoreLeaf({ kind: "deduction", perOccurrence: 100, cap: 900 }, 500, f(20, 1)).score).toBe(0);
  });
  it("needs the number of occurrences", () => {
    expect(scoreLeaf(rule, 700, {}).missing).toBe("待录入发现问题数");
  });
});

describe("survey rule (满意度换算)", () => {
  it("gives the seed's 满意度 6.58: 7 × 1128 ÷ 1200 = 7 × 94%", () => {
    const s = scoreLeaf({ kind: "survey", zeroAtBp: 0, fullAtBp: 10000 }, 700, f(1128, 1200));
    expect(s.score).toBe(658);
    expect(s.rateBp).toBe(9400);
  });
  it("maps linearly between the zero and full rates and clamps outside", () => {
    const rule: Rule = { kind: "survey", zeroAtBp: 6000, fullAtBp: 9000 };
    expect(scoreLeaf(rule, 700, f(60, 100)).score).toBe(0);
    expect(scoreLeaf(rule, 700, f(50, 100)).score).toBe(0);
    expect(scoreLeaf(rule, 700, f(75, 100)).score).toBe(350);
    expect(scoreLeaf(rule, 700, f(90, 100)).score).toBe(700);
    expect(scoreLeaf(rule, 700, f(99, 100)).score).toBe(700);
  });
  it("refuses an empty or impossible sample", () => {
    expect(scoreLeaf({ kind: "survey", zeroAtBp: 0, fullAtBp: 10000 }, 700, f(0, 0)).score).toBeNull();
    expect(scoreLeaf({ kind: "survey", zeroAtBp: 0, fullAtBp: 10000 }, 700, f(5, 4)).score).toBeNull();
  });
});

describe("manual scores and overrides", () => {
  it("takes the evaluator's score, within 0 and the weight", () => {
    expect(scoreLeaf({ kind: "manual" }, 400, { manual: 372 }).score).toBe(372);
    expect(scoreLeaf({ kind: "manual" }, 400, { manual: 999 }).score).toBe(400);
    expect(scoreLeaf({ kind: "manual" }, 400, {}).missing).toBe("待评价人员评分");
  });
  it("lets an override replace a rule's score and keeps the rule's for the record", () => {
    const s = scoreLeaf({ kind: "ratio", direction: "positive", capped: true }, 800, { value: { num: 1, den: 2 }, override: 700 });
    expect(s.score).toBe(700);
    expect(s.ruleScore).toBe(400);
    expect(s.formula).toContain("调整为 7.00（规则得分 4.00）");
  });
});

describe("rule checks and descriptions", () => {
  it("names what is wrong in Chinese", () => {
    expect(ruleProblems({ kind: "deduction", perOccurrence: 0, cap: 900 }, 500)).toEqual(["每处扣分应大于 0", "扣分上限 9 不能超过分值 5"]);
    expect(ruleProblems({ kind: "survey", zeroAtBp: 9000, fullAtBp: 9000 }, 700)[0]).toContain("满意度换算");
    expect(ruleProblems({ kind: "bands", bands: [] }, 500)).toContain("分档法至少需要一个档次");
    expect(ruleProblems({ kind: "bands", bands: [{ min: 9000, inclusive: true, points: 600 }] }, 500)[0]).toBe("档次得分 6 应在 0 到分值 5 之间");
  });
  it("describes each rule in a sentence", () => {
    expect(describeRule({ kind: "ratio", direction: "positive", capped: true }, 800)).toContain("超额完成按满分");
    expect(describeRule({ kind: "deduction", perOccurrence: 50, cap: 700 }, 700)).toBe("每发现 1 处问题扣 0.5，最多扣 7");
  });
});

describe("points", () => {
  it("prints as the seed does", () => {
    expect(formatPoints(9002)).toBe("90.02");
    expect(formatPoints(9150)).toBe("91.5");
    expect(formatPoints(8400)).toBe("84");
    expect(formatPoints(370, { fixed: true })).toBe("3.70");
  });
  it("parses what people type, refusing finer than a hundredth", () => {
    expect(parsePoints("3.7")).toBe(370);
    expect(parsePoints(12.09)).toBe(1209);
    expect(parsePoints("3.725")).toBeNull();
    expect(parsePoints("三分")).toBeNull();
  });
});

describe("properties", () => {
  const ruleArb: fc.Arbitrary<Rule> = fc.oneof(
    fc.record({ kind: fc.constant("ratio" as const), direction: fc.constantFrom("positive" as const, "negative" as const), capped: fc.boolean() }),
    fc.record({ kind: fc.constant("deduction" as const), perOccurrence: fc.integer({ min: 1, max: 500 }), cap: fc.integer({ min: 1, max: 3000 }) }),
    fc.integer({ min: 0, max: 9999 }).map((z) => ({ kind: "survey" as const, zeroAtBp: z, fullAtBp: 10000 })),
    fc.array(fc.record({ min: fc.integer({ min: 0, max: 20000 }), inclusive: fc.boolean(), points: fc.integer({ min: 0, max: 3000 }) }), { minLength: 1, maxLength: 4 }).map(
      (bands) => ({ kind: "bands" as const, bands }),
    ),
    fc.constant({ kind: "manual" as const }),
  );
  it("no score is above its weight or below 0, whatever the inputs", () => {
    fc.assert(
      fc.property(
        ruleArb,
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.integer({ min: -100, max: 5000 }),
        (rule, weight, num, den, manual) => {
          const value = rule.kind === "deduction" ? { num: num % 50, den: 1 } : rule.kind === "survey" ? { num: Math.min(num, den), den } : { num, den };
          const s = scoreLeaf(rule, weight, { value, manual });
          if (s.score !== null) {
            expect(s.score).toBeGreaterThanOrEqual(0);
            expect(s.score).toBeLessThanOrEqual(weight);
            expect(Number.isInteger(s.score)).toBe(true);
          }
        },
      ),
    );
  });
  it("a ratio score never falls as the actual rises toward the target", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 6 }), fc.integer({ min: 0, max: 10 ** 6 }), fc.integer({ min: 0, max: 10 ** 6 }), (den, a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const r: Rule = { kind: "ratio", direction: "positive", capped: true };
        expect(scoreLeaf(r, 800, f(lo, den)).score!).toBeLessThanOrEqual(scoreLeaf(r, 800, f(hi, den)).score!);
      }),
    );
  });
});
