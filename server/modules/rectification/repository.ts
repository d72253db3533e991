/** All SQL of 问题与整改: findings, items, their history and evidence. */
import { and, asc, count, eq, gte, inArray, isNotNull, lte, ne, notInArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../../db/open";
import { evaluationComments, evaluationScopes, evaluationTasks, findings, fundYears, projects, rectificationEvents, rectificationEvidence, rectificationItems, regions } from "../../../db/schema";
import type { ItemState } from "../../../core/rectification/rules";

const findingCounty = alias(regions, "finding_county");
const ownerCounty = alias(regions, "owner_county");
const cityRegion = alias(regions, "city_region");

export type FindingRecord = typeof findings.$inferSelect;
export type ItemRecord = typeof rectificationItems.$inferSelect;

// ---- findings ---------------------------------------------------------------------------------

const findingColumns = {
  finding: findings,
  countyName: findingCounty.name,
  projectName: projects.name,
  taskName: evaluationTasks.name,
};

export async function listFindings(db: DbOrTx, taskId: number, onlyOwnedByCounty?: number) {
  const where = [eq(findings.taskId, taskId)];
  if (onlyOwnedByCounty !== undefined)
    where.push(inArray(findings.id, db.select({ id: rectificationItems.findingId }).from(rectificationItems).where(eq(rectificationItems.ownerCountyId, onlyOwnedByCounty))));
  return db
    .select(findingColumns)
    .from(findings)
    .innerJoin(evaluationTasks, eq(evaluationTasks.id, findings.taskId))
    .leftJoin(findingCounty, eq(findingCounty.id, findings.countyId))
    .leftJoin(projects, eq(projects.id, findings.projectId))
    .where(and(...where))
    .orderBy(asc(findings.sortOrder), asc(findings.id));
}
export type FindingRow = Awaited<ReturnType<typeof listFindings>>[number];

export async function findFinding(db: DbOrTx, id: number) {
  const [row] = await db
    .select(findingColumns)
    .from(findings)
    .innerJoin(evaluationTasks, eq(evaluationTasks.id, findings.taskId))
    .leftJoin(findingCounty, eq(findingCounty.id, findings.countyId))
    .leftJoin(projects, eq(projects.id, findings.projectId))
    .where(eq(findings.id, id));
  return row ?? null;
}

/** Locks a finding's row (edits and item creation take turns on it). */
export async function lockFinding(tx: DbOrTx, id: number): Promise<FindingRecord | null> {
  const [row] = await tx.select().from(findings).where(eq(findings.id, id)).for("update");
  return row ?? null;
}

/** Items per finding: how many, accepted, overdue (marked and not submitted or accepted). */
export async function itemSummaries(db: DbOrTx, findingIds: number[]) {
  if (findingIds.length === 0) return new Map<number, { total: number; accepted: number; overdue: number }>();
  const rows = await db
    .select({
      findingId: rectificationItems.findingId,
      total: sql<number>`count(*)::int`,
      accepted: sql<number>`(count(*) filter (where ${rectificationItems.state} = 'accepted'))::int`,
      overdue: sql<number>`(count(*) filter (where ${rectificationItems.overdueSince} is not null and ${rectificationItems.state} not in ('submitted', 'accepted')))::int`,
    })
    .from(rectificationItems)
    .where(inArray(rectificationItems.findingId, findingIds))
    .groupBy(rectificationItems.findingId);
  return new Map(rows.map((r) => [r.findingId, { total: r.total, accepted: r.accepted, overdue: r.overdue }]));
}

export async function nextSortOrder(db: DbOrTx, taskId: number): Promise<number> {
  const [r] = await db.select({ max: sql<number | null>`max(${findings.sortOrder})` }).from(findings).where(eq(findings.taskId, taskId));
  return (r?.max ?? 0) + 1;
}

export async function insertFinding(db: DbOrTx, v: typeof findings.$inferInsert) {
  const [row] = await db.insert(findings).values(v).returning();
  return row;
}

export async function updateFinding(db: DbOrTx, id: number, v: Partial<typeof findings.$inferInsert>) {
  const [row] = await db
    .update(findings)
    .set({ ...v, version: sql`${findings.version} + 1`, updatedAt: new Date() })
    .where(eq(findings.id, id))
    .returning();
  return row;
}

export async function deleteFinding(db: DbOrTx, id: number) {
  await db.delete(findings).where(eq(findings.id, id));
}

export async function setSortOrders(db: DbOrTx, ids: number[]) {
  for (const [i, id] of ids.entries()) await db.update(findings).set({ sortOrder: i + 1 }).where(eq(findings.id, id));
}

export async function findingIdsOfTask(db: DbOrTx, taskId: number): Promise<number[]> {
  const rows = await db.select({ id: findings.id }).from(findings).where(eq(findings.taskId, taskId));
  return rows.map((r) => r.id);
}

/** A county region (id, name, path), or null. */
export async function findCounty(db: DbOrTx, id: number) {
  const [r] = await db.select({ id: regions.id, name: regions.name, path: regions.path }).from(regions).where(and(eq(regions.id, id), eq(regions.level, "county")));
  return r ?? null;
}

/** County regions of this name (a name may repeat across provinces). */
export async function countiesNamed(db: DbOrTx, name: string) {
  return db.select({ id: regions.id, name: regions.name, path: regions.path }).from(regions).where(and(eq(regions.name, name), eq(regions.level, "county")));
}

export async function findProject(db: DbOrTx, id: number) {
  const [r] = await db.select({ id: projects.id, name: projects.name, countyId: projects.countyId, fundYearId: projects.fundYearId }).from(projects).where(eq(projects.id, id));
  return r ?? null;
}

/** A reply (comment) with the sheet it was written on. */
export async function findComment(db: DbOrTx, id: number) {
  const [r] = await db
    .select({ id: evaluationComments.id, taskId: evaluationComments.taskId, scopeId: evaluationComments.scopeId, code: evaluationComments.code, side: evaluationComments.side, body: evaluationComments.body, authorName: evaluationComments.authorName })
    .from(evaluationComments)
    .where(eq(evaluationComments.id, id));
  return r ?? null;
}

export async function findScope(db: DbOrTx, id: number) {
  const [r] = await db.select({ id: evaluationScopes.id, taskId: evaluationScopes.taskId, countyId: evaluationScopes.countyId }).from(evaluationScopes).where(eq(evaluationScopes.id, id));
  return r ?? null;
}

// ---- items --------------------------------------------------------------------------------------

const itemColumns = {
  item: rectificationItems,
  findingTitle: findings.title,
  findingCategory: findings.category,
  findingSeverity: findings.severity,
  findingDescription: findings.description,
  taskId: evaluationTasks.id,
  taskName: evaluationTasks.name,
  taskState: evaluationTasks.state,
  fundYearId: evaluationTasks.fundYearId,
  evaluatorOrg: evaluationTasks.evaluatorOrg,
  countyName: ownerCounty.name,
  regionPath: cityRegion.path,
  evidenceCount: sql<number>`(select count(*)::int from rectification_evidence e where e.item_id = ${rectificationItems.id})`,
};

function itemQuery(db: DbOrTx) {
  return db
    .select(itemColumns)
    .from(rectificationItems)
    .innerJoin(findings, eq(findings.id, rectificationItems.findingId))
    .innerJoin(evaluationTasks, eq(evaluationTasks.id, findings.taskId))
    .innerJoin(fundYears, eq(fundYears.id, evaluationTasks.fundYearId))
    .innerJoin(cityRegion, eq(cityRegion.id, fundYears.regionId))
    .leftJoin(ownerCounty, eq(ownerCounty.id, rectificationItems.ownerCountyId));
}
export type ItemRow = Awaited<ReturnType<ReturnType<typeof itemQuery>["where"]>>[number];

/** Which items a viewer may see: a county its own, an evaluator its organisation's tasks, the city its region's. */
export interface ItemVisibility {
  countyId?: number;
  evaluatorOrg?: string;
  /** The fund year's region must lie in this subtree (null: everywhere). */
  regionPath: string | null;
}

export interface LedgerFilter {
  taskId?: number;
  fundYearId?: number;
  countyId?: number;
  state?: ItemState;
  overdue?: boolean;
  /** Open items due from today to today + n. */
  dueWithin?: { today: string; until: string };
}

function filterWhere(v: ItemVisibility, f: LedgerFilter, withState: boolean): SQL | undefined {
  const w: SQL[] = [];
  if (v.countyId !== undefined) w.push(eq(rectificationItems.ownerCountyId, v.countyId));
  if (v.evaluatorOrg !== undefined) w.push(eq(evaluationTasks.evaluatorOrg, v.evaluatorOrg));
  if (v.regionPath !== null) w.push(sql`${cityRegion.path} like ${v.regionPath + "%"}`);
  if (f.taskId !== undefined) w.push(eq(findings.taskId, f.taskId));
  if (f.fundYearId !== undefined) w.push(eq(evaluationTasks.fundYearId, f.fundYearId));
  if (f.countyId !== undefined) w.push(eq(rectificationItems.ownerCountyId, f.countyId));
  if (withState && f.state !== undefined) w.push(eq(rectificationItems.state, f.state));
  const overdue = and(isNotNull(rectificationItems.overdueSince), notInArray(rectificationItems.state, ["submitted", "accepted"]))!;
  if (f.overdue === true) w.push(overdue);
  if (f.overdue === false) w.push(sql`not (${overdue})`);
  if (f.dueWithin) w.push(gte(rectificationItems.deadline, f.dueWithin.today), lte(rectificationItems.deadline, f.dueWithin.until), notInArray(rectificationItems.state, ["submitted", "accepted"]));
  return w.length ? and(...w) : undefined;
}

export async function listItems(db: DbOrTx, v: ItemVisibility, f: LedgerFilter, page?: { limit: number; offset: number }) {
  const q = itemQuery(db)
    .where(filterWhere(v, f, true))
    .orderBy(asc(rectificationItems.deadline), asc(findings.sortOrder), asc(rectificationItems.id));
  return page ? q.limit(page.limit).offset(page.offset) : q;
}

/** Counts of the filter: by state (the state filter aside), overdue, and the rows the filter gives. */
export async function countItems(db: DbOrTx, v: ItemVisibility, f: LedgerFilter) {
  const byState = await db
    .select({ state: rectificationItems.state, n: count() })
    .from(rectificationItems)
    .innerJoin(findings, eq(findings.id, rectificationItems.findingId))
    .innerJoin(evaluationTasks, eq(evaluationTasks.id, findings.taskId))
    .innerJoin(fundYears, eq(fundYears.id, evaluationTasks.fundYearId))
    .innerJoin(cityRegion, eq(cityRegion.id, fundYears.regionId))
    .where(filterWhere(v, f, false))
    .groupBy(rectificationItems.state);
  const [o] = await db
    .select({ total: count(), overdue: sql<number>`(count(*) filter (where ${rectificationItems.overdueSince} is not null and ${rectificationItems.state} not in ('submitted', 'accepted')))::int` })
    .from(rectificationItems)
    .innerJoin(findings, eq(findings.id, rectificationItems.findingId))
    .innerJoin(evaluationTasks, eq(evaluationTasks.id, findings.taskId))
    .innerJoin(fundYears, eq(fundYears.id, evaluationTasks.fundYearId))
    .innerJoin(cityRegion, eq(cityRegion.id, fundYears.regionId))
    .where(filterWhere(v, f, true));
  return { byState: new Map(byState.map((r) => [r.state, r.n])), total: o?.total ?? 0, overdue: o?.overdue ?? 0 };
}

export async function findItem(db: DbOrTx, id: number): Promise<ItemRow | null> {
  const [row] = await itemQuery(db).where(eq(rectificationItems.id, id));
  return row ?? null;
}

export async function listItemsOfFindings(db: DbOrTx, findingIds: number[]) {
  if (findingIds.length === 0) return [];
  return itemQuery(db).where(inArray(rectificationItems.findingId, findingIds)).orderBy(asc(rectificationItems.id));
}

export async function lockItem(tx: DbOrTx, id: number): Promise<ItemRecord | null> {
  const [row] = await tx.select().from(rectificationItems).where(eq(rectificationItems.id, id)).for("update");
  return row ?? null;
}

export async function insertItem(db: DbOrTx, v: typeof rectificationItems.$inferInsert) {
  const [row] = await db.insert(rectificationItems).values(v).returning();
  return row;
}

export async function updateItem(db: DbOrTx, id: number, v: Partial<typeof rectificationItems.$inferInsert>) {
  const [row] = await db
    .update(rectificationItems)
    .set({ ...v, version: sql`${rectificationItems.version} + 1`, updatedAt: new Date() })
    .where(eq(rectificationItems.id, id))
    .returning();
  return row;
}

export async function deleteItem(db: DbOrTx, id: number) {
  await db.delete(rectificationItems).where(eq(rectificationItems.id, id));
}

export async function countItemsOfFinding(db: DbOrTx, findingId: number, notPending: boolean): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(rectificationItems)
    .where(and(eq(rectificationItems.findingId, findingId), notPending ? ne(rectificationItems.state, "pending") : undefined));
  return r?.n ?? 0;
}

