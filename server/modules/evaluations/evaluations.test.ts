import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import type { Results, Sheet, SheetNodeView, TaskDetail, TaskSummary, TemplateDetail, WhatIfResult } from "../../../contracts/evaluations";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { auditEvents, payments, projects } from "../../../db/schema";
import { plainValue } from "../../xlsx";

let t: TestApp;
let fin: Client;
let evaluator: Client;
let task: TaskSummary;
let detail: TaskDetail;

beforeAll(async () => {
  t = await createTestApp();
  fin = await t.as("caizheng");
  evaluator = await t.as("pingjia");
  [task] = await fin.get<TaskSummary[]>("/api/evaluations");
  detail = await fin.get<TaskDetail>(`/api/evaluations/${task.id}`);
});
afterAll(() => t.close());

const scopeId = (name: string) => detail.scopes.find((s) => s.name === name)!.id;
const sheetOf = (c: Client, name: string) => c.get<Sheet>(`/api/evaluations/${task.id}/scopes/${scopeId(name)}/sheet`);
const find = (nodes: SheetNodeView[], code: string): SheetNodeView | null => {
  for (const n of nodes) {
    if (n.code === code) return n;
    const x = find(n.children, code);
    if (x) return x;
  }
  return null;
};
/** The version of an entry as a sheet shows it (0: nothing entered yet). */
const versionOf = (sheet: Sheet, code: string) =>
  find(sheet.nodes, code)?.leaf?.version ?? [...sheet.adjustments, ...sheet.vetoes].find((x) => x.code === code)?.version ?? 0;
/** An evaluator's edit, over the version the sheet shows now unless the payload names one. */
const put = async (c: Client, scope: string, code: string, payload: object) => {
  const read = await c.inject(`/api/evaluations/${task.id}/scopes/${scopeId(scope)}/sheet`);
  const seen = read.statusCode === 200 ? versionOf(JSON.parse(read.body) as Sheet, code) : 0;
  return c.inject({ method: "PUT", url: `/api/evaluations/${task.id}/scopes/${scopeId(scope)}/entries/${code}`, payload: { version: seen, ...payload } });
};

const TABLE2: [string, number, string][] = [
  ["兰山区", 9308, "onsite"],
  ["罗庄区", 9354, "onsite"],
  ["河东区", 9085, "onsite"],
  ["沂南县", 9150, "offsite"],
  ["郯城县", 8950, "onsite"],
  ["沂水县", 8751, "offsite"],
  ["兰陵县", 8847, "onsite"],
  ["平邑县", 8400, "offsite"],
  ["费县", 8950, "onsite"],
  ["莒南县", 8550, "offsite"],
  ["蒙阴县", 9097, "offsite"],
  ["临沭县", 8993, "onsite"],
];

