/**
 * The pages a user waits for, each next to its SQL "floor": one hand-written query computing the same
 * figures over the same rows. `runPages` times them interleaved (service, floor, service, floor …) so
 * the ratio holds on a noisy machine; `checkPages` compares the figures both compute (the smoke test).
 * The services are the same functions the HTTP routes call. 写入后首读 is the first read with the derived
 * cache emptied; the timed runs run with the cache off (WENXIAO_DERIVED_CACHE=0), so they measure the
 * computation, never a cache hit.
 */
import { performance } from "node:perf_hooks";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { Db } from "../db/open";
import { SYSTEM_ACTOR } from "../core/access";
import type { ServiceContext } from "../server/context";
import { getCountyLedger, getFundsSummary } from "../server/modules/funds/service";
import { getProjectsSummary } from "../server/modules/projects/service";
import { getBoard } from "../server/modules/monitoring/get-board";
import { getResults } from "../server/modules/evaluations/results";
import { getSheet } from "../server/modules/evaluations/score-sheets";
import { periodOf } from "../core/monitoring";
import { ratioBasisPoints } from "../core/money";
import type { SheetNodeView } from "../contracts/evaluations";
import type { BenchDataset } from "./dataset";

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

/** Figures both sides compute, as plain strings so a mismatch prints readably. */
type Figures = Record<string, string>;

export interface Page {
  name: string;
  goal: { kind: "ratio"; max: number; under?: number } | { kind: "ms"; max: number };
  service: () => Promise<Figures>;
  floor: () => Promise<Figures>;
}

