/** SQL of the project library, community registry, targets and goals. */
import { and, asc, count, desc, eq, ilike, inArray, isNotNull, lt, lte, not, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import { rawRows } from "../../../db/rows";
import {
  communities,
  fundingSources,
  fundYears,
  performanceTargets,
  progressReports,
  projectCommunities,
  projectContents,
  projectDetails,
  projectFiles,
  projectInvestments,
  projects,
  regions,
  renovationGoals,
  renovationItems,
  users,
} from "../../../db/schema";
import { toFen } from "../../../core/money";
import type { Versioned } from "../../versioned";

const scope = (fundYearId: number, countyId?: number) =>
  and(eq(projects.fundYearId, fundYearId), countyId ? eq(projects.countyId, countyId) : undefined);

/** Projects of a fund year (optionally one county) with their details and county name. */
export function loadProjects(db: DbOrTx, fundYearId: number, countyId?: number) {
  return db
    .select({
      id: projects.id,
      code: projects.code,
      name: projects.name,
      countyId: projects.countyId,
      countyName: regions.name,
      countyCode: regions.code,
      batchYear: projects.batchYear,
      status: projects.status,
      implementingEntity: projects.implementingEntity,
      street: projectDetails.street,
      description: projectDetails.description,
      plannedStartOn: projectDetails.plannedStartOn,
      actualStartOn: projectDetails.actualStartOn,
      plannedCompletionOn: projectDetails.plannedCompletionOn,
      actualCompletionOn: projectDetails.actualCompletionOn,
      plannedAcceptanceOn: projectDetails.plannedAcceptanceOn,
      actualAcceptanceOn: projectDetails.actualAcceptanceOn,
      acceptanceResult: projectDetails.acceptanceResult,
      plannedSettlementOn: projectDetails.plannedSettlementOn,
      actualSettlementOn: projectDetails.actualSettlementOn,
    })
    .from(projects)
    .innerJoin(regions, eq(regions.id, projects.countyId))
    .leftJoin(projectDetails, eq(projectDetails.projectId, projects.id))
    .where(scope(fundYearId, countyId))
    .orderBy(asc(regions.sortOrder), asc(projects.code));
}
export type ProjectRow = Awaited<ReturnType<typeof loadProjects>>[number];

/**
 * What 双监控's lights read of each project: its county, stage dates and planned investment (every
 * source, summed in SQL). No names, texts or ordering: at national scale the board reads 42,750 of them.
 */
export async function progressBasics(db: DbOrTx, fundYearId: number, countyId?: number): Promise<ProgressBasics[]> {
  const county = countyId === undefined ? sql`` : sql`and p.county_id = ${countyId}`;
  const rows = await rawRows<Omit<ProgressBasics, "plannedFen"> & { planned: string }>(
    db,
    sql`with inv as (
          select i.project_id, sum(i.amount_fen) as total
          from ${projectInvestments} i join ${projects} p on p.id = i.project_id
          where p.fund_year_id = ${fundYearId} ${county}
          group by i.project_id)
        select p.id, p.county_id as "countyId",
               d.planned_start_on::text as "plannedStartOn", d.actual_start_on::text as "actualStartOn",
               d.planned_completion_on::text as "plannedCompletionOn", d.actual_completion_on::text as "actualCompletionOn",
               d.actual_acceptance_on::text as "actualAcceptanceOn",
               d.planned_settlement_on::text as "plannedSettlementOn", d.actual_settlement_on::text as "actualSettlementOn",
               coalesce(inv.total, 0)::text as planned
        from ${projects} p left join ${projectDetails} d on d.project_id = p.id left join inv on inv.project_id = p.id
        where p.fund_year_id = ${fundYearId} ${county}`,
  );
  for (const r of rows) (r as unknown as ProgressBasics).plannedFen = toFen(r.planned);
  return rows as unknown as ProgressBasics[];
}
export interface ProgressBasics {
  id: number;
  countyId: number;
  plannedStartOn: string | null;
  actualStartOn: string | null;
  plannedCompletionOn: string | null;
  actualCompletionOn: string | null;
  actualAcceptanceOn: string | null;
  plannedSettlementOn: string | null;
  actualSettlementOn: string | null;
  plannedFen: number;
}

/** Planned investment per project and source category, summed in SQL. */
export async function investmentSums(db: DbOrTx, fundYearId: number, countyId?: number) {
  const rows = await db
    .select({ projectId: projectInvestments.projectId, category: fundingSources.category, sum: sql<string>`sum(${projectInvestments.amountFen})` })
    .from(projectInvestments)
    .innerJoin(projects, eq(projects.id, projectInvestments.projectId))
    .innerJoin(fundingSources, eq(fundingSources.id, projectInvestments.sourceId))
    .where(scope(fundYearId, countyId))
    .groupBy(projectInvestments.projectId, fundingSources.category);
  return rows.map((r) => ({ projectId: r.projectId, category: r.category, amountFen: toFen(r.sum) }));
}

/** Planned investment by source over a slice: amount and number of projects using it. */
export async function investmentsBySource(db: DbOrTx, fundYearId: number, countyId?: number) {
  // A project has one row per source (the primary key), so counting rows counts projects: summed
  // per source first, then named, with no count(distinct) sort over every investment.
  const per = db.$with("per").as(
    db
      .select({
        sourceId: projectInvestments.sourceId,
        sum: sql<string>`sum(${projectInvestments.amountFen})`.as("sum"),
        n: sql<number>`count(*)::int`.as("n"),
      })
      .from(projectInvestments)
      .innerJoin(projects, eq(projects.id, projectInvestments.projectId))
      .where(and(scope(fundYearId, countyId), sql`${projectInvestments.amountFen} > 0`))
      .groupBy(projectInvestments.sourceId),
  );
  const rows = await db
    .with(per)
    .select({ id: fundingSources.id, name: fundingSources.name, category: fundingSources.category, sum: per.sum, n: per.n })
    .from(per)
    .innerJoin(fundingSources, eq(fundingSources.id, per.sourceId))
    .orderBy(asc(fundingSources.sortOrder), asc(fundingSources.id));
  return rows.map((r) => ({ source: { id: r.id, name: r.name, category: r.category }, amountFen: toFen(r.sum), projects: Number(r.n) }));
}

/** Planned investment of the named sources, per project of a slice (for the report's 资金筹措 figures). */
export async function investmentsOfSources(db: DbOrTx, fundYearId: number, sourceNames: string[]) {
  if (!sourceNames.length) return [];
  const rows = await db
    .select({ projectId: projectInvestments.projectId, countyId: projects.countyId, source: fundingSources.name, sum: sql<string>`sum(${projectInvestments.amountFen})` })
    .from(projectInvestments)
    .innerJoin(projects, eq(projects.id, projectInvestments.projectId))
    .innerJoin(fundingSources, eq(fundingSources.id, projectInvestments.sourceId))
    .where(and(scope(fundYearId), inArray(fundingSources.name, sourceNames), sql`${projectInvestments.amountFen} > 0`))
    .groupBy(projectInvestments.projectId, projects.countyId, fundingSources.name);
  return rows.map((r) => ({ projectId: r.projectId, countyId: r.countyId, source: r.source, amountFen: toFen(r.sum) }));
}

const communityColumns = {
  id: communities.id,
  code: communities.code,
  name: communities.name,
  countyId: communities.countyId,
  countyName: regions.name,
  street: communities.street,
  builtYear: communities.builtYear,
  buildings: communities.buildings,
  households: communities.households,
  floorAreaDm2: communities.floorAreaDm2,
  propertyMode: communities.propertyMode,
  feeCollectionBp: communities.feeCollectionBp,
  longitude: communities.longitude,
  latitude: communities.latitude,
  priorRenovationYear: communities.priorRenovationYear,
};
export type CommunityRow = {
  [K in keyof typeof communityColumns]: (typeof communityColumns)[K]["_"]["notNull"] extends true
    ? (typeof communityColumns)[K]["_"]["data"]
    : (typeof communityColumns)[K]["_"]["data"] | null;
};

/** The communities of a slice's projects. */
export function projectCommunityRows(db: DbOrTx, fundYearId: number, countyId?: number) {
  return db
    .select({ projectId: projectCommunities.projectId, ...communityColumns })
    .from(projectCommunities)
    .innerJoin(projects, eq(projects.id, projectCommunities.projectId))
    .innerJoin(communities, eq(communities.id, projectCommunities.communityId))
    .innerJoin(regions, eq(regions.id, communities.countyId))
    .where(scope(fundYearId, countyId))
    .orderBy(asc(communities.code));
}

/** Contents per project and item (for class filters and the summary). */
export function contentRows(db: DbOrTx, fundYearId: number, countyId?: number) {
  return db
    .select({
      projectId: projectContents.projectId,
      itemId: renovationItems.id,
      itemCode: renovationItems.code,
      itemName: renovationItems.name,
      category: renovationItems.category,
      costFen: projectContents.costFen,
    })
    .from(projectContents)
    .innerJoin(projects, eq(projects.id, projectContents.projectId))
    .innerJoin(renovationItems, eq(renovationItems.id, projectContents.itemId))
    .where(scope(fundYearId, countyId))
    .orderBy(asc(renovationItems.sortOrder));
}

export async function findProject(db: DbOrTx, id: number) {
  const rows = await db.select().from(projects).where(eq(projects.id, id));
  return rows[0] ?? null;
}

export async function findDetails(db: DbOrTx, projectId: number) {
  const rows = await db.select().from(projectDetails).where(eq(projectDetails.projectId, projectId));
  return rows[0] ?? null;
}

export function listInvestments(db: DbOrTx, projectId: number) {
  return db
    .select({ id: fundingSources.id, name: fundingSources.name, category: fundingSources.category, amountFen: projectInvestments.amountFen })
    .from(projectInvestments)
    .innerJoin(fundingSources, eq(fundingSources.id, projectInvestments.sourceId))
    .where(eq(projectInvestments.projectId, projectId))
    .orderBy(asc(fundingSources.sortOrder));
}

export function listContents(db: DbOrTx, projectId: number) {
  return db
    .select({
      id: projectContents.id,
      itemId: renovationItems.id,
      itemCode: renovationItems.code,
      itemName: renovationItems.name,
      category: renovationItems.category,
      communityId: communities.id,
      communityCode: communities.code,
      communityName: communities.name,
      quantity: projectContents.quantity,
      unit: projectContents.unit,
      costFen: projectContents.costFen,
      note: projectContents.note,
    })
    .from(projectContents)
    .innerJoin(renovationItems, eq(renovationItems.id, projectContents.itemId))
    .leftJoin(communities, eq(communities.id, projectContents.communityId))
    .where(eq(projectContents.projectId, projectId))
    .orderBy(asc(renovationItems.sortOrder), asc(projectContents.id));
}

export function communitiesOfProject(db: DbOrTx, projectId: number) {
  return db
    .select(communityColumns)
    .from(projectCommunities)
    .innerJoin(communities, eq(communities.id, projectCommunities.communityId))
    .innerJoin(regions, eq(regions.id, communities.countyId))
    .where(eq(projectCommunities.projectId, projectId))
    .orderBy(asc(communities.code));
}

export function listProgress(db: DbOrTx, projectId: number) {
  return db
    .select({ period: progressReports.period, physicalBp: progressReports.physicalBp, investedFen: progressReports.investedFen, reportedAt: progressReports.reportedAt })
    .from(progressReports)
    .where(eq(progressReports.projectId, projectId))
    .orderBy(asc(progressReports.period));
}

// ---- files -------------------------------------------------------------------------------------

export function listFiles(db: DbOrTx, projectId: number) {
  return db
    .select({
      id: projectFiles.id,
      kind: projectFiles.kind,
      fileName: projectFiles.fileName,
      mimeType: projectFiles.mimeType,
      sizeBytes: projectFiles.sizeBytes,
      note: projectFiles.note,
      uploadedBy: users.displayName,
      uploadedAt: projectFiles.uploadedAt,
    })
    .from(projectFiles)
    .leftJoin(users, eq(users.id, projectFiles.uploadedBy))
    .where(eq(projectFiles.projectId, projectId))
    .orderBy(desc(projectFiles.uploadedAt), desc(projectFiles.id));
}

export async function findFile(db: DbOrTx, id: number, withData: boolean) {
  const rows = await db
    .select({
      id: projectFiles.id,
      projectId: projectFiles.projectId,
      kind: projectFiles.kind,
      fileName: projectFiles.fileName,
      mimeType: projectFiles.mimeType,
      sizeBytes: projectFiles.sizeBytes,
      ...(withData ? { data: projectFiles.data } : {}),
    })
    .from(projectFiles)
    .where(eq(projectFiles.id, id));
  return (rows[0] as (typeof rows)[number] & { data?: Buffer }) ?? null;
}

export async function insertFile(tx: DbOrTx, f: typeof projectFiles.$inferInsert) {
  const [row] = await tx.insert(projectFiles).values(f).returning({ id: projectFiles.id });
  return row.id;
}

export async function deleteFile(tx: DbOrTx, id: number) {
  await tx.delete(projectFiles).where(eq(projectFiles.id, id));
}

// ---- writes ------------------------------------------------------------------------------------

/** A project as an editable record: the row of `projects` carries the version of the row and its details. */
export const PROJECT: Versioned<typeof projects> = { table: projects, noun: "项目" };
export const projectKey = (id: number) => eq(projects.id, id);

/**
 * Writes a project's row outside an edit of its own (双监控's dates, its status): the version moves on,
 * so an edit based on the earlier version is refused rather than written over this. Without an actor
 * the writer is unnamed (a conflict then says 他人, never the previous editor).
 */
export async function updateProjectRow(tx: DbOrTx, id: number, set: Partial<typeof projects.$inferInsert>, actorId?: number | null) {
  if (!Object.keys(set).length) return;
  await tx
    .update(projects)
    .set({ ...set, version: sql`${projects.version} + 1`, updatedAt: new Date(), updatedBy: actorId ?? null })
    .where(eq(projects.id, id));
}

/** The status alone, inside an edit that has already moved the version (updateVersioned). */
export async function setProjectStatus(tx: DbOrTx, id: number, status: (typeof projects.$inferSelect)["status"]) {
  await tx.update(projects).set({ status }).where(eq(projects.id, id));
}

/**
 * Writes only the given detail fields. The project's row is locked first: every writer of a project
 * takes the row before its details, so two writers never wait on each other in opposite orders.
 */
export async function upsertDetails(tx: DbOrTx, projectId: number, set: Omit<Partial<typeof projectDetails.$inferInsert>, "projectId">) {
  await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).for("update");
  await tx
    .insert(projectDetails)
    .values({ projectId, ...set })
    .onConflictDoUpdate({ target: projectDetails.projectId, set: { ...set, updatedAt: new Date() } });
}

