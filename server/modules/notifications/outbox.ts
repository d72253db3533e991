/**
 * The outbox a mail or SMS gateway reads: it claims the oldest unsent rows, sends them, and marks each
 * sent or failed. A claim counts an attempt, so a row that keeps failing shows how often it was tried.
 */
import type { Db } from "../../../db/open";
import * as repo from "./repository";

export interface OutboxEntry {
  id: number;
  notificationId: number;
  channel: "mail" | "sms";
  /** The account's user name; the gateway looks up its address. */
  recipient: string;
  subject: string;
  body: string;
  createdAt: string;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
}

const present = (r: repo.OutboxRow): OutboxEntry => ({
  id: r.id,
  notificationId: r.notificationId,
  channel: r.channel,
  recipient: r.recipient,
  subject: r.subject,
  body: r.body,
  createdAt: r.createdAt.toISOString(),
  sentAt: r.sentAt ? r.sentAt.toISOString() : null,
  attempts: r.attempts,
  lastError: r.lastError,
});

/** Up to `limit` unsent rows, oldest first, each with one more attempt counted. */
export async function claimOutbox(db: Db, limit: number): Promise<OutboxEntry[]> {
  const n = Math.max(1, Math.min(1000, Math.trunc(limit)));
  return db.transaction(async (tx) => {
    const rows = await repo.lockUnsent(tx, n);
    await repo.bumpAttempts(
      tx,
      rows.map((r) => r.id),
    );
    return rows.map((r) => present({ ...r, attempts: r.attempts + 1 }));
  });
}

/** False when no such row exists. */
export function markSent(db: Db, id: number, at: Date = new Date()): Promise<boolean> {
  return repo.setSent(db, id, at);
}

/** Keeps the row unsent with the gateway's error (cut to 2,000 characters); false when absent or already sent. */
export function markFailed(db: Db, id: number, error: string): Promise<boolean> {
  return repo.setFailed(db, id, error.slice(0, 2000));
}

export async function listOutbox(db: Db, options: { unsentOnly?: boolean; limit?: number } = {}): Promise<OutboxEntry[]> {
  const rows = await repo.listOutboxRows(db, { unsentOnly: options.unsentOnly ?? false, limit: options.limit ?? 200 });
  return rows.map(present);
}
