import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { meanScore, rankScores, weightedMeanScore } from "./aggregate";

/** Table 2 of the seed, in its order. */
const TABLE2 = [9308, 9354, 9085, 9150, 8950, 8751, 8847, 8400, 8950, 8550, 9097, 8993];

describe("regional overall score", () => {
  it("the simple mean of the seed's twelve counties is 89.53 (1074.35 ÷ 12 = 89.529…)", () => {
    expect(meanScore(TABLE2)).toBe(8953);
  });
  it("weights by funds or households exactly, half up", () => {
    // (90 × 3 + 80 × 1) ÷ 4 = 87.5
    expect(weightedMeanScore([{ score: 9000, weight: 3 }, { score: 8000, weight: 1 }])).toBe(8750);
    // Money in 分 times a score passes 2^53: still exact. (9308·16,158万 + 8400·6,105万) ÷ 22,263万 = 9058.89… → 9059
    expect(weightedMeanScore([{ score: 9308, weight: 16_158_000_000 }, { score: 8400, weight: 6_105_000_000 }])).toBe(9059);
    expect(weightedMeanScore([{ score: 9000, weight: 0 }])).toBeNull();
    expect(meanScore([])).toBeNull();
  });
  it("equal weights give the simple mean", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 10 ** 9 }), (scores, w) => {
        expect(weightedMeanScore(scores.map((score) => ({ score, weight: w })))).toBe(meanScore(scores));
      }),
    );
  });
  it("a mean lies between the lowest and highest score", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ score: fc.integer({ min: 0, max: 10000 }), weight: fc.integer({ min: 1, max: 10 ** 12 }) }), { minLength: 1 }), (items) => {
        const m = weightedMeanScore(items)!;
        expect(m).toBeGreaterThanOrEqual(Math.min(...items.map((i) => i.score)));
        expect(m).toBeLessThanOrEqual(Math.max(...items.map((i) => i.score)));
      }),
    );
  });
});

describe("ranking", () => {
  it("ranks the seed's Table 2: 罗庄区 first, 平邑县 last, 郯城县 and 费县 share 7th", () => {
    const names = ["兰山区", "罗庄区", "河东区", "沂南县", "郯城县", "沂水县", "兰陵县", "平邑县", "费县", "莒南县", "蒙阴县", "临沭县"];
    const ranked = rankScores(names.map((n, i) => ({ n, s: TABLE2[i] })), (x) => x.s);
    expect(ranked[0]).toMatchObject({ item: { n: "罗庄区" }, rank: 1 });
    expect(ranked.filter((r) => r.score === 8950).map((r) => [r.item.n, r.rank])).toEqual([["郯城县", 7], ["费县", 7]]);
    expect(ranked[8].rank).toBe(9);
    expect(ranked[11]).toMatchObject({ item: { n: "平邑县" }, rank: 12 });
  });
});
