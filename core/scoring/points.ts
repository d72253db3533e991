/**
 * Scores are integer hundredths of a point (0.01 分), so every table adds up exactly: 19.09 分 is 1909.
 * Weights use the same unit (22 分 = 2200). Rules compute from exact fractions and round once, half up,
 * to the hundredth (shared/SPEC.md §4).
 */
import { divRoundHalfUp, ratioBasisPoints } from "../money";

/** Points in hundredths: 90.02 分 = 9002. */
export type Centi = number;

export const CENTI_PER_POINT = 100;

/** An exact non-negative fraction of integers, e.g. paid ÷ allocated in 分, or 1128 ÷ 1200 answers. */
export interface Fraction {
  num: number;
  den: number;
}

export class ScoringError extends Error {}

export function assertCenti(value: number): Centi {
  if (!Number.isSafeInteger(value)) throw new ScoringError(`not a score in hundredths: ${value}`);
  return value;
}

/** weight × num ÷ den, rounded half up to the hundredth; exact for any integer inputs. */
export function scaleCenti(weight: Centi, num: number | bigint, den: number | bigint): Centi {
  return Number(divRoundHalfUp(BigInt(weight) * BigInt(num), BigInt(den)));
}

/** num ÷ den in basis points (万分之一), half up; null when den is 0. */
export function fractionBp(f: Fraction): number | null {
  return ratioBasisPoints(f.num, f.den);
}

/** Compares num/den with a threshold given in 1/10000 units (8500 = 0.85, 30000 = 3). */
export function compareE4(f: Fraction, thresholdE4: number): -1 | 0 | 1 {
  const left = BigInt(f.num) * 10000n;
  const right = BigInt(thresholdE4) * BigInt(f.den);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Points as the seed prints them in tables: two decimals at most, trailing zeros dropped (91.5, 84,
 * 90.02). `fixed` keeps both decimals, as the seed's text does (3.70 分).
 */
export function formatPoints(c: Centi | null, options: { fixed?: boolean } = {}): string {
  if (c === null) return "—";
  const negative = c < 0;
  const abs = Math.abs(c);
  const whole = Math.trunc(abs / 100);
  let frac = String(abs % 100).padStart(2, "0");
  if (!options.fixed) frac = frac.replace(/0+$/, "");
  return (negative ? "-" : "") + whole + (frac ? "." + frac : "");
}

/** Reads a score written as text or a number (e.g. "3.7", 12.09) into hundredths; null when finer than 0.01. */
export function parsePoints(value: string | number): Centi | null {
  const text = typeof value === "number" ? String(value) : value.trim();
  const m = /^(-)?(\d+)(?:\.(\d{1,2})0*)?$/.exec(text);
  if (!m) return null;
  const c = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0") || "0");
  return Number.isSafeInteger(c) ? (m[1] ? -c : c) : null;
}
