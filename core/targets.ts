/**
 * 绩效目标: target values, actuals computed from the registry, and completion ratios. Quantities
 * (户, 个, 万㎡, %, 元/㎡ …) are exact decimals held as integers of 1/10,000 of their unit, so
 * 458.75万㎡ is 4,587,500 and no binary floating point touches a comparison.
 */
import { divRoundHalfUp, parseDecimal, ratioBasisPoints } from "./money";

/** Decimal places a quantity keeps. */
export const QUANTITY_SCALE = 4;
const ONE = 10 ** QUANTITY_SCALE;

/** A quantity in 1/10,000 of its unit. */
export type Scaled = number;

/** Positive: more is better (户数). Negative: less is better (单位面积成本). */
export type Direction = "positive" | "negative";

export const DIRECTION_LABEL: Record<Direction, string> = { positive: "正向", negative: "反向" };

/** Reads "458.75", "48,400" or a spreadsheet number; null when not a plain decimal of at most 4 places. */
export function parseQuantity(value: string | number): Scaled | null {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    value = String(value);
    if (/e/i.test(value)) return null;
  }
  return parseDecimal(value, QUANTITY_SCALE);
}

/** 4587500 → "458.75"; trailing zeros dropped, `grouping` adds thousands separators. */
export function formatQuantity(scaled: Scaled, options: { grouping?: boolean } = {}): string {
  const negative = scaled < 0;
  const abs = Math.abs(scaled);
  let whole = Math.trunc(abs / ONE).toString();
  const frac = String(abs % ONE).padStart(QUANTITY_SCALE, "0").replace(/0+$/, "");
  if (options.grouping) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (negative ? "-" : "") + whole + (frac ? "." + frac : "");
}

/** A whole count (项目数, 户数) as a quantity. */
export const countQuantity = (n: number): Scaled => n * ONE;

/** A rate in basis points (81.24% = 8124) as a quantity in %: 81.24. */
export const percentQuantity = (bp: number): Scaled => bp * 100;

/** An area in dm² (0.01 ㎡) as 万㎡, to the ㎡ (half-up): 517,800,000 dm² → 517.8. */
export function areaWanM2Quantity(dm2: number): Scaled {
  // 1 万㎡ = 10^6 dm², and the quantity counts 1/10^4 万㎡ = 100 dm².
  return Number(divRoundHalfUp(BigInt(dm2), 100n));
}

/** An area in dm² as the seed writes 万㎡: two decimals, half-up, trailing zeros dropped (517.8). */
export function formatAreaWan(dm2: number): string {
  // 0.01 万㎡ = 10,000 dm²; the quantity counts 1/10^4 万㎡.
  return formatQuantity(Number(divRoundHalfUp(BigInt(dm2), 10_000n)) * 100, { grouping: true });
}

/** Money per area in 元/㎡ from 分 and dm²: fen ÷ 100 ÷ (dm² ÷ 100) = fen ÷ dm². Null without area. */
export function costPerM2Quantity(fen: number, dm2: number): Scaled | null {
  if (dm2 === 0) return null;
  return Number(divRoundHalfUp(BigInt(fen) * BigInt(ONE), BigInt(dm2)));
}

/**
 * Target completion (目标完成率) in basis points: actual ÷ target for a positive indicator, target ÷
 * actual for a negative one. Not capped: whether 100% caps it is a scoring rule's business. Null
 * when the actual is unknown or the divisor is zero.
 */
export function completionBp(actual: Scaled | null, target: Scaled, direction: Direction): number | null {
  if (actual === null) return null;
  return direction === "positive" ? ratioBasisPoints(actual, target) : ratioBasisPoints(target, actual);
}

/** Whether an actual meets its target (positive: at least; negative: at most). */
export function meetsTarget(actual: Scaled | null, target: Scaled, direction: Direction): boolean | null {
  if (actual === null) return null;
  return direction === "positive" ? actual >= target : actual <= target;
}
