import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  areaWanM2Quantity,
  completionBp,
  costPerM2Quantity,
  countQuantity,
  formatAreaWan,
  formatQuantity,
  meetsTarget,
  parseQuantity,
  percentQuantity,
} from "./targets";

describe("target quantities are exact decimals", () => {
  it("reads and writes the seed's targets", () => {
    expect(parseQuantity("458.75")).toBe(4_587_500);
    expect(parseQuantity("48,400")).toBe(484_000_000);
    expect(parseQuantity(458.75)).toBe(4_587_500);
    expect(parseQuantity("1.23456")).toBeNull(); // finer than 1/10,000
    expect(parseQuantity("458.75万㎡")).toBeNull();
    expect(formatQuantity(4_587_500)).toBe("458.75");
    expect(formatQuantity(484_000_000, { grouping: true })).toBe("48,400");
    expect(formatQuantity(-5)).toBe("-0.0005");
  });

  it("round-trips any quantity (property)", () => {
    fc.assert(fc.property(fc.integer({ min: -(10 ** 14), max: 10 ** 14 }), (q) => {
      expect(parseQuantity(formatQuantity(q))).toBe(q);
    }));
  });

  it("turns registry sums into the units targets are written in", () => {
    expect(countQuantity(307)).toBe(3_070_000);
    expect(percentQuantity(8124)).toBe(812_400); // 81.24%
    expect(areaWanM2Quantity(517_800_000)).toBe(5_178_000); // 5,178,000 ㎡ = 517.8万㎡
    expect(areaWanM2Quantity(150)).toBe(2); // 1.5 ㎡ rounds half up to 2 ㎡ = 0.0002万㎡
    expect(costPerM2Quantity(5_800, 100)).toBe(580_000); // 58 元 over 1 ㎡ = 58 元/㎡
    expect(costPerM2Quantity(1, 0)).toBeNull();
    expect(formatAreaWan(517_800_000)).toBe("517.8");
    expect(formatAreaWan(68_885_154)).toBe("68.89"); // 688,851.54 ㎡ = 68.885154万㎡
    expect(formatAreaWan(12_345_678_900)).toBe("12,345.68"); // 123,456,789 ㎡
  });
});

describe("target completion (目标完成率)", () => {
  it("is actual ÷ target for a positive indicator: the seed's 307 of 285 projects", () => {
    // 307 ÷ 285 = 1.077192… → 107.72%
    expect(completionBp(countQuantity(307), countQuantity(285), "positive")).toBe(10772);
    // 517.8 ÷ 458.75 = 1.128719… → 112.87%
    expect(completionBp(5_178_000, 4_587_500, "positive")).toBe(11287);
  });

  it("is target ÷ actual for a negative indicator", () => {
    // a cost of 80 元/㎡ against at most 64 元/㎡: 64 ÷ 80 = 80%
    expect(completionBp(800_000, 640_000, "negative")).toBe(8000);
    expect(meetsTarget(800_000, 640_000, "negative")).toBe(false);
    expect(meetsTarget(640_000, 640_000, "negative")).toBe(true);
  });

  it("is not capped, and is unknown without an actual or with a zero divisor", () => {
    expect(completionBp(countQuantity(3), countQuantity(1), "positive")).toBe(30000);
    expect(completionBp(null, countQuantity(1), "positive")).toBeNull();
    expect(completionBp(countQuantity(1), 0, "positive")).toBeNull();
    expect(completionBp(0, countQuantity(1), "negative")).toBeNull();
  });

  it("reaches exactly 100% when the actual equals the target, either direction (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 12 }), fc.constantFrom("positive" as const, "negative" as const), (q, d) => {
        expect(completionBp(q, q, d)).toBe(10000);
        expect(meetsTarget(q, q, d)).toBe(true);
      }),
    );
  });
});
