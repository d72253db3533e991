/**
 * 纸质问卷导入 on the demo survey, through the route and the one import pipeline: the template's
 * columns are the questionnaire's, every problem names its row and column, a file with one bad row
 * writes nothing, a dry run writes nothing, a commit writes each form through the same path as a typed
 * paper form (so duplicates within the file and forms outside the sample are flagged), and the same
 * file again changes nothing. A final task refuses the import.
 */
import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TableImportResult } from "../../../contracts/imports";
import type { SurveyState } from "../../../contracts/surveys";
import { DEFAULT_QUESTIONNAIRE, satisfactionQuestions } from "../../../core/survey/questionnaire";
import { paperColumns } from "../../../core/survey/paper";
import { auditEvents, communities, surveyResponses } from "../../../db/schema";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { multipart, readXlsx } from "../../../test/xlsx";
import { normaliseHeader } from "../../xlsx";

let t: TestApp;
let evaluator: Client;
let taskId: number;
let state: SurveyState;
/** A sampled community with room for a few more forms, and one of the same counties outside the sample. */
let sampled: NonNullable<SurveyState["survey"]>["communities"][number];
let outside: { id: number; code: string };

beforeAll(async () => {
  t = await createTestApp();
  evaluator = await t.as("pingjia");
  [{ id: taskId }] = await evaluator.get<{ id: number }[]>("/api/evaluations");
  state = await evaluator.get<SurveyState>(`/api/evaluations/${taskId}/survey`);
  sampled = state.survey!.communities.find((c) => c.quota - c.pending - c.accepted >= 5)!;
  const ids = state.survey!.communities.map((c) => c.communityId);
  const counties = [...new Set(state.survey!.communities.map((c) => c.countyId))];
  [outside] = await t.db.db
    .select({ id: communities.id, code: communities.code })
    .from(communities)
    .where(and(inArray(communities.countyId, counties), notInArray(communities.id, ids)))
    .limit(1);
});
afterAll(() => t.close());

const base = () => `/api/evaluations/${taskId}/survey`;
const columns = paperColumns(DEFAULT_QUESTIONNAIRE, normaliseHeader);
const header = (name: string) => columns.find((c) => c.question.name === name)!.header;

/** A complete form as a row of the template's columns; `over` replaces cells by question name. */
function form(community: string, formNo: string, over: Record<string, string | number | null> = {}): (string | number | null)[] {
  const cells: Record<string, string | number | null> = { building: "98", unit: "1", room: "101", years: "20年以上", age: "60岁及以上", tenure: "自有住房", comments: null };
  satisfactionQuestions(DEFAULT_QUESTIONNAIRE).forEach(({ question }, i) => (cells[question.name] = i % 3 === 0 ? "很满意" : i % 3 === 1 ? 4 : "比较满意"));
  Object.assign(cells, over);
  return [community, formNo, ...columns.map((c) => cells[c.question.name] ?? null)];
}

