import fs from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { TaskSummary } from "../../../contracts/evaluations";
import type { CheckResult, DraftingRuleView, ParagraphHistory, Report } from "../../../contracts/reports";
import { documentText } from "../../../core/report/model";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { auditEvents, payments } from "../../../db/schema";
import { extractReportText } from "./extract";
import { findSoffice } from "./pdf";

const SEED = fs.readFileSync(path.resolve(import.meta.dirname, "../../../../shared/seed/linyi-2021-report.txt"), "utf8");

let t: TestApp;
let fin: Client;
let evaluator: Client;
let task: TaskSummary;

beforeAll(async () => {
  t = await createTestApp();
  fin = await t.as("caizheng");
  evaluator = await t.as("pingjia");
  [task] = await fin.get<TaskSummary[]>("/api/evaluations");
});
afterAll(() => t.close());

const report = (c: Client, q = "") => c.get<Report>(`/api/reports/${task.id}${q}`);
const edit = (c: Client, key: string, payload: object) => c.inject({ method: "PUT", url: `/api/reports/${task.id}/paragraphs/${key}`, payload });
const upload = (c: Client, fileName: string, content: string | Buffer, taskId?: number) => {
  const boundary = "----wx" + Math.random().toString(36).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8"),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.inject({ method: "POST", url: `/api/reports/check${taskId ? `?taskId=${taskId}` : ""}`, payload: body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
};
/** Every number of a text as a canonical decimal (trailing zeros dropped: 3.70 = 3.7, 87% = 87.00%). */
const numbers = (text: string) =>
  new Set([...text.matchAll(/\d+(?:\.\d+)?%?/g)].map((m) => m[0].replace(/(\.\d*?)0+(%?)$/, "$1$2").replace(/\.(%?)$/, "$1")));

describe(`the demo report is the seed, from data (${engine})`, () => {
  it("every number of the seed's chapters 一–四 appears with the same value in the generated report", async () => {
    const r = await report(evaluator);
    const generated = numbers(documentText(r.document));
    const seed = numbers(SEED.slice(0, SEED.indexOf("五、项目主要经验及做法")));
    const missing = [...seed].filter((n) => !generated.has(n));
    expect(missing).toEqual([]);
    expect(seed.size).toBeGreaterThan(50);
    expect(r.document.dateText).toBe("二〇二二年七月");
    expect(r.document.title).toBe("临沂市老旧小区改造补助资金 全周期跟踪问效报告");
  });

  it("has the seed's chapters and tables in order, and its 勾稽校验 finds nothing wrong", async () => {
    const r = await report(fin);
    const level1 = r.document.blocks.filter((b) => b.kind === "heading" && b.level === 1).map((b) => (b as { text: string }).text);
    expect(level1).toEqual(["一、项目基本情况", "二、项目绩效目标", "三、评价基本情况", "四、评价结论和绩效分析", "五、项目主要经验及做法", "六、存在问题及原因分析", "七、意见建议"]);
    const tables = r.document.blocks.filter((b) => b.kind === "table").map((b) => (b as { caption: string }).caption);
    expect(tables).toEqual(["表1 各指标得分情况表", "表2 各县区综合评价得分情况表"]);
    expect(r.check.problems).toEqual([]);
    expect(r.check.relations).toBeGreaterThan(40);
    expect(r.check.recognised).toContain("表2（12个县区）");
  });

  it("every figure is traceable: 81.24% is paid ÷ allocated as of 2022年6月30日 and links to the payments", async () => {
    const r = await report(fin);
    const rate = r.document.figures["funds.rate"];
    expect(rate.text).toBe("81.24%");
    expect(rate.trace).toMatchObject({ formula: "已支付 ÷ 已下达（截至评价日）", asOf: "2022-06-30", link: { path: "/funds/payments" } });
    expect(rate.trace.parts.map((p) => p.label)).toEqual(["已支付", "已下达"]);
    expect(rate.trace.related).toEqual([{ label: "下达明细", path: "/funds/allocations", query: {} }]);
    const figures = r.document.blocks.flatMap((b) => (b.kind === "paragraph" ? b.inlines : b.kind === "table" ? b.rows.flat(2) : [])).filter((i) => i.t === "fig");
    expect(figures.length).toBeGreaterThan(80);
    for (const f of figures) expect(r.document.figures[(f as { key: string }).key]).toBeDefined();
  });

  it("chapters 五–七 are drafted from the data: low execution, fiscal dependence, narrow contents, weak maintenance", async () => {
    const r = await report(fin);
    const text = documentText(r.document);
    for (const title of ["（一）预算执行率不够高", "（二）项目对财政资金依赖程度过高", "（三）受资金限制改造内容不够全面", "（四）长效管养等后续管理亟待加强", "（一）加强预算管理，提高预算执行率"]) expect(text).toContain(title);
    expect(text).toContain("河东法院家属院改造项目居民共出资239.9万元，占小区改造总投资的63.41%");
    expect(text).toContain("居民共出资16.16万元，占小区改造总投资的10.44%");
    expect(text).toContain("中央补助资金预算执行率为100%");
  });

  it("chapter 六 is the task's findings, in their order, each with who rectifies by when and how far it is", async () => {
    const r = await report(fin);
    const six = r.document.blocks.slice(r.document.blocks.findIndex((b) => b.kind === "heading" && b.text.startsWith("六、")), r.document.blocks.findIndex((b) => b.kind === "heading" && b.text.startsWith("七、")));
    const findingsOfTask = (await fin.get<{ findings: { id: number; title: string }[] }>(`/api/evaluations/tasks/${task.id}/findings`)).findings;
    expect(six.filter((b) => b.kind === "heading" && b.level === 2).map((b) => (b.kind === "heading" ? b.text : ""))).toEqual(findingsOfTask.map((f, i) => `（${"一二三四五六七八九十"[i]}）${f.title}`));
    const owners = six.filter((b) => b.kind === "paragraph" && b.key.endsWith(".owners")).map((b) => (b.kind === "paragraph" ? b.inlines.map((i) => ("text" in i ? i.text : "")).join("") : ""));
    expect(owners).toHaveLength(findingsOfTask.length);
    expect(owners.at(-1)).toBe("整改责任：平邑县（2022年12月31日前，待整改）；蒙阴县（2022年12月31日前，已验收）。");
  });
});

