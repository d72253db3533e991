/**
 * How a figure is shown, one formatter per kind: every table column, statistic, chart label and
 * tooltip, export cell and CLI table writes its figures through these, so one column never mixes
 * 61.7 with 93.08. Inputs are exact integers (分, hundredths of a point, basis points); the text is
 * built with integer arithmetic only (BigInt), never through a binary float. No value → "—".
 *
 * Report text keeps the seed's own forms (23,763万元, 91.5分): `core/money.formatWan` and
 * `core/scoring/points.formatPoints` without `fixed`.
 */
import { divRoundHalfUp, FEN_PER_WAN, formatBasisPoints, type Fen } from "./money";
import { formatDateCn, type IsoDate } from "./dates";
import type { Centi } from "./scoring/points";

/** What a cell shows when there is no figure. */
export const NONE = "—";

type Maybe<T> = T | null | undefined;

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A fixed-point integer with exactly `scale` decimals, thousands grouped; "-0.00" never appears. */
function fixed(units: bigint, scale: number): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const base = 10n ** BigInt(scale);
  const text = group((abs / base).toString()) + (scale > 0 ? "." + (abs % base).toString().padStart(scale, "0") : "");
  return negative && abs !== 0n ? "-" + text : text;
}

/** 23,763.00 — an amount in 万元 with exactly two decimals, half-up from 分 (tables, tooltips, exports). */
export function formatWan(fen: Maybe<Fen | bigint>): string {
  if (fen === null || fen === undefined) return NONE;
  // 0.01 万元 = 100 元 = 10,000 分
  return fixed(divRoundHalfUp(BigInt(fen), BigInt(FEN_PER_WAN / 100)), 2);
}

/** 386,273.00 — an amount in 元 exact to the 分 (vouchers and the records of a detail table). */
export function formatYuan(fen: Maybe<Fen | bigint>): string {
  if (fen === null || fen === undefined) return NONE;
  return fixed(BigInt(fen), 2);
}

/** 93.08, 84.00 — a score in hundredths of a point with exactly two decimals. */
export function formatScore(centi: Maybe<Centi>): string {
  if (centi === null || centi === undefined) return NONE;
  return fixed(BigInt(centi), 2);
}

/** 81.24%, 87%, 100% — a rate in basis points as the seed writes it (at most two decimals, half-up upstream). */
export function formatRate(bp: Maybe<number>): string {
  if (bp === null || bp === undefined) return NONE;
  return formatBasisPoints(bp);
}

/** 1,521 — a whole count with thousands separators. */
export function formatCount(n: Maybe<number | bigint>): string {
  if (n === null || n === undefined) return NONE;
  const v = BigInt(n);
  return (v < 0n ? "-" : "") + group((v < 0n ? -v : v).toString());
}

/** 2022年6月30日 — an ISO date as every page and the seed write it. */
export function formatDate(iso: Maybe<IsoDate>): string {
  if (!iso) return NONE;
  return formatDateCn(iso);
}

/**
 * 58.02, 1,200, 517.8 — a measured quantity (a 绩效目标's target or actual, in its own unit) from
 * 1/10^4 units, half-up to at most two decimals as the seed writes its figures (trailing zeros dropped:
 * each row of a target table has its own unit, so rows need not line up).
 */
export function formatMeasure(scaled: Maybe<number>): string {
  if (scaled === null || scaled === undefined) return NONE;
  const hundredths = divRoundHalfUp(BigInt(scaled), 100n);
  return fixed(hundredths, 2).replace(/\.00$/, "").replace(/(\.\d)0$/, "$1");
}

/**
 * 高 1.61 个百分点, 低 0.5 个百分点, 持平 — a rate beside another (a county's 预算执行率 beside the
 * city's): the difference of two basis-point rates in 百分点, as the seed writes rates.
 */
export function formatRateGap(bp: Maybe<number>, than: Maybe<number>): string {
  if (bp === null || bp === undefined || than === null || than === undefined) return NONE;
  const d = bp - than;
  if (d === 0) return "持平";
  return `${d > 0 ? "高" : "低"} ${formatBasisPoints(Math.abs(d)).replace("%", "")} 个百分点`;
}
