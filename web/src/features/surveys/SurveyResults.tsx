/**
 * 调查结果: the 满意率 of the scored question (总体满意度) and of each part for the city (or, for a
 * county user, their own county), by county and by community, every question's five-level
 * distribution, and the open comments grouped by theme. Only accepted questionnaires count.
 */
import { useMemo, useState } from "react";
import { Alert, Card, Col, Collapse, Empty, Flex, List, Row, Select, Space, Statistic, Table, Tag, Typography } from "antd";
import type { SurveyResults as Results } from "../../../../contracts/surveys";
import { LEVELS } from "../../../../core/survey/questionnaire";
import { InlineError, PageSkeleton } from "../../components/states";
import { downloadResults, useSurveyResults } from "./api";
import { LevelBar, RateBars } from "./charts";
import { count, DownloadButton, LEVEL_COLORS, Num, rate } from "./shared";
import "./survey.css";
import { ScrollTable } from "../../components/ScrollTable";

type Group = Results["counties"][number] | NonNullable<Results["city"]>;
type Tally = Group["overall"];
type CountyRow = Results["counties"][number];
type CommunityRow = Results["communities"][number];

/**
 * The parts worth a column: a part whose only satisfaction question is the scored one (总体评价) has
 * the overall figure itself, shown already.
 */
function shownParts(r: Results): Set<string> {
  const out = new Set<string>();
  for (const p of r.questionnaire.parts) {
    const sat = p.questions.filter((x) => x.kind === "satisfaction");
    if (sat.length > 0 && !(sat.length === 1 && sat[0].name === r.questionnaire.overall)) out.add(p.name);
  }
  return out;
}

/** 满意率 = （很满意＋比较满意）÷ 有效回答 */
const definition = (label: string) => `满意率 =（${label.split("、").join("＋")}）÷ 有效回答`;

function partColumns<T extends { parts: Group["parts"] }>(parts: Group["parts"], shown: Set<string>) {
  return parts
    .filter((p) => shown.has(p.name))
    .map((p) => ({
      title: p.title,
      key: `part-${p.name}`,
      align: "right" as const,
      render: (_: unknown, row: T) => <Num>{rate(row.parts.find((x) => x.name === p.name)?.tally.rateBp ?? null)}</Num>,
    }));
}

