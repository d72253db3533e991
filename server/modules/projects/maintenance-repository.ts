/** SQL of 长效管养 by year: communities' yearly records, and the community's latest columns they keep. */
import { and, asc, eq, getTableColumns, inArray, max } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import { communities, communityMaintenanceYears, regions, users } from "../../../db/schema";

export type MaintenanceYearRow = typeof communityMaintenanceYears.$inferSelect & { updatedByName: string | null };

export async function findCommunity(db: DbOrTx, id: number) {
  const [row] = await db
    .select({
      id: communities.id,
      code: communities.code,
      name: communities.name,
      countyId: communities.countyId,
      countyName: regions.name,
      path: regions.path,
      propertyMode: communities.propertyMode,
      feeCollectionBp: communities.feeCollectionBp,
    })
    .from(communities)
    .innerJoin(regions, eq(regions.id, communities.countyId))
    .where(eq(communities.id, id));
  return row ?? null;
}

/** Yearly records of one community (or one year of it), oldest first. */
export function yearsOf(db: DbOrTx, communityId: number, year?: number): Promise<MaintenanceYearRow[]> {
  return db
    .select({ ...getTableColumns(communityMaintenanceYears), updatedByName: users.displayName })
    .from(communityMaintenanceYears)
    .leftJoin(users, eq(users.id, communityMaintenanceYears.updatedBy))
    .where(and(eq(communityMaintenanceYears.communityId, communityId), year === undefined ? undefined : eq(communityMaintenanceYears.year, year)))
    .orderBy(asc(communityMaintenanceYears.year));
}


/** Every yearly record of the communities of some counties (the trend reads them all at once). */
export function recordsOfCounties(db: DbOrTx, countyIds: number[]) {
  if (!countyIds.length) return Promise.resolve([]);
  const t = communityMaintenanceYears;
  return db
    .select({ communityId: t.communityId, year: t.year, propertyMode: t.propertyMode, feeCollectionBp: t.feeCollectionBp, redProperty: t.redProperty, ownersCommittee: t.ownersCommittee })
    .from(t)
    .innerJoin(communities, eq(communities.id, t.communityId))
    .where(inArray(communities.countyId, countyIds));
}

export async function latestYear(db: DbOrTx, communityId: number): Promise<number | null> {
  const [row] = await db.select({ year: max(communityMaintenanceYears.year) }).from(communityMaintenanceYears).where(eq(communityMaintenanceYears.communityId, communityId));
  return row?.year ?? null;
}

/** The community's own columns follow its latest year's record. */
export async function setLatest(db: DbOrTx, communityId: number, v: { propertyMode: MaintenanceYearRow["propertyMode"]; feeCollectionBp: number | null }) {
  await db.update(communities).set({ propertyMode: v.propertyMode, feeCollectionBp: v.feeCollectionBp, updatedAt: new Date() }).where(eq(communities.id, communityId));
}
