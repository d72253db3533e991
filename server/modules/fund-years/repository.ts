/** SQL of 基础设置: funding sources, programmes, fund years and what a next year copies. */
import { and, asc, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import {
  allocations,
  fundingSources,
  fundYears,
  indicatorTemplates,
  monitoringIndicators,
  monitoringSettings,
  payments,
  performanceTargets,
  programmes,
  projectInvestments,
  projects,
  regions,
  renovationItems,
  reportParagraphs,
} from "../../../db/schema";

export type SourceRow = typeof fundingSources.$inferSelect;
export type ProgrammeRow = typeof programmes.$inferSelect;
export type FundYearTableRow = typeof fundYears.$inferSelect;

// ---- funding sources ---------------------------------------------------------------------------

/** Every source in display order, with whether any allocation, payment or planned investment names it. */
export async function listSources(db: DbOrTx) {
  // Qualified by hand: inside a subquery drizzle would leave "id" to the inner table.
  const used = (table: typeof allocations | typeof payments | typeof projectInvestments) =>
    sql<boolean>`exists (select 1 from ${table} u where u.source_id = "funding_sources"."id")`;
  return db
    .select({ source: fundingSources, inAllocations: used(allocations), inPayments: used(payments), inInvestments: used(projectInvestments) })
    .from(fundingSources)
    .orderBy(asc(fundingSources.sortOrder), asc(fundingSources.id));
}

export async function findSource(db: DbOrTx, id: number) {
  const [row] = (await listSources(db)).filter((r) => r.source.id === id);
  return row ?? null;
}

export async function findSourceByName(db: DbOrTx, name: string) {
  const [row] = await db.select().from(fundingSources).where(eq(fundingSources.name, name));
  return row ?? null;
}

export async function sourceCodes(db: DbOrTx): Promise<Set<string>> {
  return new Set((await db.select({ code: fundingSources.code }).from(fundingSources)).map((r) => r.code));
}

export async function maxSourceOrder(db: DbOrTx): Promise<number> {
  const [r] = await db.select({ n: sql<number>`coalesce(max(${fundingSources.sortOrder}), 0)::int` }).from(fundingSources);
  return Number(r.n);
}

/** Null when the code or name is taken (unique indexes). */
export async function insertSource(tx: DbOrTx, v: typeof fundingSources.$inferInsert) {
  const [row] = await tx.insert(fundingSources).values(v).onConflictDoNothing().returning();
  return row ?? null;
}

export async function updateSource(tx: DbOrTx, id: number, set: Partial<Pick<SourceRow, "name" | "category" | "sortOrder">>) {
  await tx.update(fundingSources).set(set).where(eq(fundingSources.id, id));
}

export async function deleteSource(tx: DbOrTx, id: number) {
  await tx.delete(fundingSources).where(eq(fundingSources.id, id));
}

// ---- programmes ----------------------------------------------------------------------------------

export async function listProgrammes(db: DbOrTx) {
  return db
    .select({ programme: programmes, fundYears: sql<number>`(select count(*)::int from ${fundYears} f where f.programme_id = "programmes"."id")` })
    .from(programmes)
    .orderBy(asc(programmes.sortOrder), asc(programmes.id));
}

export async function findProgramme(db: DbOrTx, id: number) {
  const [row] = await db.select().from(programmes).where(eq(programmes.id, id));
  return row ?? null;
}

export async function findProgrammeByName(db: DbOrTx, name: string) {
  return db.select().from(programmes).where(eq(programmes.name, name));
}

export async function programmeCodes(db: DbOrTx): Promise<Set<string>> {
  return new Set((await db.select({ code: programmes.code }).from(programmes)).map((r) => r.code));
}

export async function maxProgrammeOrder(db: DbOrTx): Promise<number> {
  const [r] = await db.select({ n: sql<number>`coalesce(max(${programmes.sortOrder}), 0)::int` }).from(programmes);
  return Number(r.n);
}

export async function insertProgramme(tx: DbOrTx, v: typeof programmes.$inferInsert) {
  const [row] = await tx.insert(programmes).values(v).onConflictDoNothing().returning();
  return row ?? null;
}

export async function updateProgramme(tx: DbOrTx, id: number, set: Partial<typeof programmes.$inferInsert>) {
  await tx.update(programmes).set(set).where(eq(programmes.id, id));
}

/** The name of each template family (its newest version's) by code. */
export async function templateFamilies(db: DbOrTx): Promise<Map<string, string>> {
  const rows = await db
    .select({ code: indicatorTemplates.code, name: indicatorTemplates.name })
    .from(indicatorTemplates)
    .orderBy(asc(indicatorTemplates.code), desc(indicatorTemplates.version));
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.code)) out.set(r.code, r.name);
  return out;
}

/** The newest published version of a template family. */
export async function latestPublishedTemplate(db: DbOrTx, code: string) {
  const [row] = await db
    .select({ id: indicatorTemplates.id, code: indicatorTemplates.code, name: indicatorTemplates.name, version: indicatorTemplates.version })
    .from(indicatorTemplates)
    .where(and(eq(indicatorTemplates.code, code), eq(indicatorTemplates.status, "published")))
    .orderBy(desc(indicatorTemplates.version))
    .limit(1);
  return row ?? null;
}

export async function findTemplate(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ id: indicatorTemplates.id, code: indicatorTemplates.code, name: indicatorTemplates.name, version: indicatorTemplates.version })
    .from(indicatorTemplates)
    .where(eq(indicatorTemplates.id, id));
  return row ?? null;
}

export async function renovationItemCodes(db: DbOrTx): Promise<Set<string>> {
  return new Set((await db.select({ code: renovationItems.code }).from(renovationItems)).map((r) => r.code));
}

