/** All SQL of 绩效评价: templates, grade scales, tasks, scopes, entries, evidence, replies, registry reads. */
import { and, asc, count, desc, eq, inArray, max, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Versioned } from "../../versioned";
import {
  communities,
  evaluationComments,
  evaluationEntries,
  evaluationEvidence,
  evaluationScopes,
  evaluationTasks,
  fundYears,
  gradeScales,
  indicatorTemplates,
  performanceTargets,
  projectCommunities,
  projectDetails,
  projects,
  regions,
} from "../../../db/schema";
import { TIMELINESS_GRACE_DAYS, type RegistryCounts } from "../../../core/scoring/registry-counts";

// ---- registry reads (issue 4's tables) -------------------------------------------------------

/**
 * The registry counts of each county as of a day (core/scoring/registry-counts `registryCounts`,
 * counted in SQL): projects done, accepted and qualified, due and in time, and the done projects'
 * communities, households, area and communities under management. Only one county's when `countyId` is
 * given. Two grouped queries (projects; community links of done projects), one after the other (the
 * handle may be a transaction), each giving a row a county. A date counts when it is set and no later
 * than `asOf`; in time is no later than TIMELINESS_GRACE_DAYS after the planned day, as in core.
 */
export async function registryCountsByCounty(db: DbOrTx, fundYearId: number, asOf: string, countyId?: number): Promise<Map<number, RegistryCounts>> {
  const by = (d: SQL | typeof projectDetails.actualStartOn) => sql`${d} <= ${asOf}::date`;
  const inTime = (actual: typeof projectDetails.actualStartOn, planned: typeof projectDetails.plannedStartOn) =>
    sql`${by(planned)} and ${by(actual)} and ${actual} <= ${planned} + ${TIMELINESS_GRACE_DAYS}::int`;
  const n = (cond: SQL) => sql<number>`(count(*) filter (where ${cond}))::int`;
  const inScope = and(eq(projects.fundYearId, fundYearId), countyId === undefined ? undefined : eq(projects.countyId, countyId));
  const rows = await db
    .select({
      countyId: projects.countyId,
      projects: sql<number>`count(*)::int`,
      done: n(by(projectDetails.actualCompletionOn)),
      accepted: n(by(projectDetails.actualAcceptanceOn)),
      qualified: n(sql`${by(projectDetails.actualAcceptanceOn)} and ${projectDetails.acceptanceResult} = 'qualified'`),
      startDue: n(by(projectDetails.plannedStartOn)),
      startOnTime: n(inTime(projectDetails.actualStartOn, projectDetails.plannedStartOn)),
      finishDue: n(by(projectDetails.plannedCompletionOn)),
      finishOnTime: n(inTime(projectDetails.actualCompletionOn, projectDetails.plannedCompletionOn)),
    })
    .from(projects)
    .leftJoin(projectDetails, eq(projectDetails.projectId, projects.id))
    .where(inScope)
    .groupBy(projects.countyId);
  const done = await db
    .select({
      countyId: projects.countyId,
      communities: sql<number>`count(*)::int`,
      households: sql<string>`coalesce(sum(${communities.households}), 0)::text`,
      area: sql<string>`coalesce(sum(${communities.floorAreaDm2}), 0)::text`,
      managed: n(sql`${communities.propertyMode} <> 'none'`),
    })
    .from(projectCommunities)
    .innerJoin(projects, eq(projects.id, projectCommunities.projectId))
    .innerJoin(projectDetails, eq(projectDetails.projectId, projects.id))
    .innerJoin(communities, eq(communities.id, projectCommunities.communityId))
    .where(and(eq(projectCommunities.fundYearId, fundYearId), inScope, by(projectDetails.actualCompletionOn)))
    .groupBy(projects.countyId);
  const linked = new Map(done.map((d) => [d.countyId, d]));
  return new Map(
    rows.map((r) => {
      const l = linked.get(r.countyId);
      const counts: RegistryCounts = {
        projects: Number(r.projects),
        done: Number(r.done),
        communitiesDone: Number(l?.communities ?? 0),
        householdsDone: Number(l?.households ?? 0),
        areaDoneDm2: Number(l?.area ?? 0),
        accepted: Number(r.accepted),
        qualified: Number(r.qualified),
        startDue: Number(r.startDue),
        startOnTime: Number(r.startOnTime),
        finishDue: Number(r.finishDue),
        finishOnTime: Number(r.finishOnTime),
        managedDone: Number(l?.managed ?? 0),
      };
      return [r.countyId, counts];
    }),
  );
}

