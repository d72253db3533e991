/**
 * The walk: every page of a role's menu, and one level below it, at 1280 × 800 (the narrowest width we
 * support), as a new user would click through. A page fails on
 * - a control a user cannot reach (a button, link or field cut off by the box that holds it, or off
 *   the screen to the side), on text cut short in a table cell or a field;
 * - a table wider than its card whose first (identifying) column is not fixed at the left (such tables
 *   scroll inside their card, so a control in a horizontally scrolling box counts as reachable);
 * - an English word a user would read, a raw value (undefined, NaN, null, [object Object], Invalid
 *   Date), an error page or a failure alert;
 * - anything it logs as an error.
 * Drawers a page opens for input (DRAWERS) are opened, checked the same way and closed again.
 * WALK_SCREENS=1 keeps a screenshot of each page that failed in .tmp/screens/walk-*.png, WALK_SCREENS=all
 * of every page, for a person to look at.
 *
 * The roles are split over a few test files (walk-*.test.ts) so that they run beside the other browser
 * tests; each file starts its own server.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { apiSession, browserAvailable, launchBrowser, menuLinks, openPage, screenshot, settled, startServer, trackApi, type RunningServer } from "./support";

const VIEWPORT = { width: 1280, height: 800 };

/** Latin a user rightly reads: file formats, units and the hash's name. Codes with digits are data. */
const ALLOWED_LATIN = ["SM3", "Excel", "Word", "xlsx", "xls", "docx", "doc", "pdf", "PDF", "csv", "txt", "jpg", "jpeg", "png", "webp", "zip", "OFD", "WPS", "API", "MB", "KB", "QR", "ID", "HTML"];

/** What no page may show: a value that was never turned into text for a person. */
const RAW_VALUES = ["undefined", "NaN", "[object Object]", "null", "Invalid Date"];

/**
 * Drawers the walk opens, by the button on a page that opens them, and the account whose walk must
 * find that button (so the check cannot pass by never opening the drawer).
 */
const DRAWERS = [{ button: /填报\d{4}年第\d季度进度/, mustOpen: "lanshan" }];

/**
 * Everything under `root` (the page's layout, or an open drawer) that a user cannot reach or read
 * whole, as "what: text". Runs in the page.
 */
function layoutProblems({ allowed, root: rootSelector }: { allowed: string[]; root: string }): string[] {
  const out: string[] = [];
  const name = (el: Element) => ((el as HTMLElement).innerText || (el as HTMLInputElement).value || el.getAttribute("aria-label") || el.getAttribute("placeholder") || el.tagName.toLowerCase()).replace(/\s+/g, " ").trim().slice(0, 40);
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    const s = getComputedStyle(el);
    return s.visibility !== "hidden" && s.display !== "none" && Number(s.opacity) > 0;
  };
  const scrollsX = (el: Element) => {
    const s = getComputedStyle(el);
    return (s.overflowX === "auto" || s.overflowX === "scroll") && el.scrollWidth > el.clientWidth + 1;
  };
  const clips = (el: Element) => getComputedStyle(el).overflowX !== "visible";
  const root = document.querySelector(rootSelector) ?? document.body;
  const controls = root.querySelectorAll("button, a[href], input:not([type=hidden]):not([type=radio]):not([type=checkbox]), textarea, .ant-select, [role=button], .ant-picker");
  for (const el of controls) {
    if (!visible(el) || el.closest(".ant-select-dropdown, .ant-tooltip, .ant-popover")) continue;
    // An antd Select's inner input is judged by its Select.
    if (el.tagName === "INPUT" && el.closest(".ant-select, .ant-picker")) continue;
    const r = el.getBoundingClientRect();
    let scroller = false;
    let box: Element | null = null;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (scrollsX(p)) {
        scroller = true;
        break;
      }
      if (!box && clips(p)) box = p;
    }
    if (scroller) continue;
    if (box) {
      const b = box.getBoundingClientRect();
      if (r.left < b.left - 1 || r.right > b.right + 1) out.push(`被截断的控件：${name(el)}`);
    }
    if (r.left < -1 || r.right > innerWidth + 1) out.push(`超出屏幕的控件：${name(el)}`);
  }
  // Text cut short: an ellipsis cell or a field whose value is wider than the field.
  for (const el of root.querySelectorAll(".ant-table-cell-ellipsis, .ant-picker-input > input")) {
    if (!visible(el)) continue;
    if (el.scrollWidth > el.clientWidth + 1) out.push(`显示不全的文字：${name(el)}`);
  }
  // A table wider than its box scrolls inside it with its first column fixed at the left (antd 6 marks
  // a fixed cell ant-table-cell-fix-start; -fix-left is the older name).
  for (const wrapper of root.querySelectorAll(".ant-table-wrapper")) {
    const body = wrapper.querySelector(".ant-table-content, .ant-table-body");
    if (!body || !visible(body) || body.scrollWidth <= body.clientWidth + 1) continue;
    const label = wrapper.querySelector("table[aria-label]")?.getAttribute("aria-label") ?? `首列为“${name(wrapper.querySelector("thead th") ?? wrapper)}”`;
    if (!clips(body)) out.push(`超出所在区域的表格：${label}`);
    else if (!wrapper.querySelector("thead th")?.matches(".ant-table-cell-fix-start, .ant-table-cell-fix-left")) out.push(`横向滚动但首列未固定的表格：${label}`);
  }
  // English a user reads: visible text nodes, words of three letters or more without digits.
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const seen = new Set<string>();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentElement;
    if (!parent || parent.closest("script, style, code, .ant-select-dropdown") || !visible(parent)) continue;
    for (const w of n.textContent?.match(/[A-Za-z][A-Za-z0-9_.-]*/g) ?? []) {
      if (w.length < 3 || /\d/.test(w) || allowed.includes(w) || /^[a-z][a-z0-9_.-]*$/.test(w) || seen.has(w)) continue;
      seen.add(w);
      out.push(`英文：${w}`);
    }
  }
  return [...new Set(out)];
}

