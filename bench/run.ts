/**
 * `npm run bench`: the ledger at province scale. Builds a synthetic fund year with many counties and
 * a million payments (BENCH_COUNTIES, BENCH_PAYMENTS), then times the queries a user waits for and a
 * 10,000-row import. Runs on embedded PGlite, or on PostgreSQL when DATABASE_URL is set (use an empty
 * database: the bench adds its own regions and fund year). Prints a Markdown table for BENCHMARKS.md.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { openDb } from "../db/open";
import { insertInBatches } from "../db/batch";
import { allocations, fundingSources, fundYears, payments, programmes, projects, regions } from "../db/schema";
import { seededRandom, addDays } from "../db/demo/random";
import { SYSTEM_ACTOR } from "../core/access";
import type { ServiceContext } from "../server/context";
import { getCountyLedger, getFundsSummary, getProjectLedger, listPaymentsPage } from "../server/modules/funds/service";
import { exportLedgerWorkbook } from "../server/modules/funds/export";
import { runImport } from "../server/modules/imports/service";
import ExcelJS from "exceljs";

const COUNTIES = Number(process.env.BENCH_COUNTIES ?? 2000);
const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 1_000_000);
const PROJECTS_PER_COUNTY = 15;
const IMPORT_ROWS = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

async function main() {
  const url = process.env.DATABASE_URL || undefined;
  const d = await openDb(url ? { url } : { dataDir: "memory" });
  await d.migrate();
  const db = d.db;
  const rnd = seededRandom(42);
  const t0 = performance.now();

  const [province] = await db.insert(regions).values({ code: "B00000", name: "基准省", level: "province" }).returning();
  const countyRows: { id: number }[] = [];
  await insertInBatches(
    Array.from({ length: COUNTIES }, (_, i) => ({ code: `B${String(i + 1).padStart(5, "0")}`, name: `基准县${i + 1}`, level: "county" as const, parentId: province.id, sortOrder: i })),
    async (b) => countyRows.push(...(await db.insert(regions).values(b).returning({ id: regions.id }))),
  );
  await db
    .insert(fundingSources)
    .values([
      { code: "central", name: "中央补助", category: "fiscal", sortOrder: 1 },
      { code: "provincial", name: "省级补助", category: "fiscal", sortOrder: 2 },
      { code: "municipal", name: "市级补助", category: "fiscal", sortOrder: 3 },
    ])
    .onConflictDoNothing();
  const sources = (await db.select().from(fundingSources)).filter((s) => ["central", "provincial", "municipal"].includes(s.code));
  const [programme] = await db.insert(programmes).values({ code: "bench", name: "基准资金" }).returning();
  const [fy] = await db
    .insert(fundYears)
    .values({
      programmeId: programme.id,
      regionId: province.id,
      year: 2021,
      evaluationDate: "2022-06-30",
      allocationFrom: "2020-10-01",
      allocationTo: "2021-12-31",
      paymentFrom: "2021-01-01",
      paymentTo: "2022-12-31",
    })
    .returning();

  const projectRows: { id: number; countyId: number; code: string }[] = [];
  await insertInBatches(
    countyRows.flatMap((c, ci) =>
      Array.from({ length: PROJECTS_PER_COUNTY }, (_, j) => ({
        fundYearId: fy.id,
        countyId: c.id,
        code: `P${ci + 1}-${j + 1}`,
        name: `基准项目${ci + 1}-${j + 1}`,
        batchYear: 2021,
      })),
    ),
    async (b) => projectRows.push(...(await db.insert(projects).values(b).returning({ id: projects.id, countyId: projects.countyId, code: projects.code }))),
  );
  // Generous allocations so every payment fits: 1,000万元 per project and source.
  await insertInBatches(
    projectRows.flatMap((p) => sources.map((s) => ({ fundYearId: fy.id, sourceId: s.id, countyId: p.countyId, projectId: p.id, amountFen: 1_000 * 1_000_000, docNo: `基准〔2021〕${s.id}号`, allocatedOn: "2021-05-01" }))),
    (b) => db.insert(allocations).values(b),
  );
  const batch = 20_000;
  for (let done = 0; done < PAYMENTS; done += batch) {
    const rows = Array.from({ length: Math.min(batch, PAYMENTS - done) }, (_, i) => {
      const p = projectRows[rnd.int(0, projectRows.length - 1)];
      return {
        fundYearId: fy.id,
        sourceId: sources[rnd.int(0, sources.length - 1)].id,
        countyId: p.countyId,
        projectId: p.id,
        amountFen: rnd.int(100, 5_000_000),
        paidOn: addDays("2021-03-01", rnd.int(0, 600)),
        voucherNo: `V${done + i + 1}`,
      };
    });
    await insertInBatches(rows, (b) => db.insert(payments).values(b));
    process.stderr.write(`\r  支付 ${Math.min(done + batch, PAYMENTS).toLocaleString()} / ${PAYMENTS.toLocaleString()}`);
  }
  process.stderr.write("\n");
  await db.execute(sql`analyze`);
  const loadSeconds = (performance.now() - t0) / 1000;

  const ctx: ServiceContext = { db, actor: SYSTEM_ACTOR, ip: null };
  const county = countyRows[Math.floor(COUNTIES / 2)].id;
  const project = projectRows[Math.floor(projectRows.length / 2)];
  const results: { name: string; median: number; p95: number; note?: string }[] = [];
  async function time(name: string, fn: () => Promise<unknown>, runs = RUNS, note?: string) {
    await fn(); // warm-up
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      await fn();
      ms.push(performance.now() - s);
    }
    ms.sort((a, b) => a - b);
    results.push({ name, median: ms[Math.floor(ms.length / 2)], p95: ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)], note });
    process.stderr.write(`  ${name}: ${ms[Math.floor(ms.length / 2)].toFixed(0)} ms\n`);
  }

  await time("资金汇总（全省，来源 × 县区，评价日）", () => getFundsSummary(ctx, { fundYearId: fy.id, asOf: "2022-06-30" }));
  await time("资金汇总（全省，另一评价日）", () => getFundsSummary(ctx, { fundYearId: fy.id, asOf: "2021-12-31" }));
  await time("县区资金与项目明细", () => getCountyLedger(ctx, { fundYearId: fy.id, countyId: county, asOf: "2022-06-30" }));
  await time("项目资金与全部支付", () => getProjectLedger(ctx, { projectId: project.id, asOf: "2022-06-30" }));
  const page = { fundYearId: fy.id, asOf: "2022-06-30", page: 1, pageSize: 50 };
  await time("支付明细第1页（全省）", () => listPaymentsPage(ctx, page));
  await time("支付明细第1页（一个县区）", () => listPaymentsPage(ctx, { ...page, countyId: county }));
  await time("支付明细按凭证号搜索", () => listPaymentsPage(ctx, { ...page, q: "V777" }));
  await time("导出一个县区台账（.xlsx）", () => exportLedgerWorkbook({ ...ctx, actor: { ...SYSTEM_ACTOR, role: "county", countyId: county } }, { fundYearId: fy.id }), 3);

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("资金支付");
  ws.addRow(["县区", "项目编号", "资金来源", "金额（元）", "支付日期", "凭证号"]);
  const countyName = new Map(countyRows.map((c, i) => [c.id, `基准县${i + 1}`]));
  for (let i = 0; i < IMPORT_ROWS; i++) {
    const p = projectRows[rnd.int(0, projectRows.length - 1)];
    ws.addRow([countyName.get(p.countyId), p.code, "省级补助", rnd.int(1, 50000), "2022-03-01", `IMP${i + 1}`]);
  }
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  await time(`导入 ${IMPORT_ROWS.toLocaleString()} 行支付：试导入`, () => runImport({ ctx, kind: "payments", fundYearId: fy.id, fileName: "bench.xlsx", data: file, dryRun: true }), 3);
  let committed = false;
  await time(
    `导入 ${IMPORT_ROWS.toLocaleString()} 行支付：确认导入（首次写入，其后为重复导入不变）`,
    async () => {
      const r = await runImport({ ctx, kind: "payments", fundYearId: fy.id, fileName: "bench.xlsx", data: file, dryRun: false });
      if (!committed && r.newCount !== IMPORT_ROWS) throw new Error(`expected ${IMPORT_ROWS} new rows, got ${r.newCount}`);
      committed = true;
    },
    3,
  );

  await d.close();
  const cpu = os.cpus()[0]?.model ?? "unknown";
  console.log(`\n### ${d.kind === "pglite" ? "PGlite（嵌入式，内存）" : "PostgreSQL " + d.location}\n`);
  console.log(`数据：${COUNTIES.toLocaleString()} 个县区，${projectRows.length.toLocaleString()} 个项目，${PAYMENTS.toLocaleString()} 笔支付；生成与写入用时 ${loadSeconds.toFixed(0)} 秒。`);
  console.log(`机器：${os.cpus().length} 核 ${cpu}，Node ${process.version}；每项 ${RUNS} 次（导出与导入 3 次），先预热一次。\n`);
  console.log("| 操作 | 中位数 (ms) | P95 (ms) |\n|---|---:|---:|");
  for (const r of results) console.log(`| ${r.name} | ${r.median.toFixed(0)} | ${r.p95.toFixed(0)} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