// ---- history and evidence ------------------------------------------------------------------------

export async function insertEvent(db: DbOrTx, v: typeof rectificationEvents.$inferInsert) {
  await db.insert(rectificationEvents).values(v);
}

export async function listEvents(db: DbOrTx, itemId: number) {
  return db.select().from(rectificationEvents).where(eq(rectificationEvents.itemId, itemId)).orderBy(asc(rectificationEvents.at), asc(rectificationEvents.id));
}

const evidenceMeta = {
  id: rectificationEvidence.id,
  itemId: rectificationEvidence.itemId,
  fileName: rectificationEvidence.fileName,
  mimeType: rectificationEvidence.mimeType,
  sizeBytes: rectificationEvidence.sizeBytes,
  sha256: rectificationEvidence.sha256,
  uploadedByName: rectificationEvidence.uploadedByName,
  uploadedAt: rectificationEvidence.uploadedAt,
};
export type EvidenceMeta = { id: number; itemId: number; fileName: string; mimeType: string; sizeBytes: number; sha256: string; uploadedByName: string; uploadedAt: Date };

export async function listEvidence(db: DbOrTx, itemId: number): Promise<EvidenceMeta[]> {
  return db.select(evidenceMeta).from(rectificationEvidence).where(eq(rectificationEvidence.itemId, itemId)).orderBy(asc(rectificationEvidence.id));
}

