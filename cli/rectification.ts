/**
 * `wenxiao rectification list`: the 整改台账 as a table or JSON, optionally only overdue items, one
 * county's or one task's. The same service as the web (server/modules/rectification), as the system.
 */
import type { Command } from "commander";
import type { Ledger, RectificationItem } from "../contracts/rectification";
import { formatDateCn } from "../core/dates";
import { countiesNamed, listLedger } from "../server/modules/rectification/service";
import type { ServiceContext } from "../server/context";
import type { CliDeps } from "./projects";
import { idArg } from "./evaluation";
import { CliError } from "./output";

const PAGE = 500;

/** Every row of the filter, page by page, with the counts of the first answer. */
async function wholeLedger(ctx: ServiceContext, q: { overdue?: boolean; countyId?: number; taskId?: number }): Promise<Ledger> {
  const first = await listLedger(ctx, { ...q, page: 1, pageSize: PAGE });
  const rows: RectificationItem[] = [...first.rows];
  for (let page = 2; rows.length < first.total; page++) {
    const next = await listLedger(ctx, { ...q, page, pageSize: PAGE });
    if (next.rows.length === 0) break;
    rows.push(...next.rows);
  }
  return { ...first, rows, page: 1, pageSize: rows.length };
}

const due = (r: RectificationItem) => (r.state === "accepted" || r.state === "submitted" ? "—" : r.dueInDays >= 0 ? `剩 ${r.dueInDays} 天` : `超 ${-r.dueInDays} 天`);

export function registerRectificationCommands(program: Command, deps: CliDeps) {
  const rect = program.command("rectification").description("问题整改").helpOption("-h, --help", "显示帮助");
  rect
    .command("list")
    .description("整改台账：问题、责任单位、整改期限、状态、是否逾期")
    .option("--overdue", "只列逾期未整改的事项")
    .option("--county <name>", "只看一个县区")
    .option("--task <id>", "只看一个评价任务", idArg)
    .option("--json", "以 JSON 输出（日期为 YYYY-MM-DD）")
    .action(async (o: { overdue?: boolean; county?: string; task?: number; json?: boolean }) => {
      await deps.withDb(async (d) => {
        let countyId: number | undefined;
        if (o.county) {
          const found = await countiesNamed(d.db, o.county);
          if (found.length === 0) throw new CliError(`未知县区「${o.county}」`);
          if (found.length > 1) throw new CliError(`有 ${found.length} 个名为「${o.county}」的县区，请在网页上按县区筛选`);
          countyId = found[0]!.id;
        }
        const ledger = await wholeLedger(deps.cliContext(d), { overdue: o.overdue ? true : undefined, countyId, taskId: o.task });
        if (o.json) return void console.log(JSON.stringify(ledger, null, 2));
        const c = ledger.counts;
        console.log(`整改台账（${formatDateCn(ledger.today)}）：共 ${ledger.total} 项，待整改 ${c.pending}、整改中 ${c.in_progress}、已提交 ${c.submitted}、已验收 ${c.accepted}、退回 ${c.returned}；逾期 ${ledger.overdue} 项`);
        if (ledger.rows.length === 0) return void console.log("没有符合条件的整改事项。");
        deps.printTable(
          ["编号", "问题", "责任单位", "整改期限", "状态", "逾期", "期限"],
          ledger.rows.map((r) => [String(r.id), r.findingTitle, r.ownerLabel, formatDateCn(r.deadline), r.stateLabel, r.overdue ? "是" : "否", due(r)]),
        );
      });
    });
}
