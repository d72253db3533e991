/**
 * The benchmark data set, generated in SQL (`INSERT … SELECT generate_series(…)`) so two million
 * payments take seconds, not minutes. Sizes come from BENCH_SCALE (national | province | smoke) and can
 * be overridden one by one (BENCH_COUNTIES, BENCH_PROJECTS_PER_COUNTY, BENCH_COMMUNITIES_PER_PROJECT,
 * BENCH_PAYMENTS). Every figure is a deterministic function of the row number, so two runs build the
 * same rows.
 *
 * The counties hang directly under the fund year's region: the funds and projects pages list the
 * counties that are children of the fund year's region (db/queries/reference.ts listCounties).
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { Db } from "../db/open";
import { fundingSources, fundYears, programmes, regions } from "../db/schema";

export interface BenchSizes {
  scale: string;
  counties: number;
  projectsPerCounty: number;
  communitiesPerProject: number;
  payments: number;
}

const SCALES: Record<string, Omit<BenchSizes, "scale">> = {
  national: { counties: 2_850, projectsPerCounty: 15, communitiesPerProject: 5, payments: 2_000_000 },
  province: { counties: 150, projectsPerCounty: 15, communitiesPerProject: 5, payments: 200_000 },
  smoke: { counties: 6, projectsPerCounty: 4, communitiesPerProject: 3, payments: 2_000 },
};

export function benchSizes(env: NodeJS.ProcessEnv = process.env, fallback = "province"): BenchSizes {
  const scale = env.BENCH_SCALE || fallback;
  const base = SCALES[scale];
  if (!base) throw new Error(`未知的 BENCH_SCALE：${scale}（可选 national、province、smoke）`);
  const n = (v: string | undefined, d: number) => (v ? Number(v) : d);
  return {
    scale,
    counties: n(env.BENCH_COUNTIES, base.counties),
    projectsPerCounty: n(env.BENCH_PROJECTS_PER_COUNTY, base.projectsPerCounty),
    communitiesPerProject: n(env.BENCH_COMMUNITIES_PER_PROJECT, base.communitiesPerProject),
    payments: n(env.BENCH_PAYMENTS, base.payments),
  };
}

export interface BenchDataset {
  sizes: BenchSizes;
  fundYearId: number;
  regionId: number;
  /** A county in the middle of the list (its own pages). */
  countyId: number;
  asOf: string;
  projects: number;
  communities: number;
  seconds: number;
}

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

