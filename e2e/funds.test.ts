/**
 * The fund ledger in a real browser against the real server and the demo city (临沂市 2021).
 * Expected figures come from the seed report (23,763万元, 81.24%) and from the API of the same server,
 * formatted with the shared helpers, so a page that shows anything else fails.
 */
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, test } from "vitest";
import { formatDateCn } from "../core/dates";
import { formatBasisPoints, formatWan } from "../core/money";
import { formatWan as formatWanCell, formatYuan } from "../core/format";
import type { CountyLedger, FundsSummary, FundYear, ProjectLedger } from "../contracts/funds";
import { DEMO_PASSWORD } from "../db/demo/users";
import {
  apiSession,
  browserAvailable,
  chooseOption,
  launchBrowser,
  openPage,
  ROOT,
  screenshot,
  startServer,
  type ApiSession,
  type OpenedPage,
  type RunningServer,
} from "./support";

/** 万元 in a sentence or on a statistic card (23,763), and in a table cell (23,763.00). */
const wan = (fen: number) => formatWan(fen, { grouping: true });
const cellWan = formatWanCell;

describe.skipIf(!browserAvailable())("资金台账（浏览器）", () => {
  let server: RunningServer;
  let browser: Browser;
  let opened: OpenedPage;
  let page: Page;
  let fundYear: FundYear;
  let summary: FundsSummary;
  /** 市财政局绩效科: reads everything, imports allocations and payments. */
  let finance: ApiSession;

  const api = <T,>(p: string) => finance.get<T>(p);

  /** The inner texts of the cells of every row matched by `rows`. */
  async function rowTexts(rows: ReturnType<Page["locator"]>): Promise<string[][]> {
    const out: string[][] = [];
    for (const row of await rows.all()) out.push((await row.locator("td").allInnerTexts()).map((t) => t.trim()));
    return out;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    finance = await apiSession(server.baseUrl, "caizheng");
    [fundYear] = await api<FundYear[]>("/api/fund-years");
    summary = await api<FundsSummary>(`/api/funds/summary?fundYearId=${fundYear.id}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  beforeEach(async () => {
    opened = await openPage(browser, server.baseUrl, finance);
    page = opened.page;
  });

  /** Replaces the test's page with one signed in as someone else (or nobody). */
  async function reopenAs(session?: ApiSession) {
    await opened.close();
    opened = await openPage(browser, server.baseUrl, session);
    page = opened.page;
  }

  afterEach(async () => {
    const errors = [...opened.errors];
    await opened.close();
    expect(errors, "页面不应有控制台错误或未捕获异常").toEqual([]);
  });

  test("资金总览 shows the seed's 23,763万元 and 81.24%, computed from the records", async () => {
    // The demo data reproduces the seed; the UI must show what the server computes.
    expect(summary.total.allocatedFen).toBe(23_763 * 1_000_000);
    expect(summary.total.executionBp).toBe(8124);

    await page.goto("/funds");
    const matrix = page.locator(".matrix-table");
    const totalRow = matrix.locator(".ant-table-summary tr");
    await totalRow.waitFor();
    const total = (await totalRow.locator("td").allInnerTexts()).map((t) => t.trim());
    // 合计 | per source: 下达 支付 执行率 | 合计: 下达 支付 执行率
    expect(total[0]).toBe("合计");
    expect(total.slice(-3)).toEqual(["23,763.00", cellWan(summary.total.paidFen), "81.24%"]);
    const central = summary.sources.findIndex((s) => s.name === "中央补助");
    expect(total.slice(1 + central * 3, 4 + central * 3)).toEqual(["16,158.00", "16,158.00", "100%"]);

    // Every county row matches the API, source by source.
    const rows = await rowTexts(matrix.locator("tbody tr.ant-table-row"));
    expect(rows.map((r) => r[0])).toEqual(summary.counties.map((c) => c.name));
    for (const [i, county] of summary.counties.entries()) {
      const expected = [county.name];
      for (const src of summary.sources) {
        const cell = summary.cells.find((c) => c.countyId === county.id && c.sourceId === src.id)!;
        expected.push(cellWan(cell.allocatedFen), cellWan(cell.paidFen), formatBasisPoints(cell.executionBp));
      }
      const t = summary.byCounty.find((b) => b.countyId === county.id)!;
      expected.push(cellWan(t.allocatedFen), cellWan(t.paidFen), formatBasisPoints(t.executionBp));
      expect(rows[i]).toEqual(expected);
    }
    expect(await page.locator("main, .ant-layout-content").first().innerText()).toContain("截至2022年6月30日");
    expect(await page.locator("canvas").count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, "funds-overview");

    // 导出台账 hands over a real workbook for the same year and date.
    const [exported] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /导出台账/ }).click()]);
    expect(exported.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await exported.path());
    expect(workbook.worksheets.length).toBeGreaterThan(0);

    // The figures are not typed into the app: the built bundle does not contain them.
    const assets = path.join(ROOT, "web", "dist", "assets");
    for (const f of fs.readdirSync(assets).filter((n) => n.endsWith(".js"))) {
      const js = fs.readFileSync(path.join(assets, f), "utf8");
      expect(js.includes("81.24"), `${f} 不应写死 81.24`).toBe(false);
      expect(/23,?763/.test(js), `${f} 不应写死 23763`).toBe(false);
    }
  });

  test("首页 states the year at a glance and links the lowest-rate counties", async () => {
    await page.goto("/");
    const cards = page.locator(".ant-statistic");
    await cards.first().waitFor();
    const texts = (await cards.allInnerTexts()).map((t) => t.replace(/\s+/g, ""));
    expect(texts).toEqual([
      "下达资金23,763万元",
      `已支付${wan(summary.total.paidFen)}万元`,
      "预算执行率81.24%",
      `项目数${summary.counts.projects}个`,
      `支付笔数${summary.counts.payments.toLocaleString("zh-CN")}笔`,
    ]);
    const content = await page.locator(".ant-layout-content").first().innerText();
    expect(content).toContain("截至2022年6月30日");

    const lowest = [...summary.byCounty].sort((a, b) => a.executionBp! - b.executionBp!)[0];
    const lowestName = summary.counties.find((c) => c.id === lowest.countyId)!.name;
    const list = page.getByRole("list", { name: "预算执行率较低的县区" }).getByRole("listitem");
    expect(await list.count()).toBe(5);
    expect(await list.first().innerText()).toContain(lowestName);
    expect(await list.first().innerText()).toContain(formatBasisPoints(lowest.executionBp));
    // The header names the fund year and marks demo data.
    const header = await page.locator(".ant-layout-header").innerText();
    expect(header).toContain("示例数据");
    expect(await page.locator(".ant-layout-header .ant-select").innerText()).toContain("临沂市 · 老旧小区改造补助资金 · 2021年度");
    await screenshot(page, "home");

    await list.first().getByRole("link", { name: lowestName }).click();
    await page.waitForURL(new RegExp(`/funds/counties/${lowest.countyId}\\?fy=${fundYear.id}$`));
    await page.getByRole("heading", { name: `${lowestName}资金情况` }).waitFor();
  });

  test("drilling from a county to a project shows its payments, the later ones marked 评价日后", async () => {
    const hedong = summary.counties.find((c) => c.name === "河东区")!;
    const county = await api<CountyLedger>(`/api/funds/counties/${hedong.id}?fundYearId=${fundYear.id}`);

    await page.goto("/funds");
    await page.locator(".matrix-table").getByRole("link", { name: "河东区" }).click();
    await page.waitForURL(new RegExp(`/funds/counties/${hedong.id}\\?`));
    await page.getByRole("heading", { name: "河东区资金情况" }).waitFor();
    expect(await page.locator(".ant-breadcrumb").innerText()).toContain("资金总览");
    const countyText = await page.locator(".ant-layout-content").first().innerText();
    expect(countyText).toContain(`共 ${county.projects.length} 个项目`);
    expect(countyText).toContain(formatBasisPoints(county.total.executionBp));
    await screenshot(page, "county");

    await page.getByRole("searchbox", { name: "搜索项目" }).fill("法院");
    const projectRows = page.locator(".ant-card").filter({ hasText: "项目明细" }).locator("tbody tr.ant-table-row");
    await expectCount(projectRows, 1);
    await projectRows.getByRole("link", { name: "河东法院家属院改造项目" }).click();

    const target = county.projects.find((p) => p.name === "河东法院家属院改造项目")!;
    await page.waitForURL(new RegExp(`/funds/projects/${target.id}\\?`));
    await page.getByRole("heading", { name: "河东法院家属院改造项目" }).waitFor();
    const project = await api<ProjectLedger>(`/api/funds/projects/${target.id}`);
    expect(await page.locator(".ant-breadcrumb").innerText()).toMatch(/资金总览\s*\/\s*河东区\s*\/\s*河东法院家属院改造项目/);

    const payRows = page.locator(".ant-card").filter({ hasText: "资金支付（" }).locator("tbody tr.ant-table-row");
    await expectCount(payRows, project.payments.length);
    const after = project.payments.filter((p) => p.paidOn > project.asOf);
    expect(after.length, "示例项目应有评价日后的支付").toBeGreaterThan(0);
    for (const [i, pay] of project.payments.entries()) {
      const row = payRows.nth(i);
      const text = await row.innerText();
      expect(text).toContain(formatDateCn(pay.paidOn));
      expect(text).toContain(pay.voucherNo);
      expect(text).toContain(formatYuan(pay.amountFen)); // a voucher in 元, exact to the 分
      const isAfter = pay.paidOn > project.asOf;
      expect(text.includes("评价日后"), `${pay.voucherNo} 评价日后标记`).toBe(isAfter);
      expect(((await row.getAttribute("class")) ?? "").includes("row-after-as-of")).toBe(isAfter);
    }
    expect(await page.getByRole("img", { name: "累计支付与下达资金对比图" }).locator("canvas").count()).toBe(1);
    await screenshot(page, "project");

    await page.goBack();
    await page.getByRole("heading", { name: "河东区资金情况" }).waitFor();
  });

  test("the 评价日 lives in the URL: another date recomputes, 恢复评价日 and the back button return", async () => {
    const yearEnd = "2021-12-31";
    const atYearEnd = await api<FundsSummary>(`/api/funds/summary?fundYearId=${fundYear.id}&asOf=${yearEnd}`);
    expect(atYearEnd.total.executionBp).not.toBe(8124);

    await page.goto(`/funds?fy=${fundYear.id}&asOf=${yearEnd}`);
    const totalRow = page.locator(".matrix-table .ant-table-summary tr");
    await totalRow.waitFor();
    expect((await totalRow.innerText()).includes(formatBasisPoints(atYearEnd.total.executionBp))).toBe(true);
    expect(await page.locator(".ant-layout-content").first().innerText()).toContain("截至2021年12月31日");
    expect(await page.getByRole("textbox", { name: "评价日" }).inputValue()).toBe("2021年12月31日");

    await page.getByRole("button", { name: /恢复评价日/ }).click();
    await page.waitForURL(new RegExp(`/funds\\?fy=${fundYear.id}$`));
    await waitForText(totalRow, "81.24%");

    await page.goBack();
    await page.waitForURL(/asOf=2021-12-31/);
    await waitForText(totalRow, formatBasisPoints(atYearEnd.total.executionBp));
  });

  test("支付明细 filters on the server and states the filtered count and sum", async () => {
    await page.goto("/funds/payments");
    const total = page.getByTestId("list-total");
    await waitForText(total, `共 ${summary.counts.payments.toLocaleString("zh-CN")} 笔，合计 ${wan(summary.total.paidFen)} 万元`);
    const lanshan = summary.counties[0];
    await chooseOption(page, page.getByRole("combobox", { name: "县区" }), lanshan.name);
    await page.waitForURL(new RegExp(`countyId=${lanshan.id}`));
    const filtered = await api<{ total: number; sumFen: number }>(`/api/funds/payments?fundYearId=${fundYear.id}&countyId=${lanshan.id}&pageSize=1`);
    await waitForText(total, `共 ${filtered.total.toLocaleString("zh-CN")} 笔，合计 ${wan(filtered.sumFen)} 万元`);
    const rows = await rowTexts(page.locator(".ant-table-tbody tr.ant-table-row"));
    expect(rows.length).toBe(Math.min(20, filtered.total));
    expect(rows.every((r) => r.includes(lanshan.name))).toBe(true);
    await screenshot(page, "payments");

    await page.goto("/funds/allocations");
    await waitForText(page.getByTestId("list-total"), `共 ${summary.counts.allocations.toLocaleString("zh-CN")} 笔，合计 23,763 万元`);
    await screenshot(page, "allocations");
  });

  test("a shared link asks for the login first and opens after it; a wrong password is refused in Chinese", async () => {
    await reopenAs(undefined);
    await page.goto(`/funds/payments?fy=${fundYear.id}`);
    await page.getByRole("button", { name: "登录" }).waitFor();
    await screenshot(page, "login");
    await page.getByLabel("用户名", { exact: true }).fill("caizheng");
    await page.getByLabel("密码", { exact: true }).fill("not-the-password");
    await page.getByRole("button", { name: "登录" }).click();
    await waitForText(page.locator(".login-card"), "用户名或密码错误");

    await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("heading", { name: "支付明细" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/funds/payments");
    expect(await page.getByRole("button", { name: "当前用户" }).innerText()).toContain("市财政局绩效科");
    // The page's own requests first: on a loaded machine the logout would queue behind them.
    await page.locator(".ant-table-tbody tr.ant-table-row").first().waitFor({ timeout: 60_000 });

    // A click on a menu that is still sliding in can land on nothing when the machine is busy (as in
    // chooseOption): the condition is that the logout request went out; if it did not, close the menu and try again.
    for (let attempt = 1; ; attempt++) {
      await page.getByRole("button", { name: "当前用户" }).click();
      const sent = page.waitForRequest((r) => new URL(r.url()).pathname === "/api/auth/logout", { timeout: 10_000 }).catch(() => null);
      await page.getByRole("menuitem", { name: /退出登录/ }).click();
      const request = await sent;
      if (request) {
        expect((await request.response())?.status()).toBe(200);
        break;
      }
      expect(attempt, "退出登录 sends its request").toBeLessThan(3);
      await page.keyboard.press("Escape");
      await page.getByRole("menuitem", { name: /退出登录/ }).waitFor({ state: "hidden" });
    }
    await page.getByRole("button", { name: "登录" }).waitFor();
  });

  test("a 县区 user sees only their own county and may import payments but not allocations", async () => {
    const hedong = summary.counties.find((c) => c.name === "河东区")!;
    const lanshan = summary.counties.find((c) => c.name === "兰山区")!;
    await reopenAs(await apiSession(server.baseUrl, "hedong"));

    // 资金总览 is the county's against the city: its rate, the city's beside it, and its rank.
    await page.goto("/funds");
    const table = page.locator(`[aria-label="本县区与全市预算执行率对比表"]`);
    const total = table.locator(".ant-table-summary tr");
    await total.waitFor();
    const own = summary.byCounty.find((b) => b.countyId === hedong.id)!;
    const rank = 1 + summary.byCounty.filter((b) => b.executionBp !== null && b.executionBp > own.executionBp!).length;
    const totalText = await total.innerText();
    expect(totalText).toContain(formatBasisPoints(own.executionBp));
    expect(totalText).toContain(formatBasisPoints(summary.total.executionBp));
    expect(await page.locator(".matrix-table").count()).toBe(0);
    const content = page.locator(".ant-layout-content").first();
    await waitForText(content, `第 ${rank} / 12 名`);
    expect(await content.innerText()).toContain(`临沂市预算执行率`);
    await screenshot(page, "county-funds");
    // The home page is the county's too, with the same city figure and rank.
    await page.goto("/");
    await page.getByRole("heading", { name: /^河东区老旧小区改造补助资金/ }).waitFor();
    await waitForText(content, `第 ${rank} / 12 名`);
    expect(await content.innerText()).toContain(formatBasisPoints(summary.total.executionBp));

    await page.goto(`/funds/counties/${lanshan.id}`);
    await waitForText(page.locator(".ant-result"), "无权访问其他县区的数据");

    await page.goto("/imports");
    await page.getByRole("heading", { name: "数据导入" }).waitFor();
    const kinds = await page.locator(".ant-segmented-item").allInnerTexts();
    expect(kinds).toEqual(["资金支付"]);
    expect(await page.locator(".ant-layout-content").first().innerText()).toContain("仅限河东区的数据");
  });

  test("数据导入 dry-runs a bad file and names the row; a good file imports once, then changes nothing", async () => {
    await page.goto("/imports");
    await page.getByRole("heading", { name: "数据导入" }).waitFor();
    const content = page.locator(".ant-layout-content").first();
    expect(await content.innerText()).toContain("重复导入不会重复记账");

    // The template comes from the page's own download button.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /下载资金支付模板/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const templatePath = await download.path();
    const template = new ExcelJS.Workbook();
    await template.xlsx.readFile(templatePath);
    const sheet = template.getWorksheet("资金支付")!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const fill = (values: Record<string, string | number | Date>) => {
      sheet.getRow(2).values = headers.map((h) => values[h] ?? null);
    };
    const saveAs = async (name: string) => {
      const file = path.join(ROOT, ".tmp", name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await template.xlsx.writeFile(file);
      return file;
    };
    const upload = async (file: string) => {
      await page.locator('input[type="file"]').setInputFiles(file);
    };

    // An unknown county: the problem is named with its spreadsheet row.
    fill({ 县区: "不存在县", 项目编号: "371312-2021-001", 资金来源: "市级补助", "金额（元）": 1000, 支付日期: "2022-09-01", 凭证号: "E2E-0001" });
    await upload(await saveAs("e2e-bad-payments.xlsx"));
    const problems = page.locator(".problems-table tbody tr.ant-table-row");
    await problems.first().waitFor();
    const problemRows = await rowTexts(problems);
    expect(problemRows).toHaveLength(1);
    expect(problemRows[0][0]).toBe("2");
    expect(problemRows[0][1]).toBe("县区");
    expect(problemRows[0][2]).toContain("未知县区「不存在县」");
    expect(await content.innerText()).toContain("发现 1 处问题");
    expect(await page.getByRole("button", { name: /确认导入/ }).isDisabled()).toBe(true);
    await screenshot(page, "import-problems");

    // A good row, paid after the 评价日 so the seed's figures stay as they are.
    fill({ 县区: "河东区", 项目编号: "371312-2021-001", 资金来源: "市级补助", "金额（元）": 1000, 支付日期: "2022-09-01", 凭证号: "E2E-0001" });
    const good = await saveAs("e2e-good-payments.xlsx");
    await upload(good);
    await waitForText(content, "预检通过");
    expect(await page.locator(".problems-table").count()).toBe(0);
    const preview = await rowTexts(page.getByRole("table").last().locator("tbody tr.ant-table-row"));
    expect(preview).toHaveLength(1);
    expect(preview[0].join(" ")).toContain("E2E-0001");
    expect(preview[0].join(" ")).toContain("0.1"); // 1,000 元 = 0.1 万元
    await screenshot(page, "import-preview");

    await page.getByRole("button", { name: /确认导入/ }).click();
    await page.locator(".ant-popconfirm").getByRole("button", { name: /确认导入/ }).click();
    await waitForText(content, "导入成功");
    expect(await content.innerText()).toContain("已写入 1 行资金支付数据，合计 0.1 万元");
    await screenshot(page, "import-success");

    // Importing the same file again writes nothing.
    await page.getByRole("button", { name: "继续导入" }).click();
    await upload(good);
    await waitForText(content, "均已导入过");
    expect(await page.getByRole("button", { name: /确认导入/ }).isDisabled()).toBe(true);

    // The ledger shows the new payment after the 评价日; the seed's rate is unchanged.
    const after = await api<FundsSummary>(`/api/funds/summary?fundYearId=${fundYear.id}`);
    expect(after.total.executionBp).toBe(8124);
  });
});

async function expectCount(locator: ReturnType<Page["locator"]>, n: number) {
  const deadline = Date.now() + 15_000;
  let last = -1;
  while (Date.now() < deadline) {
    last = await locator.count();
    if (last === n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(last).toBe(n);
}

async function waitForText(locator: ReturnType<Page["locator"]>, text: string) {
  const deadline = Date.now() + 15_000;
  let last = "";
  while (Date.now() < deadline) {
    last = (await locator.count()) ? await locator.first().innerText() : "";
    if (last.includes(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(last).toContain(text);
}
