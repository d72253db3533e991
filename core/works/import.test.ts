import { describe, expect, it } from "vitest";
import { checkWorkRows, parseDay, type WorkCheckContext } from "./import";

describe("parseDay", () => {
  it("reads the ways a date is written in a workbook, and refuses days that do not exist", () => {
    expect(parseDay("2021-03-15")).toBe("2021-03-15");
    expect(parseDay("2021/3/5")).toBe("2021-03-05");
    expect(parseDay("2021年3月5日")).toBe("2021-03-05");
    expect(parseDay("2021-02-29")).toBeNull();
    expect(parseDay("2020-02-29")).toBe("2020-02-29");
    expect(parseDay("15/03/2021")).toBeNull();
  });
});

describe("checkWorkRows", () => {
  const ctx: WorkCheckContext = {
    communities: new Map([["XQ1", { id: 1, name: "甲小区" }]]),
    kinds: ["燃气"],
    diggingKinds: ["燃气"],
    existing: new Set(["1|燃气|2021-03-01|2021-03-10|管网"]),
  };
  const row = (over: Partial<Parameters<typeof checkWorkRows>[0][number]>) => ({ row: 2, community: "XQ1", kind: "燃气", scope: "管网", from: "2021-03-01", to: "2021-03-10", digs: null, status: null, ...over });

  it("counts a row equal to an existing work as unchanged, takes the region's digging default, and names a repeated row", () => {
    const out = checkWorkRows([row({}), row({ row: 3, scope: "调压箱" }), row({ row: 4, scope: "调压箱" })], ctx);
    expect(out.unchanged).toBe(1);
    expect(out.records.map((r) => [r.row, r.digs, r.status])).toEqual([[3, true, "计划"]]);
    expect(out.problems).toEqual([{ row: 4, column: "小区编码", message: "与第3行重复（同一小区、专业、计划窗口和施工内容）" }]);
  });

  it("accepts a window of one day and refuses one that ends before it starts", () => {
    expect(checkWorkRows([row({ scope: "x", from: "2021-03-01", to: "2021-03-01" })], ctx).problems).toEqual([]);
    expect(checkWorkRows([row({ scope: "x", from: "2021-03-02", to: "2021-03-01" })], ctx).problems.map((p) => p.column)).toEqual(["计划完成日期"]);
  });
});
