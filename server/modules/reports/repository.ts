/** SQL of the report: paragraph versions, frozen report versions, drafting rules. */
import { and, desc, eq, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import { draftingRules, reportParagraphs, reportVersions } from "../../../db/schema";

export type ParagraphRow = typeof reportParagraphs.$inferSelect;

/** Every version of every paragraph of a task's report and of its fund year's stored texts, newest first. */
export function paragraphRows(db: DbOrTx, fundYearId: number, taskId: number) {
  return db
    .select()
    .from(reportParagraphs)
    .where(and(eq(reportParagraphs.fundYearId, fundYearId), or(isNull(reportParagraphs.taskId), eq(reportParagraphs.taskId, taskId))))
    .orderBy(reportParagraphs.key, desc(reportParagraphs.version));
}

/** Serialises writers of one task's (or fund year's) paragraphs, so versions stay gapless. */
export async function lockParagraphs(tx: DbOrTx, fundYearId: number, taskId: number | null) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`report:${fundYearId}:${taskId ?? "fy"}`}))`);
}

export async function nextParagraphVersion(tx: DbOrTx, fundYearId: number, taskId: number | null, key: string): Promise<number> {
  const [r] = await tx
    .select({ v: sql<number>`coalesce(max(${reportParagraphs.version}), 0)::int` })
    .from(reportParagraphs)
    .where(and(eq(reportParagraphs.fundYearId, fundYearId), taskId === null ? isNull(reportParagraphs.taskId) : eq(reportParagraphs.taskId, taskId), eq(reportParagraphs.key, key)));
  return Number(r.v) + 1;
}

export async function insertParagraph(tx: DbOrTx, v: typeof reportParagraphs.$inferInsert) {
  const [row] = await tx.insert(reportParagraphs).values(v).returning();
  return row;
}

export function listVersions(db: DbOrTx, taskId: number) {
  return db
    .select({ version: reportVersions.version, createdAt: reportVersions.createdAt, createdByName: reportVersions.createdByName })
    .from(reportVersions)
    .where(eq(reportVersions.taskId, taskId))
    .orderBy(desc(reportVersions.version));
}

export async function findVersion(db: DbOrTx, taskId: number, version?: number) {
  const [row] = await db
    .select()
    .from(reportVersions)
    .where(and(eq(reportVersions.taskId, taskId), version === undefined ? undefined : eq(reportVersions.version, version)))
    .orderBy(desc(reportVersions.version))
    .limit(1);
  return row ?? null;
}

export async function insertVersion(tx: DbOrTx, v: typeof reportVersions.$inferInsert) {
  const [row] = await tx.insert(reportVersions).values(v).returning({ id: reportVersions.id, version: reportVersions.version });
  return row;
}

export async function nextReportVersion(tx: DbOrTx, taskId: number): Promise<number> {
  const [r] = await tx.select({ v: sql<number>`coalesce(max(${reportVersions.version}), 0)::int` }).from(reportVersions).where(eq(reportVersions.taskId, taskId));
  return Number(r.v) + 1;
}

export function listRules(db: DbOrTx) {
  return db.select().from(draftingRules).orderBy(draftingRules.code);
}

export async function findRule(db: DbOrTx, code: string) {
  const [row] = await db.select().from(draftingRules).where(eq(draftingRules.code, code));
  return row ?? null;
}

export async function insertRules(db: DbOrTx, rows: (typeof draftingRules.$inferInsert)[]) {
  if (rows.length) await db.insert(draftingRules).values(rows).onConflictDoNothing();
}

export async function updateRule(db: DbOrTx, code: string, v: { definition: unknown; updatedByName: string }) {
  await db.update(draftingRules).set({ ...v, updatedAt: new Date() }).where(eq(draftingRules.code, code));
}