// ---- community registry ----------------------------------------------------------------------

export interface CommunityFilter {
  countyIds: number[];
  /** The fund year whose projects make "this year"; renovations of later years do not count. */
  fundYearId: number;
  year: number;
  q?: string;
  builtBefore?: number;
  renovation?: "renovated" | "this_year" | "waiting";
  propertyMode?: "professional" | "street" | "self" | "none";
  page: { offset: number; limit: number } | null;
}

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => "\\" + c)}%`;

function renovatedBy(year: number): SQL {
  const linked = sql`exists (select 1 from ${projectCommunities} pc join ${fundYears} fy on fy.id = pc.fund_year_id where pc.community_id = ${communities.id} and fy.year <= ${year})`;
  return or(and(isNotNull(communities.priorRenovationYear), lte(communities.priorRenovationYear, year)), linked)!;
}

function communityWhere(f: CommunityFilter): SQL | undefined {
  return and(
    f.countyIds.length ? inArray(communities.countyId, f.countyIds) : sql`false`,
    f.q ? or(ilike(communities.name, like(f.q)), ilike(communities.code, like(f.q)), ilike(communities.street, like(f.q))) : undefined,
    f.builtBefore ? lt(communities.builtYear, f.builtBefore) : undefined,
    f.propertyMode ? eq(communities.propertyMode, f.propertyMode) : undefined,
    f.renovation === "this_year"
      ? sql`exists (select 1 from ${projectCommunities} pc where pc.community_id = ${communities.id} and pc.fund_year_id = ${f.fundYearId})`
      : f.renovation === "renovated"
        ? renovatedBy(f.year)
        : f.renovation === "waiting"
          ? not(renovatedBy(f.year))
          : undefined,
  );
}

export async function listCommunities(db: DbOrTx, f: CommunityFilter) {
  const where = communityWhere(f);
  const base = db
    .select(communityColumns)
    .from(communities)
    .innerJoin(regions, eq(regions.id, communities.countyId))
    .where(where)
    .orderBy(asc(regions.sortOrder), asc(communities.code));
  const [items, [agg]] = await Promise.all([
    f.page ? base.limit(f.page.limit).offset(f.page.offset) : base,
    db
      .select({ n: count(), households: sql<string>`coalesce(sum(${communities.households}), 0)`, area: sql<string>`coalesce(sum(${communities.floorAreaDm2}), 0)` })
      .from(communities)
      .where(where),
  ]);
  return { total: Number(agg.n), households: Number(agg.households), floorAreaDm2: Number(agg.area), items: items as CommunityRow[] };
}

/** Every renovation by a project of the communities given, with the project's year and completion. */
export function renovationsOf(db: DbOrTx, communityIds: number[]) {
  if (communityIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      communityId: projectCommunities.communityId,
      year: fundYears.year,
      projectId: projects.id,
      code: projects.code,
      name: projects.name,
      status: projects.status,
      actualCompletionOn: projectDetails.actualCompletionOn,
    })
    .from(projectCommunities)
    .innerJoin(projects, eq(projects.id, projectCommunities.projectId))
    .innerJoin(fundYears, eq(fundYears.id, projectCommunities.fundYearId))
    .leftJoin(projectDetails, eq(projectDetails.projectId, projects.id))
    .where(inArray(projectCommunities.communityId, communityIds))
    .orderBy(desc(fundYears.year));
}

/** The registry of some counties, as the goal needs it: built year, prior renovation, county. */
export function registryOf(db: DbOrTx, countyIds: number[]) {
  if (countyIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: communities.id,
      countyId: communities.countyId,
      builtYear: communities.builtYear,
      priorRenovationYear: communities.priorRenovationYear,
      households: communities.households,
      floorAreaDm2: communities.floorAreaDm2,
      propertyMode: communities.propertyMode,
      feeCollectionBp: communities.feeCollectionBp,
    })
    .from(communities)
    .where(inArray(communities.countyId, countyIds));
}

/** Renovations by projects of any fund year of a region's programme, for the communities of some counties. */
export function projectRenovations(db: DbOrTx, countyIds: number[], programmeId: number, regionId: number) {
  if (countyIds.length === 0) return Promise.resolve([]);
  return db
    .select({ communityId: projectCommunities.communityId, year: fundYears.year, actualCompletionOn: projectDetails.actualCompletionOn })
    .from(projectCommunities)
    .innerJoin(fundYears, eq(fundYears.id, projectCommunities.fundYearId))
    .innerJoin(communities, eq(communities.id, projectCommunities.communityId))
    .leftJoin(projectDetails, eq(projectDetails.projectId, projectCommunities.projectId))
    .where(and(inArray(communities.countyId, countyIds), eq(fundYears.programmeId, programmeId), eq(fundYears.regionId, regionId)));
}

export function listGoals(db: DbOrTx, regionId: number) {
  return db.select().from(renovationGoals).where(eq(renovationGoals.regionId, regionId)).orderBy(asc(renovationGoals.sortOrder), asc(renovationGoals.id));
}

// ---- targets ---------------------------------------------------------------------------------

export function listTargets(db: DbOrTx, fundYearId: number, countyId?: number) {
  return db
    .select()
    .from(performanceTargets)
    .where(and(eq(performanceTargets.fundYearId, fundYearId), countyId ? eq(performanceTargets.countyId, countyId) : undefined))
    .orderBy(asc(performanceTargets.sortOrder), asc(performanceTargets.id));
}

/**
 * The projects summary's figures per county and status, aggregated in SQL: projects, communities,
 * households, area, fiscal and non-fiscal planned money, and the projects whose non-fiscal share
 * reaches `thresholdBp` — compared on the exact fraction in integers (nonFiscal·10000 ≥ bp·total),
 * as core/funding reachesNonFiscalShare does. Two grouped queries side by side (the money needs each
 * project's total first; the communities are summed straight into their county and status), so no
 * per-project community sums are built and joined back.
 */
export async function summaryByCountyStatus(db: DbOrTx, fundYearId: number, thresholdBp: number, countyId?: number) {
  const inv = db.$with("inv").as(
    db
      .select({
        projectId: projectInvestments.projectId,
        fiscal: sql<string>`sum(case when ${fundingSources.category} = 'fiscal' then ${projectInvestments.amountFen} else 0 end)`.as("fiscal"),
        nonFiscal: sql<string>`sum(case when ${fundingSources.category} = 'non_fiscal' then ${projectInvestments.amountFen} else 0 end)`.as("non_fiscal"),
      })
      .from(projectInvestments)
      .innerJoin(projects, eq(projects.id, projectInvestments.projectId))
      .innerJoin(fundingSources, eq(fundingSources.id, projectInvestments.sourceId))
      .where(scope(fundYearId, countyId))
      .groupBy(projectInvestments.projectId),
  );
  const total = sql`(coalesce(${inv.fiscal}, 0) + coalesce(${inv.nonFiscal}, 0))`;
  const [money, links] = await Promise.all([
    db
      .with(inv)
      .select({
        countyId: projects.countyId,
        status: projects.status,
        projects: sql<number>`count(*)::int`,
        fiscal: sql<string>`coalesce(sum(${inv.fiscal}), 0)::text`,
        nonFiscal: sql<string>`coalesce(sum(${inv.nonFiscal}), 0)::text`,
        reaching: sql<number>`(count(*) filter (where ${total} > 0 and coalesce(${inv.nonFiscal}, 0) * 10000 >= ${thresholdBp}::int * ${total}))::int`,
      })
      .from(projects)
      .leftJoin(inv, eq(inv.projectId, projects.id))
      .where(scope(fundYearId, countyId))
      .groupBy(projects.countyId, projects.status),
    db
      .select({
        countyId: projects.countyId,
        status: projects.status,
        communities: sql<number>`count(*)::int`,
        households: sql<string>`coalesce(sum(${communities.households}), 0)::text`,
        area: sql<string>`coalesce(sum(${communities.floorAreaDm2}), 0)::text`,
      })
      .from(projectCommunities)
      .innerJoin(projects, eq(projects.id, projectCommunities.projectId))
      .innerJoin(communities, eq(communities.id, projectCommunities.communityId))
      .where(scope(fundYearId, countyId))
      .groupBy(projects.countyId, projects.status),
  ]);
  const linked = new Map(links.map((l) => [`${l.countyId}|${l.status}`, l]));
  return money.map((r) => {
    const l = linked.get(`${r.countyId}|${r.status}`);
    return {
      countyId: r.countyId,
      status: r.status,
      projects: Number(r.projects),
      communities: Number(l?.communities ?? 0),
      households: Number(l?.households ?? 0),
      floorAreaDm2: Number(l?.area ?? 0),
      fiscalFen: toFen(r.fiscal),
      nonFiscalFen: toFen(r.nonFiscal),
      reaching: Number(r.reaching),
    };
  });
}
