/**
 * 结果应用 in a real browser against the real server and the demo city: the evaluator turns a leaf of
 * 平邑县's sheet that lost points into a finding and assigns an item to 平邑县 with a deadline; the
 * county opens it from its 首页, starts it, uploads an evidence file and submits it; 住建 verifies it
 * from the 整改台账, which then shows it as 已验收.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { Results, Sheet, SheetNodeView, TaskSummary } from "../contracts/evaluations";
import type { FindingList, Ledger, RectificationItemDetail } from "../contracts/rectification";
import { formatPoints } from "../core/scoring/points";
import { DEMO_COUNTY_USERS } from "../db/demo/users";
import { apiSession, browserAvailable, chooseOption, launchBrowser, openPage, screenshot, startServer, type ApiSession, type OpenedPage, type RunningServer } from "./support";

const COUNTY = "平邑县";

/** Leaves that lost points, in sheet order. */
function lostLeaves(nodes: SheetNodeView[]): SheetNodeView[] {
  return nodes.flatMap((n) => (n.leaf ? (n.lost > 0 ? [n] : []) : lostLeaves(n.children)));
}

/** A deadline 30 days from now, as the date picker takes it (Beijing time). */
function deadlineText(): { iso: string; typed: string } {
  const d = new Date(Date.now() + 8 * 3600_000 + 30 * 86_400_000);
  const iso = d.toISOString().slice(0, 10);
  return { iso, typed: `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日` };
}

