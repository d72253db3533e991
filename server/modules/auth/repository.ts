import { and, asc, desc, eq, getTableColumns, gt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import { auditEvents, dataVersions, regions, sessions, users } from "../../../db/schema";

/** An account with the region it works for (its scope). */
const userColumns = { ...getTableColumns(users), regionPath: regions.path, regionName: regions.name, regionLevel: regions.level };

function selectUsers(db: DbOrTx, where?: SQL) {
  return db.select(userColumns).from(users).leftJoin(regions, eq(regions.id, users.regionId)).where(where);
}

export async function findUserByName(db: DbOrTx, username: string) {
  const [u] = await selectUsers(db, eq(users.username, username));
  return u ?? null;
}

export async function findUserById(db: DbOrTx, id: number) {
  const [u] = await selectUsers(db, eq(users.id, id));
  return u ?? null;
}

/** Accounts, optionally those whose region lies in a subtree (path prefix), by role and name. */
export function listUserRows(db: DbOrTx, subtreePath: string | null) {
  return selectUsers(db, subtreePath === null ? undefined : sql`${regions.path} like ${subtreePath + "%"}`).orderBy(asc(users.role), asc(users.username));
}

export async function countUsers(db: DbOrTx): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return Number(n);
}
export type UserRow = NonNullable<Awaited<ReturnType<typeof findUserById>>>;

/**
 * Reserves one password check for an account, counted as a failure until a success resets it: one
 * conditional UPDATE, so parallel attempts cannot all pass a count read earlier. The attempt that
 * reaches `maxAttempts` locks the account; a locked account gets no reservation (null) and so no
 * check at all. Once a lock has run out the count starts again.
 */
export async function reserveLoginAttempt(db: DbOrTx, userId: number, maxAttempts: number, lockMinutes: number) {
  const expired = sql`(${users.lockedUntil} is not null and ${users.lockedUntil} <= now())`;
  const count = sql`case when ${expired} then 1 else ${users.failedLogins} + 1 end`;
  const [u] = await db
    .update(users)
    .set({
      failedLogins: count,
      lockedUntil: sql`case when ${count} >= ${maxAttempts} then now() + make_interval(mins => ${lockMinutes}) else null end`,
    })
    .where(and(eq(users.id, userId), sql`(${users.lockedUntil} is null or ${users.lockedUntil} <= now())`))
    .returning({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil });
  return u ?? null;
}

/** When the account's lock ends (null: not locked). */
export async function lockedUntil(db: DbOrTx, userId: number): Promise<Date | null> {
  const [u] = await db.select({ lockedUntil: users.lockedUntil }).from(users).where(eq(users.id, userId));
  return u?.lockedUntil ?? null;
}

export async function recordLogin(db: DbOrTx, userId: number) {
  await db.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() }).where(eq(users.id, userId));
}

export type SessionRow = typeof sessions.$inferSelect;

export async function insertSession(
  db: DbOrTx,
  s: {
    id: string;
    userId: number;
    csrfToken: string;
    ip: string | null;
    userAgent: string | null;
    expiresAt: Date;
    previousLoginAt: Date | null;
    previousLoginIp: string | null;
    failedSincePrevious: number;
  },
): Promise<SessionRow> {
  const [row] = await db.insert(sessions).values(s).returning();
  return row;
}

/** The user's last successful login in the audit trail, and the failed attempts on the account since. */
export async function previousLogin(db: DbOrTx, userId: number): Promise<{ at: Date | null; ip: string | null; failed: number }> {
  const [last] = await db
    .select({ seq: auditEvents.seq, at: auditEvents.at, ip: auditEvents.ip })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, "user"), eq(auditEvents.entityId, String(userId)), eq(auditEvents.action, "login")))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, "user"), eq(auditEvents.entityId, String(userId)), eq(auditEvents.action, "login_failed"), last ? gt(auditEvents.seq, last.seq) : undefined));
  return { at: last?.at ?? null, ip: last?.ip ?? null, failed: Number(n) };
}

/** A session that is live: not expired, not idle past the timeout, its user not disabled. */
const liveSession = (id: string, idleMinutes: number) =>
  and(
    eq(sessions.id, id),
    sql`${sessions.expiresAt} > now()`,
    sql`${sessions.lastSeenAt} > now() - make_interval(mins => ${idleMinutes})`,
    eq(users.disabled, false),
  );

/** The live session and its user. */
export async function findLiveSession(db: DbOrTx, id: string, idleMinutes: number) {
  const [row] = await db
    .select({ session: sessions, user: userColumns })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(regions, eq(regions.id, users.regionId))
    .where(liveSession(id, idleMinutes));
  return row ?? null;
}

/**
 * The live session, its user and, in the same statement, the version of every tracked key of
 * data_versions (server/derived.ts): a read-only request on PostgreSQL then needs no other round trip
 * for its derived figures. Versions come as text (a bigint past 2^53 would not survive JSON).
 */
export async function findLiveSessionWithVersions(db: DbOrTx, id: string, idleMinutes: number) {
  const [row] = await db
    .select({
      session: sessions,
      user: userColumns,
      versions: sql<[string, string][]>`(select coalesce(json_agg(json_build_array(${dataVersions.key}, ${dataVersions.version}::text)), '[]'::json) from ${dataVersions})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(regions, eq(regions.id, users.regionId))
    .where(liveSession(id, idleMinutes));
  return row ?? null;
}

export async function touchSession(db: DbOrTx, id: string) {
  await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, id));
}

export async function deleteSession(db: DbOrTx, id: string) {
  await db.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteUserSessions(db: DbOrTx, userId: number, exceptId?: string) {
  await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), exceptId ? sql`${sessions.id} <> ${exceptId}` : undefined));
}

export async function setPassword(db: DbOrTx, userId: number, passwordHash: string, mustChange: boolean) {
  await db
    .update(users)
    .set({ passwordHash, mustChangePassword: mustChange, passwordChangedAt: new Date(), failedLogins: 0, lockedUntil: null })
    .where(eq(users.id, userId));
}
