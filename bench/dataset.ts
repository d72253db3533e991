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
import { fundingSources, programmes, regions } from "../db/schema";
import { DEFAULT_TEMPLATE_CODE, ensureEvaluationBuiltIns } from "../db/builtins/evaluations";
import { SYSTEM_ACTOR } from "../core/access";
import type { ServiceContext } from "../server/context";
import { createFundYear } from "../server/modules/fund-years/create-fund-year";
import { createTask } from "../server/modules/evaluations/tasks";

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
  /** The 评价任务 with the city and every county as scopes (created by the app's createTask). */
  taskId: number;
  /** The task's scope of `countyId` (one county's score sheet). */
  scopeId: number;
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
  // The fund year as a user opens it (新建资金年度): the programme's default 双监控 (the built-in
  // five indicators, quarterly) made absolute for the year, and the default template.
  const ctx: ServiceContext = { db, actor: SYSTEM_ACTOR, ip: null };
  const builtIns = await ensureEvaluationBuiltIns(db);
  const [programme] = await db.insert(programmes).values({ code: tag, name: "基准资金", templateCode: DEFAULT_TEMPLATE_CODE }).returning();
  const asOf = "2022-06-30";
  const { fundYear: fy } = await createFundYear(ctx, {
    programmeId: programme.id,
    regionId: province.id,
    year: 2021,
    evaluationDate: asOf,
    allocationFrom: "2020-10-01",
    allocationTo: "2021-12-31",
    paymentFrom: "2021-01-01",
    paymentTo: "2022-12-31",
  });
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
  // Registry dates (开工, 完工, 验收) for the 双监控 lights and the evaluation's registry metrics: every
  // project planned, four in five started by the 评价日, one in two completed, one in three accepted.
  await step(
    "项目进度日期",
    sql`insert into project_details (project_id, planned_start_on, actual_start_on, planned_completion_on, actual_completion_on, planned_acceptance_on, actual_acceptance_on, acceptance_result)
        select p.id, date '2021-03-01' + (p.id % 90), case when p.id % 5 <> 0 then date '2021-03-01' + (p.id % 120) end,
               date '2021-10-01' + (p.id % 90), case when p.id % 2 = 0 then date '2021-09-01' + (p.id % 200) end,
               date '2021-12-01' + (p.id % 90), case when p.id % 6 = 0 then date '2022-01-01' + (p.id % 150) end,
               case when p.id % 6 = 0 then 'qualified' end
        from projects p where p.fund_year_id = ${fy.id}`,
  );
  // 进度填报: nine in ten projects report every quarter from 2021-Q2 to the 评价日's quarter (2022-Q2), a
  // rising 形象进度 and a cumulative 累计完成投资 below the project's 计划投资.
  await step(
    "进度填报",
    sql`insert into progress_reports (fund_year_id, project_id, period, physical_bp, invested_fen)
        select ${fy.id}, p.id, q.period, least(10000, q.n * 1800 + p.id % 1000),
               (select sum(amount_fen) from project_investments i where i.project_id = p.id) * least(10, q.n * 2) / 10
        from projects p cross join (values ('2021-Q2', 1), ('2021-Q3', 2), ('2021-Q4', 3), ('2022-Q1', 4), ('2022-Q2', 5)) q(period, n)
        where p.fund_year_id = ${fy.id} and p.id % 10 <> 0`,
  );
  await step("统计信息（analyze）", sql`analyze`);
  // The 评价任务 as a user creates it: the city and every county as scopes, the default template and scale.
  const s = performance.now();
  const task = await createTask(ctx, {
    fundYearId: fy.id,
    name: "基准评价任务",
    templateId: builtIns.templateId,
    gradeScaleId: builtIns.scaleId,
    evaluatorOrg: "基准评价机构",
    overallMethod: "city_sheet",
    offsiteCountyIds: [],
  });
  log(`  评价任务（${task.scopes.length} 个评价范围）：${((performance.now() - s) / 1000).toFixed(1)} 秒`);
  const [{ projects, communities }] = rowsOf<{ projects: number; communities: number }>(
    await db.execute(sql`select (select count(*)::int from projects where fund_year_id = ${fy.id}) as projects,
                                (select count(*)::int from project_communities where fund_year_id = ${fy.id}) as communities`),
  );
  const [{ id: countyId }] = rowsOf<{ id: number }>(
    await db.execute(sql`select id from regions where parent_id = ${province.id} order by sort_order offset ${Math.floor(sizes.counties / 2)} limit 1`),
  );
  const scope = task.scopes.find((x) => x.countyId === countyId);
  if (!scope) throw new Error("评价任务缺少所选县区的评价范围");
  return { sizes, fundYearId: fy.id, regionId: province.id, countyId, asOf, taskId: task.id, scopeId: scope.id, projects, communities, seconds: (performance.now() - t0) / 1000 };
}
