/** One county's 双监控 (its lights, trend and projects), set against the city. */
import { statusFromDates } from "../../../core/registry";
import type { Period } from "../../../core/monitoring";
import type { Cell, CountyMonitor } from "../../../contracts/monitoring";
import { notFound } from "../../errors";
import { derived } from "../../derived";
import { assertCounty, type ServiceContext } from "../../context";
import { reviewStatus } from "../review/service";
import { listCounties } from "../../../db/queries/reference";
import { basicsOf, loadProgressBasics, loadSlice, type ProgressBasics } from "../projects/service";
import { BOARD_TABLES, cells, indicatorInfo, lookup, progressAt, setupKey, worst } from "./lights";
import { periodInfo, resolveMonitoring } from "./periods";
import * as repo from "./repository";
import { pushTo } from "../../../core/collections";

type Monitoring = Awaited<ReturnType<typeof resolveMonitoring>>;

/** One county's 双监控 set against the city: the city's progress in each period and the county's rank. */
export async function getCountyMonitor(ctx: ServiceContext, q: { fundYearId: number; countyId: number; period?: string }): Promise<CountyMonitor> {
  assertCounty(ctx.actor, q.countyId);
  const m = await resolveMonitoring(ctx, q.fundYearId, q.period);
  const view = await countyView(ctx, m, q.countyId);
  const city = await cityFigures(ctx, m);
  const mine = city.progressByCounty.find(([id]) => id === view.county.id)?.[1];
  return {
    ...view,
    city: {
      name: view.fundYear.region.name,
      trend: city.trend,
      ranks: view.indicators.map((_, i) => {
        const all = city.progressByCounty.map(([, p]) => p[i]).filter((x): x is number => x !== null);
        const own = mine?.[i] ?? null;
        return { rank: own === null ? null : 1 + all.filter((x) => x > own).length, of: all.length };
      }),
    },
  };
}

/**
 * The city's figures for every county's view of a period: the city's cells in each period up to it,
 * and each county's progress on each indicator in it (for ranks). One derived figure shared by all
 * the counties; what leaves getCountyMonitor is the city's own figures and the asking county's rank,
 * never another county's.
 */
async function cityFigures(ctx: ServiceContext, m: Monitoring): Promise<{ trend: Cell[][]; progressByCounty: [number, (number | null)[]][] }> {
  const { db } = ctx;
  const thresholds = setupKey(m);
  const upTo: Period[] = m.periods.filter((p) => p.code <= m.period.code);
  return derived(db, `monitoring.city:${m.fundYear.id}:${m.row.fy.regionId}:${m.period.code}:${m.period.end}:${thresholds}`, { tables: BOARD_TABLES, fundYearId: m.fundYear.id }, async () => {
    const [basics, reports] = await Promise.all([loadProgressBasics(db, m.fundYear.id), repo.reportsUpTo(db, m.fundYear.id, m.period.code)]);
    const trend: Cell[][] = [];
    const byCounty = new Map<number, ProgressBasics[]>();
    for (const p of basics) pushTo(byCounty, p.countyId, p);
    let progressByCounty: [number, (number | null)[]][] = [];
    for (const period of upTo) {
      const progress = await progressAt(db, m.fundYear.id, basics, period, reports);
      trend.push(cells(m.indicators, m.schedule, basics.map((p) => progress.get(p.id)!), period, () => undefined));
      if (period.code === m.period.code) {
        progressByCounty = [...byCounty].map(([countyId, list]) => [countyId, cells(m.indicators, m.schedule, list.map((p) => progress.get(p.id)!), period, () => undefined).map((c) => c.progressBp)]);
      }
    }
    return { trend, progressByCounty };
  });
}

/** One county: its cells, the trend over periods up to this one, and every project with its lights. */
export async function getCountyView(ctx: ServiceContext, q: { fundYearId: number; countyId: number; period?: string }): Promise<Omit<CountyMonitor, "city">> {
  assertCounty(ctx.actor, q.countyId);
  return countyView(ctx, await resolveMonitoring(ctx, q.fundYearId, q.period), q.countyId);
}

async function countyView(ctx: ServiceContext, m: Monitoring, countyId: number): Promise<Omit<CountyMonitor, "city">> {
  const { db } = ctx;
  const counties = await listCounties(db, m.row.fy.regionId);
  const county = counties.find((c) => c.id === countyId);
  if (!county) throw notFound("县区");
  const upTo = m.periods.filter((p) => p.code <= m.period.code);
  const [slice, reports, notes] = await Promise.all([
    loadSlice(db, m.fundYear.id, county.id),
    repo.reportsUpTo(db, m.fundYear.id, m.period.code, county.id),
    repo.explanations(db, m.fundYear.id, upTo.map((p) => p.code), county.id),
  ]);
  const basics = slice.map(basicsOf);
  const trend = [];
  let current: Awaited<ReturnType<typeof progressAt>> | null = null;
  for (const p of upTo) {
    const progress = await progressAt(db, m.fundYear.id, basics, p, reports, county.id);
    const explain = lookup(notes, p.code);
    trend.push({ period: periodInfo(p), cells: cells(m.indicators, m.schedule, slice.map((s) => progress.get(s.row.id)!), p, (meas) => explain(meas, county.id, null)) });
    if (p.code === m.period.code) current = progress;
  }
  const explain = lookup(notes, m.period.code);
  const review = await reviewStatus(db, { fundYearId: m.fundYear.id, countyId: county.id, kind: "monitoring", period: m.period.code });
  return {
    fundYear: m.fundYear,
    county,
    review,
    periodKind: m.kind,
    periods: m.periods.map(periodInfo),
    period: periodInfo(m.period),
    indicators: m.indicators.map((i) => indicatorInfo(i, m.schedule)),
    cells: trend[trend.length - 1].cells,
    trend,
    projects: slice.map((s) => {
      const pr = current!.get(s.row.id)!;
      const own = cells(m.indicators, m.schedule, [pr], m.period, (meas) => explain(meas, county.id, s.row.id), true);
      // The stage reached by the period's end, not today's.
      const by = (d: string | null) => (d && d <= m.period.end ? d : null);
      const status = statusFromDates({ actualStartOn: by(s.row.actualStartOn), actualCompletionOn: by(s.row.actualCompletionOn), actualAcceptanceOn: by(s.row.actualAcceptanceOn), actualSettlementOn: by(s.row.actualSettlementOn) });
      return {
        project: { id: s.row.id, code: s.row.code, name: s.row.name, status, actualStartOn: s.row.actualStartOn, actualCompletionOn: s.row.actualCompletionOn },
        plannedFen: s.funding.totalFen,
        report: pr.report,
        reportedThisPeriod: pr.report?.period === m.period.code,
        cells: own,
        light: worst(own),
      };
    }),
  };
}
