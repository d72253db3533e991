/**
 * `wenxiao works conflicts`: the 反复开挖 conflicts (digging works and renovation windows apart in one
 * community) with the proposed joint window and who has still to act. Same service as the web, as the system.
 */
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { listConflicts } from "../server/modules/works/service";
import type { CliDeps } from "./projects";
import { formatDate } from "../core/format";

const yearArg = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 2000 || n > 2100) throw new InvalidArgumentError("年份应为 2000 至 2100 之间的整数");
  return n;
};

export function registerWorksCommands(program: Command, deps: CliDeps) {
  const works = program.command("works").description("专营单位施工计划").helpOption("-h, --help", "显示帮助");
  works
    .command("conflicts")
    .description("反复开挖冲突：同一小区不同时段开挖的施工计划及改造项目，建议联合施工窗口")
    .option("--year <year>", "只看施工窗口落在该年的施工计划", yearArg)
    .option("--open", "只列未确认或未全部知悉的冲突")
    .option("--json", "以 JSON 输出（日期为 YYYY-MM-DD）")
    .action(async (o: { year?: number; open?: boolean; json?: boolean }) => {
      await deps.withDb(async (d) => {
        const list = await listConflicts(deps.cliContext(d), { year: o.year, open: o.open ? "true" : undefined });
        if (o.json) return void console.log(JSON.stringify(list, null, 2));
        const open = list.filter((c) => c.open).length;
        console.log(`反复开挖冲突${o.year ? `（${o.year}年）` : ""}：共 ${list.length} 处，未闭环 ${open} 处`);
        if (list.length === 0) return void console.log("没有反复开挖冲突。");
        deps.printTable(
          ["县区", "小区", "当事方", "各自窗口", "建议联合窗口", "确认窗口", "待知悉"],
          list.map((c) => [
            c.countyName,
            c.communityName,
            c.parties.map((p) => p.name).join("、"),
            [...c.works.map((w) => `${w.kind} ${formatDate(w.plannedFrom)}~${formatDate(w.plannedTo)}`), ...(c.renovation ? [`改造 ${formatDate(c.renovation.from)}~${formatDate(c.renovation.to)}`] : [])].join("；"),
            `${formatDate(c.proposedFrom)}~${formatDate(c.proposedTo)}`,
            c.confirmedFrom ? `${formatDate(c.confirmedFrom)}~${formatDate(c.confirmedTo)}` : "未确认",
            c.parties.filter((p) => !p.acknowledgedAt).map((p) => p.name).join("、") || "—",
          ]),
        );
      });
    });
}
