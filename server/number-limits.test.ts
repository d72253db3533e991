/**
 * The server refuses a number out of range with the message the form shows for it (contracts/limits.ts
 * numberProblem), and saves nothing: a questionnaire's 字数上限, a survey's 抽样比例, a fund year's 年度,
 * an indicator's 分值, a grade's 下限 and a what-if score above the leaf's 分值.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Results, Sheet, SheetNodeView, TaskSummary, TemplateDetail, TemplateSummary } from "../contracts/evaluations";
import { NUMBER_LIMITS, numberProblem } from "../contracts/limits";
import { scoreLimit } from "../contracts/evaluations";
import type { QuestionnaireRecord } from "../contracts/surveys";
import { createTestApp, type Client, type TestApp } from "../test/app";
import { engine } from "../test/db";

let t: TestApp;
let finance: Client;
beforeAll(async () => {
  t = await createTestApp();
  finance = await t.as("caizheng");
});
afterAll(() => t.close());

async function refused(r: { statusCode: number; body: string }, message: string | null) {
  expect(r.statusCode).toBe(400);
  expect(message).not.toBeNull();
  expect(JSON.parse(r.body).error.message).toContain(message);
}

describe(`numbers out of range are refused with the form's message (${engine})`, () => {
  it("a 字数上限 of 3000 characters on a questionnaire draft", async () => {
    const [builtIn] = await finance.get<QuestionnaireRecord[]>("/api/surveys/questionnaires");
    const created = await finance.inject({ method: "POST", url: "/api/surveys/questionnaires", payload: { fromId: builtIn.id } });
    expect(created.statusCode).toBe(200);
    const draft = JSON.parse(created.body) as QuestionnaireRecord;
    const definition = structuredClone(draft.definition);
    const text = definition.parts.flatMap((p) => p.questions).find((x) => x.kind === "comment" || x.kind === "text")!;
    if (text.kind === "text" || text.kind === "comment") text.maxLength = 3000;
    const r = await finance.inject({ method: "PATCH", url: `/api/surveys/questionnaires/${draft.id}`, payload: { revision: draft.revision, definition } });
    await refused(r, numberProblem(NUMBER_LIMITS.answerLength, 3000));
    expect((await finance.get<QuestionnaireRecord>(`/api/surveys/questionnaires/${draft.id}`)).definition).toEqual(draft.definition);
  });

  it("a 抽样比例 of 150% for a survey", async () => {
    const [task] = await finance.get<TaskSummary[]>("/api/evaluations");
    const published = (await finance.get<QuestionnaireRecord[]>("/api/surveys/questionnaires")).find((q) => q.status === "published")!;
    const r = await finance.inject({
      method: "PUT",
      url: `/api/evaluations/${task.id}/survey`,
      payload: { questionnaireId: published.id, sampling: { mode: "all", perCounty: 5, seed: 1, quotaMin: 10, quotaBp: 15000 }, closesOn: null },
    });
    await refused(r, numberProblem(NUMBER_LIMITS.quotaPct, 150));
  });

  it("a fund year 1999", async () => {
    const r = await finance.inject({ method: "POST", url: "/api/fund-years", payload: { programmeId: 1, regionId: 1, year: 1999, evaluationDate: "2000-06-30" } });
    await refused(r, numberProblem(NUMBER_LIMITS.fundYear, 1999));
  });

  it("an indicator worth 150 分 in a template draft", async () => {
    const published = (await finance.get<TemplateSummary[]>("/api/evaluation/templates")).find((x) => x.status === "published")!;
    const created = await finance.inject({ method: "POST", url: "/api/evaluation/templates", payload: { fromId: published.id } });
    expect(created.statusCode).toBe(200);
    const draft = await finance.get<TemplateDetail>(`/api/evaluation/templates/${(JSON.parse(created.body) as { id: number }).id}`);
    const tree = structuredClone(draft.tree);
    tree.nodes[0].weight = 15000;
    const r = await finance.inject({ method: "PUT", url: `/api/evaluation/templates/${draft.id}`, payload: { name: draft.name, tree, revision: draft.revision } });
    await refused(r, numberProblem(NUMBER_LIMITS.indicatorWeight, 150));
    expect((await finance.get<TemplateDetail>(`/api/evaluation/templates/${draft.id}`)).tree).toEqual(draft.tree);
  });

  it("a grade from 120 分", async () => {
    const r = await finance.inject({
      method: "POST",
      url: "/api/evaluation/grade-scales",
      payload: { name: "测试等级", grades: [{ label: "优", min: 12000, inclusive: true }, { label: "差", min: null, inclusive: true }], vetoGrade: null },
    });
    await refused(r, numberProblem(NUMBER_LIMITS.gradeMin, 120));
  });

  it("a what-if score above the leaf's 分值, as the score sheet refuses it", async () => {
    const [task] = await finance.get<TaskSummary[]>("/api/evaluations");
    const fei = (await finance.get<Results>(`/api/evaluations/${task.id}/results`)).counties.find((c) => c.name === "费县")!;
    const sheet = await finance.get<Sheet>(`/api/evaluations/${task.id}/scopes/${fei.scopeId}/sheet`);
    const leaves = (ns: SheetNodeView[]): SheetNodeView[] => ns.flatMap((n) => (n.leaf ? [n] : leaves(n.children)));
    const manual = leaves(sheet.nodes).find((n) => n.leaf!.rule.kind === "manual")!;
    const r = await finance.inject({
      method: "POST",
      url: `/api/evaluations/${task.id}/scopes/${fei.scopeId}/what-if`,
      payload: { changes: [{ code: manual.code, manualScore: manual.weight + 100 }] },
    });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.message).toBe(numberProblem(scoreLimit(manual.name, manual.weight), manual.weight / 100 + 1));
  });
});
