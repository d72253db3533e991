/**
 * 消息: in-app notifications of one user, and the outbox a mail or SMS gateway reads. Other modules call
 * `notify` inside their own transaction, so a notification exists exactly when the change it tells of
 * committed; the outbox row is written in that same transaction (transactional outbox).
 */
import type { DbOrTx } from "../../../db/open";
import * as repo from "./repository";

export interface NotificationMessage {
  /** e.g. rectification.assigned, rectification.overdue, rectification.due_soon … */
  kind: string;
  title: string;
  body: string;
  /** A path in the web app the notification opens. */
  link: string | null;
  entityType?: string;
  entityId?: string;
}

/** Who owns a piece of work: a 县区 (its county accounts) or a city department by role (optionally one organisation). */
export type NotificationOwner = { county: number } | { role: "housing" | "finance" | "evaluator"; organisation?: string };

/** One notification per distinct user, each with one mail row in the outbox, in the caller's transaction. */
export async function notify(tx: DbOrTx, userIds: number[], message: NotificationMessage): Promise<void> {
  const ids = [...new Set(userIds)].filter((id) => Number.isInteger(id) && id > 0);
  if (ids.length === 0) return;
  await repo.insertNotifications(tx, ids, message);
}

/** The active (not disabled) accounts that answer for an owner. */
export function recipientsOf(tx: DbOrTx, owner: NotificationOwner): Promise<number[]> {
  return repo.activeUserIds(tx, owner);
}

export { listMyNotifications, unreadCount, markRead, markAllRead } from "./my-notifications";
export { claimOutbox, markSent, markFailed, listOutbox, type OutboxEntry } from "./outbox";
