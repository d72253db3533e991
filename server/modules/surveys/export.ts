/**
 * The survey's workbooks: 抽样方案 (the rule as recorded — mode, per county, seed, quota, deadline,
 * questionnaire — and the sampled communities with their links and answers so far) and 调查结果 (the
 * rates of the city, the counties and the communities, overall and by part; every question's five
 * levels; the comments by theme). Figures come from getSurveyState and getSurveyResults as they are: a
 * rate is the service's basis points, shown as a percentage cell, never computed again here.
 */
import { TASK_STATE_LABEL } from "../../../contracts/evaluations";
import type { SurveyResults } from "../../../contracts/surveys";
import { formatDateCn } from "../../../core/dates";
import { formatRate } from "../../../core/format";
import { LEVELS } from "../../../core/survey/questionnaire";
import type { ServiceContext } from "../../context";
import { addTableSheet, newWorkbook, workbookBuffer, type CellValue, type ColumnSpec } from "../../xlsx";
import { surveyTask } from "./access";
import { chinaToday } from "./answer-online";
import { getSurveyResults } from "./results";
import { getSurveyState, requireSurvey } from "./setup-survey";

/** A rate in basis points as a percentage cell (display only: the figure itself is the service's). */
const rate = (bp: number | null): CellValue => (bp === null ? null : bp / 10000);
const PCT = "0.00%";
const fileSafe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, "");

function quotaRule(s: { quotaMin: number; quotaBp: number }): string {
  const share = formatRate(s.quotaBp);
  if (s.quotaBp === 0) return `每个小区 ${s.quotaMin} 户（不超过小区户数）`;
  if (s.quotaMin === 0) return `每个小区户数的 ${share}（向上取整，不超过小区户数）`;
  return `每个小区至少 ${s.quotaMin} 户，或户数的 ${share}（向上取整），取较大者，且不超过小区户数`;
}

/** 抽样方案: the rule and the sampled communities (a county user: their own). */
export async function buildPlanWorkbook(ctx: ServiceContext, taskId: number): Promise<{ buffer: Buffer; fileName: string }> {
  await requireSurvey(ctx, taskId);
  const state = await getSurveyState(ctx, taskId);
  const s = state.survey!;
  const wb = newWorkbook();
  const rule: CellValue[][] = [
    ["评价任务", state.taskName],
    ["任务状态", TASK_STATE_LABEL[state.taskState]],
    ["问卷", `${s.questionnaireName}（第 ${s.questionnaireVersion} 版）`],
    ["抽样方式", s.sampling.mode === "all" ? "全部已改造小区" : "分县区随机抽取小区"],
    ["每个县区抽取小区数", s.sampling.mode === "all" ? "全部" : s.sampling.perCounty],
    ["随机种子", s.sampling.seed],
    ["户数配额", quotaRule(s.sampling)],
    ["满意的口径", s.questionnaire.satisfiedLevels === 3 ? "很满意、比较满意、一般" : "很满意、比较满意"],
    ["填写截止", s.closesOn ? formatDateCn(s.closesOn) : "评价任务定稿前"],
    ["抽样小区", s.totals.communities],
    ["配额合计（户）", s.totals.quota],
    ["已发放链接", s.totals.tokens],
    ["已提交问卷", s.totals.pending + s.totals.accepted + s.totals.rejected],
    ["已接受问卷", s.totals.accepted],
    ["设置日期", formatDateCn(chinaToday(new Date(s.createdAt)))],
  ];
  addTableSheet(wb, "抽样方案", [{ header: "项目", width: 20 }, { header: "内容", width: 70 }], rule, {
    title: `${state.taskName} · 居民满意度调查抽样方案`,
    subtitle: "同一随机种子、同一份已改造小区名单，在任何机器上抽出的小区都相同，可据此复核。",
  });
  const columns: ColumnSpec[] = [
    { header: "县区", width: 10 },
    { header: "小区编号", width: 14 },
    { header: "小区名称", width: 28 },
    { header: "户数", width: 8 },
    { header: "配额", width: 8 },
    { header: "已发放链接", width: 10 },
    { header: "已提交", width: 8, note: "在线和纸质问卷，含待审核、已接受和已退回" },
    { header: "已接受", width: 8 },
  ];
  const rows: CellValue[][] = s.communities.map((c) => [c.county, c.code, c.name, c.households, c.quota, c.tokens, c.pending + c.accepted + c.rejected, c.accepted]);
  rows.push(["合计", "", `${s.totals.communities} 个小区`, s.communities.reduce((a, c) => a + c.households, 0), s.totals.quota, s.totals.tokens, s.totals.pending + s.totals.accepted + s.totals.rejected, s.totals.accepted]);
  const ws = addTableSheet(wb, "抽样小区", columns, rows, { title: "抽样小区及回收情况" });
  ws.getRow(ws.rowCount).font = { bold: true };
  if (state.candidates.length) {
    addTableSheet(
      wb,
      "各县区已改造小区",
      [{ header: "县区", width: 10 }, { header: "截至评价日已完工改造的小区", width: 16 }, { header: "户数", width: 10 }, { header: "抽样小区", width: 10 }, { header: "配额", width: 10 }],
      state.candidates.map((c) => {
        const mine = s.communities.filter((x) => x.countyId === c.countyId);
        return [c.county, c.communities, c.households, mine.length, mine.reduce((a, x) => a + x.quota, 0)];
      }),
      { title: "抽样范围：各县区截至评价日已完工改造的小区" },
    );
  }
  return { buffer: await workbookBuffer(wb), fileName: fileSafe(`${state.taskName}_居民满意度调查抽样方案.xlsx`) };
}

