import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { apportion, readExactDecimal, shareBasisPoints } from "./apportion";
import { AllocationError } from "./types";

const r = (num: bigint | number, den: bigint | number = 1n) => ({ num: BigInt(num), den: BigInt(den) });

describe("largest-remainder apportionment", () => {
  it("parts add up to the total exactly and stay within one 分 of the exact share (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.array(fc.record({ num: fc.bigInt({ min: 0n, max: 10n ** 15n }), den: fc.bigInt({ min: 1n, max: 10n ** 6n }) }), { minLength: 1, maxLength: 30 }),
        (total, parts) => {
          fc.pre(parts.some((p) => p.num > 0n));
          const out = apportion(total, parts);
          expect(out.reduce((a, b) => a + b, 0)).toBe(total);
          // |out_i − T·a_i/Σa| < 1, checked over the common denominator Π den.
          const prod = parts.reduce((a, p) => a * p.den, 1n);
          const w = parts.map((p) => p.num * (prod / p.den));
          const sum = w.reduce((a, b) => a + b, 0n);
          out.forEach((o, i) => {
            const diff = BigInt(o) * sum - BigInt(total) * w[i];
            expect(diff < sum && diff > -sum).toBe(true);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("does not depend on the order of the parts when keys are given (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 20, maxLength: 20 }),
        (total, keys, weights) => {
          const parts = keys.map((_, i) => r(weights[i] + (i === 0 ? 1 : 0)));
          const out = apportion(total, parts, keys);
          const reversed = apportion(total, [...parts].reverse(), [...keys].reverse());
          expect([...reversed].reverse()).toEqual(out);
        },
      ),
    );
  });

  it("normalises parts that do not sum to 1 and gives ties to the smaller key", () => {
    // 10 分 in thirds: 3.33… each; the one 分 left goes to the smallest key, 5.
    expect(apportion(10, [r(1, 3), r(1, 3), r(1, 3)], [9, 5, 7])).toEqual([3, 4, 3]);
    // 2 : 1 : 1 of 7 分: 3.5, 1.75, 1.75 → 3, 1, 1 and two left for .75, .75 (the .5 loses).
    expect(apportion(7, [r(2), r(1), r(1)])).toEqual([3, 2, 2]);
    expect(apportion(100, [r(1, 2), r(1, 4), r(1, 4)])).toEqual([50, 25, 25]);
  });

  it("refuses money with nothing to share it by, negative parts and a non-integer total", () => {
    expect(apportion(0, [r(0), r(0)])).toEqual([0, 0]);
    expect(apportion(0, [])).toEqual([]);
    expect(() => apportion(5, [r(0), r(0)])).toThrow(AllocationError);
    expect(() => apportion(5, [])).toThrow("没有可分配的对象");
    expect(() => apportion(5, [r(-1), r(2)])).toThrow("分配份额应为非负数");
    expect(() => apportion(1.5, [r(1)])).toThrow("不是非负整数分");
  });
});

describe("exact decimals", () => {
  it("reads up to six places exactly and says why it refuses", () => {
    expect(readExactDecimal("1.2")).toEqual({ ok: true, units: 1_200_000n });
    expect(readExactDecimal(" 5178000.00 ")).toEqual({ ok: true, units: 5_178_000_000_000n });
    expect(readExactDecimal("0.0000010")).toEqual({ ok: true, units: 1n });
    expect(readExactDecimal(".5")).toEqual({ ok: true, units: 500_000n });
    expect(readExactDecimal("-0")).toEqual({ ok: true, units: 0n });
    expect(readExactDecimal("-1")).toEqual({ ok: false, problem: "negative" });
    expect(readExactDecimal("0.0000001")).toEqual({ ok: false, problem: "format" });
    expect(readExactDecimal("1e3")).toEqual({ ok: false, problem: "format" });
    expect(readExactDecimal("1,000")).toEqual({ ok: false, problem: "format" });
    expect(readExactDecimal("")).toEqual({ ok: false, problem: "format" });
  });

  it("gives shares in basis points half up", () => {
    expect(shareBasisPoints(561_851, 1_000_000)).toBe(5619);
    expect(shareBasisPoints(438_149, 1_000_000)).toBe(4381);
    expect(shareBasisPoints(1, 20_000)).toBe(1);
    expect(shareBasisPoints(0, 0)).toBe(0);
  });
});
