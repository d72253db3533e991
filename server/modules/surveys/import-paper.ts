/**
 * 纸质问卷导入 through the one table import pipeline: a row a paper form — 小区编号, 问卷编号, then one
 * column per question headed by its title (core/survey/paper.ts). Each answer is checked as the phone's
 * are (core/survey/answers checkAnswers), each problem naming row and column. 问卷编号 is the key: a
 * number already imported with the same content changes nothing, so the same file imported twice
 * writes nothing the second time. Forms are written one after another through writePaperForm, under
 * the survey's lock, so a household answered twice within the file is flagged as it would be when
 * entered by hand; imported forms wait for review like any other.
 */
import { LEVEL_TEXT, LEVELS, QUESTION_KIND_LABEL, type Questionnaire } from "../../../core/survey/questionnaire";
import { checkAnswers, householdOf, overallLevel, type Answers, type Flag } from "../../../core/survey/answers";
import { allowedAnswers, PAPER_COLUMNS, paperColumns, type PaperColumn } from "../../../core/survey/paper";
import type ExcelJS from "exceljs";
import type { Problem } from "../../../contracts/errors";
import type { TableImportResult } from "../../../contracts/imports";
import type { ServiceContext } from "../../context";
import { AppError } from "../../errors";
import { cellText, runTableImport, type TableImportKind } from "../../import-pipeline";
import { addTableSheet, newWorkbook, normaliseHeader, workbookBuffer } from "../../xlsx";
import { visibleTask } from "../evaluations/service";
import { listFundYearCounties } from "../funds/service";
import { assertConduct } from "./access";
import { writePaperForm } from "./responses";
import { requireSurvey } from "./setup-survey";
import * as repo from "./repository";
import { pushTo } from "../../../core/collections";

const C = PAPER_COLUMNS;

/** exceljs keeps a sheet's validations by range (written as one sqref each); its types only know the cell's. */
type RangeValidations = { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } };
/** As paperEntrySchema's formNo. */
const FORM_NO_MAX = 50;
export const PAPER_SHEET = "纸质问卷";

interface CommunityRef {
  id: number;
  code: string;
  name: string;
  countyId: number;
  county: string;
}

interface PaperImportContext {
  surveyId: number;
  questionnaire: Questionnaire;
  columns: PaperColumn[];
  byCode: Map<string, CommunityRef>;
  sampled: Set<number>;
  /** 问卷编号 already in the survey, with what they hold. */
  existing: Map<string, { communityId: number; answers: Answers }>;
}

export interface PaperRecord {
  rowNumber: number;
  formNo: string;
  community: CommunityRef;
  answers: Answers;
}

/** The same answers, whatever order the keys came in (jsonb keeps its own). */
function sameAnswers(a: Answers, b: Answers): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** checkAnswers says 「题目」未作答; the column already names the question. */
const withoutTitle = (message: string) => message.replace(/^「[^」]*」(?=.)/, "");

function checkRows(sheet: Parameters<TableImportKind<PaperRecord, PaperImportContext>["check"]>[0], context: PaperImportContext) {
  const problems: Problem[] = [];
  const records: PaperRecord[] = [];
  const seen = new Map<string, number>();
  const columnOf = new Map(context.columns.map((c) => [c.question.name, c.header]));
  let unchanged = 0;
  for (const row of sheet.rows) {
    const before = problems.length;
    const at = (column: string | null, message: string) => problems.push({ row: row.rowNumber, column, message });

    const code = cellText(row, C.community);
    const community = code ? context.byCode.get(code) : undefined;
    if (!code) at(C.community, "请填写小区编号（见「抽样小区」工作表）");
    else if (!community) at(C.community, `小区编号「${code.slice(0, 30)}」不存在，或不属于本次评价的县区`);

    const formNo = cellText(row, C.formNo);
    if (!formNo) at(C.formNo, "请填写问卷编号（纸质问卷上的编号，每份不同）");
    else if ([...formNo].length > FORM_NO_MAX) at(C.formNo, `问卷编号不能超过 ${FORM_NO_MAX} 个字符`);
    else if (formNo.includes("\u0000")) at(C.formNo, "问卷编号含有无法保存的字符");
    else if (seen.has(formNo)) at(C.formNo, `问卷编号「${formNo}」与第${seen.get(formNo)}行重复`);
    if (formNo && !seen.has(formNo)) seen.set(formNo, row.rowNumber);

    const raw: Record<string, string> = {};
    for (const c of context.columns) {
      const v = cellText(row, c.header);
      if (v !== null) raw[c.question.name] = v;
    }
    const { answers, problems: answerProblems } = checkAnswers(context.questionnaire, raw);
    for (const p of answerProblems) at(p.question ? (columnOf.get(p.question) ?? null) : null, p.title ? withoutTitle(p.message) : p.message);

    if (problems.length > before || !community || !formNo) continue;
    const earlier = context.existing.get(formNo);
    if (earlier) {
      if (earlier.communityId === community.id && sameAnswers(earlier.answers, answers)) unchanged++;
      else at(C.formNo, `问卷编号「${formNo}」已导入过，本行内容与已导入的不同。已导入的问卷不能用导入覆盖；如需更正，请在问卷审核中退回原问卷，再以新的问卷编号导入`);
      continue;
    }
    records.push({ rowNumber: row.rowNumber, formNo, community, answers });
  }
  return { records, unchanged, problems };
}

