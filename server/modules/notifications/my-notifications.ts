/** The signed-in user's own notifications: list, unread count, mark read. Nobody reads another's. */
import type { NotificationPage, NotificationsQuery, Notification } from "../../../contracts/notifications";
import type { ServiceContext } from "../../context";
import { AppError } from "../../errors";
import { presentNotification } from "./presenter";
import * as repo from "./repository";

// The command line (`system`) has no account and so no notifications.
function ownUserId(ctx: ServiceContext): number {
  if (ctx.actor.role === "system" || !(ctx.actor.userId > 0)) throw new AppError("FORBIDDEN", "只有登录的账号才有消息");
  return ctx.actor.userId;
}

export async function listMyNotifications(ctx: ServiceContext, query: NotificationsQuery): Promise<NotificationPage> {
  const userId = ownUserId(ctx);
  const unreadOnly = query.unread === "1";
  const [rows, total, unread] = await Promise.all([
    repo.listOfUser(ctx.db, userId, { unreadOnly, limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
    repo.countOfUser(ctx.db, userId, unreadOnly),
    repo.countOfUser(ctx.db, userId, true),
  ]);
  return { total, unread, items: rows.map(presentNotification) };
}

export async function unreadCount(ctx: ServiceContext): Promise<{ unread: number }> {
  return { unread: await repo.countOfUser(ctx.db, ownUserId(ctx), true) };
}

/** Another user's notification is answered as absent, so ids reveal nothing. */
export async function markRead(ctx: ServiceContext, id: number, now: Date = new Date()): Promise<Notification> {
  const row = await repo.markOneRead(ctx.db, ownUserId(ctx), id, now);
  if (!row) throw new AppError("NOT_FOUND", "消息不存在");
  return presentNotification(row);
}

export async function markAllRead(ctx: ServiceContext, now: Date = new Date()): Promise<{ marked: number }> {
  return { marked: await repo.markAllOfUserRead(ctx.db, ownUserId(ctx), now) };
}
