import type { DbOrTx } from "../../../db/open";
import { canSeeFundYear, countyScope, type Actor } from "../../../core/access";
import { assertCounty, scopedCounty, type ServiceContext } from "../../context";
import { addFigures, buildMatrix, executionRank, rollup, type LedgerFigures } from "../../../core/ledger";
import type { CountyLedger, CountyStanding, FundsSummary, ListQuery, ProjectLedger } from "../../../contracts/funds";
import { AppError, notFound } from "../../errors";
import { derived } from "../../derived";
import { listCounties, listProjects, listSources } from "../../../db/queries/reference";
import * as repo from "./repository";
import type { FundYearRow } from "./repository";
import { presentFigures, presentFundYear, presentSource } from "./presenter";

/** A database (or transaction) and who asks: enough to resolve what the asker may see. */
export interface ScopeContext {
  db: DbOrTx;
  actor: Actor;
}

/**
 * Loads a fund year the actor may open and resolves the as-of date (评价日 by default). Another
 * region's year does not exist for the actor (see canSeeFundYear): every read and write of a fund
 * year's data goes through here.
 */
export async function resolveFundYear({ db, actor }: ScopeContext, fundYearId: number, asOf?: string) {
  // Read by nearly every request: a derived figure (live inside a write's transaction).
  const row = await derived(db, `fund-year:${fundYearId}`, { tables: ["fund_years", "regions", "programmes"] }, () => repo.findFundYear(db, fundYearId));
  if (!row || !canSeeFundYear(actor, row.regionPath)) throw notFound("资金年度");
  return { row, fundYear: presentFundYear(row), asOf: asOf ?? row.fy.evaluationDate };
}

/** Refuses any write to a closed fund year (已关闭: read-only until finance reopens it). */
export function assertFundYearOpen(row: Pick<FundYearRow, "fy" | "regionName" | "programme">): void {
  if (row.fy.closedAt) {
    throw new AppError("CONFLICT", `资金年度「${row.regionName}${row.fy.year}年度${row.programme}」已关闭，只读；如需修改请由财政部门重新打开`);
  }
}

/** resolveFundYear for a write: also refuses a closed year. Call it inside the write's transaction. */
export async function openFundYearForWrite(ctx: ScopeContext, fundYearId: number) {
  const resolved = await resolveFundYear(ctx, fundYearId);
  assertFundYearOpen(resolved.row);
  return resolved;
}

/**
 * The source × county ledger of a fund year as of a date, with every total and rate. A 县区 user gets
 * their own county only: its row, and totals that are its own.
 */
