/**
 * A fund year's dates (资金年度): the default 下达 and 支付 windows of a year, dates relative to a year
 * (a programme's monitoring defaults), and the shift to the next year. Pure: no clock.
 */
import { parseDate, type IsoDate } from "./dates";
import { MEASURE_LABEL, MONITOR_MEASURES, thresholdProblems, type MonitorMeasure } from "./monitoring";

export const FUND_YEAR_MIN = 2000;
export const FUND_YEAR_MAX = 2100;

/** The import windows of a fund year. */
export interface FundYearWindows {
  allocationFrom: IsoDate;
  allocationTo: IsoDate;
  paymentFrom: IsoDate;
  paymentTo: IsoDate;
}

/**
 * Defaults: 下达 from 1 October of the year before (advance allocations, 提前下达) to the year's end;
 * 支付 from the year's start to the end of the next year (当年开工，支付一般为下一年度).
 */
export function defaultWindows(year: number): FundYearWindows {
  return {
    allocationFrom: `${year - 1}-10-01`,
    allocationTo: `${year}-12-31`,
    paymentFrom: `${year}-01-01`,
    paymentTo: `${year + 1}-12-31`,
  };
}

/** The 评价日 a new year is offered: 30 June of the next year, as the seed's evaluation. */
export function defaultEvaluationDate(year: number): IsoDate {
  return `${year + 1}-06-30`;
}

/** A date given as a month-day in a year relative to the fund year (0: the year itself, 1: the next). */
export interface RelativeDate {
  yearOffset: number;
  /** "MM-DD" */
  monthDay: string;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Month and day in a year; 29 February of a year without one falls on the 28th. */
export function dateInYear(year: number, monthDay: string): IsoDate | null {
  const m = /^(\d{2})-(\d{2})$/.exec(monthDay);
  if (!m) return null;
  const md = monthDay === "02-29" && !isLeap(year) ? "02-28" : monthDay;
  return parseDate(`${String(year).padStart(4, "0")}-${md}`);
}

/** Whether "MM-DD" names a day of some year (02-29 counts). */
export function validMonthDay(monthDay: string): boolean {
  return dateInYear(2000, monthDay) !== null;
}

export function resolveRelative(year: number, d: RelativeDate): IsoDate | null {
  return dateInYear(year + d.yearOffset, d.monthDay);
}

/** The same day one or more years later (keeps month and day; 29 February → 28 February). */
export function shiftYears(date: IsoDate, years: number): IsoDate {
  const y = Number(date.slice(0, 4));
  const shifted = dateInYear(y + years, date.slice(5));
  if (!shifted) throw new Error(`not a date: ${date}`);
  return shifted;
}

/** An absolute date relative to a fund year, the inverse of resolveRelative. */
export function relativeTo(year: number, date: IsoDate): RelativeDate {
  return { yearOffset: Number(date.slice(0, 4)) - year, monthDay: date.slice(5) };
}

/** Problems of a year's 评价日 and windows, in Chinese, each naming its field. */
export function fundYearProblems(year: number, evaluationDate: IsoDate, w: FundYearWindows): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (w.allocationFrom > w.allocationTo) out.push({ field: "allocationFrom", message: "资金下达期的开始日期不能晚于结束日期" });
  if (w.paymentFrom > w.paymentTo) out.push({ field: "paymentFrom", message: "资金支付期的开始日期不能晚于结束日期" });
  // The 评价日 looks back on the year's money: not before the year has begun, nor years later.
  if (evaluationDate < `${year}-01-01`) out.push({ field: "evaluationDate", message: `评价日不能早于${year}年1月1日` });
  if (evaluationDate > `${year + 2}-12-31`) out.push({ field: "evaluationDate", message: `评价日不能晚于${year + 2}年12月31日` });
  if (w.allocationFrom < `${year - 2}-01-01` || w.allocationTo > `${year + 2}-12-31`) {
    out.push({ field: "allocationFrom", message: `资金下达期应在${year - 2}年至${year + 2}年之间` });
  }
  if (w.paymentFrom < `${year - 2}-01-01` || w.paymentTo > `${year + 3}-12-31`) {
    out.push({ field: "paymentFrom", message: `资金支付期应在${year - 2}年至${year + 3}年之间` });
  }
  return out;
}

/** A programme's default monitoring indicator, its window relative to the fund year. */
export interface RelativeIndicator {
  measure: MonitorMeasure;
  name: string;
  from: RelativeDate;
  to: RelativeDate;
  yellowGapBp: number;
  redGapBp: number;
}

const relLabel = (d: RelativeDate) => `${d.yearOffset === 0 ? "当年" : d.yearOffset > 0 ? `次${d.yearOffset > 1 ? d.yearOffset : ""}年` : `上${d.yearOffset < -1 ? -d.yearOffset : ""}年`}${d.monthDay}`;

/** Problems of a programme's monitoring defaults (each measure once, valid days, window order, thresholds). */
export function relativeIndicatorProblems(list: readonly RelativeIndicator[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const x of list) {
    const label = x.name || MEASURE_LABEL[x.measure] || x.measure;
    if (!(MONITOR_MEASURES as readonly string[]).includes(x.measure)) out.push(`「${label}」的监测内容无效`);
    if (seen.has(x.measure)) out.push(`「${MEASURE_LABEL[x.measure]}」出现了两次`);
    seen.add(x.measure);
    for (const d of [x.from, x.to]) if (!validMonthDay(d.monthDay)) out.push(`「${label}」的日期「${d.monthDay}」无效，应为 MM-DD`);
    const later = x.from.yearOffset !== x.to.yearOffset ? x.from.yearOffset > x.to.yearOffset : x.from.monthDay > x.to.monthDay;
    if (later) out.push(`「${label}」的监测期结束（${relLabel(x.to)}）早于开始（${relLabel(x.from)}）`);
    for (const p of thresholdProblems(x)) out.push(`「${label}」：${p}`);
  }
  return out;
}