function Headline({ r, scope, name }: { r: Results; scope: Group; name: string }) {
  const overall = scope.overall;
  return (
    <Card style={{ marginBottom: 16 }}>
      <Row gutter={[24, 16]} align="middle">
        <Col xs={24} lg={8}>
          <Statistic
            title={`${name}居民满意率（总体满意度）`}
            value={rate(overall.rateBp)}
            styles={{ content: { fontSize: 40, color: "#1d4e89" } }}
          />
          <Typography.Paragraph style={{ margin: "8px 0 0" }}>
            {`有效问卷 ${count(scope.responses)} 份，总体满意度有效回答 ${count(overall.valid)} 份，其中满意 ${count(overall.satisfied)} 份。`}
          </Typography.Paragraph>
          <Typography.Text type="secondary">{definition(r.satisfiedLabel)}；仅计已接受的问卷。</Typography.Text>
        </Col>
        <Col xs={24} lg={16}>
          <Row gutter={[16, 16]}>
            {scope.parts.filter((p) => shownParts(r).has(p.name)).map((p) => (
              <Col key={p.name} xs={12} md={8}>
                <Card size="small" variant="borderless" style={{ background: "#f5f7fa" }}>
                  <Statistic title={p.title} value={rate(p.tally.rateBp)} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${count(p.tally.satisfied)} / ${count(p.tally.valid)} 个回答`}</Typography.Text>
                </Card>
              </Col>
            ))}
          </Row>
        </Col>
      </Row>
    </Card>
  );
}

function tallyRow(name: string, t: Tally, highlight = false) {
  return { name, rateBp: t.rateBp, satisfied: t.satisfied, valid: t.valid, highlight };
}

function QuestionsTable({ scope, r }: { scope: Group; r: Results }) {
  const partTitle = new Map(r.questionnaire.parts.map((p) => [p.name, p.title]));
  const rows = scope.questions.map((q) => ({ ...q, partTitle: partTitle.get(q.part) ?? q.part }));
  return (
    <ScrollTable
      aria-label="各题满意度分布"
      size="small"
      rowKey="name"
      pagination={false}
      scroll={{ x: "max-content" }}
      dataSource={rows}
      columns={[
        {
          title: "部分",
          dataIndex: "partTitle",
          width: 90,
          onCell: (row, i) => {
            const first = rows.findIndex((x) => x.part === row.part);
            return { rowSpan: first === i ? rows.filter((x) => x.part === row.part).length : 0 };
          },
        },
        {
          title: "题目",
          dataIndex: "title",
          render: (t: string, q) => (
            <Space size={4}>
              {t}
              {q.name === r.questionnaire.overall && <Tag color="blue">计分题</Tag>}
            </Space>
          ),
        },
        ...LEVELS.map((l, i) => ({
          title: (
            <Space size={4}>
              <span style={{ display: "inline-block", width: 8, height: 8, borderRadius: 2, background: LEVEL_COLORS[i] }} />
              {l.text}
            </Space>
          ),
          key: `l${l.value}`,
          align: "right" as const,
          render: (_: unknown, q: (typeof rows)[number]) => <Num>{count(q.tally.levels[i])}</Num>,
        })),
        { title: "有效回答", key: "valid", align: "right", render: (_, q) => <Num>{count(q.tally.valid)}</Num> },
        { title: "满意率", key: "rate", align: "right", render: (_, q) => <Num>{rate(q.tally.rateBp)}</Num> },
        { title: "分布", key: "bar", width: 160, render: (_, q) => <LevelBar levels={q.tally.levels} /> },
      ]}
    />
  );
}

function CountiesTable({ r }: { r: Results }) {
  const parts = r.counties[0]?.parts ?? [];
  const shown = shownParts(r);
  const cityParts = (r.city?.parts ?? []).filter((p) => shown.has(p.name));
  return (
    <ScrollTable<CountyRow>
      aria-label="各县区满意率"
      size="small"
      rowKey="countyId"
      pagination={false}
      scroll={{ x: "max-content" }}
      dataSource={r.counties}
      columns={[
        { title: "县区", dataIndex: "county", width: 90 },
        { title: "配额", dataIndex: "quota", align: "right", render: (v: number) => <Num>{count(v)}</Num> },
        { title: "有效问卷", dataIndex: "responses", align: "right", render: (v: number) => <Num>{count(v)}</Num> },
        { title: "满意", key: "sat", align: "right", render: (_, c) => <Num>{count(c.overall.satisfied)}</Num> },
        { title: "满意率", key: "rate", align: "right", render: (_, c) => <Num><strong>{rate(c.overall.rateBp)}</strong></Num> },
        ...partColumns<CountyRow>(parts, shown),
        { title: "待审核", dataIndex: "pending", align: "right", render: (v: number) => <Num>{count(v)}</Num> },
        { title: "已退回", dataIndex: "rejected", align: "right", render: (v: number) => <Num>{count(v)}</Num> },
      ]}
      summary={() =>
        r.city && (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <strong>全市</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <Num>{count(r.counties.reduce((a, c) => a + c.quota, 0))}</Num>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              <Num>{count(r.city.responses)}</Num>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              <Num>{count(r.city.overall.satisfied)}</Num>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              <Num>
                <strong>{rate(r.city.overall.rateBp)}</strong>
              </Num>
            </Table.Summary.Cell>
            {cityParts.map((p, i) => (
              <Table.Summary.Cell key={p.name} index={5 + i} align="right">
                <Num>{rate(p.tally.rateBp)}</Num>
              </Table.Summary.Cell>
            ))}
            <Table.Summary.Cell index={5 + cityParts.length} align="right">
              <Num>{count(r.counties.reduce((a, c) => a + c.pending, 0))}</Num>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={6 + cityParts.length} align="right">
              <Num>{count(r.counties.reduce((a, c) => a + c.rejected, 0))}</Num>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )
      }
    />
  );
}

function CommunitiesTable({ r }: { r: Results }) {
  const [countyId, setCountyId] = useState<number | null>(null);
  const rows = countyId === null ? r.communities : r.communities.filter((c) => c.countyId === countyId);
  const parts = r.communities[0]?.parts ?? [];
  return (
    <Card
      title="各小区满意率"
      style={{ marginBottom: 16 }}
      extra={
        r.counties.length > 1 && (
          <Select<number>
            aria-label="按县区筛选小区"
            allowClear
            placeholder="全部县区"
            style={{ width: 160 }}
            value={countyId ?? undefined}
            onChange={(v) => setCountyId(v ?? null)}
            options={r.counties.map((c) => ({ value: c.countyId, label: c.county }))}
          />
        )
      }
    >
      <ScrollTable<CommunityRow>
        aria-label="各小区满意率"
        size="small"
        rowKey="communityId"
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: "max-content" }}
        dataSource={rows}
        columns={[
          { title: "县区", dataIndex: "county", width: 90 },
          { title: "小区", dataIndex: "community" },
          { title: "配额", dataIndex: "quota", align: "right", render: (v: number) => <Num>{count(v)}</Num> },
          { title: "有效问卷", dataIndex: "responses", align: "right", render: (v: number) => <Num>{count(v)}</Num> },
          { title: "满意", key: "sat", align: "right", render: (_, c) => <Num>{count(c.overall.satisfied)}</Num> },
          { title: "满意率", key: "rate", align: "right", sorter: (a, b) => (a.overall.rateBp ?? -1) - (b.overall.rateBp ?? -1), render: (_, c) => <Num><strong>{rate(c.overall.rateBp)}</strong></Num> },
          ...partColumns<CommunityRow>(parts, shownParts(r)),
        ]}
      />
    </Card>
  );
}

function Comments({ r }: { r: Results }) {
  const total = r.comments.reduce((a, t) => a + t.items.length, 0);
  return (
    <Card title={`居民意见建议（${count(total)} 条，按主题归类）`} style={{ marginBottom: 16 }} extra={<Typography.Text type="secondary">一条意见可能涉及多个主题</Typography.Text>}>
      {r.comments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="已接受的问卷中没有填写意见建议" />
      ) : (
        <Collapse
          items={r.comments.map((t) => ({
            key: t.theme,
            label: (
              <Flex justify="space-between">
                <span>{t.theme}</span>
                <Tag>{`${count(t.items.length)} 条`}</Tag>
              </Flex>
            ),
            children: (
              <List
                size="small"
                dataSource={t.items}
                pagination={t.items.length > 10 ? { pageSize: 10, size: "small", showSizeChanger: false } : false}
                renderItem={(c) => (
                  <List.Item key={`${c.responseId}-${t.theme}`}>
                    <Flex vertical gap={2}>
                      <span style={{ whiteSpace: "pre-wrap" }}>{c.text}</span>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${c.county} · ${c.community}`}</Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            ),
          }))}
        />
      )}
    </Card>
  );
}

