/**
 * 新建资金年度: a programme's year in a city (or province) of the actor's subtree, its windows
 * defaulting from the year, its template the family's newest published version, its 双监控 the
 * programme's defaults made absolute for the year.
 */
import { regionInScope } from "../../../core/access";
import { defaultWindows, fundYearProblems, resolveRelative } from "../../../core/fund-year";
import { REGION_LEVEL_LABEL } from "../../../core/regions";
import type { FundYearCreate, FundYearDetail } from "../../../contracts/setup";
import type { DbOrTx } from "../../../db/open";
import type { ServiceContext } from "../../context";
import { AppError, notFound } from "../../errors";
import { recordAudit } from "../audit/record";
import { getFundYearDetail } from "./get-fund-year";
import { monitoringOfProgramme } from "./presenter";
import * as repo from "./repository";

const FIELD_LABEL: Record<string, string> = {
  evaluationDate: "评价日",
  allocationFrom: "资金下达期",
  paymentFrom: "资金支付期",
};

/** Refuses windows out of order or a 评价日 out of reach of the year, naming each field. */
export function assertWindows(year: number, evaluationDate: string, w: ReturnType<typeof defaultWindows>) {
  const problems = fundYearProblems(year, evaluationDate, w).map((p) => ({ row: null, column: FIELD_LABEL[p.field] ?? p.field, message: p.message }));
  if (problems.length) throw new AppError("VALIDATION_FAILED", `资金年度设置有误：${problems.map((p) => p.message).join("；")}`, problems);
}

export const duplicateYear = (regionName: string, year: number, programme: string) =>
  new AppError("CONFLICT", `${regionName}${year}年度${programme}已存在，不能重复新建`);

/** The region a fund year may be opened for by this actor: a city or province of their subtree, in use. */
export async function regionForFundYear(ctx: ServiceContext, db: DbOrTx, regionId: number) {
  const region = await repo.findRegion(db, regionId);
  // Outside the subtree a region does not exist for the actor.
  if (!region || !regionInScope(ctx.actor, region.path)) throw notFound("地区");
  if (region.retiredAt) throw new AppError("VALIDATION_FAILED", `「${region.name}」已撤销，不能新建资金年度`, [{ row: null, column: "regionId", message: "地区已撤销" }]);
  if (region.level !== "city" && region.level !== "province") {
    const message = `资金年度应属于市或省，「${region.name}」是${REGION_LEVEL_LABEL[region.level]}`;
    throw new AppError("VALIDATION_FAILED", message, [{ row: null, column: "regionId", message }]);
  }
  return region;
}

export async function createFundYear(ctx: ServiceContext, input: FundYearCreate): Promise<FundYearDetail> {
  const id = await ctx.db.transaction(async (tx) => {
    const programme = await repo.findProgramme(tx, input.programmeId);
    if (!programme) throw notFound("资金项目");
    const region = await regionForFundYear(ctx, tx, input.regionId);
    const d = defaultWindows(input.year);
    const windows = {
      allocationFrom: input.allocationFrom ?? d.allocationFrom,
      allocationTo: input.allocationTo ?? d.allocationTo,
      paymentFrom: input.paymentFrom ?? d.paymentFrom,
      paymentTo: input.paymentTo ?? d.paymentTo,
    };
    assertWindows(input.year, input.evaluationDate, windows);
    if (await repo.findFundYearOf(tx, { programmeId: programme.id, regionId: region.id, year: input.year })) throw duplicateYear(region.name, input.year, programme.name);
    const template = programme.templateCode ? await repo.latestPublishedTemplate(tx, programme.templateCode) : null;
    const row = await repo.insertFundYear(tx, {
      programmeId: programme.id,
      regionId: region.id,
      year: input.year,
      evaluationDate: input.evaluationDate,
      ...windows,
      templateId: template?.id ?? null,
    });
    // Created at the same moment by someone else.
    if (!row) throw duplicateYear(region.name, input.year, programme.name);
    const monitoring = monitoringOfProgramme(programme);
    await repo.insertMonitoring(
      tx,
      row.id,
      monitoring.periodKind,
      monitoring.indicators.map((x, i) => ({
        measure: x.measure,
        name: x.name,
        windowFrom: resolveRelative(input.year, x.from)!,
        windowTo: resolveRelative(input.year, x.to)!,
        yellowGapBp: x.yellowGapBp,
        redGapBp: x.redGapBp,
        sortOrder: i + 1,
      })),
    );
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "create",
      entityType: "fund_year",
      entityId: row.id,
      summary: `新建资金年度：${region.name}${row.year}年度${programme.name}（评价日 ${row.evaluationDate}）`,
      after: {
        programmeId: row.programmeId,
        regionId: row.regionId,
        year: row.year,
        evaluationDate: row.evaluationDate,
        ...windows,
        templateId: row.templateId,
        periodKind: monitoring.periodKind,
        monitoringIndicators: monitoring.indicators.length,
      },
    });
    return row.id;
  });
  return getFundYearDetail(ctx, id);
}
