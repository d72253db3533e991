/** 项目库: every project of the fund year, the county summary, the funding mix and the contents. */
import { useMemo, useState } from "react";
import { Card, Checkbox, Col, Flex, Input, Row, Select, Table, Tabs, Tag, Typography, type TableColumnsType } from "antd";
import { CloudUploadOutlined, DownloadOutlined } from "@ant-design/icons";
import { Link, useNavigate, useSearchParams } from "react-router";
import { formatDateCn } from "../../../../core/dates";
import { formatBasisPoints, ratioBasisPoints } from "../../../../core/money";
import { NON_FISCAL_THRESHOLD_BP } from "../../../../core/funding";
import { PROJECT_STATUS_LABEL, PROJECT_STATUSES, RENOVATION_CATEGORIES, RENOVATION_CATEGORY_LABEL, type ProjectStatus as Status, type RenovationCategory } from "../../../../core/registry";
import type { ProjectListItem, ProjectsSummary } from "../../../../contracts/projects";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { ProjectStatus, wan, wanText } from "../../components/figures";
import { LinkButton } from "../../components/LinkButton";
import { PageHeader } from "../../components/PageHeader";
import { InlineError, PageError, PageSkeleton } from "../../components/states";
import { StatCards } from "../funds/shared";
import { downloadRegistry, useProjects, useProjectsSummary } from "./api";
import { FundingRing } from "./charts";
import { count, DownloadButton } from "./shared";
import { formatAreaWan } from "../../../../core/targets";
import { ScrollTable } from "../../components/ScrollTable";

const TABS = ["list", "counties", "funding", "contents"] as const;
type TabKey = (typeof TABS)[number];

export default function ProjectsPage() {
  const { fundYear, linkTo } = useLedger();
  const { can, me } = useSession();
  const [search, setSearch] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(search.get("tab") ?? "") ? (search.get("tab") as TabKey) : "list";
  const summary = useProjectsSummary(fundYear.id);

  if (summary.isPending) return <PageSkeleton />;
  if (summary.isError) return <PageError error={summary.error} onRetry={() => void summary.refetch()} />;
  const s = summary.data;
  const city = s.city;

  return (
    <>
      <PageHeader
        title="项目库"
        subtitle={`${me.county ? me.county.name : fundYear.region.name} · ${fundYear.programme} ${fundYear.year}年度，项目、小区、改造内容与资金结构`}
        extra={
          <>
            <DownloadButton icon={<DownloadOutlined />} run={() => downloadRegistry(fundYear.id)}>
              导出项目库
            </DownloadButton>
            {(can("projects.write") || can("communities.write") || can("targets.write")) && (
              <LinkButton icon={<CloudUploadOutlined />} to={linkTo("/projects/import")}>
                导入
              </LinkButton>
            )}
          </>
        }
      />
      <StatCards
        stats={[
          { title: "项目", value: count(city.projects), suffix: "个", note: `已完工 ${count(city.byStatus.completed + city.byStatus.accepted + city.byStatus.settled)} 个` },
          { title: "改造小区", value: count(city.communities), suffix: "个" },
          { title: "惠及户数", value: count(city.households), suffix: "户" },
          { title: "改造建筑面积", value: formatAreaWan(city.floorAreaDm2), suffix: "万㎡" },
          { title: "计划总投资", value: wanText(city.funding.totalFen), suffix: "万元", note: `非财政资金 ${wanText(city.funding.nonFiscalFen)} 万元` },
          { title: "非财政资金占比", value: formatBasisPoints(city.funding.nonFiscalBp), note: `占比≥20%的项目 ${city.reachingThreshold} 个` },
        ]}
      />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) =>
            setSearch((prev) => {
              const next = new URLSearchParams(prev);
              next.set("tab", k);
              return next;
            })
          }
          items={[
            { key: "list", label: "项目列表", children: <ProjectList summary={s} /> },
            { key: "counties", label: "按县区汇总", children: <CountySummary summary={s} /> },
            { key: "funding", label: "多元筹资", children: <FundingMix summary={s} /> },
            { key: "contents", label: "改造内容", children: <Contents summary={s} /> },
          ]}
        />
      </Card>
    </>
  );
}

