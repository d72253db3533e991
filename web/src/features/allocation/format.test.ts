import { describe, expect, test } from "vitest";
import { percentText, readPercent, readScore, share2, signedWan2, wan2 } from "./format";
import { draftFromSearch, readDraft, searchOf } from "./params";
import type { FundYear } from "../../../../contracts/funds";

describe("allocation figures", () => {
  test("an amount shows in 万元 with two decimals, rounded half up from 分", () => {
    expect(wan2(25_000_000_000)).toBe("25,000.00"); // 25,000 万元
    expect(wan2(123_456_789)).toBe("123.46"); // 123.456789 万元 → .46
    expect(wan2(123_449_999)).toBe("123.45");
    expect(wan2(4_999)).toBe("0.00"); // under half of 0.01 万元 (10,000 分)
    expect(wan2(5_000)).toBe("0.01");
    expect(wan2(-5_000)).toBe("-0.01");
  });

  test("a difference carries its sign; zero has none", () => {
    expect(signedWan2(12_340_000)).toBe("+12.34");
    expect(signedWan2(-5_000_000)).toBe("−5.00");
    expect(signedWan2(4_000)).toBe("0.00");
    expect(signedWan2(0)).toBe("0.00");
  });

  test("shares keep two decimals", () => {
    expect(share2(1234)).toBe("12.34%");
    expect(share2(10000)).toBe("100.00%");
    expect(share2(5)).toBe("0.05%");
  });

  test("a what-if score is 0 to 100 with at most two decimals, else a message naming it", () => {
    expect(readScore("92.5")).toEqual({ ok: true, value: 9250 });
    expect(readScore("100")).toEqual({ ok: true, value: 10000 });
    expect(readScore("0")).toEqual({ ok: true, value: 0 });
    for (const bad of ["100.01", "101", "-1", "92.555", "九十", "1e2", ""]) {
      const r = readScore(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/假设得分/);
    }
  });

  test("a weight reads as a percentage into basis points and back", () => {
    expect(readPercent("40", "面积权重")).toEqual({ ok: true, value: 4000 });
    expect(readPercent("12.5", "面积权重")).toEqual({ ok: true, value: 1250 });
    expect(readPercent("12.345", "面积权重")).toMatchObject({ ok: false, message: expect.stringContaining("面积权重") });
    expect(readPercent("120", "面积权重")).toMatchObject({ ok: false, message: expect.stringContaining("不能超过 100%") });
    expect(percentText(4000)).toBe("40");
    expect(percentText(1250)).toBe("12.5");
    expect(percentText(5)).toBe("0.05");
  });
});

describe("allocation parameters in the URL", () => {
  const fy = (id: number, year: number): FundYear =>
    ({ id, year, programmeId: 1, region: { id: 9, name: "临沂市" }, programme: "老旧小区改造", evaluationDate: `${year}-12-31` }) as FundYear;
  const years = [fy(1, 2021), fy(2, 2022)];

  test("a link reproduces the request it was made from", () => {
    const req = { basisFundYearId: 1, year: 2022, totalWan: "25000", schemeCode: "caizong-2019-31", factorBasis: "completed" as const, taskId: 3 };
    const search = searchOf(new URLSearchParams("fy=1&plan=5"), req);
    expect(search.get("fy")).toBe("1");
    expect(search.has("plan")).toBe(false);
    expect(readDraft(draftFromSearch(search, years, years[1]))).toEqual({ ok: true, value: req });
  });

  test("the scored year defaults to the year before the allocation year", () => {
    expect(draftFromSearch(new URLSearchParams("year=2022"), years, years[1]).basisFundYearId).toBe(1);
    expect(draftFromSearch(new URLSearchParams(""), years, years[0])).toMatchObject({ year: "2022", basisFundYearId: 1 });
  });

  test("bad fields are refused with messages naming them", () => {
    const r = readDraft({ year: "22", totalWan: "2.5万", schemeCode: null, factorBasis: "planned", basisFundYearId: 1, taskId: null });
    expect(r.ok).toBe(false);
    expect(r.problems?.year).toMatch(/分配年度/);
    expect(r.problems?.totalWan).toMatch(/万元/);
    expect(r.problems?.schemeCode).toMatch(/分配方案/);
  });
});
