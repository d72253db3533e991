/**
 * `wenxiao source|programme|fund-year …`: 基础设置 on the command line — funding sources, fund
 * programmes and fund years (create, next year, close, reopen) — through the same services as the web.
 */
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { parseDate } from "../core/dates";
import type { z } from "zod";
import {
  fundYearCreateSchema,
  fundYearReopenSchema,
  PERIOD_KIND_LABEL,
  SOURCE_CATEGORY_LABEL,
  sourceCreateSchema,
  type FundYearDetail,
} from "../contracts/setup";
import { listFundYears } from "../server/modules/funds/service";
import {
  closeFundYear,
  createFundYear,
  createSource,
  findProgrammeByName,
  findRegionByName,
  latestFundYearOf,
  listProgrammes,
  listSetupSources,
  reopenFundYear,
  startNextFundYear,
} from "../server/modules/fund-years/service";
import type { ServiceContext } from "../server/context";
import type { CliDeps } from "./projects";
import { CliError } from "./output";

const dateArg = (v: string) => {
  const d = parseDate(v);
  if (!d) throw new InvalidArgumentError(`「${v}」不是有效日期，应为 YYYY-MM-DD`);
  return d;
};
const orderArg = (v: string) => {
  if (!/^\d{1,4}$/.test(v)) throw new InvalidArgumentError(`「${v}」不是有效排序号，应为 0–9999 的整数`);
  return Number(v);
};
const categoryArg = (v: string) => {
  const c = { fiscal: "fiscal", "non-fiscal": "non_fiscal", non_fiscal: "non_fiscal", 财政: "fiscal", 非财政: "non_fiscal" }[v];
  if (!c) throw new InvalidArgumentError(`资金来源类别应为 fiscal（财政）或 non-fiscal（非财政），而不是「${v}」`);
  return c as "fiscal" | "non_fiscal";
};

/** The same checks as the API's request schemas, with their Chinese messages. */
function valid<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new CliError(r.error.issues.map((i) => i.message).join("；"));
  return r.data;
}

const nameOf = (d: FundYearDetail) => `${d.fundYear.region.name}${d.fundYear.year}年度${d.fundYear.programme}`;
const windowsOf = (d: FundYearDetail) =>
  `评价日 ${d.fundYear.evaluationDate}；资金下达期 ${d.fundYear.allocationFrom} 至 ${d.fundYear.allocationTo}；资金支付期 ${d.fundYear.paymentFrom} 至 ${d.fundYear.paymentTo}`;

/** The fund year named by region, programme and year. */
async function pickYear(ctx: ServiceContext, o: { region: string; programme: string; year: number }) {
  const [region, programme] = await Promise.all([findRegionByName(ctx, o.region), findProgrammeByName(ctx, o.programme)]);
  const fy = (await listFundYears(ctx)).find((f) => f.region.id === region.id && f.programmeId === programme.id && f.year === o.year);
  if (!fy) throw new CliError(`找不到资金年度：${region.name}${o.year}年度${programme.name}`);
  return fy;
}

