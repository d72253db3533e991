/**
 * `npm run bench:report` (also part of `npm run bench`): the demo city's report. Times building the
 * .docx (facts from the ledger, registry and scores, then the document; median of warm runs) and one
 * PDF conversion through LibreOffice. Prints a Markdown table for BENCHMARKS.md.
 */
import os from "node:os";
import { median } from "./median";
import { openDb } from "../db/open";
import { loadDemo } from "../db/demo/load";
import { SYSTEM_ACTOR } from "../core/access";
import type { ServiceContext } from "../server/context";
import { listTasks } from "../server/modules/evaluations/service";
import { exportReport } from "../server/modules/reports/export-report";
import { getReport } from "../server/modules/reports/get-report";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

async function main() {
  const url = process.env.DATABASE_URL || undefined;
  const d = await openDb(url ? { url } : { dataDir: "memory" });
  await d.migrate();
  await loadDemo(d.db);
  const ctx: ServiceContext = { db: d.db, actor: SYSTEM_ACTOR, ip: null };
  const [task] = await listTasks(ctx, { year: 2021 });
  const rows: [string, number, string][] = [];
  rows.push(["报告 .docx（含取数、成文、排版）", await median(RUNS, () => exportReport(ctx, task.id, "docx")), `${RUNS} 次中位数`]);
  rows.push(["报告预览（含勾稽校验与系统记录核对）", await median(RUNS, () => getReport(ctx, task.id)), `${RUNS} 次中位数`]);
  rows.push(["附表 .xlsx", await median(3, () => exportReport(ctx, task.id, "xlsx")), "3 次中位数"]);
  try {
    rows.push(["报告 PDF（LibreOffice 转换）", await median(2, () => exportReport(ctx, task.id, "pdf")), "2 次中位数"]);
  } catch (e) {
    console.error(`PDF 未测：${(e as Error).message}`);
  }
  console.log(`\n演示城市报告（${url ? "PostgreSQL" : "PGlite"}，${os.cpus().length} 核 ${os.cpus()[0]?.model ?? ""}，Node ${process.version}）\n`);
  console.log("| 操作 | 耗时 | 说明 |\n|---|---|---|");
  for (const [name, ms, note] of rows) console.log(`| ${name} | ${ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`} | ${note} |`);
  await d.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
