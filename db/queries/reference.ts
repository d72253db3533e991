/**
 * The reference rows nearly every module reads: the counties of a fund year's city, the funding
 * sources and a fund year's projects. Plain reads with no rule of their own, shared here so that no
 * module reaches into another's repository for them.
 */
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../open";
import { fundingSources, projects, regions } from "../schema";

export function listSources(db: DbOrTx) {
  return db.select().from(fundingSources).orderBy(asc(fundingSources.sortOrder), asc(fundingSources.id));
}

/** The counties directly under a region (the fund year's city), in display order. */
export function listCounties(db: DbOrTx, parentRegionId: number) {
  return db
    .select({ id: regions.id, code: regions.code, name: regions.name })
    .from(regions)
    .where(and(eq(regions.parentId, parentRegionId), eq(regions.level, "county")))
    .orderBy(asc(regions.sortOrder), asc(regions.code));
}

/** A fund year's projects (one county's when given), by project code. */
export function listProjects(db: DbOrTx, fundYearId: number, countyId?: number) {
  return db
    .select()
    .from(projects)
    .where(and(eq(projects.fundYearId, fundYearId), countyId ? eq(projects.countyId, countyId) : undefined))
    .orderBy(asc(projects.code));
}