/** 绩效目标 of one registry metric: the city's (countyId null) and each county's. */
export async function registryTargets(db: DbOrTx, fundYearId: number, metric: string, countyId?: number) {
  const rows = await db
    .select({ countyId: performanceTargets.countyId, targetValue: performanceTargets.targetValue, direction: performanceTargets.direction })
    .from(performanceTargets)
    .where(
      and(
        eq(performanceTargets.fundYearId, fundYearId),
        eq(performanceTargets.metric, metric),
        countyId === undefined ? undefined : eq(performanceTargets.countyId, countyId),
      ),
    );
  return rows.map((r) => ({ ...r, targetValue: r.targetValue === null ? null : String(r.targetValue) }));
}

// ---- grade scales ----------------------------------------------------------------------------

export function listGradeScales(db: DbOrTx) {
  return db.select().from(gradeScales).orderBy(desc(gradeScales.builtIn), asc(gradeScales.id));
}

export async function findGradeScale(db: DbOrTx, id: number) {
  const [row] = await db.select().from(gradeScales).where(eq(gradeScales.id, id));
  return row ?? null;
}

export async function insertGradeScale(db: DbOrTx, v: typeof gradeScales.$inferInsert) {
  const [row] = await db.insert(gradeScales).values(v).onConflictDoNothing().returning();
  return row ?? null;
}

/** A template draft as an editable record: its lock is `revision` (`version` is the 第 n 版). */
export const TEMPLATE: Versioned<typeof indicatorTemplates> = { table: indicatorTemplates, noun: "指标体系模板", versionKey: "revision" };
export const templateKey = (id: number) => eq(indicatorTemplates.id, id);

/** A grade scale as an editable record (server/versioned.ts). */
export const GRADE_SCALE: Versioned<typeof gradeScales> = { table: gradeScales, noun: "等级标准" };
export const gradeScaleKey = (id: number) => eq(gradeScales.id, id);

export async function deleteGradeScale(db: DbOrTx, id: number) {
  await db.delete(gradeScales).where(eq(gradeScales.id, id));
}

export async function scaleUsage(db: DbOrTx): Promise<Map<number, number>> {
  const rows = await db.select({ id: evaluationTasks.gradeScaleId, n: count() }).from(evaluationTasks).groupBy(evaluationTasks.gradeScaleId);
  return new Map(rows.filter((r) => r.id !== null).map((r) => [r.id!, Number(r.n)]));
}

// ---- templates -------------------------------------------------------------------------------

export function listTemplates(db: DbOrTx) {
  return db.select().from(indicatorTemplates).orderBy(asc(indicatorTemplates.code), desc(indicatorTemplates.version));
}

export async function findTemplate(db: DbOrTx, id: number) {
  const [row] = await db.select().from(indicatorTemplates).where(eq(indicatorTemplates.id, id));
  return row ?? null;
}
export type TemplateRow = NonNullable<Awaited<ReturnType<typeof findTemplate>>>;

export function templateVersions(db: DbOrTx, code: string) {
  return db
    .select({ id: indicatorTemplates.id, version: indicatorTemplates.version, status: indicatorTemplates.status })
    .from(indicatorTemplates)
    .where(eq(indicatorTemplates.code, code))
    .orderBy(desc(indicatorTemplates.version));
}

export async function nextTemplateVersion(db: DbOrTx, code: string): Promise<number> {
  const [row] = await db.select({ v: max(indicatorTemplates.version) }).from(indicatorTemplates).where(eq(indicatorTemplates.code, code));
  return (row?.v ?? 0) + 1;
}

export async function insertTemplate(db: DbOrTx, v: typeof indicatorTemplates.$inferInsert) {
  const [row] = await db.insert(indicatorTemplates).values(v).onConflictDoNothing().returning();
  return row ?? null;
}

export async function updateTemplate(db: DbOrTx, id: number, v: Partial<typeof indicatorTemplates.$inferInsert>) {
  await db.update(indicatorTemplates).set({ ...v, updatedAt: new Date() }).where(eq(indicatorTemplates.id, id));
}

export async function deleteTemplate(db: DbOrTx, id: number) {
  await db.delete(indicatorTemplates).where(eq(indicatorTemplates.id, id));
}

export async function templateUsage(db: DbOrTx): Promise<Map<number, number>> {
  const rows = await db.select({ id: evaluationTasks.templateId, n: count() }).from(evaluationTasks).groupBy(evaluationTasks.templateId);
  return new Map(rows.filter((r) => r.id !== null).map((r) => [r.id!, Number(r.n)]));
}

