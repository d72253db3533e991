/**
 * A bureau that is not 临沂 starts Wenxiao without the demo (WENXIAO_DEMO=0): the setup page with the
 * code the server printed, the first login, the getting-started page, its city from the national
 * list, and — once a fund year exists — the empty 首页 of the new city that says what to do next.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CSRF_HEADER, SESSION_COOKIE } from "../contracts/auth";
import { browserAvailable, chooseOption, launchBrowser, openPage, screenshot, startServer, type RunningServer } from "./support";

const ADMIN_PASSWORD = "Zhoushan#2022a";

/** Waits until the server has printed its setup code (it does so once it listens). */
async function setupCode(server: RunningServer): Promise<string> {
  for (;;) {
    const m = /设置码 ([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(server.output());
    if (m) return m[1];
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A signed-in API client for the steps the test does not click through. */
async function api(baseUrl: string, username: string, password: string) {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`登录 ${username} 失败：${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.split(";")[0];
  const csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  return async <T,>(method: string, p: string, body?: unknown): Promise<T> => {
    const r = await fetch(baseUrl + p, { method, headers: { cookie, [CSRF_HEADER]: csrf, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!r.ok) throw new Error(`${method} ${p} → ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
}

describe.skipIf(!browserAvailable())("首次使用：非示例城市（浏览器）", () => {
  let server: RunningServer;
  let browser: Browser;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wenxiao-e2e-first-"));

  beforeAll(async () => {
    server = await startServer({ env: { WENXIAO_DEMO: "0" }, dataDir });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("from the setup page to the first login, the city's regions, and its empty 首页", async () => {
    const code = await setupCode(server);
    const { page, errors, close } = await openPage(browser, server.baseUrl);

    // The login page points to the setup page while no account exists.
    await page.goto("/");
    await page.getByText("系统尚无账户").waitFor();
    await page.goto("/setup");
    await page.getByLabel("设置码").fill(code.toLowerCase());
    await page.getByLabel("用户名").fill("admin");
    await page.getByLabel("姓名").fill("舟山市财政局信息中心");
    await page.getByLabel("密码", { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByLabel("确认密码").fill(ADMIN_PASSWORD);
    await screenshot(page, "first-run-setup");
    await page.getByRole("button", { name: "创建系统管理员" }).click();

    // The first login: the account chose its password, nothing to change.
    await page.getByRole("button", { name: "登录" }).waitFor();
    await page.getByLabel("密码", { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByText("开始使用问效").waitFor();
    await page.getByText("建立行政区划").waitFor();
    await screenshot(page, "first-run-getting-started");

    // The city with its four counties, from the national list.
    await page.getByRole("link", { name: "添加区划" }).click();
    await page.getByRole("button", { name: "从全国区划添加" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.locator("input").first().fill("舟山");
    await chooseOption(page, dialog.locator("input").first(), "舟山市");
    await dialog.getByRole("button", { name: "添加" }).click();
    await page.getByRole("cell", { name: "嵊泗县" }).waitFor();
    await screenshot(page, "first-run-regions");
    expect(await page.getByRole("cell", { name: "定海区" }).count()).toBe(1);

    // The rest through the API: a source, the fund year, the bureau's finance account.
    const admin = await api(server.baseUrl, "admin", ADMIN_PASSWORD);
    const regions = await admin<{ id: number; name: string }[]>("GET", "/api/regions");
    const zhoushan = regions.find((r) => r.name === "舟山市")!;
    await admin("POST", "/api/users", { username: "zs_caizheng", displayName: "舟山市财政局绩效科", role: "finance", regionId: zhoushan.id, password: "Initial#2022x" });
    // A new account sets its own password before anything else.
    await (await api(server.baseUrl, "zs_caizheng", "Initial#2022x"))("POST", "/api/auth/password", { currentPassword: "Initial#2022x", newPassword: "Caizheng#2022y" });
    const finance = await api(server.baseUrl, "zs_caizheng", "Caizheng#2022y");
    await finance("POST", "/api/funding-sources", { name: "中央补助", category: "fiscal" });
    const [programme] = await finance<{ id: number; name: string }[]>("GET", "/api/programmes");
    expect(programme.name).toBe("老旧小区改造补助资金");
    await finance("POST", "/api/fund-years", { programmeId: programme.id, regionId: zhoushan.id, year: 2022, evaluationDate: "2023-06-30" });

    // The finance officer signs in: the city's 首页, empty and saying what to do.
    await page.getByRole("button", { name: "当前用户" }).click();
    await page.getByText("退出登录").click();
    await page.getByLabel("用户名").fill("zs_caizheng");
    await page.getByLabel("密码", { exact: true }).fill("Caizheng#2022y");
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("button", { name: "当前用户" }).waitFor();
    await page.getByRole("link", { name: "首页", exact: true }).click();
    await page.getByText("舟山市老旧小区改造补助资金 2022年度").waitFor();
    await page.getByText("尚无下达资金记录").waitFor();
    await screenshot(page, "first-run-empty-home");
    const body = await page.locator("body").innerText();
    expect(body).not.toContain("临沂");
    expect(body).not.toContain("示例数据");
    expect(errors).toEqual([]);
    await close();
  });
});
