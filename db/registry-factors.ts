/**
 * The 因素法 factors of each county from the project library and community registry: floor area,
 * households, buildings and communities of the projects of a fund year, either all of them (planned
 * work) or those completed by a date (completed work). Exact integers; area in dm² as stored.
 */
import { and, eq, isNotNull, lte } from "drizzle-orm";
import type { DbOrTx } from "./open";
import { communities, projectCommunities, projectDetails, projects } from "./schema";

export interface CountyFactors {
  projects: number;
  communities: number;
  households: number;
  buildings: number;
  areaDm2: number;
}

export const emptyFactors = (): CountyFactors => ({ projects: 0, communities: 0, households: 0, buildings: 0, areaDm2: 0 });

/**
 * Factors by county of the fund year's projects; with `completedBy`, only the projects whose actual
 * completion is on or before that date. A county with no project is absent from the map.
 */
export async function registryFactors(db: DbOrTx, fundYearId: number, completedBy: string | null = null): Promise<Map<number, CountyFactors>> {
  const where = completedBy
    ? and(eq(projects.fundYearId, fundYearId), isNotNull(projectDetails.actualCompletionOn), lte(projectDetails.actualCompletionOn, completedBy))
    : eq(projects.fundYearId, fundYearId);
  const [projectRows, links] = await Promise.all([
    db.select({ id: projects.id, countyId: projects.countyId }).from(projects).leftJoin(projectDetails, eq(projectDetails.projectId, projects.id)).where(where),
    db
      .select({ projectId: projectCommunities.projectId, households: communities.households, buildings: communities.buildings, areaDm2: communities.floorAreaDm2 })
      .from(projectCommunities)
      .innerJoin(communities, eq(communities.id, projectCommunities.communityId))
      .where(eq(projectCommunities.fundYearId, fundYearId)),
  ]);
  const countyOf = new Map(projectRows.map((p) => [p.id, p.countyId]));
  const out = new Map<number, CountyFactors>();
  const of = (countyId: number) => {
    let f = out.get(countyId);
    if (!f) out.set(countyId, (f = emptyFactors()));
    return f;
  };
  for (const p of projectRows) of(p.countyId).projects++;
  for (const l of links) {
    const countyId = countyOf.get(l.projectId);
    if (countyId === undefined) continue;
    const f = of(countyId);
    f.communities++;
    f.households += l.households;
    f.buildings += l.buildings;
    f.areaDm2 += Number(l.areaDm2);
  }
  return out;
}
