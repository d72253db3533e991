/**
 * How money and rates are shown. Amounts arrive in 分 and rates in basis points; the pure helpers of
 * core/ do every conversion, so no page does floating-point arithmetic on money.
 */
import { Progress, Tag } from "antd";
import { formatWan as formatWanText } from "../../../core/money";
import { formatCount, formatDate, formatRate, formatScore, formatWan, formatYuan } from "../../../core/format";

/** 23,763.00 — an amount in 万元 in a table cell, chart label or tooltip: always two decimals. */
export const wan = formatWan;

/** 23,763 — an amount in 万元 inside a sentence or on a statistic card, as the seed writes it. */
export function wanText(fen: number): string {
  return formatWanText(fen, { grouping: true });
}

/** 386,273.00 — one record (a voucher, a 下达 line) in 元, exact to the 分. */
export const yuan = formatYuan;

/** 93.08, 84.00 — a score (hundredths of a point) in a table: always two decimals. */
export const score = formatScore;

/** 1,521 — a count, above a table and in its pager alike. */
export const count = formatCount;

/** 2022年6月30日 */
export const date = formatDate;

/** A 万元 value as a plain number for chart axes only (display, never arithmetic). */
export function wanForChart(fen: number): number {
  return Number(formatWanText(fen, { decimals: 4 }));
}

/** A rate as a plain percentage number for chart axes only. */
export function percentForChart(bp: number | null): number | null {
  return bp === null ? null : bp / 100;
}

export const rate = formatRate;

/** 预算执行率 with a bar. */
export function ExecutionBar({ bp, width = 140 }: { bp: number | null; width?: number }) {
  if (bp === null) return <span className="num">—</span>;
  return (
    <span style={{ display: "inline-flex", alignItems: "center", gap: 8, justifyContent: "flex-end" }}>
      <Progress
        percent={Math.min(bp, 10000) / 100}
        showInfo={false}
        size="small"
        status="normal"
        style={{ width, margin: 0 }}
        aria-label={`预算执行率 ${formatRate(bp)}`}
      />
      <span className="num" style={{ minWidth: 56, textAlign: "right" }}>
        {formatRate(bp)}
      </span>
    </span>
  );
}

export const PROJECT_STATUS: Record<string, { label: string; color: string }> = {
  planned: { label: "计划", color: "default" },
  started: { label: "在建", color: "processing" },
  completed: { label: "完工", color: "cyan" },
  accepted: { label: "已验收", color: "green" },
  settled: { label: "已结算", color: "purple" },
};

export function ProjectStatus({ status }: { status: string }) {
  const s = PROJECT_STATUS[status] ?? { label: status, color: "default" };
  return <Tag color={s.color}>{s.label}</Tag>;
}

/** A moment as Beijing time, `2026-11-26 16:33` (with seconds: `…:33:22`); — when there is none. */
export function beijingTime(iso: string | null, withSeconds = false): string {
  if (!iso) return "—";
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().replace("T", " ").slice(0, withSeconds ? 19 : 16);
}
