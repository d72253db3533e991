/** 资金总览: the source × county ledger with totals, charts and the workbook export. */
import { useState } from "react";
import { App, Button, Card, Col, Row, Table, type TableColumnsType } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { Link, useNavigate } from "react-router";
import type { Figures, FundsSummary } from "../../../../contracts/funds";
import { downloadLedger, useFundsSummary } from "../../api";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { AllocatedPaidChart } from "../../components/charts";
import { rate, wan } from "../../components/figures";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, errorMessage, PageError, PageSkeleton } from "../../components/states";
import { asOfText, figureStats, SourceTable, StatCards } from "./shared";
import { CountyVsCityChart, CountyVsCityTable, standingStats } from "./CountyStanding";
import { ScrollTable } from "../../components/ScrollTable";

const NONE: Figures = { allocatedFen: 0, paidFen: 0, executionBp: null };

interface MatrixRow {
  key: number;
  countyId: number;
  name: string;
  /** Figures by source id. */
  cells: Record<number, Figures>;
  total: Figures;
}

function matrixRows(s: FundsSummary): MatrixRow[] {
  return s.counties.map((c) => {
    const cells: Record<number, Figures> = {};
    for (const src of s.sources) cells[src.id] = s.cells.find((x) => x.countyId === c.id && x.sourceId === src.id) ?? NONE;
    return { key: c.id, countyId: c.id, name: c.name, cells, total: s.byCounty.find((b) => b.countyId === c.id) ?? NONE };
  });
}

const money = (v: number) => <span className="num">{wan(v)}</span>;
const pct = (v: number | null) => <span className="num">{rate(v)}</span>;

/** 下达 / 支付 / 执行率 columns of one group. */
function figureColumns(key: string, get: (r: MatrixRow) => Figures): TableColumnsType<MatrixRow> {
  return [
    { key: `${key}-a`, title: "下达", align: "right", width: 96, render: (_, r) => money(get(r).allocatedFen) },
    { key: `${key}-p`, title: "支付", align: "right", width: 96, render: (_, r) => money(get(r).paidFen) },
    { key: `${key}-r`, title: "执行率", align: "right", width: 80, render: (_, r) => pct(get(r).executionBp) },
  ];
}

