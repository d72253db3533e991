import { describe, expect, it } from "vitest";
import { elapsedBasisPoints, formatDateCn, parseDate } from "./dates";

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
});
