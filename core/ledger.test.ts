import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addFigures, buildMatrix, rollup, type LedgerCell, type SourceCountyKey } from "./ledger";
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
