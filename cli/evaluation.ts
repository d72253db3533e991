/**
 * `wenxiao evaluation results`: Table 1 (the city's level-1 scores) and Table 2 (the counties' scores,
 * modes, grades and ranks) of a year's evaluation, through the same service as the web.
 */
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { SCOPE_MODE_LABEL, TASK_STATE_LABEL } from "../contracts/evaluations";
import { formatBasisPoints } from "../core/money";
import { formatDateCn } from "../core/dates";
import { formatPoints } from "../core/scoring/points";
import { formatScore } from "../core/format";
import { getResults, listTasks } from "../server/modules/evaluations/service";
import type { ServiceContext } from "../server/context";
import type { CliDeps } from "./projects";
import { CliError } from "./output";
import { pickFundYear } from "./fund-year";
import { listFundYears } from "../server/modules/funds/service";

export const idArg = (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`「${v}」不是有效的任务编号`);
  return Number(v);
};

/**
 * The year's task the command names (--task), or its latest; with several regions or programmes the
 * fund year is picked by --region / --programme. A Chinese error lists the tasks there are.
 */
export async function taskOfYear(ctx: ServiceContext, year: number, id?: number, where: { region?: string; programme?: string } = {}) {
  const years = await listFundYears(ctx);
  if (!years.some((f) => f.year === year)) throw new CliError(`${year}年度还没有评价任务（没有${year}年度的资金年度）。`);
  const fundYear = await pickFundYear(ctx.db, { year, ...where });
  const tasks = await listTasks(ctx, { fundYearId: fundYear.id });
  if (tasks.length === 0) throw new CliError(`${year}年度还没有评价任务。`);
  const task = id === undefined ? tasks[0] : tasks.find((t) => t.id === id);
  if (!task) throw new CliError(`${year}年度没有编号为 ${id} 的评价任务，已有：${tasks.map((t) => `${t.id} ${t.name}`).join("；")}`);
  return task;
}

export function registerEvaluationCommands(program: Command, deps: CliDeps) {
  program
    .command("evaluation")
    .description("绩效评价")
    .helpOption("-h, --help", "显示帮助")
    .command("results")
    .description("评价结果：表1 各指标得分情况、表2 各县区综合评价得分情况及区域总体得分")
    .requiredOption("--year <year>", "资金年度，如 2021", deps.yearArg)
    .option("--task <id>", "评价任务编号（该年度有多个任务时指明；默认最新的一个）", idArg)
    .option("--region <name>", "地区名称（有多个时指明）")
    .option("--programme <name>", "资金项目名称（有多个时指明）")
    .option("--json", "以 JSON 输出（得分单位：0.01 分；得分率单位：万分之一）")
    .action(async (o: { year: number; task?: number; region?: string; programme?: string; json?: boolean }) => {
      await deps.withDb(async (d) => {
        const ctx = deps.cliContext(d);
        const task = await taskOfYear(ctx, o.year, o.task, o);
        const r = await getResults(ctx, task.id);
        if (o.json) return void console.log(JSON.stringify(r, null, 2));
        const state = `${TASK_STATE_LABEL[task.state]}${r.live ? "，实时预览" : ""}`;
        console.log(`${task.name}（${state}；评价日 ${formatDateCn(task.asOf)}）${task.isDemo ? " 示例数据" : ""}`);
        if (r.city) {
          const c = r.city;
          console.log(`\n表1 各指标得分情况（${c.name}）`);
          deps.printTable(
            ["项目", ...c.level1.map((l) => l.name), "合计"],
            [
              ["分值", ...c.level1.map((l) => formatPoints(l.weight)), formatPoints(c.level1.reduce((a, l) => a + l.weight, 0))],
              ["得分", ...c.level1.map((l) => formatScore(l.score)), formatScore(c.total)],
              ["得分率", ...c.level1.map((l) => formatBasisPoints(l.rateBp)), formatBasisPoints(c.rateBp)],
            ],
          );
        }
        console.log("\n表2 各县区综合评价得分情况");
        deps.printTable(
          ["序号", "名称", "实际得分", "备注", "等级", "排名"],
          r.counties.map((c, i) => [String(i + 1), c.name, formatScore(c.total), SCOPE_MODE_LABEL[c.mode], c.grade, c.rank === null ? "—" : String(c.rank)]),
        );
        if (r.overall.score !== null) {
          const others = r.alternatives.filter((a) => a.method !== r.overall.method && a.score !== null);
          console.log(
            `\n区域总体得分：${formatPoints(r.overall.score)} 分（${r.overall.grade}），按${r.overall.label}${others.length ? `；对照：${others.map((a) => `${a.label} ${formatPoints(a.score!)}`).join("，")}` : ""}`,
          );
        }
        console.log(`等级标准：${r.gradeScaleDescription}`);
      });
    });
}