/** The import of one task's survey: its columns come from the survey's questionnaire. */
function paperImportKind(taskId: number, surveyId: number, questionnaire: Questionnaire): TableImportKind<PaperRecord, PaperImportContext> {
  const columns = paperColumns(questionnaire, normaliseHeader);
  return {
    label: "纸质问卷",
    entityType: "survey_paper_import",
    required: [C.community, C.formNo, ...columns.filter((c) => c.question.required).map((c) => c.header)],
    async lock(tx) {
      await repo.lockSurvey(tx, surveyId);
    },
    async load(db, ctx) {
      // Read again inside the commit: a task finalised meanwhile refuses the file.
      const row = await visibleTask(ctx, taskId, db);
      assertConduct(ctx.actor, row.task);
      const survey = await repo.findSurveyOfTask(db, taskId);
      if (!survey || survey.id !== surveyId) throw new AppError("CONFLICT", "问卷调查已被重新设置，请重新下载导入模板");
      const q = survey.questionnaire as Questionnaire;
      const counties = await listFundYearCounties({ db, actor: ctx.actor }, row.task.fundYearId);
      const [list, sample, forms] = await Promise.all([
        repo.communitiesOfCounties(db, counties.map((c) => c.id)),
        repo.sampleWithCounts(db, surveyId),
        repo.numberedPaperForms(db, surveyId),
      ]);
      return {
        surveyId,
        questionnaire: q,
        columns: paperColumns(q, normaliseHeader),
        byCode: new Map(list.map((c) => [c.code, c])),
        sampled: new Set(sample.map((s) => s.communityId)),
        existing: new Map(forms.map((f) => [f.formNo!, { communityId: f.communityId, answers: f.answers as Answers }])),
      };
    },
    check: checkRows,
    preview: (r, context) => {
      const level = overallLevel(context.questionnaire, r.answers);
      return {
        [C.formNo]: r.formNo,
        [C.community]: r.community.code,
        小区名称: r.community.name,
        县区: r.community.county,
        住户: householdOf(context.questionnaire, r.answers).label,
        总体满意度: level === null ? null : LEVEL_TEXT[level],
        抽样小区: context.sampled.has(r.community.id) ? "是" : "否（将标记为超出配额）",
      };
    },
    async write(tx, records, context, ctx) {
      const flagged = new Map<Flag, Set<string>>();
      const mark = (f: Flag, formNo: string) => flagged.set(f, (flagged.get(f) ?? new Set()).add(formNo));
      const households = new Map<string, string[]>();
      for (const r of records) {
        const written = await writePaperForm(tx, ctx, context.surveyId, r.community.countyId, context.questionnaire, { communityId: r.community.id, formNo: r.formNo, answers: r.answers });
        for (const f of (written.flags as Flag[]) ?? []) mark(f, r.formNo);
        const key = `${r.community.id}:${written.householdKey}`;
        pushTo(households, key, r.formNo);
      }
      // A household's first form of the file is flagged when its second is written (flagEarlier).
      for (const same of households.values()) if (same.length > 1) same.forEach((n) => mark("duplicate_household", n));
      const n = (f: Flag) => flagged.get(f)?.size ?? 0;
      const notes = [
        n("duplicate_household") ? `同一户重复作答 ${n("duplicate_household")} 份` : "",
        n("outside_quota") ? `超出配额 ${n("outside_quota")} 份` : "",
        n("same_answers") ? `答案完全相同 ${n("same_answers")} 份` : "",
      ].filter(Boolean);
      return {
        summary: `新增纸质问卷 ${records.length} 份，待审核${notes.length ? `；其中标记${notes.join("、")}` : ""}`,
        entityId: context.surveyId,
        after: { taskId, surveyId: context.surveyId, formNos: records.map((r) => r.formNo) },
      };
    },
  };
}

/** Imports a workbook of paper forms into a task's survey (a dry run checks only). */
export async function importPaperForms(
  ctx: ServiceContext,
  taskId: number,
  o: { fileName: string; data: Buffer | Uint8Array; dryRun: boolean },
): Promise<TableImportResult> {
  const { row, survey, questionnaire } = await requireSurvey(ctx, taskId);
  assertConduct(ctx.actor, row.task);
  return runTableImport(paperImportKind(taskId, survey.id, questionnaire), { ctx, ...o });
}

