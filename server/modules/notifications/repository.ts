/** All SQL of 消息 (notifications) and their outbox. */
import { and, asc, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import { notificationOutbox, notifications, users } from "../../../db/schema";
import type { NotificationMessage, NotificationOwner } from "./service";

export async function activeUserIds(db: DbOrTx, owner: NotificationOwner): Promise<number[]> {
  const where =
    "county" in owner
      ? and(eq(users.role, "county"), eq(users.regionId, owner.county), eq(users.disabled, false))
      : and(eq(users.role, owner.role), eq(users.disabled, false), owner.organisation !== undefined ? eq(users.organisation, owner.organisation) : undefined);
  const rows = await db.select({ id: users.id }).from(users).where(where).orderBy(asc(users.id));
  return rows.map((r) => r.id);
}

/** One notification per user and one mail row per notification (recipient: the account's user name). */
export async function insertNotifications(db: DbOrTx, userIds: number[], m: NotificationMessage): Promise<void> {
  const recipients = await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.id, userIds)).orderBy(asc(users.id));
  if (recipients.length === 0) return;
  const inserted = await db
    .insert(notifications)
    .values(recipients.map((u) => ({ userId: u.id, kind: m.kind, title: m.title, body: m.body, link: m.link, entityType: m.entityType ?? null, entityId: m.entityId ?? null })))
    .returning({ id: notifications.id, userId: notifications.userId });
  const nameOf = new Map(recipients.map((u) => [u.id, u.username]));
  await db.insert(notificationOutbox).values(inserted.map((n) => ({ notificationId: n.id, channel: "mail" as const, recipient: nameOf.get(n.userId)!, subject: m.title, body: m.body })));
}

export type NotificationRow = typeof notifications.$inferSelect;

export function listOfUser(db: DbOrTx, userId: number, options: { unreadOnly: boolean; limit: number; offset: number }) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), options.unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(options.limit)
    .offset(options.offset);
}

export async function countOfUser(db: DbOrTx, userId: number, unreadOnly: boolean): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), unreadOnly ? isNull(notifications.readAt) : undefined));
  return Number(r?.n ?? 0);
}

/** Marks one of the user's notifications read (keeping the first read time); null when it is not theirs. */
export async function markOneRead(db: DbOrTx, userId: number, id: number, at: Date): Promise<NotificationRow | null> {
  const [r] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning();
  return r ?? null;
}

export async function markAllOfUserRead(db: DbOrTx, userId: number, at: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

// ---- outbox ------------------------------------------------------------------------------------

export type OutboxRow = typeof notificationOutbox.$inferSelect;

/**
 * The oldest unsent rows, locked for this gateway's transaction; `skip locked` lets two gateways on
 * PostgreSQL take different rows (PGlite has one connection, so nothing is ever skipped there).
 */
export async function lockUnsent(db: DbOrTx, limit: number): Promise<OutboxRow[]> {
  return db.select().from(notificationOutbox).where(isNull(notificationOutbox.sentAt)).orderBy(asc(notificationOutbox.id)).limit(limit).for("update", { skipLocked: true });
}

export async function bumpAttempts(db: DbOrTx, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.update(notificationOutbox).set({ attempts: sql`${notificationOutbox.attempts} + 1` }).where(inArray(notificationOutbox.id, ids));
}

export async function setSent(db: DbOrTx, id: number, at: Date): Promise<boolean> {
  const rows = await db.update(notificationOutbox).set({ sentAt: at, lastError: null }).where(eq(notificationOutbox.id, id)).returning({ id: notificationOutbox.id });
  return rows.length > 0;
}

export async function setFailed(db: DbOrTx, id: number, error: string): Promise<boolean> {
  const rows = await db.update(notificationOutbox).set({ lastError: error }).where(and(eq(notificationOutbox.id, id), isNull(notificationOutbox.sentAt))).returning({ id: notificationOutbox.id });
  return rows.length > 0;
}

export function listOutboxRows(db: DbOrTx, options: { unsentOnly: boolean; limit: number }) {
  return db
    .select()
    .from(notificationOutbox)
    .where(options.unsentOnly ? isNull(notificationOutbox.sentAt) : undefined)
    .orderBy(desc(notificationOutbox.id))
    .limit(options.limit);
}
