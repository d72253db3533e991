/**
 * `wenxiao projects summary` and `wenxiao monitor`: the project library and the 双监控 board on the
 * command line, through the same services as the web.
 */
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import type { Database } from "../db/open";
import type { ServiceContext } from "../server/context";
import { formatBasisPoints } from "../core/money";
import { formatCount, formatDate, formatMeasure, formatWan } from "../core/format";
import { LIGHT_LABEL, MEASURE_LABEL } from "../core/monitoring";
import { formatAreaWan, parseQuantity } from "../core/targets";
import { getProjectsSummary, getTargets } from "../server/modules/projects/service";
import { getBoard } from "../server/modules/monitoring/get-board";
import { pickFundYear } from "./fund-year";

export interface CliDeps {
  withDb<T>(fn: (d: Database) => Promise<T>): Promise<T>;
  cliContext(d: Database): ServiceContext;
  printTable(headers: string[], rows: string[][]): void;
  yearArg(v: string): number;
}

const periodArg = (v: string) => {
  if (!/^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/.test(v)) throw new InvalidArgumentError(`「${v}」不是有效期次，应为 2021-Q2（季度）或 2021-06（月）`);
  return v;
};
/** "48400" → "48,400" */
const grouped = (text: string) => formatMeasure(parseQuantity(text) ?? 0);
const LIGHT_MARK: Record<string, string> = { green: "绿", yellow: "黄", red: "红", none: "—" };

export function registerProjectCommands(program: Command, deps: CliDeps) {
  program
    .command("projects")
    .description("项目库")
    .helpOption("-h, --help", "显示帮助")
    .command("summary")
    .description("各县区项目、小区、户数、面积、计划投资与非财政资金占比，以及全市绩效目标完成情况")
    .option("--year <year>", "资金年度", deps.yearArg)
    .option("--programme <name>", "资金项目名称（有多个时指明）")
    .option("--region <name>", "地区名称（有多个时指明）")
    .option("--json", "以 JSON 输出（金额单位：分；比率单位：万分之一；面积单位：0.01㎡）")
    .action(async (o: { year?: number; programme?: string; region?: string; json?: boolean }) => {
      await deps.withDb(async (d) => {
        const fy = await pickFundYear(d.db, o);
        const ctx = deps.cliContext(d);
        const [summary, targets] = await Promise.all([getProjectsSummary(ctx, { fundYearId: fy.id }), getTargets(ctx, { fundYearId: fy.id })]);
        if (o.json) return void console.log(JSON.stringify({ summary, targets }, null, 2));
        console.log(`${fy.region.name}${fy.year}年度${fy.programme}项目库（截至${formatDate(summary.asOf)}）${fy.isDemo ? " 示例数据" : ""}`);
        const line = (name: string, l: (typeof summary)["city"]) => [
          name,
          formatCount(l.projects),
          formatCount(l.communities),
          formatCount(l.households),
          formatAreaWan(l.floorAreaDm2),
          formatWan(l.funding.totalFen),
          formatBasisPoints(l.funding.nonFiscalBp),
          String(l.reachingThreshold),
        ];
        deps.printTable(
          ["县区", "项目", "小区", "户数", "面积（万㎡）", "计划投资（万元）", "非财政占比", "非财政≥20%项目"],
          [...summary.counties.map((c) => line(c.county.name, c)), line("合计", summary.city)],
        );
        const city = targets.scopes.find((s) => s.county === null);
        if (city?.targets.length) {
          console.log("");
          console.log("全市绩效目标（实际值由小区库和项目库计算）");
          deps.printTable(
            ["指标", "单位", "目标值", "实际值", "完成率"],
            city.targets.map((t) => [t.indicator, t.unit, t.target === null ? "待设定" : grouped(t.target), t.actual === null ? "—" : grouped(t.actual), formatBasisPoints(t.completionBp)]),
          );
        }
      });
    });

  program
    .command("monitor")
    .description("双监控看板：各县区各监测指标的进度、时间进度与红黄绿灯")
    .option("--year <year>", "资金年度", deps.yearArg)
    .option("--period <period>", "期次，如 2022-Q2（默认为评价日所在期）", periodArg)
    .option("--programme <name>", "资金项目名称（有多个时指明）")
    .option("--region <name>", "地区名称（有多个时指明）")
    .option("--json", "以 JSON 输出（比率单位：万分之一）")
    .action(async (o: { year?: number; period?: string; programme?: string; region?: string; json?: boolean }) => {
      await deps.withDb(async (d) => {
        const fy = await pickFundYear(d.db, o);
        const board = await getBoard(deps.cliContext(d), { fundYearId: fy.id, period: o.period });
        if (o.json) return void console.log(JSON.stringify(board, null, 2));
        console.log(`${fy.region.name}${fy.year}年度双监控 · ${board.period.label}（期末 ${board.period.end}）${fy.isDemo ? " 示例数据" : ""}`);
        console.log(board.indicators.map((i) => `${i.name}：${formatDate(i.windowFrom)} 至 ${formatDate(i.windowTo)}，落后时间进度 ${formatBasisPoints(i.yellowGapBp)} 黄、${formatBasisPoints(i.redGapBp)} 红`).join("\n"));
        const cell = (c: (typeof board.city.cells)[number]) => `${LIGHT_MARK[c.light]} ${formatBasisPoints(c.progressBp)}${c.explanation ? "*" : ""}`;
        deps.printTable(
          ["县区", ...board.indicators.map((i) => i.name), "已报送", "滞后项目"],
          [
            ...board.counties.map((r) => [r.county.name, ...r.cells.map(cell), `${r.reported}/${r.projects}`, `${r.laggingProjects}`]),
            ["全市", ...board.city.cells.map(cell), `${board.city.reported}/${board.city.projects}`, ""],
          ],
        );
        const elapsed = board.city.cells.map((c, i) => `${MEASURE_LABEL[board.indicators[i].measure]} ${formatBasisPoints(c.elapsedBp)}`).join("，");
        console.log(`时间进度：${elapsed}。绿/黄/红 = ${LIGHT_LABEL.green}/${LIGHT_LABEL.yellow}/${LIGHT_LABEL.red}；* 已填写偏差原因。`);
      });
    });
}

