/** 长效管养 over the years: the share of renovated communities under 专业物业 or 街道社区统管 by county and year, 红色物业 and 业委会. */
import { Card, Table, Tag, Typography, type TableColumnsType } from "antd";
import { formatCount, formatRate } from "../../../../core/format";
import type { MaintenanceTrend } from "../../../../contracts/maintenance";
import { InlineError } from "../../components/states";
import { ShareTrendChart } from "./charts";

type Line = { key: string; name: string; years: MaintenanceTrend["city"]["years"]; trend: MaintenanceTrend["city"]["trend"] };

function TrendText({ trend }: { trend: Line["trend"] }) {
  if (!trend) return <>—</>;
  const points = formatRate(Math.abs(trend.changeBp)).replace("%", "");
  if (trend.direction === "flat") return <Tag>持平</Tag>;
  return (
    <Tag color={trend.direction === "up" ? "green" : "red"}>
      {trend.direction === "up" ? "上升" : "下降"} {points} 个百分点
    </Tag>
  );
}

export function MaintenanceTrendCard({ data, error, onRetry, ownCounty }: { data: MaintenanceTrend | undefined; error: Error | null; onRetry: () => void; ownCounty: boolean }) {
  if (error) return <Card title="专业物业和街道社区统管占比（逐年）" style={{ marginBottom: 16 }}><InlineError error={error} onRetry={onRetry} /></Card>;
  if (!data) return <Card title="专业物业和街道社区统管占比（逐年）" loading style={{ marginBottom: 16 }} />;
  const lines: Line[] = [
    ...data.counties.map((c) => ({ key: String(c.county.id), name: c.county.name, years: c.years, trend: c.trend })),
    ...(ownCounty ? [] : [{ key: "city", name: "全市", years: data.city.years, trend: data.city.trend }]),
  ];
  const last = data.years.length - 1;
  const columns: TableColumnsType<Line> = [
    { title: "县区", dataIndex: "name", width: 90, render: (v: string, l) => (l.key === "city" ? <b>{v}</b> : v) },
    ...data.years.map((year, i) => ({
      title: `${year}年`,
      key: String(year),
      align: "right" as const,
      render: (_: unknown, l: Line) => (
        <span className="num" title={`已改造 ${formatCount(l.years[i].renovated)} 个，专业物业 ${formatCount(l.years[i].byMode.professional)} 个，街道社区统管 ${formatCount(l.years[i].byMode.street)} 个，已填报 ${formatCount(l.years[i].reported)} 个`}>
          {formatRate(l.years[i].shareBp)}
        </span>
      ),
    })),
    { title: "变化", key: "trend", width: 150, render: (_, l) => <TrendText trend={l.trend} /> },
    ...(last >= 0
      ? [
          { title: `红色物业（${data.years[last]}年）`, key: "red", align: "right" as const, render: (_: unknown, l: Line) => <span className="num">{formatCount(l.years[last].redProperty)}</span> },
          { title: `业委会（${data.years[last]}年）`, key: "committee", align: "right" as const, render: (_: unknown, l: Line) => <span className="num">{formatCount(l.years[last].ownersCommittee)}</span> },
          { title: `物业费收缴率（${data.years[last]}年）`, key: "fee", align: "right" as const, render: (_: unknown, l: Line) => <span className="num">{formatRate(l.years[last].feeCollectionBp)}</span> },
        ]
      : []),
  ];
  return (
    <Card title="专业物业和街道社区统管占比（逐年）" style={{ marginBottom: 16 }}>
      {data.years.length === 0 ? (
        <Typography.Text type="secondary">尚无逐年管养记录：在下方“按小区填报”中填报各年度的物业管理情况后，这里显示各县区的变化。</Typography.Text>
      ) : (
        <>
          <ShareTrendChart
            label="各县区专业物业和街道社区统管占比折线图"
            years={data.years}
            lines={lines.map((l) => ({ name: l.name, bps: l.years.map((y) => y.shareBp), bold: l.key === "city" }))}
          />
          <Table<Line> aria-label="各县区逐年专业物业和街道社区统管占比" size="small" rowKey="key" pagination={false} columns={columns} dataSource={lines} style={{ marginTop: 12 }} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            占比 = 当年已改造小区中实行专业物业或街道社区统管的小区 ÷ 当年已改造小区（当年未填报的小区按未覆盖计）；变化为最后一年与第一年占比之差。红色物业、业委会为最近一年的小区数。
          </Typography.Text>
        </>
      )}
    </Card>
  );
}
