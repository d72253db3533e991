import { describe, expect, it } from "vitest";
import { yearListOf } from "./ledger";

describe("changing the fund year", () => {
  it("leaves a record of the old year for the new year's list, and stays on every other page", () => {
    expect(yearListOf("/projects/17")).toBe("/projects");
    expect(yearListOf("/funds/projects/17")).toBe("/funds");
    expect(yearListOf("/evaluations/3/scopes/5")).toBe("/evaluations");
    expect(yearListOf("/evaluations/3/results")).toBe("/evaluations");
    for (const stay of ["/", "/funds", "/funds/counties/4", "/projects", "/projects/import", "/monitoring/counties/4", "/evaluation/templates/2"]) expect(yearListOf(stay)).toBe(stay);
  });
});
