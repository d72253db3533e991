import { describe, expect, it } from "vitest";
import { legendPieces } from "./legend";

const covers = (pieces: ReturnType<typeof legendPieces>, v: number) =>
  pieces.filter((p) => v >= p.gte && (p.lt !== undefined ? v < p.lt : v <= p.lte!)).length;

describe("map legend", () => {
  it("rates get round bins spanning exactly the values shown", () => {
    const values = [62.4, 71, 88.3, 96.5];
    const pieces = legendPieces(values, { unit: "%" });
    expect(pieces.length).toBeLessThanOrEqual(5);
    expect(pieces[0].gte).toBe(60);
    expect(pieces.at(-1)!.lte).toBe(100);
    expect(pieces.map((p) => p.label)).toEqual(["60–70%", "70–80%", "80–90%", "90–100%"]);
    for (const v of values) expect(covers(pieces, v)).toBe(1);
  });

  it("scores close together still separate", () => {
    const pieces = legendPieces([88.1, 90.25, 93.07], { unit: " 分" });
    expect(pieces[0].gte).toBe(88);
    expect(pieces.at(-1)!.lte).toBe(94);
    for (const v of [88.1, 90.25, 93.07]) expect(covers(pieces, v)).toBe(1);
  });

  it("one value alone gets one bin", () => {
    const pieces = legendPieces([75], { unit: "%" });
    expect(pieces).toHaveLength(1);
    expect(covers(pieces, 75)).toBe(1);
  });

  it("few conflicts: one piece per count from 0", () => {
    expect(legendPieces([0, 2, 1], { unit: "处", counts: true }).map((p) => p.label)).toEqual(["0 处", "1 处", "2 处"]);
    expect(legendPieces([0, 0], { unit: "处", counts: true }).map((p) => p.label)).toEqual(["0 处"]);
  });

  it("many conflicts: 0 apart, then ranges up to the largest", () => {
    const pieces = legendPieces([0, 3, 17], { unit: "处", counts: true });
    expect(pieces[0].label).toBe("0 处");
    expect(pieces.at(-1)!.lte).toBe(17);
    for (const v of [0, 1, 3, 9, 17]) expect(covers(pieces, v)).toBe(1);
  });

  it("no values, no legend", () => {
    expect(legendPieces([], { unit: "%" })).toEqual([]);
  });
});
