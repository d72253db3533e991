import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatCount, formatDate, formatMeasure, formatRate, formatRateGap, formatScore, formatWan, formatYuan, NONE } from "./format";
import { parseAmount } from "./money";

/** What a money or score cell of a table must look like. */
const TWO_DECIMALS = /^-?\d{1,3}(,\d{3})*\.\d{2}$/;

describe("amounts in 万元 for tables: exactly two decimals, grouped, half-up from 分", () => {
  it("writes every value with two decimals", () => {
    expect(formatWan(23_763_000_000)).toBe("23,763.00");
    expect(formatWan(239_900_000)).toBe("239.90"); // the seed's 239.9万元 in a column of 2-decimal values
    expect(formatWan(386_273_00)).toBe("38.63"); // 386,273 元 = 38.6273 万元
    expect(formatWan(0)).toBe("0.00");
  });
  it("rounds half up, away from zero for negatives, and never writes -0.00", () => {
    expect(formatWan(4_999)).toBe("0.00"); // 49.99 元
    expect(formatWan(5_000)).toBe("0.01"); // 50 元 = 0.005 万元 → 0.01
    expect(formatWan(-5_000)).toBe("-0.01");
    expect(formatWan(-4_999)).toBe("0.00");
    expect(formatWan(-123_456_789_000)).toBe("-123,456.79");
  });
  it("is exact beyond 1e12 分 and for BigInt totals past 2^53", () => {
    expect(formatWan(1_234_567_890_123_456)).toBe("1,234,567,890.12"); // 1.23e15 分
    expect(formatWan(123_456_789_012_345_678_901n)).toBe("123,456,789,012,345.68");
  });
  it("shows — for no value", () => {
    expect(formatWan(null)).toBe(NONE);
    expect(formatWan(undefined)).toBe("—");
  });
  it("always matches the two-decimal cell pattern", () => {
    fc.assert(fc.property(fc.integer({ min: -(10 ** 15), max: 10 ** 15 }), (fen) => TWO_DECIMALS.test(formatWan(fen))));
  });
});

describe("amounts in 元: exact to the 分", () => {
  it("keeps both decimals and groups thousands", () => {
    expect(formatYuan(38_627_300)).toBe("386,273.00");
    expect(formatYuan(123_456)).toBe("1,234.56");
    expect(formatYuan(-5)).toBe("-0.05");
    expect(formatYuan(0)).toBe("0.00");
    expect(formatYuan(2n ** 60n)).toBe("11,529,215,046,068,469.76");
    expect(formatYuan(null)).toBe("—");
  });
  it("reads back to the same 分", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 14), max: 10 ** 14 }), (fen) => {
        const text = formatYuan(fen);
        return TWO_DECIMALS.test(text) && parseAmount(text, "yuan") === fen;
      }),
    );
  });
});

describe("scores: exactly two decimals", () => {
  it("writes 91.5 as 91.50 and 84 as 84.00 next to 93.08", () => {
    expect([9150, 8400, 9308].map(formatScore)).toEqual(["91.50", "84.00", "93.08"]);
    expect(formatScore(0)).toBe("0.00");
    expect(formatScore(-370)).toBe("-3.70");
    expect(formatScore(null)).toBe("—");
  });
});

describe("rates as the seed writes them", () => {
  it("keeps at most two decimals and drops trailing zeros (81.24%, 87%, 100%)", () => {
    expect(formatRate(8124)).toBe("81.24%");
    expect(formatRate(8700)).toBe("87%");
    expect(formatRate(10000)).toBe("100%");
    expect(formatRate(6341)).toBe("63.41%");
    expect(formatRate(0)).toBe("0%");
    expect(formatRate(null)).toBe("—");
  });
});

describe("counts", () => {
  it("groups thousands, as above the pager and in it", () => {
    expect(formatCount(1521)).toBe("1,521");
    expect(formatCount(0)).toBe("0");
    expect(formatCount(-1234567)).toBe("-1,234,567");
    expect(formatCount(12_345_678_901_234)).toBe("12,345,678,901,234");
    expect(formatCount(null)).toBe("—");
  });
});

describe("dates", () => {
  it("writes an ISO date the Chinese way", () => {
    expect(formatDate("2022-06-30")).toBe("2022年6月30日");
    expect(formatDate("2021-12-01")).toBe("2021年12月1日");
    expect(formatDate(null)).toBe("—");
    expect(formatDate("")).toBe("—");
  });
});

describe("measured quantities of targets", () => {
  it("rounds half up to at most two decimals, as the seed writes figures", () => {
    expect(formatMeasure(580_241)).toBe("58.02"); // 58.0241 元/㎡
    expect(formatMeasure(688_852)).toBe("68.89");
    expect(formatMeasure(12_000_000)).toBe("1,200");
    expect(formatMeasure(5_178_000)).toBe("517.8");
    expect(formatMeasure(5)).toBe("0"); // 0.0005 → 0.00
    expect(formatMeasure(50)).toBe("0.01"); // 0.005 → 0.01
    expect(formatMeasure(-37_000)).toBe("-3.7");
    expect(formatMeasure(null)).toBe("—");
  });
});

describe("a rate beside another, in 百分点", () => {
  it("says higher, lower or level, with the gap as the seed writes rates", () => {
    expect(formatRateGap(8285, 8124)).toBe("高 1.61 个百分点"); // 82.85% − 81.24%
    expect(formatRateGap(7437, 8124)).toBe("低 6.87 个百分点");
    expect(formatRateGap(8174, 8124)).toBe("高 0.5 个百分点");
    expect(formatRateGap(8124, 8124)).toBe("持平");
    expect(formatRateGap(null, 8124)).toBe(NONE);
  });
});
