/**
 * 居民满意度调查 in a real browser against the real server and the demo city: a resident opens a
 * household's one-time link on a phone (390×844) without an account, answers every question and
 * submits; the same link then says it has been used. The evaluator sees the sampled communities, the
 * new answer waiting for review, and the city's 满意率 of the demo (1,128 of 1,200 satisfied = 94%).
 */
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { TaskSummary } from "../contracts/evaluations";
import type { SurveyResults, SurveyState } from "../contracts/surveys";
import { formatBasisPoints } from "../core/money";
import { apiSession, browserAvailable, launchBrowser, openPage, screenshot, startServer, type ApiSession, type OpenedPage, type RunningServer } from "./support";

interface Link {
  seq: number;
  token: string;
  url: string;
  opened: boolean;
  used: boolean;
}

/** Answers the questions SurveyJS shows on the current page: the first choice of each, "3" in each line. */
async function answerVisibleQuestions(page: Page): Promise<number> {
  const questions = page.locator(".sd-question:visible");
  const n = await questions.count();
  for (let i = 0; i < n; i++) {
    const q: Locator = questions.nth(i);
    if ((await q.locator("input[type=radio]").count()) > 0) await q.locator(".sd-item label").first().click();
    else if ((await q.locator("input[type=text]").count()) > 0) await q.locator("input[type=text]").fill("3");
    // Comments (意见建议) are optional: left blank.
  }
  return n;
}

describe.skipIf(!browserAvailable())("居民满意度调查（浏览器）", () => {
  let server: RunningServer;
  let browser: Browser;
  let evaluator: ApiSession;
  let task: TaskSummary;
  let state: SurveyState;
  let opened: OpenedPage | null = null;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    evaluator = await apiSession(server.baseUrl, "pingjia");
    const tasks = await evaluator.get<TaskSummary[]>("/api/evaluations");
    task = tasks.find((t) => t.isDemo) ?? tasks[0];
    state = await evaluator.get<SurveyState>(`/api/evaluations/${task.id}/survey`);
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

  test("a resident answers a household's link on a phone once; the link then says it was used", async () => {
    expect(state.survey).not.toBeNull();
    const community = state.survey!.communities[0];
    const { links } = await evaluator.get<{ links: Link[] }>(`/api/evaluations/${task.id}/survey/links?communityId=${community.communityId}`);
    const link = links.find((l) => !l.used && !l.opened)!;
    expect(link).toBeDefined();

    opened = await openPage(browser, server.baseUrl);
    const { page } = opened;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/s/${link.token}`);
    await page.getByText(`${community.county} · ${community.name}`).waitFor();
    await page.getByText(`第 ${link.seq} 户`).waitFor();
    await page.getByText(state.survey!.questionnaire.title).first().waitFor();
    // The phone is not signed in and is not sent to the login form.
    expect(await page.getByRole("button", { name: "登 录" }).count()).toBe(0);
    await screenshot(page, "survey-phone-form");

    // One page per part: answer, then 下一页, until 提交问卷.
    for (let part = 0; part < 20; part++) {
      expect(await answerVisibleQuestions(page)).toBeGreaterThan(0);
      const next = page.getByRole("button", { name: "下一页" });
      if (await next.isVisible()) {
        const title = await page.locator(".sd-page__title").first().innerText();
        await next.click();
        await expect.poll(() => page.locator(".sd-page__title").first().innerText()).not.toBe(title);
      } else {
        await screenshot(page, "survey-phone-last-page");
        await page.getByRole("button", { name: "提交问卷" }).click();
        break;
      }
    }
    await page.getByText("提交成功", { exact: true }).waitFor();
    await page.getByText(/感谢您参与本次居民满意度调查/).waitFor();
    await screenshot(page, "survey-phone-thanks");

    await page.goto(`/s/${link.token}`);
    await page.getByText("该问卷链接已经提交过").waitFor();
    await screenshot(page, "survey-phone-used");
    const after = await evaluator.get<{ links: Link[] }>(`/api/evaluations/${task.id}/survey/links?communityId=${community.communityId}`);
    expect(after.links.find((l) => l.token === link.token)!.used).toBe(true);
  });

  test("the evaluator sees the sampled communities, the new answer to review and the city's 94%", async () => {
    const results = await evaluator.get<SurveyResults>(`/api/evaluations/${task.id}/survey/results`);
    // The demo: 1,128 of 1,200 accepted questionnaires satisfied.
    expect(results.city!.overall).toMatchObject({ satisfied: 1128, valid: 1200, rateBp: 9400 });

    opened = await openPage(browser, server.baseUrl, evaluator);
    const { page } = opened;
    await page.goto(`/evaluations/${task.id}/survey`);
    const sampled = page.getByRole("table", { name: "抽样小区" }).locator("tbody tr.ant-table-row");
    await sampled.first().waitFor();
    expect(await sampled.count()).toBe(Math.min(20, state.survey!.communities.length));
    expect(await sampled.first().innerText()).toContain(state.survey!.communities[0].name);
    await screenshot(page, "survey-setup");

    await page.getByRole("tab", { name: /问卷审核/ }).click();
    const rows = page.getByRole("table", { name: "问卷列表" }).locator("tbody tr.ant-table-row");
    await rows.first().waitFor();
    // The phone's answer (submitted within seconds of opening) waits for review, flagged 作答过快.
    expect(await page.getByRole("table", { name: "问卷列表" }).getByText("作答过快").count()).toBeGreaterThan(0);
    await rows.filter({ hasText: "作答过快" }).first().getByRole("button", { name: "查看" }).click();
    await page.getByRole("dialog").getByText("总体评价").first().waitFor();
    await screenshot(page, "survey-review");
    await page.keyboard.press("Escape");

    await page.getByRole("tab", { name: "调查结果" }).click();
    const headline = page.locator(".ant-statistic").filter({ hasText: "全市居民满意率（总体满意度）" });
    await headline.waitFor();
    expect(await headline.locator(".ant-statistic-content").innerText()).toBe(formatBasisPoints(9400));
    await page.getByText("其中满意 1,128 份").waitFor();
    await page.getByText("满意率 =（很满意＋比较满意）÷ 有效回答").first().waitFor();
    await page.getByRole("img", { name: "各县区满意率柱状图" }).waitFor();
    await screenshot(page, "survey-results");
  });
});
