/** The SQL of the accounts import: what its check reads and what its commit writes. */
import { asc, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import { regions, users } from "../../../db/schema";

// Any constant: two account imports (any app instance) check and write one after the other.
const USER_IMPORT_LOCK = 7_420_614;

export async function lockUserImport(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${USER_IMPORT_LOCK})`);
}

/** Every account's name and what the import compares (user names are unique across the installation). */
export function existingAccounts(db: DbOrTx) {
  return db.select({ username: users.username, displayName: users.displayName, role: users.role, regionId: users.regionId }).from(users);
}

/** The regions of a subtree (all of them for null), retired ones too (to say so), top down. */
export function regionsOfSubtree(db: DbOrTx, subtreePath: string | null) {
  return db
    .select({ id: regions.id, code: regions.code, name: regions.name, level: regions.level, parentId: regions.parentId, path: regions.path, retiredAt: regions.retiredAt })
    .from(regions)
    .where(subtreePath === null ? undefined : sql`${regions.path} like ${subtreePath + "%"}`)
    .orderBy(asc(regions.path), asc(regions.sortOrder));
}

export type NewAccount = typeof users.$inferInsert;

export function insertAccounts(tx: DbOrTx, rows: NewAccount[]) {
  return tx.insert(users).values(rows).returning({ id: users.id, username: users.username, role: users.role, regionId: users.regionId });
}
