/**
 * `node --import tsx bench/import.ts`: what one hostile or huge upload costs the server, on the demo
 * city in embedded PGlite. Each case is a payments dry run through `runImport` (the service the
 * route calls): wall time, the main thread's longest stall (an event-loop delay histogram sampled
 * every 10 ms: what every other request waited at worst), and how far the process's resident memory
 * rose above where the case began (the reading worker's heap included).
 * Reading happens in a worker thread (`server/xlsx-read.ts`); checking on the main thread, in chunks.
 *
 * Then the big ledger file (BENCH_IMPORT_ROWS, default 100,000 rows of payments): its dry run and its
 * commit against the time exceljs takes merely to read the same file, both ways
 * (`new ExcelJS.Workbook().xlsx.readFile` and the streaming `ExcelJS.stream.xlsx.WorkbookReader`),
 * interleaved, median of 3, with the process's peak resident memory (the worker's included). Each
 * commit's payments are deleted again before the next run. On PGlite, and on PostgreSQL too when
 * BENCH_IMPORT_PG is a server URL (a scratch database is created there and dropped). Prints Markdown
 * for BENCHMARKS.md.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { scratchDatabase } from "../test/db";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { SYSTEM_ACTOR } from "../core/access";
import { loadDemo } from "../db/demo/load";
import { openDb, type Db } from "../db/open";
import { allocations, fundingSources, fundYears, payments, projects, regions } from "../db/schema";
import type { ServiceContext } from "../server/context";
import { totalsByCountySource } from "../server/modules/imports/repository";
import { runImport } from "../server/modules/imports/service";
import { requiredHeaders } from "../server/modules/imports/validate";
import { readUploadedTable } from "../server/xlsx-read";
import { claimedDimensionWorkbook, emptyRowsWorkbook } from "../test/big-workbooks";

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const PG_URL = process.env.BENCH_IMPORT_PG ?? null;
const PAY = ["县区", "项目编号", "资金来源", "金额（元）", "支付日期", "凭证号", "备注"];

/** The demo city's fund year and the (county, project, source)s a file of 1-元 payments can be spread over. */
async function targetsOf(db: Db) {
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
  return { fy, targets: pairs.filter((p) => left(p) > ROWS * 100) };
}

/** The big ledger file: ROWS payments of 1 元 each, spread over the targets. */
async function ledgerFile(targets: Awaited<ReturnType<typeof targetsOf>>["targets"]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("资金支付");
  ws.addRow(PAY);
  for (let i = 0; i < ROWS; i++) {
    const t = targets[i % targets.length];
    ws.addRow([t.county, t.project, t.source, 1, new Date(Date.UTC(2022, 2, 1 + (i % 28))), `BENCH-${i + 1}`, null]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Runs `f` while sampling the process's resident memory every 20 ms: its time and the peak. */
async function sampled(f: () => Promise<unknown>): Promise<{ ms: number; peakMb: number; riseMb: number }> {
  global.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const s = performance.now();
  await f();
  const ms = performance.now() - s;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, peakMb: peak / 1024 / 1024, riseMb: (peak - start) / 1024 / 1024 };
}

/**
 * exceljs reading the file, in a process of its own (this script, run with BENCH_EXCELJS_READ): its
 * time measured inside it, start-up excluded, and its peak memory, so that exceljs's memory does not
 * count against the import's peak in this process, nor the import's against exceljs.
 */
async function exceljsRead(how: "whole" | "stream", filePath: string): Promise<{ ms: number; peakMb: number; riseMb: number }> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]], {
    env: { ...process.env, BENCH_EXCELJS_READ: how, BENCH_EXCELJS_FILE: filePath },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (b: Buffer) => (out += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`exceljs ${how} read failed (${code})`);
  return JSON.parse(out.trim().split("\n").at(-1)!) as { ms: number; peakMb: number; riseMb: number };
}

/** The child's side of `exceljsRead`. */
async function exceljsReadChild(how: string, filePath: string) {
  const m = await sampled(async () => {
    if (how === "whole") return new ExcelJS.Workbook().xlsx.readFile(filePath);
    let n = 0;
    for await (const ws of new ExcelJS.stream.xlsx.WorkbookReader(filePath, {})) for await (const _row of ws) n++;
    return n;
  });
  console.log(JSON.stringify(m));
}

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The big file's dry run and commit against exceljs's two readings of it, on one database: rounds of
 * (whole-workbook read, streaming read, dry run, commit), after one warm-up round.
 */
