import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { allocate } from "./allocate";
import { DEFAULT_CUT_RULE, DEFAULT_SCHEMES } from "./schemes";
import { AllocationError, FACTOR_KEYS, type AllocationInput, type AllocationScheme, type CountyInput, type CutRule, type FactorKey } from "./types";

const FACTOR_2019 = DEFAULT_SCHEMES[0].definition;
const WORKLOAD_2022 = DEFAULT_SCHEMES[1].definition;
const NO_CUT: CutRule = { ...DEFAULT_CUT_RULE, enabled: false };
const GRADES = ["优", "良", "中", "差"] as const;

/** A decimal text of `units` in 10^-places: 12345, 2 → "123.45". */
const decimalText = (units: number, places: number) =>
  places === 0 ? String(units) : `${Math.floor(units / 10 ** places)}.${String(units % 10 ** places).padStart(places, "0")}`;

/** Mostly real-looking quantities, often zero. */
const quantityArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant("0") },
  { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 2 })).map(([u, p]) => decimalText(u, p)) },
);
const difficultyArb = fc.oneof(fc.constantFrom("1", "1.2", "0.8", "0"), fc.integer({ min: 0, max: 30000 }).map((u) => decimalText(u, 4)));
const gradeArb = fc.constantFrom<string | null>(...GRADES, null);

const countyArb = (countyId: number): fc.Arbitrary<CountyInput> =>
  fc
    .record({
      factors: fc.record({ area: quantityArb, households: quantityArb, buildings: quantityArb, communities: quantityArb }),
      difficulty: difficultyArb,
      score: fc.option(fc.integer({ min: 0, max: 10000 }), { freq: 4 }),
      grade: gradeArb,
      cut: fc.boolean(),
    })
    .map(({ cut, ...c }) => ({ countyId, name: `县区${countyId}`, ...c, cutReasons: cut ? ["评价等级为中"] : [] }));

const countiesArb = (min: number) =>
  fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: min, maxLength: 30 }).chain((ids) => fc.tuple(...ids.map(countyArb)));

/** n non-negative basis-point weights summing to 10000 (cut points of 0…10000). */
const weightsArb = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: n - 1, maxLength: n - 1 }).map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 10000];
    return points.slice(1).map((p, i) => p - points[i]);
  });
const toFactors = (w: number[]) => Object.fromEntries(FACTOR_KEYS.map((k, i) => [k, w[i]])) as Record<FactorKey, number>;

const factorSchemeArb: fc.Arbitrary<AllocationScheme> = fc.oneof(
  fc.constant(FACTOR_2019),
  weightsArb(5).map((w) => ({ kind: "factor" as const, factorWeightsBp: toFactors(w), performanceWeightBp: w[4] })),
);
const workloadSchemeArb: fc.Arbitrary<AllocationScheme> = fc.oneof(
  fc.constant(WORKLOAD_2022),
  fc.tuple(weightsArb(2), weightsArb(4), fc.array(fc.integer({ min: 0, max: 30000 }), { minLength: 4, maxLength: 4 })).map(([share, w, k]) => ({
    kind: "workload" as const,
    workloadShareBp: share[0],
    rewardShareBp: share[1],
    workloadWeightsBp: toFactors(w),
    adjustmentByGrade: Object.fromEntries(GRADES.map((g, i) => [g, decimalText(k[i], 4)])),
  })),
);
const cutRuleArb: fc.Arbitrary<CutRule> = fc.record({
  enabled: fc.boolean(),
  grades: fc.constant(["中", "差"]),
  overdue: fc.constant(true),
  returned: fc.constant(true),
  cutBp: fc.integer({ min: 0, max: 10000 }),
});

/** Small totals make every 分 of rounding count; large ones reach 100 亿元. */
const totalArb = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 10 ** 12 }));

const inputArb = (min = 0): fc.Arbitrary<AllocationInput> =>
  fc.record({
    totalFen: totalArb,
    scheme: fc.oneof(factorSchemeArb, workloadSchemeArb),
    cut: cutRuleArb,
    counties: countiesArb(min),
  });

