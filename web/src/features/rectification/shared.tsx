/** Pieces shared by the 问题与整改 pages: states, severities, deadlines and moments as users read them. */
import { Tag, Tooltip } from "antd";
import { formatDateCn } from "../../../../core/dates";
import { ITEM_STATE_LABEL, SEVERITY_LABEL, type ItemState, type Severity } from "../../../../core/rectification/rules";
import type { RectificationItem } from "../../../../contracts/rectification";
import { beijingTime } from "../../components/figures";

const STATE_COLOR: Record<ItemState, string> = {
  pending: "default",
  in_progress: "processing",
  submitted: "blue",
  accepted: "success",
  returned: "error",
};

export function ItemStateTag({ state }: { state: ItemState }) {
  return <Tag color={STATE_COLOR[state]}>{ITEM_STATE_LABEL[state]}</Tag>;
}

const SEVERITY_COLOR: Record<Severity, string> = { minor: "default", major: "orange", severe: "red" };

export function SeverityTag({ severity }: { severity: Severity }) {
  return <Tag color={SEVERITY_COLOR[severity]}>{SEVERITY_LABEL[severity]}</Tag>;
}

export const SCOPE_LABEL = { city: "全市", county: "县区", project: "项目" } as const;
export const ORIGIN_LABEL = { leaf: "评分表失分指标", reply: "县区意见", manual: "手工录入" } as const;

/** 2022年6月30日 14:05 (Beijing time) — a moment of the history. */
export function momentCn(iso: string | null): string {
  if (!iso) return "—";
  const [date, time] = beijingTime(iso).split(" ");
  return `${formatDateCn(date)} ${time}`;
}

/** The deadline with how it stands: 逾期 N 天, 今日到期, 剩余 N 天 (open items only). */
export function DeadlineCell({ item }: { item: Pick<RectificationItem, "deadline" | "dueInDays" | "overdue" | "overdueSince" | "state"> }) {
  const open = item.state !== "accepted" && item.state !== "submitted";
  let tag = null;
  if (item.overdue) {
    tag = (
      <Tooltip title={item.overdueSince ? `自${formatDateCn(item.overdueSince)}起逾期` : undefined}>
        <Tag color="red">{item.dueInDays < 0 ? `逾期 ${-item.dueInDays} 天` : "逾期"}</Tag>
      </Tooltip>
    );
  } else if (open && item.dueInDays === 0) tag = <Tag color="orange">今日到期</Tag>;
  else if (open && item.dueInDays > 0) tag = <Tag color={item.dueInDays <= 7 ? "orange" : "default"}>{`剩余 ${item.dueInDays} 天`}</Tag>;
  else if (open && item.dueInDays < 0) tag = <Tag color="red">{`已过期 ${-item.dueInDays} 天`}</Tag>;
  return (
    <span style={{ whiteSpace: "nowrap" }}>
      <span className="num" style={{ marginInlineEnd: 6 }}>
        {formatDateCn(item.deadline)}
      </span>
      {tag}
    </span>
  );
}