/** Locks a template row for an edit (two editors cannot both publish or both save over each other). */
export async function lockTemplate(tx: DbOrTx, id: number) {
  await tx.execute(sql`select id from indicator_templates where id = ${id} for update`);
}

// ---- tasks and scopes ------------------------------------------------------------------------

export interface TaskFilter {
  fundYearId?: number;
  /** Only tasks of this evaluator organisation. */
  evaluatorOrg?: string;
  /** Only tasks in these states. */
  states?: ("draft" | "scoring" | "reply" | "final")[];
  year?: number;
}

export function listTasks(db: DbOrTx, f: TaskFilter) {
  const where: (SQL | undefined)[] = [
    f.fundYearId ? eq(evaluationTasks.fundYearId, f.fundYearId) : undefined,
    f.evaluatorOrg !== undefined ? eq(evaluationTasks.evaluatorOrg, f.evaluatorOrg) : undefined,
    f.states ? inArray(evaluationTasks.state, f.states) : undefined,
    f.year ? eq(fundYears.year, f.year) : undefined,
  ];
  return db
    .select({ task: evaluationTasks, year: fundYears.year, isDemo: fundYears.isDemo, regionPath: regions.path })
    .from(evaluationTasks)
    .innerJoin(fundYears, eq(fundYears.id, evaluationTasks.fundYearId))
    .innerJoin(regions, eq(regions.id, fundYears.regionId))
    .where(and(...where))
    .orderBy(desc(fundYears.year), desc(evaluationTasks.id));
}

export async function findTask(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ task: evaluationTasks, year: fundYears.year, isDemo: fundYears.isDemo, cityRegionId: fundYears.regionId, regionPath: regions.path })
    .from(evaluationTasks)
    .innerJoin(fundYears, eq(fundYears.id, evaluationTasks.fundYearId))
    .innerJoin(regions, eq(regions.id, fundYears.regionId))
    .where(eq(evaluationTasks.id, id));
  return row ?? null;
}
export type TaskRow = NonNullable<Awaited<ReturnType<typeof findTask>>>;

/** Locks the task row: state changes, finalisation and entry writes take turns on it. */
export async function lockTask(tx: DbOrTx, id: number) {
  await tx.execute(sql`select id from evaluation_tasks where id = ${id} for update`);
}

export async function insertTask(db: DbOrTx, v: typeof evaluationTasks.$inferInsert) {
  const [row] = await db.insert(evaluationTasks).values(v).returning();
  return row;
}

export async function updateTask(db: DbOrTx, id: number, v: Partial<typeof evaluationTasks.$inferInsert>) {
  await db.update(evaluationTasks).set({ ...v, updatedAt: new Date() }).where(eq(evaluationTasks.id, id));
}

export async function deleteTask(db: DbOrTx, id: number) {
  await db.delete(evaluationTasks).where(eq(evaluationTasks.id, id));
}

export async function insertScopes(db: DbOrTx, rows: (typeof evaluationScopes.$inferInsert)[]) {
  return db.insert(evaluationScopes).values(rows).returning();
}

/** Scopes of a task with their region's name, city first then counties in the region's order. */
export function listScopes(db: DbOrTx, taskId: number) {
  return db
    .select({ scope: evaluationScopes, name: regions.name, level: regions.level })
    .from(evaluationScopes)
    .innerJoin(regions, eq(regions.id, evaluationScopes.regionId))
    .where(eq(evaluationScopes.taskId, taskId))
    .orderBy(asc(evaluationScopes.sortOrder), asc(evaluationScopes.id));
}
export type ScopeRow = Awaited<ReturnType<typeof listScopes>>[number];

export async function updateScope(db: DbOrTx, id: number, v: Partial<typeof evaluationScopes.$inferInsert>) {
  await db.update(evaluationScopes).set(v).where(eq(evaluationScopes.id, id));
}

/** Counties directly under the fund year's city, in display order. */
export async function regionName(db: DbOrTx, id: number) {
  const [row] = await db.select({ name: regions.name }).from(regions).where(eq(regions.id, id));
  return row?.name ?? null;
}

// ---- entries ---------------------------------------------------------------------------------

/**
 * `column = any('{1,2,…}'::int[])`: one array parameter however many scopes (a national task has
 * 2,851), instead of a parameter each, which drizzle builds and the server parses one by one.
 */
const anyOf = (column: AnyPgColumn, ids: number[]) => sql`${column} = any(${`{${ids.map((id) => Math.trunc(id)).join(",")}}`}::int[])`;

