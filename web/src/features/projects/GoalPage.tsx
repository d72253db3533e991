/** 十四五目标: the multi-year goal computed from the community registry, with a forecast at this pace. */
import { useState } from "react";
import { Alert, Card, Segmented, Table, Tag, Typography, type TableColumnsType } from "antd";
import { formatBasisPoints } from "../../../../core/money";
import type { GoalClauseProgress } from "../../../../contracts/projects";
import { useLedger } from "../../app/ledger";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, PageError, PageSkeleton } from "../../components/states";
import { StatCards } from "../funds/shared";
import { useGoal } from "./api";
import { GoalChart } from "./charts";
import { count } from "./shared";

const clauseLabel = (c: { builtBefore: number; requiredBp: number }) =>
  `${c.builtBefore - 1}年底前建成的小区${c.requiredBp === 10000 ? "全部改造" : `改造${formatBasisPoints(c.requiredBp)}以上`}`;

const pace = (c: GoalClauseProgress) => (c.yearsElapsed ? (Number.isInteger(c.pacePerYear) ? String(c.pacePerYear) : c.pacePerYear.toFixed(1)) : "—");

export default function GoalPage() {
  const { fundYear } = useLedger();
  const goal = useGoal(fundYear.id);
  const [index, setIndex] = useState(0);
  if (goal.isPending) return <PageSkeleton />;
  if (goal.isError) return <PageError error={goal.error} onRetry={() => void goal.refetch()} />;
  const g = goal.data;
  const header = <PageHeader title="改造目标" subtitle={`按小区库计算，改造完成情况截至${g.currentYear}年度（竣工以评价日前的实际完工日期为准）`} />;
  if (!g.goals.length) {
    return (
      <>
        {header}
        <Card>
          <EmptyState description="尚未设定多年改造目标。" />
        </Card>
      </>
    );
  }
  const goalDef = g.goals[0];
  const clause = goalDef.clauses[Math.min(index, goalDef.clauses.length - 1)];
  const c = clause.city;
  const yearsLeft = goalDef.endYear - g.currentYear;

  const columns: TableColumnsType<GoalClauseProgress & { county: { id: number; name: string } }> = [
    { title: "县区", dataIndex: ["county", "name"], width: 90 },
    { title: "范围内小区", dataIndex: "eligible", align: "right", render: (v: number) => <span className="num">{count(v)}</span> },
    { title: "应完成", dataIndex: "required", align: "right", render: (v: number) => <span className="num">{count(v)}</span> },
    { title: "已改造", dataIndex: "done", align: "right", render: (v: number) => <span className="num">{count(v)}</span> },
    { title: "完成进度", dataIndex: "progressBp", align: "right", render: (v: number | null) => <span className="num">{formatBasisPoints(v)}</span> },
    { title: "尚需改造", dataIndex: "remaining", align: "right", render: (v: number) => <span className="num">{count(v)}</span> },
    { title: `${goalDef.name}以来年均改造`, key: "pace", align: "right", render: (_: unknown, r) => <span className="num">{pace(r)}</span> },
    { title: `预计${goalDef.endYear}年底`, dataIndex: "forecastDone", align: "right", render: (v: number) => <span className="num">{count(v)}</span> },
    { title: "预计达成年份", dataIndex: "forecastYear", align: "right", render: (v: number | null, r) => <span className="num">{r.remaining === 0 ? "已达成" : v === null ? "—" : `${v}年`}</span> },
    {
      title: "按当前进度",
      dataIndex: "onTrack",
      width: 110,
      render: (ok: boolean, r) => (r.remaining === 0 ? <Tag color="green">已达成</Tag> : ok ? <Tag color="green">可按期完成</Tag> : <Tag color="red">难以按期完成</Tag>),
    },
  ];

  return (
    <>
      {header}
      <Card style={{ marginBottom: 16 }}>
        <Typography.Paragraph style={{ marginBottom: 12 }}>
          <Typography.Text strong>{goalDef.name}目标（{goalDef.startYear}—{goalDef.endYear}年）：</Typography.Text>
          {goalDef.clauses.map((x) => clauseLabel(x.city)).join("；")}。
        </Typography.Paragraph>
        <Segmented
          aria-label="目标条款"
          value={index}
          onChange={(v) => setIndex(Number(v))}
          options={goalDef.clauses.map((x, i) => ({ value: i, label: clauseLabel(x.city) }))}
        />
      </Card>
      <StatCards
        stats={[
          { title: "范围内小区", value: count(c.eligible), suffix: "个", note: `${c.builtBefore - 1}年底前建成` },
          { title: "应完成改造", value: count(c.required), suffix: "个", note: `范围内的${formatBasisPoints(c.requiredBp)}` },
          { title: "已改造", value: count(c.done), suffix: "个", note: `完成进度 ${formatBasisPoints(c.progressBp)}` },
          { title: "尚需改造", value: count(c.remaining), suffix: "个", note: yearsLeft > 0 ? `还剩 ${yearsLeft} 年` : "目标期已结束" },
          { title: `${goalDef.name}以来年均改造`, value: pace(c), suffix: "个/年", note: `${goalDef.startYear}—${g.currentYear}年共 ${count(c.renovatedInPeriod)} 个` },
          {
            title: "按当前进度预计",
            value: c.remaining === 0 ? "已达成" : c.forecastYear === null ? "无法完成" : `${c.forecastYear}年`,
            note: c.remaining === 0 ? "" : `${goalDef.endYear}年底预计改造 ${count(c.forecastDone)} 个（${formatBasisPoints(c.forecastBp)}）`,
          },
        ]}
      />
      {c.remaining > 0 && (
        <Alert
          style={{ marginBottom: 16 }}
          type={c.onTrack ? "success" : "warning"}
          showIcon
          title={
            c.onTrack
              ? `按${goalDef.startYear}年以来的改造进度（每年约 ${pace(c)} 个），${goalDef.endYear}年底前可以完成目标。`
              : `按${goalDef.startYear}年以来的改造进度（每年约 ${pace(c)} 个），${goalDef.endYear}年底前难以完成目标，还需加快进度。`
          }
        />
      )}
      <Card title="各县区进度与预测" style={{ marginBottom: 16 }}>
        <GoalChart rows={clause.counties.map((x) => ({ name: x.county.name, done: x.done, forecast: x.forecastDone, eligible: x.eligible, required: x.required }))} />
      </Card>
      <Card title="各县区明细">
        <Table aria-label="各县区目标进度" size="small" rowKey={(r) => r.county.id} pagination={false} columns={columns} dataSource={clause.counties} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          已改造：在本系统中有完工项目的小区，以及在小区库中登记了此前改造年度的小区。预计期末 = 已改造 + 年均改造 × 剩余年数（不超过范围内小区数）。
        </Typography.Text>
      </Card>
    </>
  );
}
