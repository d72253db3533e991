/**
 * Every money column of the fund pages has the same number of decimals in every row: the formatters
 * of core/format run over the API's own rows of the demo, as the web's columns do (支付明细 and 下达明细
 * and the records of 项目资金 through `web/src/features/funds/amounts.ts` → formatYuan; the rollups of
 * 资金总览, 县区 and 项目 through `components/figures.wan` → formatWan).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAGE_SIZE_MAX, type Allocation, type CountyLedger, type FundsSummary, type Payment, type ProjectLedger } from "../../../contracts/funds";
import { formatCount, formatWan, formatYuan } from "../../../core/format";
import { createTestApp, type Client, type TestApp } from "../../../test/app";

/** A page of a detail list as the API answers it. */
interface Page<T> {
  items: T[];
  total: number;
}

/** A money cell: thousands grouped, exactly two decimals. */
const CELL = /^-?\d{1,3}(,\d{3})*\.\d{2}$/;

let t: TestApp;
let c: Client;
let fundYearId: number;
beforeAll(async () => {
  t = await createTestApp();
  c = await t.as("caizheng");
  fundYearId = (await c.get<{ id: number }[]>("/api/fund-years"))[0].id;
});
afterAll(() => t.close());

async function everyPage<T>(path: string): Promise<{ items: T[]; total: number }> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const p = await c.get<Page<T>>(`${path}?fundYearId=${fundYearId}&page=${page}&pageSize=${PAGE_SIZE_MAX}`);
    items.push(...p.items);
    if (items.length >= p.total || p.items.length === 0) return { items, total: p.total };
  }
}

/** The cells of one column that break the pattern (empty when the column is consistent). */
const offending = (cells: string[]) => cells.filter((s) => !CELL.test(s));

describe("money columns show two decimals in every row", () => {
  it("支付明细 and 下达明细: every record in 元, exact to the 分", async () => {
    const payments = await everyPage<Payment>("/api/funds/payments");
    const allocations = await everyPage<Allocation>("/api/funds/allocations");
    expect(payments.items.length).toBe(payments.total);
    expect(payments.total).toBeGreaterThan(1000);
    // Records finer than 0.01 万元 exist (386,273 元 = 38.6273 万元): that is why a record is shown in 元.
    expect(payments.items.some((p) => p.amountFen % 10_000 !== 0)).toBe(true);
    expect(offending(payments.items.map((p) => formatYuan(p.amountFen)))).toEqual([]);
    expect(offending(allocations.items.map((a) => formatYuan(a.amountFen)))).toEqual([]);
    // The count above the table and the pager's write the same figure: 1,521 笔.
    expect(formatCount(payments.total)).toMatch(/^\d{1,3}(,\d{3})+$/);
  });

  it("项目资金: the 下达 and 支付 records of every project of a county, and its rollups in 万元", async () => {
    const summary = await c.get<FundsSummary>(`/api/funds/summary?fundYearId=${fundYearId}`);
    const county = await c.get<CountyLedger>(`/api/funds/counties/${summary.counties[0].id}?fundYearId=${fundYearId}`);
    const records: string[] = [];
    const rollups: string[] = [];
    for (const line of county.projects) {
      const p = await c.get<ProjectLedger>(`/api/funds/projects/${line.id}?fundYearId=${fundYearId}`);
      records.push(...p.allocations.map((a) => formatYuan(a.amountFen)), ...p.payments.map((x) => formatYuan(x.amountFen)));
      rollups.push(formatWan(p.project.allocatedFen), formatWan(p.project.paidFen), ...p.bySource.flatMap((b) => [formatWan(b.allocatedFen), formatWan(b.paidFen)]));
    }
    expect(records.length).toBeGreaterThan(county.projects.length);
    expect(offending(records)).toEqual([]);
    expect(offending(rollups)).toEqual([]);
  });

  it("资金总览 and 县区资金: every cell, row and total in 万元 (61.70 and 81.00, never 61.7 and 81)", async () => {
    const summary = await c.get<FundsSummary>(`/api/funds/summary?fundYearId=${fundYearId}`);
    const figures = [...summary.cells, ...summary.bySource, ...summary.byCounty, summary.total];
    const cells = figures.flatMap((f) => [formatWan(f.allocatedFen), formatWan(f.paidFen)]);
    expect(offending(cells)).toEqual([]);
    expect(formatWan(summary.total.allocatedFen)).toBe("23,763.00");
    for (const county of summary.counties) {
      const l = await c.get<CountyLedger>(`/api/funds/counties/${county.id}?fundYearId=${fundYearId}`);
      expect(offending(l.projects.flatMap((p) => [formatWan(p.allocatedFen), formatWan(p.paidFen)]))).toEqual([]);
    }
  });
});
