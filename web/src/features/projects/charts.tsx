/**
 * Charts of the project library, the registry and 双监控. Only the parts drawn here are registered; the
 * pages import this module lazily, so the rest of the app loads without ECharts.
 */
import ReactEChartsCore from "echarts-for-react/esm/core";
import * as echarts from "echarts/core";
import { BarChart, LineChart, PieChart, type BarSeriesOption, type LineSeriesOption, type PieSeriesOption } from "echarts/charts";
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
import { formatBasisPoints } from "../../../../core/money";
import { CHART_COLORS } from "../../app/theme";
import { percentForChart, wan, wanForChart } from "../../components/figures";
import { REFERENCE_LABEL_ROOM, referenceLine } from "../../components/charts";

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | MarkLineComponentOption
>;

const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
export const LIGHT_COLORS = { green: "#389e0d", yellow: "#d48806", red: "#cf1322", none: "#bfbfbf" };
const FISCAL = ["#1d4e89", "#3a6ea5", "#6b93c4", "#9db4d3", "#c5d5ea"];
const NON_FISCAL = ["#d46b08", "#fa8c16", "#ffa940", "#ffc069", "#ffd591"];

function Chart({ option, height, label, onClick }: { option: Option; height: number; label: string; onClick?: (index: number) => void }) {
  return (
    <div role="img" aria-label={label}>
      <ReactEChartsCore
        echarts={echarts}
        option={{ textStyle: { fontFamily: FONT }, ...option }}
        notMerge
        style={{ height, cursor: onClick ? "pointer" : undefined }}
        onEvents={onClick ? { click: (e: { dataIndex: number }) => onClick(e.dataIndex) } : undefined}
      />
    </div>
  );
}

/** 资金结构: a ring of planned investment by source, fiscal in blues, non-fiscal in oranges. */
export function FundingRing({ items, height = 260 }: { items: { name: string; category: "fiscal" | "non_fiscal"; amountFen: number }[]; height?: number }) {
  let f = 0;
  let n = 0;
  const data = items.map((i) => ({
    name: i.name,
    value: wanForChart(i.amountFen),
    fen: i.amountFen,
    itemStyle: { color: i.category === "fiscal" ? FISCAL[f++ % FISCAL.length] : NON_FISCAL[n++ % NON_FISCAL.length] },
  }));
  return (
    <Chart
      label="计划投资资金结构图"
      height={height}
      option={{
        tooltip: { trigger: "item", formatter: (p: unknown) => { const x = p as { name: string; percent: number; dataIndex: number }; return `${x.name}：${wan(data[x.dataIndex].fen)} 万元（${x.percent}%）`; } },
        legend: { orient: "vertical", right: 0, top: "middle", itemWidth: 12, itemHeight: 12 },
        series: [{ type: "pie", radius: ["45%", "72%"], center: ["35%", "50%"], label: { show: false }, data }],
      }}
    />
  );
}

/** A monitored measure over the periods: progress against the elapsed time (the expected line). */
export function TrendChart({
  periods,
  series,
  height = 300,
}: {
  periods: string[];
  /** A series without `elapsed` (the city beside a county) draws no 应达进度 line. */
  series: { name: string; progress: (number | null)[]; elapsed?: number[] }[];
  height?: number;
}) {
  const palette = [CHART_COLORS.paid, "#13a8a8", "#722ed1", "#d48806", "#c41d7f"];
  return (
    <Chart
      label="各期进度与应达进度趋势图"
      height={height}
      option={{
        grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
        legend: { top: 0, type: "scroll" },
        tooltip: { trigger: "axis", valueFormatter: (v: unknown) => (v === null || v === undefined ? "—" : `${v}%`) },
        xAxis: { type: "category", data: periods },
        yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        series: series.flatMap((s, i) => [
          { name: s.name, type: "line" as const, color: palette[i % palette.length], symbolSize: 7, data: s.progress.map(percentForChart) },
          ...(s.elapsed
            ? [
                {
                  name: `${s.name}（应达进度）`,
                  type: "line" as const,
                  color: palette[i % palette.length],
                  lineStyle: { type: "dashed" as const, opacity: 0.55 },
                  symbol: "none",
                  data: s.elapsed.map((e) => e / 100),
                },
              ]
            : []),
        ]),
      }}
    />
  );
}

