/** Pieces shared by the fund pages. */
import type { ReactNode } from "react";
import { Card, Flex, Statistic, Table, Typography, type TableColumnsType } from "antd";

import { formatDateCn } from "../../../../core/dates";
import type { Figures, Source } from "../../../../contracts/funds";
import { ExecutionBar, rate, wan, wanText } from "../../components/figures";

export function asOfText(asOf: string): string {
  return `截至${formatDateCn(asOf)}`;
}

export interface Stat {
  title: string;
  value: string;
  suffix?: string;
  /** A short line under the figure. */
  note?: ReactNode;
}

/** A row of statistic cards; values are preformatted text (amounts via core/money). */
export function StatCards({ stats }: { stats: Stat[] }) {
  return (
    <Flex gap={16} wrap style={{ marginBottom: 16 }}>
      {stats.map((s) => (
        <Card key={s.title} size="small" style={{ flex: "1 1 180px", minWidth: 180 }} styles={{ body: { padding: "16px 20px" } }}>
          <Statistic
            title={s.title}
            value={s.value}
            formatter={() => <span className="num">{s.value}</span>}
            suffix={s.suffix && <span style={{ fontSize: 14, color: "rgba(0,0,0,0.45)" }}>{s.suffix}</span>}
          />
          {s.note && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {s.note}
            </Typography.Text>
          )}
        </Card>
      ))}
    </Flex>
  );
}

export function figureStats(f: Figures, asOf: string): Stat[] {
  return [
    { title: "下达资金", value: wanText(f.allocatedFen), suffix: "万元", note: asOfText(asOf) },
    { title: "已支付", value: wanText(f.paidFen), suffix: "万元", note: asOfText(asOf) },
    { title: "预算执行率", value: rate(f.executionBp), note: "已支付 ÷ 下达资金" },
  ];
}

interface SourceRow extends Figures {
  key: string;
  name: string;
  category?: Source["category"];
}

/** Figures by funding source with a 合计 row; `compact` fits a half-width card. */
export function SourceTable({
  sources,
  bySource,
  total,
  compact = false,
}: {
  sources: Source[];
  bySource: (Figures & { sourceId: number })[];
  total: Figures;
  compact?: boolean;
}) {
  const rows: SourceRow[] = sources.map((s) => {
    const f = bySource.find((b) => b.sourceId === s.id) ?? { allocatedFen: 0, paidFen: 0, executionBp: null };
    return { key: String(s.id), name: s.name, category: s.category, ...f };
  });
  const columns: TableColumnsType<SourceRow> = [
    { title: "资金来源", dataIndex: "name", render: (n: string) => <span style={{ whiteSpace: "nowrap" }}>{n}</span> },
    ...(compact
      ? []
      : [
          {
            title: "类别",
            dataIndex: "category",
            width: 100,
            render: (c: Source["category"]) => (c === "fiscal" ? "财政资金" : "非财政资金"),
          },
        ]),
    { title: "下达", dataIndex: "allocatedFen", align: "right", width: compact ? 90 : 140, render: (v: number) => <span className="num">{wan(v)}</span> },
    { title: "支付", dataIndex: "paidFen", align: "right", width: compact ? 90 : 140, render: (v: number) => <span className="num">{wan(v)}</span> },
    {
      title: "预算执行率",
      dataIndex: "executionBp",
      align: "right",
      width: compact ? 170 : 230,
      render: (bp: number | null) => <ExecutionBar bp={bp} width={compact ? 80 : 140} />,
    },
  ];
  const figureIndex = compact ? 1 : 2;
  return (
    <Table<SourceRow>
      size="small"
      pagination={false}
      columns={columns}
      dataSource={rows}
      summary={() => (
        <Table.Summary.Row style={{ fontWeight: 600, background: "#fafbfc" }}>
          <Table.Summary.Cell index={0} colSpan={figureIndex}>
            合计
          </Table.Summary.Cell>
          <Table.Summary.Cell index={figureIndex} align="right">
            <span className="num">{wan(total.allocatedFen)}</span>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={figureIndex + 1} align="right">
            <span className="num">{wan(total.paidFen)}</span>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={figureIndex + 2} align="right">
            <ExecutionBar bp={total.executionBp} width={compact ? 80 : 140} />
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}
