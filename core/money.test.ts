import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  apportion,
  divRoundHalfUp,
  formatBasisPoints,
  formatPercent,
  formatWan,
  formatYuan,
  parseAmount,
  parseDecimal,
  ratioBasisPoints,
  sumFen,
} from "./money";

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