/**
 * The import template: the 纸质问卷 sheet (headers only, a note on each saying what it takes, lists to
 * pick the answers from), 填写说明 listing every question with its allowed answers, and the sampled
 * communities with their codes.
 */
export async function buildPaperTemplate(ctx: ServiceContext, taskId: number): Promise<{ buffer: Buffer; fileName: string }> {
  const { row, survey, questionnaire: q } = await requireSurvey(ctx, taskId);
  assertConduct(ctx.actor, row.task);
  const columns = paperColumns(q, normaliseHeader);
  const sample = await repo.sampleWithCounts(ctx.db, survey.id);
  const wb = newWorkbook();

  const ws = addTableSheet(wb, PAPER_SHEET, [
    // Text cells ("@"): Excel would read 3-2 as a date and 0012 as 12.
    { header: C.community, width: 14, numFmt: "@", note: "抽样小区的编号，见「抽样小区」工作表" },
    { header: C.formNo, width: 14, numFmt: "@", note: "纸质问卷上的编号，每份不同；已导入的编号再次导入不会重复写入" },
    ...columns.map((c) => ({
      header: c.header,
      numFmt: c.question.kind === "text" ? "@" : undefined,
      width: c.question.kind === "comment" ? 40 : c.question.kind === "satisfaction" ? 12 : Math.min(24, Math.max(10, c.header.length * 2)),
      note: `${c.question.required ? "必填" : "选填"}：${allowedAnswers(c.question)}`,
    })),
  ], []);
  // Lists to pick from (a typed 1–5 is accepted too, so a value off the list only warns).
  const ROWS = 2000;
  columns.forEach((c, i) => {
    const list = c.question.kind === "satisfaction" ? LEVELS.map((l) => l.text) : c.question.kind === "choice" ? c.question.choices : null;
    if (!list || list.some((x) => /[,"]/.test(x))) return;
    const formula = `"${list.join(",")}"`;
    if (formula.length > 255) return;
    const col = ws.getColumn(i + 3).letter;
    (ws as unknown as RangeValidations).dataValidations.add(`${col}2:${col}${ROWS + 1}`, {
      type: "list",
      allowBlank: true,
      formulae: [formula],
      showErrorMessage: true,
      errorStyle: "warning",
      errorTitle: "答案不在列表中",
      error: c.question.kind === "satisfaction" ? "应为 很满意、比较满意、一般、不太满意、很不满意，或 5 至 1" : `应为 ${list.join("、")}`,
    });
  });

  const help = wb.addWorksheet("填写说明");
  [36, 12, 14, 6, 70].forEach((w, i) => (help.getColumn(i + 1).width = w));
  const lines = [
    `纸质问卷导入模板 · ${row.task.name}`,
    "",
    `1. 在「${PAPER_SHEET}」工作表逐行填写，一行一份纸质问卷；不要修改表头。`,
    "2. 小区编号：抽样小区的编号，见「抽样小区」工作表；本次评价县区的其他小区也可导入，但会标记为超出配额。",
    "3. 问卷编号：纸质问卷上的编号，每份不同。已导入的问卷编号再次导入不会重复写入，同一文件可以放心重复上传。",
    "4. 满意度题填 很满意、比较满意、一般、不太满意、很不满意 之一，也可填数字 5、4、3、2、1（5 为很满意）。",
    "5. 问卷不记名：不要填写姓名、电话，只填楼号、单元、室号。",
    "6. 上传后系统先试导入（预检），逐行列出问题；全部无误后才能确认导入，要么全部导入，要么全部不导入。导入的问卷进入待审核。",
    "",
  ];
  lines.forEach((t, i) => {
    const cell = help.getCell(i + 1, 1);
    cell.value = t;
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
  const table = [
    ["列名", "部分", "题型", "必填", "可填答案"],
    [C.community, "", "", "是", "抽样小区的编号"],
    [C.formNo, "", "", "是", `纸质问卷上的编号，最多 ${FORM_NO_MAX} 个字符，每份不同`],
    ...columns.map((c) => [c.header, c.part.title, QUESTION_KIND_LABEL[c.question.kind], c.question.required ? "是" : "否", allowedAnswers(c.question)]),
  ];
  table.forEach((cells, i) => {
    const r = help.getRow(lines.length + 1 + i);
    r.values = cells;
    r.alignment = { vertical: "top", wrapText: true };
    if (i === 0) r.font = { bold: true };
  });
  addTableSheet(
    wb,
    "抽样小区",
    [{ header: "县区", width: 10 }, { header: "小区编号", width: 14 }, { header: "小区名称", width: 28 }, { header: "配额", width: 8 }],
    sample.map((s) => [s.county, s.code, s.name, s.quota]),
  );
  return { buffer: await workbookBuffer(wb), fileName: `${row.task.name}_纸质问卷导入模板.xlsx`.replace(/[\\/:*?"<>|\s]+/g, "") };
}
