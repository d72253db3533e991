import { clipText } from "./text";

/**
 * Money is integer 分 (fen) everywhere. A JavaScript number holds any integer up to 2^53 exactly
 * (about 900 亿亿分), far beyond any budget; products that could pass that bound use BigInt.
 */
export type Fen = number;

/** 1 元 = 100 分; 1 万元 = 1,000,000 分. */
export const FEN_PER_YUAN = 100;
export const FEN_PER_WAN = 1_000_000;

export class MoneyError extends Error {}

export function assertFen(value: number): Fen {
  if (!Number.isSafeInteger(value)) throw new MoneyError(`not an exact amount in 分: ${value}`);
  return value;
}

/** Sum amounts in 分; throws rather than lose precision. */
export function sumFen(values: Iterable<Fen>): Fen {
  let total = 0;
  for (const v of values) total += v;
  return assertFen(total);
}

/** Converts a database value (int8 as number from PGlite, string from pg, numeric as string) to 分. */
export function toFen(value: unknown): Fen {
  if (value === null || value === undefined) return 0;
  const n = typeof value === "bigint" ? Number(value) : typeof value === "string" ? Number(value) : (value as number);
  return assertFen(n);
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;
/** Thousands separators: the whole part in groups of three after a leading group of one to three digits. */
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * Why a text is not an exact decimal: `format` not a plain number, `grouping` commas that are not
 * thousands separators ("10,50", "1,0,0"), `precision` more fraction digits than the scale allows,
 * `too_large` beyond what a JavaScript number holds exactly (2^53 units).
 */
export type DecimalProblem = "format" | "grouping" | "precision" | "too_large";
export type DecimalReading = { ok: true; units: number } | { ok: false; problem: DecimalProblem };

/**
 * Reads a decimal text exactly into an integer count of `1 / 10^scale` units, or says why it cannot.
 * A comma is read only as a thousands separator in groups of three (1,234,567.89). Trailing zeros of
 * the fraction are dropped before the precision check; size is checked before precision, so
 * 99999999999999999999.999 is too large rather than too precise.
 */
export function readDecimal(text: string, scale: number): DecimalReading {
  let t = text.trim();
  if (t.includes(",")) {
    if (!GROUPED.test(t)) return { ok: false, problem: DECIMAL.test(t.replace(/,/g, "")) ? "grouping" : "format" };
    t = t.replace(/,/g, "");
  }
  const m = DECIMAL.exec(t);
  if (!m) return { ok: false, problem: "format" };
  const [, sign, whole, fracRaw = ""] = m;
  const frac = fracRaw.replace(/0+$/, "");
  const wholeUnits = BigInt(whole) * 10n ** BigInt(scale);
  if (wholeUnits > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, problem: "too_large" };
  if (frac.length > scale) return { ok: false, problem: "precision" };
  const units = wholeUnits + BigInt((frac + "0".repeat(scale)).slice(0, scale) || "0");
  if (units > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, problem: "too_large" };
  return { ok: true, units: Number(sign === "-" ? -units : units) };
}

/**
 * Parses a decimal text exactly into an integer count of `1 / 10^scale` units, or null when
 * `readDecimal` refuses it (not a plain decimal, stray commas, too fine or too large).
 */
export function parseDecimal(text: string, scale: number): number | null {
  const r = readDecimal(text, scale);
  return r.ok ? r.units : null;
}

/** Unit in which a user writes an amount. */
export type AmountUnit = "wan" | "yuan";
const SCALE: Record<AmountUnit, number> = { wan: 6, yuan: 2 };

/**
 * Reads an amount written in 万元 or 元 (text, or a spreadsheet number whose shortest decimal form is
 * what the user typed) into 分, or says why it cannot (see `readDecimal`).
 */
export function readAmount(value: string | number, unit: AmountUnit): DecimalReading {
  if (typeof value === "number") {
    if (Number.isNaN(value)) return { ok: false, problem: "format" };
    if (!Number.isFinite(value)) return { ok: false, problem: "too_large" };
    // String(x) is the shortest decimal that round-trips to x, i.e. what was typed in the cell. It
    // switches to exponent form from 1e21 up (too large anyway) and below 1e-6 (finer than 1 分).
    const typed = String(value);
    if (/e/i.test(typed)) return { ok: false, problem: Math.abs(value) >= 1 ? "too_large" : "precision" };
    return readDecimal(typed, SCALE[unit]);
  }
  return readDecimal(value, SCALE[unit]);
}

/**
 * Reads an amount written in 万元 or 元 into 分. Returns null when it is not a number, is finer than
 * 1 分 or too large to hold exactly; `readAmount` says which.
 */
export function parseAmount(value: string | number, unit: AmountUnit): Fen | null {
  const r = readAmount(value, unit);
  return r.ok ? r.units : null;
}

/**
 * What to tell a user about an amount `readAmount` refused (the caller words `format` itself when it
 * knows more, e.g. a unit typed into the cell). `shown` is the cell as typed.
 */
export function describeAmountProblem(shown: string, problem: DecimalProblem, unit: AmountUnit): string {
  const v = clipText(shown);
  switch (problem) {
    case "format":
      return `金额「${v}」不是数字（不要带单位或文字，单位见列名）`;
    case "grouping":
      return `金额「${v}」中的逗号不是千位分隔符：逗号只能每三位一组（如 1,234,567.89），请删去逗号或改正`;
    case "precision":
      return `金额「${v}」超出精度：最多精确到分（${unit === "wan" ? "万元后6位小数" : "元后2位小数"}）`;
    case "too_large":
      return `金额「${v}」过大，超出可记录的范围，请核对`;
  }
}

/** A row's amount above the per-row bound 单笔上限 (a setting): the message names both in 万元. */
export function describeOverLimit(fen: Fen, limitFen: Fen): string {
  return `金额超过单笔上限 ${formatWan(limitFen, { grouping: true })} 万元，请核对（本行为 ${formatWan(fen, { grouping: true, decimals: 6 })} 万元）`;
}

/** The exact sum of amounts as a BigInt, for totals that may pass 2^53 分 before a bound refuses them. */
export function exactTotal(values: Iterable<Fen>): bigint {
  let total = 0n;
  for (const v of values) total += BigInt(v);
  return total;
}

/**
 * 年度合计上限: a fund year's total of one kind of money (下达, 支付, 计划投资, 改造内容金额, 完成投资) after
 * a write would pass the bound (a setting). The message names the total and the bound in 万元.
 */
export function describeOverYearTotal(what: string, totalFen: bigint, limitFen: Fen): string {
  return `写入后本资金年度的${what}合计将达到 ${formatWan(totalFen, { grouping: true })} 万元，超过年度合计上限 ${formatWan(limitFen, { grouping: true })} 万元，未写入。请核对金额及单位（元或万元）`;
}

/** Rounds a non-negative or negative integer quotient n / d half away from zero, exactly. */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new MoneyError("division by zero");
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  if (n >= 0n) return 2n * r >= d ? q + 1n : q;
  return -2n * r >= d ? q - 1n : q;
}

