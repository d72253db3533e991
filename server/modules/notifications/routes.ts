import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { markAllReadSchema, notificationIdParams, notificationPageSchema, notificationSchema, notificationsQuerySchema, unreadCountSchema } from "../../../contracts/notifications";
import { listMyNotifications, markAllRead, markRead, unreadCount } from "./service";

export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/notifications",
    {
      config: { access: "notifications.own" },
      schema: { operationId: "listNotifications", summary: "我的消息（unread=1 只看未读，新的在前，分页）", tags: ["消息"], querystring: notificationsQuerySchema, response: { 200: notificationPageSchema } },
    },
    async (req) => listMyNotifications(req.ctx(), req.query),
  );
  app.get(
    "/notifications/unread-count",
    { config: { access: "notifications.own" }, schema: { operationId: "countUnreadNotifications", summary: "未读消息数", tags: ["消息"], response: { 200: unreadCountSchema } } },
    async (req) => unreadCount(req.ctx()),
  );
  app.post(
    "/notifications/:id/read",
    {
      config: { access: "notifications.own" },
      schema: { operationId: "markNotificationRead", summary: "标为已读（只限本人的消息）", tags: ["消息"], params: notificationIdParams, response: { 200: notificationSchema } },
    },
    async (req) => markRead(req.ctx(), req.params.id),
  );
  app.post(
    "/notifications/read-all",
    { config: { access: "notifications.own" }, schema: { operationId: "markAllNotificationsRead", summary: "全部标为已读", tags: ["消息"], response: { 200: markAllReadSchema } } },
    async (req) => markAllRead(req.ctx()),
  );
};
