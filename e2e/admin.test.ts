/**
 * Accounts, audit and review in a real browser: the finance officer creates a county account, the
 * audit page shows it and verifies the chain, a county submits its payments and the city returns them.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { apiSession, browserAvailable, chooseOption, launchBrowser, openPage, screenshot, startServer, type RunningServer } from "./support";

describe.skipIf(!browserAvailable())("账户、审计与报送审核（浏览器）", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("opening the login page signed out logs nothing to the console, not even a 401", async () => {
    const { page, close } = await openPage(browser, server.baseUrl);
    // openPage lets 401s pass as answers; here every console error counts.
    const logged: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") logged.push(m.text());
    });
    const session = page.waitForResponse((r) => r.url().endsWith("/api/auth/session"));
    await page.goto("/");
    expect((await session).status()).toBe(200);
    expect(await (await session).json()).toEqual({ signedIn: false, expired: false });
    await page.getByText("用户登录").waitFor();
    await page.getByText("演示模式").waitFor();
    expect(logged).toEqual([]);
    await close();
  });

  test("the demo login page offers the demo accounts; a county account sees its own county only", async () => {
    const { page, errors, close } = await openPage(browser, server.baseUrl);
    await page.goto("/");
    await page.getByText("演示模式").waitFor();
    await page.getByLabel("选择演示账户").click();
    await page.getByText("县区 · 兰山区（lanshan）").click();
    await screenshot(page, "admin-login-demo");
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByText("兰山区住建局").first().waitFor();
    await page.goto("/funds");
    // A county's 资金总览 sets the county against the city, and names no other county.
    await page.getByText("兰山区与临沂市对比（按资金来源）").waitFor();
    await page.getByRole("table").first().waitFor();
    const shown = await page.locator("body").innerText();
    for (const other of ["罗庄区", "河东区", "沂南县"]) expect(shown).not.toContain(other);
    expect(errors).toEqual([]);
    await close();
  });

  test("after signing in, a user sees their previous login and the failed attempts since", async () => {
    await apiSession(server.baseUrl, "mengyin");
    const wrong = await fetch(`${server.baseUrl}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "mengyin", password: "Wrong#2026" }) });
    expect(wrong.status).toBe(401);
    const { page, errors, close } = await openPage(browser, server.baseUrl, await apiSession(server.baseUrl, "mengyin"));
    await page.goto("/");
    await page.getByText(/自上次登录（\d{4}-\d{2}-\d{2} \d{2}:\d{2}）以来，您的账户有 1 次登录失败/).waitFor();
    await page.getByRole("button", { name: "当前用户" }).click();
    await page.getByText(/上次登录：\d{4}-\d{2}-\d{2} \d{2}:\d{2}，127\.0\.0\.1/).waitFor();
    await screenshot(page, "previous-login");
    expect(errors).toEqual([]);
    await close();
  });

  test("财政 creates a county account; the audit trail shows it and its chain verifies", async () => {
    const finance = await apiSession(server.baseUrl, "caizheng");
    const { page, errors, close } = await openPage(browser, server.baseUrl, finance);
    await page.goto("/admin/users");
    await page.getByRole("button", { name: "新建账户" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("用户名").fill("lanling_cz");
    await dialog.getByLabel("姓名或单位").fill("兰陵县财政局");
    await chooseOption(page, dialog.getByLabel("所属区划"), "兰陵县");
    await dialog.getByLabel("初始密码").fill("weak");
    await dialog.getByRole("button", { name: "保存" }).click();
    await dialog.getByText("须包含大写字母、小写字母、数字、符号中的至少三类").waitFor();
    await dialog.getByLabel("初始密码").fill("Lanling#2026");
    await dialog.getByRole("button", { name: "保存" }).click();
    await page.getByText("已创建账户 lanling_cz").waitFor();
    const row = page.locator("tr", { hasText: "lanling_cz" });
    await expect.poll(() => row.innerText()).toContain("兰陵县");
    expect(await row.innerText()).toContain("未改初始密码");
    await screenshot(page, "admin-users");

    await page.goto("/admin/audit");
    await page.locator("tr", { hasText: "新建账户 lanling_cz（县区）" }).waitFor();
    await page.getByRole("button", { name: "校验哈希链" }).click();
    await page.getByText(/审计日志完好：共 \d+ 条记录/).waitFor();
    await screenshot(page, "admin-audit");
    expect(errors).toEqual([]);
    await close();
  });

  test("a county submits its payments; the city returns them with a reason the county can read", async () => {
    const county = await apiSession(server.baseUrl, "hedong");
    const c = await openPage(browser, server.baseUrl, county);
    await c.page.goto("/reviews");
    const mine = c.page.locator("tr", { hasText: "河东区" });
    await mine.getByRole("button", { name: "送审" }).click();
    await mine.getByText("已送审").waitFor();
    expect(await c.page.locator(".ant-table-tbody tr.ant-table-row").count()).toBe(1);
    await c.close();

    const housing = await apiSession(server.baseUrl, "zhujian");
    const h = await openPage(browser, server.baseUrl, housing);
    await h.page.goto("/reviews");
    const row = h.page.locator("tr", { hasText: "河东区" });
    await row.getByText("已送审").waitFor();
    await row.getByRole("button", { name: "退回" }).click();
    await h.page.getByPlaceholder("请写明原因").fill("三季度凭证附件不全，请补充后重新送审");
    await h.page.getByRole("button", { name: "确 定" }).or(h.page.getByRole("button", { name: "确定" })).click();
    await row.getByText("已退回").waitFor();
    await row.locator(".ant-table-row-expand-icon").click();
    await h.page.getByText(/退回（原因：三季度凭证附件不全/).waitFor();
    await screenshot(h.page, "admin-review");
    expect(h.errors).toEqual([]);
    await h.close();
  });

  test("a county sends a quarter's 双监控 report; its monitoring page then says it is locked and offers no editing", async () => {
    const county = await apiSession(server.baseUrl, "yinan");
    const { page, errors, close } = await openPage(browser, server.baseUrl, county);
    await page.goto("/reviews");
    await page.getByText("双监控进度", { exact: true }).click();
    // The period picker offers the fund year's reporting periods and opens on the 评价日's.
    const period = page.getByRole("combobox", { name: "监测期次" });
    await expect.poll(async () => (await period.locator("xpath=ancestor::div[contains(@class,'ant-select')][1]").innerText()).trim()).toBe("2022年第2季度");
    await chooseOption(page, period, "2021年第4季度");
    const mine = page.locator("tr", { hasText: "沂南县" });
    await mine.getByRole("button", { name: "送审" }).click();
    await mine.getByText("已送审").waitFor();
    await page.getByText("沂南县2021年第4季度双监控进度：已送审").waitFor();
    await screenshot(page, "review-monitoring");

    // The row links to the data under review.
    await mine.getByRole("link", { name: "查看进度" }).click();
    await page.waitForURL(/\/monitoring\/counties\/\d+\?.*period=2021-Q4/);
    await page.getByText("2021年第4季度进度已送审，已锁定").waitFor();
    expect(await page.getByRole("button", { name: /填报.*进度/ }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /说明原因/ }).count()).toBe(0);
    await screenshot(page, "monitoring-locked");
    // Another quarter is another report, still open.
    await chooseOption(page, page.getByRole("combobox", { name: "监测期次" }), "2022年第2季度");
    await page.getByRole("button", { name: "填报2022年第2季度进度" }).waitFor();
    expect(await page.getByText("已锁定").count()).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });
});
