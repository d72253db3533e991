/**
 * The survey's workbooks on the demo: 抽样方案 records the rule and the sampled communities as the
 * survey has them; 调查结果 shows exactly the rates getSurveyResults gives (94% for the city), every
 * question's five levels and the comments by theme; a county sees its own communities only.
 */
import type ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SurveyResults, SurveyState } from "../../../contracts/surveys";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { readXlsx } from "../../../test/xlsx";

let t: TestApp;
let fin: Client;
let taskId: number;

beforeAll(async () => {
  t = await createTestApp();
  fin = await t.as("caizheng");
  [{ id: taskId }] = await fin.get<{ id: number }[]>("/api/evaluations");
});
afterAll(() => t.close());

async function workbook(client: Client, name: string): Promise<ExcelJS.Workbook> {
  const r = await client.inject(`/api/evaluations/${taskId}/survey/${name}`);
  expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
  expect(r.headers["content-type"]).toContain("spreadsheetml");
  return readXlsx(r.rawPayload);
}

/** Data rows of a sheet below its header row (`headerRow`), as arrays of cell values. */
function rows(ws: ExcelJS.Worksheet, headerRow: number): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow((row, n) => n > headerRow && out.push((row.values as unknown[]).slice(1)));
  return out;
}
const pct = (bp: number | null) => (bp === null ? null : bp / 10000);

describe(`the survey's workbooks (${engine})`, () => {
  it("抽样方案: the rule with its seed and quota, and each sampled community with its links and answers", async () => {
    const state = await fin.get<SurveyState>(`/api/evaluations/${taskId}/survey`);
    const s = state.survey!;
    const wb = await workbook(fin, "plan.xlsx");
    const rule = new Map(rows(wb.getWorksheet("抽样方案")!, 3).map((r) => [r[0], r[1]]));
    expect(rule.get("抽样方式")).toBe("分县区随机抽取小区");
    expect(rule.get("每个县区抽取小区数")).toBe(s.sampling.perCounty);
    expect(rule.get("随机种子")).toBe(20220620);
    expect(rule.get("户数配额")).toBe("每个小区至少 30 户，或户数的 5%（向上取整），取较大者，且不超过小区户数");
    expect(rule.get("问卷")).toBe(`${s.questionnaireName}（第 ${s.questionnaireVersion} 版）`);
    expect(rule.get("填写截止")).toBe("评价任务定稿前");
    const list = rows(wb.getWorksheet("抽样小区")!, 2);
    expect(list).toHaveLength(s.communities.length + 1);
    const c = s.communities[0];
    expect(list[0]).toEqual([c.county, c.code, c.name, c.households, c.quota, c.tokens, c.pending + c.accepted + c.rejected, c.accepted]);
    expect(list.at(-1)).toEqual(["合计", "", `${s.communities.length} 个小区`, s.communities.reduce((a, x) => a + x.households, 0), s.totals.quota, s.totals.tokens, s.totals.pending + s.totals.accepted + s.totals.rejected, 1200]);
  });

  it("调查结果: the service's rates for the city, each county and community, the five levels of each question, the comments", async () => {
    const r = await fin.get<SurveyResults>(`/api/evaluations/${taskId}/survey/results`);
    const wb = await workbook(fin, "results.xlsx");
    const summary = rows(wb.getWorksheet("满意率汇总")!, 3);
    // 1,128 of 1,200 satisfied = 94%.
    expect(summary[0].slice(0, 8)).toEqual(["全市", r.counties.reduce((a, c) => a + c.quota, 0), 1200, r.counties.reduce((a, c) => a + c.pending, 0), r.counties.reduce((a, c) => a + c.rejected, 0), 1128, 1200, 0.94]);
    expect(summary.slice(1).map((x) => [x[0], x[7], ...x.slice(8)])).toEqual(r.counties.map((c) => [c.county, pct(c.overall.rateBp), ...c.parts.map((p) => pct(p.tally.rateBp))]));
    const communities = rows(wb.getWorksheet("各小区满意率")!, 3);
    expect(communities.map((x) => [x[1], x[3], x[6]])).toEqual(r.communities.map((c) => [c.community, c.responses, pct(c.overall.rateBp)]));
    const questions = rows(wb.getWorksheet("各题满意度")!, 3);
    expect(questions.map((x) => [x[1], ...x.slice(2, 7), x[7], x[8], x[9]])).toEqual(r.city!.questions.map((q) => [q.title, ...q.tally.levels, q.tally.valid, q.tally.satisfied, pct(q.tally.rateBp)]));
    const comments = rows(wb.getWorksheet("意见建议")!, 3);
    expect(comments).toHaveLength(r.comments.reduce((a, t) => a + t.items.length, 0));
    expect(comments[0][0]).toBe(r.comments[0].theme);
  });

  it("a county's workbooks hold its own communities only, and no city figure", async () => {
    const county = await t.as("lanshan");
    const results = rows((await workbook(county, "results.xlsx")).getWorksheet("满意率汇总")!, 3);
    expect(results.map((x) => x[0])).toEqual(["兰山区"]);
    const plan = rows((await workbook(county, "plan.xlsx")).getWorksheet("抽样小区")!, 2);
    expect(new Set(plan.slice(0, -1).map((x) => x[0]))).toEqual(new Set(["兰山区"]));
  });
});
