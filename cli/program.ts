/**
 * The `wenxiao` commands: the same services as the server, without Fastify. On the embedded database
 * it takes the data folder's lock, so it refuses politely while the server runs on that folder.
 * `cli/main.ts` runs them for the shell; tests run them in their own process through `runCli`.
 */
import fs from "node:fs";
import path from "node:path";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import "../contracts/zod-locale";
import { openDbFromEnv, type Database } from "../db/open";
import { DataDirLockedError } from "../db/lock";
import { loadDemo } from "../db/demo/load";
import { saveDemoAllocationPlan } from "../server/modules/allocation/service";
import { formatBasisPoints, formatWan } from "../core/money";
import { formatRate, formatWan as tableWan } from "../core/format";
import { formatDateCn, parseDate } from "../core/dates";
import { IMPORT_KIND_LABEL, IMPORT_KINDS, type ImportKind } from "../contracts/imports";
import { AppError } from "../server/errors";
import { getCountyLedger, getFundsSummary } from "../server/modules/funds/service";
import { runImport } from "../server/modules/imports/service";
import { parseAnchor, verifyAudit } from "../server/modules/audit/service";
import { ANCHOR_FORMAT_MESSAGE } from "../contracts/audit";
import { pickFundYear } from "./fund-year";
import { registerProjectCommands } from "./projects";
import { registerEvaluationCommands } from "./evaluation";
import { registerReportCommands } from "./report";
import { registerRegionCommands } from "./region";
import { registerSetupCommands } from "./setup";
import { registerAdminCommands } from "./admin";
import { registerBackupCommands } from "./backup";
import { registerSurveyCommands } from "./survey";
import { registerAllocateCommand } from "./allocate";
import { registerJobCommands } from "./jobs";
import { registerRectificationCommands } from "./rectification";
import { registerWorksCommands } from "./works";
import { SYSTEM_ACTOR } from "../core/access";
import type { ServiceContext } from "../server/context";
import os from "node:os";

/** The command line acts as the system on the server itself; the audit trail names the OS user. */
function cliContext(d: Database): ServiceContext {
  let who = "unknown";
  try {
    who = os.userInfo().username;
  } catch {
    // No passwd entry (containers): keep "unknown".
  }
  return { db: d.db, actor: { ...SYSTEM_ACTOR, username: `cli:${who}` }, ip: null };
}
import { CliError, pad, progressBar } from "./output";

async function withDb<T>(fn: (d: Database) => Promise<T>): Promise<T> {
  const d = await openDbFromEnv("cli");
  try {
    await d.migrate();
    return await fn(d);
  } finally {
    await d.close();
  }
}

const isoDateArg = (v: string) => {
  const d = parseDate(v);
  if (!d) throw new InvalidArgumentError(`「${v}」不是有效日期，应为 YYYY-MM-DD`);
  return d;
};
const yearArg = (v: string) => {
  if (!/^\d{4}$/.test(v)) throw new InvalidArgumentError(`「${v}」不是有效年度，应为四位数字，如 2021`);
  return Number(v);
};

function printProblems(problems: { row: number | null; column: string | null; message: string }[], more: number) {
  for (const p of problems) console.error(`  ${p.row ? `第${p.row}行` : "文件"}${p.column ? `「${p.column}」` : ""}：${p.message}`);
  if (more) console.error(`  ……另有 ${more} 处问题未列出`);
}

