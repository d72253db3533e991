/**
 * 评价报告 in a real browser against the real server and the demo city: the preview shows the
 * generated report (Table 1 with 90.02, the conclusion's words); a click on 81.24% shows its trace and
 * leads to the payments; the evaluator adds a sentence to chapter 六, sees it marked and in the
 * paragraph's history, and finds it in the downloaded .docx; the 勾稽校验 passes the generated report
 * and catches a copy whose Table 1 score was changed, on the report page and on the standalone page.
 */
import fs from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { SESSION_COOKIE } from "../contracts/auth";
import type { TaskSummary } from "../contracts/evaluations";
import type { Report } from "../contracts/reports";
import { formatDateCn } from "../core/dates";
import { documentText, inlineText, type ReportBlock } from "../core/report/model";
import { apiSession, browserAvailable, launchBrowser, openPage, SCREENS, screenshot, startServer, type ApiSession, type OpenedPage, type RunningServer } from "./support";

type Paragraph = Extract<ReportBlock, { kind: "paragraph" }>;

/** The added sentence: words, then a live figure inserted from the list, then words again. */
const ADDED_BEFORE = "经复核，截至评价日全市预算执行率为";
const ADDED_AFTER = "，仍需加快资金支付进度。";

/** The report's text with Table 1's first score (决策) written 0.10 higher: a copy someone mistyped. */
function withTable1ScoreChanged(report: Report): { text: string; found: string } {
  const lines = documentText(report.document).split("\n");
  const caption = lines.findIndex((l) => l.startsWith("表1"));
  const row = lines.findIndex((l, i) => i > caption && l.startsWith("得分\t"));
  const cells = lines[row].split("\t");
  const found = (Number(cells[1]) + 0.1).toFixed(2);
  lines[row] = [cells[0], found, ...cells.slice(2)].join("\t");
  return { text: lines.join("\n"), found };
}

