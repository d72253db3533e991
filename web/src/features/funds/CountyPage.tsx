/** One county: totals by source and its projects, each with its own 预算执行率. */
import { useMemo, useState } from "react";
import { Alert, Card, Input, Select, Space, Table, Typography, type TableColumnsType } from "antd";
import { UnorderedListOutlined } from "@ant-design/icons";
import { Link, useNavigate, useParams } from "react-router";
import type { ProjectLine } from "../../../../contracts/funds";
import { useCountyLedger } from "../../api";
import { useLedger } from "../../app/ledger";
import { count, ExecutionBar, PROJECT_STATUS, ProjectStatus, wan, wanText } from "../../components/figures";
import { LinkButton } from "../../components/LinkButton";
import { PageHeader } from "../../components/PageHeader";
import { PageError, PageSkeleton } from "../../components/states";
import { asOfText, figureStats, SourceTable, StatCards } from "./shared";

/** Sorts rates with "no allocation" (null) last. */
function compareRate(a: number | null, b: number | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return a - b;
}

export default function CountyPage() {
  const countyId = Number(useParams().countyId);
  const { params, linkTo } = useLedger();
  const navigate = useNavigate();
  const ledger = useCountyLedger(countyId, params);
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<string | undefined>();

  const projects = useMemo(() => {
    const text = q.trim().toLowerCase();
    return (ledger.data?.projects ?? []).filter(
      (p) =>
        (!status || p.status === status) &&
        (!text || p.code.toLowerCase().includes(text) || p.name.toLowerCase().includes(text) || (p.implementingEntity ?? "").toLowerCase().includes(text)),
    );
  }, [ledger.data, q, status]);

  const crumbs = [{ title: "资金总览", to: linkTo("/funds") }];
  if (ledger.isPending) return <PageSkeleton />;
  if (ledger.isError) {
    return (
      <>
        <PageHeader title="县区资金情况" crumbs={[...crumbs, { title: "县区" }]} />
        <PageError error={ledger.error} onRetry={() => void ledger.refetch()} extra={<Link to={linkTo("/funds")}>返回资金总览</Link>} />
      </>
    );
  }
  const c = ledger.data;

  const columns: TableColumnsType<ProjectLine> = [
    { title: "项目编号", dataIndex: "code", width: 160, sorter: (a, b) => a.code.localeCompare(b.code), defaultSortOrder: "ascend", render: (v: string) => <span className="num">{v}</span> },
    {
      title: "项目名称",
      dataIndex: "name",
      sorter: (a, b) => a.name.localeCompare(b.name, "zh-CN"),
      render: (name: string, p) => (
        <Link to={linkTo(`/funds/projects/${p.id}`)} onClick={(e) => e.stopPropagation()}>
          {name}
        </Link>
      ),
    },
    { title: "实施主体", dataIndex: "implementingEntity", render: (v: string | null) => v ?? "—" },
    {
      title: "状态",
      dataIndex: "status",
      width: 90,
      sorter: (a, b) => Object.keys(PROJECT_STATUS).indexOf(a.status) - Object.keys(PROJECT_STATUS).indexOf(b.status),
      render: (s: string) => <ProjectStatus status={s} />,
    },
    { title: "下达（万元）", dataIndex: "allocatedFen", align: "right", width: 120, sorter: (a, b) => a.allocatedFen - b.allocatedFen, render: (v: number) => <span className="num">{wan(v)}</span> },
    { title: "支付（万元）", dataIndex: "paidFen", align: "right", width: 120, sorter: (a, b) => a.paidFen - b.paidFen, render: (v: number) => <span className="num">{wan(v)}</span> },
    { title: "预算执行率", dataIndex: "executionBp", align: "right", width: 210, sorter: (a, b) => compareRate(a.executionBp, b.executionBp), render: (bp: number | null) => <ExecutionBar bp={bp} width={110} /> },
  ];

  return (
    <>
      <PageHeader
        title={`${c.county.name}资金情况`}
        subtitle={`${c.fundYear.programme} ${c.fundYear.year}年度，${asOfText(c.asOf)}`}
        crumbs={[...crumbs, { title: c.county.name }]}
        extra={
          <>
            <LinkButton to={linkTo("/funds/allocations", { countyId: c.county.id })} icon={<UnorderedListOutlined />}>本县区下达明细</LinkButton>
            <LinkButton to={linkTo("/funds/payments", { countyId: c.county.id })} icon={<UnorderedListOutlined />}>本县区支付明细</LinkButton>
          </>
        }
      />
      <StatCards stats={[...figureStats(c.total, c.asOf), { title: "项目数", value: String(c.projects.length), suffix: "个" }]} />
      {c.unassigned.allocatedFen > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`有 ${wanText(c.unassigned.allocatedFen)} 万元下达资金尚未落实到具体项目`}
          description="这部分资金计入县区合计，但不在下方任何项目中。"
        />
      )}
      <Card title="按资金来源（万元）" style={{ marginBottom: 16 }}>
        <SourceTable sources={c.sources} bySource={c.bySource} total={c.total} />
      </Card>
      <Card
        title="项目明细"
        extra={
          <Space>
            <Select
              aria-label="项目状态"
              allowClear
              placeholder="全部状态"
              style={{ width: 120 }}
              value={status}
              onChange={setStatus}
              options={Object.entries(PROJECT_STATUS).map(([value, s]) => ({ value, label: s.label }))}
            />
            <Input.Search aria-label="搜索项目" allowClear placeholder="项目编号、名称或实施主体" style={{ width: 260 }} onChange={(e) => setQ(e.target.value)} />
          </Space>
        }
      >
        <Table<ProjectLine>
          aria-label="项目明细"
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={projects}
          rowClassName={() => "clickable-row"}
          onRow={(p) => ({ onClick: () => navigate(linkTo(`/funds/projects/${p.id}`)) })}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, pageSizeOptions: [20, 50, 100], showTotal: (n) => `共 ${count(n)} 个项目` }}
          locale={{ emptyText: q || status ? "没有符合条件的项目" : "本县区尚无项目" }}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          预算执行率 = 截至评价日已支付 ÷ 下达资金；下达到县区而未指定项目的资金不计入项目。
        </Typography.Text>
      </Card>
    </>
  );
}
