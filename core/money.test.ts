import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  apportion,
  describeAmountProblem,
  describeOverYearTotal,
  exactTotal,
  ExactSum,
  divRoundHalfUp,
  formatBasisPoints,
  formatPercent,
  formatWan,
  parseAmount,
  parseDecimal,
  ratioBasisPoints,
  readAmount,
  readDecimal,
  sumFen,
} from "./money";
import { formatYuan } from "./format";

const fenArb = fc.integer({ min: 0, max: 10 ** 13 });

describe("amounts in 万元 as the seed writes them", () => {
  it("drops trailing zeros and keeps at most two decimals", () => {
    expect(formatWan(23_763_000_000)).toBe("23763");
    expect(formatWan(23_763_000_000, { grouping: true })).toBe("23,763");
    expect(formatWan(239_900_000)).toBe("239.9"); // 239.9万元 of the seed
    expect(formatWan(16_160_000)).toBe("16.16");
    expect(formatWan(19_305_060_000, { grouping: true })).toBe("19,305.06");
  });
  it("rounds half up at the hundredth of a 万元 (100 元)", () => {
    expect(formatWan(4_999)).toBe("0"); // 49.99 元
    expect(formatWan(5_000)).toBe("0.01"); // 50 元 → 0.005万 → 0.01
    expect(formatWan(-5_000)).toBe("-0.01");
  });
  it("formats 元 with two decimals", () => {
    expect(formatYuan(123_456)).toBe("1,234.56");
    expect(formatYuan(-5)).toBe("-0.05");
  });
});

