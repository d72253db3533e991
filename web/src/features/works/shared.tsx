/** Small pieces the works pages share: the state of a work, a window of dates. */
import { Tag } from "antd";
import { formatDateCn } from "../../../../core/dates";
import type { WorkStatus } from "../../../../core/works/kinds";

const STATUS_COLOR: Record<WorkStatus, string> = { 计划: "default", 施工中: "processing", 已完成: "green", 已取消: "default" };

export function WorkStatusTag({ status }: { status: WorkStatus }) {
  return (
    <Tag color={STATUS_COLOR[status]} style={status === "已取消" ? { textDecoration: "line-through" } : undefined}>
      {status}
    </Tag>
  );
}

/** 2021年3月15日至4月14日 (the year once when both ends share it), 2020年11月29日至2021年1月3日; — for a missing end. */
export function windowText(from: string | null, to: string | null): string {
  if (!from && !to) return "—";
  if (from && to && from.slice(0, 4) === to.slice(0, 4)) return `${formatDateCn(from)}至${formatDateCn(to).replace(/^\d+年/, "")}`;
  return `${from ? formatDateCn(from) : "—"}至${to ? formatDateCn(to) : "—"}`;
}