export function listEntries(db: DbOrTx, scopeIds: number[]) {
  if (scopeIds.length === 0) return Promise.resolve([]);
  return db.select().from(evaluationEntries).where(anyOf(evaluationEntries.scopeId, scopeIds));
}
export type EntryRow = Awaited<ReturnType<typeof listEntries>>[number];

export async function findEntry(db: DbOrTx, scopeId: number, code: string) {
  const [row] = await db.select().from(evaluationEntries).where(and(eq(evaluationEntries.scopeId, scopeId), eq(evaluationEntries.code, code)));
  return row ?? null;
}

/** An evaluator's entry as an editable record, keyed by scope and code (server/versioned.ts). */
export const ENTRY: Versioned<typeof evaluationEntries> = { table: evaluationEntries, noun: "评分项", storedName: (r) => r.updatedByName };
export const entryKey = (scopeId: number, code: string) => and(eq(evaluationEntries.scopeId, scopeId), eq(evaluationEntries.code, code))!;

/** A task's settings as an editable record. */
export const TASK: Versioned<typeof evaluationTasks> = { table: evaluationTasks, noun: "评价任务" };
export const taskKey = (id: number) => eq(evaluationTasks.id, id);

export async function upsertEntry(db: DbOrTx, v: typeof evaluationEntries.$inferInsert) {
  const { scopeId: _s, code: _c, ...set } = v;
  await db
    .insert(evaluationEntries)
    .values(v)
    .onConflictDoUpdate({ target: [evaluationEntries.scopeId, evaluationEntries.code], set: { ...set, updatedAt: new Date() } });
}

export async function insertEntries(db: DbOrTx, rows: (typeof evaluationEntries.$inferInsert)[]) {
  if (rows.length) await db.insert(evaluationEntries).values(rows);
}

// ---- evidence --------------------------------------------------------------------------------

const evidenceColumns = {
  id: evaluationEvidence.id,
  taskId: evaluationEvidence.taskId,
  scopeId: evaluationEvidence.scopeId,
  code: evaluationEvidence.code,
  fileName: evaluationEvidence.fileName,
  mimeType: evaluationEvidence.mimeType,
  sizeBytes: evaluationEvidence.sizeBytes,
  sha256: evaluationEvidence.sha256,
  side: evaluationEvidence.side,
  uploadedBy: evaluationEvidence.uploadedBy,
  uploadedByName: evaluationEvidence.uploadedByName,
  uploadedAt: evaluationEvidence.uploadedAt,
};

/** Evidence of some scopes, without the file contents. */
export function listEvidence(db: DbOrTx, scopeIds: number[]) {
  if (scopeIds.length === 0) return Promise.resolve([]);
  return db.select(evidenceColumns).from(evaluationEvidence).where(anyOf(evaluationEvidence.scopeId, scopeIds)).orderBy(asc(evaluationEvidence.id));
}
export type EvidenceRow = Awaited<ReturnType<typeof listEvidence>>[number];

export async function findEvidence(db: DbOrTx, id: number, withData: boolean) {
  const [row] = await db
    .select({ ...evidenceColumns, ...(withData ? { data: evaluationEvidence.data } : {}) })
    .from(evaluationEvidence)
    .where(eq(evaluationEvidence.id, id));
  return (row as (EvidenceRow & { data?: Buffer }) | undefined) ?? null;
}

export async function countEvidence(db: DbOrTx, scopeId: number, code: string) {
  const [row] = await db
    .select({ n: count() })
    .from(evaluationEvidence)
    .where(and(eq(evaluationEvidence.scopeId, scopeId), eq(evaluationEvidence.code, code)));
  return Number(row.n);
}

export async function insertEvidence(db: DbOrTx, v: typeof evaluationEvidence.$inferInsert) {
  const [row] = await db.insert(evaluationEvidence).values(v).returning(evidenceColumns);
  return row;
}

export async function deleteEvidence(db: DbOrTx, id: number) {
  await db.delete(evaluationEvidence).where(eq(evaluationEvidence.id, id));
}

// ---- comments --------------------------------------------------------------------------------

export function listComments(db: DbOrTx, scopeIds: number[]) {
  if (scopeIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(evaluationComments)
    .where(anyOf(evaluationComments.scopeId, scopeIds))
    .orderBy(asc(evaluationComments.createdAt), asc(evaluationComments.id));
}
export type CommentRow = Awaited<ReturnType<typeof listComments>>[number];

export async function insertComment(db: DbOrTx, v: typeof evaluationComments.$inferInsert) {
  const [row] = await db.insert(evaluationComments).values(v).returning();
  return row;
}
