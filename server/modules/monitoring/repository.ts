/** SQL of 双监控: indicators, progress reports and the causes given for lags. */
import { and, asc, desc, eq, inArray, lte, notInArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import { rawRows } from "../../../db/rows";
import { DEFAULT_PAYMENT_SCHEDULE, type PaymentStep } from "../../../core/monitoring";
import { allocations, lagExplanations, monitoringIndicators, monitoringSettings, payments, progressReports, projectMoneyMonths, projects, users } from "../../../db/schema";
import { monthsUpTo } from "../../../core/dates";
import { toFen } from "../../../core/money";

export function listIndicators(db: DbOrTx, fundYearId: number) {
  return db.select().from(monitoringIndicators).where(eq(monitoringIndicators.fundYearId, fundYearId)).orderBy(asc(monitoringIndicators.sortOrder), asc(monitoringIndicators.id));
}

export async function findIndicator(db: DbOrTx, id: number) {
  const rows = await db.select().from(monitoringIndicators).where(eq(monitoringIndicators.id, id));
  return rows[0] ?? null;
}

export async function updateIndicator(tx: DbOrTx, id: number, set: { windowFrom: string; windowTo: string; yellowGapBp: number; redGapBp: number }) {
  await tx.update(monitoringIndicators).set(set).where(eq(monitoringIndicators.id, id));
}

/** How the fund year is monitored; a fund year without a settings row reports quarterly on the default schedule. */
export async function monitoringSettingsOf(db: DbOrTx, fundYearId: number): Promise<{ periodKind: "month" | "quarter"; paymentSchedule: PaymentStep[] }> {
  const rows = await db.select().from(monitoringSettings).where(eq(monitoringSettings.fundYearId, fundYearId));
  return { periodKind: rows[0]?.periodKind ?? "quarter", paymentSchedule: rows[0]?.paymentSchedule ?? [...DEFAULT_PAYMENT_SCHEDULE] };
}

export async function savePaymentSchedule(tx: DbOrTx, fundYearId: number, schedule: PaymentStep[]) {
  await tx
    .insert(monitoringSettings)
    .values({ fundYearId, paymentSchedule: schedule })
    .onConflictDoUpdate({ target: monitoringSettings.fundYearId, set: { paymentSchedule: schedule } });
}

const inScope = (fundYearId: number, countyId?: number) =>
  and(eq(progressReports.fundYearId, fundYearId), countyId ? eq(projects.countyId, countyId) : undefined);

/** Every report up to a period (period codes of one kind sort as text), oldest first. */
export async function reportsUpTo(db: DbOrTx, fundYearId: number, period: string, countyId?: number) {
  const rows = await db
    .select({ projectId: progressReports.projectId, period: progressReports.period, physicalBp: progressReports.physicalBp, investedFen: progressReports.investedFen })
    .from(progressReports)
    .innerJoin(projects, eq(projects.id, progressReports.projectId))
    .where(and(inScope(fundYearId, countyId), lte(progressReports.period, period)))
    .orderBy(asc(progressReports.projectId), asc(progressReports.period));
  return rows.map((r) => ({ ...r, investedFen: toFen(r.investedFen) }));
}

/**
 * Each project's latest report at or before `period` (the board needs no older ones): one row a
 * project instead of one a period, the same shape as reportsUpTo's.
 */
export async function latestReportsUpTo(db: DbOrTx, fundYearId: number, period: string, countyId?: number) {
  const rows = await rawRows<{ projectId: number; period: string; physicalBp: number; invested: string }>(
    db,
    sql`select distinct on (r.project_id) r.project_id as "projectId", r.period, r.physical_bp as "physicalBp", r.invested_fen::text as invested
        from ${progressReports} r join ${projects} p on p.id = r.project_id
        where r.fund_year_id = ${fundYearId} and r.period <= ${period} ${countyId ? sql`and p.county_id = ${countyId}` : sql``}
        order by r.project_id, r.period desc`,
  );
  return rows.map((r) => ({ projectId: r.projectId, period: r.period, physicalBp: r.physicalBp, investedFen: toFen(r.invested) }));
}

export async function reportsOf(db: DbOrTx, projectIds: number[]) {
  if (!projectIds.length) return [];
  const rows = await db
    .select({ projectId: progressReports.projectId, period: progressReports.period, physicalBp: progressReports.physicalBp, investedFen: progressReports.investedFen })
    .from(progressReports)
    .where(inArray(progressReports.projectId, projectIds));
  return rows.map((r) => ({ ...r, investedFen: toFen(r.investedFen) }));
}

/** 累计完成投资 of one period summed over the fund year's projects other than `except`, exactly (as text). */
export async function periodInvestedTotal(db: DbOrTx, fundYearId: number, period: string, except: number[]): Promise<bigint> {
  const [row] = await db
    .select({ sum: sql<string>`coalesce(sum(${progressReports.investedFen}), 0)::text` })
    .from(progressReports)
    .where(and(eq(progressReports.fundYearId, fundYearId), eq(progressReports.period, period), except.length ? notInArray(progressReports.projectId, except) : undefined));
  return BigInt(row?.sum ?? "0");
}

export async function upsertReports(tx: DbOrTx, rows: { fundYearId: number; projectId: number; period: string; physicalBp: number; investedFen: number; reportedBy: number | null }[]) {
  if (!rows.length) return;
  await tx
    .insert(progressReports)
    .values(rows)
    .onConflictDoUpdate({
      target: [progressReports.projectId, progressReports.period],
      set: { physicalBp: sql`excluded.physical_bp`, investedFen: sql`excluded.invested_fen`, reportedBy: sql`excluded.reported_by`, reportedAt: sql`now()` },
    });
}

/** Causes recorded for some periods (and one county), with who recorded them. */
export function explanations(db: DbOrTx, fundYearId: number, periods: string[], countyId?: number) {
  if (!periods.length) return Promise.resolve([]);
  return db
    .select({
      period: lagExplanations.period,
      measure: lagExplanations.measure,
      countyId: lagExplanations.countyId,
      projectId: lagExplanations.projectId,
      cause: lagExplanations.cause,
      likelihood: lagExplanations.likelihood,
      note: lagExplanations.note,
      recordedBy: users.displayName,
      recordedAt: lagExplanations.recordedAt,
    })
    .from(lagExplanations)
    .leftJoin(users, eq(users.id, lagExplanations.recordedBy))
    .where(and(eq(lagExplanations.fundYearId, fundYearId), inArray(lagExplanations.period, periods), countyId ? eq(lagExplanations.countyId, countyId) : undefined))
    .orderBy(desc(lagExplanations.recordedAt));
}
export type ExplanationRow = Awaited<ReturnType<typeof explanations>>[number];

export async function findExplanation(db: DbOrTx, k: { fundYearId: number; period: string; measure: string; countyId: number; projectId: number | null }) {
  const rows = await db
    .select()
    .from(lagExplanations)
    .where(
      and(
        eq(lagExplanations.fundYearId, k.fundYearId),
        eq(lagExplanations.period, k.period),
        sql`${lagExplanations.measure} = ${k.measure}`,
        eq(lagExplanations.countyId, k.countyId),
        sql`coalesce(${lagExplanations.projectId}, 0) = ${k.projectId ?? 0}`,
      ),
    );
  return rows[0] ?? null;
}

export async function saveExplanation(tx: DbOrTx, e: typeof lagExplanations.$inferInsert, existingId: number | null) {
  if (existingId !== null) {
    await tx
      .update(lagExplanations)
      .set({ cause: e.cause, likelihood: e.likelihood, note: e.note, recordedBy: e.recordedBy, recordedAt: new Date() })
      .where(eq(lagExplanations.id, existingId));
  } else {
    await tx.insert(lagExplanations).values(e);
  }
}

/**
 * Allocated and paid money per project up to a day. Whole months come from project_money_months (a row
 * per project and month that the ledger's triggers keep); a day inside a month adds that month's
 * records up to the day from the ledger itself. A period ends on a month's last day, so the board and
 * the county view read the monthly rows alone. Money of no project is left out.
 */
export async function moneyByProject(db: DbOrTx, fundYearId: number, asOf: string, countyId?: number) {
  const { wholeBefore, partFrom } = monthsUpTo(asOf);
  const county = (t: typeof allocations | typeof payments | typeof projectMoneyMonths) => (countyId ? sql`and ${t.countyId} = ${countyId}` : sql``);
  const part = partFrom
    ? sql`union all
          select ${allocations.projectId}, ${allocations.amountFen}, 0 from ${allocations}
          where ${allocations.fundYearId} = ${fundYearId} and ${allocations.allocatedOn} between ${partFrom} and ${asOf} and ${allocations.projectId} is not null ${county(allocations)}
          union all
          select ${payments.projectId}, 0, ${payments.amountFen} from ${payments}
          where ${payments.fundYearId} = ${fundYearId} and ${payments.paidOn} between ${partFrom} and ${asOf} ${county(payments)}`
    : sql``;
  const rows = await rawRows<{ projectId: number; allocated: string; paid: string }>(
    db,
    sql`select project_id as "projectId", sum(a)::text as allocated, sum(p)::text as paid from (
          select ${projectMoneyMonths.projectId} as project_id, ${projectMoneyMonths.allocatedFen} as a, ${projectMoneyMonths.paidFen} as p from ${projectMoneyMonths}
          where ${projectMoneyMonths.fundYearId} = ${fundYearId} and ${projectMoneyMonths.month} < ${wholeBefore} ${county(projectMoneyMonths)}
          ${part}
        ) m group by project_id`,
  );
  const out = new Map<number, { allocatedFen: number; paidFen: number }>();
  for (const r of rows) out.set(r.projectId, { allocatedFen: toFen(r.allocated), paidFen: toFen(r.paid) });
  return out;
}
