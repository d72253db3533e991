/**
 * 双监控 use cases that change things: causes, progress reports, indicators. The board and the county
 * view are in get-board.ts and get-county-monitor.ts, the lights in lights.ts. Every light is computed
 * from the project records, the latest progress reports and the ledger as of the period's last day
 * (core/monitoring), so the board moves as soon as a report or a payment is recorded. Thresholds and
 * windows are data of the fund year.
 */
import { countyScope } from "../../../core/access";
import { describePaymentSchedule, parsePeriod, paymentScheduleProblems, thresholdProblems, type PaymentStep } from "../../../core/monitoring";
import type { ProjectDates } from "../../../core/registry";
import { describeOverLimit, describeOverYearTotal, exactTotal, formatBasisPoints, formatWan } from "../../../core/money";
import { importSettings, ledgerSettings } from "../../settings";
import { formatDateCn } from "../../../core/dates";
import type { Cell, ExplanationBody, Indicator, IndicatorUpdate, PaymentScheduleBody, Periods, ProgressBody } from "../../../contracts/monitoring";
import type { Problem } from "../../../contracts/errors";
import { AppError, notFound } from "../../errors";
import { assertCounty, type ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import { assertEditable } from "../review/service";
import { openFundYearForWrite } from "../funds/service";
import { resolveFundYear } from "../funds/service";
import { loadSlice } from "../projects/service";
import { recordProjectDates } from "../projects/record-project-dates";
import { periodInfo, resolveMonitoring } from "./periods";
import * as repo from "./repository";
import type { DbOrTx } from "../../../db/open";
import { indicatorInfo } from "./lights";
import { getCountyView } from "./get-county-monitor";

/** The fund year's reporting periods, for pickers (the review of reports among them). */
export async function getPeriods(ctx: ServiceContext, q: { fundYearId: number }): Promise<Periods> {
  const m = await resolveMonitoring(ctx, q.fundYearId);
  return { periodKind: m.kind, periods: m.periods.map(periodInfo), current: periodInfo(m.period) };
}

/** Records why an item lags and whether it can still be done. Only a flagged item takes a cause. */
export async function saveExplanation(ctx: ServiceContext, body: ExplanationBody): Promise<Cell> {
  const { db } = ctx;
  assertCounty(ctx.actor, body.countyId);
  const view = await getCountyView(ctx, { fundYearId: body.fundYearId, countyId: body.countyId, period: body.period });
  let cell: Cell | undefined;
  let what: string;
  if (body.projectId === null) {
    cell = view.cells.find((c) => c.measure === body.measure);
    what = view.county.name;
  } else {
    const p = view.projects.find((x) => x.project.id === body.projectId);
    if (!p) throw notFound("项目");
    cell = p.cells.find((c) => c.measure === body.measure);
    what = `${p.project.code} ${p.project.name}`;
  }
  const indicator = view.indicators.find((i) => i.measure === body.measure);
  if (!cell || !indicator) throw new AppError("VALIDATION_FAILED", "本年度没有这项监测指标");
  if (cell.light !== "yellow" && cell.light !== "red") {
    throw new AppError("VALIDATION_FAILED", `${what}的${indicator.name}在${view.period.label}没有预警，无需填写偏差原因`);
  }
  await db.transaction(async (tx) => {
    await openFundYearForWrite({ db: tx, actor: ctx.actor }, body.fundYearId);
    await assertEditable(tx, ctx.actor, { fundYearId: body.fundYearId, countyId: body.countyId, kind: "monitoring", period: body.period });
    const existing = await repo.findExplanation(tx, body);
    await repo.saveExplanation(
      tx,
      {
        fundYearId: body.fundYearId,
        period: body.period,
        measure: body.measure,
        countyId: body.countyId,
        projectId: body.projectId,
        cause: body.cause,
        likelihood: body.likelihood,
        note: body.note || null,
        recordedBy: ctx.actor.userId || null,
      },
      existing?.id ?? null,
    );
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: existing ? "update" : "create",
      entityType: "lag_explanation",
      entityId: `${body.period}|${body.measure}|${body.countyId}|${body.projectId ?? 0}`,
      countyId: body.countyId,
      summary: `填写偏差原因：${what}，${view.period.label}${indicator.name}（进度 ${formatBasisPoints(cell!.progressBp)}，时间 ${formatBasisPoints(cell!.elapsedBp)}）`,
      before: existing ? { cause: existing.cause, likelihood: existing.likelihood, note: existing.note } : undefined,
      after: { cause: body.cause, likelihood: body.likelihood, note: body.note },
    });
  });
  const after = await getCountyView(ctx, { fundYearId: body.fundYearId, countyId: body.countyId, period: body.period });
  return body.projectId === null ? after.cells.find((c) => c.measure === body.measure)! : after.projects.find((x) => x.project.id === body.projectId)!.cells.find((c) => c.measure === body.measure)!;
}

