/** 小区库: every old community of the city, renovated or not, with the project that renovated it. */
import { useState } from "react";
import { Card, Flex, Input, Select, Tag, Typography, type TableColumnsType } from "antd";
import { Link } from "react-router";
import { formatBasisPoints } from "../../../../core/money";
import { PROPERTY_MODE_LABEL, PROPERTY_MODES, type PropertyMode } from "../../../../core/registry";
import type { Community, CommunityListQuery } from "../../../../contracts/projects";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/PageHeader";
import { InlineError } from "../../components/states";
import { CountySelect } from "../../components/CountySelect";
import { useCommunities } from "./api";
import { areaM2, count } from "./shared";
import { formatAreaWan } from "../../../../core/targets";
import { ScrollTable } from "../../components/ScrollTable";

const RENOVATION: { value: NonNullable<CommunityListQuery["renovation"]>; label: string }[] = [
  { value: "this_year", label: "本年度改造" },
  { value: "renovated", label: "已改造（含以前年度）" },
  { value: "waiting", label: "尚未改造" },
];
const BUILT: { value: number; label: string }[] = [
  { value: 2001, label: "2000年底前建成" },
  { value: 2006, label: "2005年底前建成" },
];

export default function CommunitiesPage() {
  const { fundYear, linkTo } = useLedger();
  const { me, can } = useSession();
  const [filters, setFilters] = useState<{ countyId?: number; renovation?: CommunityListQuery["renovation"]; builtBefore?: number; propertyMode?: PropertyMode; q?: string }>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useCommunities({ fundYearId: fundYear.id, ...filters, ...page });
  const set = (patch: Partial<typeof filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage((p) => ({ ...p, page: 1 }));
  };

  const columns: TableColumnsType<Community> = [
    { title: "小区编号", dataIndex: "code", width: 115, render: (v: string) => <span className="num">{v}</span> },
    { title: "小区名称", dataIndex: "name" },
    ...(me.county ? [] : [{ title: "县区", dataIndex: ["county", "name"], width: 66 }]),
    { title: "街道", dataIndex: "street", width: 96, render: (v: string | null) => v ?? "—" },
    { title: "建成年份", dataIndex: "builtYear", width: 80, align: "right", render: (v: number) => <span className="num">{v}</span> },
    { title: "楼栋", dataIndex: "buildings", width: 52, align: "right", render: (v: number) => <span className="num">{v}</span> },
    { title: "户数", dataIndex: "households", width: 62, align: "right", render: (v: number) => <span className="num">{count(v)}</span> },
    { title: "建筑面积（㎡）", dataIndex: "floorAreaDm2", width: 112, align: "right", render: (v: number) => <span className="num">{areaM2(v)}</span> },
    { title: "物业管理", dataIndex: "propertyMode", width: 100, render: (m: PropertyMode) => PROPERTY_MODE_LABEL[m] },
    { title: "收缴率", dataIndex: "feeCollectionBp", width: 66, align: "right", render: (v: number | null) => <span className="num">{formatBasisPoints(v)}</span> },
    {
      title: "改造情况",
      dataIndex: "renovations",
      width: 230,
      render: (list: Community["renovations"]) => {
        const last = list[0];
        if (!last) return <Tag>尚未改造</Tag>;
        if (!last.project) return <Tag color="default">{last.year}年已改造</Tag>;
        return (
          <span>
            <Tag color={last.completed ? "green" : "processing"}>
              {last.year}年{last.completed ? "已改造" : "改造中"}
            </Tag>
            {can("projects.read") ? <Link to={linkTo(`/projects/${last.project.id}`)}>{last.project.code}</Link> : <span className="num">{last.project.code}</span>}
          </span>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader title="小区库" subtitle={`${me.county?.name ?? fundYear.region.name}的老旧小区，含已改造和尚未改造的小区；改造情况截至${fundYear.year}年度`} />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          {!me.county && <CountySelect value={filters.countyId} onChange={(countyId) => set({ countyId })} />}
          <Select aria-label="改造情况" allowClear placeholder="全部改造情况" style={{ width: 180 }} value={filters.renovation} onChange={(renovation) => set({ renovation })} options={RENOVATION} />
          <Select aria-label="建成年代" allowClear placeholder="全部建成年代" style={{ width: 160 }} value={filters.builtBefore} onChange={(builtBefore) => set({ builtBefore })} options={BUILT} />
          <Select
            aria-label="物业管理模式"
            allowClear
            placeholder="全部物业管理模式"
            style={{ width: 170 }}
            value={filters.propertyMode}
            onChange={(propertyMode) => set({ propertyMode })}
            options={PROPERTY_MODES.map((m) => ({ value: m, label: PROPERTY_MODE_LABEL[m] }))}
          />
          <Input.Search aria-label="搜索小区" allowClear placeholder="小区编号、名称或街道" style={{ width: 240 }} onSearch={(q) => set({ q: q || undefined })} />
        </Flex>
        {list.isError ? (
          <InlineError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <ScrollTable<Community>
            aria-label="小区列表"
            size="small"
            rowKey="id"
            loading={list.isFetching}
            columns={columns}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 1160 }}
            pagination={{
              current: page.page,
              pageSize: page.pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              onChange: (p, size) => setPage({ page: size !== page.pageSize ? 1 : p, pageSize: size }),
              showTotal: (n) => (
                <span data-testid="community-total">
                  共 {count(n)} 个小区{list.data ? `，${count(list.data.totals.households)} 户，${formatAreaWan(list.data.totals.floorAreaDm2)} 万㎡` : ""}
                </span>
              ),
            }}
            locale={{ emptyText: "没有符合条件的小区" }}
          />
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          改造范围：城市或县城建成于2000年底前的老旧小区，山东省扩大到2005年底前建成的小区。
        </Typography.Text>
      </Card>
    </>
  );
}