/** Where a run's output goes: the process's streams, or a test's buffers. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}
const processIo: CliIo = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };

/** Every command, on a new program (commander keeps parsed options on it, so one program per run). */
export function buildProgram(io: CliIo = processIo): Command {
  const program = new Command()
    .name("wenxiao")
    .description("问效 Wenxiao 命令行：数据库迁移、示例数据、Excel 导入与资金汇总")
    .helpOption("-h, --help", "显示帮助")
    .addHelpCommand("help [command]", "显示某个命令的帮助")
    .showHelpAfterError("（运行 wenxiao --help 查看用法）")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: (str, write) => write(str) });

  const db = program.command("db").description("数据库").helpOption("-h, --help", "显示帮助");
  db.command("migrate")
    .description("执行数据库迁移（嵌入式 PGlite，或 DATABASE_URL 指定的 PostgreSQL）")
    .action(async () => {
      await withDb(async (d) => console.log(`数据库已是最新结构（${d.kind === "pglite" ? "PGlite，" : "PostgreSQL，"}${d.location}）`));
    });

  program
    .command("demo")
    .description("示例数据")
    .helpOption("-h, --help", "显示帮助")
    .command("load")
    .description("载入示例城市：临沂市2021年度老旧小区改造补助资金（已存在则不重复载入）")
    .action(async () => {
      await withDb(async (d) => {
        const bar = progressBar(true);
        let started = false;
        const result = await loadDemo(d.db, (step, done, total) => {
          if (!started) {
            bar.start(total, step);
            started = true;
          }
          bar.update(done, step);
        });
        bar.stop();
        if (result.loaded) await saveDemoAllocationPlan(d.db, result.fundYearId);
        if (!result.loaded) console.log("示例数据已存在，未重复载入。");
        else
          console.log(
            `已载入示例数据：${result.counts.projects}个项目，${result.counts.allocations}笔下达，${result.counts.payments}笔支付。`,
          );
      });
    });

  program
    .command("import")
    .description("从 .xlsx 导入资金下达（allocations）或支付（payments）；全部无误才写入")
    .helpOption("-h, --help", "显示帮助")
    .argument("<kind>", "allocations（资金下达）或 payments（资金支付）")
    .argument("<file>", ".xlsx 文件")
    .option("--dry-run", "只预检，不写入")
    .option("--year <year>", "资金年度（数据库中只有一个年度时可省略）", yearArg)
    .option("--programme <name>", "资金项目名称（有多个时指明）")
    .option("--region <name>", "地区名称（有多个时指明）")
    .option("--json", "以 JSON 输出结果")
    .action(async (kind: string, file: string, o: { dryRun?: boolean; year?: number; programme?: string; region?: string; json?: boolean }) => {
      if (!IMPORT_KINDS.includes(kind as ImportKind)) throw new CliError(`导入类型应为 allocations 或 payments，而不是「${kind}」`);
      const k = kind as ImportKind;
      if (!fs.existsSync(file)) throw new CliError(`找不到文件：${file}`);
      const data = fs.readFileSync(file);
      await withDb(async (d) => {
        const fy = await pickFundYear(d.db, o);
        const steps = ["读取文件", "校验数据", "写入数据库"];
        const bar = progressBar(!o.json);
        bar.start(steps.length, steps[0]);
        let result;
        try {
          result = await runImport({
            ctx: cliContext(d),
            kind: k,
            fundYearId: fy.id,
            fileName: path.basename(file),
            data,
            dryRun: !!o.dryRun,
            onProgress: (step) => bar.update(steps.indexOf(step) + 1, step),
          });
        } finally {
          bar.stop();
        }
        if (o.json) {
          console.log(JSON.stringify(result, null, 2));
          if (result.problems.length) process.exitCode = 1;
          return;
        }
        const label = IMPORT_KIND_LABEL[k];
        console.log(`${result.fileName}：读取 ${result.rowCount} 行；新增 ${result.newCount} 行（${formatWan(result.newAmountFen, { grouping: true })} 万元）；已导入过、内容相同 ${result.unchangedCount} 行。`);
        if (result.problems.length) {
          printProblems(result.problems, result.moreProblems);
          console.log(`发现 ${result.problems.length + result.moreProblems} 处问题，未导入任何数据。`);
          process.exitCode = 1;
        } else if (o.dryRun) console.log(`预检通过（未写入）。去掉 --dry-run 即可导入${label}。`);
        else console.log(result.newCount ? `已导入${label} ${result.newCount} 行（批次 ${result.batchId}）。` : "没有新数据，未作改动。");
      });
    });


  program
    .command("funds")
    .description("资金")
    .helpOption("-h, --help", "显示帮助")
    .command("summary")
    .description("资金下达、支付与预算执行率汇总")
    .option("--year <year>", "资金年度", yearArg)
    .option("--as-of <date>", "评价日（默认为该年度设定的评价日）", isoDateArg)
    .option("--county <name>", "只看一个县区（按项目列出）")
    .option("--programme <name>", "资金项目名称（有多个时指明）")
    .option("--region <name>", "地区名称（有多个时指明）")
    .option("--json", "以 JSON 输出（金额单位：分；执行率单位：万分之一）")
    .action(async (o: { year?: number; asOf?: string; county?: string; programme?: string; region?: string; json?: boolean }) => {
      await withDb(async (d) => {
        const fy = await pickFundYear(d.db, o);
        const summary = await getFundsSummary(cliContext(d), { fundYearId: fy.id, asOf: o.asOf });
        const title = `${fy.region.name}${fy.year}年度${fy.programme}（截至${formatDateCn(summary.asOf)}，单位：万元）${fy.isDemo ? " 示例数据" : ""}`;
        if (o.county) {
          const county = summary.counties.find((c) => c.name === o.county);
          if (!county) throw new CliError(`未知县区「${o.county}」，应为：${summary.counties.map((c) => c.name).join("、")}`);
          const ledger = await getCountyLedger(cliContext(d), { fundYearId: fy.id, asOf: summary.asOf, countyId: county.id });
          if (o.json) return void console.log(JSON.stringify(ledger, null, 2));
          console.log(`${county.name} · ${title}`);
          printTable(
            ["项目", "下达", "支付", "执行率"],
            [
              ...ledger.projects.map((p) => [`${p.code} ${p.name}`, ...figures(p)]),
              ...ledger.sources.map((s) => [`〔${s.name}〕`, ...figures(ledger.bySource.find((b) => b.sourceId === s.id)!)]),
              ["合计", ...figures(ledger.total)],
            ],
          );
          return;
        }
        if (o.json) return void console.log(JSON.stringify(summary, null, 2));
        console.log(title);
        const rows = summary.counties.map((c) => [c.name, ...figures(summary.byCounty.find((b) => b.countyId === c.id)!)]);
        for (const s of summary.sources) rows.push([`〔${s.name}〕`, ...figures(summary.bySource.find((b) => b.sourceId === s.id)!)]);
        rows.push(["合计", ...figures(summary.total)]);
        printTable(["县区 / 资金来源", "下达", "支付", "执行率"], rows);
      });
    });

  program
    .command("audit")
    .description("审计日志")
    .helpOption("-h, --help", "显示帮助")
    .command("verify")
    .description("校验审计日志的 SM3 哈希链：发现被修改、删除的记录时指出是哪一条，并以非零状态退出")
    .option("--anchor <序号:哈希>", "同时核对此前抄录的锚点（某次校验打印的“序号:哈希”），发现整体改写")
    .option("--json", "以 JSON 输出")
    .action(async (o: { json?: boolean; anchor?: string }) => {
      const anchor = o.anchor === undefined ? undefined : parseAnchor(o.anchor);
      if (anchor === null) throw new CliError(ANCHOR_FORMAT_MESSAGE);
      await withDb(async (d) => {
        const r = await verifyAudit(d.db, { anchor });
        if (o.json) console.log(JSON.stringify(r, null, 2));
        else if (r.ok) {
          console.log(`审计日志完好：共 ${r.count} 条${anchor ? `，与锚点第 ${anchor.seq} 条相符` : ""}。`);
          console.log(`当前锚点（可抄录存档，日后用 --anchor 核对）：${r.headSeq}:${r.headHash}`);
        } else console.error(`审计日志校验失败：${r.problem!.message}${r.problem!.id !== null ? `（记录编号 ${r.problem!.id}）` : ""}。此前 ${r.count} 条完好。`);
        if (!r.ok) process.exitCode = 3;
      });
    });

  function figures(f: { allocatedFen: number; paidFen: number; executionBp: number | null }): string[] {
    return [tableWan(f.allocatedFen), tableWan(f.paidFen), formatRate(f.executionBp)];
  }

  function printTable(headers: string[], rows: string[][]) {
    const widths = headers.map((h, i) => Math.max(...[h, ...rows.map((r) => r[i])].map((t) => pad(t, 0).length + [...t].filter((ch) => /[\u1100-\uffff]/.test(ch)).length)));
    const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], i === 0 ? "left" : "right")).join("  ");
    console.log(line(headers));
    console.log(widths.map((w) => "-".repeat(w)).join("  "));
    for (const r of rows) console.log(line(r));
  }

  registerProjectCommands(program, { withDb, cliContext, printTable, yearArg });
  registerEvaluationCommands(program, { withDb, cliContext, printTable, yearArg });
  registerReportCommands(program, { withDb, cliContext, printTable, yearArg });
  registerRegionCommands(program, { withDb, cliContext, printTable, yearArg });
  registerSetupCommands(program, { withDb, cliContext, printTable, yearArg });
  registerSurveyCommands(program, { withDb, cliContext, printTable, yearArg });
  registerAllocateCommand(program, { withDb, cliContext, printTable, yearArg });
  registerRectificationCommands(program, { withDb, cliContext, printTable, yearArg });
  registerWorksCommands(program, { withDb, cliContext, printTable, yearArg });
  registerAdminCommands(program, { withDb, cliContext });
  registerBackupCommands(program, { cliContext });
  registerJobCommands(program, { withDb, printTable });
  return program;
}

/**
 * Runs one command line (the arguments after `wenxiao`) and returns its exit status: 0, 1 for a
 * refusal the user can fix, 2 when the data folder is in use, 3 when the audit chain fails.
 */
export async function runCli(args: string[], io: CliIo = processIo): Promise<number> {
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await buildProgram(io).parseAsync(args, { from: "user" });
    return Number(process.exitCode ?? 0);
  } catch (e: unknown) {
    // Commander has printed its own message (or the help) already.
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof CliError || e instanceof DataDirLockedError) {
      console.error(`错误：${e.message}`);
      return e instanceof CliError ? e.exitCode : 2;
    }
    if (e instanceof AppError) {
      console.error(`错误：${e.message}`);
      if (e.problems?.length) printProblems(e.problems, 0);
      return 1;
    }
    console.error(e);
    return 1;
  } finally {
    process.exitCode = before;
  }
}
