import { describe, expect, it } from "vitest";
import { ACTIONS_KEY, fixEdges } from "./tableEdges";

type Column = { key: string; fixed?: boolean | "left" | "right" };
const keys = (...k: string[]): Column[] => k.map((key) => ({ key }));

describe("the edges of a sideways-scrolling table", () => {
  it("the first column is fixed at the left and a last action column at the right", () => {
    const cols = fixEdges(keys("name", "amount", ACTIONS_KEY));
    expect(cols.map((c) => c.fixed)).toEqual(["left", undefined, "right"]);
  });

  it("an action column that is not last stays where it scrolls, and other last columns are not fixed", () => {
    expect(fixEdges(keys("name", ACTIONS_KEY, "note")).map((c) => c.fixed)).toEqual(["left", undefined, undefined]);
  });

  it("a column that says where it is fixed keeps its choice", () => {
    const cols = fixEdges<Column>([{ key: "name", fixed: false }, { key: "amount", fixed: "right" }, { key: ACTIONS_KEY, fixed: "left" }]);
    expect(cols.map((c) => c.fixed)).toEqual([false, "right", "left"]);
  });

  it("leaves the columns it was given unchanged", () => {
    const given = [{ key: "name" }];
    fixEdges(given);
    expect(given[0]).toEqual({ key: "name" });
  });
});
