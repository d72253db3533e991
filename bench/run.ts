/**
 * `npm run bench` (first part): the pages against their SQL floors on a generated data set. With
 * DATABASE_URL (a PostgreSQL server's URL, e.g. postgres://postgres@127.0.0.1:5432/postgres) it creates
 * its own database wx_bench_<pid>_<random> on that server, builds the national set (BENCH_SCALE, default
 * national) and drops the database at the end; without it, the province set on in-memory PGlite.
 * BENCH_ONLY=pglite|postgres runs one of the two when both could run. Prints Markdown for BENCHMARKS.md.
 */
import os from "node:os";
import { scratchDatabase } from "../test/db";
import { openDb, type Database } from "../db/open";
import { benchSizes, generateDataset } from "./dataset";
import { pagesOf, pagesTable, runPages } from "./pages";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const log = (s: string) => process.stderr.write(s + "\n");

async function bench(d: Database, label: string, fallbackScale: string) {
  await d.migrate();
  const sizes = benchSizes(process.env, fallbackScale);
  log(`${label}：生成数据（${sizes.scale}）`);
  const ds = await generateDataset(d.db, sizes, log);
  const results = await runPages(pagesOf(d.db, ds), RUNS, log);
  console.log(`\n### ${label}\n`);
  console.log(
    `数据（${sizes.scale}）：${sizes.counties.toLocaleString()} 个县区，${ds.projects.toLocaleString()} 个项目，${ds.communities.toLocaleString()} 个小区，` +
      `${sizes.payments.toLocaleString()} 笔支付；生成用时 ${ds.seconds.toFixed(0)} 秒。`,
  );
  console.log(`机器：${os.cpus().length} 核 ${os.cpus()[0]?.model ?? ""}，Node ${process.version}；页面与 SQL 下限交替各 ${RUNS} 次，取中位数（先各预热一次）。\n`);
  console.log(pagesTable(results));
}

async function main() {
  const url = process.env.DATABASE_URL || undefined;
  const only = process.env.BENCH_ONLY;
  if (url && only !== "pglite") {
    const scratch = await scratchDatabase(url, "wx_bench");
    const d = await openDb({ url: scratch.url });
    try {
      await bench(d, "PostgreSQL", "national");
    } finally {
      await d.close();
      await scratch.drop();
    }
  }
  if (only !== "postgres") {
    const d = await openDb({ dataDir: "memory" });
    try {
      await bench(d, "PGlite（嵌入式，内存）", process.env.BENCH_PGLITE_SCALE || "province");
    } finally {
      await d.close();
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