type Group = SurveyResults["counties"][number] | NonNullable<SurveyResults["city"]>;

/** 调查结果: every rate as getSurveyResults gives it. */
export async function buildResultsWorkbook(ctx: ServiceContext, taskId: number): Promise<{ buffer: Buffer; fileName: string }> {
  const r = await getSurveyResults(ctx, taskId);
  const { task, isDemo } = await surveyTask(ctx, taskId);
  // The parts with satisfaction questions, in the questionnaire's order: the parts every group carries.
  const partTitles = r.questionnaire.parts.filter((p) => p.questions.some((x) => x.kind === "satisfaction")).map((p) => p.title);
  const subtitle =
    `满意率 = 回答「${r.satisfiedLabel}」的人数 ÷ 有效回答人数；只计审核通过（已接受）的问卷。` +
    `${r.final ? "评价任务已定稿。" : `任务状态：${TASK_STATE_LABEL[task.state]}（定稿前随审核变化）。`}${isDemo ? "（示例数据）" : ""}`;
  const wb = newWorkbook();

  const rateColumns: ColumnSpec[] = [
    { header: "总体满意人数", width: 10 },
    { header: "总体有效回答", width: 10 },
    { header: "总体满意度", width: 10, numFmt: PCT, note: "计分题（总体满意度）的满意率：居民满意度指标取此值" },
    ...partTitles.map((t) => ({ header: `${t}满意率`, width: 12, numFmt: PCT, note: `「${t}」各题回答合计的满意率` })),
  ];
  const rateCells = (g: Group | SurveyResults["communities"][number]): CellValue[] => [g.overall.satisfied, g.overall.valid, rate(g.overall.rateBp), ...g.parts.map((p) => rate(p.tally.rateBp))];

  const summary: CellValue[][] = [];
  const sum = (k: "quota" | "pending" | "rejected") => r.counties.reduce((a, c) => a + c[k], 0);
  if (r.city) summary.push(["全市", sum("quota"), r.city.responses, sum("pending"), sum("rejected"), ...rateCells(r.city)]);
  for (const c of r.counties) summary.push([c.county, c.quota, c.responses, c.pending, c.rejected, ...rateCells(c)]);
  const ws = addTableSheet(
    wb,
    "满意率汇总",
    [
      { header: "范围", width: 10 },
      { header: "配额（户）", width: 10 },
      { header: "已接受问卷", width: 10 },
      { header: "待审核", width: 8 },
      { header: "已退回", width: 8 },
      ...rateColumns,
    ],
    summary,
    { title: `${r.taskName} · 居民满意度调查结果`, subtitle },
  );
  if (r.city) ws.getRow(4).font = { bold: true };

  addTableSheet(
    wb,
    "各小区满意率",
    [{ header: "县区", width: 10 }, { header: "小区", width: 28 }, { header: "配额（户）", width: 10 }, { header: "已接受问卷", width: 10 }, ...rateColumns],
    r.communities.map((c) => [c.county, c.community, c.quota, c.responses, ...rateCells(c)]),
    { title: "各小区满意率", subtitle: "配额为 0 的是抽样范围以外的小区（纸质问卷），其问卷审核通过后同样计入。" },
  );

  const scope = r.city ?? r.counties[0];
  if (scope) {
    const partTitle = new Map(r.questionnaire.parts.map((p) => [p.name, p.title]));
    addTableSheet(
      wb,
      "各题满意度",
      [
        { header: "部分", width: 12 },
        { header: "题目", width: 40 },
        ...LEVELS.map((l) => ({ header: l.text, width: 9 })),
        { header: "有效回答", width: 9 },
        { header: "满意", width: 8 },
        { header: "满意率", width: 9, numFmt: PCT },
      ],
      scope.questions.map((x) => [partTitle.get(x.part) ?? x.part, x.title, ...x.tally.levels, x.tally.valid, x.tally.satisfied, rate(x.tally.rateBp)]),
      { title: `各题满意度（${r.city ? "全市" : r.counties[0].county}）`, subtitle },
    );
  }

  const comments: CellValue[][] = r.comments.flatMap((t) => t.items.map((i) => [t.theme, i.county, i.community, i.text]));
  addTableSheet(
    wb,
    "意见建议",
    [{ header: "主题", width: 16 }, { header: "县区", width: 10 }, { header: "小区", width: 26 }, { header: "意见建议", width: 80 }],
    comments,
    { title: "居民意见建议（按主题）", subtitle: `按关键词归入主题，一条意见可能属于多个主题。共 ${r.comments.map((t) => `${t.theme} ${t.items.length} 条`).join("、") || "0 条"}。` },
  ).eachRow((row, n) => {
    if (n > 3) row.alignment = { vertical: "top", wrapText: true };
  });
  return { buffer: await workbookBuffer(wb), fileName: fileSafe(`${r.taskName}_居民满意度调查结果${r.final ? "" : "_预览"}.xlsx`) };
}