/**
 * A period's progress report for some projects: 形象进度, 累计完成投资 and the actual 开工 / 完工
 * dates. Cumulative figures may not fall below an earlier period's; a completed project is at 100%.
 */
export async function saveProgress(ctx: ServiceContext, body: ProgressBody): Promise<{ saved: number }> {
  const { db } = ctx;
  const m = await resolveMonitoring(ctx, body.fundYearId, body.period);
  const period = m.period;
  const ids = body.rows.map((r) => r.projectId);
  const own = countyScope(ctx.actor) ?? undefined;
  const { maxRowAmountFen } = importSettings();
  const { maxYearTotalFen } = ledgerSettings();
  // Checked and written in one transaction: the lock, the earlier reports and the write agree.
  await db.transaction(async (tx) => {
    await openFundYearForWrite({ db: tx, actor: ctx.actor }, m.fundYear.id);
    // A county's report for a period is locked once sent for review.
    if (own !== undefined) await assertEditable(tx, ctx.actor, { fundYearId: m.fundYear.id, countyId: own, kind: "monitoring", period: period.code });
    const slice = new Map((await loadSlice(tx, m.fundYear.id, own)).map((p) => [p.row.id, p]));
    const history = await repo.reportsOf(tx, ids);
    const problems: Problem[] = [];
    body.rows.forEach((r, i) => {
      const p = slice.get(r.projectId);
      const at = (message: string) => problems.push({ row: i + 1, column: p ? `${p.row.code} ${p.row.name}` : `项目 ${r.projectId}`, message });
      if (!p) {
        // Either not of this fund year, or of another county: the message names no data.
        at(own === undefined ? "本年度没有这个项目" : "不是本县区本年度的项目");
        return;
      }
      if (ids.indexOf(r.projectId) !== i) at("同一项目在本次填报中出现了两次");
      const earlier = history.filter((h) => h.projectId === r.projectId && h.period < period.code).sort((a, b) => a.period.localeCompare(b.period)).at(-1);
      if (earlier && r.physicalBp < earlier.physicalBp) at(`形象进度 ${formatBasisPoints(r.physicalBp)} 低于${parsePeriod(earlier.period)?.label ?? earlier.period}已报的 ${formatBasisPoints(earlier.physicalBp)}`);
      if (earlier && r.investedFen < earlier.investedFen) at(`累计完成投资 ${formatWan(r.investedFen)} 万元低于${parsePeriod(earlier.period)?.label ?? earlier.period}已报的 ${formatWan(earlier.investedFen)} 万元`);
      if (r.investedFen > maxRowAmountFen) at(describeOverLimit(r.investedFen, maxRowAmountFen));
      if (r.actualStartOn && r.actualStartOn > period.end) at(`实际开工日期 ${formatDateCn(r.actualStartOn)} 晚于本期末（${formatDateCn(period.end)}）`);
      if (r.actualCompletionOn && r.actualCompletionOn > period.end) at(`实际完工日期 ${formatDateCn(r.actualCompletionOn)} 晚于本期末（${formatDateCn(period.end)}）`);
      if (r.actualCompletionOn && !r.actualStartOn) at("已填实际完工日期，但缺少实际开工日期");
      if (r.actualCompletionOn && r.actualStartOn && r.actualCompletionOn < r.actualStartOn) at("实际完工日期不能早于实际开工日期");
      if (r.actualCompletionOn && r.physicalBp !== 10000) at("已完工的项目形象进度应为100%");
      if (!r.actualStartOn && r.physicalBp > 0) at("形象进度大于0的项目须填写实际开工日期");
      const acceptance = p.row.actualAcceptanceOn;
      if (acceptance && (!r.actualCompletionOn || r.actualCompletionOn > acceptance)) at(`项目已于${formatDateCn(acceptance)}竣工验收，实际完工日期须在此之前`);
    });
    if (!problems.length) {
      const total = (await repo.periodInvestedTotal(tx, m.fundYear.id, period.code, ids)) + exactTotal(body.rows.map((r) => r.investedFen));
      if (total > BigInt(maxYearTotalFen)) problems.push({ row: null, column: null, message: describeOverYearTotal(`${period.label}累计完成投资`, total, maxYearTotalFen) });
    }
    if (problems.length) throw new AppError("VALIDATION_FAILED", `进度填报有 ${problems.length} 处问题，未保存任何数据`, problems);
    await repo.upsertReports(
      tx,
      body.rows.map((r) => ({ fundYearId: m.fundYear.id, projectId: r.projectId, period: period.code, physicalBp: r.physicalBp, investedFen: r.investedFen, reportedBy: ctx.actor.userId || null })),
    );
    for (const r of body.rows) {
      const p = slice.get(r.projectId)!.row;
      if (p.actualStartOn === r.actualStartOn && p.actualCompletionOn === r.actualCompletionOn) continue;
      const dates: ProjectDates = { ...p, actualStartOn: r.actualStartOn, actualCompletionOn: r.actualCompletionOn };
      await recordProjectDates({ tx, projectId: p.id, dates });
    }
    const counties = new Set(body.rows.map((r) => slice.get(r.projectId)!.row.countyId));
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "submit",
      entityType: "progress_report",
      entityId: period.code,
      countyId: counties.size === 1 ? [...counties][0] : null,
      summary: `填报${period.label}进度：${body.rows.length} 个项目`,
      after: { period: period.code, rows: body.rows },
    });
  });
  return { saved: body.rows.length };
}

