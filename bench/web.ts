/**
 * The web app's delivery: which JavaScript the login page loads (raw, gzip and brotli, from the
 * build's precompressed files) and the time until the login form shows in headless Chromium.
 * Needs a build (npm run build). Goal (issue 15): ≤ 250 KB compressed JS for the login page.
 *   node --import tsx bench/web.ts [--runs 5]
 */
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { buildApp, DEFAULT_WEB_DIST } from "../server/app";
import { openDb } from "../db/open";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 5;
const dist = DEFAULT_WEB_DIST;
if (!fs.existsSync(path.join(dist, "index.html"))) {
  console.error("未找到 web/dist：请先运行 npm run build");
  process.exit(1);
}

const size = (file: string) => fs.statSync(file).size;
/** The build leaves files under 1 KB uncompressed: those are sent as they are. */
const sizeOr = (file: string, fallback: string) => (fs.existsSync(file) ? size(file) : size(fallback));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const database = await openDb({ dataDir: "memory" });
await database.migrate();
const app = await buildApp({ database, webDist: dist });
await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"] });
try {
  const times: number[] = [];
  let scripts = new Set<string>();
  for (let i = 0; i < runs; i++) {
    // A fresh context each time: an empty cache, as a first visit.
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = new Set<string>();
    page.on("response", (r) => {
      const url = new URL(r.url());
      if (url.pathname.endsWith(".js")) seen.add(url.pathname);
    });
    const start = performance.now();
    await page.goto(`${base}/`);
    await page.locator('input[type="password"]').waitFor({ state: "visible" });
    times.push(performance.now() - start);
    // What the login page loads after the form shows (a chunk asked for by the page later) counts too.
    await page.waitForLoadState("networkidle");
    scripts = seen;
    await context.close();
  }
  let raw = 0;
  let gz = 0;
  let br = 0;
  const rows = [...scripts].sort().map((p) => {
    const file = path.join(dist, p);
    const r = { file: p, raw: size(file), gzip: sizeOr(`${file}.gz`, file), brotli: sizeOr(`${file}.br`, file) };
    raw += r.raw;
    gz += r.gzip;
    br += r.brotli;
    return r;
  });
  times.sort((a, b) => a - b);
  console.log("登录页加载的脚本：");
  for (const r of rows) console.log(`  ${r.file}  原始 ${kb(r.raw)}  gzip ${kb(r.gzip)}  brotli ${kb(r.brotli)}`);
  console.log(`合计 ${rows.length} 个脚本：原始 ${kb(raw)}，gzip ${kb(gz)}，brotli ${kb(br)}（目标 ≤ 250 KB 压缩后）`);
  console.log(`到登录页的时间（${runs} 次，空缓存）：中位 ${times[Math.floor(times.length / 2)].toFixed(0)} ms，最快 ${times[0].toFixed(0)} ms，最慢 ${times[times.length - 1].toFixed(0)} ms`);
} finally {
  await browser.close();
  await app.close();
  await database.close();
}