/** Progress of a multi-year goal by county: done, forecast by the end year, and what is required. */
export function GoalChart({
  rows,
  height = 320,
  onSelect,
}: {
  rows: { name: string; done: number; forecast: number; eligible: number; required: number }[];
  height?: number;
  onSelect?: (index: number) => void;
}) {
  return (
    <Chart
      label="各县区改造目标进度与预测图"
      height={height}
      onClick={onSelect}
      option={{
        grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
        legend: { top: 0, data: ["已改造", "按当前进度预计新增", "尚余", "应完成数"] },
        tooltip: {
          trigger: "axis",
          axisPointer: { type: "shadow" },
          formatter: (p: unknown) => {
            const r = rows[(p as { dataIndex: number }[])[0]?.dataIndex ?? 0];
            return [`<b>${r.name}</b>`, `范围内小区：${r.eligible} 个`, `应完成：${r.required} 个`, `已改造：${r.done} 个`, `预计期末：${r.forecast} 个`].join("<br/>");
          },
        },
        xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 8 ? 30 : 0 } },
        yAxis: { type: "value", name: "小区（个）" },
        series: [
          { name: "已改造", type: "bar", stack: "goal", color: CHART_COLORS.paid, barMaxWidth: 28, data: rows.map((r) => r.done) },
          { name: "按当前进度预计新增", type: "bar", stack: "goal", color: "#9db4d3", data: rows.map((r) => r.forecast - r.done) },
          { name: "尚余", type: "bar", stack: "goal", color: "#e8ebf0", data: rows.map((r) => r.eligible - r.forecast) },
          {
            name: "应完成数",
            type: "line",
            color: LIGHT_COLORS.red,
            symbol: "diamond",
            symbolSize: 10,
            lineStyle: { opacity: 0 },
            data: rows.map((r) => r.required),
          },
        ],
      }}
    />
  );
}

/** Two rates per county as bars (e.g. 物业覆盖率 and 物业费收缴率). */
export function RatesChart({
  rows,
  names,
  height = 300,
  onSelect,
  label,
}: {
  rows: { name: string; a: number | null; b: number | null }[];
  names: [string, string];
  height?: number;
  onSelect?: (index: number) => void;
  label: string;
}) {
  return (
    <Chart
      label={label}
      height={height}
      onClick={onSelect}
      option={{
        grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
        legend: { top: 0 },
        tooltip: {
          trigger: "axis",
          axisPointer: { type: "shadow" },
          formatter: (p: unknown) => {
            const r = rows[(p as { dataIndex: number }[])[0]?.dataIndex ?? 0];
            return `<b>${r.name}</b><br/>${names[0]}：${formatBasisPoints(r.a)}<br/>${names[1]}：${formatBasisPoints(r.b)}`;
          },
        },
        xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 8 ? 30 : 0 } },
        yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        series: [
          { name: names[0], type: "bar", barMaxWidth: 22, color: CHART_COLORS.paid, data: rows.map((r) => percentForChart(r.a)) },
          { name: names[1], type: "bar", barMaxWidth: 22, color: CHART_COLORS.rate, data: rows.map((r) => percentForChart(r.b)) },
        ],
      }}
    />
  );
}

/** Completion of one target by county (bars) with the 100% line. */
export function CompletionChart({ rows, height = 280, label }: { rows: { name: string; bp: number | null; met: boolean | null }[]; height?: number; label: string }) {
  return (
    <Chart
      label={label}
      height={height}
      option={{
        grid: { left: 8, right: REFERENCE_LABEL_ROOM, top: 24, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: (p: unknown) => { const r = rows[(p as { dataIndex: number }[])[0]?.dataIndex ?? 0]; return `${r.name}：${formatBasisPoints(r.bp)}`; } },
        xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 8 ? 30 : 0 } },
        yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
        series: [
          {
            type: "bar",
            barMaxWidth: 26,
            data: rows.map((r) => ({ value: percentForChart(r.bp), itemStyle: { color: r.met === false ? LIGHT_COLORS.red : CHART_COLORS.paid } })),
            markLine: referenceLine(100, "目标 100%"),
          },
        ],
      }}
    />
  );
}

/** A share over the years: one line per county, the city bold; the tooltip lists every line's share that year. */
export function ShareTrendChart({ years, lines, height = 320, label }: { years: number[]; lines: { name: string; bps: (number | null)[]; bold?: boolean }[]; height?: number; label: string }) {
  const palette = [CHART_COLORS.paid, CHART_COLORS.rate, ...FISCAL, ...NON_FISCAL, LIGHT_COLORS.green, LIGHT_COLORS.yellow];
  return (
    <Chart
      label={label}
      height={height}
      option={{
        grid: { left: 8, right: 120, top: 16, bottom: 8, containLabel: true },
        legend: { type: "scroll", orient: "vertical", right: 0, top: "middle" },
        tooltip: {
          trigger: "axis",
          formatter: (p: unknown) => {
            const i = (p as { dataIndex: number }[])[0]?.dataIndex ?? 0;
            return `<b>${years[i]}年</b><br/>${lines.map((l) => `${l.name}：${formatBasisPoints(l.bps[i])}`).join("<br/>")}`;
          },
        },
        xAxis: { type: "category", data: years.map((y) => `${y}年`) },
        yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        series: lines.map((l, i) => ({
          name: l.name,
          type: "line" as const,
          color: l.bold ? "#262626" : palette[i % palette.length],
          lineStyle: { width: l.bold ? 3 : 1.5 },
          symbolSize: l.bold ? 8 : 5,
          z: l.bold ? 3 : 2,
          data: l.bps.map(percentForChart),
        })),
      }}
    />
  );
}
