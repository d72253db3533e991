/**
 * 评价结果: the city's Table 1 as the seed lays it out with the level-2 figures of its text, Table 2
 * with grades and ranking, the regional overall by each method, a radar of a county against the city,
 * where each scope lost its points, and a what-if panel computed by the same rules (never saved).
 */
import { useMemo, useState } from "react";
import { Alert, App, Button, Card, Col, Empty, Flex, Row, Select, Space, Statistic, Table, Tag, Typography } from "antd";
import { ExperimentOutlined, FileTextOutlined } from "@ant-design/icons";
import { Link, useParams, useSearchParams } from "react-router";
import type { Results, ScopeResult, SheetNodeView, WhatIfResult } from "../../../../contracts/evaluations";
import { ENTRY_VALUE_LIMITS, SCOPE_MODE_LABEL, scoreLimit } from "../../../../contracts/evaluations";
import { NUMBER_LIMITS, numberProblem, type NumberLimit } from "../../../../contracts/limits";
import { NumberField, type NumberFieldValue } from "../../components/NumberField";
import { formatDateCn } from "../../../../core/dates";
import { parsePoints } from "../../../../core/scoring/points";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { LinkButton } from "../../components/LinkButton";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage, PageError, PageSkeleton } from "../../components/states";
import { useResults, useSheet, useWhatIf } from "./api";
import { ExportButton } from "./ExportButton";
import { RankingBars, ScoreRadar } from "./charts";
import { GradeTag, LostBadge, Num, pct, pts, ptsFixed, StateTag } from "./shared";

/** 3 分, 12.09 分, 3.70 分 — as the seed's text writes points. */
const textPts = (c: number) => (c % 100 === 0 ? pts(c) : ptsFixed(c));

function Table1({ city }: { city: ScopeResult }) {
  const totalWeight = city.level1.reduce((a, l) => a + l.weight, 0);
  const cols = [...city.level1.map((l) => ({ key: l.code, title: l.name })), { key: "total", title: "合计" }];
  const row = (label: string, cell: (code: string) => string) => ({ key: label, label, ...Object.fromEntries(cols.map((c) => [c.key, cell(c.key)])) });
  const by = new Map(city.level1.map((l) => [l.code, l]));
  const data = [
    row("分值", (k) => (k === "total" ? pts(totalWeight) : pts(by.get(k)!.weight))),
    row("得分", (k) => (k === "total" ? ptsFixed(city.total) : ptsFixed(by.get(k)!.score))),
    row("得分率", (k) => (k === "total" ? pct(city.rateBp) : pct(by.get(k)!.rateBp))),
  ];
  return (
    <Table
      aria-label="表1 各指标得分情况表"
      size="middle"
      bordered
      pagination={false}
      dataSource={data}
      columns={[
        { title: "项目", dataIndex: "label", width: 90, render: (v: string) => <strong>{v}</strong> },
        ...cols.map((c) => ({ title: c.title, dataIndex: c.key, align: "center" as const, render: (v: string) => <Num>{v}</Num> })),
      ]}
    />
  );
}

/** The seed's paragraphs under Table 1: 决策分值 22 分，实际得分 19.09 分，得分率 86.77%。其中… */
function Level2Text({ city }: { city: ScopeResult }) {
  return (
    <div style={{ marginTop: 16 }}>
      {city.level1.map((l, i) => {
        const kids = city.level2.filter((x) => x.parentCode === l.code);
        return (
          <Typography.Paragraph key={l.code} style={{ marginBottom: 8 }}>
            <Typography.Text strong>{`(${i + 1}) ${l.name}指标　`}</Typography.Text>
            {`${l.name}分值 ${pts(l.weight)} 分，实际得分 ${ptsFixed(l.score)} 分，得分率 ${pct(l.rateBp)}。`}
            {kids.length > 0 && `其中${kids.map((k) => `${k.name}得分 ${textPts(k.score)} 分`).join("，")}。`}
          </Typography.Paragraph>
        );
      })}
    </div>
  );
}

