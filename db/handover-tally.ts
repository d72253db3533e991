/**
 * 专营设施产权移交 per county, in one grouped query: the communities of a fund year's projects completed
 * by a date (每个小区一次), and their handover records 已移交 (by the date), 移交中 and 不涉及. Read by the
 * 专营设施移交率 metric of the score sheets and by the handover page.
 */
import { and, eq, isNotNull, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "./open";
import { facilityHandovers, projectCommunities, projectDetails, projects } from "./schema";
import type { HandoverCounts } from "../core/works/handover";

export interface CountyHandoverCounts extends HandoverCounts {
  countyId: number;
}

export async function handoverTally(db: DbOrTx, q: { fundYearId: number; asOf?: string; countyId?: number }): Promise<CountyHandoverCounts[]> {
  const doneBy = q.asOf === undefined ? isNotNull(projectDetails.actualCompletionOn) : lte(projectDetails.actualCompletionOn, q.asOf);
  const handedBy = q.asOf === undefined ? sql`true` : sql`${facilityHandovers.handedOverOn} <= ${q.asOf}::date`;
  return db
    .select({
      countyId: projects.countyId,
      communities: sql<number>`count(distinct ${projectCommunities.communityId})::int`,
      handedOver: sql<number>`(count(${facilityHandovers.id}) filter (where ${facilityHandovers.status} = '已移交' and ${handedBy}))::int`,
      inProgress: sql<number>`(count(${facilityHandovers.id}) filter (where ${facilityHandovers.status} = '移交中'))::int`,
      notApplicable: sql<number>`(count(${facilityHandovers.id}) filter (where ${facilityHandovers.status} = '不涉及'))::int`,
    })
    .from(projectCommunities)
    .innerJoin(projects, eq(projects.id, projectCommunities.projectId))
    .innerJoin(projectDetails, eq(projectDetails.projectId, projects.id))
    .leftJoin(facilityHandovers, eq(facilityHandovers.communityId, projectCommunities.communityId))
    .where(and(eq(projectCommunities.fundYearId, q.fundYearId), doneBy, q.countyId === undefined ? undefined : eq(projects.countyId, q.countyId)))
    .groupBy(projects.countyId);
}
