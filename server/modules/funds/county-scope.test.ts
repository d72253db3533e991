import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CountyLedger, FundsSummary } from "../../../contracts/funds";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { makeXlsx, multipart, readXlsx } from "../../../test/xlsx";

let t: TestApp;
let lanshan: Client;
let city: FundsSummary;
let own: number;
let other: number;
beforeAll(async () => {
  t = await createTestApp();
  lanshan = await t.as("lanshan");
  city = await (await t.as("caizheng")).get<FundsSummary>("/api/funds/summary?fundYearId=1");
  own = city.counties.find((c) => c.name === "兰山区")!.id;
  other = city.counties.find((c) => c.name === "罗庄区")!.id;
});
afterAll(() => t.close());

describe(`a county user sees and changes only their county (${engine})`, () => {
  it("gets a summary of their own county only, totals included", async () => {
    const s = await lanshan.get<FundsSummary>("/api/funds/summary?fundYearId=1");
    expect(s.counties.map((c) => c.name)).toEqual(["兰山区"]);
    const cityLine = city.byCounty.find((b) => b.countyId === own)!;
    expect(s.total).toEqual({ allocatedFen: cityLine.allocatedFen, paidFen: cityLine.paidFen, executionBp: cityLine.executionBp });
    expect(s.cells.every((c) => c.countyId === own)).toBe(true);
  });

  it("sees the city's totals and their own rank beside their figures, computed on the server, and no other county's row", async () => {
    const r = await lanshan.inject("/api/funds/summary?fundYearId=1");
    const s = JSON.parse(r.body) as FundsSummary;
    expect(s.standing).not.toBeNull();
    expect(s.standing!.city.name).toBe("临沂市");
    expect(s.standing!.cityTotal).toEqual(city.total);
    for (const b of s.standing!.cityBySource) expect(b).toEqual(city.bySource.find((x) => x.sourceId === b.sourceId));
    expect(s.standing!.cityBySource.map((b) => b.sourceId)).toEqual(s.sources.map((x) => x.id));
    // the rank from the city's own view: 1 + counties with a higher shown rate
    const mine = city.byCounty.find((b) => b.countyId === own)!.executionBp!;
    const rated = city.byCounty.filter((b) => b.executionBp !== null);
    expect(s.standing!.rank).toBe(1 + rated.filter((b) => b.executionBp! > mine).length);
    expect(s.standing!.ranked).toBe(12);
    // nothing names or keys another county
    for (const c of city.counties.filter((c) => c.id !== own)) expect(r.body).not.toContain(c.name);
    expect(new Set([...s.cells.map((c) => c.countyId), ...s.byCounty.map((c) => c.countyId)])).toEqual(new Set([own]));
    expect(city.standing).toBeNull();
  });

  it("lists only their own payments and allocations, and cannot ask for another county's", async () => {
    const p = await lanshan.get<{ items: { county: string }[]; total: number }>("/api/funds/payments?fundYearId=1&pageSize=500");
    expect(p.total).toBeGreaterThan(0);
    expect(new Set(p.items.map((i) => i.county))).toEqual(new Set(["兰山区"]));
    const denied = await lanshan.inject(`/api/funds/payments?fundYearId=1&countyId=${other}`);
    expect(denied.statusCode).toBe(403);
    const a = await lanshan.get<{ items: { county: string }[] }>("/api/funds/allocations?fundYearId=1&pageSize=500");
    expect(new Set(a.items.map((i) => i.county))).toEqual(new Set(["兰山区"]));
  });

  it("cannot open another county's project", async () => {
    const ledger = await (await t.as("caizheng")).get<CountyLedger>(`/api/funds/counties/${other}?fundYearId=1`);
    const r = await lanshan.inject(`/api/funds/projects/${ledger.projects[0].id}`);
    expect(r.statusCode).toBe(403);
    expect(r.body).not.toContain(ledger.projects[0].name);
  });

  it("exports a workbook of their own county only", async () => {
    const r = await lanshan.inject("/api/funds/export.xlsx?fundYearId=1");
    expect(r.statusCode).toBe(200);
    expect(decodeURIComponent(String(r.headers["content-disposition"]))).toContain("兰山区");
    const wb = await readXlsx(r.rawPayload);
    const counties = new Set<string>();
    wb.getWorksheet("支付明细")!.eachRow((row, n) => n > 1 && counties.add(String(row.getCell(1).value)));
    expect(counties).toEqual(new Set(["兰山区"]));
    const summaryRows: string[] = [];
    wb.getWorksheet("汇总")!.eachRow((row, n) => n > 3 && summaryRows.push(String(row.getCell(1).value)));
    expect(summaryRows).toEqual(["兰山区", "合计"]);
  });

  it("has another county's rows refused on import, by row, and nothing written", async () => {
    const mine = await lanshan.get<CountyLedger>(`/api/funds/counties/${own}?fundYearId=1`);
    const file = await makeXlsx(
      ["县区", "项目编号", "资金来源", "金额（元）", "支付日期", "凭证号"],
      [
        ["兰山区", mine.projects[0].code, "省级补助", 100, "2022-05-01", "LS-1"],
        ["罗庄区", mine.projects[0].code, "省级补助", 100, "2022-05-01", "LS-2"],
      ],
    );
    const { payload, headers } = multipart("兰山.xlsx", file);
    const r = await lanshan.inject({ method: "POST", url: "/api/imports/payments?fundYearId=1&dryRun=false", payload, headers });
    expect(r.statusCode).toBe(422);
    expect(JSON.parse(r.body).error.problems).toEqual([
      { row: 3, column: "县区", message: "县区「罗庄区」不是您所属的县区（兰山区），不能导入其他县区的数据" },
    ]);
    const after = await lanshan.get<{ total: number }>("/api/funds/payments?fundYearId=1&q=LS-");
    expect(after.total).toBe(0);
  });

  it("may not allocate money at all", async () => {
    const { payload, headers } = multipart("下达.xlsx", await makeXlsx(["县区"], [["兰山区"]]));
    const r = await lanshan.inject({ method: "POST", url: "/api/imports/allocations?fundYearId=1", payload, headers });
    expect(r.statusCode).toBe(403);
  });

  it("gets a template listing only their county and projects", async () => {
    const r = await lanshan.inject("/api/imports/payments/template.xlsx?fundYearId=1");
    const wb = await readXlsx(r.rawPayload);
    const ref = wb.getWorksheet("参照")!;
    const counties: string[] = [];
    ref.eachRow((row, n) => n > 1 && row.getCell(1).value && counties.push(String(row.getCell(1).value)));
    expect(counties).toEqual(["兰山区"]);
    const projectCounties = new Set<string>();
    ref.eachRow((row, n) => n > 1 && row.getCell(5).value && projectCounties.add(String(row.getCell(5).value)));
    expect(projectCounties).toEqual(new Set(["兰山区"]));
  });
});