// ---- regions -------------------------------------------------------------------------------------

export async function findRegion(db: DbOrTx, id: number) {
  const [row] = await db.select().from(regions).where(eq(regions.id, id));
  return row ?? null;
}

export function findRegionsByName(db: DbOrTx, name: string) {
  return db.select().from(regions).where(eq(regions.name, name));
}

// ---- fund years ----------------------------------------------------------------------------------

export async function findFundYearRow(db: DbOrTx, id: number) {
  const [row] = await db.select().from(fundYears).where(eq(fundYears.id, id));
  return row ?? null;
}

export async function findFundYearOf(db: DbOrTx, k: { programmeId: number; regionId: number; year: number }) {
  const [row] = await db
    .select()
    .from(fundYears)
    .where(and(eq(fundYears.programmeId, k.programmeId), eq(fundYears.regionId, k.regionId), eq(fundYears.year, k.year)));
  return row ?? null;
}

/** The years of a programme in a region, newest first. */
export function fundYearsOf(db: DbOrTx, programmeId: number, regionId: number) {
  return db
    .select()
    .from(fundYears)
    .where(and(eq(fundYears.programmeId, programmeId), eq(fundYears.regionId, regionId)))
    .orderBy(desc(fundYears.year));
}

export async function lockFundYearRow(tx: DbOrTx, id: number) {
  await tx.execute(sql`select id from ${fundYears} where ${fundYears.id} = ${id} for update`);
}

/** Null when the (programme, region, year) exists already. */
export async function insertFundYear(tx: DbOrTx, v: typeof fundYears.$inferInsert) {
  const [row] = await tx.insert(fundYears).values(v).onConflictDoNothing().returning();
  return row ?? null;
}

export async function setFundYearClosed(tx: DbOrTx, id: number, closed: { closedAt: Date; closedBy: string } | null) {
  await tx
    .update(fundYears)
    .set(closed ?? { closedAt: null, closedBy: null })
    .where(eq(fundYears.id, id));
}

export async function monitoringOf(db: DbOrTx, fundYearId: number) {
  const [settings, indicators] = await Promise.all([
    db.select().from(monitoringSettings).where(eq(monitoringSettings.fundYearId, fundYearId)),
    db.select().from(monitoringIndicators).where(eq(monitoringIndicators.fundYearId, fundYearId)).orderBy(asc(monitoringIndicators.sortOrder), asc(monitoringIndicators.id)),
  ]);
  return { periodKind: settings[0]?.periodKind ?? null, paymentSchedule: settings[0]?.paymentSchedule ?? null, indicators };
}

export async function insertMonitoring(
  tx: DbOrTx,
  fundYearId: number,
  periodKind: "month" | "quarter",
  indicators: Omit<typeof monitoringIndicators.$inferInsert, "fundYearId" | "id">[],
  /** The payment schedule (支付节点); the column's default (core DEFAULT_PAYMENT_SCHEDULE) when not given. */
  paymentSchedule?: (typeof monitoringSettings.$inferInsert)["paymentSchedule"],
) {
  await tx.insert(monitoringSettings).values({ fundYearId, periodKind, ...(paymentSchedule ? { paymentSchedule } : {}) });
  if (indicators.length) await tx.insert(monitoringIndicators).values(indicators.map((x) => ({ ...x, fundYearId })));
}

export function targetsOf(db: DbOrTx, fundYearId: number) {
  return db
    .select()
    .from(performanceTargets)
    .where(eq(performanceTargets.fundYearId, fundYearId))
    .orderBy(asc(performanceTargets.countyId), asc(performanceTargets.sortOrder), asc(performanceTargets.id));
}

export async function insertTargets(tx: DbOrTx, rows: (typeof performanceTargets.$inferInsert)[]) {
  if (rows.length) await tx.insert(performanceTargets).values(rows);
}

/** The current (newest) version of each of the fund year's own texts (not a task's edits). */
export async function currentParagraphs(db: DbOrTx, fundYearId: number) {
  const rows = await db
    .select()
    .from(reportParagraphs)
    .where(and(eq(reportParagraphs.fundYearId, fundYearId), isNull(reportParagraphs.taskId)))
    .orderBy(asc(reportParagraphs.key), desc(reportParagraphs.version));
  const out = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!out.has(r.key)) out.set(r.key, r);
  return [...out.values()];
}

export async function insertParagraphs(tx: DbOrTx, rows: (typeof reportParagraphs.$inferInsert)[]) {
  if (rows.length) await tx.insert(reportParagraphs).values(rows);
}

/** Projects, allocations and payments of a year: what 开启下一年度 never carries over. */
export async function moneyCounts(db: DbOrTx, fundYearId: number) {
  const [[p], [a], [y]] = await Promise.all([
    db.select({ n: count() }).from(projects).where(eq(projects.fundYearId, fundYearId)),
    db.select({ n: count() }).from(allocations).where(eq(allocations.fundYearId, fundYearId)),
    db.select({ n: count() }).from(payments).where(eq(payments.fundYearId, fundYearId)),
  ]);
  return { projects: Number(p.n), allocations: Number(a.n), payments: Number(y.n) };
}

export async function nextOf(db: DbOrTx, fundYearId: number) {
  const [row] = await db.select({ id: fundYears.id, year: fundYears.year }).from(fundYears).where(eq(fundYears.previousId, fundYearId)).limit(1);
  return row ?? null;
}

export async function yearsByIds(db: DbOrTx, ids: number[]) {
  if (!ids.length) return [];
  return db.select({ id: fundYears.id, year: fundYears.year }).from(fundYears).where(inArray(fundYears.id, ids));
}
