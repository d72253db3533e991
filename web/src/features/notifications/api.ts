/** Hooks of 消息; every request goes through the one client of ../../api. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Notification, NotificationPage, UnreadCount } from "../../../../contracts/notifications";
import { request } from "../../api";

/** How often the bell asks for the unread count (it also asks when the window regains focus). */
export const UNREAD_POLL_MS = 60_000;
/** Notifications the bell's list shows. */
export const BELL_PAGE_SIZE = 20;

export const notificationKeys = {
  all: ["notifications"] as const,
  unread: ["notifications", "unread-count"] as const,
  list: (pageSize: number) => ["notifications", "list", pageSize] as const,
};

export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: () => request<UnreadCount>("/notifications/unread-count"),
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 0,
  });
}

export function useNotifications(enabled: boolean, pageSize = BELL_PAGE_SIZE) {
  return useQuery({
    queryKey: notificationKeys.list(pageSize),
    queryFn: () => request<NotificationPage>("/notifications", { params: { pageSize } }),
    enabled,
    staleTime: 0,
  });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: notificationKeys.all });
}

export function useMarkRead() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => request<Notification>(`/notifications/${id}/read`, { method: "POST" }),
    onSuccess: () => invalidate(),
  });
}

export function useMarkAllRead() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () => request<{ marked: number }>("/notifications/read-all", { method: "POST" }),
    onSuccess: () => invalidate(),
  });
}
