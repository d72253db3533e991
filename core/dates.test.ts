import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { elapsedBasisPoints, formatDateCn, monthsUpTo, parseDate } from "./dates";

describe("dates", () => {
  it("reads the ways people write a date in a spreadsheet", () => {
    for (const t of ["2022-06-30", "2022/6/30", "2022.6.30", "2022年6月30日", "20220630", " 2022-6-30 "]) {
      expect(parseDate(t)).toBe("2022-06-30");
    }
    expect(parseDate(new Date(Date.UTC(2022, 5, 30)))).toBe("2022-06-30");
  });
  it("refuses impossible dates", () => {
    for (const t of ["2022-02-30", "2021-13-01", "明天", "30/06/2022", ""]) expect(parseDate(t)).toBeNull();
    expect(parseDate(null)).toBeNull();
  });
  it("writes dates as the seed does", () => {
    expect(formatDateCn("2022-06-30")).toBe("2022年6月30日");
  });
  it("measures the elapsed share of a period", () => {
    expect(elapsedBasisPoints("2021-01-01", "2021-12-31", "2020-12-31")).toBe(0);
    expect(elapsedBasisPoints("2021-01-01", "2021-12-31", "2022-01-01")).toBe(10000);
    expect(elapsedBasisPoints("2021-01-01", "2021-01-03", "2021-01-02")).toBe(5000);
  });

  it("splits the days up to a date into whole months and the part of its own month, once each", () => {
    expect(monthsUpTo("2022-06-30")).toEqual({ wholeBefore: "2022-07-01", partFrom: null });
    expect(monthsUpTo("2021-12-31")).toEqual({ wholeBefore: "2022-01-01", partFrom: null });
    expect(monthsUpTo("2024-02-28")).toEqual({ wholeBefore: "2024-02-01", partFrom: "2024-02-01" });
    expect(monthsUpTo("2024-02-29")).toEqual({ wholeBefore: "2024-03-01", partFrom: null });
    expect(monthsUpTo("2022-06-01")).toEqual({ wholeBefore: "2022-06-01", partFrom: "2022-06-01" });
    const day = fc.integer({ min: Date.UTC(2019, 0, 1) / 86_400_000, max: Date.UTC(2026, 11, 31) / 86_400_000 }).map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (asOf, x) => {
        const { wholeBefore, partFrom } = monthsUpTo(asOf);
        const inWhole = x.slice(0, 8) + "01" < wholeBefore;
        const inPart = partFrom !== null && x >= partFrom && x <= asOf;
        expect(inWhole && inPart).toBe(false);
        expect(inWhole || inPart).toBe(x <= asOf);
      }),
    );
  });
});
