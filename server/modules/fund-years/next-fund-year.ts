/**
 * 开启下一年度: year + 1 of the same programme and region, started from the given year. Carried over:
 * the 评价日 and windows a year later, the indicator template version, the 双监控 settings shifted a
 * year, the 绩效目标 skeleton (indicators without values: 待设定) and the year's own report texts.
 * Never the money: no allocations, payments, projects or planned investments. The old year is only read.
 */
import { shiftYears } from "../../../core/fund-year";
import type { FundYearDetail, FundYearNext } from "../../../contracts/setup";
import type { ServiceContext } from "../../context";
import { resolveFundYear } from "../funds/service";
import { recordAudit } from "../audit/record";
import { assertWindows, duplicateYear, regionForFundYear } from "./create-fund-year";
import { carriedParagraphs, getFundYearDetail } from "./get-fund-year";
import { monitoringOfProgramme } from "./presenter";
import { resolveRelative } from "../../../core/fund-year";
import { AppError } from "../../errors";
import * as repo from "./repository";

export async function startNextFundYear(ctx: ServiceContext, fundYearId: number, input: FundYearNext = {}): Promise<FundYearDetail> {
  const id = await ctx.db.transaction(async (tx) => {
    const { row } = await resolveFundYear({ db: tx, actor: ctx.actor }, fundYearId);
    await repo.lockFundYearRow(tx, row.fy.id);
    const from = row.fy;
    const year = from.year + 1;
    const region = await regionForFundYear(ctx, tx, from.regionId);
    const programme = (await repo.findProgramme(tx, from.programmeId))!;
    if (await repo.findFundYearOf(tx, { programmeId: from.programmeId, regionId: from.regionId, year })) throw duplicateYear(region.name, year, programme.name);
    const shift = (d: string) => shiftYears(d, 1);
    const windows = { allocationFrom: shift(from.allocationFrom), allocationTo: shift(from.allocationTo), paymentFrom: shift(from.paymentFrom), paymentTo: shift(from.paymentTo) };
    const evaluationDate = input.evaluationDate ?? shift(from.evaluationDate);
    assertWindows(year, evaluationDate, windows);
    const created = await repo.insertFundYear(tx, {
      programmeId: from.programmeId,
      regionId: from.regionId,
      year,
      evaluationDate,
      ...windows,
      templateId: from.templateId,
      previousId: from.id,
    });
    if (!created) throw duplicateYear(region.name, year, programme.name);

    // 双监控: the old year's settings a year later; a year that had none starts from the programme's.
    const monitoring = await repo.monitoringOf(tx, from.id);
    const defaults = monitoringOfProgramme(programme);
    const indicators = monitoring.indicators.length
      ? monitoring.indicators.map((x) => ({ measure: x.measure, name: x.name, windowFrom: shift(x.windowFrom), windowTo: shift(x.windowTo), yellowGapBp: x.yellowGapBp, redGapBp: x.redGapBp, sortOrder: x.sortOrder }))
      : defaults.indicators.map((x, i) => ({ measure: x.measure, name: x.name, windowFrom: resolveRelative(year, x.from)!, windowTo: resolveRelative(year, x.to)!, yellowGapBp: x.yellowGapBp, redGapBp: x.redGapBp, sortOrder: i + 1 }));
    const periodKind = monitoring.periodKind ?? defaults.periodKind;
    await repo.insertMonitoring(tx, created.id, periodKind, indicators, monitoring.paymentSchedule ?? undefined);

    const targets = await repo.targetsOf(tx, from.id);
    await repo.insertTargets(
      tx,
      targets.map((t) => ({
        fundYearId: created.id,
        countyId: t.countyId,
        indicator: t.indicator,
        metric: t.metric,
        unit: t.unit,
        direction: t.direction,
        targetValue: null,
        manualActual: null,
        sortOrder: t.sortOrder,
        note: t.note,
      })),
    );

    const paragraphs = carriedParagraphs(await repo.currentParagraphs(tx, from.id));
    await repo.insertParagraphs(
      tx,
      paragraphs.map((p) => ({
        fundYearId: created.id,
        taskId: null,
        key: p.key,
        version: 1,
        body: p.body,
        hidden: p.hidden,
        note: `沿用${from.year}年度`,
        authorId: ctx.actor.userId || null,
        authorName: ctx.actor.displayName,
      })),
    );

    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "create",
      entityType: "fund_year",
      entityId: created.id,
      summary: `开启下一年度：${region.name}${year}年度${programme.name}（沿用${from.year}年度的设置：监测指标 ${indicators.length} 项、绩效目标 ${targets.length} 项待设定、报告文字 ${paragraphs.length} 段；不含资金与项目）`,
      after: {
        previousId: from.id,
        year,
        evaluationDate,
        ...windows,
        templateId: from.templateId,
        periodKind,
        monitoringIndicators: indicators.length,
        targets: targets.length,
        paragraphs: paragraphs.length,
      },
    });
    return created.id;
  });
  return getFundYearDetail(ctx, id);
}

/** The region's newest year of a programme, the one a next year starts from (command line). */
export async function latestFundYearOf(ctx: ServiceContext, programmeId: number, regionId: number) {
  const [latest] = await repo.fundYearsOf(ctx.db, programmeId, regionId);
  if (!latest) throw new AppError("NOT_FOUND", "该地区还没有这个资金项目的资金年度，请先新建资金年度");
  return latest;
}
