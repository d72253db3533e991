/** All SQL of regions (行政区划). */
import { and, asc, desc, eq, inArray, isNull, like, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../../db/open";
import { regionRenames, regions } from "../../../db/schema";
import type { RegionLevel } from "../../../core/regions";

export type RegionRow = typeof regions.$inferSelect;

// Any constant: region writes take turns on it, so two adds cannot both pass the code check.
const REGIONS_LOCK = 7_420_733;

export async function lockRegions(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${REGIONS_LOCK})`);
}

/** The ids a path names ("/1/2/3/" → 1, 2, 3). */
export const idsOfPath = (path: string) => path.split("/").filter(Boolean).map(Number);

/**
 * Regions of a subtree (path prefix) and the subtree root's ancestors; null: every region. Ordered
 * for a tree: by sort order, then code.
 */
export function listRegionRows(db: DbOrTx, subtreePath: string | null): Promise<RegionRow[]> {
  let where: SQL | undefined;
  if (subtreePath !== null) {
    const above = idsOfPath(subtreePath);
    where = or(like(regions.path, `${subtreePath}%`), above.length ? inArray(regions.id, above) : undefined);
  }
  return db.select().from(regions).where(where).orderBy(asc(regions.sortOrder), asc(regions.code));
}

const parentRegion = alias(regions, "parent_region");

/** Every region's code, level, parent's code, name and path: what a workbook check compares with. */
export function allRegionsWithParentCode(db: DbOrTx) {
  return db
    .select({
      id: regions.id,
      code: regions.code,
      name: regions.name,
      level: regions.level,
      path: regions.path,
      retiredAt: regions.retiredAt,
      parentCode: parentRegion.code,
    })
    .from(regions)
    .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId));
}

export async function findRegionById(db: DbOrTx, id: number): Promise<RegionRow | null> {
  const [r] = await db.select().from(regions).where(eq(regions.id, id));
  return r ?? null;
}

export async function findRegionByCode(db: DbOrTx, code: string): Promise<RegionRow | null> {
  const [r] = await db.select().from(regions).where(eq(regions.code, code));
  return r ?? null;
}

export function findRegionsByCodes(db: DbOrTx, codes: string[]): Promise<RegionRow[]> {
  if (!codes.length) return Promise.resolve([]);
  return db.select().from(regions).where(inArray(regions.code, codes));
}

/** Regions by exact name (a CLI argument), retired ones last. */
export function findRegionsByName(db: DbOrTx, name: string): Promise<RegionRow[]> {
  return db.select().from(regions).where(eq(regions.name, name)).orderBy(asc(regions.retiredAt), asc(regions.code));
}

/** The regions directly under a parent. */
export function childRows(db: DbOrTx, parentId: number): Promise<RegionRow[]> {
  return db.select().from(regions).where(eq(regions.parentId, parentId));
}

/** Codes of the regions under a parent (null: the roots). */
export async function childCodes(db: DbOrTx, parentId: number | null): Promise<string[]> {
  const rows = await db
    .select({ code: regions.code })
    .from(regions)
    .where(parentId === null ? isNull(regions.parentId) : eq(regions.parentId, parentId));
  return rows.map((r) => r.code);
}

/** Codes starting with a prefix (the codes a generated child code must not take). */
export async function codesWithPrefix(db: DbOrTx, prefix: string): Promise<string[]> {
  const rows = await db.select({ code: regions.code }).from(regions).where(like(regions.code, `${prefix}%`));
  return rows.map((r) => r.code);
}

export async function nextSortOrder(db: DbOrTx, parentId: number | null): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`coalesce(max(${regions.sortOrder}), 0)::int` })
    .from(regions)
    .where(parentId === null ? isNull(regions.parentId) : eq(regions.parentId, parentId));
  return Number(r.n) + 1;
}

export interface NewRegion {
  code: string;
  name: string;
  level: RegionLevel;
  parentId: number | null;
  sortOrder: number;
}

/** Inserts regions; the path is set by the database (trigger). */
export async function insertRegion(db: DbOrTx, r: NewRegion): Promise<RegionRow> {
  const [row] = await db.insert(regions).values(r).returning();
  return row;
}

/** Inserts many regions of one level at once (their parents exist already). */
export async function insertRegions(db: DbOrTx, rows: NewRegion[]): Promise<RegionRow[]> {
  const out: RegionRow[] = [];
  for (let i = 0; i < rows.length; i += 1000) out.push(...(await db.insert(regions).values(rows.slice(i, i + 1000)).returning()));
  return out;
}

export async function updateRegion(db: DbOrTx, id: number, set: Partial<Pick<RegionRow, "name" | "sortOrder">>): Promise<RegionRow> {
  const [row] = await db.update(regions).set(set).where(eq(regions.id, id)).returning();
  return row;
}

export async function insertRename(db: DbOrTx, r: { regionId: number; oldName: string; newName: string; changedBy: string }) {
  await db.insert(regionRenames).values(r);
}

export function renamesOf(db: DbOrTx, regionId: number) {
  return db.select().from(regionRenames).where(eq(regionRenames.regionId, regionId)).orderBy(desc(regionRenames.changedAt), desc(regionRenames.id));
}

/** Retires the regions of a subtree still in use, at one instant; returns them. */
export function retireSubtree(db: DbOrTx, path: string, at: Date): Promise<RegionRow[]> {
  return db
    .update(regions)
    .set({ retiredAt: at })
    .where(and(like(regions.path, `${path}%`), isNull(regions.retiredAt)))
    .returning();
}

/** Restores a region and what was retired with it (the same instant) under it; returns them. */
export function restoreSubtree(db: DbOrTx, path: string, retiredAt: Date): Promise<RegionRow[]> {
  return db
    .update(regions)
    .set({ retiredAt: null })
    .where(and(like(regions.path, `${path}%`), eq(regions.retiredAt, retiredAt)))
    .returning();
}

export async function deleteRegion(db: DbOrTx, id: number): Promise<void> {
  await db.delete(regionRenames).where(eq(regionRenames.regionId, id));
  await db.delete(regions).where(eq(regions.id, id));
}

/**
 * Every column of every table that refers to regions, read from the catalogue, so a table added later
 * is checked too. region_renames is the region's own history and leaves with it.
 */
export async function regionReferences(db: DbOrTx): Promise<{ table: string; column: string }[]> {
  const r = await db.execute<{ table: string; column: string }>(sql`
    select t.relname as "table", a.attname as "column"
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
    where c.contype = 'f' and c.confrelid = 'regions'::regclass and t.relname <> 'region_renames'
    order by t.relname, a.attname`);
  const rows = (Array.isArray(r) ? r : (r as { rows: { table: string; column: string }[] }).rows) as { table: string; column: string }[];
  return rows.map((x) => ({ table: x.table, column: x.column }));
}

/** How many rows of `table` name the region in `column`. */
export async function countReferences(db: DbOrTx, table: string, column: string, regionId: number): Promise<number> {
  const r = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)} = ${regionId}`);
  const rows = (Array.isArray(r) ? r : (r as { rows: { n: number }[] }).rows) as { n: number }[];
  return Number(rows[0]?.n ?? 0);
}