function ExportButton() {
  const { params } = useLedger();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          const name = await downloadLedger(params);
          message.success(`已导出：${name}`);
        } catch (e) {
          message.error(errorMessage(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      导出台账
    </Button>
  );
}

export default function FundsOverviewPage() {
  const { fundYear, params, linkTo } = useLedger();
  const { can } = useSession();
  const navigate = useNavigate();
  const summary = useFundsSummary(params);

  const header = (asOf: string, county?: string) => (
    <PageHeader
      title="资金总览"
      subtitle={
        county
          ? `${county}${fundYear.programme} ${fundYear.year}年度，按资金来源汇总并与${fundYear.region.name}全市对比，${asOfText(asOf)}`
          : `${fundYear.region.name}${fundYear.programme} ${fundYear.year}年度，按资金来源和县区汇总，${asOfText(asOf)}`
      }
      extra={can("funds.export") && <ExportButton />}
    />
  );

  if (summary.isPending) return <PageSkeleton />;
  if (summary.isError) return <PageError error={summary.error} onRetry={() => void summary.refetch()} />;
  const s = summary.data;
  if (s.standing && s.counties.length === 1) {
    const county = s.counties[0];
    return (
      <>
        {header(s.asOf, county.name)}
        <StatCards stats={[...figureStats(s.total, s.asOf), ...standingStats(s, s.standing)]} />
        {s.total.allocatedFen === 0 && s.total.paidFen === 0 ? (
          <Card>
            <EmptyState description={`${asOfText(s.asOf)}尚无下达或支付记录。`} />
          </Card>
        ) : (
          <>
            <Card
              title={`${county.name}与${s.standing.city.name}对比（按资金来源）`}
              extra={<Link to={linkTo(`/funds/counties/${county.id}`)}>查看本县区项目明细</Link>}
              styles={{ body: { padding: 0 } }}
            >
              <CountyVsCityTable summary={s} standing={s.standing} countyName={county.name} />
            </Card>
            <Card title="预算执行率：本县区与全市" style={{ marginTop: 16 }}>
              <CountyVsCityChart summary={s} standing={s.standing} countyName={county.name} />
            </Card>
          </>
        )}
      </>
    );
  }
  const rows = matrixRows(s);
  const openCounty = (countyId: number) => navigate(linkTo(`/funds/counties/${countyId}`));

  const columns: TableColumnsType<MatrixRow> = [
    {
      key: "county",
      title: "县区",
      dataIndex: "name",
      fixed: "left",
      width: 96,
      render: (name: string, r) => (
        <Link to={linkTo(`/funds/counties/${r.countyId}`)} onClick={(e) => e.stopPropagation()}>
          {name}
        </Link>
      ),
    },
    ...s.sources.map((src) => ({ key: `s${src.id}`, title: src.name, children: figureColumns(`s${src.id}`, (r) => r.cells[src.id]) })),
    { key: "total", title: "合计", children: figureColumns("t", (r) => r.total) },
  ];

  const summaryCells = [...s.sources.map((src) => s.bySource.find((b) => b.sourceId === src.id) ?? NONE), s.total];

  return (
    <>
      {header(s.asOf)}
      {s.total.allocatedFen === 0 && s.total.paidFen === 0 ? (
        <Card>
          <EmptyState description={`${asOfText(s.asOf)}尚无下达或支付记录。`} />
        </Card>
      ) : (
        <>
          <Card title="资金来源 × 县区" extra={<span style={{ color: "rgba(0,0,0,0.45)" }}>单位：万元；点击县区查看项目明细</span>} styles={{ body: { padding: 0 } }}>
            <ScrollTable<MatrixRow>
              aria-label="资金来源与县区汇总表"
              className="matrix-table"
              size="small"
              bordered
              pagination={false}
              columns={columns}
              dataSource={rows}
              scroll={{ x: "max-content" }}
              rowClassName={() => "clickable-row"}
              onRow={(r) => ({ onClick: () => openCounty(r.countyId) })}
              summary={() => (
                <Table.Summary>
                  <Table.Summary.Row style={{ fontWeight: 600, background: "#f5f7fa" }}>
                    <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                    {summaryCells.flatMap((f, i) => [
                      <Table.Summary.Cell key={`${i}a`} index={1 + i * 3} align="right">
                        {money(f.allocatedFen)}
                      </Table.Summary.Cell>,
                      <Table.Summary.Cell key={`${i}p`} index={2 + i * 3} align="right">
                        {money(f.paidFen)}
                      </Table.Summary.Cell>,
                      <Table.Summary.Cell key={`${i}r`} index={3 + i * 3} align="right">
                        {pct(f.executionBp)}
                      </Table.Summary.Cell>,
                    ])}
                  </Table.Summary.Row>
                </Table.Summary>
              )}
            />
          </Card>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24} xl={14}>
              <Card title="各县区下达与支付（万元）" style={{ height: "100%" }}>
                <AllocatedPaidChart
                  ariaLabel="各县区下达资金、已支付与预算执行率柱状图"
                  rows={rows.map((r) => ({ name: r.name, ...r.total }))}
                  onSelect={(i) => openCounty(rows[i].countyId)}
                />
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card title="各资金来源下达与支付（万元）" style={{ height: "100%" }}>
                <AllocatedPaidChart
                  ariaLabel="各资金来源下达资金、已支付与预算执行率柱状图"
                  rateMarkersOnly
                  rows={s.sources.map((src) => ({ name: src.name, ...(s.bySource.find((b) => b.sourceId === src.id) ?? NONE) }))}
                />
              </Card>
            </Col>
          </Row>
          <Card title="按资金来源合计（万元）" style={{ marginTop: 16 }}>
            <SourceTable sources={s.sources} bySource={s.bySource} total={s.total} />
          </Card>
        </>
      )}
    </>
  );
}
