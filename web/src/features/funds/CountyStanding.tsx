/**
 * A 县区 user's ledger against the city: the county's 预算执行率 beside the city's, its rank among the
 * counties, by funding source. The server sends the city's aggregates and the rank (FundsSummary
 * `standing`), never another county's row.
 */
import { Table, Typography, type TableColumnsType } from "antd";
import type { CountyStanding, Figures, FundsSummary } from "../../../../contracts/funds";
import { formatRateGap } from "../../../../core/format";
import { RateComparisonChart } from "../../components/charts";
import { ExecutionBar, rate, wan } from "../../components/figures";
import type { Stat } from "./shared";
import { ScrollTable } from "../../components/ScrollTable";

const NONE: Figures = { allocatedFen: 0, paidFen: 0, executionBp: null };

/** 第 3 / 12 名, or — when the county has nothing allocated yet. */
export function rankText(s: Pick<CountyStanding, "rank" | "ranked">): string {
  return s.rank === null ? "—" : `第 ${s.rank} / ${s.ranked} 名`;
}

/** The statistic cards a county page adds: its rate against the city's, and its rank. */
export function standingStats(summary: FundsSummary, standing: CountyStanding): Stat[] {
  return [
    {
      title: `${standing.city.name}预算执行率`,
      value: rate(standing.cityTotal.executionBp),
      note: `本县区${formatRateGap(summary.total.executionBp, standing.cityTotal.executionBp).replace(" ", "")}`,
    },
    { title: "县区排名", value: rankText(standing), note: "按预算执行率从高到低" },
  ];
}

interface Row extends Figures {
  key: string;
  name: string;
  cityBp: number | null;
}

function rowsOf(summary: FundsSummary, standing: CountyStanding): Row[] {
  return summary.sources.map((src) => ({
    key: String(src.id),
    name: src.name,
    ...(summary.bySource.find((b) => b.sourceId === src.id) ?? NONE),
    cityBp: standing.cityBySource.find((b) => b.sourceId === src.id)?.executionBp ?? null,
  }));
}

/** By funding source: the county's money and rate, the city's rate beside it, and a 合计 row of each. */
export function CountyVsCityTable({ summary, standing, countyName }: { summary: FundsSummary; standing: CountyStanding; countyName: string }) {
  const columns: TableColumnsType<Row> = [
    { title: "资金来源", dataIndex: "name", width: 150, render: (n: string) => <span style={{ whiteSpace: "nowrap" }}>{n}</span> },
    { title: `${countyName}下达（万元）`, dataIndex: "allocatedFen", align: "right", width: 150, render: (v: number) => <span className="num">{wan(v)}</span> },
    { title: `${countyName}支付（万元）`, dataIndex: "paidFen", align: "right", width: 150, render: (v: number) => <span className="num">{wan(v)}</span> },
    { title: `${countyName}预算执行率`, dataIndex: "executionBp", align: "right", width: 220, render: (bp: number | null) => <ExecutionBar bp={bp} width={110} /> },
    { title: `${standing.city.name}预算执行率`, dataIndex: "cityBp", align: "right", width: 140, render: (bp: number | null) => <span className="num">{rate(bp)}</span> },
    { title: "与全市比较", key: "gap", align: "right", width: 140, render: (_, r) => <span className="num">{formatRateGap(r.executionBp, r.cityBp)}</span> },
  ];
  const t = summary.total;
  return (
    <ScrollTable<Row>
      aria-label="本县区与全市预算执行率对比表"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={rowsOf(summary, standing)}
      scroll={{ x: "max-content" }}
      summary={() => (
        <Table.Summary.Row style={{ fontWeight: 600, background: "#fafbfc" }}>
          <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <span className="num">{wan(t.allocatedFen)}</span>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={2} align="right">
            <span className="num">{wan(t.paidFen)}</span>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={3} align="right">
            <ExecutionBar bp={t.executionBp} width={110} />
          </Table.Summary.Cell>
          <Table.Summary.Cell index={4} align="right">
            <span className="num">{rate(standing.cityTotal.executionBp)}</span>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={5} align="right">
            <span className="num">{formatRateGap(t.executionBp, standing.cityTotal.executionBp)}</span>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

/** The county's rate beside the city's, by source and in total, as bars. */
export function CountyVsCityChart({ summary, standing, countyName, height }: { summary: FundsSummary; standing: CountyStanding; countyName: string; height?: number }) {
  const rows = [
    ...rowsOf(summary, standing).map((r) => ({ name: r.name, ownBp: r.executionBp, otherBp: r.cityBp })),
    { name: "合计", ownBp: summary.total.executionBp, otherBp: standing.cityTotal.executionBp },
  ];
  return (
    <>
      <RateComparisonChart ariaLabel={`${countyName}与${standing.city.name}预算执行率对比柱状图`} rows={rows} ownName={countyName} otherName={standing.city.name} height={height} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {`全市为${standing.city.name}各县区合计（已支付 ÷ 下达资金）；排名按各县区预算执行率从高到低，${rankText(standing)}。`}
      </Typography.Text>
    </>
  );
}
