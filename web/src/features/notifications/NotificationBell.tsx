/**
 * 消息 in the header: a bell with the unread count (asked every minute and when the window regains
 * focus) opening the latest notifications; clicking one marks it read and opens its page.
 */
import { useState, type CSSProperties, type ReactNode } from "react";
import { Badge, Button, Flex, Popover, Spin, Typography } from "antd";
import { BellOutlined } from "@ant-design/icons";
import { useNavigate } from "react-router";
import type { Notification } from "../../../../contracts/notifications";
import { beijingTime } from "../../components/figures";
import { EmptyState, PageError } from "../../components/states";
import { useLinkTo } from "../../app/ledger";
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from "./api";

/** A notification's link with the page's fund year and 评价日 kept (its own query, if any, wins). */
function useOpenLink() {
  const navigate = useNavigate();
  const linkTo = useLinkTo();
  return (link: string) => {
    const [path, query = ""] = link.split("?", 2);
    navigate(linkTo(path, Object.fromEntries(new URLSearchParams(query))));
  };
}

function NotificationRow({ n, onOpen }: { n: Notification; onOpen: (n: Notification) => void }) {
  const unread = n.readAt === null;
  return (
    <button type="button" className="notification-row" onClick={() => onOpen(n)} aria-label={`${unread ? "未读消息" : "消息"}：${n.title}`} style={rowStyle(unread)}>
      <Flex justify="space-between" gap={12}>
        <Typography.Text strong={unread}>
          {unread && <Badge status="processing" style={{ marginInlineEnd: 6 }} />}
          {n.title}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: "nowrap" }}>
          {beijingTime(n.createdAt)}
        </Typography.Text>
      </Flex>
      {n.body && (
        <Typography.Paragraph type="secondary" style={{ margin: "4px 0 0", fontSize: 13 }} ellipsis={{ rows: 3 }}>
          {n.body}
        </Typography.Paragraph>
      )}
    </button>
  );
}

const rowStyle = (unread: boolean): CSSProperties => ({
  display: "block",
  width: "100%",
  textAlign: "left",
  padding: "10px 12px",
  border: "none",
  borderBottom: "1px solid #f0f0f0",
  background: unread ? "#f0f7ff" : "transparent",
  cursor: "pointer",
  font: "inherit",
});

function NotificationList({ onClose }: { onClose: () => void }) {
  const list = useNotifications(true);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const open = useOpenLink();

  const onOpen = (n: Notification) => {
    if (n.readAt === null) markRead.mutate(n.id);
    if (n.link) {
      onClose();
      open(n.link);
    }
  };

  let content: ReactNode;
  if (list.isPending) content = <Spin style={{ display: "block", padding: 24 }} />;
  else if (list.isError) content = <PageError error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.items.length === 0) content = <EmptyState description="暂无消息" />;
  else
    content = (
      <>
        {list.data.items.map((n) => (
          <NotificationRow key={n.id} n={n} onOpen={onOpen} />
        ))}
        {list.data.total > list.data.items.length && (
          <Typography.Text type="secondary" style={{ display: "block", padding: "8px 12px", fontSize: 12 }}>
            仅显示最近 {list.data.items.length} 条，共 {list.data.total} 条
          </Typography.Text>
        )}
      </>
    );

  return (
    <div style={{ width: 380 }}>
      <Flex justify="space-between" align="center" style={{ padding: "4px 4px 8px 12px", borderBottom: "1px solid #f0f0f0" }}>
        <Typography.Text strong>消息{list.data ? `（未读 ${list.data.unread} 条）` : ""}</Typography.Text>
        <Button type="link" size="small" disabled={!list.data || list.data.unread === 0} loading={markAll.isPending} onClick={() => markAll.mutate()}>
          全部标为已读
        </Button>
      </Flex>
      <div role="region" aria-label="消息列表" style={{ maxHeight: 420, overflowY: "auto" }}>
        {content}
      </div>
    </div>
  );
}

export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const count = unread.data?.unread ?? 0;
  return (
    <Popover trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen} content={open ? <NotificationList onClose={() => setOpen(false)} /> : null} arrow={false}>
      <Button type="text" className="user-button" aria-label={count > 0 ? `消息，${count} 条未读` : "消息"}>
        <Badge count={count} size="small" overflowCount={99} offset={[4, -2]}>
          <BellOutlined style={{ fontSize: 18, color: "#fff" }} />
        </Badge>
      </Button>
    </Popover>
  );
}
