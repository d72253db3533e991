/**
 * The pages a user waits for, each next to its SQL "floor": one hand-written query computing the same
 * figures over the same rows. `runPages` times them interleaved (service, floor, service, floor …) so
 * the ratio holds on a noisy machine; `checkPages` compares the figures both compute (the smoke test).
 * The services are the same functions the HTTP routes call.
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
    await p.service(); // warm-up
    await p.floor();
    const s: number[] = [];
    const f: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      await p.service();
      s.push(performance.now() - t);
      t = performance.now();
      await p.floor();
      f.push(performance.now() - t);
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
