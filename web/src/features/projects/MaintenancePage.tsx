/** 长效管养: property management coverage and fee collection of renovated communities, by county. */
import { useState } from "react";
import { Card, Segmented, Table, Typography, type TableColumnsType } from "antd";
import { formatBasisPoints } from "../../../../core/money";
import { PROPERTY_MODE_LABEL, PROPERTY_MODES } from "../../../../core/registry";
import type { Maintenance } from "../../../../contracts/projects";
import { useLedger } from "../../app/ledger";
import { PageHeader } from "../../components/PageHeader";
import { PageError, PageSkeleton } from "../../components/states";
import { StatCards } from "../funds/shared";
import { useMaintenance, useMaintenanceTrend } from "./api";
import { MaintenanceTrendCard } from "./MaintenanceTrend";
import { CommunityYearsCard } from "./CommunityYearsCard";
import { useSession } from "../../app/session";
import { RatesChart } from "./charts";
import { count } from "./shared";

type Line = Maintenance["counties"][number];

export default function MaintenancePage() {
  const { fundYear } = useLedger();
  const [scope, setScope] = useState<"all" | "year">("all");
  const m = useMaintenance(fundYear.id, scope);
  const trend = useMaintenanceTrend(fundYear.id);
  const { me } = useSession();
  if (m.isPending) return <PageSkeleton />;
  if (m.isError) return <PageError error={m.error} onRetry={() => void m.refetch()} />;
  const d = m.data;
  const c = d.city;
  const columns: TableColumnsType<Line> = [
    { title: "县区", dataIndex: ["county", "name"], width: 90 },
    { title: "已改造小区", dataIndex: "communities", align: "right", render: (v: number) => <span className="num">{count(v)}</span> },
    ...PROPERTY_MODES.map((mode) => ({
      title: PROPERTY_MODE_LABEL[mode],
      key: mode,
      align: "right" as const,
      render: (_: unknown, l: Line) => <span className="num">{count(l.byMode[mode])}</span>,
    })),
    { title: "物业管理覆盖率", dataIndex: "coverageBp", align: "right", render: (v: number | null) => <span className="num">{formatBasisPoints(v)}</span> },
    { title: "覆盖户数", dataIndex: "managedHouseholds", align: "right", render: (v: number, l) => <span className="num">{count(v)} / {count(l.households)}</span> },
    { title: "物业费收缴率", dataIndex: "feeCollectionBp", align: "right", render: (v: number | null) => <span className="num">{formatBasisPoints(v)}</span> },
  ];
  return (
    <>
      <PageHeader
        title="长效管养"
        subtitle="已改造小区的物业管理覆盖率与物业费收缴率（小区库），用于跟踪“改造后管得住”"
        extra={
          <Segmented
            aria-label="统计范围"
            value={scope}
            onChange={(v) => setScope(v as "all" | "year")}
            options={[
              { value: "all", label: "全部已改造小区" },
              { value: "year", label: `${fundYear.year}年度改造的小区` },
            ]}
          />
        }
      />
      <StatCards
        stats={[
          { title: "已改造小区", value: count(c.communities), suffix: "个", note: `${count(c.households)} 户` },
          { title: "物业管理覆盖率", value: formatBasisPoints(c.coverageBp), note: `${count(c.managed)} 个小区有物业管理` },
          { title: "专业物业", value: count(c.byMode.professional), suffix: "个", note: `街道社区统管 ${c.byMode.street} 个，居民自管 ${c.byMode.self} 个` },
          { title: "无物业管理", value: count(c.byMode.none), suffix: "个" },
          { title: "物业费收缴率", value: formatBasisPoints(c.feeCollectionBp), note: `按户数加权，${count(c.feeReported)} 个小区填报` },
        ]}
      />
      <MaintenanceTrendCard data={trend.data} error={trend.error} onRetry={() => void trend.refetch()} ownCounty={!!me.county} />
      <Card title="各县区物业管理覆盖率与物业费收缴率" style={{ marginBottom: 16 }}>
        <RatesChart label="各县区物业管理覆盖率与物业费收缴率柱状图" names={["物业管理覆盖率", "物业费收缴率"]} rows={d.counties.map((l) => ({ name: l.county.name, a: l.coverageBp, b: l.feeCollectionBp }))} />
      </Card>
      <Card title="各县区明细">
        <Table<Line>
          aria-label="各县区长效管养"
          size="small"
          rowKey={(l) => l.county.id}
          pagination={false}
          columns={columns}
          dataSource={d.counties}
          summary={() =>
            d.counties.length > 1 && (
              <Table.Summary.Row style={{ fontWeight: 600, background: "#fafbfc" }}>
                <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                {[count(c.communities), ...PROPERTY_MODES.map((mode) => count(c.byMode[mode])), formatBasisPoints(c.coverageBp), `${count(c.managedHouseholds)} / ${count(c.households)}`, formatBasisPoints(c.feeCollectionBp)].map((v, i) => (
                  <Table.Summary.Cell key={i} index={i + 1} align="right">
                    <span className="num">{v}</span>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            )
          }
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          物业管理覆盖率 = 有专业物业、街道社区统管或居民自管的已改造小区 ÷ 已改造小区；物业费收缴率按户数加权，只计填报了收缴率的小区。
        </Typography.Text>
      </Card>
      <CommunityYearsCard />
    </>
  );
}
