/**
 * The ledger charts. Only the ECharts parts drawn here are registered, and this module is imported
 * only by pages that draw charts, so other pages load without ECharts.
 */
import ReactEChartsCore from "echarts-for-react/esm/core";
import * as echarts from "echarts/core";
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { formatDateCn } from "../../../core/dates";
import { CHART_COLORS } from "../app/theme";
import { percentForChart, rate, wan, wanForChart } from "./figures";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | MarkLineComponentOption
>;

const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';

/**
 * A date axis on a card as narrow as 1280 px holds fewer labels than months: ECharts drops the ones
 * that would overlap instead of drawing them over each other.
 */
export const DATE_AXIS_LABEL = { formatter: "{yyyy}年{M}月", hideOverlap: true } as const;

/** Room at the plot's right edge for a reference line's label, so it never sits on the last bar. */
export const REFERENCE_LABEL_ROOM = 76;

/** A horizontal reference line (目标 100%) labelled beyond the plot's right edge (keep REFERENCE_LABEL_ROOM there). */
export function referenceLine(y: number, text: string) {
  return { symbol: "none" as const, silent: true, data: [{ yAxis: y, lineStyle: { color: "#8c8c8c", type: "dashed" as const }, label: { formatter: text, position: "end" as const } }] };
}

export interface ChartRow {
  name: string;
  allocatedFen: number;
  paidFen: number;
  executionBp: number | null;
}

/**
 * 下达 and 支付 bars (万元) per category with the 预算执行率 line on a second axis.
 * `onSelect` receives the index of a clicked category.
 */
export function AllocatedPaidChart({
  rows,
  height = 340,
  onSelect,
  ariaLabel,
  rateMarkersOnly = false,
}: {
  rows: ChartRow[];
  height?: number;
  onSelect?: (index: number) => void;
  ariaLabel: string;
  /** Draw the rates as labelled points without a connecting line (for few, unordered categories). */
  rateMarkersOnly?: boolean;
}) {
  const option: Option = {
    textStyle: { fontFamily: FONT },
    color: [CHART_COLORS.allocated, CHART_COLORS.paid, CHART_COLORS.rate],
    grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
    legend: { top: 0, data: ["下达资金", "已支付", "预算执行率"] },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        const r = rows[i];
        return [
          `<b>${r.name}</b>`,
          `下达资金：${wan(r.allocatedFen)} 万元`,
          `已支付：${wan(r.paidFen)} 万元`,
          `预算执行率：${rate(r.executionBp)}`,
        ].join("<br/>");
      },
    },
    xAxis: {
      type: "category",
      data: rows.map((r) => r.name),
      axisLabel: { interval: 0, rotate: rows.length > 8 ? 30 : 0 },
      axisTick: { alignWithLabel: true },
    },
    yAxis: [
      { type: "value", name: "万元", axisLabel: { formatter: (v: number) => v.toLocaleString("zh-CN") } },
      { type: "value", name: "执行率", min: 0, max: 100, axisLabel: { formatter: "{value}%" }, splitLine: { show: false } },
    ],
    series: [
      { name: "下达资金", type: "bar", barMaxWidth: 22, data: rows.map((r) => wanForChart(r.allocatedFen)) },
      { name: "已支付", type: "bar", barMaxWidth: 22, data: rows.map((r) => wanForChart(r.paidFen)) },
      {
        name: "预算执行率",
        type: "line",
        yAxisIndex: 1,
        symbolSize: rateMarkersOnly ? 9 : 6,
        lineStyle: rateMarkersOnly ? { opacity: 0 } : undefined,
        label: rateMarkersOnly ? { show: true, position: "top", formatter: (p: { dataIndex: number }) => rate(rows[p.dataIndex].executionBp) } : undefined,
        data: rows.map((r) => percentForChart(r.executionBp)),
      },
    ],
  };
  return (
    <div role="img" aria-label={ariaLabel}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        style={{ height, cursor: onSelect ? "pointer" : undefined }}
        onEvents={onSelect ? { click: (e: { dataIndex: number }) => onSelect(e.dataIndex) } : undefined}
      />
    </div>
  );
}

export interface RateComparisonRow {
  name: string;
  ownBp: number | null;
  otherBp: number | null;
}

/**
 * One region's rates beside another's per category (a county's 预算执行率 beside the city's, by
 * funding source): two bars a category, each labelled with its rate.
 */
