/**
 * Derived figures equal the live computation after every kind of write: random sequences of payment
 * imports, project edits, progress reports, explanations, review actions, registry corrections and
 * evaluators' scores on the demo city, each followed by the cached figures (funds and projects
 * summaries, monitoring board, evaluation results and score sheets) and the same figures with the
 * cache switched off. `computedAt` says when a figure was computed, so it is left out of the comparison.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { eq, sql } from "drizzle-orm";
import type { CountyMonitor } from "../contracts/monitoring";
import type { FundsSummary } from "../contracts/funds";
import type { ProjectDetail } from "../contracts/projects";
import { createTestApp, type Client, type TestApp } from "../test/app";
import { engine } from "../test/db";
import { makeXlsx, multipart } from "../test/xlsx";
import { communities } from "../db/schema";
import { clearDerived, derivedStats } from "./derived";

let t: TestApp;
let finance: Client;
let lanshan: Client;
let pingyi: Client;
let pingjia: Client;
let evaluation: { task: number; lanshan: number; city: number };
let ids: { lanshan: number; pingyi: number };
let projectCodes: string[];

beforeAll(async () => {
  t = await createTestApp();
  finance = await t.as("caizheng");
  lanshan = await t.as("lanshan");
  pingyi = await t.as("pingyi");
  pingjia = await t.as("pingjia");
  const s = await finance.get<FundsSummary>("/api/funds/summary?fundYearId=1");
  ids = { lanshan: s.counties.find((c) => c.name === "兰山区")!.id, pingyi: s.counties.find((c) => c.name === "平邑县")!.id };
  const m = await lanshan.get<CountyMonitor>(`/api/monitoring/counties/${ids.lanshan}?fundYearId=1`);
  projectCodes = m.projects.map((p) => p.project.code);
  const [task] = await finance.get<{ id: number }[]>("/api/evaluations");
  const { scopes } = await finance.get<{ scopes: { id: number; name: string; countyId: number | null }[] }>(`/api/evaluations/${task.id}`);
  evaluation = { task: task.id, lanshan: scopes.find((x) => x.name === "兰山区")!.id, city: scopes.find((x) => x.countyId === null)!.id };
  READS.push(
    [() => finance, `/api/evaluations/${evaluation.task}/results`],
    [() => lanshan, `/api/evaluations/${evaluation.task}/results`],
    [() => finance, `/api/evaluations/${evaluation.task}/scopes/${evaluation.lanshan}/sheet`],
    [() => lanshan, `/api/evaluations/${evaluation.task}/scopes/${evaluation.lanshan}/sheet`],
    [() => finance, `/api/evaluations/${evaluation.task}/scopes/${evaluation.city}/sheet`],
  );
});
afterAll(() => t.close());

/** Every figure under test, as a finance user and as a county user, with several parameters. */
const READS: [() => Client, string][] = [
  [() => finance, "/api/funds/summary?fundYearId=1"],
  [() => finance, "/api/funds/summary?fundYearId=1&asOf=2022-12-31"],
  [() => lanshan, "/api/funds/summary?fundYearId=1"],
  [() => finance, "/api/projects/summary?fundYearId=1"],
  [() => lanshan, "/api/projects/summary?fundYearId=1"],
  [() => finance, "/api/monitoring/board?fundYearId=1"],
  [() => finance, "/api/monitoring/board?fundYearId=1&period=2021-Q4"],
  [() => pingyi, "/api/monitoring/board?fundYearId=1&period=2021-Q4"],
];

/** The figure without the times it was computed at. */
function withoutComputedAt(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComputedAt);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "computedAt").map(([k, v]) => [k, withoutComputedAt(v)]));
  return value;
}

async function readAll(): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const [client, url] of READS) out.push(withoutComputedAt(await client().get(url)));
  return out;
}

interface SheetNode {
  code: string;
  leaf?: { version: number } | null;
  children: SheetNode[];
}
function leafOf(nodes: SheetNode[], code: string): SheetNode | null {
  for (const n of nodes) {
    if (n.code === code) return n;
    const x = leafOf(n.children, code);
    if (x) return x;
  }
  return null;
}

let voucher = 0;
type Write =
  | { kind: "payment"; project: number; yuan: number; late: boolean }
  | { kind: "rename"; project: number; suffix: string }
  | { kind: "progress"; project: number; bp: number }
  | { kind: "explain"; pick: number; note: string }
  | { kind: "review"; action: "submit" | "approve" | "return" | "reopen" }
  | { kind: "households"; delta: number }
  | { kind: "score"; centi: number };

const writeArb: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constant("payment" as const), project: fc.nat(50), yuan: fc.integer({ min: 1, max: 5000 }), late: fc.boolean() }),
  fc.record({ kind: fc.constant("rename" as const), project: fc.nat(50), suffix: fc.constantFrom("甲", "乙", "丙") }),
  fc.record({ kind: fc.constant("progress" as const), project: fc.nat(50), bp: fc.integer({ min: 0, max: 10000 }) }),
  fc.record({ kind: fc.constant("explain" as const), pick: fc.nat(50), note: fc.constantFrom("资金未到位", "天气影响") }),
  fc.record({ kind: fc.constant("review" as const), action: fc.constantFrom("submit" as const, "approve" as const, "return" as const, "reopen" as const) }),
  fc.record({ kind: fc.constant("households" as const), delta: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constant("score" as const), centi: fc.integer({ min: 0, max: 150 }) }),
);

