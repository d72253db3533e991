/**
 * 整改台账: every rectification item the viewer may see, filtered by 县区, 状态, 逾期, 7日内到期 and
 * 评价任务 (kept in the URL, so a link shows the same list), counted by state, exported as .xlsx.
 */
import { useState } from "react";
import { App, Button, Card, Checkbox, Flex, Select, Statistic, Tag, Typography, type TableColumnsType } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { useSearchParams } from "react-router";
import { formatDateCn } from "../../../../core/dates";
import { ITEM_STATE_LABEL, ITEM_STATES, type ItemState } from "../../../../core/rectification/rules";
import type { RectificationItem } from "../../../../contracts/rectification";
import { useFundsSummary } from "../../api";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, errorMessage, InlineError } from "../../components/states";
import { useTasks } from "../evaluations/api";
import { downloadLedger, useLedgerItems, type LedgerFilter } from "./api";
import { ItemDrawer } from "./ItemDrawer";
import { DUE_SOON_DAYS, filterOf, itemOf, lastUpdate, PAGE_SIZE } from "./filters";
import { DeadlineCell, ItemStateTag, momentCn, SeverityTag } from "./shared";
import { ScrollTable } from "../../components/ScrollTable";

const STAT_COLOR: Partial<Record<ItemState | "overdue", string>> = { overdue: "#cf1322", returned: "#d46b08", accepted: "#389e0d" };

