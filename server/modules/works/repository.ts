/** SQL of 专营单位 works: operators, works, the shared community view, renovation windows, conflict states. */
import { and, asc, desc, eq, getTableColumns, inArray, like, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import {
  communities,
  projectCommunities,
  projectContents,
  projectDetails,
  projects,
  regions,
  renovationItems,
  users,
  utilityOperators,
  utilityWorks,
  worksConflictStates,
  worksSettings,
} from "../../../db/schema";
import { pushTo } from "../../../core/collections";

export type WorkRow = typeof utilityWorks.$inferSelect & { operatorName: string; communityName: string; countyId: number; countyName: string; longitude: number | null; latitude: number | null };
export type OperatorRow = typeof utilityOperators.$inferSelect;
export type ConflictStateRow = typeof worksConflictStates.$inferSelect;

/** Where a region path scope and a county narrow a community query. */
export interface CommunityScope {
  regionPath: string | null;
  countyId?: number;
}
const scopeWhere = (s: CommunityScope): SQL[] => [
  ...(s.regionPath ? [like(regions.path, `${s.regionPath}%`)] : []),
  ...(s.countyId !== undefined ? [eq(communities.countyId, s.countyId)] : []),
];

export async function findOperatorByName(db: DbOrTx, name: string): Promise<OperatorRow | null> {
  const [row] = await db.select().from(utilityOperators).where(eq(utilityOperators.name, name)).limit(1);
  return row ?? null;
}

/** Operators of the actor's region: of its subtree, or of a region above it (a county user sees the city's). */
export function listOperators(db: DbOrTx, regionPath: string | null): Promise<OperatorRow[]> {
  return db
    .select(getTableColumns(utilityOperators))
    .from(utilityOperators)
    .innerJoin(regions, eq(regions.id, utilityOperators.regionId))
    .where(regionPath === null ? undefined : sql`(${regions.path} like ${`${regionPath}%`} or ${regionPath} like ${regions.path} || '%')`)
    .orderBy(asc(utilityOperators.id));
}

export async function insertOperator(db: DbOrTx, v: typeof utilityOperators.$inferInsert): Promise<OperatorRow> {
  const [row] = await db.insert(utilityOperators).values(v).returning();
  return row;
}

export interface WorksFilter extends CommunityScope {
  communityId?: number;
  workId?: number;
  year?: number;
}

export function listWorks(db: DbOrTx, f: WorksFilter): Promise<WorkRow[]> {
  const where = [
    ...scopeWhere(f),
    ...(f.communityId !== undefined ? [eq(utilityWorks.communityId, f.communityId)] : []),
    ...(f.workId !== undefined ? [eq(utilityWorks.id, f.workId)] : []),
    ...(f.year !== undefined ? [sql`${utilityWorks.plannedFrom} <= ${`${f.year}-12-31`}::date and ${utilityWorks.plannedTo} >= ${`${f.year}-01-01`}::date`] : []),
  ];
  return db
    .select({
      ...getTableColumns(utilityWorks),
      operatorName: utilityOperators.name,
      communityName: communities.name,
      countyId: communities.countyId,
      countyName: regions.name,
      longitude: communities.longitude,
      latitude: communities.latitude,
    })
    .from(utilityWorks)
    .innerJoin(utilityOperators, eq(utilityOperators.id, utilityWorks.operatorId))
    .innerJoin(communities, eq(communities.id, utilityWorks.communityId))
    .innerJoin(regions, eq(regions.id, communities.countyId))
    .where(and(...where))
    .orderBy(asc(utilityWorks.plannedFrom), asc(utilityWorks.id));
}

export async function insertWork(db: DbOrTx, v: typeof utilityWorks.$inferInsert): Promise<number> {
  const [row] = await db.insert(utilityWorks).values(v).returning({ id: utilityWorks.id });
  return row.id;
}

export async function findCommunity(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ id: communities.id, countyId: communities.countyId, path: regions.path, name: communities.name })
    .from(communities)
    .innerJoin(regions, eq(regions.id, communities.countyId))
    .where(eq(communities.id, id));
  return row ?? null;
}