describe(`the demo evaluation reproduces the seed from data (${engine})`, () => {
  it("is one task of 2021 in 县区意见反馈, by the demo firm, on the default template and 财预〔2020〕10号", () => {
    expect(task).toMatchObject({ year: 2021, state: "reply", asOf: "2022-06-30", evaluatorOrg: "山东明信绩效评价咨询有限公司（示例）", overallMethod: "city_sheet", isDemo: true });
    expect(detail.gradeScaleDescription).toBe("90（含）以上 优；80（含）—90 良；60（含）—80 中；60以下 差");
    expect(detail.scopes.map((s) => s.name)).toEqual(["临沂市", ...TABLE2.map((r) => r[0])]);
    expect(detail.scopes.every((s) => s.complete)).toBe(true);
  });

  it("Table 1: 决策 19.09, 过程 16.22, 产出 41.66, 效益 13.05, total 90.02 (优); 得分率 86.77% / 90.11% / 92.58% / 87% / 90.02%", async () => {
    const r = await fin.get<Results>(`/api/evaluations/${task.id}/results`);
    const city = r.city!;
    expect(city.level1.map((l) => [l.name, l.weight, l.score, l.rateBp])).toEqual([
      ["决策", 2200, 1909, 8677],
      ["过程", 1800, 1622, 9011],
      ["产出", 4500, 4166, 9258],
      ["效益", 1500, 1305, 8700],
    ]);
    expect([city.total, city.rateBp, city.grade]).toEqual([9002, 9002, "优"]);
    expect(r.overall).toMatchObject({ method: "city_sheet", score: 9002, grade: "优" });
  });

  it("the level-2 figures of chapter 四: 项目立项 3, 绩效目标 4, 资金投入 12.09, 资金管理 13.22, 组织实施 3, 社会效益 3.70, 可持续影响 2.77, 满意度 6.58", async () => {
    const r = await fin.get<Results>(`/api/evaluations/${task.id}/results`);
    const l2 = Object.fromEntries(r.city!.level2.map((l) => [l.name, l.score]));
    expect(l2).toMatchObject({ 项目立项: 300, 绩效目标: 400, 资金投入: 1209, 资金管理: 1322, 组织实施: 300, 社会效益: 370, 可持续影响: 277, 满意度: 658 });
  });

  it("Table 2: the twelve county scores and modes, ranked, and the simple mean 89.53 beside the city's 90.02", async () => {
    const r = await fin.get<Results>(`/api/evaluations/${task.id}/results`);
    expect(r.counties.map((c) => [c.name, c.total, c.mode])).toEqual(TABLE2);
    expect(r.counties.find((c) => c.name === "罗庄区")!.rank).toBe(1);
    expect(r.counties.find((c) => c.name === "平邑县")!.rank).toBe(12);
    expect(r.counties.find((c) => c.name === "平邑县")!.grade).toBe("良");
    expect(r.alternatives.find((a) => a.method === "mean")).toMatchObject({ score: 8953, grade: "良" });
    expect(r.alternatives.find((a) => a.method === "weighted_funds")!.score).toBeGreaterThan(8900);
    expect(r.alternatives.find((a) => a.method === "weighted_households")!.score).toBeGreaterThan(8900);
  });

  it("a computed leaf shows the value it came from: the city's 预算执行率 is the ledger's 19,305.06 ÷ 23,763 万元 = 81.24% → 6.50", async () => {
    const s = await sheetOf(fin, "临沂市");
    const leaf = find(s.nodes, "process.funds.execution")!;
    expect(leaf.score).toBe(650);
    expect(leaf.leaf!.value).toEqual({ num: 19_305_060_000, den: 23_763_000_000 });
    expect(leaf.leaf!.rateBp).toBe(8124);
    expect(leaf.leaf!.sourceText).toBe("系统计算 · 资金台账 · 预算执行率");
    expect(leaf.leaf!.figures.map((f) => f.text)).toEqual(["19,305.06 万元", "23,763 万元", "81.24%"]);
    const projectsDone = find(s.nodes, "output.quantity.projects")!;
    expect(projectsDone.leaf!.figures.map((f) => f.text)).toEqual(["307 个", "285 个", "107.72%"]);
    expect(projectsDone.score).toBe(500);
    const satisfaction = find(s.nodes, "outcome.satisfaction.residents")!;
    expect(satisfaction.leaf!.formula).toContain("满意率 94%");
    expect(satisfaction.score).toBe(658);
    expect(satisfaction.leaf!.sourceText).toBe("系统计算 · 居民满意度调查 · 居民满意率");
    expect(satisfaction.leaf!.figures.map((f) => f.text)).toEqual(["1,200 份", "1,128 份", "94%"]);
  });

  it("every manual deduction carries a reason", async () => {
    for (const name of ["临沂市", ...TABLE2.map((r) => r[0])]) {
      const s = await sheetOf(fin, name);
      const walk = (list: SheetNodeView[]): void => {
        for (const n of list) {
          if (n.leaf && n.leaf.rule.kind === "manual" && n.lost > 0) expect(n.leaf.reason, `${name} ${n.name}`).toMatch(/扣\d+\.\d\d分/);
          walk(n.children);
        }
      };
      walk(s.nodes);
    }
  });
});