export async function generateDataset(db: Db, sizes: BenchSizes, log: (s: string) => void = () => {}): Promise<BenchDataset> {
  const t0 = performance.now();
  const step = async (label: string, q: ReturnType<typeof sql>) => {
    const s = performance.now();
    await db.execute(q);
    log(`  ${label}：${((performance.now() - s) / 1000).toFixed(1)} 秒`);
  };
  const tag = `BN${Date.now().toString(36).toUpperCase()}`;
  const [province] = await db.insert(regions).values({ code: tag, name: "基准地区", level: "province" }).returning();
  await step(
    `${sizes.counties} 个县区`,
    sql`insert into regions (code, name, level, parent_id, sort_order)
        select ${tag} || '-' || lpad(i::text, 5, '0'), '基准县' || i, 'county', ${province.id}, i from generate_series(1, ${sizes.counties}::int) i`,
  );
  await db
    .insert(fundingSources)
    .values([
      { code: "central", name: "中央补助", category: "fiscal", sortOrder: 1 },
      { code: "provincial", name: "省级补助", category: "fiscal", sortOrder: 2 },
      { code: "municipal", name: "市级补助", category: "fiscal", sortOrder: 3 },
    ])
    .onConflictDoNothing();
  const [programme] = await db.insert(programmes).values({ code: tag, name: "基准资金" }).returning();
  const asOf = "2022-06-30";
  const [fy] = await db
    .insert(fundYears)
    .values({
      programmeId: programme.id,
      regionId: province.id,
      year: 2021,
      evaluationDate: asOf,
      allocationFrom: "2020-10-01",
      allocationTo: "2021-12-31",
      paymentFrom: "2021-01-01",
      paymentTo: "2022-12-31",
    })
    .returning();
  const src = sql`(select array_agg(id order by sort_order, id) from funding_sources where code in ('central', 'provincial', 'municipal'))`;
  await step(
    `${sizes.counties * sizes.projectsPerCounty} 个项目`,
    sql`insert into projects (fund_year_id, county_id, code, name, batch_year, status)
        select ${fy.id}, c.id, 'P' || c.sort_order || '-' || j, '基准项目' || c.sort_order || '-' || j, 2021,
               (array['planned','started','completed','accepted','settled'])[1 + (c.sort_order + j) % 5]
        from regions c cross join generate_series(1, ${sizes.projectsPerCounty}::int) j
        where c.parent_id = ${province.id} order by c.sort_order, j`,
  );
  // Generous allocations so every payment fits: 100万元 per project and source (the nation's total stays a safe integer in 分).
  await step(
    "下达",
    sql`insert into allocations (fund_year_id, source_id, county_id, project_id, amount_fen, doc_no, allocated_on)
        select ${fy.id}, s.id, p.county_id, p.id, 100000000, '基准〔2021〕' || s.id || '号', date '2021-05-01'
        from projects p cross join (select unnest(${src}) id) s where p.fund_year_id = ${fy.id}`,
  );
  await step(
    "计划投资",
    sql`insert into project_investments (project_id, source_id, amount_fen)
        select p.id, s.id, 1000000 + (p.id * 7919 + s.id * 104729) % 50000000
        from projects p cross join (select unnest(${src}) id) s where p.fund_year_id = ${fy.id}`,
  );
  await step(
    `${sizes.counties * sizes.projectsPerCounty * sizes.communitiesPerProject} 个小区`,
    sql`with made as (
          insert into communities (county_id, code, name, built_year, buildings, households, floor_area_dm2, property_mode)
          select p.county_id, ${tag} || '-' || p.id || '-' || j, '基准小区' || p.id || '-' || j, 1980 + (p.id + j) % 20,
                 1 + (p.id * 31 + j) % 12, 50 + (p.id * 17 + j * 13) % 400, 300000 + (p.id * 7 + j * 11) % 3000000,
                 (array['professional','street','self','none'])[1 + (p.id + j) % 4]
          from projects p cross join generate_series(1, ${sizes.communitiesPerProject}::int) j where p.fund_year_id = ${fy.id}
          returning id, code)
        insert into project_communities (fund_year_id, project_id, community_id)
        select ${fy.id}, split_part(code, '-', 2)::int, id from made`,
  );
  await step(
    `${sizes.payments.toLocaleString()} 笔支付`,
    sql`with p as (select id, county_id, (row_number() over (order by id)) - 1 as rn from projects where fund_year_id = ${fy.id}),
             n as (select count(*)::int as n from p), s as (select ${src} as ids)
        insert into payments (fund_year_id, source_id, county_id, project_id, amount_fen, paid_on, voucher_no)
        select ${fy.id}, s.ids[1 + g % 3], p.county_id, p.id, 100 + (g::bigint * 104729) % 4999900,
               date '2021-03-01' + ((g::bigint * 7919) % 600)::int, 'V' || g
        from generate_series(1, ${sizes.payments}::int) g cross join n cross join s
        join p on p.rn = (g::bigint * 2654435761) % n.n`,
  );
  await step("统计信息（analyze）", sql`analyze`);
  const [{ projects, communities }] = rowsOf<{ projects: number; communities: number }>(
    await db.execute(sql`select (select count(*)::int from projects where fund_year_id = ${fy.id}) as projects,
                                (select count(*)::int from project_communities where fund_year_id = ${fy.id}) as communities`),
  );
  const [{ id: countyId }] = rowsOf<{ id: number }>(
    await db.execute(sql`select id from regions where parent_id = ${province.id} order by sort_order offset ${Math.floor(sizes.counties / 2)} limit 1`),
  );
  return { sizes, fundYearId: fy.id, regionId: province.id, countyId, asOf, projects, communities, seconds: (performance.now() - t0) / 1000 };
}
