/** The allocation module's queries: schemes, coefficients, plans, the 核减 rule setting, and the ledger rows it names. */
import { and, asc, desc, eq, inArray, isNull, or } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import { allocationPlans, allocationSchemes, appSettings, difficultyCoefficients, fundingSources, fundYears, programmes, projects, regions } from "../../../db/schema";

// ---- schemes --------------------------------------------------------------------------------

export const listSchemes = (db: DbOrTx) => db.select().from(allocationSchemes).orderBy(desc(allocationSchemes.builtIn), asc(allocationSchemes.id));

export async function findScheme(db: DbOrTx, code: string) {
  const [row] = await db.select().from(allocationSchemes).where(eq(allocationSchemes.code, code));
  return row ?? null;
}

export async function lockScheme(db: DbOrTx, code: string) {
  const [row] = await db.select().from(allocationSchemes).where(eq(allocationSchemes.code, code)).for("update");
  return row ?? null;
}

export async function insertSchemes(db: DbOrTx, rows: (typeof allocationSchemes.$inferInsert)[]) {
  if (rows.length) await db.insert(allocationSchemes).values(rows).onConflictDoNothing();
}

export async function updateScheme(db: DbOrTx, code: string, v: { name: string; definition: unknown; revision: number; updatedByName: string }) {
  const [row] = await db
    .update(allocationSchemes)
    .set({ ...v, updatedAt: new Date() })
    .where(eq(allocationSchemes.code, code))
    .returning();
  return row;
}

export type SchemeRow = typeof allocationSchemes.$inferSelect;

// ---- settings -------------------------------------------------------------------------------

export async function readSetting(db: DbOrTx, key: string): Promise<unknown> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key));
  return row?.value;
}

export async function writeSetting(db: DbOrTx, key: string, value: unknown) {
  await db
    .insert(appSettings)
    .values({ key, value })
    .onConflictDoUpdate({ target: appSettings.key, set: { value, updatedAt: new Date() } });
}

// ---- regions, fund years, sources -----------------------------------------------------------

export async function findRegion(db: DbOrTx, id: number) {
  const [row] = await db.select().from(regions).where(eq(regions.id, id));
  return row ?? null;
}

/** The counties of a city in display order: those in use (not retired) and any retired one of `alsoIds`. */
export async function countiesOf(db: DbOrTx, cityId: number, alsoIds: number[] = []) {
  const inUse = isNull(regions.retiredAt);
  return db
    .select({ id: regions.id, name: regions.name, path: regions.path })
    .from(regions)
    .where(and(eq(regions.parentId, cityId), eq(regions.level, "county"), alsoIds.length ? or(inUse, inArray(regions.id, alsoIds)) : inUse))
    .orderBy(asc(regions.sortOrder), asc(regions.code));
}

export async function findFundYear(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ fy: fundYears, programme: programmes.name, programmeCode: programmes.code, regionName: regions.name, regionPath: regions.path })
    .from(fundYears)
    .innerJoin(programmes, eq(programmes.id, fundYears.programmeId))
    .innerJoin(regions, eq(regions.id, fundYears.regionId))
    .where(eq(fundYears.id, id));
  return row ?? null;
}
export type FundYearRow = NonNullable<Awaited<ReturnType<typeof findFundYear>>>;

export async function findFundYearOf(db: DbOrTx, k: { programmeId: number; regionId: number; year: number }) {
  const [row] = await db
    .select({ id: fundYears.id })
    .from(fundYears)
    .where(and(eq(fundYears.programmeId, k.programmeId), eq(fundYears.regionId, k.regionId), eq(fundYears.year, k.year)));
  return row ? findFundYear(db, row.id) : null;
}

export async function countProjects(db: DbOrTx, fundYearId: number): Promise<number> {
  const rows = await db.select({ id: projects.id }).from(projects).where(eq(projects.fundYearId, fundYearId));
  return rows.length;
}

export const listSources = (db: DbOrTx) => db.select().from(fundingSources).orderBy(asc(fundingSources.sortOrder), asc(fundingSources.id));

// ---- coefficients ---------------------------------------------------------------------------

export const coefficientsOf = (db: DbOrTx, regionIds: number[], year: number) =>
  regionIds.length
    ? db
        .select()
        .from(difficultyCoefficients)
        .where(and(inArray(difficultyCoefficients.regionId, regionIds), eq(difficultyCoefficients.year, year)))
    : Promise.resolve([] as (typeof difficultyCoefficients.$inferSelect)[]);

export async function upsertCoefficient(db: DbOrTx, v: { regionId: number; year: number; coefficient: string; note: string | null; updatedByName: string }) {
  await db
    .insert(difficultyCoefficients)
    .values(v)
    .onConflictDoUpdate({
      target: [difficultyCoefficients.regionId, difficultyCoefficients.year],
      set: { coefficient: v.coefficient, note: v.note, updatedByName: v.updatedByName, updatedAt: new Date() },
    });
}

// ---- plans ----------------------------------------------------------------------------------

export async function insertPlan(db: DbOrTx, v: typeof allocationPlans.$inferInsert) {
  const [row] = await db.insert(allocationPlans).values(v).returning();
  return row;
}

export async function findPlan(db: DbOrTx, id: number) {
  const [row] = await db.select().from(allocationPlans).where(eq(allocationPlans.id, id));
  return row ?? null;
}
export type PlanRow = typeof allocationPlans.$inferSelect;

export async function listPlans(db: DbOrTx, q: { cityRegionId?: number; year?: number }) {
  const where = [q.cityRegionId ? eq(allocationPlans.cityRegionId, q.cityRegionId) : undefined, q.year ? eq(allocationPlans.year, q.year) : undefined].filter((w) => w !== undefined);
  return db
    .select()
    .from(allocationPlans)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(allocationPlans.createdAt), desc(allocationPlans.id));
}

export async function deletePlan(db: DbOrTx, id: number) {
  await db.delete(allocationPlans).where(eq(allocationPlans.id, id));
}
