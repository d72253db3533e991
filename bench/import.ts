/**
 * `node --import tsx bench/import.ts`: what one hostile or huge upload costs the server, on the demo
 * city in embedded PGlite. Each case is a payments dry run through `runImport` (the service the
 * route calls): wall time, the main thread's longest stall (an event-loop delay histogram sampled
 * every 10 ms: what every other request waited at worst), and how far the process's resident memory
 * rose above where the case began (the reading worker's heap included).
 * Reading happens in a worker thread (`server/xlsx-read.ts`); checking on the main thread.
 * BENCH_IMPORT_ROWS (default 200,000) sets the size of the big ledger file. Prints Markdown for
 * BENCHMARKS.md.
 */
import os from "node:os";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { SYSTEM_ACTOR } from "../core/access";
import { loadDemo } from "../db/demo/load";
import { openDb } from "../db/open";
import { allocations, fundingSources, fundYears, projects, regions } from "../db/schema";
import type { ServiceContext } from "../server/context";
import { totalsByCountySource } from "../server/modules/imports/repository";
import { runImport } from "../server/modules/imports/service";
import { requiredHeaders } from "../server/modules/imports/validate";
import { readUploadedTable } from "../server/xlsx-read";
import { claimedDimensionWorkbook, emptyRowsWorkbook } from "../test/big-workbooks";

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 200_000);
const PAY = ["县区", "项目编号", "资金来源", "金额（元）", "支付日期", "凭证号", "备注"];

async function main() {
  const d = await openDb({ dataDir: "memory" });
  await d.migrate();
  await loadDemo(d.db);
  const db = d.db;
  const ctx: ServiceContext = { db, actor: SYSTEM_ACTOR, ip: null };
  const [fy] = await db.select().from(fundYears).limit(1);
  // The (county, project, source)s the demo allocated money to, where the county and source have at
  // least 10万元 not yet paid: the file's rows of 1 元, spread over them, are all valid and checked in full.
  const [allocated, paid] = await Promise.all([totalsByCountySource(db, fy.id, "allocations"), totalsByCountySource(db, fy.id, "payments")]);
  const pairs = await db
    .selectDistinct({ county: regions.name, project: projects.code, source: fundingSources.name, countyId: allocations.countyId, sourceId: allocations.sourceId })
    .from(allocations)
    .innerJoin(projects, eq(projects.id, allocations.projectId))
    .innerJoin(regions, eq(regions.id, allocations.countyId))
    .innerJoin(fundingSources, eq(fundingSources.id, allocations.sourceId))
    .where(eq(allocations.fundYearId, fy.id))
    .orderBy(regions.name, projects.code, fundingSources.name);
  const left = (p: { countyId: number; sourceId: number }) => (allocated.get(`${p.countyId}|${p.sourceId}`) ?? 0) - (paid.get(`${p.countyId}|${p.sourceId}`) ?? 0);
  const targets = pairs.filter((p) => left(p) > ROWS * 100);

  const three = targets.slice(0, 3).map((t, i) => [t.county, t.project, t.source, 1, "2022-03-01", `BENCH-DIM-${i + 1}`, null]);
  const t0 = performance.now();
  const dimension = await claimedDimensionWorkbook(PAY, three);
  const emptyRows = await emptyRowsWorkbook(PAY, three, 1_000_000, [targets[0].county, targets[0].project, targets[0].source, 1, "2022-03-01", "BENCH-LAST", null]);
  const ledger = await (async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("资金支付");
    ws.addRow(PAY);
    for (let i = 0; i < ROWS; i++) {
      const t = targets[i % targets.length];
      ws.addRow([t.county, t.project, t.source, 1, new Date(Date.UTC(2022, 2, 1 + (i % 28))), `BENCH-${i + 1}`, null]);
    }
    return Buffer.from(await wb.xlsx.writeBuffer());
  })();
  process.stderr.write(`  files built in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);

  const results: { name: string; size: number; ms: number; stallMs: number; rssMb: number; answer: string }[] = [];
  const dryRun = async (file: Buffer) => {
    const r = await runImport({ ctx, kind: "payments", fundYearId: fy.id, fileName: "bench.xlsx", data: file, dryRun: true });
    return `${r.rowCount.toLocaleString()} 行，${r.problems.length + r.moreProblems} 处问题`;
  };
  const readOnly = async (file: Buffer) => `读出 ${(await readUploadedTable("bench.xlsx", file, requiredHeaders("payments"), "资金支付")).rows.length.toLocaleString()} 行`;
  async function measure(name: string, file: Buffer, run: (file: Buffer) => Promise<string> = dryRun) {
    global.gc?.();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    delay.enable();
    const s = performance.now();
    let answer: string;
    try {
      answer = await run(file);
    } catch (e) {
      answer = (e as Error).message;
    }
    const ms = performance.now() - s;
    // Let the histogram's timer fire once more: a stall that ends the case is recorded only then.
    await new Promise((r) => setTimeout(r, 50));
    delay.disable();
    clearInterval(sampler);
    results.push({ name, size: file.length, ms, stallMs: delay.max / 1e6, rssMb: (peak - before) / 1024 / 1024, answer });
    process.stderr.write(`  ${name}: ${ms.toFixed(0)} ms, longest stall ${(delay.max / 1e6).toFixed(0)} ms\n`);
  }

  // A worker is started once and kept; the first case pays for its start.
  await measure("工作表声明 A1:XFD1048576，实有 3 行（首次，含启动读取线程）", dimension);
  await measure("工作表声明 A1:XFD1048576，实有 3 行", dimension);
  await measure("3 行数据 + 1,000,000 个空行 + 1 行", emptyRows);
  await measure(`${ROWS.toLocaleString()} 行支付：只读取`, ledger, readOnly);
  await measure(`${ROWS.toLocaleString()} 行支付：试导入（读取 + 查库 + 逐行校验）`, ledger);

  await d.close();
  console.log(`\n机器：${os.cpus().length} 核 ${os.cpus()[0]?.model ?? "unknown"}，Node ${process.version}；示例城市，PGlite（内存）；每项一次。\n`);
  console.log("| 文件 | 大小 | 用时 (ms) | 主线程最长阻塞 (ms) | 进程内存增量峰值 (MB) | 结果 |\n|---|---:|---:|---:|---:|---|");
  for (const r of results) {
    console.log(`| ${r.name} | ${(r.size / 1024).toFixed(0)} KB | ${r.ms.toFixed(0)} | ${r.stallMs.toFixed(0)} | ${r.rssMb.toFixed(0)} | ${r.answer} |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
