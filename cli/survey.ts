/**
 * `wenxiao survey tokens`: a task's printable 入户问卷二维码 (PDF or Word, by the output's extension);
 * `wenxiao survey results`: the satisfaction rates of the city and the counties. The same services as
 * the web (server/modules/surveys), as the system.
 */
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { formatBasisPoints } from "../core/money";
import { buildSurveySheets, SHEET_FORMATS, type SheetFormat } from "../server/modules/surveys/sheets";
import { getSurveyResults } from "../server/modules/surveys/results";
import { publicBaseUrl } from "../server/settings";
import type { CliDeps } from "./projects";
import { idArg } from "./evaluation";
import { CliError } from "./output";

const urlArg = (v: string) => {
  if (!URL.canParse(v) || !/^https?:$/.test(new URL(v).protocol)) throw new InvalidArgumentError(`「${v}」不是有效的网址，应如 https://wenxiao.example.gov.cn`);
  return v.replace(/\/+$/, "");
};

function formatOf(file: string): SheetFormat {
  const ext = path.extname(file).toLowerCase().slice(1);
  if (!(SHEET_FORMATS as readonly string[]).includes(ext)) throw new CliError(`输出文件应以 .pdf 或 .docx 结尾（按扩展名决定格式），而不是「${path.basename(file)}」`);
  return ext as SheetFormat;
}

export function registerSurveyCommands(program: Command, deps: CliDeps) {
  const survey = program.command("survey").description("居民满意度调查").helpOption("-h, --help", "显示帮助");
  survey
    .command("tokens")
    .description("生成入户问卷二维码（每个抽样小区一页起，每户一码、一次有效）：PDF 或 Word，按输出文件的扩展名")
    .requiredOption("--task <id>", "评价任务编号", idArg)
    .requiredOption("--out <file>", "输出文件（.pdf 或 .docx）")
    .option("--community <id>", "只生成一个抽样小区（小区的编号 id）", idArg)
    .option("--base-url <url>", "居民手机打开的网址（默认取 WENXIAO_PUBLIC_URL）", urlArg)
    .action(async (o: { task: number; out: string; community?: number; baseUrl?: string }) => {
      const format = formatOf(o.out);
      const baseUrl = o.baseUrl ?? publicBaseUrl();
      if (!baseUrl) throw new CliError("请用 --base-url 指明居民手机访问本系统的网址（如 https://wenxiao.example.gov.cn），或设置环境变量 WENXIAO_PUBLIC_URL；二维码中的链接以它开头");
      await deps.withDb(async (d) => {
        const started = Date.now();
        const file = await buildSurveySheets(deps.cliContext(d), o.task, { format, communityId: o.community, baseUrl });
        fs.writeFileSync(o.out, file.buffer);
        const seconds = Math.max(1, Math.round((Date.now() - started) / 1000));
        console.log(`已生成 ${o.out}：${file.communities} 个小区、${file.households} 户的入户问卷二维码（${Math.ceil(file.buffer.length / 1024)} KB，用时 ${seconds} 秒）`);
        console.log(`链接形如 ${baseUrl}/s/…，每户一码，仅能提交一次。`);
      });
    });
  survey
    .command("results")
    .description("调查结果：全市和各县区的总体满意度及各部分满意率（只计审核通过的问卷）")
    .requiredOption("--task <id>", "评价任务编号", idArg)
    .option("--json", "以 JSON 输出（满意率单位：万分之一）")
    .action(async (o: { task: number; json?: boolean }) => {
      await deps.withDb(async (d) => {
        const r = await getSurveyResults(deps.cliContext(d), o.task);
        if (o.json) return void console.log(JSON.stringify(r, null, 2));
        console.log(`${r.taskName} · 居民满意度调查结果（${r.final ? "任务已定稿" : "定稿前，随审核变化"}）`);
        console.log(`满意率 = 回答「${r.satisfiedLabel}」的人数 ÷ 有效回答人数；只计审核通过的问卷。`);
        const groups = [...(r.city ? [{ name: "全市", g: r.city, pending: r.counties.reduce((a, c) => a + c.pending, 0) }] : []), ...r.counties.map((c) => ({ name: c.county, g: c, pending: c.pending }))];
        const parts = (r.city ?? r.counties[0])?.parts.map((p) => p.title) ?? [];
        deps.printTable(
          ["范围", "已接受问卷", "待审核", "满意", "有效回答", "总体满意度", ...parts.map((p) => `${p}满意率`)],
          groups.map(({ name, g, pending }) => [
            name,
            String(g.responses),
            String(pending),
            String(g.overall.satisfied),
            String(g.overall.valid),
            formatBasisPoints(g.overall.rateBp),
            ...g.parts.map((p) => formatBasisPoints(p.tally.rateBp)),
          ]),
        );
      });
    });
}