async function bigImport(db: Db, label: string, filePath: string, file: Buffer) {
  const ctx: ServiceContext = { db, actor: SYSTEM_ACTOR, ip: null };
  const { fy } = await targetsOf(db);
  let lastBatch: number | null = null;
  const run = (dryRun: boolean) => async () => {
    const r = await runImport({ ctx, kind: "payments", fundYearId: fy.id, fileName: "bench.xlsx", data: file, dryRun });
    if (r.problems.length || r.newCount !== ROWS) throw new Error(`unexpected answer: ${r.newCount} new, ${r.problems.length} problems`);
    lastBatch = r.batchId;
  };
  // The commit's payments are deleted after it is timed, so that the next round imports them again.
  const undo = async () => {
    if (lastBatch !== null) await db.delete(payments).where(eq(payments.importBatchId, lastBatch));
    lastBatch = null;
  };
  const cases: { name: string; f: () => Promise<{ ms: number; peakMb: number; riseMb: number }> }[] = [
    { name: "exceljs 整本读取（Workbook.xlsx.readFile）", f: () => exceljsRead("whole", filePath) },
    { name: "exceljs 流式读取（stream.xlsx.WorkbookReader）", f: () => exceljsRead("stream", filePath) },
    { name: `试导入 ${ROWS.toLocaleString()} 行`, f: () => sampled(run(true)) },
    { name: `正式导入 ${ROWS.toLocaleString()} 行（一个事务）`, f: () => sampled(run(false)) },
  ];
  const times = cases.map(() => [] as number[]);
  const peaks = cases.map(() => 0);
  const rises = cases.map(() => 0);
  for (let round = 0; round < 4; round++) {
    for (const [i, c] of cases.entries()) {
      const m = await c.f();
      await undo();
      process.stderr.write(`  ${label} round ${round}: ${c.name} ${m.ms.toFixed(0)} ms, peak RSS ${m.peakMb.toFixed(0)} MB\n`);
      if (round === 0) continue;
      times[i].push(m.ms);
      peaks[i] = Math.max(peaks[i], m.peakMb);
      rises[i] = Math.max(rises[i], m.riseMb);
    }
  }
  const whole = med(times[0]);
  const stream = med(times[1]);
  return cases.map((c, i) => ({ label, name: c.name, ms: med(times[i]), vsWhole: med(times[i]) / whole, vsStream: med(times[i]) / stream, peakMb: peaks[i], riseMb: rises[i] }));
}

async function main() {
  const d = await openDb({ dataDir: "memory" });
  await d.migrate();
  await loadDemo(d.db);
  const db = d.db;
  const ctx: ServiceContext = { db, actor: SYSTEM_ACTOR, ip: null };
  const { fy, targets } = await targetsOf(db);

  const three = targets.slice(0, 3).map((t, i) => [t.county, t.project, t.source, 1, "2022-03-01", `BENCH-DIM-${i + 1}`, null]);
  const t0 = performance.now();
  const dimension = await claimedDimensionWorkbook(PAY, three);
  const emptyRows = await emptyRowsWorkbook(PAY, three, 1_000_000, [targets[0].county, targets[0].project, targets[0].source, 1, "2022-03-01", "BENCH-LAST", null]);
  const ledger = await ledgerFile(targets);
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

  const dir = await mkdtemp(path.join(os.tmpdir(), "wenxiao-bench-import-"));
  const filePath = path.join(dir, "bench.xlsx");
  await writeFile(filePath, ledger);
  const big = await bigImport(db, "PGlite（内存）", filePath, ledger);
  await d.close();
  if (PG_URL) {
    const scratch = await scratchDatabase(PG_URL, "wx_bench_import");
    try {
      const p = await openDb({ url: scratch.url });
      try {
        await p.migrate();
        await loadDemo(p.db);
        big.push(...(await bigImport(p.db, "PostgreSQL", filePath, ledger)));
      } finally {
        await p.close();
      }
    } finally {
      await scratch.drop();
    }
  }
  await rm(dir, { recursive: true, force: true });

  console.log(`\n机器：${os.cpus().length} 核 ${os.cpus()[0]?.model ?? "unknown"}，Node ${process.version}；示例城市，PGlite（内存）；每项一次。\n`);
  console.log("| 文件 | 大小 | 用时 (ms) | 主线程最长阻塞 (ms) | 进程内存增量峰值 (MB) | 结果 |\n|---|---:|---:|---:|---:|---|");
  for (const r of results) {
    console.log(`| ${r.name} | ${(r.size / 1024).toFixed(0)} KB | ${r.ms.toFixed(0)} | ${r.stallMs.toFixed(0)} | ${r.rssMb.toFixed(0)} | ${r.answer} |`);
  }
  console.log(`\n${ROWS.toLocaleString()} 行支付（${(ledger.length / 1024).toFixed(0)} KB），交替运行，3 次取中位数（另有 1 次预热）：\n`);
  console.log("| 数据库 | 操作 | 用时 (ms) | ÷ exceljs 整本读取 | ÷ exceljs 流式读取 | 进程内存峰值 (MB) | 其中本项增量 (MB) |\n|---|---|---:|---:|---:|---:|---:|");
  for (const r of big) console.log(`| ${r.label} | ${r.name} | ${r.ms.toFixed(0)} | ${r.vsWhole.toFixed(2)}× | ${r.vsStream.toFixed(2)}× | ${r.peakMb.toFixed(0)} | ${r.riseMb.toFixed(0)} |`);
}

(process.env.BENCH_EXCELJS_READ ? exceljsReadChild(process.env.BENCH_EXCELJS_READ, process.env.BENCH_EXCELJS_FILE!) : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
