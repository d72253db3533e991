/**
 * 得分影响 as a diverging bar: per county the money its score moved against the mean score, green to
 * the right (gained), red to the left (lost). One bar per county reads faster than two near-equal
 * bars of several thousand 万元 each, whose difference is a sliver.
 */
import ReactEChartsCore from "echarts-for-react/esm/core";
import * as echarts from "echarts/core";
import { BarChart, type BarSeriesOption } from "echarts/charts";
import { GridComponent, TooltipComponent, type GridComponentOption, type TooltipComponentOption } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import type { AllocationLine } from "../../../../contracts/allocation";
import { wanForChart } from "../../components/figures";
import { score2, signedWan2, wan2 } from "./format";

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
export const GAIN = "#2f7d4f";
export const LOSS = "#c0392b";

/** A round axis bound at or above x (display only): 1, 2, 2.5, 5 or 10 times a power of ten. */
function niceCeil(x: number): number {
  if (x <= 0) return 1;
  const pow = 10 ** Math.floor(Math.log10(x));
  return ([1, 2, 2.5, 5, 10].find((m) => m * pow >= x) ?? 10) * pow;
}

export function MovedByScoreChart({ lines, meanScore }: { lines: AllocationLine[]; meanScore: number | null }) {
  // Largest gain on top: a horizontal category axis draws its first item at the bottom.
  const sorted = [...lines].sort((a, b) => a.movedByScoreFen - b.movedByScoreFen || b.name.localeCompare(a.name, "zh-CN"));
  // A symmetric axis with room for the labels at both ends: gains and losses compare at a glance.
  const extent = niceCeil(Math.max(...sorted.map((l) => Math.abs(wanForChart(l.movedByScoreFen))), 0) * 1.3);
  const option: Option = {
    textStyle: { fontFamily: FONT },
    grid: { left: 8, right: 40, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        const l = sorted[i];
        return [
          `<b>${l.name}</b>（得分 ${score2(l.score)}${l.grade ? `，${l.grade}` : ""}）`,
          `分配金额：${wan2(l.amountFen)} 万元`,
          `按平均分${meanScore !== null ? ` ${score2(meanScore)} ` : ""}应得：${wan2(l.atMeanScoreFen)} 万元`,
          `得分影响：${signedWan2(l.movedByScoreFen)} 万元`,
        ].join("<br/>");
      },
    },
    xAxis: { type: "value", name: "万元", nameLocation: "end", min: -extent, max: extent, axisLabel: { formatter: (v: number) => v.toLocaleString("zh-CN") } },
    yAxis: { type: "category", data: sorted.map((l) => l.name), axisTick: { show: false }, axisLabel: { interval: 0 } },
    series: [
      {
        type: "bar",
        barMaxWidth: 18,
        // The label sits at the outer end of each bar: right of a gain, left of a loss.
        data: sorted.map((l) => ({
          value: wanForChart(l.movedByScoreFen),
          itemStyle: { color: l.movedByScoreFen >= 0 ? GAIN : LOSS },
          label: { show: true, position: l.movedByScoreFen >= 0 ? ("right" as const) : ("left" as const), formatter: signedWan2(l.movedByScoreFen) },
        })),
      },
    ],
  };
  return (
    <div role="img" aria-label="各县区得分影响（与按平均分应得之差）条形图">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: Math.max(240, 36 * sorted.length + 40) }} />
    </div>
  );
}