/** The county is cut itself, or nobody is: its final amount then moves with its computed amount. */
const noOtherCut = (input: AllocationInput, i: number) =>
  !input.cut.enabled || input.counties[i].cutReasons.length > 0 || input.counties.every((c) => c.cutReasons.length === 0);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const RUNS = { numRuns: 150 };

describe("因素法 allocation: properties", () => {
  it("amounts sum exactly to the total, and each line's parts add up (property)", () => {
    fc.assert(
      fc.property(inputArb(1), (input) => {
        const result = allocate(input);
        expect(sum(result.lines.map((l) => l.amountFen))).toBe(input.totalFen);
        expect(sum(result.lines.map((l) => l.computedFen))).toBe(input.totalFen);
        expect(sum(result.lines.map((l) => l.cutFen))).toBe(0);
        for (const l of result.lines) {
          expect(l.computedFen).toBe(l.factorFen + l.performanceFen);
          expect(l.amountFen).toBe(l.computedFen + l.cutFen);
          expect(l.amountFen).toBeGreaterThanOrEqual(0);
        }
        expect(result.lines.map((l) => l.countyId)).toEqual(input.counties.map((c) => c.countyId));
      }),
      RUNS,
    );
  });

  it("with no counties there is nothing to share: 0 分 gives no lines, more is refused", () => {
    expect(allocate({ totalFen: 0, scheme: FACTOR_2019, cut: DEFAULT_CUT_RULE, counties: [] })).toEqual({ totalFen: 0, lines: [], notes: [] });
    expect(() => allocate({ totalFen: 100, scheme: FACTOR_2019, cut: DEFAULT_CUT_RULE, counties: [] })).toThrow("没有参与分配的县区");
  });

  it("does not depend on the order of the counties (property)", () => {
    fc.assert(
      fc.property(
        inputArb(1).chain((input) => fc.tuple(fc.constant(input), fc.shuffledSubarray(input.counties, { minLength: input.counties.length }))),
        ([input, shuffled]) => {
          const byId = (r: ReturnType<typeof allocate>) => [...r.lines].sort((a, b) => a.countyId - b.countyId);
          const a = allocate(input);
          const b = allocate({ ...input, counties: shuffled });
          expect(byId(b)).toEqual(byId(a));
          expect(b.notes).toEqual(a.notes);
        },
      ),
      RUNS,
    );
  });

  // The computed amount (before 核减) never falls with a higher score, nor does the final amount of a
  // county that is itself cut, or of any county when nobody is cut. A county that receives others' cut
  // money shares it by largest remainder in proportion to computed amounts that can each move by a 分 of
  // rounding, so its share of that money alone is not monotone to the 分 (the population paradox of
  // largest remainder); it is at the exact level.
  it("a higher score never gets less, all else equal (factor scheme, property)", () => {
    fc.assert(
      fc.property(
        fc.record({ totalFen: totalArb, scheme: factorSchemeArb, cut: cutRuleArb, counties: countiesArb(1) }),
        fc.nat(),
        fc.integer({ min: 0, max: 10000 }),
        fc.integer({ min: 0, max: 10000 }),
        (input, pick, s1, s2) => {
          const i = pick % input.counties.length;
          const [low, high] = s1 <= s2 ? [s1, s2] : [s2, s1];
          const withScore = (s: number) => allocate({ ...input, counties: input.counties.map((c, j) => (j === i ? { ...c, score: s } : c)) }).lines[i];
          const a = withScore(low);
          const b = withScore(high);
          expect(b.computedFen).toBeGreaterThanOrEqual(a.computedFen);
          expect(b.factorFen).toBe(a.factorFen);
          if (noOtherCut(input, i)) expect(b.amountFen).toBeGreaterThanOrEqual(a.amountFen);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a better grade never gets less, all else equal (workload scheme with the default coefficients, property)", () => {
    fc.assert(
      fc.property(
        fc.record({ totalFen: totalArb, scheme: fc.constant(WORKLOAD_2022), cut: cutRuleArb, counties: countiesArb(1) }),
        fc.nat(),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        (input, pick, g1, g2) => {
          const i = pick % input.counties.length;
          const [better, worse] = g1 <= g2 ? [GRADES[g1], GRADES[g2]] : [GRADES[g2], GRADES[g1]];
          const withGrade = (g: string) => allocate({ ...input, counties: input.counties.map((c, j) => (j === i ? { ...c, grade: g } : c)) }).lines[i];
          const a = withGrade(worse);
          const b = withGrade(better);
          expect(b.computedFen).toBeGreaterThanOrEqual(a.computedFen);
          if (noOtherCut(input, i)) expect(b.amountFen).toBeGreaterThanOrEqual(a.amountFen);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a county with all factors zero gets only its performance part (property)", () => {
    fc.assert(
      fc.property(inputArb(1), fc.nat(), (input, pick) => {
        const zero = { area: "0", households: "0", buildings: "0", communities: "0" };
        const i = pick % input.counties.length;
        // Another county with every factor and a difficulty above zero, so the factors do not all drop out.
        const other: CountyInput = { countyId: 9999, name: "对照区", factors: { area: "1", households: "1", buildings: "1", communities: "1" }, difficulty: "1", score: 5000, grade: "良", cutReasons: [] };
        const counties = [...input.counties.map((c, j) => (j === i ? { ...c, factors: zero } : c)), other];
        const line = allocate({ ...input, counties }).lines[i];
        expect(line.factorFen).toBe(0);
        expect(line.computedFen).toBe(line.performanceFen);
      }),
      RUNS,
    );
  });

  it("cut counties get exactly computed − ⌊computed × cutBp ÷ 10000⌋ and the rest share it (property)", () => {
    fc.assert(
      fc.property(inputArb(2), (input) => {
        const rule = { ...input.cut, enabled: true };
        const result = allocate({ ...input, cut: rule });
        const marked = input.counties.map((c) => c.cutReasons.length > 0);
        const receiversHaveMoney = result.lines.some((l, i) => !marked[i] && l.computedFen > 0);
        const cutting = marked.some(Boolean) && !marked.every(Boolean) && receiversHaveMoney;
        result.lines.forEach((l, i) => {
          const expectedCut = cutting && marked[i] ? Math.floor((l.computedFen * rule.cutBp) / 10000) : 0;
          if (marked[i] || !cutting) expect(l.cutFen + expectedCut).toBe(0);
          else expect(l.cutFen).toBeGreaterThanOrEqual(0);
        });
        expect(sum(result.lines.map((l) => l.amountFen))).toBe(input.totalFen);
      }),
      RUNS,
    );
  });

  it("refuses weights that do not sum to 100%, naming the sum", () => {
    fc.assert(
      fc.property(weightsArb(5), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 5000 }), fc.boolean(), (w, k, delta, up) => {
        const bumped = [...w];
        bumped[k] = up ? bumped[k] + delta : Math.max(0, bumped[k] - delta);
        const total = sum(bumped);
        fc.pre(total !== 10000);
        const scheme: AllocationScheme = { kind: "factor", factorWeightsBp: toFactors(bumped), performanceWeightBp: bumped[4] };
        const county: CountyInput = { countyId: 1, name: "兰山区", factors: { area: "1", households: "1", buildings: "1", communities: "1" }, difficulty: "1", score: 9000, grade: "优", cutReasons: [] };
        expect(() => allocate({ totalFen: 100, scheme, cut: NO_CUT, counties: [county] })).toThrow(/^因素权重与绩效权重之和应为100%，现为\d+(\.\d+)?%$/);
      }),
      { numRuns: 100 },
    );
    const scheme: AllocationScheme = { kind: "factor", factorWeightsBp: { area: 4000, households: 3000, buildings: 1000, communities: 500 }, performanceWeightBp: 1000 };
    expect(() => allocate({ totalFen: 0, scheme, cut: NO_CUT, counties: [] })).toThrow(new AllocationError("因素权重与绩效权重之和应为100%，现为95%"));
  });
});
