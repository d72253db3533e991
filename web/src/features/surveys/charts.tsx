/** Survey charts: 满意率 bars (by part, by county) with the city's figure as a dashed line. */
import ReactEChartsCore from "echarts-for-react/esm/core";
import * as echarts from "echarts/core";
import { BarChart, type BarSeriesOption } from "echarts/charts";
import {
  GridComponent,
  MarkLineComponent,
  TooltipComponent,
  type GridComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { formatBasisPoints } from "../../../../core/money";
import { BRAND_BLUE } from "../../app/theme";
import { count as formatCount, percentForChart } from "../../components/figures";
import { LEVEL_COLORS } from "./shared";

echarts.use([BarChart, GridComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption | MarkLineComponentOption>;

const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';

export interface RateRow {
  name: string;
  rateBp: number | null;
  satisfied: number;
  valid: number;
  /** Drawn in the accent colour (the overall figure among the parts). */
  highlight?: boolean;
}

/** An axis floor a little under the lowest rate, in tens, so that differences of a few points show. */
function axisMin(rows: RateRow[], reference: number | null): number {
  const values = rows.map((r) => r.rateBp).filter((v): v is number => v !== null);
  if (reference !== null) values.push(reference);
  if (!values.length) return 0;
  return Math.max(0, Math.floor(Math.min(...values) / 1000) * 10 - 10);
}

export function RateBars({ rows, reference, ariaLabel, height = 300 }: { rows: RateRow[]; reference?: { label: string; bp: number | null }; ariaLabel: string; height?: number }) {
  const ref = reference?.bp ?? null;
  const option: Option = {
    textStyle: { fontFamily: FONT },
    grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (p: unknown) => {
        const r = rows[(p as { dataIndex: number }[])[0]?.dataIndex ?? 0];
        return `<b>${r.name}</b><br/>满意率：${formatBasisPoints(r.rateBp)}<br/>满意 ${formatCount(r.satisfied)} / 有效回答 ${formatCount(r.valid)}${ref !== null ? `<br/>${reference!.label}：${formatBasisPoints(ref)}` : ""}`;
      },
    },
    xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 8 ? 30 : 0 } },
    yAxis: { type: "value", min: axisMin(rows, ref), max: 100, name: "满意率（%）" },
    series: [
      {
        type: "bar",
        barMaxWidth: 36,
        data: rows.map((r) => ({ value: percentForChart(r.rateBp) ?? 0, itemStyle: { color: r.highlight ? "#d48806" : BRAND_BLUE } })),
        label: { show: true, position: "top", formatter: (p: { dataIndex: number }) => formatBasisPoints(rows[p.dataIndex].rateBp) },
        markLine:
          ref === null
            ? undefined
            : {
                symbol: "none",
                silent: true,
                lineStyle: { type: "dashed", color: "#d48806" },
                // Named by the card: a label at the line's end would sit on the last bar's figure.
                label: { show: false },
                data: [{ yAxis: percentForChart(ref) ?? 0 }],
              },
      },
    ],
  };
  return (
    <div role="img" aria-label={ariaLabel}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height }} />
    </div>
  );
}

/** The five levels of one question as one thin stacked bar (很满意 on the left). */
export function LevelBar({ levels }: { levels: number[] }) {
  const total = levels.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  return (
    <div className="level-bar" aria-hidden>
      {levels.map((n, i) => (n > 0 ? <span key={i} style={{ flexGrow: n, background: LEVEL_COLORS[i] }} /> : null))}
    </div>
  );
}