function ProjectList({ summary }: { summary: ProjectsSummary }) {
  const { fundYear, linkTo } = useLedger();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  // A link may open the list on one county (报送审核 does).
  const [countyId, setCountyId] = useState<number | undefined>(() => Number(search.get("countyId")) || undefined);
  const [status, setStatus] = useState<Status | undefined>();
  const [category, setCategory] = useState<RenovationCategory | undefined>();
  const [reaching, setReaching] = useState(false);
  const [q, setQ] = useState("");
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useProjects({
    fundYearId: fundYear.id,
    countyId,
    status,
    category,
    q: q || undefined,
    minNonFiscalBp: reaching ? NON_FISCAL_THRESHOLD_BP : undefined,
    sort: reaching ? "nonFiscal" : "code",
    ...page,
  });
  const reset = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage((p) => ({ ...p, page: 1 }));
  };

  const columns: TableColumnsType<ProjectListItem> = [
    { title: "项目编号", dataIndex: "code", width: 150, render: (v: string) => <span className="num">{v}</span> },
    {
      title: "项目名称",
      dataIndex: "name",
      render: (name: string, p) => (
        <Link to={linkTo(`/projects/${p.id}`)} onClick={(e) => e.stopPropagation()}>
          {name}
        </Link>
      ),
    },
    ...(summary.counties.length > 1 ? [{ title: "县区", dataIndex: ["county", "name"], width: 80 }] : []),
    { title: "状态", dataIndex: "status", width: 80, render: (v: string) => <ProjectStatus status={v} /> },
    { title: "小区", dataIndex: "communityCount", width: 60, align: "right", render: (v: number) => <span className="num">{v}</span> },
    { title: "户数", dataIndex: "households", width: 80, align: "right", render: (v: number) => <span className="num">{count(v)}</span> },
    { title: "面积（万㎡）", dataIndex: "floorAreaDm2", width: 100, align: "right", render: (v: number) => <span className="num">{formatAreaWan(v)}</span> },
    { title: "计划投资（万元）", dataIndex: ["funding", "totalFen"], width: 130, align: "right", render: (v: number) => <span className="num">{wan(v)}</span> },
    {
      title: "非财政占比",
      dataIndex: ["funding", "nonFiscalBp"],
      width: 110,
      align: "right",
      render: (bp: number | null, p) => (
        <span className="num" style={p.funding.reachesThreshold ? { color: "#d46b08", fontWeight: 600 } : undefined}>
          {formatBasisPoints(bp)}
        </span>
      ),
    },
    { title: "实际完工", dataIndex: "actualCompletionOn", width: 130, render: (d: string | null) => <span className="num">{d ? formatDateCn(d) : "—"}</span> },
  ];

  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        {summary.counties.length > 1 && (
          <Select
            aria-label="县区"
            allowClear
            placeholder="全部县区"
            style={{ width: 130 }}
            value={countyId}
            onChange={reset(setCountyId)}
            options={summary.counties.map((c) => ({ value: c.county.id, label: c.county.name }))}
          />
        )}
        <Select
          aria-label="项目状态"
          allowClear
          placeholder="全部状态"
          style={{ width: 120 }}
          value={status}
          onChange={reset(setStatus)}
          options={PROJECT_STATUSES.map((v) => ({ value: v, label: PROJECT_STATUS_LABEL[v] }))}
        />
        <Select
          aria-label="改造类别"
          allowClear
          placeholder="全部改造类别"
          style={{ width: 140 }}
          value={category}
          onChange={reset(setCategory)}
          options={RENOVATION_CATEGORIES.map((v) => ({ value: v, label: `含${RENOVATION_CATEGORY_LABEL[v]}` }))}
        />
        <Checkbox checked={reaching} onChange={(e) => reset(setReaching)(e.target.checked)} style={{ alignSelf: "center" }}>
          非财政资金占比≥20%
        </Checkbox>
        <Input.Search aria-label="搜索项目" allowClear placeholder="项目编号、名称、实施主体或小区" style={{ width: 280 }} onSearch={reset(setQ)} />
      </Flex>
      {list.isError ? (
        <InlineError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <ScrollTable<ProjectListItem>
          aria-label="项目列表"
          size="small"
          rowKey="id"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items ?? []}
          rowClassName={() => "clickable-row"}
          onRow={(p) => ({ onClick: () => navigate(linkTo(`/projects/${p.id}`)) })}
          scroll={{ x: 1100 }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            onChange: (p, size) => setPage({ page: size !== page.pageSize ? 1 : p, pageSize: size }),
            showTotal: (n) => (
              <span data-testid="project-total">
                共 {count(n)} 个项目{list.data ? `，${count(list.data.totals.communities)} 个小区，${count(list.data.totals.households)} 户，计划投资 ${wanText(list.data.totals.funding.totalFen)} 万元` : ""}
              </span>
            ),
          }}
          locale={{ emptyText: "没有符合条件的项目" }}
        />
      )}
    </>
  );
}