/** The renovation project of each community (the latest fund year's), with its dates. */
export function renovationsOf(db: DbOrTx, s: CommunityScope & { communityIds?: number[] }) {
  const where = [...scopeWhere(s), ...(s.communityIds ? [inArray(projectCommunities.communityId, s.communityIds.length ? s.communityIds : [-1])] : [])];
  return db
    .select({
      communityId: projectCommunities.communityId,
      projectId: projects.id,
      code: projects.code,
      name: projects.name,
      batchYear: projects.batchYear,
      status: projects.status,
      fundYearId: projectCommunities.fundYearId,
      plannedStartOn: projectDetails.plannedStartOn,
      plannedCompletionOn: projectDetails.plannedCompletionOn,
      actualStartOn: projectDetails.actualStartOn,
      actualCompletionOn: projectDetails.actualCompletionOn,
    })
    .from(projectCommunities)
    .innerJoin(projects, eq(projects.id, projectCommunities.projectId))
    .innerJoin(communities, eq(communities.id, projectCommunities.communityId))
    .innerJoin(regions, eq(regions.id, communities.countyId))
    .leftJoin(projectDetails, eq(projectDetails.projectId, projects.id))
    .where(and(...where))
    .orderBy(asc(projectCommunities.communityId), desc(projectCommunities.fundYearId));
}

export function sharedCommunities(db: DbOrTx, s: CommunityScope) {
  return db
    .select({
      id: communities.id,
      code: communities.code,
      name: communities.name,
      countyId: communities.countyId,
      countyName: regions.name,
      street: communities.street,
      builtYear: communities.builtYear,
      households: communities.households,
      longitude: communities.longitude,
      latitude: communities.latitude,
      priorRenovationYear: communities.priorRenovationYear,
    })
    .from(communities)
    .innerJoin(regions, eq(regions.id, communities.countyId))
    .where(and(...scopeWhere(s)))
    .orderBy(asc(regions.sortOrder), asc(communities.code));
}

/** 改造内容 names per project. */
export async function contentNames(db: DbOrTx, projectIds: number[]): Promise<Map<number, string[]>> {
  if (!projectIds.length) return new Map();
  const rows = await db
    .selectDistinct({ projectId: projectContents.projectId, name: renovationItems.name, sortOrder: renovationItems.sortOrder })
    .from(projectContents)
    .innerJoin(renovationItems, eq(renovationItems.id, projectContents.itemId))
    .where(inArray(projectContents.projectId, projectIds))
    .orderBy(asc(renovationItems.sortOrder));
  const out = new Map<number, string[]>();
  for (const r of rows) pushTo(out, r.projectId, r.name);
  return out;
}

export async function settingsOf(db: DbOrTx, regionId: number) {
  const [row] = await db.select().from(worksSettings).where(eq(worksSettings.regionId, regionId));
  return row ?? null;
}
export async function anySettings(db: DbOrTx) {
  const [row] = await db.select().from(worksSettings).orderBy(asc(worksSettings.regionId)).limit(1);
  return row ?? null;
}
export async function upsertSettings(db: DbOrTx, v: typeof worksSettings.$inferInsert): Promise<void> {
  await db.insert(worksSettings).values(v).onConflictDoUpdate({ target: worksSettings.regionId, set: { gapDays: v.gapDays, diggingKinds: v.diggingKinds, updatedAt: new Date() } });
}

export function conflictStates(db: DbOrTx, keys: string[]): Promise<ConflictStateRow[]> {
  if (!keys.length) return Promise.resolve([]);
  return db.select().from(worksConflictStates).where(inArray(worksConflictStates.key, keys));
}
export async function lockConflictState(db: DbOrTx, key: string, communityId: number): Promise<ConflictStateRow> {
  await db.insert(worksConflictStates).values({ key, communityId }).onConflictDoNothing();
  const [row] = await db.select().from(worksConflictStates).where(eq(worksConflictStates.key, key)).for("update");
  return row;
}
export async function updateConflictState(db: DbOrTx, key: string, set: Partial<typeof worksConflictStates.$inferInsert>): Promise<void> {
  await db.update(worksConflictStates).set({ ...set, updatedAt: new Date() }).where(eq(worksConflictStates.key, key));
}

export async function userNames(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Active accounts of an operator (users.organisation = its name). */
export async function operatorUserIds(db: DbOrTx, names: string[]): Promise<number[]> {
  if (!names.length) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "utility"), inArray(users.organisation, names), eq(users.disabled, false)));
  return rows.map((r) => r.id);
}

export async function housingUserIds(db: DbOrTx): Promise<number[]> {
  const rows = await db.select({ id: users.id }).from(users).where(and(eq(users.role, "housing"), eq(users.disabled, false)));
  return rows.map((r) => r.id);
}