/** The template, filled with rows on its 纸质问卷 sheet. */
async function fileOf(rows: (string | number | null)[][]): Promise<Buffer> {
  const r = await evaluator.inject(`${base()}/import-template.xlsx`);
  expect(r.statusCode).toBe(200);
  const wb = await readXlsx(r.rawPayload);
  const ws = wb.getWorksheet("纸质问卷")!;
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(data: Buffer, dryRun: boolean) {
  const m = multipart("纸质问卷.xlsx", data);
  return evaluator.inject({ method: "POST", url: `${base()}/import?dryRun=${dryRun}`, payload: m.payload, headers: m.headers });
}

const count = async () => Number((await t.db.db.select({ n: sql<number>`count(*)::int` }).from(surveyResponses).where(eq(surveyResponses.surveyId, state.survey!.id)))[0].n);

describe(`纸质问卷导入 (${engine})`, () => {
  it("the template has the questionnaire's columns, every question's allowed answers and the sampled communities' codes", async () => {
    const r = await evaluator.inject(`${base()}/import-template.xlsx`);
    expect(r.statusCode).toBe(200);
    const wb = await readXlsx(r.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["纸质问卷", "填写说明", "抽样小区"]);
    const headers = (wb.getWorksheet("纸质问卷")!.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(["小区编号", "问卷编号", ...DEFAULT_QUESTIONNAIRE.parts.flatMap((p) => p.questions.map((q) => q.title))]);
    const help: string[] = [];
    wb.getWorksheet("填写说明")!.eachRow((row) => help.push((row.values as unknown[]).slice(1).join("|")));
    expect(help.find((l) => l.startsWith("道路、停车设施改造|"))).toBe("道路、停车设施改造|改造内容|满意度（五级）|是|5 或 很满意，4 或 比较满意，3 或 一般，2 或 不太满意，1 或 很不满意");
    expect(help.find((l) => l.startsWith("您的住房是|"))).toContain("自有住房、租住");
    const codes: unknown[] = [];
    wb.getWorksheet("抽样小区")!.eachRow((row, n) => n > 1 && codes.push(row.getCell(2).value));
    expect(codes).toEqual(state.survey!.communities.map((c) => c.code));
  });

  it("names every problem by row and column, and a file with one bad row writes nothing", async () => {
    const before = await count();
    const data = await fileOf([
      form(sampled.code, "T-0001"),
      form("371399-9999", "T-0002"),
      form(sampled.code, "T-0003", { [DEFAULT_QUESTIONNAIRE.overall]: "好" }),
      form(sampled.code, "T-0004", { building: null }),
      form(sampled.code, "T-0001", { room: "102" }),
    ]);
    const dry = await upload(data, true);
    expect(dry.statusCode, dry.body).toBe(200);
    const result = JSON.parse(dry.body) as TableImportResult;
    expect(result.problems).toEqual([
      { row: 3, column: "小区编号", message: "小区编号「371399-9999」不存在，或不属于本次评价的县区" },
      { row: 4, column: header("overall"), message: "「好」不是有效答案，应为 很满意、比较满意、一般、不太满意、很不满意 之一" },
      { row: 5, column: "楼号", message: "未作答" },
      { row: 6, column: "问卷编号", message: "问卷编号「T-0001」与第2行重复" },
    ]);
    const commit = await upload(data, false);
    expect(commit.statusCode).toBe(422);
    expect(JSON.parse(commit.body).error.message).toContain("未导入任何数据");
    expect(JSON.parse(commit.body).error.problems).toHaveLength(4);
    expect(await count()).toBe(before);
  });

  it("a dry run writes nothing; a commit writes the forms, flagged as typed ones would be; the same file again changes nothing", async () => {
    const before = await count();
    const data = await fileOf([
      form(sampled.code, "P-0001", { building: "97", room: "301", comments: "希望增加停车位" }),
      // The same household twice within the file: both are flagged 同一户重复作答.
      form(sampled.code, "P-0002", { building: "96", unit: "2", room: "502" }),
      form(sampled.code, "P-0003", { building: "96号楼", unit: "2单元", room: "502室", [DEFAULT_QUESTIONNAIRE.overall]: 2 }),
      // A community of the task's counties outside the sample: 超出配额.
      form(outside.code, "P-0004"),
    ]);
    const dry = JSON.parse((await upload(data, true)).body) as TableImportResult;
    expect(dry).toMatchObject({ dryRun: true, rowCount: 4, newCount: 4, unchangedCount: 0, problems: [], summary: null });
    expect(dry.preview[3]).toMatchObject({ 问卷编号: "P-0004", 小区编号: outside.code, 抽样小区: "否（将标记为超出配额）" });
    expect(dry.preview[0]).toMatchObject({ 住户: "97号楼1单元301室", 总体满意度: "很满意" });
    expect(await count()).toBe(before);

    const commit = await upload(data, false);
    expect(commit.statusCode, commit.body).toBe(200);
    const done = JSON.parse(commit.body) as TableImportResult;
    expect(done).toMatchObject({ dryRun: false, newCount: 4, unchangedCount: 0 });
    expect(done.summary).toBe("新增纸质问卷 4 份，待审核；其中标记同一户重复作答 2 份、超出配额 1 份");
    expect(await count()).toBe(before + 4);
    const rows = await t.db.db.select().from(surveyResponses).where(and(eq(surveyResponses.surveyId, state.survey!.id), inArray(surveyResponses.formNo, ["P-0001", "P-0002", "P-0003", "P-0004"])));
    const by = new Map(rows.map((r) => [r.formNo, r]));
    expect(rows.every((r) => r.channel === "paper" && r.state === "pending" && r.enteredByName !== null)).toBe(true);
    expect(by.get("P-0001")!.flags).toEqual([]);
    expect(by.get("P-0002")!.flags).toEqual(["duplicate_household"]);
    expect(by.get("P-0003")!.flags).toEqual(["duplicate_household"]);
    expect(by.get("P-0004")!.flags).toEqual(["outside_quota"]);
    // Words and numbers are stored as the levels a phone sends.
    expect(by.get("P-0003")!.overallLevel).toBe(2);
    expect((by.get("P-0001")!.answers as Record<string, unknown>).content_roads).toBe(5);
    expect((by.get("P-0001")!.answers as Record<string, unknown>).comments).toBe("希望增加停车位");
    const [audit] = await t.db.db.select().from(auditEvents).where(eq(auditEvents.entityType, "survey_paper_import"));
    expect(audit.summary).toContain("导入纸质问卷：纸质问卷.xlsx，新增纸质问卷 4 份");

    const again = JSON.parse((await upload(data, false)).body) as TableImportResult;
    expect(again).toMatchObject({ newCount: 0, unchangedCount: 4, problems: [], summary: "纸质问卷.xlsx：没有新数据，未写入" });
    expect(await count()).toBe(before + 4);
  });

  it("a 问卷编号 already imported with other answers is a problem, not an overwrite", async () => {
    const data = await fileOf([form(sampled.code, "P-0001", { building: "97", room: "301", [DEFAULT_QUESTIONNAIRE.overall]: 1 })]);
    const r = JSON.parse((await upload(data, true)).body) as TableImportResult;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ row: 2, column: "问卷编号" });
    expect(r.problems[0].message).toContain("已导入过，本行内容与已导入的不同");
  });

  it("a file without a required question's column is refused, naming the column", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("纸质问卷").addRow(["小区编号", "问卷编号", "楼号"]);
    const r = await upload(Buffer.from(await wb.xlsx.writeBuffer()), true);
    expect(r.statusCode).toBe(422);
    expect(JSON.parse(r.body).error.message).toContain(`缺少列：室号`);
  });

  it("only those who run the survey may import, and not once the task is final", async () => {
    const data = await fileOf([form(sampled.code, "F-0001", { building: "95" })]);
    const m = multipart("纸质问卷.xlsx", data);
    const housing = await t.as("zhujian");
    expect((await housing.inject({ method: "POST", url: `${base()}/import?dryRun=true`, payload: m.payload, headers: m.headers })).statusCode).toBe(403);
    const fin = await t.as("caizheng");
    const done = await fin.inject({ method: "POST", url: `/api/evaluations/${taskId}/advance`, payload: { to: "final" } });
    expect(done.statusCode, done.body).toBe(200);
    const r = await upload(data, true);
    expect(r.statusCode).toBe(409);
    expect(JSON.parse(r.body).error.message).toContain("已定稿");
    expect((await evaluator.inject(`${base()}/import-template.xlsx`)).statusCode).toBe(409);
  });
});
