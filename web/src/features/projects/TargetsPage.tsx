/** 绩效目标: the year's targets of the city and each county, with actuals computed from the registry. */
import { useMemo, useState } from "react";
import { Card, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import { formatDateCn } from "../../../../core/dates";
import { formatBasisPoints } from "../../../../core/money";
import { DIRECTION_LABEL, parseQuantity } from "../../../../core/targets";
import { formatMeasure } from "../../../../core/format";
import type { TargetLine, Targets } from "../../../../contracts/projects";
import { useLedger } from "../../app/ledger";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, PageError, PageSkeleton } from "../../components/states";
import { useTargets } from "./api";
import { CompletionChart } from "./charts";
import { ScrollTable } from "../../components/ScrollTable";

/** A target or actual as shown (half-up to two decimals); the exact figure stays in the data. */
const grouped = (text: string) => formatMeasure(parseQuantity(text) ?? 0);

function TargetTable({ targets, label }: { targets: TargetLine[]; label: string }) {
  const columns: TableColumnsType<TargetLine> = [
    { title: "指标", dataIndex: "indicator", render: (v: string, t) => (t.rule ? <Tooltip title={`实际值口径：${t.rule}`}>{v}</Tooltip> : v) },
    { title: "单位", dataIndex: "unit", width: 70 },
    { title: "方向", dataIndex: "direction", width: 70, render: (d: TargetLine["direction"]) => (d === "positive" ? DIRECTION_LABEL.positive : <Tag color="purple">{DIRECTION_LABEL.negative}</Tag>) },
    {
      title: "目标值",
      dataIndex: "target",
      align: "right",
      width: 110,
      render: (v: string | null, t) => (v === null ? <Typography.Text type="secondary">待设定</Typography.Text> : <span className="num">{t.direction === "negative" ? "≤ " : "≥ "}{grouped(v)}</span>),
    },
    {
      title: "实际值",
      dataIndex: "actual",
      align: "right",
      width: 120,
      render: (v: string | null, t) =>
        v === null ? <Typography.Text type="secondary">{t.metric ? "—" : "待填报"}</Typography.Text> : <span className="num">{grouped(v)}{t.actualFrom === "manual" ? "（填报）" : t.actualFrom === "survey" ? "（问卷）" : ""}</span>,
    },
    { title: "完成率", dataIndex: "completionBp", align: "right", width: 100, render: (v: number | null) => <span className="num">{formatBasisPoints(v)}</span> },
    { title: "", dataIndex: "met", width: 90, render: (m: boolean | null) => (m === null ? null : m ? <Tag color="green">已完成</Tag> : <Tag color="red">未完成</Tag>) },
    { title: "说明", dataIndex: "note", render: (v: string | null, t) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{v ?? t.rule ?? ""}</Typography.Text> },
  ];
  return <Table<TargetLine> aria-label={label} size="small" rowKey="id" pagination={false} columns={columns} dataSource={targets} locale={{ emptyText: "尚未设定绩效目标" }} />;
}

type Scope = Targets["scopes"][number];

/** Counties × indicators: actual / target and the completion of each, in one table. */
function CountyMatrix({ scopes, names }: { scopes: Scope[]; names: string[] }) {
  const columns: TableColumnsType<Scope> = [
    { title: "县区", key: "county", fixed: "left", width: 72, render: (_: unknown, s) => s.county!.name },
    ...names.map((name) => ({
      title: name,
      key: name,
      align: "right" as const,
      width: 104,
      render: (_: unknown, s: Scope) => {
        const t = s.targets.find((x) => x.indicator === name);
        if (!t) return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <Tooltip title={`目标 ${t.target === null ? "待设定" : `${t.direction === "negative" ? "≤" : "≥"} ${grouped(t.target)} ${t.unit}`}，实际 ${t.actual === null ? "待填报" : `${grouped(t.actual)} ${t.unit}`}`}>
            <div className="num" style={{ lineHeight: 1.3 }}>
              <div style={{ fontWeight: 600, color: t.met === false ? "#cf1322" : undefined }}>{formatBasisPoints(t.completionBp)}</div>
              <div style={{ fontSize: 12, color: "rgba(0,0,0,0.45)" }}>
                {t.actual === null ? "—" : grouped(t.actual)} / {t.target === null ? "待设定" : grouped(t.target)}
              </div>
            </div>
          </Tooltip>
        );
      },
    })),
  ];
  return (
    <Card title="各县区绩效目标完成情况">
      <ScrollTable<Scope> aria-label="各县区绩效目标" size="small" rowKey={(s) => s.county!.id} pagination={false} columns={columns} dataSource={scopes} scroll={{ x: 1020 }} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        每格上为完成率，下为实际值 / 目标值；红色为未完成。单位同上表。
      </Typography.Text>
    </Card>
  );
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
          {counties.some((s) => s.targets.find((y) => y.indicator === chosen)?.completionBp != null) ? (
            <CompletionChart
              label={`各县区${chosen}完成率柱状图`}
              rows={counties.map((s) => {
                const x = s.targets.find((y) => y.indicator === chosen);
                return { name: s.county!.name, bp: x?.completionBp ?? null, met: x?.met ?? null };
              })}
            />
          ) : (
            <EmptyState description={`各县区“${chosen}”的目标值待设定或尚无实际值，暂无完成率。可在“项目库导入”中导入绩效目标。`} />
          )}
        </Card>
      )}
      {counties.length === 1 && (
        <Card title={`${counties[0].county!.name}绩效目标`}>
          <TargetTable targets={counties[0].targets} label={`${counties[0].county!.name}绩效目标`} />
        </Card>
      )}
      {counties.length > 1 && <CountyMatrix scopes={counties} names={names} />}
    </>
  );
}