function Overall({ r }: { r: Results }) {
  if (r.overall.score === null && r.alternatives.length === 0) return null;
  return (
    <Card title="综合评价结论" style={{ marginBottom: 16 }}>
      <Row gutter={24} align="middle">
        <Col xs={24} md={10}>
          <Flex gap={32} align="center">
            <Statistic title="评价得分" value={ptsFixed(r.overall.score)} suffix="分" styles={{ content: { fontSize: 40, color: "#1d4e89" } }} />
            <div>
              <div style={{ color: "rgba(0,0,0,0.45)", marginBottom: 6 }}>评级</div>
              {r.overall.grade && <GradeTag grade={r.overall.grade} />}
            </div>
          </Flex>
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
            {r.overall.score !== null
              ? `经综合评价，${r.task.year}年度评价得分为 ${ptsFixed(r.overall.score)} 分，评级为${r.overall.grade}（按${r.overall.label}）。`
              : r.overall.note}
          </Typography.Paragraph>
          <Typography.Text type="secondary">{`等级标准：${r.gradeScaleDescription}`}</Typography.Text>
        </Col>
        <Col xs={24} md={14}>
          <Table
            size="small"
            pagination={false}
            rowKey="method"
            dataSource={r.alternatives}
            columns={[
              { title: "区域总体得分计算方式", dataIndex: "label", render: (v: string, a) => (a.method === r.overall.method ? <Space>{v}<Tag color="blue">本任务采用</Tag></Space> : v) },
              { title: "得分", dataIndex: "score", align: "right", width: 90, render: (v: number | null) => <Num>{ptsFixed(v)}</Num> },
              { title: "等级", dataIndex: "grade", width: 70, render: (g: string | null) => (g ? <GradeTag grade={g} /> : "—") },
              { title: "说明", dataIndex: "note", render: (n: string | null) => <Typography.Text type="secondary">{n ?? ""}</Typography.Text> },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}

function LostPoints({ scope }: { scope: ScopeResult }) {
  if (scope.lost.length === 0) return <Empty description={`${scope.name}各项均得满分`} />;
  return (
    <Table
      size="small"
      rowKey="code"
      pagination={false}
      dataSource={scope.lost}
      columns={[
        {
          title: "指标",
          key: "path",
          width: 170,
          render: (_, l) => (
            <Flex vertical>
              <span>{l.path[l.path.length - 1]}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {l.path.slice(0, -1).join(" › ")}
              </Typography.Text>
            </Flex>
          ),
        },
        { title: "分值", dataIndex: "weight", width: 60, align: "right", render: (v: number) => <Num>{pts(v)}</Num> },
        { title: "得分", dataIndex: "score", width: 70, align: "right", render: (v: number) => <Num>{ptsFixed(v)}</Num> },
        { title: "失分", dataIndex: "lost", width: 70, align: "right", render: (v: number) => <LostBadge lost={v} /> },
        {
          title: "原因与依据",
          key: "why",
          render: (_, l) => (
            <>
              {l.reason && <div>{l.reason}</div>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {l.formula}
                {l.figures.length > 0 && `（${l.figures.map((f) => `${f.label} ${f.text}`).join("，")}）`}
              </Typography.Text>
            </>
          ),
        },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={3}>
            <strong>合计失分</strong>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <LostBadge lost={scope.lost.reduce((a, l) => a + l.lost, 0)} />
          </Table.Summary.Cell>
          <Table.Summary.Cell index={2} />
        </Table.Summary.Row>
      )}
    />
  );
}

function leavesOfSheet(nodes: SheetNodeView[], path: string[] = []): { node: SheetNodeView; path: string[] }[] {
  return nodes.flatMap((n) => (n.leaf ? [{ node: n, path: [...path, n.name] }] : leavesOfSheet(n.children, [...path, n.name])));
}

/** 假设分析: change a leaf's figure (or a manual score) and see the score, grade and rank; nothing is saved. */
function WhatIfPanel({ taskId, scope }: { taskId: number; scope: ScopeResult }) {
  const sheet = useSheet(taskId, scope.scopeId);
  const run = useWhatIf(taskId, scope.scopeId);
  const { message } = App.useApp();
  const leaves = useMemo(() => (sheet.data ? leavesOfSheet(sheet.data.nodes) : []), [sheet.data]);
  const [code, setCode] = useState<string>("process.funds.execution");
  const [amount, setAmount] = useState<NumberFieldValue>(95);
  const [result, setResult] = useState<WhatIfResult | null>(null);
  const chosen = leaves.find((l) => l.node.code === code) ?? leaves[0];
  if (sheet.isPending) return <PageSkeleton rows={1} />;
  if (sheet.isError || !chosen) return <Alert type="error" showIcon title={sheet.isError ? errorMessage(sheet.error) : "没有可分析的指标"} />;
  const kind = chosen.node.leaf!.rule.kind;
  const unit = kind === "manual" ? "分" : kind === "deduction" ? "处" : "%";
  const label = kind === "manual" ? "假设得分" : kind === "deduction" ? "假设发现问题数" : kind === "survey" ? "假设满意率" : kind === "bands" ? "假设数值" : "假设完成率";
  const limit: NumberLimit =
    kind === "manual"
      ? scoreLimit(chosen.node.name, chosen.node.weight)
      : kind === "deduction"
        ? ENTRY_VALUE_LIMITS.count(label)
        : kind === "survey"
          ? { ...NUMBER_LIMITS.satisfactionBound, label }
          : { ...NUMBER_LIMITS.whatIfRate, label };
  const current =
    kind === "manual"
      ? `当前得分 ${ptsFixed(chosen.node.score)} 分`
      : chosen.node.leaf!.rateBp !== null
        ? `当前 ${pct(chosen.node.leaf!.rateBp)}，得 ${ptsFixed(chosen.node.score)} 分`
        : `当前得 ${ptsFixed(chosen.node.score)} 分`;
  const submit = async () => {
    if (typeof amount !== "number" || numberProblem(limit, amount)) return;
    const change =
      kind === "manual"
        ? { code: chosen.node.code, manualScore: parsePoints(String(amount)) }
        : kind === "deduction"
          ? { code: chosen.node.code, value: { num: Math.round(amount), den: 1 } }
          : { code: chosen.node.code, value: { num: Math.round(amount * 100), den: 10000 } };
    try {
      setResult(await run.mutateAsync([change]));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <>
      <Flex gap={12} wrap align="center">
        <Select
          aria-label="假设分析指标"
          style={{ width: 340 }}
          showSearch
          optionFilterProp="label"
          value={chosen.node.code}
          options={leaves.map((l) => ({ value: l.node.code, label: l.path.join(" › ") }))}
          onChange={(c: string) => {
            setCode(c);
            setResult(null);
            const k = leaves.find((l) => l.node.code === c)!.node;
            setAmount(k.leaf!.rule.kind === "manual" ? k.weight / 100 : k.leaf!.rule.kind === "deduction" ? 0 : 100);
          }}
        />
        <Space.Compact>
          <NumberField limit={limit} inlineError aria-label={label} value={amount} onChange={setAmount} style={{ width: 140 }} />
          <Button disabled>{unit}</Button>
        </Space.Compact>
        <Button type="primary" icon={<ExperimentOutlined />} loading={run.isPending} onClick={() => void submit()}>
          计算
        </Button>
        <Typography.Text type="secondary">{current}</Typography.Text>
      </Flex>
      {result && (
        <Alert
          style={{ marginTop: 16 }}
          type={result.delta > 0 ? "success" : result.delta < 0 ? "warning" : "info"}
          showIcon
          title={`如果${chosen.node.name}${kind === "manual" ? "得" : "为"} ${amount}${unit}，${scope.name}将得 ${ptsFixed(result.after.total)} 分（${result.after.grade}）${
            result.delta === 0 ? "，得分不变" : `，${result.delta > 0 ? "提高" : "降低"} ${ptsFixed(Math.abs(result.delta))} 分`
          }${result.after.rank !== null && result.before.rank !== null ? `，县区排名由第 ${result.before.rank} 名变为第 ${result.after.rank} 名` : ""}。`}
          description={
            <>
              <div>{result.leaves.map((l) => `${l.name}：${ptsFixed(l.before)} → ${ptsFixed(l.after)} 分（${l.formula}）`).join("；")}</div>
              {result.overallAfter !== null && <div>{`区域总体得分将为 ${ptsFixed(result.overallAfter)} 分。`}</div>}
              <div style={{ marginTop: 4, color: "rgba(0,0,0,0.45)" }}>假设分析按同一评分规则计算，不会保存，也不改变评分表。</div>
            </>
          }
        />
      )}
    </>
  );
}

/** A 县区 user's result against the city: its score beside the city sheet's, its rank once final. */
function CountyStandingCard({ r, own }: { r: Results; own: ScopeResult }) {
  const st = r.standing!;
  return (
    <Card title={`${own.name}与全市对比`} style={{ marginBottom: 16 }}>
      <Flex gap={48} wrap align="center">
        <Statistic title={`${own.name}得分`} value={ptsFixed(own.total)} suffix={<Space size={6}>分<GradeTag grade={own.grade} /></Space>} />
        <Statistic
          title={st.city ? `${st.city.name}（市级评分表）` : "市级评分表"}
          value={st.city ? ptsFixed(st.city.total) : "—"}
          suffix={st.city ? <Space size={6}>分<GradeTag grade={st.city.grade} /></Space> : undefined}
        />
        <Statistic title="县区平均" value={st.countyMean === null ? "—" : ptsFixed(st.countyMean)} suffix={st.countyMean === null ? undefined : "分"} />
        <Statistic title="县区排名" value={st.rank === null ? "—" : `第 ${st.rank} / ${st.ranked} 名`} />
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {st.rank === null
          ? `排名和县区平均在评价结果定稿后公布（${st.ranked} 个县区）；定稿前各县区得分仍可能调整。县区用户可查看本县区的评分与失分说明，以及全市（市级评分表）的总分和一级指标得分。`
          : `排名按 ${st.ranked} 个县区的综合评价得分从高到低。县区用户可查看本县区的评分与失分说明，以及全市（市级评分表）的总分和一级指标得分。`}
      </Typography.Paragraph>
    </Card>
  );
}

export default function ResultsPage() {
  const taskId = Number(useParams().taskId);
  const { linkTo } = useLedger();
  const [search, setSearch] = useSearchParams();
  const results = useResults(taskId);
  const { can } = useSession();

  const crumbs = [
    { title: "评价任务", to: linkTo("/evaluations") },
    { title: results.data?.task.name ?? "评价任务", to: linkTo(`/evaluations/${taskId}`) },
    { title: "评价结果" },
  ];
  if (results.isPending) return <PageSkeleton rows={4} />;
  if (results.isError) return (<><PageHeader title="评价结果" crumbs={crumbs} /><PageError error={results.error} onRetry={() => void results.refetch()} /></>);
  const r = results.data;
  const scopes = [...(r.city ? [r.city] : []), ...r.counties];
  const pickedId = Number(search.get("scope"));
  const picked = scopes.find((s) => s.scopeId === pickedId) ?? r.counties[0] ?? r.city;
  const radarCounty = picked && picked.kind === "county" ? picked : r.counties[0];
  const pick = (id: number) =>
    setSearch((prev) => {
      const next = new URLSearchParams(prev);
      next.set("scope", String(id));
      return next;
    });
  const mean = r.alternatives.find((a) => a.method === "mean")?.score ?? null;
  // The city's level-1 scores: the city sheet for city-wide users, its aggregate for a 县区 user.
  const cityLevel1 = r.city?.level1 ?? r.standing?.city?.level1 ?? null;

  return (
    <>
      <PageHeader
        title="评价结果"
        crumbs={crumbs}
        subtitle={
          <Space size={8} wrap>
            <span>{r.task.name}</span>
            <StateTag state={r.task.state} />
            {r.live ? <Tag color="processing">实时预览（定稿前随数据更新）</Tag> : <Tag color="success">定稿结果</Tag>}
            {r.task.isDemo && <Tag color="gold">示例数据</Tag>}
            <Typography.Text type="secondary">评价日 {formatDateCn(r.task.asOf)}</Typography.Text>
          </Space>
        }
        extra={
          <>
            {can("report.read") && (
              <LinkButton icon={<FileTextOutlined />} to={linkTo(`/evaluations/${taskId}/report`)}>
                评价报告
              </LinkButton>
            )}
            <ExportButton taskId={taskId}>导出全部评分表</ExportButton>
          </>
        }
      />
      <Overall r={r} />
      {r.standing && r.counties[0] ? (
        <CountyStandingCard r={r} own={r.counties[0]} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} xl={r.city ? 12 : 24}>
            {r.city ? (
              <Card title="表 1 各指标得分情况表" extra={<Link to={linkTo(`/evaluations/${taskId}/scopes/${r.city.scopeId}`)}>市级评分表</Link>} style={{ marginBottom: 16 }}>
                <Table1 city={r.city} />
                <Level2Text city={r.city} />
              </Card>
            ) : (
              <Alert style={{ marginBottom: 16 }} type="info" showIcon title="县区用户仅可查看本县区的评分与失分说明。" />
            )}
          </Col>
          <Col xs={24} xl={r.city ? 12 : 24}>
            <Card title="表 2 各县区综合评价得分情况表" style={{ marginBottom: 16 }}>
              <Table<ScopeResult>
                aria-label="表2 各县区综合评价得分情况表"
                size="small"
                bordered
                rowKey="scopeId"
                pagination={false}
                dataSource={r.counties}
                columns={[
                  { title: "序号", key: "i", width: 56, align: "center", render: (_, __, i) => i + 1 },
                  { title: "名称", dataIndex: "name", render: (n: string, s) => <Link to={linkTo(`/evaluations/${taskId}/scopes/${s.scopeId}`)}>{n}</Link> },
                  { title: "实际得分", dataIndex: "total", align: "right", render: (v: number) => <Num>{ptsFixed(v)}</Num> },
                  { title: "备注", dataIndex: "mode", render: (m: ScopeResult["mode"]) => SCOPE_MODE_LABEL[m] },
                  { title: "等级", dataIndex: "grade", width: 64, align: "center", render: (g: string) => <GradeTag grade={g} /> },
                  { title: "排名", dataIndex: "rank", width: 64, align: "center", render: (v: number | null) => <Num>{v === null ? "—" : String(v)}</Num> },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}
      {r.counties.length > 1 && (
        <Card title="县区得分排名" style={{ marginBottom: 16 }} extra={
            <Typography.Text type="secondary">
              {`柱色表示等级（绿色为优，蓝色为良）；${r.city ? `橙色虚线为市级评分表 ${pts(r.city.total)} 分，` : ""}${mean !== null ? `灰色虚线为县区平均 ${pts(mean)} 分` : ""}`}
            </Typography.Text>
          }
        >
          <RankingBars rows={r.counties} cityTotal={r.city?.total ?? null} mean={mean} />
        </Card>
      )}
      {picked && (
        <Row gutter={16}>
          {radarCounty && (
            <Col xs={24} xl={10}>
              <Card
                title="县区与全市对比"
                style={{ marginBottom: 16 }}
                extra={
                  r.counties.length > 1 && (
                    <Select aria-label="选择县区" style={{ width: 140 }} value={radarCounty.scopeId} options={r.counties.map((c) => ({ value: c.scopeId, label: c.name }))} onChange={pick} />
                  )
                }
              >
                <ScoreRadar name={radarCounty.name} scores={radarCounty.level1} city={cityLevel1} />
                <Table
                  size="small"
                  pagination={false}
                  rowKey="code"
                  dataSource={radarCounty.level1.map((l) => ({ ...l, city: cityLevel1?.find((x) => x.code === l.code) ?? null }))}
                  columns={[
                    { title: "一级指标", dataIndex: "name" },
                    { title: "分值", dataIndex: "weight", align: "right", render: (v: number) => <Num>{pts(v)}</Num> },
                    { title: radarCounty.name, key: "county", align: "right", render: (_, l) => <Num>{`${ptsFixed(l.score)}（${pct(l.rateBp)}）`}</Num> },
                    ...(cityLevel1
                      ? [{ title: "全市", key: "city", align: "right" as const, render: (_: unknown, l: { city: { score: number; rateBp: number | null } | null }) => <Num>{l.city ? `${ptsFixed(l.city.score)}（${pct(l.city.rateBp)}）` : "—"}</Num> }]
                      : []),
                  ]}
                />
              </Card>
            </Col>
          )}
          <Col xs={24} xl={radarCounty ? 14 : 24}>
            <Card
              title={`失分说明：${picked.name}（${ptsFixed(picked.total)} 分）`}
              style={{ marginBottom: 16 }}
              extra={scopes.length > 1 && <Select aria-label="选择评价范围" style={{ width: 160 }} value={picked.scopeId} options={scopes.map((s) => ({ value: s.scopeId, label: s.name }))} onChange={pick} />}
            >
              <LostPoints scope={picked} />
            </Card>
          </Col>
        </Row>
      )}
      {picked && (
        <Card title={`假设分析：${picked.name}`} style={{ marginBottom: 16 }} extra={<Typography.Text type="secondary">例如：预算执行率达到 95% 时得分多少</Typography.Text>}>
          <WhatIfPanel key={picked.scopeId} taskId={taskId} scope={picked} />
        </Card>
      )}
    </>
  );
}
