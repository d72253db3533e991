/**
 * Input is never silently changed: a score above the leaf's 分值, a 形象进度 of 150% and text that is no
 * number stay as typed with the allowed range under the field, and nothing is sent.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { Sheet, TaskSummary, Results } from "../contracts/evaluations";
import type { CountyMonitor } from "../contracts/monitoring";
import type { FundsSummary, FundYear } from "../contracts/funds";
import type { QuestionnaireRecord } from "../contracts/surveys";
import { apiSession, browserAvailable, launchBrowser, openPage, screenshot, startServer, type ApiSession, type OpenedPage, type RunningServer } from "./support";

describe.skipIf(!browserAvailable())("数字输入（浏览器）", () => {
  let server: RunningServer;
  let browser: Browser;
  let finance: ApiSession;
  let opened: OpenedPage | null = null;

  async function open(username: string, path: string): Promise<Page> {
    opened = await openPage(browser, server.baseUrl, await apiSession(server.baseUrl, username));
    await opened.page.goto(path);
    return opened.page;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    finance = await apiSession(server.baseUrl, "caizheng");
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

  test("a score of 9 on a 1.5-point leaf, and 'abc', stay as typed with the message, and nothing is saved", async () => {
    const [task] = await finance.get<TaskSummary[]>("/api/evaluations");
    const fei = (await finance.get<Results>(`/api/evaluations/${task.id}/results`)).counties.find((c) => c.name === "费县")!;
    const sheetPath = `/api/evaluations/${task.id}/scopes/${fei.scopeId}/sheet`;
    const leafOf = async () => JSON.stringify((await finance.get<Sheet>(sheetPath)).nodes);
    const before = await leafOf();
    const page = await open("pingjia", `/evaluations/${task.id}/scopes/${fei.scopeId}`);
    await page.getByText("费县评分表").first().waitFor();
    await page.getByText("管理制度健全性", { exact: true }).click();
    const drawer = page.getByRole("dialog");
    const score = drawer.getByRole("spinbutton", { name: "得分", exact: true });
    await score.fill("9");
    await drawer.getByPlaceholder("如：抽查发现部分支付凭证附件不齐全，扣0.30分。").fill("测试");
    await drawer.getByRole("button", { name: "保存评分" }).click();
    await drawer.getByText("「管理制度健全性」的得分不能超过分值 1.5 分").waitFor();
    await score.blur();
    expect(await score.inputValue()).toBe("9");
    await screenshot(page, "input-score-refused");

    await score.fill("abc");
    await score.blur();
    await drawer.getByText("「得分」应填写阿拉伯数字（0 至 1.50 分）").waitFor();
    expect(await score.inputValue()).toBe("abc");
    expect(await page.getByText("已保存「管理制度健全性」").count()).toBe(0);
    expect(await leafOf()).toBe(before);
  });

  test("a 形象进度 of 150 stays as typed with the range under it, and the report is not sent", async () => {
    const [fundYear] = await finance.get<FundYear[]>("/api/fund-years");
    const summary = await finance.get<FundsSummary>(`/api/funds/summary?fundYearId=${fundYear.id}`);
    const junan = summary.counties.find((c) => c.name === "莒南县")!;
    const countyPath = `/api/monitoring/counties/${junan.id}?fundYearId=${summary.fundYear.id}`;
    const reportsOf = async () => JSON.stringify((await finance.get<CountyMonitor>(countyPath)).projects.map((p) => p.report));
    const before = await reportsOf();
    const page = await open("junan", "/monitoring");
    await page.getByRole("button", { name: /填报.+进度/ }).click();
    const drawer = page.getByRole("dialog");
    const progress = drawer.getByRole("spinbutton", { name: /形象进度$/ }).first();
    await progress.fill("150");
    await progress.blur();
    await drawer.getByText("「形象进度」应在 0% 至 100% 之间").waitFor();
    expect(await progress.inputValue()).toBe("150");
    await screenshot(page, "input-progress-refused");
    await drawer.getByRole("button", { name: "提交本期进度" }).click();
    await page.locator(".ant-message").getByText(/「形象进度」应在 0% 至 100% 之间/).waitFor();
    expect(await progress.inputValue()).toBe("150");
    expect(await reportsOf()).toBe(before);
  });

  test("一百万 typed as a fund year's 年度 stays as typed with the range, and no year is created", async () => {
    const before = await finance.get<FundYear[]>("/api/fund-years");
    const page = await open("caizheng", "/setup/fund-years");
    await page.getByRole("button", { name: "新建资金年度" }).click();
    const dialog = page.getByRole("dialog");
    const year = dialog.getByRole("spinbutton", { name: "年度" });
    await year.fill("一百万");
    await year.blur();
    await dialog.getByText("「年度」应填写阿拉伯数字（2000 至 2100）").waitFor();
    await dialog.getByRole("button", { name: /^新\s?建$/ }).click();
    await year.fill("2300");
    await dialog.getByRole("button", { name: /^新\s?建$/ }).click();
    await dialog.getByText("「年度」应在 2000 至 2100 之间").waitFor();
    expect(await year.inputValue()).toBe("2300");
    await screenshot(page, "input-fund-year-refused");
    expect(await finance.get<FundYear[]>("/api/fund-years")).toEqual(before);
  });

  test("a 最短作答时间 of 5000 seconds or 'abc' in a questionnaire draft stays as typed, and the draft cannot be saved", async () => {
    const page = await open("caizheng", "/surveys/questionnaires");
    await page.getByRole("button", { name: /新建问卷/ }).click();
    await page.waitForURL(/\/surveys\/questionnaires\/\d+/);
    const id = Number(/questionnaires\/(\d+)/.exec(page.url())![1]);
    const saved = (await finance.get<QuestionnaireRecord>(`/api/surveys/questionnaires/${id}`)).definition;
    const seconds = page.getByRole("spinbutton", { name: "最短作答时间（秒）" });
    await seconds.fill("5000");
    await page.getByText("「最短作答时间」应在 0 至 3600 秒之间").first().waitFor();
    await seconds.fill("abc");
    await seconds.blur();
    await page.getByText("「最短作答时间」应填写阿拉伯数字（0 至 3600 秒）").first().waitFor();
    expect(await seconds.inputValue()).toBe("abc");
    expect(await page.getByRole("button", { name: /保\s?存$/ }).isDisabled()).toBe(true);
    await screenshot(page, "input-questionnaire-refused");
    expect((await finance.get<QuestionnaireRecord>(`/api/surveys/questionnaires/${id}`)).definition).toEqual(saved);
  });
});
