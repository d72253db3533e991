/**
 * 地图: the city's counties filled by one figure (执行率, 评价得分, 满意度, 物业覆盖率, 未闭环冲突), and
 * the communities with their works and conflicts as points. Every figure is read from the API the
 * figure's own page uses; a figure the account may not read is named as such, never drawn as zeros.
 */
import { useMemo, useState } from "react";
import { Alert, Card, Col, Flex, Row, Select, Table, Typography } from "antd";
import { formatDateCn } from "../../../../core/dates";
import { formatBasisPoints } from "../../../../core/money";
import { formatScore } from "../../../../core/format";
import type { TaskSummary } from "../../../../contracts/evaluations";
import { ApiError, useFundsSummary } from "../../api";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { legendPieces } from "../../components/legend";
import { CommunityPointsMap, CountyFigureMap, MAP_COLORS, useCityBoundary, type MapPoint } from "../../components/maps";
import { PageHeader } from "../../components/PageHeader";
import { InlineError } from "../../components/states";
import { useCounties } from "../admin/api";
import { useResults, useTasks } from "../evaluations/api";
import { useMaintenance } from "../projects/api";
import { count } from "../projects/shared";
import { useSurveyResults } from "../surveys/api";
import { useConflicts, useCountyWorksFigures, useSharedCommunities, useWorks } from "./api";
import { windowText } from "./shared";
import { pushTo } from "../../../../core/collections";

type FigureKey = "execution" | "score" | "satisfaction" | "coverage" | "conflicts";

interface FigureState {
  key: FigureKey;
  label: string;
  /** Null: the account may read it; else why it is not shown. */
  unavailable: string | null;
  pending: boolean;
  error: unknown;
  /** By county id: the colour's number and the text. */
  values: Map<number, { value: number; text: string; short?: string }>;
  unit: string;
  counts: boolean;
  colors: string[];
  /** Where the figure comes from, under the map. */
  source: string;
}