function CountySummary({ summary }: { summary: ProjectsSummary }) {
  const { linkTo } = useLedger();
  type Line = ProjectsSummary["counties"][number];
  const columns: TableColumnsType<Line> = [
    { title: "县区", dataIndex: ["county", "name"], width: 90 },
    { title: "项目", dataIndex: "projects", align: "right", render: (v: number) => <span className="num">{v}</span> },
    { title: "小区", dataIndex: "communities", align: "right", render: (v: number) => <span className="num">{v}</span> },
    { title: "户数", dataIndex: "households", align: "right", render: (v: number) => <span className="num">{count(v)}</span> },
    { title: "面积（万㎡）", dataIndex: "floorAreaDm2", align: "right", render: (v: number) => <span className="num">{formatAreaWan(v)}</span> },
    { title: "计划投资（万元）", dataIndex: ["funding", "totalFen"], align: "right", render: (v: number) => <span className="num">{wan(v)}</span> },
    { title: "其中非财政（万元）", dataIndex: ["funding", "nonFiscalFen"], align: "right", render: (v: number) => <span className="num">{wan(v)}</span> },
    { title: "非财政占比", dataIndex: ["funding", "nonFiscalBp"], align: "right", render: (v: number | null) => <span className="num">{formatBasisPoints(v)}</span> },
    { title: "占比≥20%项目", dataIndex: "reachingThreshold", align: "right", render: (v: number) => <span className="num">{v}</span> },
    {
      title: "",
      key: "go",
      width: 150,
      render: (_: unknown, l) => (
        <Flex gap={12}>
          <Link to={linkTo(`/funds/counties/${l.county.id}`)}>资金</Link>
          <Link to={linkTo(`/monitoring/counties/${l.county.id}`)}>监测</Link>
        </Flex>
      ),
    },
  ];
  const c = summary.city;
  return (
    <Table<Line>
      aria-label="按县区汇总"
      size="small"
      rowKey={(l) => l.county.id}
      pagination={false}
      columns={columns}
      dataSource={summary.counties}
      summary={() =>
        summary.counties.length > 1 && (
          <Table.Summary.Row style={{ fontWeight: 600, background: "#fafbfc" }}>
            <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
            {[count(c.projects), count(c.communities), count(c.households), formatAreaWan(c.floorAreaDm2), wan(c.funding.totalFen), wan(c.funding.nonFiscalFen), formatBasisPoints(c.funding.nonFiscalBp), String(c.reachingThreshold)].map((v, i) => (
              <Table.Summary.Cell key={i} index={i + 1} align="right">
                <span className="num">{v}</span>
              </Table.Summary.Cell>
            ))}
            <Table.Summary.Cell index={9} />
          </Table.Summary.Row>
        )
      }
    />
  );
}

