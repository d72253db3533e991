/**
 * Two real app processes (`node --import tsx server/main.ts`) on one fresh PostgreSQL database: what one
 * instance writes, the other reads at once (no per-process state between them), a session made on one
 * works on the other, and a scheduled job runs once across both. Needs a PostgreSQL server
 * (TEST_PG_URL or TEST_DATABASE_URL); skipped without one, except in CI where it fails.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSRF_HEADER, SESSION_COOKIE } from "../contracts/auth";
import type { FundsSummary } from "../contracts/funds";
import { DEMO_PASSWORD } from "../db/demo/users";
import { makeXlsx, multipart } from "../test/xlsx";

const serverUrl = process.env.TEST_PG_URL ?? process.env.TEST_DATABASE_URL;
if (!serverUrl && process.env.CI === "true") throw new Error("CI 中必须设置 TEST_PG_URL 或 TEST_DATABASE_URL 以运行多实例测试");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

interface Instance {
  base: string;
  proc: ChildProcess;
  log: string[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startInstance(databaseUrl: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const log: string[] = [];
  const proc = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info", WENXIAO_RATE_LIMIT_PER_MINUTE: "100000", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout!.on("data", (d: Buffer) => log.push(d.toString()));
  proc.stderr!.on("data", (d: Buffer) => log.push(d.toString()));
  return { base: `http://127.0.0.1:${port}`, proc, log };
}

/** Polls until `check` holds (the instance answers its health check …); fails with the instance's log. */
async function until(what: string, check: () => Promise<boolean>, instances: Instance[], attempts = 600): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check().catch(() => false)) return;
    for (const x of instances) if (x.proc.exitCode !== null) throw new Error(`实例已退出（${what}）：\n${x.log.join("")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`等待超时：${what}\n${instances.map((x) => x.log.join("")).join("\n----\n")}`);
}

interface Session {
  cookie: string;
  csrf: string;
}

async function login(base: string, username: string): Promise<Session> {
  const r = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  expect(r.status).toBe(200);
  const token = r.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
  return { cookie: token, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
}

const get = async <T,>(base: string, s: Session, url: string): Promise<{ status: number; body: T }> => {
  const r = await fetch(`${base}${url}`, { headers: { cookie: s.cookie, [CSRF_HEADER]: s.csrf } });
  return { status: r.status, body: (await r.json()) as T };
};

describe.skipIf(!serverUrl)("two app instances on one PostgreSQL", () => {
  const name = `wx_multi_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let a: Instance;
  let b: Instance;
  let admin: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(serverUrl!);
    url.pathname = "/" + name;
    // Both start together on the empty database: both migrate (one at a time) and both try to load
    // the demo city (one does); both run the scheduler, ticking often.
    const env = { WENXIAO_JOBS_INTERVAL_MS: "200" };
    [a, b] = await Promise.all([startInstance(url.toString(), env), startInstance(url.toString(), env)]);
    for (const x of [a, b]) await until("健康检查", async () => (await fetch(`${x.base}/api/health`)).ok, [a, b]);
  }, 180_000);

  afterAll(async () => {
    for (const x of [a, b]) {
      if (!x || x.proc.exitCode !== null) continue;
      const exited = new Promise((r) => x.proc.once("exit", r));
      x.proc.kill("SIGTERM");
      await exited;
    }
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }, 60_000);

  it("a session created on A works on B, and signing out on A ends it on B", async () => {
    const s = await login(a.base, "caizheng");
    expect((await get(b.base, s, "/api/auth/me")).status).toBe(200);
    const out = await fetch(`${a.base}/api/auth/logout`, { method: "POST", headers: { cookie: s.cookie, [CSRF_HEADER]: s.csrf } });
    expect(out.status).toBeLessThan(300);
    expect((await get(b.base, s, "/api/auth/me")).status).toBe(401);
  });

  it("a payment imported through A changes the funds summary read through B at once", async () => {
    const sa = await login(a.base, "caizheng");
    const sb = await login(b.base, "caizheng");
    const fy = (await get<{ id: number }[]>(b.base, sb, "/api/fund-years")).body[0].id;
    const summaryUrl = `/api/funds/summary?fundYearId=${fy}&asOf=2022-12-31`;
    const before = (await get<FundsSummary>(b.base, sb, summaryUrl)).body;
    const hedong = before.counties.find((c) => c.name === "河东区")!;
    const county = (await get<{ projects: { code: string }[] }>(a.base, sa, `/api/funds/counties/${hedong.id}?fundYearId=${fy}`)).body;
    const file = await makeXlsx(["县区", "项目编号", "资金来源", "金额（元）", "支付日期", "凭证号", "备注"], [["河东区", county.projects[0].code, "省级补助", 1234.56, "2022-03-15", `MULTI-${name}`, null]]);
    const { payload, headers } = multipart("支付.xlsx", file);
    const r = await fetch(`${a.base}/api/imports/payments?fundYearId=${fy}&dryRun=false`, { method: "POST", headers: { ...headers, cookie: sa.cookie, [CSRF_HEADER]: sa.csrf }, body: payload });
    expect(r.status, await r.clone().text()).toBe(200);
    const after = (await get<FundsSummary>(b.base, sb, summaryUrl)).body;
    expect(after.total.paidFen - before.total.paidFen).toBe(123_456);
    expect(after.counts.payments - before.counts.payments).toBe(1);
    expect(after.byCounty.find((c) => c.countyId === hedong.id)!.paidFen - before.byCounty.find((c) => c.countyId === hedong.id)!.paidFen).toBe(123_456);
  });

  it("the demo city was loaded once and each scheduled run ran on one instance", async () => {
    const url = new URL(serverUrl!);
    url.pathname = "/" + name;
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    try {
      // Both schedulers tick every 200 ms: wait for a finished run, then for each instance to have
      // started at least one tick after it (a tick that met the claim and skipped).
      await until("定时任务完成", async () => (await c.query("select 1 from scheduled_runs where finished_at is not null")).rowCount! > 0, [a, b]);
      const { rows } = await c.query<{ job: string; run_key: string; n: number; instances: string[] }>(
        "select job, run_key, count(*)::int as n, array_agg(instance) as instances from scheduled_runs group by job, run_key",
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.n).toBe(1);
      // Each run is logged by the instance that ran it, and by that one only.
      const completions = [a, b].map((x) => (x.log.join("").match(/定时任务 \S+（[^）]+）已完成/g) ?? []).length);
      expect(completions[0] + completions[1]).toBe(rows.length);
      for (const x of [a, b]) expect(x.log.join("")).not.toContain("运行失败");
      // The demo city was loaded by one instance; the other found it.
      expect([a, b].filter((x) => x.log.join("").includes("已载入示例数据"))).toHaveLength(1);
      const years = await c.query<{ n: number }>("select count(*)::int as n from fund_years");
      expect(years.rows[0].n).toBe(1);
    } finally {
      await c.end();
    }
  });
});