/** What the page's content says that a user should never read: raw values, error pages, failure alerts. */
async function contentProblems(page: Page): Promise<string[]> {
  const out: string[] = [];
  const text = await page.locator("body").innerText();
  for (const bad of RAW_VALUES) if (text.includes(bad)) out.push(`显示了 ${bad}`);
  const result = page.locator(".ant-layout-content .ant-result-error, .ant-layout-content .ant-result-403, .ant-layout-content .ant-result-404");
  if (await result.count()) out.push(`显示错误页：${(await result.first().innerText()).replace(/\s+/g, " ")}`);
  // Red alerts also carry red warnings by design; a failure reads as one.
  const failure = page.locator(".ant-layout-content .ant-alert-error").filter({ hasText: /失败|出错|错误|无法/ });
  if (await failure.count()) out.push(`显示错误提示：${(await failure.first().innerText()).replace(/\s+/g, " ")}`);
  return out;
}

/** The tests of a walk through each of `roles` (account name, role), one test per role, on one server. */
export function describeWalk(roles: readonly (readonly [string, string])[]): void {
  describe.skipIf(!browserAvailable())("每个角色的每个页面在 1280 × 800 下完整可用（浏览器）", () => {
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

    for (const [username, role] of roles) {
      test(`${role} (${username}): every page renders whole, in Chinese, without errors`, async () => {
        const { page, errors, close } = await openPage(browser, server.baseUrl, await apiSession(server.baseUrl, username), VIEWPORT);
        trackApi(page);
        await page.goto("/");
        const links = await menuLinks(page);
        expect(links.length, "the menu offers pages").toBeGreaterThan(0);
        const problems: string[] = [];
        const opened: string[] = [];
        const visited = new Set<string>();
        const walk = async (href: string, label: string) => {
          visited.add(href.split("?")[0]);
          const before = errors.length;
          await page.goto(href);
          await settled(page);
          const found = await page.evaluate(layoutProblems, { allowed: ALLOWED_LATIN, root: ".ant-layout" });
          found.push(...(await contentProblems(page)), ...errors.slice(before));
          for (const f of found) problems.push(`${role} ${username} ${label}（${href}）${f}`);
          if (process.env.WALK_SCREENS === "all" || (found.length && process.env.WALK_SCREENS)) await shot(page, username, href);
          for (const { button } of DRAWERS) {
            const opener = page.locator(".ant-layout-content").getByRole("button", { name: button });
            if (!(await opener.count())) continue;
            const title = (await opener.first().innerText()).trim();
            const drawerErrors = errors.length;
            const drawer = await openDrawer(page, opener.first());
            const inDrawer = await page.evaluate(layoutProblems, { allowed: ALLOWED_LATIN, root: ".ant-drawer-open .ant-drawer-section" });
            inDrawer.push(...errors.slice(drawerErrors));
            for (const f of inDrawer) problems.push(`${role} ${username} ${label}（${href}）→ ${title} ${f}`);
            if (inDrawer.length && process.env.WALK_SCREENS) await shot(page, username, `${href}-drawer`);
            await drawer.getByRole("button", { name: "取消" }).click();
            await drawer.waitFor({ state: "detached" });
            opened.push(title);
          }
        };
        const shape = (h: string) => h.split("?")[0].replace(/\d+/g, ":id");
        for (const { href, label } of links) {
          await walk(href, label);
          // One level down, as a user drilling in would: the first record of this page's own (a county's
          // 双监控, a project: a link below this page's path), and the first link to a page of another
          // kind not seen yet (a county, a task, a sheet).
          const below = await page
            .locator(".ant-layout-content a[href^='/']")
            .evaluateAll((as) => as.map((a) => ({ href: (a as HTMLAnchorElement).pathname + (a as HTMLAnchorElement).search, label: (a.textContent ?? "").trim() })));
          const base = href.split("?")[0];
          const own = below.find((d) => base !== "/" && d.href.split("?")[0].startsWith(`${base}/`) && /\d/.test(d.href.split("?")[0]));
          const other = below.find((d) => !links.some((l) => shape(l.href) === shape(d.href)) && ![...visited].some((v) => shape(v) === shape(d.href)));
          for (const next of [own, other]) if (next && !visited.has(next.href.split("?")[0])) await walk(next.href, `${label} → ${next.label}`);
        }
        for (const { button, mustOpen } of DRAWERS) if (mustOpen === username) expect(opened.some((t) => button.test(t)), `${username} opens the drawer of ${button}`).toBe(true);
        expect(problems.join("\n"), "problems").toBe("");
        await close();
        // A role walks up to forty pages (and a drawer) one after another: minutes on a loaded 2-core machine.
      }, 420_000);
    }
  });
}

/** Clicks `opener` and waits until its drawer has slid in (antd removes the motion classes at the end). */
async function openDrawer(page: Page, opener: Locator): Promise<Locator> {
  await opener.click();
  const drawer = page.locator(".ant-drawer-open .ant-drawer-section");
  await drawer.waitFor();
  await page.waitForFunction(() => {
    const w = document.querySelector(".ant-drawer-open .ant-drawer-content-wrapper");
    return !!w && !/motion/.test(w.className);
  });
  await settled(page);
  return drawer;
}

const shot = (page: Page, username: string, href: string) => screenshot(page, `walk-${username}-${href.split("?")[0].replace(/\W+/g, "-").replace(/^-|-$/g, "") || "home"}`);