describe(`who sees what (${engine})`, () => {
  it("a county user sees only their own county's sheet and line of the results", async () => {
    const lanshan = await t.as("lanshan");
    const own = await sheetOf(lanshan, "兰山区");
    expect(own.total).toBe(9308);
    const other = await lanshan.inject(`/api/evaluations/${task.id}/scopes/${scopeId("罗庄区")}/sheet`);
    expect(other.statusCode).toBe(403);
    expect(JSON.parse(other.body).error.message).toBe("无权访问其他县区的数据");
    expect((await lanshan.inject(`/api/evaluations/${task.id}/scopes/${scopeId("临沂市")}/sheet`)).statusCode).toBe(403);
    const r = await lanshan.get<Results>(`/api/evaluations/${task.id}/results`);
    expect(r.city).toBeNull();
    expect(r.counties.map((c) => c.name)).toEqual(["兰山区"]);
    expect(r.overall.score).toBeNull();
    // beside its own line: the city sheet's total and level-1 scores, a rank only once final
    const cityLine = (await fin.get<Results>(`/api/evaluations/${task.id}/results`)).city!;
    expect(r.standing).toEqual({
      city: { name: "临沂市", total: 9002, rateBp: cityLine.rateBp, grade: "优", level1: cityLine.level1 },
      rank: null,
      ranked: 12,
      countyMean: null,
    });
    expect(JSON.stringify(r)).not.toContain("罗庄区");
    const d = await lanshan.get<TaskDetail>(`/api/evaluations/${task.id}`);
    expect(d.scopes.map((s) => s.name)).toEqual(["兰山区"]);
  });

  it("an evaluator sees only the tasks of their own firm", async () => {
    expect((await evaluator.get<TaskSummary[]>("/api/evaluations")).map((x) => x.id)).toEqual([task.id]);
    await t.db.db.execute(`update users set organisation = '另一家评价公司' where username = 'pingjia'` as never);
    try {
      const again = await t.as("pingjia");
      expect(await again.get<TaskSummary[]>("/api/evaluations")).toEqual([]);
      expect((await again.inject(`/api/evaluations/${task.id}`)).statusCode).toBe(404);
    } finally {
      await t.db.db.execute(`update users set organisation = '山东明信绩效评价咨询有限公司（示例）' where username = 'pingjia'` as never);
    }
  });

  it("finance cannot score and a county cannot score its own sheet", async () => {
    expect((await put(fin, "兰山区", "process.org.rules", { manualScore: 100, reason: "x" })).statusCode).toBe(403);
    const lanshan = await t.as("lanshan");
    expect((await put(lanshan, "兰山区", "process.org.rules", { manualScore: 150 })).statusCode).toBe(403);
  });
});