export function registerSetupCommands(program: Command, deps: CliDeps) {
  const source = program.command("source").description("资金来源").helpOption("-h, --help", "显示帮助");
  source
    .command("add")
    .description("新增资金来源")
    .argument("<name>", "名称，如 彩票公益金")
    .requiredOption("--category <category>", "fiscal（财政）或 non-fiscal（非财政）", categoryArg)
    .option("--order <n>", "排序号（默认排在最后）", orderArg)
    .option("--code <code>", "编码（默认自动生成）")
    .action(async (name: string, o: { category: "fiscal" | "non_fiscal"; order?: number; code?: string }) => {
      await deps.withDb(async (d) => {
        const s = await createSource(deps.cliContext(d), valid(sourceCreateSchema, { name, category: o.category, sortOrder: o.order, code: o.code }));
        console.log(`已新增资金来源「${s.name}」（${s.categoryLabel}，编码 ${s.code}，排序 ${s.sortOrder}）。`);
      });
    });
  source
    .command("list")
    .description("资金来源列表")
    .option("--json", "以 JSON 输出")
    .action(async (o: { json?: boolean }) => {
      await deps.withDb(async (d) => {
        const list = await listSetupSources(deps.cliContext(d));
        if (o.json) return void console.log(JSON.stringify(list, null, 2));
        deps.printTable(
          ["排序", "名称", "类别", "编码", "使用情况"],
          list.map((s) => [String(s.sortOrder), s.name, SOURCE_CATEGORY_LABEL[s.category], s.code, s.inUse ? "已使用" : "未使用"]),
        );
      });
    });

  program
    .command("programme")
    .description("资金项目")
    .helpOption("-h, --help", "显示帮助")
    .command("list")
    .description("资金项目列表：指标体系模板、改造内容与监测默认设置")
    .option("--json", "以 JSON 输出")
    .action(async (o: { json?: boolean }) => {
      await deps.withDb(async (d) => {
        const list = await listProgrammes(deps.cliContext(d));
        if (o.json) return void console.log(JSON.stringify(list, null, 2));
        deps.printTable(
          ["名称", "编码", "指标体系模板", "改造内容", "监测", "资金年度"],
          list.map((p) => [
            `${p.name}${p.builtin ? "（内置）" : ""}`,
            p.code,
            p.templateName ?? "（评价时选择）",
            p.contentItems === null ? "全部改造内容" : `${p.contentItems.length} 项`,
            `${PERIOD_KIND_LABEL[p.monitoring.periodKind]}，${p.monitoring.indicators.length} 项指标`,
            String(p.fundYears),
          ]),
        );
      });
    });

  const fy = program.command("fund-year").description("资金年度：新建、开启下一年度、关闭与重新打开").helpOption("-h, --help", "显示帮助");
  fy.command("list")
    .description("资金年度列表")
    .option("--json", "以 JSON 输出")
    .action(async (o: { json?: boolean }) => {
      await deps.withDb(async (d) => {
        const list = await listFundYears(deps.cliContext(d));
        if (o.json) return void console.log(JSON.stringify(list, null, 2));
        if (!list.length) return void console.log("还没有资金年度。可用 `wenxiao fund-year create` 新建。");
        deps.printTable(
          ["地区", "资金项目", "年度", "评价日", "资金下达期", "资金支付期", "状态"],
          list.map((f) => [
            f.region.name,
            f.programme,
            String(f.year),
            f.evaluationDate,
            `${f.allocationFrom} 至 ${f.allocationTo}`,
            `${f.paymentFrom} 至 ${f.paymentTo}`,
            `${f.closed ? "已关闭" : "进行中"}${f.isDemo ? "（示例数据）" : ""}`,
          ]),
        );
      });
    });
  fy.command("create")
    .description("新建资金年度（资金下达期、支付期不填时按年度默认）")
    .requiredOption("--region <name>", "地区（市或省）")
    .requiredOption("--year <year>", "年度", deps.yearArg)
    .requiredOption("--programme <name>", "资金项目名称")
    .requiredOption("--evaluation-date <date>", "评价日 YYYY-MM-DD", dateArg)
    .option("--allocation-from <date>", "资金下达期开始（默认上年10月1日）", dateArg)
    .option("--allocation-to <date>", "资金下达期结束（默认当年12月31日）", dateArg)
    .option("--payment-from <date>", "资金支付期开始（默认当年1月1日）", dateArg)
    .option("--payment-to <date>", "资金支付期结束（默认次年12月31日）", dateArg)
    .action(
      async (o: { region: string; year: number; programme: string; evaluationDate: string; allocationFrom?: string; allocationTo?: string; paymentFrom?: string; paymentTo?: string }) => {
        await deps.withDb(async (d) => {
          const ctx = deps.cliContext(d);
          const [region, programme] = await Promise.all([findRegionByName(ctx, o.region), findProgrammeByName(ctx, o.programme)]);
          const r = await createFundYear(
            ctx,
            valid(fundYearCreateSchema, {
              programmeId: programme.id,
              regionId: region.id,
              year: o.year,
              evaluationDate: o.evaluationDate,
              allocationFrom: o.allocationFrom,
              allocationTo: o.allocationTo,
              paymentFrom: o.paymentFrom,
              paymentTo: o.paymentTo,
            }),
          );
          console.log(`已新建资金年度：${nameOf(r)}（${windowsOf(r)}）。`);
          console.log(`监测指标 ${r.carried.monitoringIndicators} 项（${r.carried.periodKind ? PERIOD_KIND_LABEL[r.carried.periodKind] : "未设置"}），指标体系模板：${r.template ? `${r.template.name} 第 ${r.template.version} 版` : "评价时选择"}。`);
        });
      },
    );
  fy.command("next")
    .description("开启下一年度：从该地区该资金项目最近的年度沿用设置（不含资金、项目）")
    .requiredOption("--region <name>", "地区（市或省）")
    .requiredOption("--programme <name>", "资金项目名称")
    .option("--evaluation-date <date>", "新年度的评价日（默认顺延一年）", dateArg)
    .action(async (o: { region: string; programme: string; evaluationDate?: string }) => {
      await deps.withDb(async (d) => {
        const ctx = deps.cliContext(d);
        const [region, programme] = await Promise.all([findRegionByName(ctx, o.region), findProgrammeByName(ctx, o.programme)]);
        const latest = await latestFundYearOf(ctx, programme.id, region.id);
        const r = await startNextFundYear(ctx, latest.id, { evaluationDate: o.evaluationDate });
        console.log(`已开启下一年度：${nameOf(r)}（${windowsOf(r)}）。`);
        console.log(
          `沿用${latest.year}年度：监测指标 ${r.carried.monitoringIndicators} 项、绩效目标 ${r.carried.targets} 项（目标值待设定）、报告文字 ${r.carried.paragraphs} 段${r.template ? `、指标体系模板「${r.template.name}」第 ${r.template.version} 版` : ""}。资金下达、支付与项目不结转。`,
        );
      });
    });
  fy.command("close")
    .description("关闭资金年度：关闭后只读，如需修改请由财政部门重新打开")
    .requiredOption("--region <name>", "地区（市或省）")
    .requiredOption("--programme <name>", "资金项目名称")
    .requiredOption("--year <year>", "年度", deps.yearArg)
    .option("--reason <text>", "说明")
    .action(async (o: { region: string; programme: string; year: number; reason?: string }) => {
      await deps.withDb(async (d) => {
        const ctx = deps.cliContext(d);
        const f = await pickYear(ctx, o);
        const r = await closeFundYear(ctx, f.id, { reason: o.reason });
        console.log(`已关闭资金年度「${nameOf(r)}」：只读，如需修改请由财政部门重新打开。`);
      });
    });
  fy.command("reopen")
    .description("重新打开已关闭的资金年度（须填写原因）")
    .requiredOption("--region <name>", "地区（市或省）")
    .requiredOption("--programme <name>", "资金项目名称")
    .requiredOption("--year <year>", "年度", deps.yearArg)
    .requiredOption("--reason <text>", "重新打开的原因")
    .action(async (o: { region: string; programme: string; year: number; reason: string }) => {
      const { reason } = valid(fundYearReopenSchema, { reason: o.reason });
      await deps.withDb(async (d) => {
        const ctx = deps.cliContext(d);
        const f = await pickYear(ctx, o);
        const r = await reopenFundYear(ctx, f.id, { reason });
        console.log(`已重新打开资金年度「${nameOf(r)}」，原因：${reason}。`);
      });
    });
}