describe("reading amounts exactly", () => {
  it("reads 万元 and 元 to the 分 without binary floating point", () => {
    expect(parseAmount("239.9", "wan")).toBe(239_900_000);
    expect(parseAmount(0.1 + 0.2, "yuan")).toBeNull(); // 0.30000000000000004 is not what anyone typed
    expect(parseAmount(1234.56, "yuan")).toBe(123_456);
    expect(parseAmount("1,234.50", "yuan")).toBe(123_450);
    expect(parseAmount("0.000001", "wan")).toBe(1);
    expect(parseAmount("0.0000001", "wan")).toBeNull();
    expect(parseAmount("12万", "wan")).toBeNull();
    expect(parseAmount("-3", "yuan")).toBe(-300);
  });
  it("a written amount reads back to the same 分 (property)", () => {
    fc.assert(
      fc.property(fenArb, (fen) => {
        const text = `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
        expect(parseAmount(text, "yuan")).toBe(fen);
        // Any multiple of 0.01万元 written by formatWan reads back exactly.
        const hundredths = fen % 10 ** 9;
        expect(parseDecimal(formatWan(hundredths * 10_000, { grouping: true }), 6)).toBe(hundredths * 10_000);
      }),
    );
  });
});

describe("what a cell holds: commas, size and precision", () => {
  it("reads a comma only as a thousands separator in groups of three", () => {
    expect(readAmount("1,234,567.89", "yuan")).toEqual({ ok: true, units: 123_456_789 });
    expect(readAmount("-1,000", "yuan")).toEqual({ ok: true, units: -100_000 });
    expect(readAmount("12,345.678901", "wan")).toEqual({ ok: true, units: 12_345_678_901 });
    for (const bad of ["10,50", "1,0,0", "1234,567", "1,2345", ",100", "100,", "1,,000", "1,000.5,0"]) {
      expect(readAmount(bad, "yuan"), bad).toEqual({ ok: false, problem: "grouping" });
    }
    expect(parseAmount("10,50", "yuan")).toBeNull(); // was read as 1,050.00 元
    expect(parseAmount("1,0,0", "yuan")).toBeNull(); // was read as 100 元
    expect(readAmount("1,000元", "yuan")).toEqual({ ok: false, problem: "format" });
  });

  it("says a number too large to hold exactly is too large, not too precise", () => {
    expect(readAmount("99999999999999999999", "yuan")).toEqual({ ok: false, problem: "too_large" });
    expect(readAmount("99999999999999999999.123", "yuan")).toEqual({ ok: false, problem: "too_large" });
    expect(readAmount("99999999999999999999", "wan")).toEqual({ ok: false, problem: "too_large" });
    expect(readAmount(99999999999999999999, "yuan")).toEqual({ ok: false, problem: "too_large" }); // a number cell: 1e20
    expect(readAmount(1e21, "yuan")).toEqual({ ok: false, problem: "too_large" }); // String(1e21) is "1e+21"
    expect(readAmount(Infinity, "yuan")).toEqual({ ok: false, problem: "too_large" });
    // 2^53 − 1 分 is the largest amount held exactly; one 分 more is too large.
    expect(readAmount("90071992547409.91", "yuan")).toEqual({ ok: true, units: Number.MAX_SAFE_INTEGER });
    expect(readAmount("90071992547409.92", "yuan")).toEqual({ ok: false, problem: "too_large" });
  });

  it("keeps refusing number cells finer than 1 分 (2 decimals in 元, 6 in 万元)", () => {
    expect(readAmount(12.345, "yuan")).toEqual({ ok: false, problem: "precision" });
    expect(readAmount(0.1 + 0.2, "wan")).toEqual({ ok: false, problem: "precision" });
    expect(readAmount(1e-7, "wan")).toEqual({ ok: false, problem: "precision" }); // String(1e-7) is "1e-7"
    expect(readAmount(0.0000015, "wan")).toEqual({ ok: false, problem: "precision" });
    expect(readAmount(0.000001, "wan")).toEqual({ ok: true, units: 1 });
    expect(readAmount(NaN, "yuan")).toEqual({ ok: false, problem: "format" });
  });

  it("a grouped amount reads back to the same 分 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15), max: 10 ** 15 }), (fen) => {
        expect(readAmount(formatYuan(fen), "yuan")).toEqual({ ok: true, units: fen });
      }),
    );
  });

  it("a comma anywhere but between groups of three is refused (property)", () => {
    const digits = fc.stringMatching(/^[1-9]\d{1,14}$/);
    fc.assert(
      fc.property(digits, fc.nat(), (whole, at) => {
        const i = 1 + (at % (whole.length - 1)); // a comma inside the digits, after the i-th
        const separator = i <= 3 && whole.length - i === 3; // "1,234" … "123,456"
        const r = readDecimal(whole.slice(0, i) + "," + whole.slice(i), 2);
        expect(r).toEqual(separator ? { ok: true, units: Number(whole) * 100 } : { ok: false, problem: "grouping" });
      }),
    );
  });

  it("quotes a pasted document back by its start and length only", () => {
    const message = describeAmountProblem("1".repeat(100_000) + "元", "format", "yuan");
    expect(message.length).toBeLessThan(120);
    expect(message).toContain("共 100,001 个字符");
  });

  it("a number cell with a third decimal in 元 is refused, never rounded (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 12 }), (n) => {
        fc.pre(n % 10 !== 0);
        expect(readAmount(n / 1000, "yuan")).toEqual({ ok: false, problem: "precision" });
        expect(readAmount(n / 10 ** 7, "wan")).toEqual({ ok: false, problem: "precision" });
      }),
    );
  });

  it("any whole number past 2^53 units is too large, at any scale (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 53n, max: 10n ** 30n }), fc.integer({ min: 0, max: 6 }), (n, scale) => {
        expect(readDecimal(n.toString(), scale)).toEqual({ ok: false, problem: "too_large" });
      }),
    );
  });
});

describe("rates", () => {
  it("computes the seed's 预算执行率 to the hundredth of a percent", () => {
    // (16,158 + 3,147.06) ÷ 23,763 = 0.8123999… → 81.24%
    expect(formatPercent(19_305_060_000, 23_763_000_000)).toBe("81.24%");
    expect(formatPercent(16_158_000_000, 16_158_000_000)).toBe("100%");
    expect(formatPercent(1305, 1500)).toBe("87%"); // 13.05 ÷ 15 of Table 1
    expect(formatPercent(1909, 2200)).toBe("86.77%");
    expect(ratioBasisPoints(1, 0)).toBeNull();
    expect(formatBasisPoints(null)).toBe("—");
  });
  it("rounds half up exactly, for any integers (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 15n }), (n, d) => {
        const q = divRoundHalfUp(n, d);
        // |n/d − q| ≤ 1/2, and exactly 1/2 only rounds away from zero.
        const diff2 = 2n * (n - q * d); // 2·(n − q·d) compared with d
        expect(diff2 <= d && diff2 >= -d).toBe(true);
        if (diff2 === d) expect(n < 0n).toBe(true);
        if (diff2 === -d) expect(n > 0n).toBe(true);
      }),
    );
  });
  it("a ratio in numbers equals the BigInt quotient, near integers, halves and 2^52 too (property)", () => {
    const exact = (n: number, d: number) => Number(divRoundHalfUp(BigInt(n) * 10000n, BigInt(d)));
    const int = fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.maxSafeNat(), fc.integer({ min: 2 ** 48 - 5, max: 2 ** 48 + 5 }));
    fc.assert(
      fc.property(int, fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })), (n, d) => {
        expect(ratioBasisPoints(n, d)).toBe(exact(n, d));
      }),
      { numRuns: 2000 },
    );
    for (const [n, d] of [[1, 20_000], [3, 20_000], [2 ** 38, 2 ** 38 * 3], [Math.floor(2 ** 52 / 10000), 7], [Math.floor(2 ** 52 / 10000) + 1, 7], [1, 3], [2, 3], [Number.MAX_SAFE_INTEGER, 1]]) {
      expect(ratioBasisPoints(n, d)).toBe(exact(n, d));
    }
  });
  it("sums products exactly, in numbers and past 2^53 (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(fc.nat(10 ** 6), fc.maxSafeNat()), fc.nat(10_000)), { maxLength: 40 }), (pairs) => {
        const s = new ExactSum();
        for (const [a, b] of pairs) s.addProduct(a, b);
        expect(s.value()).toBe(pairs.reduce((t, [a, b]) => t + BigInt(a) * BigInt(b), 0n));
      }),
    );
  });
  it("the rate of a union is paid ÷ allocated of the union, not a mean of rates (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fenArb, fenArb), { minLength: 1, maxLength: 30 }), (slices) => {
        const allocated = sumFen(slices.map(([a]) => a));
        const paid = sumFen(slices.map(([, p]) => p));
        const expected = allocated === 0 ? null : Math.round((paid / allocated) * 10000);
        const bp = ratioBasisPoints(paid, allocated);
        if (expected === null) expect(bp).toBeNull();
        else expect(Math.abs(bp! - expected)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe("apportion", () => {
  it("never loses or invents a 分 (property)", () => {
    fc.assert(
      fc.property(fenArb, fc.array(fc.integer({ min: 0, max: 10 ** 6 }), { minLength: 1, maxLength: 50 }), (total, weights) => {
        fc.pre(weights.some((w) => w > 0));
        const parts = apportion(total, weights);
        expect(sumFen(parts)).toBe(total);
        const wsum = weights.reduce((a, b) => a + b, 0);
        parts.forEach((p, i) => {
          // Each part is within one 分 of its exact share, and a zero weight gets nothing.
          const exact = (total * weights[i]) / wsum;
          expect(Math.abs(p - exact)).toBeLessThan(1.0001);
          if (weights[i] === 0) expect(p).toBe(0);
        });
      }),
    );
  });
  it("splits 100 分 three ways as 34 + 33 + 33", () => {
    expect(apportion(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });
});

describe("sums", () => {
  it("refuse to lose precision beyond 2^53 分", () => {
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 2])).toThrow();
  });
});

describe("exactTotal and 年度合计上限", () => {
  it("adds past 2^53 分 without losing a 分, where a number sum would", () => {
    const values = [Number.MAX_SAFE_INTEGER, 1, 1];
    expect(exactTotal(values)).toBe(9_007_199_254_740_993n);
    expect(BigInt(values.reduce((a, b) => a + b, 0))).not.toBe(9_007_199_254_740_993n);
  });
  it("names the total and the bound in 万元", () => {
    expect(describeOverYearTotal("下达", 9_007_199_254_740_993n, 100_000_000_000_000)).toBe(
      "写入后本资金年度的下达合计将达到 9,007,199,254.74 万元，超过年度合计上限 100,000,000 万元，未写入。请核对金额及单位（元或万元）",
    );
  });
});