export function pagesOf(db: Db, ds: BenchDataset): Page[] {
  const ctx: ServiceContext = { db, actor: SYSTEM_ACTOR, ip: null };
  const fy = ds.fundYearId;
  const county = ds.countyId;
  const asOf = ds.asOf;
  const perCountyFloor = async (countyId?: number) => {
    const rows = rowsOf<{ county_id: number; projects: number; communities: number; households: string }>(
      await db.execute(sql`select p.county_id, count(distinct p.id)::int as projects, count(pc.id)::int as communities,
                                  coalesce(sum(c.households), 0)::text as households
                           from projects p left join project_communities pc on pc.project_id = p.id
                           left join communities c on c.id = pc.community_id
                           where p.fund_year_id = ${fy} ${countyId === undefined ? sql`` : sql`and p.county_id = ${countyId}`}
                           group by p.county_id`),
    );
    return Object.fromEntries(rows.map((r) => [`县区${r.county_id}`, `${r.projects}/${r.communities}/${r.households}`]));
  };
  const perCountyService = async (countyId?: number) => {
    const s = await getProjectsSummary(ctx, { fundYearId: fy, countyId });
    return Object.fromEntries(s.counties.filter((c) => c.projects > 0).map((c) => [`县区${c.county.id}`, `${c.projects}/${c.communities}/${c.households}`]));
  };
  // The evaluation's 预算执行率 leaf (default template: 分值 8 分, ratio capped at the target).
  const EXECUTION = "process.funds.execution";
  const EXECUTION_WEIGHT = 800;
  // Per scope (the city: every county), paid ÷ allocated as of the task's 评价日 and the leaf's score,
  // weight × paid ÷ allocated rounded half up, at most the weight.
  const executionFloor = async (countyId?: number) =>
    rowsOf<{ region_id: number; paid: string; allocated: string; score: number | null }>(
      await db.execute(sql`with t as (select as_of from evaluation_tasks where id = ${ds.taskId}),
                           c as (select county_id, sum(a)::bigint as allocated, sum(p)::bigint as paid from (
                                   select county_id, amount_fen as a, 0 as p from allocations, t where fund_year_id = ${fy} and allocated_on <= t.as_of
                                   union all
                                   select county_id, 0, amount_fen from payments, t where fund_year_id = ${fy} and paid_on <= t.as_of) x
                                 ${countyId === undefined ? sql`` : sql`where county_id = ${countyId}`}
                                 group by county_id),
                           s as (select county_id as region_id, allocated, paid from c
                                 ${countyId === undefined ? sql`union all select ${ds.regionId}::int, sum(allocated)::bigint, sum(paid)::bigint from c` : sql``})
                           select region_id, paid::text, allocated::text,
                                  case when allocated > 0 then least(${EXECUTION_WEIGHT}, (2 * ${EXECUTION_WEIGHT} * paid + allocated) / (2 * allocated))::int end as score
                           from s`),
    );
  const leavesOf = (nodes: SheetNodeView[]): SheetNodeView[] => nodes.flatMap((n) => (n.leaf ? [n] : leavesOf(n.children)));
  return [
    {
      name: "资金汇总（全部县区，来源 × 县区，评价日）",
      goal: { kind: "ratio", max: 1.5 },
      service: async () => {
        const s = await getFundsSummary(ctx, { fundYearId: fy, asOf });
        return { 下达: String(s.total.allocatedFen), 支付: String(s.total.paidFen), 单元格: String(s.cells.filter((c) => c.allocatedFen || c.paidFen).length) };
      },
      floor: async () => {
        const rows = rowsOf<{ a: string; p: string; n: number }>(
          await db.execute(sql`select sum(a)::text as a, sum(p)::text as p, count(*)::int as n from (
                                 select source_id, county_id, sum(a) as a, sum(p) as p from (
                                   select source_id, county_id, amount_fen as a, 0 as p from allocations where fund_year_id = ${fy} and allocated_on <= ${asOf}
                                   union all
                                   select source_id, county_id, 0, amount_fen from payments where fund_year_id = ${fy} and paid_on <= ${asOf}) x
                                 group by source_id, county_id) cells`),
        );
        return { 下达: String(rows[0].a ?? 0), 支付: String(rows[0].p ?? 0), 单元格: String(rows[0].n) };
      },
    },
    {
      name: "项目汇总（全部县区：项目、小区、户数）",
      goal: { kind: "ratio", max: 2, under: 3000 },
      service: () => perCountyService(),
      floor: () => perCountyFloor(),
    },
    {
      name: "一个县区的项目汇总",
      goal: { kind: "ms", max: 100 },
      service: () => perCountyService(county),
      floor: () => perCountyFloor(county),
    },
    {
      name: "一个县区的资金与项目明细",
      goal: { kind: "ms", max: 100 },
      service: async () => {
        const l = await getCountyLedger(ctx, { fundYearId: fy, countyId: county, asOf });
        return Object.fromEntries(l.projects.map((p) => [`项目${p.id}`, `${p.allocatedFen}/${p.paidFen}`]));
      },
      floor: async () => {
        const rows = rowsOf<{ id: number; a: string; p: string }>(
          await db.execute(sql`select pr.id,
                                 coalesce((select sum(amount_fen) from allocations a where a.project_id = pr.id and a.allocated_on <= ${asOf}), 0)::text as a,
                                 coalesce((select sum(amount_fen) from payments p where p.project_id = pr.id and p.paid_on <= ${asOf}), 0)::text as p
                               from projects pr where pr.fund_year_id = ${fy} and pr.county_id = ${county}`),
        );
        return Object.fromEntries(rows.map((r) => [`项目${r.id}`, `${r.a}/${r.p}`]));
      },
    },
    {
      name: "监测看板（全部县区，评价日所在期）",
      goal: { kind: "ratio", max: 2, under: 3000 },
      service: async () => {
        const b = await getBoard(ctx, { fundYearId: fy });
        const out: Figures = { 期次: b.period.code, 全部支付进度: String(b.city.cells.find((c) => c.measure === "payment")?.progressBp ?? null) };
        for (const c of b.counties) {
          if (!c.projects) continue;
          out[`县区${c.county.id}`] = `${c.projects}/${c.reported}/${c.cells.find((x) => x.measure === "start")?.progressBp ?? null}`;
        }
        return out;
      },
      // Per county: projects, those reported this period, 开工进度 (started by the period end ÷ projects);
      // the city's 资金支付进度 (paid ÷ allocated by the period end, projects' money).
      floor: async () => {
        const period = periodOf(asOf, "quarter");
        const rows = rowsOf<{ county_id: number; projects: number; reported: number; started: number }>(
          await db.execute(sql`select p.county_id, count(*)::int as projects, count(r.id)::int as reported,
                                      count(*) filter (where d.actual_start_on <= ${period.end})::int as started
                               from projects p left join progress_reports r on r.project_id = p.id and r.period = ${period.code}
                               left join project_details d on d.project_id = p.id
                               where p.fund_year_id = ${fy} group by p.county_id`),
        );
        const [money] = rowsOf<{ a: string; p: string }>(
          await db.execute(sql`select (select coalesce(sum(amount_fen), 0) from allocations where fund_year_id = ${fy} and allocated_on <= ${period.end} and project_id is not null)::text as a,
                                      (select coalesce(sum(amount_fen), 0) from payments where fund_year_id = ${fy} and paid_on <= ${period.end} and project_id is not null)::text as p`),
        );
        const out: Figures = { 期次: period.code, 全部支付进度: String(ratioBasisPoints(Number(money.p), Number(money.a))) };
        for (const r of rows) out[`县区${r.county_id}`] = `${r.projects}/${r.reported}/${ratioBasisPoints(r.started, r.projects)}`;
        return out;
      },
    },
    {
      name: "评价结果（实时，全市与每个县区）",
      goal: { kind: "ratio", max: 2, under: 3000 },
      service: async () => {
        const r = await getResults(ctx, ds.taskId);
        const scopes = [...(r.city ? [r.city] : []), ...r.counties];
        const out: Figures = { 评价范围: String(scopes.length) };
        // A leaf that lost nothing is not listed among the lost points: it scored its full weight.
        for (const s of scopes) out[`范围${s.regionId}`] = String(s.lost.find((l) => l.code === EXECUTION)?.score ?? EXECUTION_WEIGHT);
        return out;
      },
      floor: async () => {
        const [{ n }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from evaluation_scopes where task_id = ${ds.taskId}`));
        const out: Figures = { 评价范围: String(n) };
        for (const r of await executionFloor()) out[`范围${r.region_id}`] = String(r.score ?? 0);
        return out;
      },
    },
    {
      name: "一个县区的评分表（实时）",
      goal: { kind: "ms", max: 100 },
      service: async () => {
        const sheet = await getSheet(ctx, ds.taskId, ds.scopeId);
        const leaves = leavesOf(sheet.nodes);
        const v = leaves.find((l) => l.code === EXECUTION)?.leaf?.value;
        return { 指标: String(leaves.length), 预算执行率: v ? `${v.num}/${v.den}` : "—" };
      },
      // The leaves of the task's tree (nodes without children) and the county's paid ÷ allocated.
      floor: async () => {
        const [{ n }] = rowsOf<{ n: number }>(
          await db.execute(sql`with recursive n(node) as (
                                 select jsonb_array_elements(tree -> 'nodes') from evaluation_tasks where id = ${ds.taskId}
                                 union all
                                 select jsonb_array_elements(node -> 'children') from n where jsonb_typeof(node -> 'children') = 'array')
                               select count(*)::int as n from n where coalesce(jsonb_array_length(node -> 'children'), 0) = 0`),
        );
        const [e] = await executionFloor(county);
        return { 指标: String(n), 预算执行率: e ? `${e.paid}/${e.allocated}` : "—" };
      },
    },
  ];
}

/** Figures a page and its floor both compute that differ (empty: they agree). */
export async function checkPages(pages: Page[]): Promise<string[]> {
  const wrong: string[] = [];
  for (const p of pages) {
    const [s, f] = [await p.service(), await p.floor()];
    for (const k of new Set([...Object.keys(s), ...Object.keys(f)])) if (s[k] !== f[k]) wrong.push(`${p.name} ${k}：页面 ${s[k]}，SQL ${f[k]}`);
  }
  return wrong;
}

/** The derived-figure cache, when server/derived.ts exists (another change adds it). */
async function derivedCache(): Promise<{ clearDerived: () => unknown | Promise<unknown> } | null> {
  const file = fileURLToPath(new URL("../server/derived.ts", import.meta.url));
  if (!existsSync(file)) return null;
  const m = (await import(file)) as { clearDerived?: () => unknown };
  return typeof m.clearDerived === "function" ? (m as { clearDerived: () => unknown }) : null;
}

export interface PageResult {
  name: string;
  coldMs: number | null;
  serviceMs: number;
  floorMs: number;
  ratio: number;
  ok: boolean;
  goal: string;
}

const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runPages(pages: Page[], runs: number, log: (s: string) => void = () => {}): Promise<PageResult[]> {
  const cache = await derivedCache();
  const out: PageResult[] = [];
  for (const p of pages) {
    let coldMs: number | null = null;
    if (cache) {
      await cache.clearDerived();
      const t = performance.now();
      await p.service();
      coldMs = performance.now() - t;
    }
    // The timed runs measure the computation, not a cache hit: the derived cache is off for them.
    const cacheSetting = process.env.WENXIAO_DERIVED_CACHE;
    process.env.WENXIAO_DERIVED_CACHE = "0";
    const s: number[] = [];
    const f: number[] = [];
    try {
      await p.service(); // warm-up
      await p.floor();
      for (let i = 0; i < runs; i++) {
        let t = performance.now();
        await p.service();
        s.push(performance.now() - t);
        t = performance.now();
        await p.floor();
        f.push(performance.now() - t);
      }
    } finally {
      if (cacheSetting === undefined) delete process.env.WENXIAO_DERIVED_CACHE;
      else process.env.WENXIAO_DERIVED_CACHE = cacheSetting;
    }
    const serviceMs = medianOf(s);
    const floorMs = medianOf(f);
    const ratio = serviceMs / floorMs;
    const g = p.goal;
    const ok = g.kind === "ms" ? serviceMs < g.max : ratio <= g.max && (g.under === undefined || serviceMs < g.under);
    const goal = g.kind === "ms" ? `< ${g.max} ms` : `≤ ${g.max}×${g.under ? `，< ${g.under / 1000} s` : ""}`;
    out.push({ name: p.name, coldMs, serviceMs, floorMs, ratio, ok, goal });
    log(`  ${p.name}：${serviceMs.toFixed(0)} ms / ${floorMs.toFixed(0)} ms`);
  }
  return out;
}

const fmt = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);

export function pagesTable(results: PageResult[]): string {
  const lines = ["| 页面 | 写入后首读 | 页面（中位数） | SQL 下限 | 倍数 | 目标 | 结果 |", "|---|---:|---:|---:|---:|---|---|"];
  for (const r of results)
    lines.push(`| ${r.name} | ${r.coldMs === null ? "—" : fmt(r.coldMs)} | ${fmt(r.serviceMs)} | ${fmt(r.floorMs)} | ${r.ratio.toFixed(1)}× | ${r.goal} | ${r.ok ? "达标" : "未达标"} |`);
  return lines.join("\n");
}