export async function countEvidence(db: DbOrTx, itemId: number): Promise<number> {
  const [r] = await db.select({ n: count() }).from(rectificationEvidence).where(eq(rectificationEvidence.itemId, itemId));
  return r?.n ?? 0;
}

export async function findEvidence(db: DbOrTx, id: number) {
  const [r] = await db.select().from(rectificationEvidence).where(eq(rectificationEvidence.id, id));
  return r ?? null;
}

export async function insertEvidence(db: DbOrTx, v: typeof rectificationEvidence.$inferInsert): Promise<EvidenceMeta> {
  const [r] = await db.insert(rectificationEvidence).values(v).returning(evidenceMeta);
  return r!;
}

export async function deleteEvidence(db: DbOrTx, id: number) {
  await db.delete(rectificationEvidence).where(eq(rectificationEvidence.id, id));
}

// ---- for other modules --------------------------------------------------------------------------

/** Per owning county of a task's items: overdue, returned, open and accepted counts. */
export async function statusByCounty(db: DbOrTx, taskId: number) {
  return db
    .select({
      countyId: rectificationItems.ownerCountyId,
      overdue: sql<number>`(count(*) filter (where ${rectificationItems.overdueSince} is not null and ${rectificationItems.state} <> 'accepted'))::int`,
      returned: sql<number>`(count(*) filter (where ${rectificationItems.state} = 'returned'))::int`,
      open: sql<number>`(count(*) filter (where ${rectificationItems.state} <> 'accepted'))::int`,
      accepted: sql<number>`(count(*) filter (where ${rectificationItems.state} = 'accepted'))::int`,
    })
    .from(rectificationItems)
    .innerJoin(findings, eq(findings.id, rectificationItems.findingId))
    .where(and(eq(findings.taskId, taskId), isNotNull(rectificationItems.ownerCountyId)))
    .groupBy(rectificationItems.ownerCountyId);
}

