import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CountyLedger, FundsSummary, ProjectLedger } from "../../../contracts/funds";
import { createTestApp, type Client } from "../../../test/app";
import { engine } from "../../../test/db";
import { readXlsx } from "../../../test/xlsx";
import { plainValue } from "../../xlsx";

let t: Awaited<ReturnType<typeof createTestApp>>;
let c: Client;
let fundYearId: number;
beforeAll(async () => {
  t = await createTestApp();
  c = await t.as("caizheng");
  fundYearId = JSON.parse((await c.inject("/api/fund-years")).body)[0].id;
});
afterAll(() => t.close());

const get = async <T>(url: string): Promise<T> => {
  const r = await c.inject(url);
  expect(r.statusCode, r.body).toBe(200);
  return JSON.parse(r.body) as T;
};

describe(`the demo ledger (${engine})`, () => {
  it("reproduces the seed's money at the 评价日: 23,763万元, 81.24% overall, 100% 中央", async () => {
    const s = await get<FundsSummary>(`/api/funds/summary?fundYearId=${fundYearId}`);
    expect(s.asOf).toBe("2022-06-30");
    expect(s.total.allocatedFen).toBe(23_763 * 1_000_000);
    expect(s.total.executionBp).toBe(8124);
    const bySource = Object.fromEntries(s.sources.map((src) => [src.name, s.bySource.find((b) => b.sourceId === src.id)!]));
    expect(bySource["中央补助"].allocatedFen).toBe(16_158 * 1_000_000);
    expect(bySource["中央补助"].executionBp).toBe(10000);
    expect(bySource["省级补助"].allocatedFen).toBe(6_105 * 1_000_000);
    expect(bySource["市级补助"].allocatedFen).toBe(1_500 * 1_000_000);
    expect(s.counties.map((c) => c.name)).toEqual([
      "兰山区", "罗庄区", "河东区", "沂南县", "郯城县", "沂水县", "兰陵县", "平邑县", "费县", "莒南县", "蒙阴县", "临沭县",
    ]);
    expect(s.counts.projects).toBe(307);
  });

  it("moves with the as-of date: less is paid at the end of 2021", async () => {
    const s = await get<FundsSummary>(`/api/funds/summary?fundYearId=${fundYearId}&asOf=2021-12-31`);
    expect(s.total.allocatedFen).toBe(23_763 * 1_000_000);
    expect(s.total.paidFen).toBeLessThan(19_305_060_000);
    const before = await get<FundsSummary>(`/api/funds/summary?fundYearId=${fundYearId}&asOf=2021-01-01`);
    expect(before.total.allocatedFen).toBe(0);
    expect(before.total.executionBp).toBeNull();
  });

  it("counts the records up to the as-of date, the city's and a county's, as the tables hold them", async () => {
    const rows = async (q: string) => Number(((await t.db.db.execute(q)) as unknown as { rows: { n: number }[] }).rows[0].n);
    for (const asOf of ["2021-12-31", "2022-06-30"]) {
      const s = await get<FundsSummary>(`/api/funds/summary?fundYearId=${fundYearId}&asOf=${asOf}`);
      expect(s.counts, asOf).toEqual({
        payments: await rows(`select count(*)::int as n from payments where fund_year_id = ${fundYearId} and paid_on <= '${asOf}'`),
        allocations: await rows(`select count(*)::int as n from allocations where fund_year_id = ${fundYearId} and allocated_on <= '${asOf}'`),
        projects: await rows(`select count(*)::int as n from projects where fund_year_id = ${fundYearId}`),
      });
      expect(s.counts.payments).toBeGreaterThan(0);
    }
    const lanshan = await t.as("lanshan");
    const own = JSON.parse((await lanshan.inject(`/api/funds/summary?fundYearId=${fundYearId}`)).body) as FundsSummary;
    const countyId = own.counties[0].id;
    expect(own.counts).toEqual({
      payments: await rows(`select count(*)::int as n from payments where fund_year_id = ${fundYearId} and county_id = ${countyId} and paid_on <= '2022-06-30'`),
      allocations: await rows(`select count(*)::int as n from allocations where fund_year_id = ${fundYearId} and county_id = ${countyId} and allocated_on <= '2022-06-30'`),
      projects: await rows(`select count(*)::int as n from projects where fund_year_id = ${fundYearId} and county_id = ${countyId}`),
    });
  });

  it("drills down city → county → project → payment, and every level adds up", async () => {
    const s = await get<FundsSummary>(`/api/funds/summary?fundYearId=${fundYearId}`);
    const hedong = s.counties.find((c) => c.name === "河东区")!;
    const county = await get<CountyLedger>(`/api/funds/counties/${hedong.id}?fundYearId=${fundYearId}`);
    const cityLine = s.byCounty.find((b) => b.countyId === hedong.id)!;
    expect(county.total).toEqual({ allocatedFen: cityLine.allocatedFen, paidFen: cityLine.paidFen, executionBp: cityLine.executionBp });
    const projectSum = county.projects.reduce((a, p) => a + p.paidFen, 0) + county.unassigned.paidFen;
    expect(projectSum).toBe(county.total.paidFen);
    const court = county.projects.find((p) => p.name.startsWith("河东法院家属院"))!;
    const project = await get<ProjectLedger>(`/api/funds/projects/${court.id}`);
    expect(project.project.county.name).toBe("河东区");
    const paidByAsOf = project.payments.filter((p) => p.paidOn <= project.asOf).reduce((a, p) => a + p.amountFen, 0);
    expect(paidByAsOf).toBe(court.paidFen);
    expect(project.allocations.reduce((a, x) => a + x.amountFen, 0)).toBe(court.allocatedFen);
  });

  it("pages payments with the filtered count and sum", async () => {
    const all = await get<{ total: number; sumFen: number; items: unknown[] }>(`/api/funds/payments?fundYearId=${fundYearId}&pageSize=10`);
    expect(all.items).toHaveLength(10);
    expect(all.sumFen).toBe(19_305_060_000);
    const s = await get<FundsSummary>(`/api/funds/summary?fundYearId=${fundYearId}`);
    const central = s.sources.find((x) => x.name === "中央补助")!;
    const c = await get<{ total: number; sumFen: number }>(`/api/funds/payments?fundYearId=${fundYearId}&sourceId=${central.id}`);
    expect(c.sumFen).toBe(16_158 * 1_000_000);
    const none = await get<{ total: number }>(`/api/funds/payments?fundYearId=${fundYearId}&q=${encodeURIComponent("不存在的凭证")}`);
    expect(none.total).toBe(0);
  });

  it("exports the ledger as a workbook whose totals match", async () => {
    const r = await c.inject(`/api/funds/export.xlsx?fundYearId=${fundYearId}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toContain("spreadsheetml");
    const wb = await readXlsx(r.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["汇总", "下达明细", "支付明细"]);
    const summary = wb.getWorksheet("汇总")!;
    const last = summary.getRow(summary.rowCount);
    const values = (last.values as unknown[]).slice(1).map((v) => plainValue(v as never));
    expect(values[0]).toBe("合计");
    expect(values.at(-1)).toBe("81.24%");
    expect(values.at(-3)).toBe(23763);
    expect(wb.getWorksheet("支付明细")!.rowCount - 1).toBe((await get<{ total: number }>(`/api/funds/payments?fundYearId=${fundYearId}&pageSize=1`)).total);
  });

  it("answers unknown records and bad parameters with Chinese messages", async () => {
    let r = await c.inject(`/api/funds/summary?fundYearId=9999`);
    expect(r.statusCode).toBe(404);
    expect(JSON.parse(r.body).error).toMatchObject({ code: "NOT_FOUND", message: "资金年度不存在" });
    r = await c.inject(`/api/funds/summary?fundYearId=${fundYearId}&asOf=2022-13-45x`);
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.message).toContain("评价日");
    r = await c.inject(`/api/funds/projects/999999`);
    expect(JSON.parse(r.body).error.message).toBe("项目不存在");
  });

  it("describes the API in an OpenAPI document", async () => {
    const doc = await get<{ openapi: string; paths: Record<string, unknown> }>("/api/openapi.json");
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/funds/summary", "/api/imports/payments", "/api/auth/login"]));
  });
});
