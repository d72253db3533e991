import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addFigures, buildMatrix, executionRank, line, rollup, type LedgerCell, type SourceCountyKey } from "./ledger";
import { ratioBasisPoints, sumFen } from "./money";

const cellArb = fc.record({
  key: fc.record({ sourceId: fc.integer({ min: 1, max: 4 }), countyId: fc.integer({ min: 1, max: 12 }) }),
  allocatedFen: fc.integer({ min: 0, max: 10 ** 12 }),
  paidFen: fc.integer({ min: 0, max: 10 ** 12 }),
});

describe("the ledger matrix", () => {
  it("rows, columns and the total add up to the 分 (property)", () => {
    fc.assert(
      fc.property(fc.array(cellArb, { maxLength: 60 }), (cells: LedgerCell<SourceCountyKey>[]) => {
        const m = buildMatrix(cells, [1, 2, 3, 4], Array.from({ length: 12 }, (_, i) => i + 1));
        const total = addFigures(cells);
        expect(sumFen(m.bySource.map((l) => l.allocatedFen))).toBe(total.allocatedFen);
        expect(sumFen(m.byCounty.map((l) => l.paidFen))).toBe(total.paidFen);
        expect(m.total.allocatedFen).toBe(total.allocatedFen);
        expect(m.total.executionBp).toBe(ratioBasisPoints(total.paidFen, total.allocatedFen));
        for (const l of m.byCounty) {
          const mine = cells.filter((c) => c.key.countyId === l.key);
          expect(l.paidFen).toBe(sumFen(mine.map((c) => c.paidFen)));
          expect(l.executionBp).toBe(ratioBasisPoints(l.paidFen, l.allocatedFen));
        }
      }),
    );
  });

  it("gives the seed's overall and 中央 rates", () => {
    const wan = 1_000_000;
    const cells = [
      { key: { sourceId: 1, countyId: 1 }, allocatedFen: 16_158 * wan, paidFen: 16_158 * wan },
      { key: { sourceId: 2, countyId: 1 }, allocatedFen: 6_105 * wan, paidFen: 2_460_609_500 },
      { key: { sourceId: 3, countyId: 1 }, allocatedFen: 1_500 * wan, paidFen: 686_450_500 },
    ];
    const m = buildMatrix(cells, [1, 2, 3], [1]);
    // 23,763 allocated; 16,158 + 246.06095… + 68.64505 = 19,305.06 paid → 81.24%
    expect(m.total.allocatedFen).toBe(23_763 * wan);
    expect(m.total.executionBp).toBe(8124);
    expect(m.bySource[0].executionBp).toBe(10000);
  });

  it("lists a county with no money as zero, with no rate", () => {
    const m = buildMatrix([], [1], [7]);
    expect(m.byCounty).toEqual([{ key: 7, allocatedFen: 0, paidFen: 0, executionBp: null }]);
  });

  it("rolls up by any key in first-seen order", () => {
    const lines = rollup(
      [
        { key: "b", allocatedFen: 10, paidFen: 5 },
        { key: "a", allocatedFen: 10, paidFen: 10 },
        { key: "b", allocatedFen: 10, paidFen: 0 },
      ],
      (k) => k,
    );
    expect(lines.map((l) => [l.key, l.allocatedFen, l.paidFen, l.executionBp])).toEqual([
      ["b", 20, 5, 2500],
      ["a", 10, 10, 10000],
    ]);
  });
});

describe("a county's place by 预算执行率", () => {
  const lines = [line("a", { allocatedFen: 100, paidFen: 90 }), line("b", { allocatedFen: 100, paidFen: 80 }), line("c", { allocatedFen: 200, paidFen: 180 }), line("d", { allocatedFen: 0, paidFen: 0 })];

  it("ranks the highest rate first, ties share a place, and a county with nothing allocated has none", () => {
    // a and c both 90.00% → 1st; b 80.00% → 3rd (not 2nd); d has no rate and is not counted
    expect(executionRank(lines, "a")).toEqual({ rank: 1, ranked: 3 });
    expect(executionRank(lines, "c")).toEqual({ rank: 1, ranked: 3 });
    expect(executionRank(lines, "b")).toEqual({ rank: 3, ranked: 3 });
    expect(executionRank(lines, "d")).toEqual({ rank: null, ranked: 3 });
  });

  it("places every county between 1 and the number ranked, and exactly one county first unless tied", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ allocatedFen: fc.integer({ min: 0, max: 1e9 }), paid: fc.integer({ min: 0, max: 100 }) }), { minLength: 1, maxLength: 20 }), (rows) => {
        const ls = rows.map((r, i) => line(i, { allocatedFen: r.allocatedFen, paidFen: Math.floor((r.allocatedFen * r.paid) / 100) }));
        const ranks = ls.map((l) => executionRank(ls, l.key));
        for (const [i, r] of ranks.entries()) {
          if (ls[i].executionBp === null) expect(r.rank).toBeNull();
          else {
            expect(r.rank).toBeGreaterThanOrEqual(1);
            expect(r.rank).toBeLessThanOrEqual(r.ranked);
            // a lower rate never stands above a higher one
            for (const [j, other] of ranks.entries()) if (ls[j].executionBp !== null && ls[j].executionBp! > ls[i].executionBp!) expect(other.rank!).toBeLessThan(r.rank!);
          }
        }
        if (ranks.some((r) => r.rank !== null)) expect(ranks.some((r) => r.rank === 1)).toBe(true);
      }),
    );
  });
});
