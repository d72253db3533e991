import { describe, expect, it } from "vitest";
import { pushTo } from "./collections";

describe("pushTo", () => {
  it("groups in input order, in order of first appearance, appending to the same list", () => {
    const m = new Map<string, number[]>();
    for (const [k, v] of [["b", 1], ["a", 2], ["b", 3]] as const) pushTo(m, k, v);
    expect([...m]).toEqual([["b", [1, 3]], ["a", [2]]]);
    const list = m.get("b");
    pushTo(m, "b", 4);
    expect(m.get("b")).toBe(list);
    expect(list).toEqual([1, 3, 4]);
  });
});