export async function getFundsSummary(ctx: ServiceContext, q: { fundYearId: number; asOf?: string }): Promise<FundsSummary> {
  const { db } = ctx;
  const { row, fundYear, asOf } = await resolveFundYear(ctx, q.fundYearId, q.asOf);
  const countyId = countyScope(ctx.actor) ?? undefined;
  // A derived figure: cached under the versions of the tables it reads, keyed by every parameter.
  const figures = await derived(
    db,
    `funds.summary:${fundYear.id}:${row.fy.regionId}:${countyId ?? "all"}:${asOf}`,
    { tables: ["allocations", "payments", "projects", "funding_sources", "regions"], fundYearId: fundYear.id },
    async () => {
      // A county's page shows the city beside it: the whole city's cells are read, and only
      // aggregates of the other counties (the city's totals, the county's rank) leave this function.
      // The records are counted in the ledger's own grouped reads (one scan of the payments, not two).
      const [sourceRows, allCounties, cityCells, projectCount] = await Promise.all([
        listSources(db),
        listCounties(db, row.fy.regionId),
        repo.ledgerByKeys(db, { fundYearId: fundYear.id, asOf }, "source_county"),
        repo.countProjects(db, { fundYearId: fundYear.id, countyId }),
      ]);
      const cells = countyId === undefined ? cityCells : cityCells.filter((c) => c.countyId === countyId);
      const counts = { payments: 0, allocations: 0, projects: projectCount };
      for (const c of cells) {
        counts.payments += c.paymentCount;
        counts.allocations += c.allocationCount;
      }
      const counties = countyId === undefined ? allCounties : allCounties.filter((c) => c.id === countyId);
      const used = new Set(cells.map((c) => c.sourceId));
      const sources = sourceRows.filter((s) => used.has(s.id)).map(presentSource);
      const matrix = buildMatrix(
        cells.map((c) => ({ key: { sourceId: c.sourceId, countyId: c.countyId }, ...c.figures })),
        sources.map((s) => s.id),
        counties.map((c) => c.id),
      );
      let standing: CountyStanding | null = null;
      if (countyId !== undefined) {
        const city = buildMatrix(
          cityCells.map((c) => ({ key: { sourceId: c.sourceId, countyId: c.countyId }, ...c.figures })),
          sources.map((s) => s.id),
          allCounties.map((c) => c.id),
        );
        standing = {
          city: { id: row.fy.regionId, name: row.regionName },
          cityTotal: presentFigures(city.total),
          cityBySource: city.bySource.map((l) => ({ sourceId: l.key, ...presentFigures(l) })),
          ...executionRank(city.byCounty, countyId),
        };
      }
      return {
        sources,
        counties,
        cells: matrix.cells.map((c) => ({ sourceId: c.key.sourceId, countyId: c.key.countyId, ...presentFigures(c) })),
        bySource: matrix.bySource.map((l) => ({ sourceId: l.key, ...presentFigures(l) })),
        byCounty: matrix.byCounty.map((l) => ({ countyId: l.key, ...presentFigures(l) })),
        total: presentFigures(matrix.total),
        counts,
        standing,
      };
    },
  );
  return { fundYear, asOf, ...figures };
}

/**
 * Allocated and paid money per source × county up to a date (one county's when given), exact in 分 and
 * unpresented: the ledger figures the score sheets' metrics read. Runs on the handle it is given, so a
 * sheet computed inside a transaction reads the transaction's view.
 */
export function ledgerBySourceCounty(db: DbOrTx, slice: { fundYearId: number; asOf: string; countyId?: number }) {
  return repo.ledgerByKeys(db, slice, "source_county");
}

/** The fund year's whole budget per county: allocations on every date (no payments read). */
export function allocatedByCounty(db: DbOrTx, slice: { fundYearId: number; countyId?: number }) {
  return repo.allocatedByCounty(db, slice);
}

async function countyOfFundYear(db: DbOrTx, cityRegionId: number, countyId: number) {
  const county = await repo.findCounty(db, countyId);
  if (!county || county.parentId !== cityRegionId || county.level !== "county") throw notFound("县区");
  return { id: county.id, code: county.code, name: county.name };
}

/** One county: totals by source and every project with its own rate. */
export async function getCountyLedger(
  ctx: ServiceContext,
  q: { fundYearId: number; asOf?: string; countyId: number },
): Promise<CountyLedger> {
  const { db } = ctx;
  assertCounty(ctx.actor, q.countyId);
  const { row, fundYear, asOf } = await resolveFundYear(ctx, q.fundYearId, q.asOf);
  const county = await countyOfFundYear(db, row.fy.regionId, q.countyId);
  const [sourceRows, lines, projectRows] = await Promise.all([
    listSources(db),
    repo.ledgerByKeys(db, { fundYearId: fundYear.id, asOf, countyId: county.id }, "project_source"),
    listProjects(db, fundYear.id, county.id),
  ]);
  const cells = lines.map((l) => ({ key: l, ...l.figures }));
  const byProject = new Map(rollup(cells, (k) => k.projectId).map((l) => [l.key, l]));
  const bySource = rollup(cells, (k) => k.sourceId);
  const used = new Set(bySource.map((l) => l.key));
  const zero: LedgerFigures = { allocatedFen: 0, paidFen: 0 };
  return {
    fundYear,
    asOf,
    county,
    sources: sourceRows.filter((s) => used.has(s.id)).map(presentSource),
    bySource: sourceRows.filter((s) => used.has(s.id)).map((s) => ({ sourceId: s.id, ...presentFigures(bySource.find((l) => l.key === s.id)!) })),
    total: presentFigures(addFigures(cells)),
    unassigned: presentFigures(byProject.get(null) ?? zero),
    projects: projectRows.map((p) => ({
      id: p.id,
      code: p.code,
      name: p.name,
      status: p.status,
      implementingEntity: p.implementingEntity,
      ...presentFigures(byProject.get(p.id) ?? zero),
    })),
  };
}

