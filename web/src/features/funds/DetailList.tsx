/**
 * The frame of 下达明细 and 支付明细: filters kept in the URL (县区, 资金来源, text, page), a
 * server-paginated table, and the filtered count and sum.
 */
import { useEffect, useState } from "react";
import { Card, Flex, Input, Select, Typography, type TableColumnsType } from "antd";
import type { UseQueryResult } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { PAGE_SIZE_MAX } from "../../../../contracts/funds";
import { useFundsSummary, type ListParams, type Page } from "../../api";
import { useLedger } from "../../app/ledger";
import { count, wanText } from "../../components/figures";
import { PageHeader } from "../../components/PageHeader";
import { InlineError } from "../../components/states";
import { asOfText } from "./shared";
import { ScrollTable } from "../../components/ScrollTable";

const PAGE_SIZES = [20, 50, 100];

function positiveInt(text: string | null): number | undefined {
  const n = Number(text);
  return text && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** List filters as the URL holds them. */
export function useListParams(): [ListParams, (patch: Partial<Record<"countyId" | "sourceId" | "q" | "page" | "pageSize", string | number | undefined>>) => void] {
  const { params } = useLedger();
  const [search, setSearch] = useSearchParams();
  const list: ListParams = {
    ...params,
    countyId: positiveInt(search.get("countyId")),
    sourceId: positiveInt(search.get("sourceId")),
    q: search.get("q")?.trim() || undefined,
    page: positiveInt(search.get("page")) ?? 1,
    pageSize: Math.min(positiveInt(search.get("pageSize")) ?? 20, PAGE_SIZE_MAX),
  };
  const update = (patch: Partial<Record<string, string | number | undefined>>) =>
    setSearch((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === "" || (k === "page" && v === 1)) next.delete(k);
        else next.set(k, String(v));
      }
      // A new filter starts again at the first page.
      if (!("page" in patch)) next.delete("page");
      return next;
    });
  return [list, update];
}

export interface DetailListProps<T> {
  title: string;
  /** What the records are called in the count: 笔. */
  description: string;
  searchPlaceholder: string;
  ariaLabel: string;
  useData: (p: ListParams | null) => UseQueryResult<Page<T>>;
  columns: TableColumnsType<T>;
  rowClassName?: (record: T) => string;
}

export function DetailList<T extends { id: number }>(props: DetailListProps<T>) {
  const { fundYear, params, asOf } = useLedger();
  const [list, update] = useListParams();
  const summary = useFundsSummary(params);
  const data = props.useData(list);
  // The search box is typed into freely and applied on Enter or the search button.
  const [text, setText] = useState(list.q ?? "");
  useEffect(() => setText(list.q ?? ""), [list.q]);

  const page = data.data;
  return (
    <>
      <PageHeader title={props.title} subtitle={`${fundYear.region.name}${fundYear.programme} ${fundYear.year}年度，${props.description}，${asOfText(asOf)}`} />
      <Card>
        <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 12 }}>
          <Flex gap={12} wrap>
            <Select
              aria-label="县区"
              allowClear
              placeholder="全部县区"
              style={{ width: 150 }}
              loading={summary.isPending}
              value={list.countyId}
              onChange={(v?: number) => update({ countyId: v })}
              options={summary.data?.counties.map((c) => ({ value: c.id, label: c.name }))}
            />
            <Select
              aria-label="资金来源"
              allowClear
              placeholder="全部资金来源"
              style={{ width: 150 }}
              loading={summary.isPending}
              value={list.sourceId}
              onChange={(v?: number) => update({ sourceId: v })}
              options={summary.data?.sources.map((s) => ({ value: s.id, label: s.name }))}
            />
            <Input.Search
              aria-label="搜索"
              allowClear
              placeholder={props.searchPlaceholder}
              style={{ width: 300 }}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onSearch={(v) => update({ q: v.trim() || undefined })}
            />
          </Flex>
          {page && (
            <Typography.Text aria-live="polite" data-testid="list-total">
              共 <b className="num">{count(page.total)}</b> 笔，合计 <b className="num">{wanText(page.sumFen)}</b> 万元
            </Typography.Text>
          )}
        </Flex>
        {data.isError ? (
          <InlineError error={data.error} onRetry={() => void data.refetch()} />
        ) : (
          <ScrollTable<T>
            aria-label={props.ariaLabel}
            size="small"
            rowKey="id"
            loading={data.isFetching}
            columns={props.columns}
            dataSource={page?.items ?? []}
            rowClassName={props.rowClassName}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: data.isPending ? "正在加载…" : list.countyId || list.sourceId || list.q ? "没有符合条件的记录" : `${asOfText(asOf)}尚无记录` }}
            pagination={{
              current: list.page,
              pageSize: list.pageSize,
              total: page?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: PAGE_SIZES,
              showTotal: (n, [from, to]) => `第 ${count(from)}–${count(to)} 笔，共 ${count(n)} 笔`,
              onChange: (p, size) => update(size !== list.pageSize ? { page: 1, pageSize: size } : { page: p }),
            }}
          />
        )}
      </Card>
    </>
  );
}