function FundingMix({ summary }: { summary: ProjectsSummary }) {
  const { fundYear, linkTo } = useLedger();
  const top = useProjects({ fundYearId: fundYear.id, minNonFiscalBp: 1, sort: "nonFiscal", page: 1, pageSize: 15 });
  const total = summary.city.funding.totalFen;
  return (
    <Row gutter={[24, 16]}>
      <Col xs={24} xl={10}>
        <Typography.Title level={5}>计划投资的资金来源</Typography.Title>
        <FundingRing items={summary.bySource.map((b) => ({ name: b.source.name, category: b.source.category, amountFen: b.amountFen }))} />
        <Table
          size="small"
          rowKey={(b) => b.source.id}
          pagination={false}
          dataSource={summary.bySource}
          columns={[
            { title: "资金来源", dataIndex: ["source", "name"], render: (n: string, b) => <>{n} {b.source.category === "non_fiscal" && <Tag color="orange">非财政</Tag>}</> },
            { title: "项目数", dataIndex: "projects", align: "right", render: (v: number) => <span className="num">{v}</span> },
            { title: "金额（万元）", dataIndex: "amountFen", align: "right", render: (v: number) => <span className="num">{wan(v)}</span> },
            { title: "占比", key: "share", align: "right", render: (_: unknown, b) => <span className="num">{formatBasisPoints(ratioBasisPoints(b.amountFen, total))}</span> },
          ]}
        />
      </Col>
      <Col xs={24} xl={14}>
        <Typography.Title level={5}>非财政资金占比较高的项目</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          非财政资金（居民、原产权单位、企业、专营单位出资及银行贷款）÷ 项目计划总投资。占比≥20%的项目 {summary.city.reachingThreshold} 个，标为橙色。
        </Typography.Paragraph>
        {top.isError ? (
          <InlineError error={top.error} onRetry={() => void top.refetch()} />
        ) : (
          <Table<ProjectListItem>
            aria-label="非财政资金占比较高的项目"
            size="small"
            rowKey="id"
            loading={top.isPending}
            pagination={false}
            dataSource={top.data?.items ?? []}
            locale={{ emptyText: "没有使用非财政资金的项目" }}
            columns={[
              { title: "项目", dataIndex: "name", render: (n: string, p) => <Link to={linkTo(`/projects/${p.id}`)}>{n}</Link> },
              { title: "县区", dataIndex: ["county", "name"], width: 80 },
              { title: "非财政（万元）", dataIndex: ["funding", "nonFiscalFen"], align: "right", width: 120, render: (v: number) => <span className="num">{wan(v)}</span> },
              { title: "总投资（万元）", dataIndex: ["funding", "totalFen"], align: "right", width: 120, render: (v: number) => <span className="num">{wan(v)}</span> },
              {
                title: "占比",
                dataIndex: ["funding", "nonFiscalBp"],
                align: "right",
                width: 90,
                render: (bp: number | null, p) =>
                  p.funding.reachesThreshold ? <Tag color="orange" className="num" style={{ marginInlineEnd: 0 }}>{formatBasisPoints(bp)}</Tag> : <span className="num">{formatBasisPoints(bp)}</span>,
              },
            ]}
          />
        )}
      </Col>
    </Row>
  );
}

function Contents({ summary }: { summary: ProjectsSummary }) {
  const byCategory = useMemo(() => new Map(summary.byCategory.map((c) => [c.category, c])), [summary]);
  const total = summary.byCategory.reduce((a, c) => a + c.costFen, 0);
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {RENOVATION_CATEGORIES.map((cat) => {
          const c = byCategory.get(cat)!;
          return (
            <Col key={cat} xs={24} md={8}>
              <div style={{ border: "1px solid #eef0f4", borderRadius: 6, padding: "12px 16px" }}>
                <Typography.Text strong>{RENOVATION_CATEGORY_LABEL[cat]}</Typography.Text>
                <div className="num" style={{ fontSize: 20, fontWeight: 600, margin: "4px 0" }}>
                  {wanText(c.costFen)} <span style={{ fontSize: 13, fontWeight: 400, color: "rgba(0,0,0,0.45)" }}>万元</span>
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.projects} 个项目 · {c.items} 项内容 · 占改造投资 {formatBasisPoints(ratioBasisPoints(c.costFen, total))}
                </Typography.Text>
              </div>
            </Col>
          );
        })}
      </Row>
      <Table
        aria-label="改造内容汇总"
        size="small"
        rowKey={(r) => r.item.id}
        pagination={false}
        dataSource={[...summary.byItem].sort((a, b) => RENOVATION_CATEGORIES.indexOf(a.item.category) - RENOVATION_CATEGORIES.indexOf(b.item.category) || b.projects - a.projects)}
        columns={[
          { title: "类别", dataIndex: ["item", "category"], width: 90, render: (c: RenovationCategory) => RENOVATION_CATEGORY_LABEL[c] },
          { title: "改造内容", dataIndex: ["item", "name"] },
          { title: "涉及项目", dataIndex: "projects", align: "right", width: 100, render: (v: number) => <span className="num">{v}</span> },
          { title: "金额（万元）", dataIndex: "costFen", align: "right", width: 140, render: (v: number) => <span className="num">{wan(v)}</span> },
        ]}
      />
    </>
  );
}
