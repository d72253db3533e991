/** SQL of 专营设施产权移交: the fund year's completed communities and their handover records. */
import { and, asc, eq, getTableColumns, inArray, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import { communities, facilityHandovers, projectCommunities, projectDetails, projects, regions, users, utilityOperators } from "../../../db/schema";

export type HandoverRow = typeof facilityHandovers.$inferSelect & { operatorName: string | null; updatedByName: string | null };

/** Communities of a fund year's projects that are completed (actual 完工 recorded), with the project. */
export function completedCommunities(db: DbOrTx, q: { fundYearId: number; countyId?: number }) {
  return db
    .select({
      id: communities.id,
      code: communities.code,
      name: communities.name,
      countyId: communities.countyId,
      countyName: regions.name,
      projectName: projects.name,
      completedOn: projectDetails.actualCompletionOn,
    })
    .from(projectCommunities)
    .innerJoin(projects, eq(projects.id, projectCommunities.projectId))
    .innerJoin(projectDetails, eq(projectDetails.projectId, projects.id))
    .innerJoin(communities, eq(communities.id, projectCommunities.communityId))
    .innerJoin(regions, eq(regions.id, communities.countyId))
    .where(and(eq(projectCommunities.fundYearId, q.fundYearId), isNotNull(projectDetails.actualCompletionOn), q.countyId === undefined ? undefined : eq(communities.countyId, q.countyId)))
    .orderBy(asc(regions.sortOrder), asc(communities.code));
}

const handoverColumns = { ...getTableColumns(facilityHandovers), operatorName: utilityOperators.name, updatedByName: users.displayName };

/** Handover records of some communities (or one record by community and kind). */
export function handoversOf(db: DbOrTx, communityIds: number[], kind?: string): Promise<HandoverRow[]> {
  if (!communityIds.length) return Promise.resolve([]);
  return db
    .select(handoverColumns)
    .from(facilityHandovers)
    .leftJoin(utilityOperators, eq(utilityOperators.id, facilityHandovers.operatorId))
    .leftJoin(users, eq(users.id, facilityHandovers.updatedBy))
    .where(and(inArray(facilityHandovers.communityId, communityIds), kind === undefined ? undefined : eq(facilityHandovers.kind, kind)))
    .orderBy(asc(facilityHandovers.communityId), asc(facilityHandovers.id));
}

export async function findOperator(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ id: utilityOperators.id, name: utilityOperators.name, kinds: utilityOperators.kinds, path: regions.path })
    .from(utilityOperators)
    .innerJoin(regions, eq(regions.id, utilityOperators.regionId))
    .where(eq(utilityOperators.id, id));
  return row ?? null;
}
