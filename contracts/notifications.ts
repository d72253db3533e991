/** 消息: one user's in-app notifications. */
import { z } from "zod";
import { idParam } from "./ids";

export const NOTIFICATIONS_PAGE_MAX = 100;

export const notificationsQuerySchema = z.object({
  /** 1: unread only. */
  unread: z.enum(["0", "1"], { error: "unread 应为 0 或 1" }).optional(),
  page: z.coerce.number({ error: "页码（page）应为正整数" }).int("页码（page）应为正整数").positive("页码（page）应为正整数").max(100_000, "页码（page）过大").default(1),
  pageSize: z.coerce
    .number({ error: "每页条数（pageSize）应为正整数" })
    .int("每页条数（pageSize）应为正整数")
    .positive("每页条数（pageSize）应为正整数")
    .max(NOTIFICATIONS_PAGE_MAX, `每页条数（pageSize）不能超过 ${NOTIFICATIONS_PAGE_MAX}`)
    .default(20),
});
export type NotificationsQuery = z.infer<typeof notificationsQuerySchema>;

export const notificationSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** A path in the web app the notification opens. */
  link: z.string().nullable(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  /** ISO instant. */
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationPageSchema = z.object({
  total: z.number().int(),
  unread: z.number().int(),
  items: z.array(notificationSchema),
});
export type NotificationPage = z.infer<typeof notificationPageSchema>;

export const unreadCountSchema = z.object({ unread: z.number().int() });
export type UnreadCount = z.infer<typeof unreadCountSchema>;

export const notificationIdParams = z.object({ id: idParam });

export const markAllReadSchema = z.object({ marked: z.number().int() });
