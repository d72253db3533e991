/**
 * `npm run bench` (HTTP part): the demo city over a real listening server under load (autocannon):
 * 50 connections for BENCH_HTTP_SECONDS (10) per endpoint, signed in as 市财政局, the load from a
 * worker thread (autocannon's `workers`) so it does not share the server's event loop. `GET /api/auth/me`
 * is the floor (same session, logging and rate limit, no data). Runs on in-memory PGlite and, with
 * DATABASE_URL, on its own database wx_bench_http_<pid>_<random> on that server (dropped at the end).
 */
import os from "node:os";
import { scratchDatabase } from "../test/db";
import autocannon from "autocannon";
import { openDb, type Database } from "../db/open";
import { loadDemo } from "../db/demo/load";
import { DEMO_PASSWORD } from "../db/demo/users";
import { SESSION_COOKIE } from "../contracts/auth";
import { SYSTEM_ACTOR } from "../core/access";
import { buildApp } from "../server/app";
import { listTasks } from "../server/modules/evaluations/service";

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 50);

async function load(d: Database, label: string, goalMs: number) {
  await d.migrate();
  await loadDemo(d.db);
  const [task] = await listTasks({ db: d.db, actor: SYSTEM_ACTOR, ip: null }, { year: 2021 });
  const fy = task.fundYearId;
  const app = await buildApp({ database: d, webDist: null, rateLimitPerMinute: 10_000_000, loginRatePerMinute: 1_000 });
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  try {
    const r = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "caizheng", password: DEMO_PASSWORD }) });
    if (r.status !== 200) throw new Error(`登录失败：${r.status}`);
    const cookie = r.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    if (!cookie) throw new Error("登录未返回会话 Cookie");
    const endpoints: [string, string][] = [
      ["当前用户（下限）", "/api/auth/me"],
      ["资金汇总", `/api/funds/summary?fundYearId=${fy}`],
      ["项目汇总", `/api/projects/summary?fundYearId=${fy}`],
      ["监测看板", `/api/monitoring/board?fundYearId=${fy}`],
      ["评价结果（实时）", `/api/evaluations/${task.id}/results`],
    ];
    const rows: { name: string; p50: number; p975: number; p99: number; rps: number; errors: number }[] = [];
    for (const [name, path] of endpoints) {
      const check = await fetch(base + path, { headers: { cookie } });
      if (check.status !== 200) throw new Error(`${path}：${check.status} ${(await check.text()).slice(0, 200)}`);
      // In a worker thread of its own: on this process's event loop the load would take the server's time.
      const res = await autocannon({ url: base + path, connections: CONNECTIONS, duration: SECONDS, headers: { cookie }, workers: 1 });
      const lat = res.latency;
      rows.push({ name, p50: lat.p50, p975: lat.p97_5, p99: lat.p99, rps: res.requests.average, errors: res.errors + res.non2xx });
      process.stderr.write(`  ${label} ${name}：p50 ${lat.p50} ms，${res.requests.average} 次/秒\n`);
    }
    const floor = rows[0];
    console.log(`\n### HTTP 负载：演示城市，${label}\n`);
    console.log(`${CONNECTIONS} 个并发连接，每个接口 ${SECONDS} 秒，同一登录会话（市财政局）；机器：${os.cpus().length} 核 ${os.cpus()[0]?.model ?? ""}，Node ${process.version}。目标 P95 < ${goalMs} ms（autocannon 不给 P95，以更严的 P97.5 判定）。\n`);
    console.log("| 接口 | P50 (ms) | P97.5 (ms) | P99 (ms) | 次/秒 | 相对下限（P50） | 错误 | 结果 |\n|---|---:|---:|---:|---:|---:|---:|---|");
    for (const r of rows)
      console.log(
        `| ${r.name} | ${r.p50} | ${r.p975} | ${r.p99} | ${r.rps.toFixed(0)} | ${r === floor ? "—" : `${(r.p50 / Math.max(floor.p50, 1)).toFixed(1)}×`} | ${r.errors} | ${r === floor ? "—" : r.p975 < goalMs && r.errors === 0 ? "达标" : "未达标"} |`,
      );
  } finally {
    await app.close();
  }
}

async function main() {
  const only = process.env.BENCH_ONLY;
  if (only !== "postgres") {
    const d = await openDb({ dataDir: "memory" });
    try {
      await load(d, "PGlite", 150);
    } finally {
      await d.close();
    }
  }
  const url = process.env.DATABASE_URL || undefined;
  if (url && only !== "pglite") {
    const scratch = await scratchDatabase(url, "wx_bench_http");
    const d = await openDb({ url: scratch.url });
    try {
      await load(d, "PostgreSQL", 50);
    } finally {
      await d.close();
      await scratch.drop();
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
