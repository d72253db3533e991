/** Small pieces the works pages share: the state of a work, a window of dates, the county filter. */
import { Select, Tag } from "antd";
import { formatDateCn } from "../../../../core/dates";
import type { WorkStatus } from "../../../../core/works/kinds";
import { useLedger } from "../../app/ledger";
import { useCounties } from "../admin/api";

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

/** The counties of the fund year's city (reference data any signed-in account may read). */
export function CountyFilter({ value, onChange }: { value?: number; onChange: (id: number | undefined) => void }) {
  const { fundYear } = useLedger();
  const counties = useCounties(fundYear.id);
  return (
    <Select
      aria-label="县区"
      allowClear
      placeholder="全部县区"
      style={{ width: 130 }}
      value={value}
      onChange={onChange}
      loading={counties.isPending}
      options={(counties.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
    />
  );
}
