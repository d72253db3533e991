import type { IsoDate } from "../../core/dates";

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar date in Beijing at `now` (UTC+8 all year: China keeps no daylight saving time). */
export function beijingDate(now: Date): IsoDate {
  return new Date(now.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** A daily job's key: the Beijing date, so each day runs once whatever the server's time zone. */
export const dailyKey = (now: Date): string => beijingDate(now);

/** `iso` plus `days` calendar days. */
export function addDays(iso: IsoDate, days: number): IsoDate {
  const t = Date.parse(iso + "T00:00:00Z") + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