/** Trims trailing zeros of a fixed-point integer rendered with `scale` decimals. */
function fixedToText(units: bigint, scale: number, grouping: boolean): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const base = 10n ** BigInt(scale);
  let whole = (abs / base).toString();
  const frac = scale > 0 ? (abs % base).toString().padStart(scale, "0").replace(/0+$/, "") : "";
  if (grouping) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (negative ? "-" : "") + whole + (frac ? "." + frac : "");
}

/**
 * An amount in 万元 as the seed writes it: at most two decimals, half-up, trailing zeros dropped
 * (23763, 239.9, 16.16). `grouping` adds thousands separators for tables (23,763).
 */
export function formatWan(fen: Fen | bigint, options: { grouping?: boolean; decimals?: number } = {}): string {
  const decimals = options.decimals ?? 2;
  const units = divRoundHalfUp(BigInt(fen), BigInt(FEN_PER_WAN / 10 ** decimals));
  return fixedToText(units, decimals, options.grouping ?? false);
}

/**
 * A ratio num / den as hundredths of a percent (万分位, "basis points"), half-up; null when den is 0.
 * 81.24% is 8124. Exact for any integer inputs.
 */
export function ratioBasisPoints(num: number, den: number): number | null {
  if (den === 0) return null;
  const n = num * 10000;
  // Integers up to 2^52 in numbers: a float quotient is within one of the true one, and n − q·d is exact.
  if (num >= 0 && den > 0 && n <= SMALL && den <= SMALL && Number.isInteger(num) && Number.isInteger(den)) {
    let q = Math.floor(n / den);
    let r = n - q * den;
    if (r < 0) {
      q--;
      r += den;
    } else if (r >= den) {
      q++;
      r -= den;
    }
    return 2 * r >= den ? q + 1 : q;
  }
  return Number(divRoundHalfUp(BigInt(num) * 10000n, BigInt(den)));
}
const SMALL = 2 ** 52;

/**
 * An exact sum of integer products (Σ a·b, e.g. money × basis points) that stays in numbers while every
 * partial sum is a safe integer and carries over to BigInt when one would not be, so a city's thousands
 * of projects cost no BigInt each and a nation's sums are still exact.
 */
export class ExactSum {
  private small = 0;
  private big = 0n;
  addProduct(a: number, b: number): void {
    const p = a * b;
    const s = this.small + p;
    if (Number.isSafeInteger(p) && Number.isSafeInteger(s)) this.small = s;
    else {
      this.big += BigInt(this.small) + BigInt(a) * BigInt(b);
      this.small = 0;
    }
  }
  value(): bigint {
    return this.big + BigInt(this.small);
  }
}

/** Basis points as the seed prints a percentage: 81.24%, 100%, 87%. */
export function formatBasisPoints(bp: number | null): string {
  if (bp === null) return "—";
  return fixedToText(BigInt(bp), 2, false) + "%";
}

/** Shorthand: num / den as the seed prints it. */
export function formatPercent(num: number, den: number): string {
  return formatBasisPoints(ratioBasisPoints(num, den));
}

/**
 * Splits `total` 分 into parts proportional to `weights` (largest remainder), so the parts add up to
 * the total exactly. Ties go to the earlier index.
 */
export function apportion(total: Fen, weights: readonly number[]): Fen[] {
  assertFen(total);
  const w = weights.map((x) => BigInt(x));
  const sum = w.reduce((a, b) => a + b, 0n);
  if (weights.length === 0) return [];
  if (sum === 0n) throw new MoneyError("weights sum to zero");
  const t = BigInt(total);
  const parts = w.map((x) => (t * x) / sum);
  const remainders = w.map((x, i) => ({ i, r: (t * x) % sum }));
  let left = t - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0n) break;
    parts[i] += 1n;
    left -= 1n;
  }
  return parts.map(Number);
}
