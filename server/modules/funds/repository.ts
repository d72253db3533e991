import { and, asc, count, eq, ilike, lte, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import { allocations, fundingSources, fundYears, payments, programmes, projects, regions } from "../../../db/schema";
import { toFen } from "../../../core/money";
import type { LedgerFigures } from "../../../core/ledger";

export async function findFundYear(db: DbOrTx, id: number) {
  const rows = await db
    .select({ fy: fundYears, programme: programmes.name, regionName: regions.name, regionPath: regions.path })
    .from(fundYears)
    .innerJoin(programmes, eq(programmes.id, fundYears.programmeId))
    .innerJoin(regions, eq(regions.id, fundYears.regionId))
    .where(eq(fundYears.id, id));
  return rows[0] ?? null;
}
export type FundYearRow = NonNullable<Awaited<ReturnType<typeof findFundYear>>>;

export async function listFundYears(db: DbOrTx) {
  return db
    .select({ fy: fundYears, programme: programmes.name, regionName: regions.name, regionPath: regions.path })
    .from(fundYears)
    .innerJoin(programmes, eq(programmes.id, fundYears.programmeId))
    .innerJoin(regions, eq(regions.id, fundYears.regionId))
    .orderBy(asc(programmes.name), sql`${fundYears.year} desc`);
}

export async function findCounty(db: DbOrTx, id: number) {
  const rows = await db
    .select({ id: regions.id, code: regions.code, name: regions.name, parentId: regions.parentId, level: regions.level })
    .from(regions)
    .where(eq(regions.id, id));
  return rows[0] ?? null;
}

export interface SliceFilter {
  fundYearId: number;
  asOf: string;
  countyId?: number;
  projectId?: number;
}

function allocationWhere(f: SliceFilter): SQL {
  return and(
    eq(allocations.fundYearId, f.fundYearId),
    lte(allocations.allocatedOn, f.asOf),
    f.countyId ? eq(allocations.countyId, f.countyId) : undefined,
    f.projectId ? eq(allocations.projectId, f.projectId) : undefined,
  )!;
}
function paymentWhere(f: SliceFilter): SQL {
  return and(
    eq(payments.fundYearId, f.fundYearId),
    lte(payments.paidOn, f.asOf),
    f.countyId ? eq(payments.countyId, f.countyId) : undefined,
    f.projectId ? eq(payments.projectId, f.projectId) : undefined,
  )!;
}

/** A ledger cell: its money, and how many allocation and payment records make it up. */
export interface LedgerCell {
  sourceId: number;
  countyId: number;
  projectId: number | null;
  figures: LedgerFigures;
  allocationCount: number;
  paymentCount: number;
}

/**
 * Allocated and paid money up to the as-of date, grouped by `keyOf` of (source, county, project).
 * Two grouped queries, merged here; both use the (fund year, county, source, date) indexes.
 */
export async function ledgerByKeys(
  db: DbOrTx,
  f: SliceFilter,
  by: "source_county" | "project_source",
): Promise<LedgerCell[]> {
  const second = by === "source_county" ? "county" : "project";
  const aKey = second === "county" ? allocations.countyId : allocations.projectId;
  const pKey = second === "county" ? payments.countyId : payments.projectId;
  const [alloc, paid] = await Promise.all([
    db
      .select({ sourceId: allocations.sourceId, k: aKey, countyId: allocations.countyId, sum: sql<string>`sum(${allocations.amountFen})`, n: sql<number>`count(*)::int` })
      .from(allocations)
      .where(allocationWhere(f))
      .groupBy(allocations.sourceId, aKey, allocations.countyId),
    db
      .select({ sourceId: payments.sourceId, k: pKey, countyId: payments.countyId, sum: sql<string>`sum(${payments.amountFen})`, n: sql<number>`count(*)::int` })
      .from(payments)
      .where(paymentWhere(f))
      .groupBy(payments.sourceId, pKey, payments.countyId),
  ]);
  const out = new Map<string, LedgerCell>();
  const at = (sourceId: number, countyId: number, k: number | null) => {
    const key = `${sourceId}|${countyId}|${k}`;
    let e = out.get(key);
    if (!e) {
      e = { sourceId, countyId, projectId: second === "project" ? k : null, figures: { allocatedFen: 0, paidFen: 0 }, allocationCount: 0, paymentCount: 0 };
      out.set(key, e);
    }
    return e;
  };
  for (const r of alloc) {
    const e = at(r.sourceId, r.countyId, r.k);
    e.figures.allocatedFen += toFen(r.sum);
    e.allocationCount += Number(r.n);
  }
  for (const r of paid) {
    const e = at(r.sourceId, r.countyId, r.k);
    e.figures.paidFen += toFen(r.sum);
    e.paymentCount += Number(r.n);
  }
  return [...out.values()];
}

/** Allocated money per county on every date of the fund year (payments are not read). */
export async function allocatedByCounty(db: DbOrTx, f: { fundYearId: number; countyId?: number }): Promise<Map<number, number>> {
  const rows = await db
    .select({ countyId: allocations.countyId, sum: sql<string>`sum(${allocations.amountFen})` })
    .from(allocations)
    .where(and(eq(allocations.fundYearId, f.fundYearId), f.countyId ? eq(allocations.countyId, f.countyId) : undefined))
    .groupBy(allocations.countyId);
  return new Map(rows.map((r) => [r.countyId, toFen(r.sum)]));
}

/** How many projects a slice holds (the ledger's records are counted with its cells, ledgerByKeys). */
export async function countProjects(db: DbOrTx, f: { fundYearId: number; countyId?: number }) {
  const [j] = await db
    .select({ n: count() })
    .from(projects)
    .where(and(eq(projects.fundYearId, f.fundYearId), f.countyId ? eq(projects.countyId, f.countyId) : undefined));
  return Number(j.n);
}

export async function findProject(db: DbOrTx, id: number) {
  const rows = await db.select().from(projects).where(eq(projects.id, id));
  return rows[0] ?? null;
}

export interface ListFilter extends SliceFilter {
  sourceId?: number;
  q?: string;
  /** null: no paging (exports). */
  page: { offset: number; limit: number } | null;
  /** Include rows after the as-of date too (a project's full history). */
  includeAfterAsOf?: boolean;
}

const escapeLike = (q: string) => q.replace(/[\\%_]/g, (c) => "\\" + c);
const like = (q: string) => `%${escapeLike(q)}%`;

/**
 * Projects of a fund year whose name or code contains the text: a small table, searched first so
 * the big payment table is reached through its project index, never scanned with a join.
 */
function projectsMatching(fundYearId: number, q: string) {
  return sql`(select ${projects.id} from ${projects} where ${projects.fundYearId} = ${fundYearId} and (${projects.name} ilike ${like(q)} or ${projects.code} ilike ${like(q)}))`;
}

export async function listPayments(db: DbOrTx, f: ListFilter) {
  const where = and(
    eq(payments.fundYearId, f.fundYearId),
    f.includeAfterAsOf ? undefined : lte(payments.paidOn, f.asOf),
    f.countyId ? eq(payments.countyId, f.countyId) : undefined,
    f.projectId ? eq(payments.projectId, f.projectId) : undefined,
    f.sourceId ? eq(payments.sourceId, f.sourceId) : undefined,
    // Vouchers match by prefix (indexed, text_pattern_ops); projects by any part of name or code.
    f.q ? or(sql`${payments.voucherNo} like ${escapeLike(f.q) + "%"}`, sql`${payments.projectId} in ${projectsMatching(f.fundYearId, f.q)}`) : undefined,
  );
  const base = db
    .select({
      id: payments.id,
      voucherNo: payments.voucherNo,
      paidOn: payments.paidOn,
      amountFen: payments.amountFen,
      note: payments.note,
      source: fundingSources.name,
      county: regions.name,
      projectId: projects.id,
      projectCode: projects.code,
      projectName: projects.name,
    })
    .from(payments)
    .innerJoin(fundingSources, eq(fundingSources.id, payments.sourceId))
    .innerJoin(regions, eq(regions.id, payments.countyId))
    .innerJoin(projects, eq(projects.id, payments.projectId))
    .where(where)
    .orderBy(asc(payments.paidOn), asc(payments.id));
  const [items, [agg]] = await Promise.all([
    f.page ? base.limit(f.page.limit).offset(f.page.offset) : base,
    db.select({ n: count(), sum: sql<string>`coalesce(sum(${payments.amountFen}), 0)` }).from(payments).where(where),
  ]);
  return { total: Number(agg.n), sumFen: toFen(agg.sum), items: items.map((r) => ({ ...r, amountFen: toFen(r.amountFen) })) };
}

export async function listAllocations(db: DbOrTx, f: ListFilter) {
  const where = and(
    eq(allocations.fundYearId, f.fundYearId),
    f.includeAfterAsOf ? undefined : lte(allocations.allocatedOn, f.asOf),
    f.countyId ? eq(allocations.countyId, f.countyId) : undefined,
    f.projectId ? eq(allocations.projectId, f.projectId) : undefined,
    f.sourceId ? eq(allocations.sourceId, f.sourceId) : undefined,
    f.q ? or(ilike(allocations.docNo, like(f.q)), sql`${allocations.projectId} in ${projectsMatching(f.fundYearId, f.q)}`) : undefined,
  );
  const base = db
    .select({
      id: allocations.id,
      docNo: allocations.docNo,
      allocatedOn: allocations.allocatedOn,
      amountFen: allocations.amountFen,
      note: allocations.note,
      source: fundingSources.name,
      county: regions.name,
      projectId: allocations.projectId,
      projectCode: projects.code,
      projectName: projects.name,
    })
    .from(allocations)
    .innerJoin(fundingSources, eq(fundingSources.id, allocations.sourceId))
    .innerJoin(regions, eq(regions.id, allocations.countyId))
    .leftJoin(projects, eq(projects.id, allocations.projectId))
    .where(where)
    .orderBy(asc(allocations.allocatedOn), asc(allocations.id));
  const [items, [agg]] = await Promise.all([
    f.page ? base.limit(f.page.limit).offset(f.page.offset) : base,
    db.select({ n: count(), sum: sql<string>`coalesce(sum(${allocations.amountFen}), 0)` }).from(allocations).where(where),
  ]);
  return { total: Number(agg.n), sumFen: toFen(agg.sum), items: items.map((r) => ({ ...r, amountFen: toFen(r.amountFen) })) };
}
