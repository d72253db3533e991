/**
 * A tour of every page each role's menu offers, as a new user would click through it: every page
 * renders with data, in Chinese, with no error shown or logged, and no raw value (undefined, NaN,
 * null, [object Object]) on screen. Outside CI a screenshot of each lands in .tmp/screens/tour-*.png.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { apiSession, browserAvailable, launchBrowser, menuLinks, openPage, screenshot, settled, startServer, trackApi, type RunningServer } from "./support";

const ROLES = [
  ["caizheng", "财政"],
  ["zhujian", "住建"],
  ["pingyi", "县区"],
  ["pingjia", "评价机构"],
  ["zhuanying", "专营单位"],
  ["shenji", "审计"],
  ["admin", "系统管理员"],
] as const;

/**
 * Latin words a Chinese user may rightly read: user names and codes in the data, units and formats
 * by their usual names. Anything else in Latin letters on a page is untranslated text.
 */
const ALLOWED_LATIN = new Set(["SM3", "Excel", "Word", "xlsx", "docx", "pdf", "PDF", "txt", "HTML", "html", "jpg", "png", "webp", "doc", "xls", "csv", "WPS", "OFD", "QR", "ID", "MB", "KB"]);
const USERNAME = /^[a-z][a-z0-9_]*$/;

function strayLatin(text: string): string[] {
  const words = text.match(/[A-Za-z][A-Za-z0-9_]{2,}/g) ?? [];
  // Words with digits are codes of the data (vouchers, project numbers, hashes).
  return [...new Set(words)].filter((w) => !ALLOWED_LATIN.has(w) && !USERNAME.test(w) && !/\d/.test(w));
}

describe.skipIf(!browserAvailable())("每个角色的每个页面（浏览器）", () => {
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

  for (const [username, role] of ROLES) {
    test(`${role} (${username}): every page of the menu renders in Chinese without errors`, async () => {
      const session = await apiSession(server.baseUrl, username);
      const { page, errors, close } = await openPage(browser, server.baseUrl, session);
      trackApi(page);
      await page.goto("/");
      const links = await menuLinks(page);
      expect(links.length, "the menu offers pages").toBeGreaterThan(0);
      const problems: string[] = [];
      const visited = new Set<string>();
      const visit = async (href: string, label: string) => {
        visited.add(href.split("?")[0]);
        await page.goto(href);
        await settled(page);
        const text = await page.locator("body").innerText();
        const where = `${label}（${href}）`;
        for (const bad of ["undefined", "NaN", "[object Object]", "null", "Invalid Date"]) if (text.includes(bad)) problems.push(`${where} 显示了 ${bad}`);
        if (await page.locator(".ant-layout-content .ant-result-error, .ant-layout-content .ant-result-403, .ant-layout-content .ant-result-404").count()) {
          problems.push(`${where} 显示错误页：${(await page.locator(".ant-result").first().innerText()).replace(/\s+/g, " ")}`);
        }
        // Red alerts also carry red warnings by design; a failure reads as one.
        const failure = page.locator(".ant-layout-content .ant-alert-error").filter({ hasText: /失败|出错|错误|无法/ });
        if (await failure.count()) problems.push(`${where} 显示错误提示：${(await failure.first().innerText()).replace(/\s+/g, " ")}`);
        const latin = strayLatin(text);
        if (latin.length) problems.push(`${where} 有未翻译的文字：${latin.join(", ")}`);
        // Seventy full-page screenshots are for a person to look at; CI has no one to look.
        if (!process.env.CI) await screenshot(page, `tour-${username}-${href.split("?")[0].replace(/\W+/g, "-").replace(/^-|-$/g, "") || "home"}`);
      };
      for (const { href, label } of links) {
        await visit(href, label);
        // One step deeper: the first link in the page's content that leads to a page of another kind
        // (a county, a project, a task, a sheet), as a user drilling down would.
        const deeper = await page
          .locator(".ant-layout-content a[href^='/']")
          .evaluateAll((as) => as.map((a) => ({ href: (a as HTMLAnchorElement).pathname + (a as HTMLAnchorElement).search, label: (a.textContent ?? "").trim() })));
        const shape = (h: string) => h.split("?")[0].replace(/\d+/g, ":id");
        const next = deeper.find((d) => !links.some((l) => shape(l.href) === shape(d.href)) && ![...visited].some((v) => shape(v) === shape(d.href)));
        if (next) await visit(next.href, `${label} → ${next.label}`);
      }
      expect(problems).toEqual([]);
      expect(errors).toEqual([]);
      await close();
    });
  }
});