/** Changes an indicator's window or thresholds (data, audited). */
export async function updateIndicator(ctx: ServiceContext, id: number, body: IndicatorUpdate): Promise<Indicator> {
  const before = await repo.findIndicator(ctx.db, id);
  if (!before) throw notFound("监测指标");
  const { fundYear } = await resolveFundYear(ctx, before.fundYearId);
  const problems = thresholdProblems(body);
  if (body.windowTo < body.windowFrom) problems.push("监测期结束日期不能早于开始日期");
  if (body.paymentSchedule) {
    if (before.measure !== "payment") problems.push(`「${before.name}」不按支付节点计算，不能设置支付节点`);
    else problems.push(...paymentScheduleProblems(body.paymentSchedule));
  }
  refuse(problems);
  const { paymentSchedule, ...set } = body;
  await ctx.db.transaction(async (tx) => {
    await openFundYearForWrite({ db: tx, actor: ctx.actor }, before.fundYearId);
    await repo.updateIndicator(tx, id, set);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "update",
      entityType: "monitoring_indicator",
      entityId: id,
      summary: `修改监测指标「${before.name}」：黄色预警偏差 ${formatBasisPoints(set.yellowGapBp)}，红色预警偏差 ${formatBasisPoints(set.redGapBp)}`,
      before: { windowFrom: before.windowFrom, windowTo: before.windowTo, yellowGapBp: before.yellowGapBp, redGapBp: before.redGapBp },
      after: set,
    });
    if (paymentSchedule) await writePaymentSchedule(tx, ctx, fundYear, paymentSchedule);
  });
  const settings = await repo.monitoringSettingsOf(ctx.db, before.fundYearId);
  return indicatorInfo((await repo.findIndicator(ctx.db, id))!, settings.paymentSchedule);
}

/** Changes the payment schedule (支付节点) 资金支付进度 is measured against (data of the fund year, audited). */
export async function updatePaymentSchedule(ctx: ServiceContext, body: PaymentScheduleBody): Promise<PaymentStep[]> {
  const { fundYear } = await resolveFundYear(ctx, body.fundYearId);
  refuse(paymentScheduleProblems(body.steps));
  await ctx.db.transaction(async (tx) => {
    await openFundYearForWrite({ db: tx, actor: ctx.actor }, fundYear.id);
    await writePaymentSchedule(tx, ctx, fundYear, body.steps);
  });
  return (await repo.monitoringSettingsOf(ctx.db, fundYear.id)).paymentSchedule;
}

/** Saves a schedule already checked, in the caller's transaction, with its audit entry; an unchanged schedule writes nothing. */
async function writePaymentSchedule(tx: DbOrTx, ctx: ServiceContext, fundYear: { id: number; year: number }, steps: PaymentStep[]) {
  const before = await repo.monitoringSettingsOf(tx, fundYear.id);
  if (before.paymentSchedule.every((s, i) => s.stage === steps[i].stage && s.shareBp === steps[i].shareBp && s.termDays === steps[i].termDays)) return;
  await repo.savePaymentSchedule(tx, fundYear.id, steps);
  await recordAudit(tx, {
    actor: ctx.actor,
    ip: ctx.ip,
    action: "update",
    entityType: "monitoring_settings",
    entityId: fundYear.id,
    summary: `修改${fundYear.year}年度资金支付节点：${describePaymentSchedule(steps)}`,
    before: { paymentSchedule: before.paymentSchedule },
    after: { paymentSchedule: steps },
  });
}

function refuse(problems: string[]) {
  if (problems.length) throw new AppError("VALIDATION_FAILED", problems.join("；"), problems.map((message) => ({ row: null, column: null, message })));
}
