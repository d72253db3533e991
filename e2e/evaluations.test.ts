/**
 * 绩效评价 in a real browser against the real server and the demo city: the results page shows the
 * seed's Table 1 (19.09 / 16.22 / 41.66 / 13.05 = 90.02) and the county ranking of Table 2; the
 * evaluator scores a leaf; a county replies on its own sheet; the template editor shows its checks.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { Results, TaskSummary } from "../contracts/evaluations";
import { formatScore } from "../core/format";
import { apiSession, browserAvailable, launchBrowser, openPage, screenshot, startServer, type ApiSession, type OpenedPage, type RunningServer } from "./support";

describe.skipIf(!browserAvailable())("绩效评价（浏览器）", () => {
  let server: RunningServer;
  let browser: Browser;
  let finance: ApiSession;
  let task: TaskSummary;
  let results: Results;
  let opened: OpenedPage | null = null;

  async function open(username: string, path: string): Promise<Page> {
    const session = username === "caizheng" ? finance : await apiSession(server.baseUrl, username);
    opened = await openPage(browser, server.baseUrl, session);
    await opened.page.goto(path);
    return opened.page;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    finance = await apiSession(server.baseUrl, "caizheng");
    [task] = await finance.get<TaskSummary[]>("/api/evaluations");
    results = await finance.get<Results>(`/api/evaluations/${task.id}/results`);
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

  test("the results page of the demo shows Table 1 as the seed lays it out and the county ranking", async () => {
    const page = await open("caizheng", `/evaluations/${task.id}/results`);
    const table1 = page.getByRole("table", { name: "表1 各指标得分情况表" });
    await table1.waitFor();
    const rows = await table1.locator("tbody tr").all();
    const cells = async (i: number) => (await rows[i].locator("td").allInnerTexts()).map((t) => t.trim());
    expect((await table1.locator("thead th").allInnerTexts()).map((t) => t.trim())).toEqual(["项目", "决策", "过程", "产出", "效益", "合计"]);
    expect(await cells(0)).toEqual(["分值", "22", "18", "45", "15", "100"]);
    expect(await cells(1)).toEqual(["得分", "19.09", "16.22", "41.66", "13.05", "90.02"]);
    expect(await cells(2)).toEqual(["得分率", "86.77%", "90.11%", "92.58%", "87%", "90.02%"]);
    await expect.poll(() => page.getByText("其中项目立项得分 3 分，绩效目标得分 4 分，资金投入得分 12.09 分").count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByText("其中社会效益得分 3.70 分，可持续影响得分 2.77 分，满意度得分 6.58 分").count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByText("评价得分为 90.02 分，评级为优").count(), { timeout: 15_000 }).toBe(1);

    const table2 = page.getByRole("table", { name: "表2 各县区综合评价得分情况表" });
    const t2 = [];
    for (const r of await table2.locator("tbody tr").all()) t2.push((await r.locator("td").allInnerTexts()).map((t) => t.trim()));
    expect(t2.map((r) => [r[1], r[2], r[3], r[5]])).toEqual(
      results.counties.map((c) => [c.name, formatScore(c.total), c.mode === "onsite" ? "现场与非现场评价" : "非现场评价", String(c.rank)]),
    );
    expect(t2[0]).toEqual(["1", "兰山区", "93.08", "现场与非现场评价", "优", "2"]);
    expect(t2[1]).toEqual(["2", "罗庄区", "93.54", "现场与非现场评价", "优", "1"]);
    expect(t2[7]).toEqual(["8", "平邑县", "84.00", "非现场评价", "良", "12"]); // scores in a table always have two decimals
    await expect.poll(() => page.getByRole("img", { name: "各县区得分排名柱状图" }).count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, "evaluation-results");
  });

  test("the what-if panel answers 'if 平邑县's 预算执行率 reached 95%' without saving", async () => {
    const pingyi = results.counties.find((c) => c.name === "平邑县")!;
    const page = await open("caizheng", `/evaluations/${task.id}/results?scope=${pingyi.scopeId}`);
    await page.getByText("假设分析：平邑县").waitFor();
    await page.getByRole("button", { name: "计算" }).click();
    const answer = page.getByText(/如果预算执行率为 95%，平邑县将得 \d+\.\d\d 分/);
    await answer.waitFor();
    expect(await answer.innerText()).toMatch(/提高 \d+\.\d\d 分/);
    await page.getByText("失分说明：平邑县（84.00 分）").scrollIntoViewIfNeeded();
    await screenshot(page, "evaluation-whatif");
    const again = await finance.get<Results>(`/api/evaluations/${task.id}/results`);
    expect(again.counties.find((c) => c.name === "平邑县")!.total).toBe(8400);
  });

  test("the city sheet shows where a computed leaf's value came from", async () => {
    const page = await open("caizheng", `/evaluations/${task.id}/scopes/${results.city!.scopeId}`);
    await page.getByText("临沂市评分表").first().waitFor();
    await page.getByText("预算执行率", { exact: true }).first().click();
    const drawer = page.getByRole("dialog");
    await drawer.getByText("19,305.06 万元").waitFor();
    expect(await drawer.innerText()).toContain("81.24%");
    expect(await drawer.innerText()).toContain("系统计算 · 资金台账 · 预算执行率");
    await screenshot(page, "evaluation-sheet-city");
  });

  test("the evaluator scores a manual leaf with a reason and the total follows", async () => {
    const fei = results.counties.find((c) => c.name === "费县")!;
    const page = await open("pingjia", `/evaluations/${task.id}/scopes/${fei.scopeId}`);
    await page.getByText("费县评分表").first().waitFor();
    await page.getByText("管理制度健全性", { exact: true }).click();
    const drawer = page.getByRole("dialog");
    const score = drawer.getByRole("spinbutton", { name: "得分", exact: true });
    await score.fill("1.20");
    await drawer.getByPlaceholder("如：抽查发现部分支付凭证附件不齐全，扣0.30分。").fill("未制定县级质量安全管理细则，扣0.30分。");
    await drawer.getByRole("button", { name: "保存评分" }).click();
    await page.getByText("已保存「管理制度健全性」").waitFor();
    await screenshot(page, "evaluation-sheet-scoring");
    await page.keyboard.press("Escape");
    await expect
      .poll(async () => (await finance.get<Results>(`/api/evaluations/${task.id}/results`)).counties.find((c) => c.name === "费县")!.total, { timeout: 15_000 })
      .toBe(8950 - 30);
  });

  test("a county user sees only its own sheet and replies on a leaf", async () => {
    const lanshan = results.counties.find((c) => c.name === "兰山区")!;
    const page = await open("lanshan", `/evaluations/${task.id}`);
    const scopes = page.locator(".ant-card").filter({ hasText: "评价范围与评分表" }).locator("tbody tr");
    await scopes.first().waitFor();
    expect(await scopes.count()).toBe(1);
    expect(await scopes.first().innerText()).toContain("兰山区");
    await page.goto(`/evaluations/${task.id}/scopes/${lanshan.scopeId}`);
    await page.getByText("兰山区评分表").first().waitFor();
    await page.getByText("成本控制", { exact: true }).click();
    const drawer = page.getByRole("dialog");
    await drawer.getByRole("textbox", { name: "意见内容" }).fill("超概算项目已补办概算调整批复，请核实后调整扣分。");
    await drawer.getByRole("button", { name: "提交意见" }).click();
    await drawer.getByText("超概算项目已补办概算调整批复，请核实后调整扣分。").waitFor();
    await screenshot(page, "evaluation-county-reply");
    await page.goto(`/evaluations/${task.id}/results`);
    // The county against the city, and no other county's score or name.
    const standing = page.locator(".ant-card").filter({ hasText: "兰山区与全市对比" });
    await standing.getByText("兰山区得分").waitFor();
    await standing.getByText("县区排名").waitFor();
    const shown = await page.locator("body").innerText();
    for (const other of results.counties.filter((c) => c.name !== "兰山区")) expect(shown).not.toContain(other.name);
  });

  test("the task page and the template editor with its checks", async () => {
    const page = await open("caizheng", `/evaluations/${task.id}`);
    await page.getByText("评价范围与评分表").waitFor();
    await screenshot(page, "evaluation-task");
    await page.goto("/evaluation/templates");
    await page.getByText("老旧小区改造补助资金绩效评价指标体系").first().click();
    await page.getByText("通过校验").waitFor();
    await screenshot(page, "evaluation-template");
  });
});
