/** One project: its figures, money by source, allocations and every payment. */
import { Card, Col, Descriptions, Row, Table, Tag, Typography, type TableColumnsType } from "antd";
import { UnorderedListOutlined } from "@ant-design/icons";
import { Link, useParams } from "react-router";
import { formatDateCn } from "../../../../core/dates";
import { sumFen } from "../../../../core/money";
import type { Allocation, Payment } from "../../../../contracts/funds";
import { useProjectLedger } from "../../api";
import { useLedger } from "../../app/ledger";
import { CumulativePaymentsChart } from "../../components/charts";
import { ProjectStatus, wanText } from "../../components/figures";
import { RECORD_AMOUNT_TITLE, recordAmount } from "./amounts";
import { LinkButton } from "../../components/LinkButton";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, PageError, PageSkeleton } from "../../components/states";
import { asOfText, figureStats, SourceTable, StatCards } from "./shared";

const AFTER_TAG = (
  <Tag color="default" style={{ marginInlineStart: 8 }}>
    评价日后
  </Tag>
);

export default function ProjectPage() {
  const projectId = Number(useParams().projectId);
  const { asOf, linkTo } = useLedger();
  const ledger = useProjectLedger(projectId, asOf);

  const crumbs = [{ title: "资金总览", to: linkTo("/funds") }];
  if (ledger.isPending) return <PageSkeleton />;
  if (ledger.isError) {
    return (
      <>
        <PageHeader title="项目资金情况" crumbs={[...crumbs, { title: "项目" }]} />
        <PageError error={ledger.error} onRetry={() => void ledger.refetch()} extra={<Link to={linkTo("/funds")}>返回资金总览</Link>} />
      </>
    );
  }
  const l = ledger.data;
  const p = l.project;
  const after = l.payments.filter((x) => x.paidOn > l.asOf);
  const afterFen = sumFen(after.map((x) => x.amountFen));

  const allocationColumns: TableColumnsType<Allocation> = [
    {
      title: "下达日期",
      dataIndex: "allocatedOn",
      width: 170,
      render: (d: string) => (
        <span className="num">
          {formatDateCn(d)}
          {d > l.asOf && AFTER_TAG}
        </span>
      ),
    },
    { title: "文号", dataIndex: "docNo" },
    { title: "资金来源", dataIndex: "source", width: 110 },
    { title: RECORD_AMOUNT_TITLE, dataIndex: "amountFen", align: "right", width: 140, render: (v: number) => <span className="num">{recordAmount(v)}</span> },
    ...(l.allocations.some((a) => a.note) ? [{ title: "备注", dataIndex: "note", render: (v: string | null) => v ?? "" }] : []),
  ];

  const paymentColumns: TableColumnsType<Payment> = [
    {
      title: "支付日期",
      dataIndex: "paidOn",
      width: 190,
      render: (d: string) => (
        <span className="num">
          {formatDateCn(d)}
          {d > l.asOf && AFTER_TAG}
        </span>
      ),
    },
    { title: "凭证号", dataIndex: "voucherNo", render: (v: string) => <span className="num">{v}</span> },
    { title: "资金来源", dataIndex: "source", width: 110 },
    { title: RECORD_AMOUNT_TITLE, dataIndex: "amountFen", align: "right", width: 140, render: (v: number) => <span className="num">{recordAmount(v)}</span> },
    ...(l.payments.some((x) => x.note) ? [{ title: "备注", dataIndex: "note", render: (v: string | null) => v ?? "" }] : []),
  ];

  return (
    <>
      <PageHeader
        title={p.name}
        subtitle={`${l.fundYear.programme} ${l.fundYear.year}年度，${asOfText(l.asOf)}`}
        crumbs={[...crumbs, { title: p.county.name, to: linkTo(`/funds/counties/${p.county.id}`) }, { title: p.name }]}
        extra={
          <LinkButton to={linkTo("/funds/payments", { countyId: p.county.id, q: p.code })} icon={<UnorderedListOutlined />}>在支付明细中查看</LinkButton>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 4 }}
          items={[
            { key: "code", label: "项目编号", children: <span className="num">{p.code}</span> },
            { key: "county", label: "所属县区", children: <Link to={linkTo(`/funds/counties/${p.county.id}`)}>{p.county.name}</Link> },
            { key: "entity", label: "实施主体", children: p.implementingEntity ?? "—" },
            { key: "status", label: "项目状态", children: <ProjectStatus status={p.status} /> },
          ]}
        />
      </Card>
      <StatCards
        stats={[
          ...figureStats(p, l.asOf),
          {
            title: "评价日后支付",
            value: wanText(afterFen),
            suffix: "万元",
            note: after.length ? `${after.length} 笔，不计入执行率` : "无",
          },
        ]}
      />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={12}>
          <Card title="按资金来源（万元）" style={{ height: "100%" }}>
            <SourceTable compact sources={l.sources} bySource={l.bySource} total={p} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="累计支付与下达资金（万元）" style={{ height: "100%" }}>
            {l.payments.length ? (
              <CumulativePaymentsChart payments={l.payments.map((x) => ({ date: x.paidOn, amountFen: x.amountFen }))} allocatedFen={p.allocatedFen} asOf={l.asOf} />
            ) : (
              <EmptyState description="尚无支付记录" />
            )}
          </Card>
        </Col>
      </Row>
      <Card title={`资金下达（${l.allocations.length} 笔）`} style={{ marginBottom: 16 }}>
        <Table<Allocation>
          aria-label="资金下达记录"
          size="small"
          rowKey="id"
          columns={allocationColumns}
          dataSource={l.allocations}
          pagination={false}
          rowClassName={(a) => (a.allocatedOn > l.asOf ? "row-after-as-of" : "")}
          locale={{ emptyText: "尚无下达到本项目的资金" }}
        />
      </Card>
      <Card title={`资金支付（${l.payments.length} 笔）`}>
        <Table<Payment>
          aria-label="资金支付记录"
          size="small"
          rowKey="id"
          columns={paymentColumns}
          dataSource={l.payments}
          pagination={l.payments.length > 50 ? { pageSize: 50 } : false}
          rowClassName={(x) => (x.paidOn > l.asOf ? "row-after-as-of" : "")}
          locale={{ emptyText: "尚无支付记录" }}
        />
        {after.length > 0 && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            灰色行为评价日（{formatDateCn(l.asOf)}）之后的支付，不计入截至评价日的已支付金额和预算执行率。
          </Typography.Text>
        )}
      </Card>
    </>
  );
}
