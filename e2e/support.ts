/**
 * Browser-test fixtures: the real server as a child process on a fresh data folder (which loads the
 * demo city on first start), and Debian's chromium driven by playwright-core.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { SESSION_COOKIE } from "../contracts/auth";
import { DEMO_PASSWORD } from "../db/demo/users";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENS = path.join(ROOT, ".tmp", "screens");

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Whether the browser tests can run here. Without chromium they fail on CI (a missing browser must
 * not pass silently there) and are skipped with a warning on a developer's machine.
 */
export function browserAvailable(): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`浏览器测试需要 chromium：${CHROMIUM} 不存在（CI 环境不允许跳过）`);
  console.warn(`⚠ 跳过浏览器测试：未找到 ${CHROMIUM}（可用 CHROMIUM_PATH 指定）`);
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** Everything the server printed, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

export interface StartOptions {
  /** Extra environment, e.g. WENXIAO_DEMO=0 for an installation without the demo city. */
  env?: Record<string, string>;
  /** Reuse this data folder (a restart) and keep it on stop; by default a fresh one is made and removed. */
  dataDir?: string;
}

/** Starts `node --import tsx server/main.ts` on a free port and a fresh data folder; waits for /api/health. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  if (!fs.existsSync(path.join(ROOT, "web", "dist", "index.html"))) {
    throw new Error("web/dist 不存在：请先运行 npm run build（npm test 与 npm run test:e2e 会自动构建）");
  }
  const port = await freePort();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "wenxiao-e2e-"));
  let log = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", WENXIAO_DATA_DIR: dataDir, LOG_LEVEL: "warn", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (log += d.toString()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`服务器启动失败（退出码 ${child.exitCode}）：\n${log}`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return { baseUrl, dataDir, output: () => log, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`服务器未在规定时间内就绪：\n${log}`);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A signed-in API session (a demo account) for reading what the page should show. */
export interface ApiSession {
  /** The session cookie's value, to sign a browser context in without the form. */
  token: string;
  get: <T>(path: string) => Promise<T>;
}

export async function apiSession(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`登录 ${username} 失败：HTTP ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error("登录应答没有会话 Cookie");
  const token = cookie.slice(SESSION_COOKIE.length + 1).split(";")[0];
  return {
    token,
    get: async <T>(path: string) => {
      const r = await fetch(baseUrl + path, { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
      if (!r.ok) throw new Error(`${path} → HTTP ${r.status}: ${await r.text()}`);
      return (await r.json()) as T;
    },
  };
}

/** The links of the side menu, every group opened. */
export async function menuLinks(page: Page): Promise<{ href: string; label: string }[]> {
  const menu = page.locator(".ant-layout-sider .ant-menu-root");
  await menu.waitFor();
  // Open every group so its items are links in the page.
  for (const group of await menu.locator(".ant-menu-submenu:not(.ant-menu-submenu-open) > .ant-menu-submenu-title").all()) await group.click();
  return menu.locator("a[href]").evaluateAll((as) => as.map((a) => ({ href: (a as HTMLAnchorElement).pathname, label: (a.textContent ?? "").trim() })));
}

/**
 * Counts the page's API requests in flight, so a test can wait until the answers are in instead of
 * waiting for half a second of network silence after every page (Playwright's networkidle).
 */
export function trackApi(page: Page) {
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  const isApi = (url: string) => new URL(url).pathname.startsWith("/api/");
  const done = (url: string) => {
    if (!isApi(url)) return;
    inFlight -= 1;
    if (inFlight === 0) {
      for (const w of waiters) w();
      waiters = [];
    }
  };
  page.on("request", (r) => (isApi(r.url()) ? (inFlight += 1) : undefined));
  page.on("requestfinished", (r) => done(r.url()));
  page.on("requestfailed", (r) => done(r.url()));
  const tracker = {
    get inFlight() {
      return inFlight;
    },
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
  trackers.set(page, tracker);
  return tracker;
}
const trackers = new WeakMap<Page, ReturnType<typeof trackApi>>();

/** Two animation frames: React has committed and run its effects, so any request they start has started. */
const nextFrames = (page: Page) => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

/**
 * Waits until no API request is in flight, no spinner or skeleton is left and the page has a heading,
 * all at once: a lazily loaded page starts its requests only once its code has arrived, and a page
 * that leaves its skeleton on the first answer may still be waiting for a second.
 */
export async function settled(page: Page) {
  const api = trackers.get(page) ?? trackApi(page);
  for (let round = 0; round < 50; round++) {
    await api.idle();
    await nextFrames(page);
    if (api.inFlight > 0) continue;
    await page
      .locator(".page-title")
      .first()
      .waitFor()
      .catch(() => {
        throw new Error(`${page.url()} 没有页面标题`);
      });
    await page
      .waitForFunction(() => document.querySelectorAll(".ant-layout-content .ant-skeleton, .ant-layout-content .ant-spin-spinning").length === 0, undefined, { timeout: 10_000 })
      .catch(() => {
        throw new Error(`${page.url()} 仍在加载`);
      });
    await nextFrames(page);
    if (api.inFlight === 0) return;
  }
  throw new Error(`${page.url()} 的请求始终未停`);
}

export interface OpenedPage {
  page: Page;
  /** Errors the page logged or threw; a test asserts there are none. */
  errors: string[];
  close: () => Promise<void>;
}

/**
 * A fresh context and page at 1440×900 (or `viewport`) in zh-CN, collecting console errors and uncaught exceptions;
 * signed in with `session` when given (its cookie), else at the login form.
 */
export async function openPage(browser: Browser, baseUrl: string, session?: ApiSession, viewport = { width: 1440, height: 900 }): Promise<OpenedPage> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    acceptDownloads: true,
  });
  if (session) {
    await context.addCookies([{ name: SESSION_COOKIE, value: session.token, url: baseUrl, httpOnly: true, sameSite: "Strict" }]);
  }
  const page = await context.newPage();
  // A wait is for a condition; the bound only says when to give up (a loaded 2-core machine can take
  // half a minute to answer a report edit while the rest of the suite runs).
  page.setDefaultTimeout(45_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    // The browser logs every 4xx answer; 401 (signed out), 403 (not allowed) and 422 (file refused) are
    // answers the page shows to the user, not faults of the page.
    if (m.type() === "error" && !/status of (401|403|422)\b/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return { page, errors, close: () => context.close() };
}

/** Full-page screenshot to .tmp/screens/<name>.png, once the page has settled. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENS, { recursive: true });
  const file = path.join(SCREENS, `${name}.png`);
  await page.waitForLoadState("networkidle");
  // ECharts animates its first draw.
  await page.waitForTimeout(800);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Picks `label` in the antd Select whose input is `input`, and checks that it took. A click on an
 * option that is still sliding in can land on nothing when the machine is busy, so it tries again.
 */
export async function chooseOption(page: Page, input: Locator, label: string): Promise<void> {
  const select = input.locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' ant-select ')][1]");
  for (let attempt = 1; ; attempt++) {
    await input.click();
    const option = page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: label });
    await option.first().click();
    try {
      await expectText(select, label, 3_000);
      return;
    } catch (e) {
      if (attempt >= 3) throw new Error(`下拉框未能选中“${label}”：${e instanceof Error ? e.message : String(e)}`);
      await page.keyboard.press("Escape");
    }
  }
}

async function expectText(locator: Locator, text: string, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await locator.innerText()).includes(text)) {
    if (Date.now() > deadline) throw new Error(`等待 ${timeout} ms 仍未出现“${text}”`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
