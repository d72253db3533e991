/**
 * How the allocation page writes its figures. Every amount arrives in 分 from the server; these only
 * format (exact, through BigInt) and read what a user types into integers. No money is computed here.
 */
import { formatWan as formatWanExact, parseDecimal } from "../../../../core/money";
import { formatScore, formatWan } from "../../../../core/format";
import { parsePoints, type Centi } from "../../../../core/scoring/points";

/** 25,000.00 — an amount in 万元 with exactly two decimals (half up from 分), thousands grouped. */
export const wan2 = (fen: number): string => formatWan(fen);

/** +12.34 / −5.00 / 0.00 — a difference in 万元 with its sign (a true minus sign). */
export function signedWan2(fen: number): string {
  const text = wan2(Math.abs(fen));
  if (text === "0.00") return "0.00";
  return fen > 0 ? `+${text}` : `−${text}`;
}

/** 97.012345 — the exact 万元 figure (to the 分) for a tooltip. */
export function wanExactText(fen: number): string {
  return formatWanExact(fen, { grouping: true, decimals: 6 });
}

/** 12.34% from basis points, always two decimals (shares of one total line up). */
export function share2(bp: number): string {
  return `${Math.trunc(bp / 100)}.${String(Math.abs(bp) % 100).padStart(2, "0")}%`;
}

/** 90.02 — a score in Centi with two decimals, — when none. */
export function score2(c: Centi | null): string {
  return formatScore(c);
}

export type Reading<T> = { ok: true; value: T } | { ok: false; message: string };

/** A what-if score typed by the user: 0 to 100 with at most two decimals, into Centi. */
export function readScore(text: string): Reading<Centi> {
  const t = text.trim();
  if (t === "") return { ok: false, message: "请填写假设得分" };
  const c = /^\d+(\.\d+)?$/.test(t) ? parsePoints(t) : null;
  if (c === null) return { ok: false, message: `假设得分「${t}」应为数字，最多 2 位小数（如 92.5）` };
  if (c > 10_000) return { ok: false, message: `假设得分「${t}」不能超过 100 分` };
  return { ok: true, value: c };
}

/** A weight typed as a percentage ("40", "12.5") into basis points; at most two decimals. */
export function readPercent(text: string, field: string): Reading<number> {
  const t = text.trim();
  if (t === "") return { ok: false, message: `请填写${field}` };
  const bp = /^\d+(\.\d+)?$/.test(t) ? parseDecimal(t, 2) : null;
  if (bp === null) return { ok: false, message: `${field}「${t}」应为不小于 0 的数，最多 2 位小数（单位 %）` };
  if (bp > 10_000) return { ok: false, message: `${field}「${t}」不能超过 100%` };
  return { ok: true, value: bp };
}

/** Basis points as the percentage text a weight field shows: 4000 → "40", 1250 → "12.5". */
export function percentText(bp: number): string {
  const frac = String(bp % 100).padStart(2, "0").replace(/0+$/, "");
  return `${Math.trunc(bp / 100)}${frac ? `.${frac}` : ""}`;
}