/** Runs one write; a refused one (locked package, a report going backwards …) is a write too: nothing changes. */
async function run(w: Write): Promise<void> {
  switch (w.kind) {
    case "payment": {
      const code = projectCodes[w.project % projectCodes.length];
      const file = await makeXlsx(["县区", "项目编号", "资金来源", "金额（元）", "支付日期", "凭证号"], [["兰山区", code, "省级补助", w.yuan, w.late ? "2022-09-01" : "2022-05-01", `DP-${++voucher}`]]);
      const { payload, headers } = multipart("兰山支付.xlsx", file);
      await lanshan.inject({ method: "POST", url: "/api/imports/payments?fundYearId=1&dryRun=false", payload, headers });
      return;
    }
    case "rename": {
      const m = await lanshan.get<CountyMonitor>(`/api/monitoring/counties/${ids.lanshan}?fundYearId=1`);
      const p = m.projects[w.project % m.projects.length].project;
      const { project } = await lanshan.get<ProjectDetail>(`/api/projects/${p.id}`);
      // the name, and the acceptance that moves the project's status (refused when it is not complete)
      const accept = w.suffix !== "丙" && project.actualCompletionOn !== null;
      await lanshan.inject({
        method: "PATCH",
        url: `/api/projects/${p.id}`,
        payload: { name: `${project.name.slice(0, 40)}${w.suffix}`, actualAcceptanceOn: accept ? project.actualCompletionOn : null, acceptanceResult: accept ? "qualified" : null, version: project.version },
      });
      return;
    }
    case "progress": {
      const m = await lanshan.get<CountyMonitor>(`/api/monitoring/counties/${ids.lanshan}?fundYearId=1`);
      const p = m.projects[w.project % m.projects.length];
      const row = { projectId: p.project.id, physicalBp: w.bp, investedFen: Math.floor((p.plannedFen * w.bp) / 10000), actualStartOn: p.project.actualStartOn, actualCompletionOn: p.project.actualCompletionOn };
      await lanshan.inject({ method: "PUT", url: "/api/monitoring/progress", payload: { fundYearId: 1, period: m.period.code, rows: [row] } });
      return;
    }
    case "explain": {
      const m = await pingyi.get<CountyMonitor>(`/api/monitoring/counties/${ids.pingyi}?fundYearId=1&period=2021-Q4`);
      const flagged = m.projects.flatMap((p) => p.cells.filter((c) => c.light === "red" || c.light === "yellow").map((c) => ({ p, c })));
      if (!flagged.length) return;
      const { p, c } = flagged[w.pick % flagged.length];
      await pingyi.inject({
        method: "PUT",
        url: "/api/monitoring/explanations",
        payload: { fundYearId: 1, period: "2021-Q4", measure: c.measure, countyId: ids.pingyi, projectId: p.project.id, cause: "funding", likelihood: "possible", note: w.note },
      });
      return;
    }
    case "review": {
      const by = w.action === "submit" ? lanshan : finance;
      const reason = w.action === "return" || w.action === "reopen" ? "核对后重报" : undefined;
      await by.inject({ method: "POST", url: "/api/reviews/actions", payload: { fundYearId: 1, countyId: ids.lanshan, kind: "payments", action: w.action, reason } });
      return;
    }
    case "households": {
      // a registry correction written straight to the table (the registry import's own statement)
      await t.db.db
        .update(communities)
        .set({ households: sql`greatest(${communities.households} + ${w.delta}, 0)` })
        .where(eq(communities.countyId, ids.lanshan));
      return;
    }
    case "score": {
      // the evaluator scores a manual leaf of 兰山区 (1.5 points), over the version the sheet shows
      const url = `/api/evaluations/${evaluation.task}/scopes/${evaluation.lanshan}`;
      const sheet = await pingjia.get<{ nodes: SheetNode[] }>(`${url}/sheet`);
      const version = leafOf(sheet.nodes, "process.org.rules")?.leaf?.version ?? 0;
      const r = await pingjia.inject({ method: "PUT", url: `${url}/entries/process.org.rules`, payload: { version, manualScore: w.centi, reason: w.centi < 150 ? "制度不健全" : null } });
      expect(r.statusCode, r.body).toBe(200);
      return;
    }
  }
}

describe(`derived figures equal the live computation after every write (${engine})`, () => {
  it("random writes interleaved with reads never leave a cached figure stale", async () => {
    clearDerived();
    await fc.assert(
      fc.asyncProperty(fc.array(writeArb, { minLength: 1, maxLength: 4 }), async (writes) => {
        await readAll(); // fill the cache
        for (const w of writes) {
          await run(w);
          const cached = await readAll();
          process.env.WENXIAO_DERIVED_CACHE = "0";
          try {
            const live = await readAll();
            expect(cached).toEqual(live);
          } finally {
            delete process.env.WENXIAO_DERIVED_CACHE;
          }
        }
      }),
      { numRuns: 10 },
    );
    // the cache did serve: reads between writes that changed nothing they depend on hit it
    expect(derivedStats().hits).toBeGreaterThan(0);
  }, 240_000);
});
