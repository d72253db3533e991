/**
 * `wenxiao report …`: the evaluation report on the command line. `report check FILE` is the 勾稽校验 of
 * a report file on its own (no database): exit 0 when its figures agree, 1 when it found an
 * inconsistency, 2 when the file cannot be read or is not a report.
 */
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { REPORT_FORMATS, type ReportFormat } from "../contracts/reports";
import { exportReport } from "../server/modules/reports/export-report";
import { getReport } from "../server/modules/reports/get-report";
import type { CliDeps } from "./projects";
import { idArg, taskOfYear } from "./evaluation";
import { checkReport, isReportLike, NOT_A_REPORT_MESSAGE, parseReportText, type CheckResult } from "../core/report/check";
import { AppError } from "../server/errors";
import { extractReportText } from "../server/modules/reports/extract";
import { CliError } from "./output";

/** Exit code of a file that cannot be read or checked. */
const BAD_FILE = 2;

async function readReport(file: string): Promise<string> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliError(`找不到文件：${file}`, BAD_FILE);
  try {
    return await extractReportText(path.basename(file), fs.readFileSync(file));
  } catch (e) {
    throw e instanceof AppError ? new CliError(e.message, BAD_FILE) : e;
  }
}

function printResult(fileName: string, r: CheckResult, withLines: boolean) {
  console.log(`${fileName}：已识别 ${r.recognised.join("、")}；核对勾稽关系 ${r.relations} 项。`);
  if (r.problems.length === 0) return void console.log("未发现不一致。");
  console.log(`发现 ${r.problems.length} 处不一致：`);
  // A .txt line number helps find the figure; in a .docx or PDF the lines are the extractor's, not the reader's.
  for (const p of r.problems) console.log(`  ${p.message}${withLines ? `（第${p.where.line}行）` : ""}`);
}

const formatArg = (v: string): ReportFormat => {
  if (!(REPORT_FORMATS as readonly string[]).includes(v)) throw new InvalidArgumentError(`格式应为 ${REPORT_FORMATS.join("、")} 之一`);
  return v as ReportFormat;
};

export function registerReportCommands(program: Command, deps: CliDeps) {
  const report = program.command("report").description("评价报告").helpOption("-h, --help", "显示帮助");
  report
    .command("build")
    .description("生成评价报告：.docx（党政机关公文格式）、PDF（经 LibreOffice）、HTML 或附表 .xlsx；生成时同时做勾稽校验")
    .requiredOption("--year <year>", "资金年度，如 2021", deps.yearArg)
    .option("--task <id>", "评价任务编号（该年度有多个任务时指明；默认最新的一个）", idArg)
    .requiredOption("--format <format>", `输出格式：${REPORT_FORMATS.join(" | ")}`, formatArg)
    .requiredOption("--out <file>", "输出文件")
    .option("--version <n>", "定稿版本号（默认：定稿任务取最新版本，未定稿取实时草稿）", idArg)
    .option("--region <name>", "地区名称（有多个时指明）")
    .option("--programme <name>", "资金项目名称（有多个时指明）")
    .action(async (o: { year: number; task?: number; format: ReportFormat; out: string; version?: number; region?: string; programme?: string }) => {
      await deps.withDb(async (d) => {
        const ctx = deps.cliContext(d);
        const task = await taskOfYear(ctx, o.year, o.task, o);
        const file = await exportReport(ctx, task.id, o.format, o.version);
        fs.writeFileSync(o.out, file.data);
        const { check } = await getReport(ctx, task.id, o.version);
        const { document } = file;
        const state = document.meta.live ? "草稿（随数据更新）" : `定稿第 ${document.meta.version} 版`;
        console.log(`已生成 ${o.out}（${task.name}，${state}，${Math.ceil(file.data.length / 1024)} KB）`);
        printResult("勾稽校验", check, false);
        if (check.problems.length) process.exitCode = 1;
      });
    });
  report
    .command("check")
    .description("勾稽校验：表格合计、得分率、资金构成、前后文数字一致、等级与得分、县区数与序号；指出章节、表、行和应有的值")
    .argument("<file>", "报告文件（.docx、.txt 或 .pdf）")
    .option("--json", "以 JSON 输出")
    .action(async (file: string, o: { json?: boolean }) => {
      const parsed = parseReportText(await readReport(file));
      if (!isReportLike(parsed)) throw new CliError(`${path.basename(file)}：${NOT_A_REPORT_MESSAGE}`, BAD_FILE);
      const result = checkReport(parsed);
      if (o.json) console.log(JSON.stringify({ file: path.basename(file), ...result }, null, 2));
      else printResult(path.basename(file), result, path.extname(file).toLowerCase() === ".txt");
      if (result.problems.length) process.exitCode = 1;
    });
}
