import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { explainAllocation, meanScore, whatIf } from "./explain";
import { DEFAULT_CUT_RULE, DEFAULT_SCHEMES } from "./schemes";
import { AllocationError, type AllocationInput, type CountyInput } from "./types";

const NO_CUT = { ...DEFAULT_CUT_RULE, enabled: false };
const county = (countyId: number, name: string, area: string, difficulty: string, score: number | null, grade: string | null): CountyInput => ({
  countyId,
  name,
  factors: { area, households: area, buildings: "1", communities: "1" },
  difficulty,
  score,
  grade,
  cutReasons: [],
});
const lanshan: CountyInput = { ...county(1, "兰山区", "100", "1", 9000, "优"), factors: { area: "100", households: "200", buildings: "10", communities: "2" } };
const luozhuang: CountyInput = { ...county(2, "罗庄区", "100", "1.2", 8000, "中"), factors: { area: "100", households: "100", buildings: "10", communities: "2" } };
const input: AllocationInput = { totalFen: 1_000_000, scheme: DEFAULT_SCHEMES[0].definition, cut: NO_CUT, counties: [lanshan, luozhuang] };

describe("how each score moved money", () => {
  it("compares each county with itself at the mean score and without the performance part (the worked example)", () => {
    // Amounts 513,168 and 486,832 (allocate-worked.test.ts). Mean score (9000 + 8000) / 2 = 8500.
    // 兰山 at 8500 with 罗庄 at 8000: score pool 100,000·8500/16500 = 51,515.15… and 48,484.84… → 51,515 / 48,485;
    //   兰山 460,227 + 51,515 = 511,742 → its score moved 513,168 − 511,742 = 1,426.
    // 罗庄 at 8500 with 兰山 at 9000: 100,000·8500/17500 = 48,571.42… and 51,428.57… → 48,571 / 51,429;
    //   罗庄 439,773 + 48,571 = 488,344 → moved 486,832 − 488,344 = −1,512.
    // Without the score: 511,364 and 488,636 (factor weights as 100%).
    expect(explainAllocation(input)).toEqual([
      { countyId: 1, amountFen: 513_168, atMeanScoreFen: 511_742, withoutPerformanceFen: 511_364, movedByScoreFen: 1_426, cutFen: 0 },
      { countyId: 2, amountFen: 486_832, atMeanScoreFen: 488_344, withoutPerformanceFen: 488_636, movedByScoreFen: -1_512, cutFen: 0 },
    ]);
  });

  it("regrades the mean score when the scheme depends on the grade", () => {
    const workload = { ...input, scheme: DEFAULT_SCHEMES[1].definition };
    const kept = explainAllocation(workload);
    // Mean 8500 is 良 under the 10号 scale; 罗庄 (中 → 良) gains at the mean, 兰山 (优 → 良) loses.
    const regraded = explainAllocation(workload, (s) => (s >= 9000 ? "优" : s >= 8000 ? "良" : s >= 6000 ? "中" : "差"));
    expect(kept.map((e) => e.movedByScoreFen)).toEqual([0, 0]);
    expect(regraded[0].movedByScoreFen).toBeGreaterThan(0);
    expect(regraded[1].movedByScoreFen).toBeLessThan(0);
    expect(regraded[0].withoutPerformanceFen + regraded[1].withoutPerformanceFen).toBe(1_000_000);
  });

  it("shows the 核减 and keeps every alternative summing to the total (property)", () => {
    const countyArb = (id: number) =>
      fc.record({
        area: fc.integer({ min: 0, max: 10 ** 6 }).map(String),
        difficulty: fc.constantFrom("1", "1.2", "0.8"),
        score: fc.option(fc.integer({ min: 0, max: 10000 }), { freq: 5 }),
        cut: fc.boolean(),
      }).map(({ area, difficulty, score, cut }) => ({ ...county(id, `县区${id}`, area, difficulty, score, score === null ? null : "良"), cutReasons: cut ? ["整改逾期1项"] : [] }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 10 }), fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => countyArb(i + 1)))), (totalFen, counties) => {
        const x = { ...input, totalFen, cut: DEFAULT_CUT_RULE, counties };
        const e = explainAllocation(x);
        const sum = (k: "amountFen" | "withoutPerformanceFen" | "cutFen") => e.reduce((a, l) => a + l[k], 0);
        expect(sum("amountFen")).toBe(totalFen);
        expect(sum("withoutPerformanceFen")).toBe(totalFen);
        expect(sum("cutFen")).toBe(0);
        for (const l of e) expect(l.movedByScoreFen).toBe(l.amountFen - l.atMeanScoreFen);
      }),
      { numRuns: 60 },
    );
  });

  it("the mean counts only scored counties, half up", () => {
    expect(meanScore({ ...input, counties: [lanshan, { ...luozhuang, score: 8001 }, { ...luozhuang, countyId: 3, score: null }] })).toBe(8501);
    expect(meanScore({ ...input, counties: [{ ...lanshan, score: null }] })).toBeNull();
  });
});

describe("what if", () => {
  it("reallocates with one county's score changed", () => {
    // 罗庄 at 9000 too: score pool halves, 50,000 each; 兰山 460,227 + 50,000.
    const r = whatIf(input, 2, 9000, "优");
    expect(r.lines.map((l) => l.amountFen)).toEqual([510_227, 489_773]);
    expect(() => whatIf(input, 99, 9000, "优")).toThrow(new AllocationError("分配名单中没有编号为99的县区"));
  });
});