describe(`scoring (${engine})`, () => {
  it("a score above the leaf's 分值 is refused with the form's message, never clamped, and nothing is written", async () => {
    const before = find((await sheetOf(fin, "费县")).nodes, "process.org.rules")!;
    for (const [body, message] of [
      [{ manualScore: 900, reason: "x" }, "「管理制度健全性」的得分不能超过分值 1.5 分"],
      [{ overrideScore: 900, reason: "x" }, "「管理制度健全性」的调整得分不能超过分值 1.5 分"],
    ] as const) {
      const r = await put(evaluator, "费县", "process.org.rules", body);
      expect(r.statusCode).toBe(400);
      expect(JSON.parse(r.body).error.message).toBe(message);
    }
    const negative = await put(evaluator, "费县", "process.org.rules", { manualScore: -10, reason: "x" });
    expect(negative.statusCode).toBe(400);
    expect(JSON.parse(negative.body).error.message).toContain("「得分」不能为负数");
    expect(find((await sheetOf(fin, "费县")).nodes, "process.org.rules")).toEqual(before);
  });

  it("the evaluator scores a manual leaf; a deduction without a reason is refused in Chinese; the change is audited", async () => {
    const refused = await put(evaluator, "费县", "process.org.rules", { manualScore: 100, reason: null });
    expect(refused.statusCode).toBe(400);
    expect(JSON.parse(refused.body).error.message).toBe("「管理制度健全性」扣分须写明扣分原因");
    const before = await sheetOf(fin, "费县");
    const r = await put(evaluator, "费县", "process.org.rules", { manualScore: 100, reason: "未制定县级质量安全管理细则，扣0.50分。" });
    expect(r.statusCode, r.body).toBe(200);
    const after = JSON.parse(r.body) as Sheet;
    const rulesBefore = find(before.nodes, "process.org.rules")!.score;
    expect(after.total).toBe(before.total - (rulesBefore - 100));
    const [audit] = await t.db.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "evaluation_entry"), eq(auditEvents.entityId, `${scopeId("费县")}:process.org.rules`)));
    expect(audit.summary).toContain("费县 · 管理制度健全性");
    // Put it back so Table 2 stays the seed's.
    await put(evaluator, "费县", "process.org.rules", { manualScore: rulesBefore, reason: find(before.nodes, "process.org.rules")!.leaf!.reason });
    expect((await sheetOf(fin, "费县")).total).toBe(8950);
  });

  it("a computed leaf cannot be typed over, only overridden with a reason", async () => {
    const typed = await put(evaluator, "兰山区", "process.funds.execution", { value: { num: 1, den: 1 } });
    expect(JSON.parse(typed.body).error.message).toContain("由系统根据数据计算");
    const noReason = await put(evaluator, "兰山区", "process.funds.execution", { overrideScore: 800 });
    expect(JSON.parse(noReason.body).error.message).toBe("调整「预算执行率」的得分须写明理由");
    const over = await put(evaluator, "兰山区", "process.funds.execution", { overrideScore: 900, reason: "x" });
    expect(JSON.parse(over.body).error.message).toBe("「预算执行率」的调整得分不能超过分值 8 分");
  });

  it("bonus and penalty items move the total outside the 100; a veto caps the grade, not the score", async () => {
    const bonus = JSON.parse((await put(evaluator, "兰陵县", "bonus.innovation", { points: 150, reason: "“红色物业”党建联建做法被省住建厅推广" })).body) as Sheet;
    expect([bonus.bonus, bonus.total]).toEqual([150, 8847 + 150]);
    const penalty = JSON.parse((await put(evaluator, "兰陵县", "penalty.audit", { value: { num: 2, den: 1 }, reason: "审计发现 2 个问题" })).body) as Sheet;
    expect([penalty.penalty, penalty.total]).toEqual([200, 8847 + 150 - 200]);
    const noReason = await put(evaluator, "兰陵县", "veto.safety", { triggered: true });
    expect(JSON.parse(noReason.body).error.message).toBe("触发一票否决「发生重大安全生产责任事故」须写明事实和依据");
    const vetoed = JSON.parse((await put(evaluator, "兰陵县", "veto.safety", { triggered: true, reason: "测试" })).body) as Sheet;
    expect([vetoed.total, vetoed.gradeByScore, vetoed.grade]).toEqual([8797, "良", "差"]);
    await put(evaluator, "兰陵县", "veto.safety", { triggered: false, reason: null });
    await put(evaluator, "兰陵县", "bonus.innovation", { points: 0, reason: null });
    const back = JSON.parse((await put(evaluator, "兰陵县", "penalty.audit", { value: { num: 0, den: 1 }, reason: null })).body) as Sheet;
    expect([back.total, back.grade]).toEqual([8847, "良"]);
  });

  it("a county replies on a leaf of its own sheet during feedback, and the evaluator answers", async () => {
    const lanshan = await t.as("lanshan");
    const url = `/api/evaluations/${task.id}/scopes/${scopeId("兰山区")}/comments`;
    const r = await lanshan.inject({ method: "POST", url, payload: { code: "output.cost.control", body: "超概算项目已补办概算调整批复，请核实。" } });
    expect(r.statusCode, r.body).toBe(200);
    let s = JSON.parse(r.body) as Sheet;
    expect(s.scope.awaitingAnswer).toBe(1);
    s = JSON.parse((await evaluator.inject({ method: "POST", url, payload: { code: "output.cost.control", body: "已核实批复文件，维持原扣分。" } })).body);
    expect(find(s.nodes, "output.cost.control")!.leaf!.comments.map((c) => c.side)).toEqual(["county", "evaluator"]);
    expect(s.scope.awaitingAnswer).toBe(0);
    const other = await lanshan.inject({ method: "POST", url: `/api/evaluations/${task.id}/scopes/${scopeId("罗庄区")}/comments`, payload: { code: "output.cost.control", body: "x" } });
    expect(other.statusCode).toBe(403);
  });

  it("evidence is stored with the task, downloadable by those who see the scope, and size-checked", async () => {
    const boundary = "----wx";
    const body = (name: string, content: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n${content}\r\n--${boundary}--\r\n`;
    const url = `/api/evaluations/${task.id}/scopes/${scopeId("河东区")}/evidence?code=process.funds.compliance`;
    const up = await evaluator.inject({ method: "POST", url, headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, payload: body("抽查记录.pdf", "%PDF-1.4 demo") });
    expect(up.statusCode, up.body).toBe(200);
    const ev = JSON.parse(up.body);
    expect(ev).toMatchObject({ fileName: "抽查记录.pdf", side: "evaluator", sizeBytes: 13 });
    const dl = await fin.inject(`/api/evaluations/evidence/${ev.id}`);
    expect(dl.body).toBe("%PDF-1.4 demo");
    expect((await (await t.as("lanshan")).inject(`/api/evaluations/evidence/${ev.id}`)).statusCode).toBe(403);
    const bad = await evaluator.inject({ method: "POST", url, headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, payload: body("x.exe", "MZ") });
    expect(JSON.parse(bad.body).error.message).toContain("不支持的文件类型「.exe」");
    expect((await evaluator.inject({ method: "DELETE", url: `/api/evaluations/evidence/${ev.id}` })).statusCode).toBe(200);
  });
});

describe(`explain and compare (${engine})`, () => {
  it("what-if: if 平邑县's 预算执行率 reached 95% it would score more, and nothing is saved", async () => {
    const before = await sheetOf(fin, "平邑县");
    const exec = find(before.nodes, "process.funds.execution")!;
    const r = await fin.inject({
      method: "POST",
      url: `/api/evaluations/${task.id}/scopes/${scopeId("平邑县")}/what-if`,
      payload: { changes: [{ code: "process.funds.execution", value: { num: 95, den: 100 } }] },
    });
    expect(r.statusCode, r.body).toBe(200);
    const w = JSON.parse(r.body) as WhatIfResult;
    // 8 × 95% = 7.60
    expect(w.leaves[0]).toMatchObject({ name: "预算执行率", before: exec.score, after: 760 });
    expect(w.delta).toBe(760 - exec.score);
    expect(w.after.total).toBe(8400 + w.delta);
    expect(w.before.rank).toBe(12);
    expect((await sheetOf(fin, "平邑县")).total).toBe(8400);
  });

  it("results say where each scope lost its points, with reasons and source figures", async () => {
    const r = await fin.get<Results>(`/api/evaluations/${task.id}/results`);
    const lost = r.counties.find((c) => c.name === "平邑县")!.lost;
    expect(lost.reduce((a, l) => a + l.lost, 0)).toBe(10000 - 8400);
    const exec = lost.find((l) => l.code === "process.funds.execution")!;
    expect(exec.figures.length).toBeGreaterThan(0);
    expect(lost.some((l) => l.reason && l.reason.includes("扣"))).toBe(true);
  });

  it("exports every sheet to .xlsx, Table 1 as the seed lays it out", async () => {
    const res = await fin.inject(`/api/evaluations/${task.id}/export.xlsx`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(["表1 各指标得分情况", "表2 各县区得分", "区域总体得分", "评分表-临沂市", "评分表-临沭县"]),
    );
    const t1 = wb.getWorksheet("表1 各指标得分情况")!;
    const row = (n: number) => (t1.getRow(n).values as ExcelJS.CellValue[]).slice(1).map(plainValue);
    expect(row(3)).toEqual(["项目", "决策", "过程", "产出", "效益", "合计"]);
    expect(row(4)).toEqual(["分值", 22, 18, 45, 15, 100]);
    expect(row(5)).toEqual(["得分", 19.09, 16.22, 41.66, 13.05, 90.02]);
    expect(row(6)).toEqual(["得分率", "86.77%", "90.11%", "92.58%", "87%", "90.02%"]);
  });
});

describe(`templates and grade scales (${engine})`, () => {
  it("a draft with wrong weights is saved with its problems and cannot be published", async () => {
    const list = await fin.get<{ id: number; status: string; code: string }[]>("/api/evaluation/templates");
    const base = list.find((x) => x.status === "published")!;
    const draft = JSON.parse((await fin.inject({ method: "POST", url: "/api/evaluation/templates", payload: { fromId: base.id } })).body) as TemplateDetail;
    expect(draft).toMatchObject({ status: "draft", version: 2, code: base.code });
    const tree = structuredClone(draft.tree);
    tree.nodes[0].weight = 2300;
    const saved = JSON.parse((await fin.inject({ method: "PUT", url: `/api/evaluation/templates/${draft.id}`, payload: { name: draft.name, tree, revision: draft.revision } })).body) as TemplateDetail;
    expect(saved.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining(["一级指标分值合计 101 分，应为 100 分", "「决策」的下级指标分值合计 22 分，应等于本级分值 23 分"]),
    );
    const pub = await fin.inject({ method: "POST", url: `/api/evaluation/templates/${draft.id}/publish` });
    expect(pub.statusCode).toBe(409);
    expect(JSON.parse(pub.body).error.message).toContain("模板未通过校验");
    expect((await fin.inject({ method: "DELETE", url: `/api/evaluation/templates/${draft.id}` })).statusCode).toBe(200);
  });

  it("a published version cannot be edited", async () => {
    const [base] = (await fin.get<{ id: number; status: string }[]>("/api/evaluation/templates")).filter((x) => x.status === "published");
    const d = await fin.get<TemplateDetail>(`/api/evaluation/templates/${base.id}`);
    const r = await fin.inject({ method: "PUT", url: `/api/evaluation/templates/${base.id}`, payload: { name: d.name, tree: d.tree, revision: d.revision } });
    expect(r.statusCode).toBe(409);
    expect(JSON.parse(r.body).error.message).toContain("已发布，不能修改");
  });
});

describe(`a new task (${engine})`, () => {
  it("copies a published template and a grade scale, starts in draft, hidden from counties, and cannot go to feedback while sheets are incomplete", async () => {
    const [template] = (await fin.get<{ id: number; status: string }[]>("/api/evaluation/templates")).filter((x) => x.status === "published");
    const scales = await fin.get<{ id: number; code: string; description: string }[]>("/api/evaluation/grade-scales");
    const four = scales.find((s) => s.code === "four-level-example")!;
    expect(four.description).toBe("90（不含）以上 优秀；75（不含）—90 良好；60（不含）—75 合格；60（含）以下 不合格");
    const lanshanId = detail.scopes.find((s) => s.name === "兰山区")!.countyId!;
    const r = await fin.inject({
      method: "POST",
      url: "/api/evaluations",
      payload: { fundYearId: task.fundYearId, name: "2021年度复评（测试）", templateId: template.id, gradeScaleId: four.id, evaluatorOrg: "另一家评价公司", offsiteCountyIds: [lanshanId] },
    });
    expect(r.statusCode, r.body).toBe(200);
    const created = JSON.parse(r.body) as TaskDetail;
    expect(created).toMatchObject({ state: "draft", asOf: "2022-06-30", gradeScaleName: "四档（上限含）示例" });
    expect(created.scopes).toHaveLength(13);
    expect(created.scopes.find((s) => s.name === "兰山区")!.mode).toBe("offsite");
    // Nothing scored yet: every sheet is incomplete.
    expect(created.scopes.every((s) => !s.complete)).toBe(true);
    const lanshan = await t.as("lanshan");
    expect((await lanshan.get<TaskSummary[]>("/api/evaluations")).map((x) => x.id)).not.toContain(created.id);
    expect((await lanshan.inject(`/api/evaluations/${created.id}`)).statusCode).toBe(404);
    // The demo firm's evaluator does not see another firm's task.
    expect((await evaluator.get<TaskSummary[]>("/api/evaluations")).map((x) => x.id)).not.toContain(created.id);

    const start = await fin.inject({ method: "POST", url: `/api/evaluations/${created.id}/advance`, payload: { to: "scoring" } });
    expect(start.statusCode, start.body).toBe(200);
    const early = await fin.inject({ method: "POST", url: `/api/evaluations/${created.id}/advance`, payload: { to: "reply" } });
    expect(early.statusCode).toBe(409);
    expect(JSON.parse(early.body).error.message).toMatch(/^发送县区征求意见前请先处理：临沂市、兰山区.*尚有 \d+ 项未评分$/);
    // Settings that change what was scored are fixed once scoring starts.
    const asOf = await fin.inject({ method: "PATCH", url: `/api/evaluations/${created.id}`, payload: { asOf: "2022-12-31", version: created.version } });
    expect(JSON.parse(asOf.body).error.message).toBe("评分开始后不能再修改评价日（会改变已评分的依据）");
    // Metric leaves are filled from data already; the draft total is the computed part only.
    const sheet = await fin.get<Sheet>(`/api/evaluations/${created.id}/scopes/${created.scopes[0].id}/sheet`);
    expect(find(sheet.nodes, "process.funds.execution")!.score).toBe(650);
    expect(sheet.complete).toBe(false);
  });
});

describe(`live preview and finalisation (${engine})`, () => {
  it("before finalisation a sheet follows the data: a new payment raises 平邑县's 预算执行率", async () => {
    const before = await sheetOf(fin, "平邑县");
    const [p] = await t.db.db.select().from(projects).where(eq(projects.code, "371326-2021-001"));
    await t.db.db.insert(payments).values({ fundYearId: p.fundYearId, sourceId: 2, countyId: p.countyId, projectId: p.id, amountFen: 300_000_000, paidOn: "2022-06-29", voucherNo: "TEST-LIVE-1" });
    const after = await sheetOf(fin, "平邑县");
    expect(find(after.nodes, "process.funds.execution")!.leaf!.rateBp!).toBeGreaterThan(find(before.nodes, "process.funds.execution")!.leaf!.rateBp!);
    expect(after.total).toBeGreaterThan(before.total);
    await t.db.db.delete(payments).where(eq(payments.voucherNo, "TEST-LIVE-1"));
    expect((await sheetOf(fin, "平邑县")).total).toBe(8400);
  });

  it("only finance finalises; a finalised task keeps its sheets and results when data, template or scale change", async () => {
    const refused = await evaluator.inject({ method: "POST", url: `/api/evaluations/${task.id}/advance`, payload: { to: "final" } });
    expect(refused.statusCode).toBe(403);
    const done = await fin.inject({ method: "POST", url: `/api/evaluations/${task.id}/advance`, payload: { to: "final" } });
    expect(done.statusCode, done.body).toBe(200);
    expect((JSON.parse(done.body) as TaskDetail).state).toBe("final");
    const resultsAtFinal = await fin.get<Results>(`/api/evaluations/${task.id}/results`);
    const sheetAtFinal = await sheetOf(fin, "平邑县");
    expect(resultsAtFinal.live).toBe(false);
    expect(sheetAtFinal.live).toBe(false);

    // Data changes: a large payment in 平邑县 before the 评价日.
    const [p] = await t.db.db.select().from(projects).where(eq(projects.code, "371326-2021-001"));
    await t.db.db.insert(payments).values({ fundYearId: p.fundYearId, sourceId: 2, countyId: p.countyId, projectId: p.id, amountFen: 500_000_000, paidOn: "2022-06-29", voucherNo: "TEST-FINAL-1" });
    // The template family gets a new published version with other weights.
    const [base] = (await fin.get<{ id: number; status: string }[]>("/api/evaluation/templates")).filter((x) => x.status === "published");
    const draft = JSON.parse((await fin.inject({ method: "POST", url: "/api/evaluation/templates", payload: { fromId: base.id } })).body) as TemplateDetail;
    const tree = structuredClone(draft.tree);
    const funds = tree.nodes[1].children![0].children!;
    funds[1].weight = 1000; // 预算执行率 8 → 10
    funds[2].weight = 200; // 资金使用合规性 4 → 2
    const saved = JSON.parse((await fin.inject({ method: "PUT", url: `/api/evaluation/templates/${draft.id}`, payload: { name: draft.name, tree, revision: draft.revision } })).body) as TemplateDetail;
    expect(saved.problems.filter((x) => x.level === "error")).toEqual([]);
    expect((await fin.inject({ method: "POST", url: `/api/evaluation/templates/${draft.id}/publish` })).statusCode).toBe(200);

    expect(await fin.get<Results>(`/api/evaluations/${task.id}/results`)).toEqual(resultsAtFinal);
    expect(await sheetOf(fin, "平邑县")).toEqual(sheetAtFinal);
    // Once final a county sees its place among the counties and their mean, still no other line.
    const county = await (await t.as("lanshan")).get<Results>(`/api/evaluations/${task.id}/results`);
    const lanshanLine = resultsAtFinal.counties.find((c) => c.name === "兰山区")!;
    expect(county.counties.map((c) => [c.name, c.rank])).toEqual([["兰山区", lanshanLine.rank]]);
    expect(county.standing).toMatchObject({ rank: lanshanLine.rank, ranked: 12, countyMean: 8953, city: { total: 9002 } });
    // And it is locked.
    const locked = await put(evaluator, "平邑县", "process.org.rules", { manualScore: 150 });
    expect(locked.statusCode).toBe(409);
    expect(JSON.parse(locked.body).error.message).toBe("任务已定稿，评分已锁定");
  });
});
