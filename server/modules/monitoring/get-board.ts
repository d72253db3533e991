/** 监测看板: counties × indicators with traffic lights for one period (a derived figure). */
import { countyScope } from "../../../core/access";
import type { Board } from "../../../contracts/monitoring";
import type { ServiceContext } from "../../context";
import { derived } from "../../derived";
import { listCounties } from "../../../db/queries/reference";
import { loadProgressBasics, type ProgressBasics } from "../projects/service";
import { BOARD_TABLES, cells, indicatorInfo, lookup, progressAt, projectLag, setupKey } from "./lights";
import { periodInfo, resolveMonitoring } from "./periods";
import * as repo from "./repository";

/** 监测看板: counties × indicators with traffic lights for one period. */
export async function getBoard(ctx: ServiceContext, q: { fundYearId: number; period?: string }): Promise<Board> {
  const { db } = ctx;
  const m = await resolveMonitoring(ctx, q.fundYearId, q.period);
  const own = countyScope(ctx.actor) ?? undefined;
  // The indicators and the schedule were read before the versions: their values are part of the name,
  // so cells computed with other thresholds or another schedule are never served under this key.
  const thresholds = setupKey(m);
  const figures = await derived(
    db,
    `monitoring.board:${m.fundYear.id}:${m.row.fy.regionId}:${own ?? "all"}:${m.period.code}:${m.period.end}:${thresholds}`,
    { tables: BOARD_TABLES, fundYearId: m.fundYear.id },
    async () => {
      // Every read at once, the ledger's money too (at national scale it is the longest), and of the
      // reports only each project's latest: the board shows no older period. Of the projects only what
      // the lights read (county, dates, planned investment).
      const [allCounties, basics, reports, notes, money] = await Promise.all([
        listCounties(db, m.row.fy.regionId),
        loadProgressBasics(db, m.fundYear.id, own),
        repo.latestReportsUpTo(db, m.fundYear.id, m.period.code, own),
        repo.explanations(db, m.fundYear.id, [m.period.code], own),
        repo.moneyByProject(db, m.fundYear.id, m.period.end, own),
      ]);
      const counties = own === undefined ? allCounties : allCounties.filter((c) => c.id === own);
      const progress = await progressAt(db, m.fundYear.id, basics, m.period, reports, own, money);
      const explain = lookup(notes, m.period.code);
      const reportedIds = new Set(reports.filter((r) => r.period === m.period.code).map((r) => r.projectId));
      // one pass groups the projects by county (never a filter per county)
      const byCounty = new Map<number, ProgressBasics[]>(counties.map((c) => [c.id, []]));
      for (const p of basics) byCounty.get(p.countyId)?.push(p);
      return {
        city: {
          cells: cells(m.indicators, m.schedule, basics.map((p) => progress.get(p.id)!), m.period, () => undefined),
          projects: basics.length,
          reported: basics.filter((p) => reportedIds.has(p.id)).length,
        },
        counties: counties.map((county) => {
          const mine = byCounty.get(county.id)!;
          let lagging = 0;
          let explained = 0;
          for (const p of mine) {
            const lag = projectLag(m.indicators, m.schedule, progress.get(p.id)!, m.period, (meas) => explain(meas, county.id, p.id) !== undefined);
            if (lag.lagging) lagging++;
            if (lag.explained) explained++;
          }
          return {
            county,
            cells: cells(m.indicators, m.schedule, mine.map((p) => progress.get(p.id)!), m.period, (meas) => explain(meas, county.id, null)),
            projects: mine.length,
            reported: mine.filter((p) => reportedIds.has(p.id)).length,
            laggingProjects: lagging,
            explainedProjects: explained,
          };
        }),
      };
    },
  );
  return {
    fundYear: m.fundYear,
    periodKind: m.kind,
    periods: m.periods.map(periodInfo),
    period: periodInfo(m.period),
    indicators: m.indicators.map((i) => indicatorInfo(i, m.schedule)),
    paymentSchedule: m.schedule,
    ...figures,
  };
}
