/**
 * 项目库, 小区库, 绩效目标 and 双监控 in a real browser against the real server and the demo city.
 * Expected figures come from the seed (307 / 341 / 53,389 / 517.8万㎡ against 285 / 296 / 48,400 /
 * 458.75万㎡; 河东法院家属院 63.41%) and from the API of the same server.
 */
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { formatBasisPoints } from "../core/money";
import type { FundYear } from "../contracts/funds";
import type { Board, CountyMonitor } from "../contracts/monitoring";
import type { ProjectDetail, ProjectPage, Targets } from "../contracts/projects";
import { CSRF_HEADER, SESSION_COOKIE } from "../contracts/auth";
import { DEMO_PASSWORD } from "../db/demo/users";
import { apiSession, browserAvailable, chooseOption, launchBrowser, openPage, ROOT, screenshot, startServer, type ApiSession, type OpenedPage, type RunningServer } from "./support";

describe.skipIf(!browserAvailable())("项目与监控（浏览器）", () => {
  let server: RunningServer;
  let browser: Browser;
  let finance: ApiSession;
  let opened: OpenedPage;
  let page: Page;
  let fundYear: FundYear;
  const api = <T,>(p: string) => finance.get<T>(p);

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    finance = await apiSession(server.baseUrl, "caizheng");
    [fundYear] = await api<FundYear[]>("/api/fund-years");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  beforeEach(async () => {
    opened = await openPage(browser, server.baseUrl, finance);
    page = opened.page;
  });
  afterEach(async () => {
    const errors = [...opened.errors];
    await opened.close();
    expect(errors, "页面不应有控制台错误或未捕获异常").toEqual([]);
  });
  async function reopenAs(session: ApiSession) {
    await opened.close();
    opened = await openPage(browser, server.baseUrl, session);
    page = opened.page;
  }
  const content = () => page.locator(".ant-layout-content").first();
  /** The sticky header would land mid-page in a full-page shot taken after scrolling. */
  const shot = async (name: string) => {
    await page.mouse.wheel(0, -100_000);
    await screenshot(page, name);
  };

  test("项目库 shows the year's 307 projects, 341 communities, 53,389 households and 517.8万㎡ from the registry", async () => {
    await page.goto("/projects");
    const cards = page.locator(".ant-statistic");
    await cards.first().waitFor();
    const texts = (await cards.allInnerTexts()).map((t) => t.replace(/\s+/g, ""));
    expect(texts.slice(0, 4)).toEqual(["项目307个", "改造小区341个", "惠及户数53,389户", "改造建筑面积517.8万㎡"]);
    await waitForText(page.getByTestId("project-total"), "共 307 个项目，341 个小区，53,389 户");
    expect(await page.locator("table[aria-label='项目列表'], .ant-table").first().locator("tbody tr.ant-table-row").count()).toBe(20);
    // The menu offers the new group.
    expect(await page.locator(".ant-menu-root").innerText()).toContain("双监控");
    await shot("projects-list");

    await page.getByRole("tab", { name: "多元筹资" }).click();
    const top = page.locator(".ant-table").filter({ hasText: "非财政（万元）" }).locator("tbody tr.ant-table-row").first();
    await waitForText(top, "河东法院家属院改造项目");
    expect(await top.innerText()).toContain("63.41%");
    expect(await page.getByRole("img", { name: "计划投资资金结构图" }).locator("canvas").count()).toBe(1);
    await shot("projects-funding");
  });

  test("绩效目标 puts the seed's 2021 targets against the actuals computed from the registry", async () => {
    const targets = await api<Targets>(`/api/targets?fundYearId=${fundYear.id}`);
    expect(targets.scopes[0].county).toBeNull();
    await page.goto("/targets");
    const city = page.locator(".ant-card").filter({ hasText: "临沂市年度绩效目标" }).locator("tbody tr.ant-table-row");
    await city.first().waitFor();
    const row = async (name: string) => (await city.filter({ hasText: name }).first().innerText()).replace(/\s+/g, " ");
    expect(await row("改造项目数")).toMatch(/≥ 285 307 107.72% 已完成/);
    expect(await row("改造小区数")).toMatch(/≥ 296 341 115.2% 已完成/);
    expect(await row("惠及户数")).toMatch(/≥ 48,400 53,389 110.31% 已完成/);
    expect(await row("改造建筑面积")).toMatch(/万㎡ .*≥ 458.75 517.8 112.87% 已完成/);
    expect(await row("居民满意度")).toMatch(/≥ 90 94（问卷） 104.44% 已完成/);
    expect(await page.getByRole("img", { name: /各县区.*完成率柱状图/ }).locator("canvas").count()).toBe(1);
    await shot("targets");
  });

  test("a demo project's page shows its communities, contents, funding mix, payments, progress, and takes a photo", async () => {
    const hedong = await api<ProjectPage>(`/api/projects?fundYearId=${fundYear.id}&q=${encodeURIComponent("河东法院家属院")}`);
    const court = hedong.items[0];
    await page.goto(`/projects/${court.id}`);
    await page.getByRole("heading", { name: "河东法院家属院改造项目" }).waitFor();
    const text = await content().innerText();
    expect(text).toContain("63.41%");
    expect(text).toContain("378.32");
    expect(text).toContain("供水管网改造");
    expect(text).toContain("供暖管网改造");
    expect(text).toContain("临沂城发城建开发有限公司");
    expect(await page.locator(".ant-card").filter({ hasText: "改造小区（1 个）" }).locator("tbody tr.ant-table-row").innerText()).toContain("河东法院家属院");
    await page.getByRole("img", { name: "累计支付与下达资金对比图" }).locator("canvas").waitFor();
    expect(await page.getByRole("img", { name: "计划投资资金结构图" }).locator("canvas").count()).toBe(1);
    expect(await page.locator(".ant-card").filter({ hasText: "进度填报（双监控）" }).locator("tbody tr.ant-table-row").count()).toBeGreaterThan(2);

    // A photo of the finished works, uploaded from the page.
    const png = path.join(ROOT, ".tmp", "e2e-photo.png");
    fs.mkdirSync(path.dirname(png), { recursive: true });
    await page.screenshot({ path: png, clip: { x: 200, y: 56, width: 800, height: 500 } });
    await page.locator('input[type="file"]').setInputFiles(png);
    await page.getByRole("img", { name: "e2e-photo.png" }).waitFor();
    await waitForText(page.locator(".ant-card").filter({ hasText: "照片与文档" }).first(), "照片与文档（1）");
    await shot("project-detail");
  });

  test("two officers edit one project: the later save is refused naming who changed it, and the page reloads their change", async () => {
    const list = await api<ProjectPage>(`/api/projects?fundYearId=${fundYear.id}&pageSize=5`);
    const project = list.items[3];
    await page.goto(`/projects/${project.id}`);
    await page.getByRole("button", { name: "编辑项目信息" }).click();
    const drawer = page.locator(".ant-drawer").filter({ hasText: `编辑项目信息：${project.code}` });
    await drawer.getByLabel("街道").fill("九曲街道（浏览器填写）");

    // Meanwhile 市住建局 saves another field of the same project from their own browser.
    const login = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "zhujian", password: DEMO_PASSWORD }),
    });
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.split(";")[0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const { version } = (await api<ProjectDetail>(`/api/projects/${project.id}`)).project;
    const other = await fetch(`${server.baseUrl}/api/projects/${project.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", cookie, [CSRF_HEADER]: csrfToken, origin: server.baseUrl },
      body: JSON.stringify({ implementingEntity: "临沂市河东区住建局（另一人修改）", version }),
    });
    expect(other.status, await other.text()).toBe(200);

    await drawer.getByRole("button", { name: "保存" }).click();
    const warning = page.locator(".ant-modal").filter({ hasText: "已被他人修改" });
    await waitForText(warning, "该项目已被 市住建局城建科（临沂市住房和城乡建设局）于");
    await waitForText(warning, "请刷新后重新修改");
    await shot("project-edit-conflict");
    await warning.getByRole("button", { name: "知道了" }).click();
    // The page shows what the other officer saved; nothing of theirs was overwritten.
    await waitForText(content(), "临沂市河东区住建局（另一人修改）");
    expect((await api<ProjectDetail>(`/api/projects/${project.id}`)).project).toMatchObject({ implementingEntity: "临沂市河东区住建局（另一人修改）", version: version + 1 });
    // The refused save is an answer the page showed, not a fault of the page.
    opened.errors.splice(0, opened.errors.length, ...opened.errors.filter((e) => !/status of 409\b/.test(e)));
  });

  test("the monitoring board shows counties × indicators with traffic lights and opens a county's trend", async () => {
    const board = await api<Board>(`/api/monitoring/board?fundYearId=${fundYear.id}`);
    await page.goto("/monitoring");
    const rows = page.locator(".monitoring-board tbody tr.ant-table-row");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(12);
    const total = page.locator(".monitoring-board .ant-table-summary tr");
    expect((await total.innerText()).replace(/\s+/g, " ")).toContain("81.24%");
    expect(await page.locator(".monitoring-board [data-light='red']").count()).toBe(board.counties.flatMap((r) => r.cells).filter((c) => c.light === "red").length);
    expect(await page.locator(".monitoring-board [data-light='yellow']").count()).toBe(board.counties.flatMap((r) => r.cells).filter((c) => c.light === "yellow").length);
    // The banner names what each count counts: county × indicator cells, and projects behind their own schedule.
    const flaggedCells = board.counties.flatMap((r) => r.cells).filter((c) => c.light === "red" || c.light === "yellow").length;
    const laggingProjects = board.counties.reduce((a, r) => a + r.laggingProjects, 0);
    const projects = board.counties.reduce((a, r) => a + r.projects, 0);
    const banner = page.locator(".ant-alert").first();
    await waitForText(banner, `预警项目 ${laggingProjects} 个（共 ${projects} 个项目`);
    expect(await banner.innerText()).toContain(flaggedCells ? `预警县区指标 ${flaggedCells} 项` : "县区指标均未预警");
    // At the 评价日 a handful of projects lag their payment schedule, not nearly all of them.
    expect(laggingProjects).toBeLessThanOrEqual(projects / 10);
    await shot("monitoring-board");

    await chooseOption(page, page.getByRole("combobox", { name: "监测期次" }), "2021年第3季度");
    await page.waitForURL(/period=2021-Q3/);
    await waitForText(content(), "2021年第3季度末");
    await shot("monitoring-board-q3");

    await page.locator(".monitoring-board").getByRole("link", { name: "平邑县" }).click();
    await page.waitForURL(/\/monitoring\/counties\/\d+\?.*period=2021-Q3/);
    await page.getByRole("heading", { name: "平邑县双监控" }).waitFor();
    expect(await page.getByRole("img", { name: "各期进度与应达进度趋势图" }).locator("canvas").count()).toBe(1);
    await page.locator(".project-monitor tbody tr.ant-table-row").first().waitFor();
    await shot("monitoring-county");
  });

  test("a county officer sees in one screen which of their projects lag and why, and records a cause", async () => {
    await reopenAs(await apiSession(server.baseUrl, "pingyi"));
    await page.goto("/monitoring?period=2021-Q4");
    await page.getByRole("heading", { name: "平邑县双监控" }).waitFor();
    const county = await finance.get<CountyMonitor>(`/api/monitoring/counties/${new URL(page.url()).pathname.split("/").pop()}?fundYearId=${fundYear.id}&period=2021-Q4`);
    // The county against the city: the city's figure and the county's rank on each indicator.
    const pay = county.indicators.findIndex((i) => i.measure === "payment");
    const { rank, of } = county.city.ranks[pay];
    const payRow = page.getByRole("row", { name: /资金支付进度/ }).first();
    await waitForText(payRow, `第 ${rank} / ${of}`);
    expect(await payRow.innerText()).toContain(formatBasisPoints(county.city.trend.at(-1)![pay].progressBp));
    expect(await page.getByRole("columnheader", { name: "临沂市" }).count()).toBe(1);
    const lagging = county.projects.filter((p) => p.light === "red" || p.light === "yellow");
    const rows = page.locator(".project-monitor tbody tr.ant-table-row");
    await expectCount(rows, lagging.length);
    // Every lagging project says why, or that its cause is still to be given.
    for (const r of await rows.all()) expect(await r.innerText()).toMatch(/待说明原因|完成/);
    // The menu of a county officer has no other county's pages.
    expect(await page.locator(".ant-menu-root").innerText()).not.toContain("账户管理");

    const unexplained = rows.filter({ hasText: "待说明原因" }).first();
    const name = (await unexplained.locator("a").first().innerText()).trim();
    await unexplained.getByRole("button", { name: /说明原因/ }).click();
    const modal = page.locator(".ant-modal");
    await modal.getByText("经费", { exact: true }).click();
    await modal.getByText("有可能", { exact: true }).click();
    await modal.getByRole("textbox").fill("配套资金待县财政拨付");
    await shot("monitoring-explain");
    await modal.getByRole("button", { name: "保存" }).click();
    await modal.waitFor({ state: "hidden" });
    await waitForText(rows.filter({ hasText: name }).first(), "经费，有可能完成");
    await shot("monitoring-county-officer");
  });

  test("住建 sets the fund year's payment schedule: a falling share is refused in the form, a lower 结算 share clears the lags it caused", async () => {
    const zhujian = await apiSession(server.baseUrl, "zhujian");
    await reopenAs(zhujian);
    const board = () => zhujian.get<Board>(`/api/monitoring/board?fundYearId=${fundYear.id}`);
    const before = await board();
    const lagging = before.counties.reduce((a, r) => a + r.laggingProjects, 0);
    expect(lagging).toBeGreaterThan(0);
    await page.goto("/monitoring");
    const open = async () => {
      await page.getByRole("button", { name: "设置资金支付进度" }).click();
      const modal = page.locator(".ant-modal");
      await modal.getByText("支付节点（2021年度各项目的应付进度）").waitFor();
      return modal;
    };
    let modal = await open();
    await modal.getByLabel("竣工验收后应付比例（%）").fill("98");
    await modal.getByRole("button", { name: "保存" }).click();
    await waitForText(modal.locator(".ant-alert"), "结算后的应付比例不能低于前一节点");
    await shot("monitoring-payment-schedule");
    // Refused before anything was sent: the schedule and the indicator are as they were.
    expect((await board()).paymentSchedule).toEqual(before.paymentSchedule);
    await modal.getByLabel("竣工验收后应付比例（%）").fill("70");
    await modal.getByLabel("结算后应付比例（%）").fill("80");
    await modal.getByRole("button", { name: "保存" }).click();
    await modal.waitFor({ state: "hidden" });
    const after = await board();
    expect(after.paymentSchedule.map((x) => x.shareBp)).toEqual([5000, 7000, 8000]);
    // The settled projects that had paid about 80% of their money no longer lag; the banner says so.
    const now = after.counties.reduce((a, r) => a + r.laggingProjects, 0);
    expect(now).toBeLessThan(lagging);
    await waitForText(page.locator(".ant-alert").first(), `预警项目 ${now} 个`);
    // Back to the default, through the same form.
    modal = await open();
    await modal.getByLabel("结算后应付比例（%）").fill("97");
    await modal.getByRole("button", { name: "保存" }).click();
    await modal.waitFor({ state: "hidden" });
    expect((await board()).paymentSchedule).toEqual(before.paymentSchedule);
  });

  test("小区库, 改造目标 and 长效管养 render from the registry", async () => {
    await page.goto("/communities");
    await waitForText(page.getByTestId("community-total"), "个小区");
    await chooseOption(page, page.getByRole("combobox", { name: "改造情况" }), "本年度改造");
    await waitForText(page.getByTestId("community-total"), "共 341 个小区，53,389 户，517.8 万㎡");
    await shot("communities");

    await page.goto("/communities/goal");
    await page.getByRole("img", { name: "各县区改造目标进度与预测图" }).locator("canvas").waitFor();
    expect(await content().innerText()).toContain("2000年底前建成的小区全部改造");
    await shot("goal");

    await page.goto("/communities/maintenance");
    await page.getByRole("img", { name: "各县区物业管理覆盖率与物业费收缴率柱状图" }).locator("canvas").waitFor();
    expect(await page.locator(".ant-card").filter({ hasText: "各县区明细" }).locator("tbody tr.ant-table-row").count()).toBe(12);
    // The share of each year, per county and for the city.
    await page.getByRole("img", { name: "各县区专业物业和街道社区统管占比折线图" }).locator("canvas").waitFor();
    const years = page.locator(".ant-card").filter({ hasText: "专业物业和街道社区统管占比（逐年）" });
    await waitForText(years.locator("tbody"), "全市");
    await shot("maintenance");
  });

  test("项目库导入 dry-runs a community sheet and names the row of a build year in the future", async () => {
    await page.goto("/projects/import");
    await page.getByRole("heading", { name: "项目库导入" }).waitFor();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("小区");
    ws.addRow(["县区", "小区编号", "小区名称", "建成年份", "楼栋数", "户数", "建筑面积（㎡）"]);
    ws.addRow(["河东区", "E2E-0001", "未来家园", 2099, 2, 40, "3600㎡"]);
    const file = path.join(ROOT, ".tmp", "e2e-bad-communities.xlsx");
    await wb.xlsx.writeFile(file);
    await page.locator('input[type="file"]').setInputFiles(file);
    const problems = page.locator(".problems-table tbody tr.ant-table-row");
    await problems.first().waitFor();
    const texts = (await problems.allInnerTexts()).map((t) => t.replace(/\s+/g, " "));
    expect(texts[0]).toMatch(/^2 建成年份 建成年份 2099 晚于今年/);
    expect(texts[1]).toContain("「3600㎡」不是数字");
    expect(await page.getByRole("button", { name: /确认导入/ }).isDisabled()).toBe(true);
    await shot("registry-import-problems");
  });
});

async function expectCount(locator: Locator, n: number) {
  const deadline = Date.now() + 15_000;
  let last = -1;
  while (Date.now() < deadline) {
    last = await locator.count();
    if (last === n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(last).toBe(n);
}

async function waitForText(locator: Locator, text: string) {
  const deadline = Date.now() + 15_000;
  let last = "";
  while (Date.now() < deadline) {
    last = (await locator.count()) ? await locator.first().innerText() : "";
    if (last.includes(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(last).toContain(text);
}
