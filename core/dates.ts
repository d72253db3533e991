/** Dates are ISO strings 'YYYY-MM-DD' in the domain: no time zone, no clock. */
export type IsoDate = string;

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const LOOSE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

function valid(y: number, m: number, d: number): IsoDate | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * Reads a date as people write it in a spreadsheet: 2022-06-30, 2022/6/30, 2022.6.30, 2022年6月30日,
 * 20220630, or an Excel date cell (a Date at midnight UTC). Returns null for anything else.
 */
export function parseDate(value: string | number | Date | null | undefined): IsoDate | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return valid(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  const text = String(value).trim();
  const m = ISO.exec(text) ?? LOOSE.exec(text) ?? COMPACT.exec(text);
  if (!m) return null;
  return valid(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** 2022-06-30 → 2022年6月30日, as the seed writes dates. */
export function formatDateCn(iso: IsoDate): string {
  const m = ISO.exec(iso);
  if (!m) return iso;
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Share of the year [from, to] elapsed at `asOf`, in basis points, clamped to 0..10000. */
export function elapsedBasisPoints(from: IsoDate, to: IsoDate, asOf: IsoDate): number {
  const a = Date.parse(from + "T00:00:00Z");
  const b = Date.parse(to + "T00:00:00Z");
  const t = Date.parse(asOf + "T00:00:00Z");
  if (t <= a) return 0;
  if (t >= b) return 10000;
  return Math.round(((t - a) / (b - a)) * 10000);
}

/**
 * The calendar months wholly on or before `asOf` (those starting before `wholeBefore`), and, when
 * `asOf` is not a month's last day, the first day of the month it falls in (`partFrom`): that month
 * counts only from `partFrom` to `asOf`.
 */
export function monthsUpTo(asOf: IsoDate): { wholeBefore: IsoDate; partFrom: IsoDate | null } {
  const d = new Date(Date.parse(asOf + "T00:00:00Z") + 86_400_000);
  const wholeBefore = `${String(d.getUTCFullYear()).padStart(4, "0")}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-01`;
  return { wholeBefore, partFrom: d.getUTCDate() === 1 ? null : asOf.slice(0, 8) + "01" };
}
