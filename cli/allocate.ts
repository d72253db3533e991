/**
 * `wenxiao allocate`: next year's money shared among the counties by 因素法, from the scored year's
 * registry and evaluation, through the same service as the web (nothing is saved).
 */
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { FACTOR_BASES, FACTOR_BASIS_LABEL, type FactorBasis } from "../contracts/allocation";
import { formatBasisPoints, formatWan } from "../core/money";
import { formatPoints } from "../core/scoring/points";
import { formatScore, formatWan as tableWan } from "../core/format";
import { computeAllocation } from "../server/modules/allocation/service";
import type { CliDeps } from "./projects";
import { pickFundYear } from "./fund-year";

/** `--scheme 2019` / `2022` name the built-in schemes; any other value is a scheme code. */
export const SCHEME_ALIASES: Record<string, string> = { "2019": "caizong-2019-31", "2022": "workload-2022" };

const totalArg = (v: string) => {
  if (!/^\d{1,9}(\.\d{1,6})?$/.test(v.trim())) throw new InvalidArgumentError(`「${v}」不是有效的分配总额，应为万元数，如 25000 或 25000.5`);
  return v.trim();
};
const basisArg = (v: string) => {
  if (!(FACTOR_BASES as readonly string[]).includes(v)) throw new InvalidArgumentError(`「${v}」不是有效的因素口径，应为 planned（新年度计划任务）或 completed（评价年度已完成任务）`);
  return v as FactorBasis;
};
const signedWan = (fen: number) => (fen > 0 ? "+" : "") + tableWan(fen);

export function registerAllocateCommand(program: Command, deps: CliDeps) {
  program
    .command("allocate")
    .description("因素法资金分配测算：按评价年度的项目库因素、财政困难程度系数和绩效评价得分分配下一年度资金（不保存）")
    .helpOption("-h, --help", "显示帮助")
    .requiredOption("--year <year>", "分配年度，如 2022（依据上一年度的评价结果）", deps.yearArg)
    .requiredOption("--total <万元>", "分配总额（万元），如 25000", totalArg)
    .option("--scheme <scheme>", "分配方案：2019（财综〔2019〕31号因素法）、2022（任务量与绩效奖励）或方案编码", "2019")
    .option("--basis <basis>", "因素口径：completed（评价年度已完成任务，默认）或 planned（新年度计划任务）", basisArg, "completed" as FactorBasis)
    .option("--region <name>", "地区名称（有多个时指明）")
    .option("--programme <name>", "资金项目名称（有多个时指明）")
    .option("--json", "以 JSON 输出（金额单位：分；得分单位：0.01 分；占比单位：万分之一）")
    .action(async (o: { year: number; total: string; scheme: string; basis: FactorBasis; region?: string; programme?: string; json?: boolean }) => {
      await deps.withDb(async (d) => {
        const ctx = deps.cliContext(d);
        const basis = await pickFundYear(d.db, { year: o.year - 1, region: o.region, programme: o.programme });
        const schemeCode = SCHEME_ALIASES[o.scheme] ?? o.scheme;
        const { view: v } = await computeAllocation(ctx, { basisFundYearId: basis.id, year: o.year, totalWan: o.total, schemeCode, factorBasis: o.basis });
        if (o.json) {
          const counties = v.lines.map((l) => ({
            countyId: l.countyId,
            name: l.name,
            score: l.score,
            grade: l.grade,
            cutReasons: l.cutReasons,
            factorFen: l.factorFen,
            performanceFen: l.performanceFen,
            cutFen: l.cutFen,
            amountFen: l.amountFen,
            shareBp: l.shareBp,
            atMeanScoreFen: l.atMeanScoreFen,
            movedByScoreFen: l.movedByScoreFen,
          }));
          const out = { year: v.year, city: v.city.name, totalFen: v.totalFen, scheme: v.scheme.code, factorBasis: v.factorBasis, task: v.task, meanScore: v.meanScore, counties, notes: v.notes };
          return void console.log(JSON.stringify(out, null, 2));
        }
        console.log(`${v.city.name}${v.year}年度${v.programme.name}分配测算：${v.scheme.name}，分配总额 ${formatWan(v.totalFen, { grouping: true })} 万元`);
        console.log(`因素口径：${FACTOR_BASIS_LABEL[v.factorBasis]}；评价任务：${v.task?.name ?? "（无）"}；平均得分：${formatPoints(v.meanScore, { fixed: true })}`);
        deps.printTable(
          ["县区", "得分", "等级", "因素分配（万元）", "绩效分配（万元）", "核减调整（万元）", "分配金额（万元）", "占比", "得分影响（万元）", "核减原因"],
          [
            ...v.lines.map((l) => [
              l.name,
              formatScore(l.score),
              l.grade ?? "—",
              tableWan(l.factorFen),
              tableWan(l.performanceFen),
              signedWan(l.cutFen),
              tableWan(l.amountFen),
              formatBasisPoints(l.shareBp),
              signedWan(l.movedByScoreFen),
              l.cutReasons.join("；") || "—",
            ]),
            ["合计", "", "", tableWan(v.totals.factorFen), tableWan(v.totals.performanceFen), signedWan(v.totals.cutFen), tableWan(v.totals.amountFen), "100%", "", ""],
          ],
        );
        for (const n of v.notes) console.log(`说明：${n}`);
      });
    });
}
