/** 绩效目标: the year's targets of the city and each county, with actuals computed from the registry. */
import { useMemo, useState } from "react";
import { Card, Col, Row, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import { formatDateCn } from "../../../../core/dates";
import { formatBasisPoints } from "../../../../core/money";
import { DIRECTION_LABEL, formatQuantity, parseQuantity } from "../../../../core/targets";
import type { TargetLine } from "../../../../contracts/projects";
import { useLedger } from "../../app/ledger";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, PageError, PageSkeleton } from "../../components/states";
import { useTargets } from "./api";
import { CompletionChart } from "./charts";

const grouped = (text: string) => formatQuantity(parseQuantity(text) ?? 0, { grouping: true });

function TargetTable({ targets, label }: { targets: TargetLine[]; label: string }) {
  const columns: TableColumnsType<TargetLine> = [
    { title: "指标", dataIndex: "indicator", render: (v: string, t) => (t.rule ? <Tooltip title={`实际值口径：${t.rule}`}>{v}</Tooltip> : v) },
    { title: "单位", dataIndex: "unit", width: 70 },
    { title: "方向", dataIndex: "direction", width: 70, render: (d: TargetLine["direction"]) => (d === "positive" ? DIRECTION_LABEL.positive : <Tag color="purple">{DIRECTION_LABEL.negative}</Tag>) },
    { title: "目标值", dataIndex: "target", align: "right", width: 110, render: (v: string, t) => <span className="num">{t.direction === "negative" ? "≤ " : "≥ "}{grouped(v)}</span> },
    {
      title: "实际值",
      dataIndex: "actual",
      align: "right",
      width: 120,
      render: (v: string | null, t) =>
        v === null ? <Typography.Text type="secondary">{t.metric ? "—" : "待填报"}</Typography.Text> : <span className="num">{grouped(v)}{t.actualFrom === "manual" ? "（填报）" : ""}</span>,
    },
    { title: "完成率", dataIndex: "completionBp", align: "right", width: 100, render: (v: number | null) => <span className="num">{formatBasisPoints(v)}</span> },
    { title: "", dataIndex: "met", width: 90, render: (m: boolean | null) => (m === null ? null : m ? <Tag color="green">已完成</Tag> : <Tag color="red">未完成</Tag>) },
    { title: "说明", dataIndex: "note", render: (v: string | null, t) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{v ?? t.rule ?? ""}</Typography.Text> },
  ];
  return <Table<TargetLine> aria-label={label} size="small" rowKey="id" pagination={false} columns={columns} dataSource={targets} locale={{ emptyText: "尚未设定绩效目标" }} />;
}

export default function TargetsPage() {
  const { fundYear, asOf } = useLedger();
  const targets = useTargets(fundYear.id, asOf);
  const [indicator, setIndicator] = useState<string | undefined>();
  const counties = useMemo(() => (targets.data?.scopes ?? []).filter((s) => s.county !== null), [targets.data]);
  if (targets.isPending) return <PageSkeleton />;
  if (targets.isError) return <PageError error={targets.error} onRetry={() => void targets.refetch()} />;
  const t = targets.data;
  const city = t.scopes.find((s) => s.county === null);
  const names = [...new Set(counties.flatMap((s) => s.targets.map((x) => x.indicator)))];
  const chosen = indicator ?? names[0];
  return (
    <>
      <PageHeader title="绩效目标" subtitle={`${fundYear.year}年度绩效目标完成情况，实际值由小区库和项目库按记录计算，截至${formatDateCn(t.asOf)}`} />
      {t.scopes.length === 0 && (
        <Card>
          <EmptyState description="尚未设定本年度的绩效目标。可由财政或住建部门在“项目库 → 导入”中导入绩效目标表。" />
        </Card>
      )}
      {city && (
        <Card title={`${fundYear.region.name}年度绩效目标`} style={{ marginBottom: 16 }}>
          <TargetTable targets={city.targets} label="全市绩效目标" />
        </Card>
      )}
      {counties.length > 1 && chosen && (
        <Card
          title="各县区完成率"
          style={{ marginBottom: 16 }}
          extra={<Select aria-label="指标" style={{ width: 180 }} value={chosen} onChange={setIndicator} options={names.map((n) => ({ value: n, label: n }))} />}
        >
          <CompletionChart
            label={`各县区${chosen}完成率柱状图`}
            rows={counties.map((s) => {
              const x = s.targets.find((y) => y.indicator === chosen);
              return { name: s.county!.name, bp: x?.completionBp ?? null, met: x?.met ?? null };
            })}
          />
        </Card>
      )}
      <Row gutter={[16, 16]}>
        {counties.map((s) => (
          <Col key={s.county!.id} xs={24} xxl={counties.length > 1 ? 12 : 24}>
            <Card title={`${s.county!.name}绩效目标`} size="small">
              <TargetTable targets={s.targets} label={`${s.county!.name}绩效目标`} />
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}
