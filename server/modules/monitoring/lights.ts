/**
 * How 双监控 lights are computed, shared by the board and the county view: each project's progress at a
 * period's end (its dates, latest report and the ledger as of that day) and the cells of a project,
 * a county or the city against the indicators (core/monitoring).
 */
import {
  classifyLag,
  describeExpectation,
  groupExpectationBp,
  MEASURE_RULE,
  measureProgress,
  projectExpectationBp,
  type Light,
  type MonitorMeasure,
  type PaymentStep,
  type Period,
  type ProjectProgress,
} from "../../../core/monitoring";
import type { Cell, Indicator } from "../../../contracts/monitoring";
import type { DbOrTx } from "../../../db/open";
import type { TrackedTable } from "../../derived";
import type { ProgressBasics } from "../projects/service";
import * as repo from "./repository";

export type IndicatorRow = Awaited<ReturnType<typeof repo.listIndicators>>[number];

/** An indicator as the pages show it; 资金支付进度 explains the fund year's payment schedule. */
export const indicatorInfo = (i: IndicatorRow, schedule: readonly PaymentStep[]): Indicator => ({
  id: i.id,
  measure: i.measure,
  name: i.name,
  rule: MEASURE_RULE[i.measure],
  expected: describeExpectation(i.measure, schedule),
  windowFrom: i.windowFrom,
  windowTo: i.windowTo,
  yellowGapBp: i.yellowGapBp,
  redGapBp: i.redGapBp,
});

/** The thresholds, windows and payment schedule in a derived figure's name (read before its versions). */
export const setupKey = (m: { indicators: IndicatorRow[]; schedule: readonly PaymentStep[] }) => JSON.stringify([m.indicators.map((i) => indicatorInfo(i, m.schedule)), m.schedule]);

/** Each project's progress at a period end: its dates, latest report and the ledger as of that day. */
export async function progressAt(
  db: DbOrTx,
  fundYearId: number,
  basics: readonly ProgressBasics[],
  period: Period,
  reports: Awaited<ReturnType<typeof repo.reportsUpTo>>,
  countyId?: number,
  /** repo.moneyByProject at the period's end, when the caller read it beside the projects. */
  moneyAtEnd?: Awaited<ReturnType<typeof repo.moneyByProject>>,
) {
  const money = moneyAtEnd ?? (await repo.moneyByProject(db, fundYearId, period.end, countyId));
  const latest = new Map<number, { period: string; physicalBp: number; investedFen: number }>();
  for (const r of reports) if (r.period <= period.code) latest.set(r.projectId, r); // oldest first: the last one wins
  const out = new Map<number, ProjectProgress & { report: { period: string; physicalBp: number; investedFen: number } | null }>();
  for (const p of basics) {
    const report = latest.get(p.id) ?? null;
    const m = money.get(p.id);
    out.set(p.id, {
      plannedFen: p.plannedFen,
      plannedStartOn: p.plannedStartOn,
      plannedCompletionOn: p.plannedCompletionOn,
      startedOn: p.actualStartOn,
      completedOn: p.actualCompletionOn,
      acceptedOn: p.actualAcceptanceOn,
      settledOn: p.actualSettlementOn,
      plannedSettlementOn: p.plannedSettlementOn,
      physicalBp: report?.physicalBp ?? null,
      investedFen: report?.investedFen ?? null,
      allocatedFen: m?.allocatedFen ?? 0,
      paidFen: m?.paidFen ?? 0,
      report,
    });
  }
  return out;
}

export type ExplanationLookup = (measure: MonitorMeasure, countyId: number, projectId: number | null) => repo.ExplanationRow | undefined;

export function lookup(rows: repo.ExplanationRow[], period: string): ExplanationLookup {
  const map = new Map(rows.filter((r) => r.period === period).map((r) => [`${r.measure}|${r.countyId}|${r.projectId ?? 0}`, r]));
  return (m, c, p) => map.get(`${m}|${c}|${p ?? 0}`);
}

/**
 * The cells of a county (or the city), or of one project when `list` holds one project: a project is
 * expected to keep its own planned 开工 / 完工 dates and its payment schedule (core
 * projectExpectationBp); a county its window, and for payments what its projects' schedules made due.
 */
export function cells(
  indicators: IndicatorRow[],
  schedule: readonly PaymentStep[],
  list: ProjectProgress[],
  period: Period,
  explain: (m: MonitorMeasure) => repo.ExplanationRow | undefined,
  single = false,
): Cell[] {
  return indicators.map((ind) => {
    const window = { from: ind.windowFrom, to: ind.windowTo };
    const expected = single ? projectExpectationBp(ind.measure, list[0], window, period.end, schedule) : groupExpectationBp(ind.measure, list, window, period.end, schedule);
    const lag = classifyLag(measureProgress(ind.measure, list, period.end), expected, ind);
    const e = lag.light === "yellow" || lag.light === "red" ? explain(ind.measure) : undefined;
    return {
      measure: ind.measure,
      ...lag,
      explanation: e ? { cause: e.cause, likelihood: e.likelihood, note: e.note, recordedBy: e.recordedBy ?? null, recordedAt: e.recordedAt.toISOString() } : null,
    };
  });
}

/**
 * Whether one project lags on any indicator (a yellow or red cell of `cells(…, [p], …, true)`), and
 * whether every one it lags on has its cause recorded: the board's 滞后项目 and 已说明 counts, without
 * building the cells of each of a nation's projects.
 */
export function projectLag(
  indicators: IndicatorRow[],
  schedule: readonly PaymentStep[],
  p: ProjectProgress,
  period: Period,
  explained: (m: MonitorMeasure) => boolean,
): { lagging: boolean; explained: boolean } {
  const one = [p];
  let lagging = false;
  let all = true;
  for (const ind of indicators) {
    const expected = projectExpectationBp(ind.measure, p, { from: ind.windowFrom, to: ind.windowTo }, period.end, schedule);
    const { light } = classifyLag(measureProgress(ind.measure, one, period.end), expected, ind);
    if (light === "yellow" || light === "red") {
      lagging = true;
      if (all && !explained(ind.measure)) all = false;
    }
  }
  return { lagging, explained: lagging && all };
}

const RANK: Record<Light, number> = { none: 0, green: 1, yellow: 2, red: 3 };
export const worst = (cs: Cell[]): Light => cs.reduce<Light>((a, c) => (RANK[c.light] > RANK[a] ? c.light : a), "none");

/** Every table the board reads (the slice, reports, explanations, the ledger, indicators). */
export const BOARD_TABLES: readonly TrackedTable[] = [
  "projects",
  "project_details",
  "project_investments",
  "funding_sources",
  "regions",
  "progress_reports",
  "lag_explanations",
  "allocations",
  "payments",
  "monitoring_indicators",
  "monitoring_settings",
  "users", // who recorded an explanation
];
