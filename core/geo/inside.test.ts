import { describe, expect, it } from "vitest";
import { inRing, insideArea, pullInside, type Polygon } from "./inside";

// A 4 × 4 square with a 2 × 2 hole in the middle, and an L-shaped area whose corner is cut out.
const square: Polygon = [
  [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
  [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]],
];
const ell: Polygon = [[[0, 0], [4, 0], [4, 1], [1, 1], [1, 4], [0, 4]]];

describe("inside a county boundary", () => {
  it("a point in the outer ring but in a hole is outside", () => {
    expect(inRing(2, 2, square[0])).toBe(true);
    expect(insideArea(2, 2, [square])).toBe(false);
    expect(insideArea(0.5, 2, [square])).toBe(true);
    expect(insideArea(5, 2, [square])).toBe(false);
  });

  it("a ring need not repeat its first point", () => {
    expect(insideArea(0.5, 3, [ell])).toBe(true);
    expect(insideArea(3, 3, [ell])).toBe(false);
  });

  it("a point of any polygon of a multi-polygon is inside", () => {
    const far: Polygon = [[[10, 10], [11, 10], [11, 11], [10, 11]]];
    expect(insideArea(10.5, 10.5, [ell, far])).toBe(true);
    expect(insideArea(8, 8, [ell, far])).toBe(false);
  });

  it("a point already inside stays where it is", () => {
    expect(pullInside([0.5, 3], [0.5, 0.5], [ell])).toEqual([0.5, 3]);
  });

  it("a point outside moves toward the anchor until it is inside", () => {
    // (3, 3) lies in the cut-out corner; on the way to (0.5, 0.5) only the last tenths are in the L's corner square.
    const [lng, lat] = pullInside([3, 3], [0.5, 0.5], [ell]);
    expect(insideArea(lng, lat, [ell])).toBe(true);
    expect(lng).toBeGreaterThan(0.5);
    expect(lng).toBeLessThanOrEqual(1);
  });

  it("when no step lands inside, the anchor is the answer", () => {
    // Between (3, 3) and the anchor (3.5, 3.5) everything lies in the cut-out corner.
    expect(pullInside([3, 3], [3.5, 3.5], [ell])).toEqual([3.5, 3.5]);
  });
});