/** The evaluation task a map reads: the final one of the year, else the latest. */
function taskOf(tasks: TaskSummary[] | undefined): TaskSummary | null {
  if (!tasks?.length) return null;
  return tasks.find((t) => t.state === "final") ?? [...tasks].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

function useFigures(): FigureState[] {
  const { fundYear, params } = useLedger();
  const { can } = useSession();
  const mayFunds = can("funds.read");
  const mayEval = can("evaluation.read");
  const maySurvey = can("survey.read");
  const mayRegistry = can("communities.read");
  const mayWorks = can("works.read");

  const funds = useFundsSummary(mayFunds ? params : null);
  const tasks = useTasks(fundYear.id, mayEval || maySurvey);
  const task = taskOf(tasks.data);
  const results = useResults(mayEval && task ? task.id : 0);
  const survey = useSurveyResults(task?.id ?? 0, maySurvey && task !== null);
  const maintenance = useMaintenance(fundYear.id, "all", mayRegistry);
  const works = useCountyWorksFigures(undefined, mayWorks);
  const noTask = `${fundYear.year}年度尚无绩效评价任务`;
  const none = "本账户无权查看";

  const execution: FigureState = {
    key: "execution",
    label: "预算执行率",
    unavailable: mayFunds ? null : `${none}资金台账，不显示预算执行率`,
    pending: funds.isPending,
    error: funds.error,
    values: new Map((funds.data?.byCounty ?? []).filter((b) => b.executionBp !== null).map((b) => [b.countyId, { value: b.executionBp! / 100, text: formatBasisPoints(b.executionBp) }])),
    unit: "%",
    counts: false,
    colors: MAP_COLORS.good,
    source: `资金台账，截至${formatDateCn(params.asOf!)}的已支付资金 ÷ 下达资金`,
  };
  const score: FigureState = {
    key: "score",
    label: "评价得分",
    unavailable: !mayEval ? `${none}绩效评价，不显示评价得分` : tasks.data && !task ? noTask : null,
    pending: tasks.isPending || (task !== null && results.isPending),
    error: tasks.error ?? results.error,
    values: new Map((results.data?.counties ?? []).map((c) => [c.regionId, { value: c.total / 100, text: `${formatScore(c.total)} 分${c.complete ? "" : "（未评完）"}`, short: `${formatScore(c.total)} 分` }])),
    unit: " 分",
    counts: false,
    colors: MAP_COLORS.good,
    source: task ? `评价任务“${task.name}”${task.state === "final" ? "（已定稿）" : "（评分中，实时预览）"}` : "",
  };
  const surveyMissing = survey.error instanceof ApiError && survey.error.code === "NOT_FOUND";
  const satisfaction: FigureState = {
    key: "satisfaction",
    label: "居民满意度",
    unavailable: !maySurvey ? `${none}满意度调查，不显示居民满意度` : tasks.data && !task ? noTask : surveyMissing ? "本年度评价任务尚未开展居民满意度调查" : null,
    pending: tasks.isPending || (task !== null && survey.isPending),
    error: surveyMissing ? null : (tasks.error ?? survey.error),
    values: new Map(
      (survey.data?.counties ?? []).filter((c) => c.overall.rateBp !== null).map((c) => [c.countyId, { value: c.overall.rateBp! / 100, text: `${formatBasisPoints(c.overall.rateBp)}（${count(c.overall.valid)} 份）`, short: formatBasisPoints(c.overall.rateBp) }]),
    ),
    unit: "%",
    counts: false,
    colors: MAP_COLORS.good,
    source: survey.data ? `满意度调查“${survey.data.taskName}”，${survey.data.satisfiedLabel}的问卷占有效问卷的比例，仅计已接受的问卷` : "",
  };
  const coverage: FigureState = {
    key: "coverage",
    label: "物业覆盖率",
    unavailable: mayRegistry ? null : `${none}小区库，不显示物业覆盖率`,
    pending: maintenance.isPending,
    error: maintenance.error,
    values: new Map(
      (maintenance.data?.counties ?? []).filter((c) => c.coverageBp !== null).map((c) => [c.county.id, { value: c.coverageBp! / 100, text: `${formatBasisPoints(c.coverageBp)}（${count(c.managed)}/${count(c.communities)} 个）`, short: formatBasisPoints(c.coverageBp) }]),
    ),
    unit: "%",
    counts: false,
    colors: MAP_COLORS.good,
    source: "长效管养：已改造小区中实行物业管理的比例",
  };
  const conflicts: FigureState = {
    key: "conflicts",
    label: "未闭环冲突",
    unavailable: mayWorks ? null : `${none}施工计划，不显示开挖冲突`,
    pending: works.isPending,
    error: works.error,
    // A county without works has no conflict: 0, read from the list of counties below.
    values: new Map((works.data ?? []).map((w) => [w.countyId, { value: w.openConflicts, text: `${w.openConflicts} 处（共 ${w.conflicts} 处）`, short: `${w.openConflicts} 处` }])),
    unit: "处",
    counts: true,
    colors: MAP_COLORS.bad,
    source: can("works.write") ? "本单位参与的反复开挖冲突中，联合施工窗口尚未确认或尚有当事方未确认知悉的" : "反复开挖冲突中，联合施工窗口尚未确认或尚有当事方未确认知悉的",
  };
  return [execution, score, satisfaction, coverage, conflicts];
}

export default function MapPage() {
  const { fundYear } = useLedger();
  const { me, can } = useSession();
  const figures = useFigures();
  const firstAvailable = figures.find((f) => f.unavailable === null)?.key ?? "conflicts";
  const [chosen, setChosen] = useState<FigureKey | null>(null);
  const figure = figures.find((f) => f.key === (chosen ?? firstAvailable))!;
  const counties = useCounties(fundYear.id);
  const city = fundYear.region.name;
  const boundary = useCityBoundary(city);

  // Counties of the database matched to the boundary file by name (兰山区 … 临沭县).
  const countyRows = useMemo(() => {
    return (counties.data ?? []).map((c) => {
      const v = figure.values.get(c.id) ?? (figure.counts && !figure.pending && !figure.error && figure.unavailable === null ? { value: 0, text: "0 处" } : null);
      return { id: c.id, name: c.name, value: v?.value ?? null, text: v?.text ?? "无数据", short: v && "short" in v ? v.short : undefined };
    });
  }, [counties.data, figure]);
  const outside = boundary.data ? countyRows.filter((c) => !boundary.data!.counties.includes(c.name)).map((c) => c.name) : [];
  const shown = countyRows.filter((c) => c.value !== null).map((c) => c.value!);
  const pieces = legendPieces(shown, { unit: figure.unit, counts: figure.counts });
  const unavailable = figures.filter((f) => f.unavailable !== null);

  return (
    <>
      <PageHeader title="地图" subtitle={`${city}各县区的资金、评价、满意度、物业管理与施工冲突情况，以及小区分布`} />
      <Card
        title="各县区指标"
        style={{ marginBottom: 16 }}
        extra={
          <Flex gap={8} align="center">
            <span>指标</span>
            <Select<FigureKey>
              aria-label="地图指标"
              style={{ width: 170 }}
              value={figure.key}
              onChange={setChosen}
              options={figures.map((f) => ({ value: f.key, label: f.unavailable ? `${f.label}（不可用）` : f.label, disabled: f.unavailable !== null }))}
            />
          </Flex>
        }
      >
        {unavailable.length > 0 && (
          <Alert style={{ marginBottom: 12 }} type="info" showIcon title={`部分指标不可用：${unavailable.map((f) => `${f.label}——${f.unavailable}`).join("；")}。`} />
        )}
        {figure.error ? (
          <InlineError error={figure.error} />
        ) : (
          <Row gutter={16}>
            <Col xs={24} xl={16}>
              {figure.pending || counties.isPending ? (
                <div aria-busy="true" style={{ height: 600 }} />
              ) : (
                <CountyFigureMap
                  city={city}
                  figure={figure.label}
                  values={countyRows.map((c) => ({ name: c.name, value: c.value, text: c.text, short: c.short }))}
                  pieces={pieces}
                  colors={figure.colors}
                  ariaLabel={`${city}各县区${figure.label}地图`}
                />
              )}
            </Col>
            <Col xs={24} xl={8}>
              <Table
                aria-label={`各县区${figure.label}`}
                size="small"
                rowKey="id"
                pagination={false}
                loading={figure.pending || counties.isPending}
                dataSource={[...countyRows].sort((a, b) => (b.value ?? -1) - (a.value ?? -1))}
                columns={[
                  { title: "县区", dataIndex: "name" },
                  { title: figure.label, dataIndex: "text", align: "right", render: (t: string) => <span className="num">{t}</span> },
                ]}
              />
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
                {figure.source ? `数据来源：${figure.source}。` : ""}
                {outside.length ? `${outside.join("、")}不在地图边界数据中，仅在表中列出。` : ""}
              </Typography.Paragraph>
            </Col>
          </Row>
        )}
      </Card>
      {can("communities.read") && <CommunitiesCard city={city} countyName={me.county?.name ?? null} />}
    </>
  );
}

/** Communities with coordinates; those with works and those with conflicts drawn on top. */
function CommunitiesCard({ city, countyName }: { city: string; countyName: string | null }) {
  const { can } = useSession();
  const communities = useSharedCommunities({});
  const works = useWorks({}, can("works.read"));
  const conflicts = useConflicts({}, can("works.read"));
  const error = communities.error ?? works.error ?? conflicts.error;

  const layers = useMemo(() => {
    const list = communities.data ?? [];
    const worksOf = new Map<number, string[]>();
    for (const w of works.data ?? []) pushTo(worksOf, w.communityId, `${w.kind}：${w.operatorName}，${windowText(w.plannedFrom, w.plannedTo)}`);
    const conflictOf = new Map<number, string[]>();
    for (const c of conflicts.data ?? [])
      pushTo(conflictOf, c.communityId, `${c.open ? "未闭环" : "已闭环"}冲突，${c.confirmedFrom ? "联合施工窗口" : "建议窗口"} ${windowText(c.confirmedFrom ?? c.proposedFrom, c.confirmedTo ?? c.proposedTo)}`);
    const point = (c: (typeof list)[number], extra: string[]): MapPoint => ({
      name: c.name,
      lng: c.longitude!,
      lat: c.latitude!,
      lines: [`${c.countyName}${c.street ? ` · ${c.street}` : ""}，${count(c.households)} 户`, ...(c.project ? [`改造：${c.project.batchYear}年度，${windowText(c.project.plannedStartOn, c.project.plannedCompletionOn)}`] : []), ...extra],
    });
    const placed = list.filter((c) => c.longitude !== null && c.latitude !== null);
    return {
      missing: list.length - placed.length,
      total: list.length,
      withWorks: placed.filter((c) => worksOf.has(c.id) && !conflictOf.has(c.id)).length,
      withConflicts: placed.filter((c) => conflictOf.has(c.id)).length,
      layers: [
        { name: "小区", color: "#8c8c8c", size: 4, points: placed.filter((c) => !worksOf.has(c.id) && !conflictOf.has(c.id)).map((c) => point(c, [])) },
        { name: "有施工计划", color: "#1d4e89", size: 9, points: placed.filter((c) => worksOf.has(c.id) && !conflictOf.has(c.id)).map((c) => point(c, worksOf.get(c.id)!)) },
        { name: "开挖冲突", color: "#d4380d", size: 13, points: placed.filter((c) => conflictOf.has(c.id)).map((c) => point(c, [...(worksOf.get(c.id) ?? []), ...conflictOf.get(c.id)!])) },
      ],
    };
  }, [communities.data, works.data, conflicts.data]);

  return (
    <Card title="小区分布与施工冲突">
      {error ? (
        <InlineError error={error} />
      ) : communities.isPending ? (
        <div aria-busy="true" style={{ height: 560 }} />
      ) : (
        <>
          <CommunityPointsMap city={city} layers={layers.layers} ariaLabel={`${countyName ?? city}小区分布图`} />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }} data-testid="map-points-note">
            {`共 ${count(layers.total)} 个小区，图上标出已登记坐标的 ${count(layers.total - layers.missing)} 个，其中 ${count(layers.withWorks)} 个有施工计划（蓝点），${count(layers.withConflicts)} 个有开挖冲突（红点）`}
            {layers.missing > 0 ? `；另有 ${count(layers.missing)} 个小区未登记坐标` : ""}。可滚动缩放、拖动地图，点击图例可隐藏一类小区。
          </Typography.Paragraph>
        </>
      )}
    </Card>
  );
}