export function SurveyResults({ taskId }: { taskId: number }) {
  const results = useSurveyResults(taskId);
  const r = results.data;
  const scope = useMemo(() => (r ? (r.city ?? r.counties[0] ?? null) : null), [r]);
  if (results.isPending) return <PageSkeleton rows={3} />;
  if (results.isError) return <InlineError error={results.error} onRetry={() => void results.refetch()} />;
  const res = results.data;
  const name = res.city ? "全市" : (res.counties[0]?.county ?? "");

  return (
    <>
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 12 }}>
        <Space size={8} wrap>
          {res.final ? <Tag color="success">定稿结果</Tag> : <Tag color="processing">实时结果：随问卷审核更新</Tag>}
          <Typography.Text type="secondary">{`口径：${definition(res.satisfiedLabel)}`}</Typography.Text>
        </Space>
        <DownloadButton run={() => downloadResults(taskId)}>导出调查结果</DownloadButton>
      </Flex>
      {!res.city && <Alert style={{ marginBottom: 16 }} type="info" showIcon title="县区用户仅可查看本县区的调查结果。" />}
      {scope === null || scope.responses === 0 ? (
        <>
          <Card style={{ marginBottom: 16 }}>
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                <>
                  <div>还没有已接受的问卷，暂无满意率。</div>
                  <Typography.Text type="secondary">居民扫码提交或录入的纸质问卷经审核接受后，这里按县区、小区和题目显示满意率。</Typography.Text>
                </>
              }
            />
          </Card>
          {res.counties.length > 0 && (
            <Card title={res.city ? "各县区调查情况" : `${name}调查情况`} style={{ marginBottom: 16 }}>
              <CountiesTable r={res} />
            </Card>
          )}
        </>
      ) : (
        <>
          <Headline r={res} scope={scope} name={name} />
          <Row gutter={16}>
            <Col xs={24} xl={res.city && res.counties.length > 1 ? 10 : 24}>
              <Card title={`${name}各部分满意率`} style={{ marginBottom: 16 }}>
                <RateBars
                  ariaLabel={`${name}各部分满意率柱状图`}
                  rows={[tallyRow("总体满意度", scope.overall, true), ...scope.parts.filter((p) => shownParts(res).has(p.name)).map((p) => tallyRow(p.title, p.tally))]}
                />
              </Card>
            </Col>
            {res.city && res.counties.length > 1 && (
              <Col xs={24} xl={14}>
                <Card title="各县区满意率对比" style={{ marginBottom: 16 }} extra={<Typography.Text type="secondary">{`橙色虚线为全市 ${rate(res.city.overall.rateBp)}`}</Typography.Text>}>
                  <RateBars
                    ariaLabel="各县区满意率柱状图"
                    rows={res.counties.map((c) => tallyRow(c.county, c.overall))}
                    reference={{ label: "全市", bp: res.city.overall.rateBp }}
                  />
                </Card>
              </Col>
            )}
          </Row>
          <Card title={res.city ? "各县区调查情况" : `${name}调查情况`} style={{ marginBottom: 16 }}>
            <CountiesTable r={res} />
          </Card>
          <CommunitiesTable r={res} />
          <Card title={`各题满意度分布（${name}）`} style={{ marginBottom: 16 }}>
            <QuestionsTable scope={scope} r={res} />
          </Card>
          <Comments r={res} />
        </>
      )}
    </>
  );
}
