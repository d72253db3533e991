/**
 * Exact arithmetic of 因素法 allocation: shares of integer 分 by the largest-remainder method over
 * BigInt fractions, and exact decimal texts read into scaled BigInt. Nothing here is a binary float.
 */
import { AllocationError } from "./types";

/** A non-negative fraction of BigInts; den > 0. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

/**
 * Splits `totalFen` 分 into parts proportional to `parts` (normalised by their sum, so they need not
 * sum to 1) by the largest-remainder method: each exact share floored, then the 分 left go one each to
 * the largest remainders. Ties go to the smaller key (`keys`, e.g. county ids; the index when not
 * given), so the result does not depend on the order of the input. The parts add up to `totalFen`.
 */
export function apportion(totalFen: number, parts: readonly Ratio[], keys?: readonly number[]): number[] {
  if (!Number.isSafeInteger(totalFen) || totalFen < 0) throw new AllocationError(`待分配金额「${totalFen}」不是非负整数分`);
  if (keys && keys.length !== parts.length) throw new AllocationError("分配的份额与排序键数目不一致");
  if (parts.length === 0) {
    if (totalFen === 0) return [];
    throw new AllocationError("没有可分配的对象");
  }
  for (const p of parts) {
    if (p.den <= 0n || p.num < 0n) throw new AllocationError("分配份额应为非负数");
  }
  // Bring every fraction over the least common denominator: integer weights with the same ratios.
  let lcm = 1n;
  for (const p of parts) lcm = (lcm / gcd(lcm, p.den)) * p.den;
  const weights = parts.map((p) => p.num * (lcm / p.den));
  const sum = weights.reduce((a, b) => a + b, 0n);
  const t = BigInt(totalFen);
  if (sum === 0n) {
    if (t === 0n) return parts.map(() => 0);
    throw new AllocationError("分配份额均为0，无法分配");
  }
  const floors = weights.map((w) => (t * w) / sum);
  const order = weights.map((w, i) => ({ i, r: (t * w) % sum, key: keys ? keys[i] : i }));
  order.sort((a, b) => (a.r === b.r ? a.key - b.key : a.r > b.r ? -1 : 1));
  let left = t - floors.reduce((a, b) => a + b, 0n);
  for (const { i } of order) {
    if (left <= 0n) break;
    floors[i] += 1n;
    left -= 1n;
  }
  return floors.map(Number);
}

/** Decimal texts (factors, coefficients) are read to this many places. */
export const DECIMAL_PLACES = 6;
export const DECIMAL_SCALE = 10n ** BigInt(DECIMAL_PLACES);

export type DecimalRead = { ok: true; units: bigint } | { ok: false; problem: "negative" | "format" };

/**
 * Reads a non-negative decimal text ("517.80", "1.2", "0") exactly into units of 10^-6. Trailing zeros
 * of the fraction do not count toward the six places; a sign, exponent or stray character is refused.
 */
export function readExactDecimal(text: string): DecimalRead {
  const t = typeof text === "string" ? text.trim() : "";
  const m = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(t) ?? /^([+-])?()\.(\d+)$/.exec(t);
  if (!m) return { ok: false, problem: "format" };
  const [, sign, whole, fracRaw = ""] = m;
  const frac = fracRaw.replace(/0+$/, "");
  if (frac.length > DECIMAL_PLACES) return { ok: false, problem: "format" };
  const units = BigInt(whole || "0") * DECIMAL_SCALE + BigInt((frac + "0".repeat(DECIMAL_PLACES)).slice(0, DECIMAL_PLACES));
  if (sign === "-" && units !== 0n) return { ok: false, problem: "negative" };
  return { ok: true, units };
}

/** The Chinese message for a decimal `readExactDecimal` refused, naming whose field it is. */
export function decimalProblemMessage(owner: string, field: string, text: string, problem: "negative" | "format"): string {
  const shown = typeof text === "string" ? text : String(text);
  return problem === "negative"
    ? `${owner}的${field}「${shown}」不是非负数`
    : `${owner}的${field}「${shown}」不是有效的数（应为非负数，最多${DECIMAL_PLACES}位小数）`;
}

/** num ÷ den in basis points, half up; 0 when den is 0. */
export function shareBasisPoints(num: number, den: number): number {
  if (den === 0) return 0;
  const n = BigInt(num) * 10000n;
  const d = BigInt(den);
  return Number((2n * n + d) / (2n * d));
}
