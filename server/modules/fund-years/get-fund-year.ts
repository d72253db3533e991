/** One fund year with what 开启下一年度 would carry over and what it never does (the money). */
import type { FundYearDetail } from "../../../contracts/setup";
import type { ScopeContext } from "../funds/service";
import { resolveFundYear } from "../funds/service";
import * as repo from "./repository";

/** Texts that belong to one year's report only (its cover month), not carried over. */
const YEAR_ONLY_TEXTS = new Set(["cover.date"]);

/** The year's own texts a next year starts from: current versions, not frozen, not year-only. */
export function carriedParagraphs<T extends { key: string; frozen: boolean }>(current: T[]): T[] {
  return current.filter((p) => !p.frozen && !YEAR_ONLY_TEXTS.has(p.key));
}

export async function getFundYearDetail(ctx: ScopeContext, fundYearId: number): Promise<FundYearDetail> {
  const { row, fundYear } = await resolveFundYear(ctx, fundYearId);
  const fy = row.fy;
  const [template, previous, next, monitoring, targets, paragraphs, holds] = await Promise.all([
    fy.templateId ? repo.findTemplate(ctx.db, fy.templateId) : Promise.resolve(null),
    fy.previousId ? repo.yearsByIds(ctx.db, [fy.previousId]) : Promise.resolve([]),
    repo.nextOf(ctx.db, fy.id),
    repo.monitoringOf(ctx.db, fy.id),
    repo.targetsOf(ctx.db, fy.id),
    repo.currentParagraphs(ctx.db, fy.id),
    repo.moneyCounts(ctx.db, fy.id),
  ]);
  return {
    fundYear,
    programmeId: fy.programmeId,
    template,
    previous: previous[0] ?? null,
    next,
    closedBy: fy.closedBy,
    carried: {
      periodKind: monitoring.periodKind,
      monitoringIndicators: monitoring.indicators.length,
      targets: targets.length,
      paragraphs: carriedParagraphs(paragraphs).length,
    },
    holds,
  };
}