describe.skipIf(!browserAvailable())("问题与整改（浏览器）", () => {
  let server: RunningServer;
  let browser: Browser;
  let evaluator: ApiSession;
  let task: TaskSummary;
  let scopeId: number;
  let leaf: SheetNodeView;
  let itemId = 0;
  let opened: OpenedPage | null = null;

  async function open(session: ApiSession, path: string): Promise<Page> {
    opened = await openPage(browser, server.baseUrl, session);
    await opened.page.goto(path);
    return opened.page;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    evaluator = await apiSession(server.baseUrl, "pingjia");
    const tasks = await evaluator.get<TaskSummary[]>("/api/evaluations");
    task = tasks.find((t) => t.isDemo) ?? tasks[0];
    const results = await evaluator.get<Results>(`/api/evaluations/${task.id}/results`);
    scopeId = results.counties.find((c) => c.name === COUNTY)!.scopeId;
    const sheet = await evaluator.get<Sheet>(`/api/evaluations/${task.id}/scopes/${scopeId}/sheet`);
    const names = (nodes: SheetNodeView[]): string[] => nodes.flatMap((n) => [n.name, ...names(n.children)]);
    const all = names(sheet.nodes);
    // A leaf whose name appears once on the sheet, so the page can be clicked by its text.
    leaf = lostLeaves(sheet.nodes).find((n) => all.filter((x) => x === n.name).length === 1)!;
    expect(leaf).toBeDefined();
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

  test("the evaluator records a lost leaf as a finding and assigns it to the county with a deadline", async () => {
    const before = await evaluator.get<FindingList>(`/api/evaluations/tasks/${task.id}/findings`);
    const page = await open(evaluator, `/evaluations/${task.id}/scopes/${scopeId}`);
    await page.getByText(`${COUNTY}评分表`).first().waitFor();
    await page.getByText(leaf.name, { exact: true }).first().click();
    const drawer = page.getByRole("dialog").filter({ hasText: "意见反馈" });
    await drawer.getByRole("button", { name: "记为问题" }).click();
    const form = page.getByRole("dialog").filter({ hasText: `记为问题：${leaf.name}` });
    await form.getByText(`分值 ${formatPoints(leaf.weight)} 分，得 ${formatPoints(leaf.score, { fixed: true })} 分，失 ${formatPoints(leaf.lost, { fixed: true })} 分`, { exact: true }).waitFor();
    await chooseOption(page, form.getByRole("combobox", { name: "问题类别" }), "项目管理");
    await form.getByText("较重", { exact: true }).click();
    expect(await form.getByRole("textbox", { name: "问题标题" }).inputValue()).toBe(`${leaf.name}失分`);
    await screenshot(page, "rectification-finding-form");
    await form.getByRole("button", { name: "保存" }).click();
    await page.getByText(`已记为问题：${leaf.name}失分`).first().waitFor();
    await drawer.getByText(`已记为问题：${leaf.name}失分`).waitFor();

    const after = await evaluator.get<FindingList>(`/api/evaluations/tasks/${task.id}/findings`);
    expect(after.findings.length).toBe(before.findings.length + 1);
    const finding = after.findings.find((f) => !before.findings.some((b) => b.id === f.id))!;
    expect(finding).toMatchObject({ origin: "leaf", leafCode: leaf.code, countyName: COUNTY, severity: "major", category: "项目管理" });
    expect(finding.figures).toMatchObject({ leafName: leaf.name, weight: leaf.weight, lost: leaf.lost });

    // 分解整改 on the task page's 问题清单.
    await page.goto(`/evaluations/${task.id}`);
    const row = page.getByRole("table", { name: "问题清单" }).locator("tbody tr").filter({ hasText: `${leaf.name}失分` });
    await row.getByText("尚未分解整改").waitFor();
    await row.getByRole("button", { name: "分解整改" }).click();
    const split = page.getByRole("dialog").filter({ hasText: "分解整改" });
    // The owner defaults to the finding's county.
    await split.locator(".ant-select").filter({ hasText: COUNTY }).waitFor();
    const { iso, typed } = deadlineText();
    const date = split.getByPlaceholder("请选择日期");
    await date.click();
    await date.fill(iso);
    await date.press("Enter");
    await expect.poll(() => date.inputValue()).toBe(typed);
    await split.getByRole("textbox", { name: "整改措施" }).fill("制定整改方案，逐项落实并报送整改佐证材料。");
    await screenshot(page, "rectification-split");
    await split.getByRole("button", { name: "保存整改事项" }).click();
    await page.getByText("已分解为 1 项整改事项").waitFor();
    await row.getByText("待整改").waitFor();
    await screenshot(page, "rectification-task-findings");

    const ledger = await evaluator.get<Ledger>(`/api/rectification/items?taskId=${task.id}&pageSize=500`);
    const item = ledger.rows.find((r) => r.findingId === finding.id)!;
    expect(item).toMatchObject({ ownerKind: "county", countyName: COUNTY, deadline: iso, state: "pending" });
    itemId = item.id;
  });

  test("the county opens it from 首页, starts it, uploads evidence and submits", async () => {
    expect(itemId).toBeGreaterThan(0);
    const county = await apiSession(server.baseUrl, DEMO_COUNTY_USERS[COUNTY]);
    const page = await open(county, "/");
    const card = page.locator(".ant-card").filter({ has: page.getByText("本县区整改事项", { exact: true }) });
    const link = card.locator(`a[href*="/rectification/items/${itemId}"]`);
    await link.waitFor();
    await screenshot(page, "rectification-county-home");
    await link.click();

    await page.getByText(`整改事项：${leaf.name}失分`).waitFor();
    // Without evidence, 提交验收 is not offered yet.
    await page.getByRole("button", { name: "开始整改" }).click();
    await page.getByText("已开始整改").first().waitFor();
    const submit = page.getByRole("button", { name: "提交验收" });
    await submit.waitFor();
    expect(await submit.isDisabled()).toBe(true);

    await page.locator("input[type=file]").setInputFiles({ name: "整改情况说明.txt", mimeType: "text/plain", buffer: Buffer.from("已制定整改方案并落实。", "utf8") });
    await page.getByText("已上传：整改情况说明.txt").waitFor();
    await page.getByRole("button", { name: "整改情况说明.txt", exact: true }).waitFor();
    await expect.poll(() => submit.isDisabled()).toBe(false);
    await submit.click();
    const modal = page.getByRole("dialog").filter({ hasText: "整改情况" });
    await modal.getByRole("textbox", { name: "整改情况" }).fill("已制定整改方案，相关制度已印发执行，佐证材料见附件。");
    await modal.getByRole("button", { name: "提交验收" }).click();
    await page.getByText("已提交验收").first().waitFor();
    await page.getByText("已提交，等待市住建局或市财政局验收").waitFor();
    await screenshot(page, "rectification-county-submitted");

    const detail = await county.get<RectificationItemDetail>(`/api/rectification/items/${itemId}`);
    expect(detail).toMatchObject({ state: "submitted", evidenceCount: 1 });
    expect(detail.history.map((e) => e.action)).toEqual(expect.arrayContaining(["create", "start", "submit"]));
  });

  test("住建 verifies it from the ledger, which then shows 已验收", async () => {
    expect(itemId).toBeGreaterThan(0);
    const housing = await apiSession(server.baseUrl, "zhujian");
    const page = await open(housing, `/rectification?taskId=${task.id}&state=submitted`);
    const table = page.getByRole("table", { name: "整改事项" });
    const row = table.locator("tbody tr.ant-table-row").filter({ hasText: `${leaf.name}失分` }).filter({ hasText: COUNTY });
    await row.first().waitFor();
    await screenshot(page, "rectification-ledger-submitted");
    await row.first().click();
    const drawer = page.getByRole("dialog").filter({ hasText: "整改记录" });
    await drawer.getByRole("button", { name: "整改情况说明.txt", exact: true }).waitFor();
    await drawer.getByRole("button", { name: "验收通过" }).click();
    const modal = page.getByRole("dialog").filter({ hasText: "验收意见" });
    await modal.getByRole("textbox", { name: "验收意见" }).fill("整改材料齐全，措施落实到位。");
    await modal.getByRole("button", { name: "验收通过" }).click();
    await page.getByText("已验收通过").first().waitFor();
    await drawer.locator(".ant-timeline").getByText("整改材料齐全，措施落实到位。").waitFor();
    await screenshot(page, "rectification-item-accepted");
    await page.keyboard.press("Escape");

    await page.goto(`/rectification?taskId=${task.id}&countyId=${(await housing.get<RectificationItemDetail>(`/api/rectification/items/${itemId}`)).countyId}`);
    const accepted = table.locator("tbody tr.ant-table-row").filter({ hasText: `${leaf.name}失分` });
    await accepted.getByText("已验收").waitFor();
    await screenshot(page, "rectification-ledger");
    const detail = await housing.get<RectificationItemDetail>(`/api/rectification/items/${itemId}`);
    expect(detail).toMatchObject({ state: "accepted", verifiedByName: "市住建局城建科" });
  });
});
