/**
 * The benchmark's smoke check (no timing): the generator builds a tiny data set (BENCH_SCALE=smoke)
 * and every benchmarked page agrees with its hand-written SQL floor on the figures both compute.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../test/db";
import { benchSizes, generateDataset, type BenchDataset } from "./dataset";
import { checkPages, pagesOf } from "./pages";

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

describe("benchmark data set and floors (smoke size)", () => {
  let t: TestDb;
  let ds: BenchDataset;
  const sizes = benchSizes({ BENCH_SCALE: "smoke" });

  beforeAll(async () => {
    t = await createTestDb();
    ds = await generateDataset(t.db, sizes);
  }, 60_000);
  afterAll(async () => t?.destroy());

  it("builds the sizes asked for", async () => {
    expect(ds.projects).toBe(sizes.counties * sizes.projectsPerCounty);
    expect(ds.communities).toBe(ds.projects * sizes.communitiesPerProject);
    const [r] = rowsOf<{ n: number; counties: number }>(
      await t.db.execute(sql`select count(*)::int as n, count(distinct county_id)::int as counties from payments where fund_year_id = ${ds.fundYearId}`),
    );
    expect(r.n).toBe(sizes.payments);
    expect(r.counties).toBe(sizes.counties);
  });

  it("the fund year has its 双监控, progress reports and an evaluation task over every county", async () => {
    const [r] = rowsOf<{ indicators: number; reports: number; scopes: number }>(
      await t.db.execute(sql`select (select count(*)::int from monitoring_indicators where fund_year_id = ${ds.fundYearId}) as indicators,
                                    (select count(*)::int from progress_reports where fund_year_id = ${ds.fundYearId}) as reports,
                                    (select count(*)::int from evaluation_scopes where task_id = ${ds.taskId}) as scopes`),
    );
    expect(r.indicators).toBe(5);
    expect(r.reports).toBeGreaterThan(0);
    expect(r.scopes).toBe(sizes.counties + 1);
  });

  it("every page agrees with its SQL floor", async () => {
    const pages = pagesOf(t.db, ds);
    // The figures are not empty: a page and a floor that both return nothing would agree trivially.
    for (const p of pages) expect(Object.keys(await p.floor()).length).toBeGreaterThan(0);
    const funds = await pages[0].floor();
    expect(Number(funds["支付"])).toBeGreaterThan(0);
    expect(await checkPages(pages)).toEqual([]);
  });

  it("a floor catches a payment the page would miss", async () => {
    const pages = pagesOf(t.db, ds);
    const before = await pages[0].floor();
    await t.db.execute(sql`insert into payments (fund_year_id, source_id, county_id, project_id, amount_fen, paid_on, voucher_no)
                           select fund_year_id, source_id, county_id, project_id, 12345, date '2021-06-01', 'SMOKE-1' from payments where fund_year_id = ${ds.fundYearId} limit 1`);
    const after = await pages[0].floor();
    expect(BigInt(after["支付"]) - BigInt(before["支付"])).toBe(12345n);
    expect(await checkPages(pages)).toEqual([]);
  });
});