describe(`who reads and edits the report (${engine})`, () => {
  it("a county cannot read a draft report (it names every county's score); audit reads it, cannot edit", async () => {
    const county = await t.as("lanshan");
    const r = await county.inject(`/api/reports/${task.id}`);
    expect(r.statusCode).toBe(404);
    expect(JSON.parse(r.body).error.message).toBe("评价报告尚未定稿：县区用户可在评价任务定稿后查看评价报告");
    const auditor = await t.as("shenji");
    expect((await report(auditor)).can).toEqual({ edit: false, editTexts: false });
    expect((await edit(auditor, "ch1.budget", { body: "x" })).statusCode).toBe(403);
  });

  it("the evaluator edits a paragraph: a new version, figures stay live, the history shows the diff, the edit is audited", async () => {
    const before = await report(evaluator);
    // Chapter 六 is drafted from the task's findings: the first one's words, editable like any paragraph.
    const p = before.paragraphs.find((x) => /^finding\.\d+\.0$/.test(x.key) && x.label.includes("预算执行率不够高"))!;
    expect(p.source).toBe("finding");
    // The editor reads figures by name, not by key.
    expect(p.body).toContain("{{预算执行率（全部资金来源）}}");
    expect(p.body).not.toContain("{{funds.");
    const body = `${p.body}经核实，省级补助资金已于7月拨付。`;
    const res = await edit(evaluator, p.key, { body });
    expect(res.statusCode).toBe(200);
    const after = JSON.parse(res.body) as Report;
    const block = after.document.blocks.find((b) => b.kind === "paragraph" && b.key === p.key)!;
    expect(block).toMatchObject({ source: "edited", version: 1 });
    expect(documentText(after.document)).toContain("经核实，省级补助资金已于7月拨付。");
    // The rate inside the edited paragraph is still a figure.
    expect(block.kind === "paragraph" && block.inlines.some((i) => i.t === "fig" && i.key === "funds.rate")).toBe(true);

    const history = await evaluator.get<ParagraphHistory>(`/api/reports/${task.id}/paragraphs/${p.key}/history`);
    expect(history.versions[0]).toMatchObject({ version: 1, scope: "task", authorName: expect.any(String) });
    expect(history.versions[0].diff.filter((d) => d.op === "add").map((d) => d.text).join("")).toBe("经核实，省级补助资金已于7月拨付。");
    const [audit] = await t.db.db.select().from(auditEvents).where(eq(auditEvents.entityType, "report_paragraph"));
    expect(audit.summary).toContain("第 1 版");
  });

  it("a frozen paragraph writes its figures out; an unknown figure is refused by name", async () => {
    const frozen = JSON.parse((await edit(evaluator, "ch1.implementation.note", { body: "截至评价日执行率{{funds.rate}}。", freeze: true })).body) as Report;
    const block = frozen.document.blocks.find((b) => b.kind === "paragraph" && b.key === "ch1.implementation.note")!;
    expect(block.kind === "paragraph" && block.inlines).toEqual([{ t: "text", text: "截至评价日执行率81.24%。" }]);
    const bad = await edit(evaluator, "ch1.implementation.note", { body: "{{funds.nope}}" });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error.message).toContain("{{funds.nope}} 不存在");
  });

  it("the .docx carries the edit", async () => {
    const res = await evaluator.inject(`/api/reports/${task.id}/download?format=docx`);
    expect(res.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml.replace(/<[^>]+>/g, "")).toContain("经核实，省级补助资金已于7月拨付。");
  });

  it("the demo .docx is A4 in 公文 layout, and its PDF has pages whose text passes the 勾稽校验 with 90.02 and 优", async () => {
    const docx = await JSZip.loadAsync((await fin.inject(`/api/reports/${task.id}/download?format=docx`)).rawPayload);
    const xml = await docx.file("word/document.xml")!.async("string");
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="2098"[^>]*w:left="1587"/);
    if (!(await findSoffice())) return;
    const pdf = await fin.inject(`/api/reports/${task.id}/download?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await extractReportText("报告.pdf", pdf.rawPayload);
    expect(text).toContain("90.02");
    expect(text).toContain("优");
    const checked = JSON.parse((await upload(fin, "报告.pdf", pdf.rawPayload, task.id)).body) as CheckResult;
    expect(checked.problems).toEqual([]);
    expect(checked.recognised).toContain("表1");
  }, 120_000);

  it("the appendix workbook has Table 1, Table 2, every sheet, funds by county × source and the project list", async () => {
    const res = await fin.inject(`/api/reports/${task.id}/download?format=xlsx`);
    expect(res.statusCode).toBe(200);
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(["表1 各指标得分情况", "表2 各县区得分", "附表 资金（县区×来源）", "附表 项目清单"]));
    expect(wb.getWorksheet("附表 项目清单")!.actualRowCount).toBeGreaterThan(307);
  });
});

describe(`勾稽校验 of an uploaded report (${engine})`, () => {
  it("the generated text passes; an edited Table 2 score is caught against the task's records only", async () => {
    const text = documentText((await report(fin)).document);
    const edited = text.replace("1\t兰山区\t93.08", "1\t兰山区\t93.18");
    expect(edited).not.toBe(text);
    const alone = JSON.parse((await upload(fin, "报告.txt", edited)).body) as CheckResult;
    expect(alone.problems).toEqual([]);
    const withTask = JSON.parse((await upload(fin, "报告.txt", edited, task.id)).body) as CheckResult;
    expect(withTask.problems).toHaveLength(1);
    expect(withTask.problems[0]).toMatchObject({ rule: "record", found: "93.18", expected: "93.08", where: { table: "表2", row: "兰山区" } });
  });

  it("a .docx Wenxiao wrote names its task: the upload is compared with the records without choosing the task", async () => {
    const docx = (await fin.inject(`/api/reports/${task.id}/download?format=docx`)).rawPayload;
    const r = JSON.parse((await upload(fin, "报告.docx", docx)).body) as CheckResult;
    expect(r.taskId).toBe(task.id);
    expect(r.problems).toEqual([]);
    expect(r.recognised).toEqual(expect.arrayContaining(["表1", "表2（12个县区）"]));
  });

  it("the seed itself passes, and a changed 表1 score is named", async () => {
    expect((JSON.parse((await upload(fin, "seed.txt", SEED)).body) as CheckResult).problems).toEqual([]);
    const bad = JSON.parse((await upload(fin, "seed.txt", SEED.replace("得分\t19.09", "得分\t19.19"))).body) as CheckResult;
    expect(bad.problems.map((p) => [p.where.table, p.where.column])).toEqual([["表1", "决策"]]);
  });

  it("a file that is not a report gets a clear message", async () => {
    const r = await upload(fin, "notes.txt", "会议纪要：明天上午九点开会。");
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.message).toContain("未识别到评价报告的结构");
    expect((await upload(fin, "a.exe", "x")).statusCode).toBe(422);
  });
});

describe(`drafting rules are data (${engine})`, () => {
  it("a rule fires exactly on its condition: 预算执行率 81.24% is below 81.25 but not below 81.24", async () => {
    const rules = await fin.get<DraftingRuleView[]>(`/api/reports/${task.id}/rules`);
    // Chapter 七's rule (chapter 六 comes from the demo task's findings).
    const rule = rules.find((r) => r.code === "suggestions.execution")!;
    expect(rule.fires).toBe(true);
    expect(rule.description).toContain("81.24%");
    const save = (value: string) =>
      fin.inject({ method: "PUT", url: `/api/reports/${task.id}/rules/${rule.code}`, payload: { ...rule, when: { all: [{ fact: "funds.rate", op: "<", value }] } } });
    const at = JSON.parse((await save("81.24")).body) as DraftingRuleView[];
    expect(at.find((r) => r.code === rule.code)!.fires).toBe(false);
    expect(documentText((await report(fin)).document)).not.toContain("加强预算管理，提高预算执行率");
    const above = JSON.parse((await save("81.25")).body) as DraftingRuleView[];
    expect(above.find((r) => r.code === rule.code)!.fires).toBe(true);
    expect(documentText((await report(fin)).document)).toContain("（一）加强预算管理，提高预算执行率");
    expect((await evaluator.inject({ method: "PUT", url: `/api/reports/${task.id}/rules/${rule.code}`, payload: rule })).statusCode).toBe(403);
  });
});

describe(`finalising freezes the report (${engine})`, () => {
  it("final: version 1 frozen with the task; later payments change nothing; edits are refused; the county may read it", async () => {
    const done = await fin.inject({ method: "POST", url: `/api/evaluations/${task.id}/advance`, payload: { to: "final" } });
    expect(done.statusCode).toBe(200);
    const frozen = await report(fin);
    expect(frozen.document.meta).toMatchObject({ live: false, version: 1 });
    expect(frozen.versions.map((v) => v.version)).toEqual([1]);
    expect(documentText(frozen.document)).toContain("经核实，省级补助资金已于7月拨付。");
    expect(frozen.check.problems).toEqual([]);

    const [p] = await t.db.db.select().from(payments).limit(1);
    await t.db.db.update(payments).set({ amountFen: p.amountFen + 100_000_000 }).where(eq(payments.id, p.id));
    const again = await report(fin);
    expect(again.document.figures["funds.rate"].text).toBe("81.24%");
    // The records moved: the check names each frozen figure that no longer agrees with them.
    const moved = again.check.problems.filter((x) => x.rule === "record");
    expect(moved.length).toBeGreaterThan(1);
    expect(moved.every((m) => m.where.chapter !== "")).toBe(true);
    expect(moved.some((m) => /^七、意见建议 · 预算执行率（全部资金来源）：81\.24%，系统记录为 \d+(\.\d+)?%$/.test(m.message))).toBe(true);
    await t.db.db.update(payments).set({ amountFen: p.amountFen }).where(eq(payments.id, p.id));

    const refused = await edit(evaluator, "ch1.budget", { body: "x" });
    expect(refused.statusCode).toBe(409);
    expect(JSON.parse(refused.body).error.message).toContain("已定稿");
    const county = await report(await t.as("lanshan"));
    expect(county.document.meta.version).toBe(1);
  });

  it("reopening needs a reason; finalising again makes version 2 and keeps version 1", async () => {
    const noReason = await fin.inject({ method: "POST", url: `/api/evaluations/${task.id}/advance`, payload: { to: "scoring" } });
    expect(noReason.statusCode).toBe(400);
    const reopened = await fin.inject({ method: "POST", url: `/api/evaluations/${task.id}/advance`, payload: { to: "scoring", note: "县区补充结算资料" } });
    expect(reopened.statusCode).toBe(200);
    const live = await report(fin);
    expect(live.document.meta.live).toBe(true);
    for (const to of ["reply", "final"]) expect((await fin.inject({ method: "POST", url: `/api/evaluations/${task.id}/advance`, payload: { to } })).statusCode).toBe(200);
    const v2 = await report(fin);
    expect(v2.document.meta.version).toBe(2);
    expect((await report(fin, "?version=1")).document.meta.version).toBe(1);
    expect(v2.versions.map((v) => v.version)).toEqual([2, 1]);
  });
});