export function RateComparisonChart({ rows, ownName, otherName, height = 300, ariaLabel }: { rows: RateComparisonRow[]; ownName: string; otherName: string; height?: number; ariaLabel: string }) {
  const label = (key: "ownBp" | "otherBp") => ({ show: true, position: "top" as const, fontSize: 11, formatter: (p: { dataIndex: number }) => rate(rows[p.dataIndex][key]) });
  const option: Option = {
    textStyle: { fontFamily: FONT },
    color: [CHART_COLORS.paid, CHART_COLORS.allocated],
    grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
    legend: { top: 0, data: [ownName, otherName] },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (params: unknown) => {
        const r = rows[(params as { dataIndex: number }[])[0]?.dataIndex ?? 0];
        return [`<b>${r.name}</b>`, `${ownName}：${rate(r.ownBp)}`, `${otherName}：${rate(r.otherBp)}`].join("<br/>");
      },
    },
    xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { interval: 0 }, axisTick: { alignWithLabel: true } },
    yAxis: { type: "value", name: "预算执行率", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [
      { name: ownName, type: "bar", barMaxWidth: 28, barGap: "40%", label: label("ownBp"), data: rows.map((r) => percentForChart(r.ownBp)) },
      { name: otherName, type: "bar", barMaxWidth: 28, label: label("otherBp"), data: rows.map((r) => percentForChart(r.otherBp)) },
    ],
  };
  return (
    <div role="img" aria-label={ariaLabel}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height }} />
    </div>
  );
}

/** A round axis maximum at or above x: 1, 2, 2.5, 5 or 10 times a power of ten. */
function niceCeil(x: number): number {
  if (x <= 0) return 1;
  const pow = 10 ** Math.floor(Math.log10(x));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * pow >= x) ?? 10;
  return step * pow;
}

export interface DatedAmount {
  date: string;
  amountFen: number;
}

/**
 * Cumulative payments over time against the allocated total, split at the 评价日: the part after it
 * is drawn grey and dashed because it does not count toward the rate as of that day.
 */
export function CumulativePaymentsChart({
  payments,
  allocatedFen,
  asOf,
  height = 300,
}: {
  payments: DatedAmount[];
  allocatedFen: number;
  asOf: string;
  height?: number;
}) {
  const sorted = [...payments].sort((a, b) => a.date.localeCompare(b.date));
  const points: { date: string; fen: number }[] = [];
  let running = 0;
  for (const p of sorted) {
    running += p.amountFen; // integer 分: exact
    const last = points[points.length - 1];
    if (last && last.date === p.date) last.fen = running;
    else points.push({ date: p.date, fen: running });
  }
  const before = points.filter((p) => p.date <= asOf);
  const after = points.filter((p) => p.date > asOf);
  // Both parts meet at the 评价日: the paid total as of that day.
  const atAsOf = { date: asOf, fen: before[before.length - 1]?.fen ?? 0 };
  if (before.length && before[before.length - 1].date !== asOf && after.length) before.push(atAsOf);
  const toData = (list: typeof points) => list.map((p) => [p.date, wanForChart(p.fen)]);
  const byDate = new Map(points.map((p) => [p.date, p.fen]));
  byDate.set(asOf, atAsOf.fen);
  const yMax = niceCeil(Math.max(wanForChart(allocatedFen), wanForChart(running)) * 1.15);

  const option: Option = {
    textStyle: { fontFamily: FONT },
    grid: { left: 8, right: 36, top: 48, bottom: 8, containLabel: true },
    legend: { top: 0, data: ["累计支付", "评价日后支付"] },
    tooltip: {
      trigger: "axis",
      formatter: (params: unknown) => {
        const first = (params as { value: [string, number] }[])[0];
        if (!first) return "";
        const date = first.value[0];
        const fen = byDate.get(date) ?? 0;
        return `${formatDateCn(date)}<br/>累计支付：${wan(fen)} 万元${date > asOf ? "（评价日后）" : ""}`;
      },
    },
    xAxis: { type: "time", axisLabel: DATE_AXIS_LABEL },
    yAxis: { type: "value", name: "万元", min: 0, max: yMax },
    series: [
      {
        name: "累计支付",
        type: "line",
        step: "end",
        color: CHART_COLORS.paid,
        areaStyle: { opacity: 0.08 },
        data: toData(before),
        markLine: {
          symbol: "none",
          silent: true,
          data: [
            { yAxis: wanForChart(allocatedFen), name: "下达资金", lineStyle: { color: CHART_COLORS.rate, type: "dashed" }, label: { formatter: `下达资金 ${wan(allocatedFen)} 万元`, position: "insideStartTop" } },
            { xAxis: asOf, name: "评价日", lineStyle: { color: "#8c8c8c", type: "dotted" }, label: { formatter: `评价日 ${formatDateCn(asOf)}`, position: "end" } },
          ],
        },
      },
      {
        name: "评价日后支付",
        type: "line",
        step: "end",
        color: "#bfbfbf",
        lineStyle: { type: "dashed" },
        data: after.length ? toData([atAsOf, ...after]) : [],
      },
    ],
  };
  return (
    <div role="img" aria-label="累计支付与下达资金对比图">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height }} />
    </div>
  );
}
