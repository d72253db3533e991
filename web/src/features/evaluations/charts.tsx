/** Evaluation charts: a county against the city by level-1 得分率 (radar), and the county ranking (bars). */
import ReactEChartsCore from "echarts-for-react/esm/core";
import * as echarts from "echarts/core";
import { BarChart, RadarChart, type BarSeriesOption, type RadarSeriesOption } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type RadarComponentOption,
  type TooltipComponentOption,
} from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import type { IndicatorScore } from "../../../../contracts/evaluations";
import { formatBasisPoints } from "../../../../core/money";
import { formatPoints } from "../../../../core/scoring/points";
import { formatScore } from "../../../../core/format";

echarts.use([RadarChart, BarChart, RadarComponent, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<
  RadarSeriesOption | BarSeriesOption | RadarComponentOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | MarkLineComponentOption
>;

const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
/** Bar colour by grade (the grade names of the common scales). */
export const GRADE_BAR: Record<string, string> = { 优: "#2f7d4f", 优秀: "#2f7d4f", 良: "#1d4e89", 良好: "#1d4e89", 中: "#d4880f", 合格: "#d4880f", 差: "#c0392b", 不合格: "#c0392b" };

/** Display only: a rate in basis points as a percentage number for the axis. */
const asPercent = (bp: number | null) => (bp === null ? 0 : bp / 100);

export function ScoreRadar({ name, scores, city, height = 340 }: { name: string; scores: IndicatorScore[]; city: IndicatorScore[] | null; height?: number }) {
  const option: Option = {
    textStyle: { fontFamily: FONT },
    color: ["#1d4e89", "#d4880f"],
    legend: { bottom: 0, data: [name, ...(city ? ["临沂市（市级评分表）"] : [])] },
    tooltip: {
      trigger: "item",
      formatter: (p: unknown) => {
        const s = p as { seriesIndex: number; name: string };
        const rows = s.name === name ? scores : city ?? [];
        return [`<b>${s.name}</b>`, ...rows.map((r) => `${r.name}：${formatScore(r.score)} / ${formatPoints(r.weight)} 分（${formatBasisPoints(r.rateBp)}）`)].join("<br/>");
      },
    },
    radar: {
      radius: "62%",
      center: ["50%", "48%"],
      indicator: scores.map((s) => ({ name: `${s.name}（${formatPoints(s.weight)}分）`, max: 100, min: 50 })),
      axisName: { color: "#333", fontSize: 13 },
      splitNumber: 5,
    },
    series: [
      {
        type: "radar",
        symbolSize: 6,
        data: [
          { name, value: scores.map((s) => asPercent(s.rateBp)), areaStyle: { opacity: 0.18 } },
          ...(city ? [{ name: "临沂市（市级评分表）", value: city.map((s) => asPercent(s.rateBp)), lineStyle: { type: "dashed" as const } }] : []),
        ],
      },
    ],
  };
  return (
    <div role="img" aria-label={`${name}与全市各一级指标得分率对比雷达图`}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height }} />
    </div>
  );
}

export function RankingBars({ rows, cityTotal, mean, height = 360 }: { rows: { name: string; total: number; grade: string }[]; cityTotal: number | null; mean: number | null; height?: number }) {
  const sorted = [...rows].sort((a, b) => b.total - a.total);
  // The two reference lines are close (90.02 and 89.53 in the seed): the card names them, not the lines.
  const marks = [
    ...(cityTotal !== null ? [{ yAxis: cityTotal / 100, name: "市级评分表", lineStyle: { color: "#d4880f" } }] : []),
    ...(mean !== null ? [{ yAxis: mean / 100, name: "县区平均", lineStyle: { color: "#8c8c8c" } }] : []),
  ];
  const option: Option = {
    textStyle: { fontFamily: FONT },
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: (p: unknown) => {
      const i = (p as { dataIndex: number }[])[0]?.dataIndex ?? 0;
      return `第 ${i + 1} 名 ${sorted[i].name}<br/>得分：${formatScore(sorted[i].total)} 分（${sorted[i].grade}）`;
    } },
    xAxis: { type: "category", data: sorted.map((r) => r.name), axisLabel: { interval: 0, rotate: sorted.length > 8 ? 30 : 0 } },
    yAxis: { type: "value", min: 80, max: 100, name: "得分" },
    series: [
      {
        type: "bar",
        barMaxWidth: 28,
        data: sorted.map((r) => ({ value: r.total / 100, itemStyle: { color: GRADE_BAR[r.grade] ?? "#1d4e89" } })),
        label: { show: true, position: "top", formatter: (p: { dataIndex: number }) => formatScore(sorted[p.dataIndex].total) },
        markLine: { symbol: "none", silent: true, label: { show: false }, lineStyle: { type: "dashed" }, data: marks },
      },
    ],
  };
  return (
    <div role="img" aria-label="各县区得分排名柱状图">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height }} />
    </div>
  );
}
