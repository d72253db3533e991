import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { dateInYear, defaultWindows, fundYearProblems, relativeIndicatorProblems, relativeTo, resolveRelative, shiftYears } from "./fund-year";

describe("fund year dates", () => {
  it("defaults: 下达 from 1 October of the year before to the year's end, 支付 to the end of the next year", () => {
    expect(defaultWindows(2021)).toEqual({ allocationFrom: "2020-10-01", allocationTo: "2021-12-31", paymentFrom: "2021-01-01", paymentTo: "2022-12-31" });
  });

  it("the next year keeps month and day; 29 February falls on the 28th", () => {
    expect(shiftYears("2022-06-30", 1)).toBe("2023-06-30");
    expect(shiftYears("2024-02-29", 1)).toBe("2025-02-28");
    expect(shiftYears("2023-02-28", 1)).toBe("2024-02-28");
    expect(dateInYear(2024, "02-29")).toBe("2024-02-29");
    expect(dateInYear(2023, "02-30")).toBeNull();
  });

  it("a relative date read back from its absolute one is the same day (every day of a leap year)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 }), fc.integer({ min: 2000, max: 2090 }), (day, year) => {
        const date = new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10);
        const rel = relativeTo(2023, date);
        expect(resolveRelative(2023, rel)).toBe(date);
        // Shifted years keep the month and day, except 29 February.
        const shifted = resolveRelative(year, rel)!;
        expect(shifted.slice(5)).toBe(date.slice(5) === "02-29" && shifted.slice(5) !== "02-29" ? "02-28" : date.slice(5));
      }),
    );
  });

  it("names windows out of order and a 评价日 out of reach", () => {
    const w = defaultWindows(2021);
    expect(fundYearProblems(2021, "2022-06-30", w)).toEqual([]);
    expect(fundYearProblems(2021, "2020-12-31", { ...w, paymentFrom: "2023-01-01" }).map((p) => p.message)).toEqual([
      "资金支付期的开始日期不能晚于结束日期",
      "评价日不能早于2021年1月1日",
    ]);
  });

  it("monitoring defaults: each measure once, windows in order, thresholds valid", () => {
    const start = { measure: "start" as const, name: "开工进度", from: { yearOffset: 0, monthDay: "03-01" }, to: { yearOffset: 0, monthDay: "06-30" }, yellowGapBp: 1000, redGapBp: 2000 };
    expect(relativeIndicatorProblems([start])).toEqual([]);
    expect(relativeIndicatorProblems([start, { ...start, from: { yearOffset: 1, monthDay: "02-30" }, redGapBp: 500 }])).toEqual([
      "「开工进度」出现了两次",
      "「开工进度」的日期「02-30」无效，应为 MM-DD",
      "「开工进度」的监测期结束（当年06-30）早于开始（次年02-30）",
      "「开工进度」：红色预警偏差不能小于黄色预警偏差",
    ]);
  });
});