/** One project: money by source, its allocations and every payment (also those after the 评价日). */
export async function getProjectLedger(
  ctx: ServiceContext,
  q: { projectId: number; asOf?: string },
): Promise<ProjectLedger> {
  const { db } = ctx;
  const project = await repo.findProject(db, q.projectId);
  if (!project) throw notFound("项目");
  assertCounty(ctx.actor, project.countyId);
  const { row, fundYear, asOf } = await resolveFundYear(ctx, project.fundYearId, q.asOf);
  const county = await countyOfFundYear(db, row.fy.regionId, project.countyId);
  const slice = { fundYearId: fundYear.id, asOf, projectId: project.id };
  const [sourceRows, lines, allocs, pays] = await Promise.all([
    listSources(db),
    repo.ledgerByKeys(db, slice, "project_source"),
    repo.listAllocations(db, { ...slice, page: null, includeAfterAsOf: true }),
    repo.listPayments(db, { ...slice, page: null, includeAfterAsOf: true }),
  ]);
  const cells = lines.map((l) => ({ key: l, ...l.figures }));
  const bySource = rollup(cells, (k) => k.sourceId);
  const used = new Set(bySource.map((l) => l.key));
  return {
    fundYear,
    asOf,
    project: {
      id: project.id,
      code: project.code,
      name: project.name,
      status: project.status,
      implementingEntity: project.implementingEntity,
      county,
      ...presentFigures(addFigures(cells)),
    },
    sources: sourceRows.filter((s) => used.has(s.id)).map(presentSource),
    bySource: bySource.map((l) => ({ sourceId: l.key, ...presentFigures(l) })),
    allocations: allocs.items,
    payments: pays.items,
  };
}

export async function listPaymentsPage(ctx: ServiceContext, q: ListQuery) {
  const { db } = ctx;
  const { fundYear, asOf } = await resolveFundYear(ctx, q.fundYearId, q.asOf);
  return repo.listPayments(db, {
    ...q,
    countyId: scopedCounty(ctx.actor, q.countyId),
    fundYearId: fundYear.id,
    asOf,
    page: { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
  });
}

export async function listAllocationsPage(ctx: ServiceContext, q: ListQuery) {
  const { db } = ctx;
  const { fundYear, asOf } = await resolveFundYear(ctx, q.fundYearId, q.asOf);
  return repo.listAllocations(db, {
    ...q,
    countyId: scopedCounty(ctx.actor, q.countyId),
    fundYearId: fundYear.id,
    asOf,
    page: { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
  });
}

/** The fund years the actor may open: their region's, its subtree's, and a 县区 user's city's. */
export async function listFundYears(ctx: ScopeContext) {
  return (await repo.listFundYears(ctx.db)).filter((r) => canSeeFundYear(ctx.actor, r.regionPath)).map(presentFundYear);
}


/** The counties of a fund year's city, in display order. */
export async function listFundYearCounties(ctx: ScopeContext, fundYearId: number) {
  const { row } = await resolveFundYear(ctx, fundYearId);
  return listCounties(ctx.db, row.fy.regionId);
}