export default function LedgerPage() {
  const [search, setSearch] = useSearchParams();
  const { me, can } = useSession();
  const { fundYear, params } = useLedger();
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const filter = filterOf(search);
  const ledger = useLedgerItems(filter);
  const isCounty = me.county !== null;
  const counties = useFundsSummary(!isCounty && can("funds.read") ? params : null);
  const tasks = useTasks(fundYear.id);
  const open = itemOf(search);

  /** Sets (or clears, with undefined) URL parameters; any filter change goes back to page 1. */
  const set = (changes: Record<string, string | number | undefined>) =>
    setSearch((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v === undefined || v === "") next.delete(k);
        else next.set(k, String(v));
      }
      if (!("page" in changes) && !("item" in changes)) next.delete("page");
      return next;
    });

  const columns: TableColumnsType<RectificationItem> = [
    {
      title: "问题",
      dataIndex: "findingTitle",
      width: 240,
      render: (title: string, r) => (
        <div>
          <Typography.Link>{title}</Typography.Link>
          <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
            {r.taskName}
          </Typography.Text>
        </div>
      ),
    },
    { title: "类别", dataIndex: "findingCategory", width: 100 },
    { title: "严重程度", dataIndex: "findingSeverity", width: 90, render: (s: RectificationItem["findingSeverity"]) => <SeverityTag severity={s} /> },
    { title: "责任单位", dataIndex: "ownerLabel", width: 110 },
    { title: "整改期限", key: "deadline", width: 220, render: (_, r) => <DeadlineCell item={r} /> },
    { title: "状态", dataIndex: "state", width: 90, render: (s: ItemState) => <ItemStateTag state={s} /> },
    { title: "最近更新", key: "updated", width: 160, render: (_, r) => <span className="num">{momentCn(lastUpdate(r))}</span> },
  ];

  const data = ledger.data;
  const stats: { key: ItemState | "overdue"; label: string; value: number }[] = data
    ? [...ITEM_STATES.map((s) => ({ key: s, label: ITEM_STATE_LABEL[s], value: data.counts[s] })), { key: "overdue" as const, label: "逾期", value: data.overdue }]
    : [];
  const activeStat = filter.overdue ? "overdue" : filter.state;

  return (
    <>
      <PageHeader
        title="整改台账"
        subtitle={isCounty ? `${me.county!.name}负责的整改事项：按期整改、上传佐证材料并提交验收` : "评价发现问题的整改事项：责任单位、整改期限与验收情况"}
        extra={
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            onClick={async () => {
              setExporting(true);
              try {
                const name = await downloadLedger(filter);
                message.success(`已导出：${name}`);
              } catch (e) {
                message.error(errorMessage(e));
              } finally {
                setExporting(false);
              }
            }}
          >
            导出 Excel
          </Button>
        }
      />
      <Flex gap={12} wrap style={{ marginBottom: 16 }} role="group" aria-label="各状态整改事项数">
        {stats.map((s) => (
          <Card
            key={s.key}
            size="small"
            hoverable
            onClick={() => (s.key === "overdue" ? set({ overdue: filter.overdue ? undefined : 1, state: undefined }) : set({ state: activeStat === s.key ? undefined : s.key, overdue: undefined }))}
            style={{ flex: "1 1 140px", minWidth: 140, borderColor: activeStat === s.key ? "#1f5fbf" : undefined }}
            styles={{ body: { padding: "12px 16px" } }}
          >
            <Statistic title={s.label} value={s.value} suffix="项" styles={{ content: { color: s.value > 0 ? STAT_COLOR[s.key] : undefined } }} />
          </Card>
        ))}
      </Flex>
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          {!isCounty && (
            <Select
              aria-label="县区"
              allowClear
              placeholder="全部县区"
              style={{ width: 160 }}
              loading={counties.isLoading}
              value={filter.countyId}
              options={(counties.data?.counties ?? []).map((c) => ({ value: c.id, label: c.name }))}
              onChange={(v?: number) => set({ countyId: v })}
              showSearch={{ optionFilterProp: "label" }}
            />
          )}
          <Select
            aria-label="状态"
            allowClear
            placeholder="全部状态"
            style={{ width: 140 }}
            value={filter.state}
            options={ITEM_STATES.map((s) => ({ value: s, label: ITEM_STATE_LABEL[s] }))}
            onChange={(v?: ItemState) => set({ state: v })}
          />
          {can("evaluation.read") && (
            <Select
              aria-label="评价任务"
              allowClear
              placeholder="全部评价任务"
              style={{ width: 340 }}
              loading={tasks.isLoading}
              value={filter.taskId}
              options={(tasks.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
              onChange={(v?: number) => set({ taskId: v })}
            />
          )}
          <Checkbox checked={!!filter.overdue} onChange={(e) => set({ overdue: e.target.checked ? 1 : undefined })}>
            逾期
          </Checkbox>
          <Checkbox checked={filter.dueWithinDays !== undefined} onChange={(e) => set({ due: e.target.checked ? DUE_SOON_DAYS : undefined })}>
            7日内到期
          </Checkbox>
          {data && (
            <Typography.Text type="secondary" style={{ marginInlineStart: "auto" }}>
              {`共 ${data.total} 项`}
              <Tag style={{ marginInlineStart: 8 }}>{`今日 ${formatDateCn(data.today)}`}</Tag>
            </Typography.Text>
          )}
        </Flex>
        {ledger.isError ? (
          <InlineError error={ledger.error} onRetry={() => void ledger.refetch()} />
        ) : (
          <ScrollTable<RectificationItem>
            aria-label="整改事项"
            rowKey="id"
            size="middle"
            loading={ledger.isFetching}
            dataSource={data?.rows ?? []}
            columns={columns}
            rowClassName={() => "clickable-row"}
            onRow={(r) => ({ onClick: () => set({ item: r.id }) })}
            locale={{ emptyText: ledger.isPending ? " " : <EmptyState description={Object.values({ ...filter, page: undefined, pageSize: undefined }).some((v) => v !== undefined) ? "没有符合条件的整改事项" : "暂无整改事项"} /> }}
            pagination={{
              current: data?.page ?? filter.page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              showSizeChanger: false,
              hideOnSinglePage: true,
              onChange: (page) => set({ page: page === 1 ? undefined : page }),
            }}
            scroll={{ x: 1000 }}
          />
        )}
      </Card>
      <ItemDrawer id={open} onClose={() => set({ item: undefined })} />
    </>
  );
}
