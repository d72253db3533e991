/** 共享小区库: the community registry as the utility operators share it, with each renovation's dates and contents. */
import { useMemo, useState } from "react";
import { Card, Flex, Input, Segmented, Tag, Typography, type TableColumnsType } from "antd";
import type { SharedCommunity } from "../../../../contracts/works";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { ProjectStatus } from "../../components/figures";
import { PageHeader } from "../../components/PageHeader";
import { InlineError } from "../../components/states";
import { count } from "../projects/shared";
import { useSharedCommunities } from "./api";
import { windowText } from "./shared";
import { CountySelect } from "../../components/CountySelect";
import { ScrollTable } from "../../components/ScrollTable";

type Scope = "year" | "all";

export default function SharedCommunitiesPage() {
  const { fundYear } = useLedger();
  const { me } = useSession();
  const [countyId, setCountyId] = useState<number | undefined>();
  const [scope, setScope] = useState<Scope>("year");
  const [q, setQ] = useState("");
  const list = useSharedCommunities({ fundYearId: scope === "year" ? fundYear.id : undefined, countyId });
  const rows = useMemo(
    () => (list.data ?? []).filter((c) => !q || [c.code, c.name, c.street ?? "", c.project?.name ?? ""].some((t) => t.includes(q))),
    [list.data, q],
  );

  const columns: TableColumnsType<SharedCommunity> = [
    { title: "小区编号", dataIndex: "code", width: 112, render: (v: string) => <span className="num">{v}</span> },
    { title: "小区名称", dataIndex: "name", width: 170 },
    ...(me.county ? [] : [{ title: "县区", dataIndex: "countyName", width: 70 }]),
    { title: "街道", dataIndex: "street", width: 100, render: (v: string | null) => v ?? "—" },
    { title: "建成年份", dataIndex: "builtYear", width: 80, align: "right", render: (v: number) => <span className="num">{v}</span> },
    { title: "户数", dataIndex: "households", width: 64, align: "right", render: (v: number) => <span className="num">{count(v)}</span> },
    {
      title: "改造批次",
      key: "batch",
      width: 96,
      render: (_, c) =>
        c.project ? `${c.project.batchYear}年度` : c.priorRenovationYear ? <Tag>{c.priorRenovationYear}年已改造</Tag> : <Typography.Text type="secondary">尚未改造</Typography.Text>,
    },
    { title: "项目状态", key: "status", width: 84, render: (_, c) => (c.project ? <ProjectStatus status={c.project.status} /> : "—") },
    {
      title: "计划施工期",
      key: "planned",
      width: 190,
      render: (_, c) => (c.project ? windowText(c.project.plannedStartOn, c.project.plannedCompletionOn) : "—"),
    },
    {
      title: "实际开工至完工",
      key: "actual",
      width: 190,
      render: (_, c) => (c.project && (c.project.actualStartOn || c.project.actualCompletionOn) ? windowText(c.project.actualStartOn, c.project.actualCompletionOn) : "—"),
    },
    {
      title: "改造内容",
      key: "contents",
      width: 320,
      render: (_, c) =>
        c.project && c.project.contents.length ? (
          <Flex gap={4} wrap>
            {c.project.contents.map((n) => (
              <Tag key={n} style={{ marginInlineEnd: 0 }}>
                {n}
              </Tag>
            ))}
          </Flex>
        ) : (
          "—"
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="共享小区库"
        subtitle={`${me.county?.name ?? fundYear.region.name}老旧小区的基本信息与改造项目计划，供各专营单位安排管线施工时参照（只读）`}
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Segmented<Scope>
            aria-label="范围"
            value={scope}
            onChange={setScope}
            options={[
              { value: "year", label: `${fundYear.year}年度改造小区` },
              { value: "all", label: "全部小区" },
            ]}
          />
          {!me.county && <CountySelect value={countyId} onChange={setCountyId} />}
          <Input.Search aria-label="搜索小区" allowClear placeholder="小区编号、名称、街道或项目" style={{ width: 260 }} onSearch={setQ} onChange={(e) => !e.target.value && setQ("")} />
        </Flex>
        {list.isError ? (
          <InlineError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <ScrollTable<SharedCommunity>
            aria-label="共享小区列表"
            size="small"
            rowKey="id"
            loading={list.isFetching}
            columns={columns}
            dataSource={rows}
            scroll={{ x: 1560 }}
            pagination={{
              defaultPageSize: 20,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (n) => <span data-testid="shared-community-total">共 {count(n)} 个小区</span>,
            }}
            locale={{ emptyText: "没有符合条件的小区" }}
          />
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          小区信息来自住建部门的小区库；计划施工期为改造项目的计划开工、完工日期，专营单位宜在此期间同步开挖，避免反复开挖。
        </Typography.Text>
      </Card>
    </>
  );
}
