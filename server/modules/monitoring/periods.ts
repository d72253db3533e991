/** The reporting periods of a fund year's 双监控, shared by the monitoring views and the review of reports. */
import { periodOf, periodsBetween, type Period } from "../../../core/monitoring";
import type { PeriodInfo } from "../../../contracts/monitoring";
import type { DbOrTx } from "../../../db/open";
import { AppError } from "../../errors";
import { derived } from "../../derived";
import { resolveFundYear, type ScopeContext } from "../funds/service";
import * as repo from "./repository";

export const periodInfo = (p: Period): PeriodInfo => ({ code: p.code, label: p.label, start: p.start, end: p.end });

/** The fund year's indicators, payment schedule, reporting periods and the period asked for (default: the 评价日's). */
export async function resolveMonitoring(ctx: ScopeContext, fundYearId: number, period?: string) {
  const { db } = ctx;
  const { row, fundYear } = await resolveFundYear(ctx, fundYearId);
  // Read by every monitoring page: a derived figure (live inside a write's transaction).
  const [indicators, settings] = await derived(db, `monitoring.setup:${fundYear.id}`, { tables: ["monitoring_indicators", "monitoring_settings"], fundYearId: fundYear.id }, () =>
    Promise.all([repo.listIndicators(db, fundYear.id), repo.monitoringSettingsOf(db, fundYear.id)]),
  );
  const kind = settings.periodKind;
  const schedule = settings.paymentSchedule;
  if (!indicators.length) throw new AppError("NOT_FOUND", `${fundYear.year}年度尚未设置监测指标，请由财政或住建部门设置后再查看`);
  const from = indicators.reduce((a, i) => (i.windowFrom < a ? i.windowFrom : a), indicators[0].windowFrom);
  const to = indicators.reduce((a, i) => (i.windowTo > a ? i.windowTo : a), indicators[0].windowTo);
  const periods = periodsBetween(from, to, kind);
  let chosen: Period;
  if (period) {
    const p = periods.find((x) => x.code === period);
    if (!p) throw new AppError("VALIDATION_FAILED", `期次「${period}」不在本年度的监测期内（${periods[0].label}至${periods[periods.length - 1].label}）`);
    chosen = p;
  } else {
    const code = periodOf(fundYear.evaluationDate, kind).code;
    chosen = periods.find((p) => p.code === code) ?? (code < periods[0].code ? periods[0] : periods[periods.length - 1]);
  }
  return { row, fundYear, indicators, kind, schedule, periods, period: chosen };
}