/** What the window shows (the report is many screens long; a full-page shot of it is unreadable). */
async function viewportShot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.waitForLoadState("networkidle");
  // A popover, modal or drawer fades in: shoot it once it is there (endless spinners aside).
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity));
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`) });
}

describe.skipIf(!browserAvailable())("评价报告（浏览器）", () => {
  let server: RunningServer;
  let browser: Browser;
  let evaluator: ApiSession;
  let task: TaskSummary;
  let report: Report;
  let opened: OpenedPage | null = null;

  async function open(session: ApiSession, path: string): Promise<Page> {
    opened = await openPage(browser, server.baseUrl, session);
    await opened.page.goto(path);
    return opened.page;
  }

  /** A file of the API, as the browser would download it, with the evaluator's session. */
  async function downloadBytes(path: string): Promise<Buffer> {
    const res = await fetch(server.baseUrl + path, { headers: { cookie: `${SESSION_COOKIE}=${evaluator.token}` } });
    if (!res.ok) throw new Error(`${path} → HTTP ${res.status}: ${await res.text()}`);
    return Buffer.from(await res.arrayBuffer());
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    evaluator = await apiSession(server.baseUrl, "pingjia");
    [task] = await evaluator.get<TaskSummary[]>("/api/evaluations");
    report = await evaluator.get<Report>(`/api/reports/${task.id}`);
  });

  afterEach(async () => {
    if (opened) {
      expect(opened.errors).toEqual([]);
      await opened.close();
      opened = null;
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("the preview shows the generated report: Table 1 with 90.02 and the conclusion as the API writes it", async () => {
    const conclusion = report.document.blocks.find((b): b is Paragraph => b.kind === "paragraph" && b.key === "ch4.conclusion");
    expect(conclusion, "the demo report has a conclusion").toBeDefined();
    const words = inlineText(conclusion!.inlines);
    expect(words).toContain("评价得分为90.02分，评级为优");
    expect(report.check.problems).toEqual([]);

    const page = await open(evaluator, `/evaluations/${task.id}/report`);
    const table1 = page.getByRole("table", { name: "表1 各指标得分情况表" });
    await table1.waitFor();
    const scores = (await table1.locator("tbody tr").nth(1).locator("td").allInnerTexts()).map((t) => t.trim());
    expect(scores[0]).toBe("得分");
    expect(scores.at(-1)).toBe("90.02");
    await page.getByText(words, { exact: true }).waitFor();
    await page.getByText(`勾稽校验：已核对 ${report.check.relations} 项关系，未发现不一致`).waitFor();
    const cover = page.getByRole("article", { name: "报告预览" }).locator("h1");
    expect((await cover.innerText()).replace(/\s+/g, "")).toBe(report.document.title.replace(/\s+/g, ""));
    await screenshot(page, "report-preview");
    await viewportShot(page, "report-preview-top");
    await table1.scrollIntoViewIfNeeded();
    await viewportShot(page, "report-preview-table1");
    await page.getByRole("table", { name: "表2 各县区综合评价得分情况表" }).scrollIntoViewIfNeeded();
    await viewportShot(page, "report-preview-table2");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await viewportShot(page, "report-preview-1280-top");
    await table1.scrollIntoViewIfNeeded();
    await viewportShot(page, "report-preview-1280-table1");
  });

  test("a click on 81.24% shows what it is, how it is computed and as of when, and leads to the payments", async () => {
    const page = await open(evaluator, `/evaluations/${task.id}/report`);
    const figure = page.getByRole("button", { name: /^数字 81\.24%：/ }).first();
    await figure.click();
    const trace = page.locator(".ant-popover:visible .figure-trace");
    await trace.getByText(/已支付 ÷ 已下达/).waitFor();
    expect(await trace.innerText()).toContain(formatDateCn(report.document.meta.asOf));
    await viewportShot(page, "report-trace");
    // The allocations behind the rate are one click away too.
    expect(await trace.getByRole("link", { name: "查看下达明细" }).getAttribute("href")).toMatch(/^\/funds\/allocations\?/);
    await trace.getByRole("link", { name: "查看明细记录" }).click();
    await page.waitForURL(/\/funds\/payments\?/);
    await page.locator(".page-title").filter({ hasText: "支付明细" }).waitFor();
    expect(new URL(page.url()).searchParams.get("fy")).toBe(String(report.document.meta.fundYearId));
  });

  test("the evaluator adds a sentence to chapter 六: it is marked, in the history, and in the .docx", async () => {
    // Chapter 六 is the demo task's findings: a finding's words are edited like any paragraph.
    const paragraph = report.paragraphs.find((p) => /^finding\.\d+\.0$/.test(p.key) && !p.hidden);
    expect(paragraph, "chapter 六 has a finding's paragraph").toBeDefined();
    const rate = report.placeholders.find((p) => p.key === "funds.rate")!;
    expect(report.placeholders.filter((p) => p.label === rate.label), "the list names 预算执行率 once").toHaveLength(1);
    const page = await open(evaluator, `/evaluations/${task.id}/report`);

    const edit = page.getByRole("button", { name: `修改「${paragraph!.label}」` });
    await edit.scrollIntoViewIfNeeded();
    await edit.locator("xpath=ancestor::div[contains(@class, 'report-block')][1]").hover();
    await edit.click();
    const dialog = page.getByRole("dialog", { name: `修改段落：${paragraph!.label}` });
    const text = dialog.getByRole("textbox", { name: "段落文字" });
    expect(await text.inputValue()).toBe(paragraph!.body);
    await text.fill(paragraph!.body + ADDED_BEFORE);
    await dialog.getByRole("button", { name: `插入「${rate.label}」` }).first().click();
    await expect.poll(() => text.inputValue()).toBe(`${paragraph!.body}${ADDED_BEFORE}{{预算执行率（全部资金来源）}}`);
    // The cursor is back in the text, after the inserted figure.
    await expect.poll(() => text.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(ADDED_AFTER);
    expect(await text.inputValue()).toBe(`${paragraph!.body}${ADDED_BEFORE}{{预算执行率（全部资金来源）}}${ADDED_AFTER}`);
    await viewportShot(page, "report-edit");
    await dialog.getByRole("button", { name: "保存" }).click();
    await page.getByText(`已保存「${paragraph!.label}」`).waitFor();

    const added = `${ADDED_BEFORE}${rate.text}${ADDED_AFTER}`;
    await page.getByText(added).waitFor();
    const block = page.locator(".report-block").filter({ hasText: added });
    await block.getByText(/^已修改 第\d+版$/).waitFor();
    await block.getByRole("button", { name: `「${paragraph!.label}」的修改历史` }).click();
    const history = page.getByRole("dialog", { name: /^修改历史/ });
    const insertion = history.locator("ins.diff-add").filter({ hasText: ADDED_BEFORE });
    await insertion.waitFor();
    expect(await insertion.innerText()).toContain(ADDED_AFTER.slice(1));
    await viewportShot(page, "report-history");
    await page.keyboard.press("Escape");
    await history.waitFor({ state: "hidden" });
    await block.scrollIntoViewIfNeeded();
    await viewportShot(page, "report-edited");

    // The .docx is built from the same words: the figure in it is the live one.
    const zip = await JSZip.loadAsync(await downloadBytes(`/api/reports/${task.id}/download?format=docx`));
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml.replace(/<[^>]+>/g, "")).toContain(added);
    // And the page's own button hands the browser a .docx.
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Word 公文格式（.docx）" }).click()]);
    expect(file.suggestedFilename()).toMatch(/\.docx$/);
  });

  test("a deleted paragraph is listed under 已删除的段落 and comes back with 恢复; 恢复原文 undoes an edit", async () => {
    const current = await evaluator.get<Report>(`/api/reports/${task.id}`);
    const suggestion = current.paragraphs.find((p) => p.key.startsWith("rule.suggestions.") && !p.key.endsWith(".title") && !p.hidden)!;
    const edited = current.paragraphs.find((p) => p.source === "edited" && p.key.startsWith("finding."))!;
    const page = await open(evaluator, `/evaluations/${task.id}/report`);

    const edit = page.getByRole("button", { name: `修改「${suggestion.label}」` });
    await edit.scrollIntoViewIfNeeded();
    await edit.click();
    const dialog = page.getByRole("dialog", { name: `修改段落：${suggestion.label}` });
    await dialog.getByRole("button", { name: "删除此段" }).click();
    await page.locator(".ant-popconfirm").getByRole("button", { name: "删除" }).click();
    await page.getByText(`已删除「${suggestion.label}」`).waitFor();
    await edit.waitFor({ state: "detached" });
    const panel = page.getByRole("button", { name: /^已删除的段落（1）/ });
    await panel.click();
    await page.getByText(suggestion.label, { exact: true }).waitFor();
    await viewportShot(page, "report-hidden");
    await page.getByRole("button", { name: "恢复", exact: true }).click();
    await page.getByText(`已恢复「${suggestion.label}」`).waitFor();
    await edit.waitFor();

    const editAgain = page.getByRole("button", { name: `修改「${edited.label}」` });
    await editAgain.scrollIntoViewIfNeeded();
    await editAgain.click();
    await page.getByRole("dialog", { name: `修改段落：${edited.label}` }).getByRole("button", { name: "恢复原文" }).click();
    await page.locator(".ant-popconfirm").getByRole("button", { name: "恢复原文" }).click();
    await page.getByText(`已恢复「${edited.label}」的原文`).waitFor();
    expect(await page.getByText(ADDED_BEFORE).count()).toBe(0);
  });

  test("勾稽校验 passes the generated report and names 表1 in a copy whose score was changed", async () => {
    const current = await evaluator.get<Report>(`/api/reports/${task.id}`);
    const { text, found } = withTable1ScoreChanged(current);
    const page = await open(evaluator, `/evaluations/${task.id}/report`);
    await page.getByRole("tab", { name: "勾稽校验" }).click();
    const own = page.getByRole("region", { name: "本报告的勾稽校验" });
    await own.getByText(/未发现不一致/).waitFor();

    const other = page.getByRole("region", { name: "校验其他报告文件" });
    await other.locator("input[type=file]").setInputFiles({ name: "评价报告（修改稿）.txt", mimeType: "text/plain", buffer: Buffer.from(text, "utf8") });
    await other.getByText(/发现 \d+ 处不一致/).waitFor();
    const problems = other.getByRole("list", { name: "不一致之处" }).getByRole("listitem");
    const caught = problems.filter({ hasText: "表1" }).filter({ hasText: found });
    expect(await caught.count()).toBeGreaterThan(0);
    await screenshot(page, "report-check");
  });

  test("the standalone 报告勾稽校验 page checks a file written outside Wenxiao", async () => {
    const finance = await apiSession(server.baseUrl, "caizheng");
    const { text, found } = withTable1ScoreChanged(await finance.get<Report>(`/api/reports/${task.id}`));
    const page = await open(finance, "/reports/check");
    await page.locator(".page-title").filter({ hasText: "报告勾稽校验" }).waitFor();
    await page.locator("input[type=file]").setInputFiles({ name: "外部报告.txt", mimeType: "text/plain", buffer: Buffer.from(text, "utf8") });
    await page.getByText(/发现 \d+ 处不一致/).waitFor();
    expect(await page.getByRole("list", { name: "不一致之处" }).getByRole("listitem").filter({ hasText: "表1" }).filter({ hasText: found }).count()).toBeGreaterThan(0);
    await screenshot(page, "report-check-page");
  });

  test("finance sees the drafting rules with what fired and may open a rule to edit it", async () => {
    const finance = await apiSession(server.baseUrl, "caizheng");
    const page = await open(finance, `/evaluations/${task.id}/report`);
    await page.getByRole("tab", { name: "起草规则" }).click();
    const rules = page.getByRole("table", { name: "起草规则" });
    await rules.getByText("预算执行率不够高").waitFor();
    expect(await rules.getByText("已触发").count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "修改起草规则「预算执行率不够高」" }).click();
    const drawer = page.getByRole("dialog", { name: /^修改起草规则/ });
    expect(await drawer.getByRole("textbox", { name: /起草条件：.*的界限/ }).first().inputValue()).toBe("90");
    await viewportShot(page, "report-rules");
  });
});
