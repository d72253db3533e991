/**
 * Hostile parameters on every GET route: ids past PostgreSQL's integer (2^31 − 1) and impossible
 * dates answer a clear 4xx, never a 500. Routes come from the app itself (as in the access matrix), so a
 * new route is probed the moment it is registered.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Client, type TestApp } from "../test/app";
import { engine } from "../test/db";

/** One past the largest integer id, and one past 2^32 too. */
const BAD_IDS = ["2147483648", "99999999999"];
const BAD_DATE = "2022-02-30";
/** Path parameters that are not ids, with a value the route knows (see server/access-matrix.test.ts). */
const TEXT_PARAMS: Record<string, string> = { key: "ch1.budget", code: "process.org.rules" };
/** Every id or page a query string carries, and every date. Unknown ones are ignored by the schemas. */
const ID_QUERY = ["fundYearId", "countyId", "projectId", "sourceId", "taskId", "version", "page"];
const DATE_QUERY = ["asOf", "from", "to"];
/** Required elsewhere, so that a route gets as far as its ids and dates. */
const REQUIRED = "kind=payments";

let t: TestApp;
let finance: Client;
beforeAll(async () => {
  t = await createTestApp();
  finance = await t.as("caizheng");
});
afterAll(() => t.close());

const pathWith = (url: string, id: string) => url.replace(/:(\w+)/g, (_, name: string) => TEXT_PARAMS[name] ?? id);

describe(`hostile parameters (${engine})`, () => {
  it("no GET route answers 5xx to an id above 2^31 − 1 or an impossible date", async () => {
    const routes = t.app.accessRules.filter((r) => r.method === "GET");
    expect(routes.length).toBeGreaterThan(30);
    const failures: string[] = [];
    const probe = async (url: string, expectRefused: boolean) => {
      const r = await finance.inject(url);
      if (r.statusCode >= 500) failures.push(`${url} → ${r.statusCode} ${r.body.slice(0, 200)}`);
      else if (expectRefused && r.statusCode === 200) failures.push(`${url} → 200（应拒绝）`);
    };
    for (const rule of routes) {
      const hasIdParam = /:(?!key\b|code\b)\w+/.test(rule.url);
      for (const bad of BAD_IDS) {
        // In the path …
        await probe(`${pathWith(rule.url, bad)}?fundYearId=1&${REQUIRED}`, hasIdParam);
        // … and in the query string.
        await probe(`${pathWith(rule.url, "1")}?${ID_QUERY.map((k) => `${k}=${bad}`).join("&")}&${REQUIRED}`, false);
      }
      await probe(`${pathWith(rule.url, "1")}?fundYearId=1&${DATE_QUERY.map((k) => `${k}=${BAD_DATE}`).join("&")}&${REQUIRED}`, false);
    }
    expect(failures).toEqual([]);
  });

  it("an id out of range is a 400 that says what is wrong", async () => {
    const r = await finance.inject("/api/funds/summary?fundYearId=2147483648");
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.message).toContain("编号应为 1 至 2147483647 之间的整数");
    expect((await finance.inject("/api/projects/99999999999")).statusCode).toBe(400);
    // 2^31 − 1 itself is a valid id that does not exist.
    expect((await finance.inject("/api/projects/2147483647")).statusCode).toBe(404);
  });

  it("an impossible date is a 400 with a Chinese message, in a query and in a body", async () => {
    const q = await finance.inject(`/api/funds/summary?fundYearId=1&asOf=${BAD_DATE}`);
    expect(q.statusCode).toBe(400);
    expect(JSON.parse(q.body).error.message).toContain("日期 2022-02-30 不存在，请检查年、月、日");
    expect((await finance.inject("/api/funds/summary?fundYearId=1&asOf=2024-02-29")).statusCode).toBe(200);
    const b = await finance.inject({ method: "POST", url: "/api/fund-years/1/next", payload: { evaluationDate: "2023-02-29" } });
    expect(b.statusCode).toBe(400);
    expect(JSON.parse(b.body).error.message).toContain("日期 2023-02-29 不存在");
  });

  it("a refused body names its fields in Chinese or not at all, never by their identifiers", async () => {
    const zhujian = await t.as("zhujian");
    const bodies = [
      { method: "PUT" as const, url: "/api/monitoring/payment-schedule", payload: { fundYearId: 1, steps: "全部" } },
      { method: "PUT" as const, url: "/api/monitoring/payment-schedule", payload: { fundYearId: 1, steps: [{ stage: "completion", shareBp: "五成", termDays: 1 }] } },
      { method: "PUT" as const, url: "/api/monitoring/indicators/1", payload: { windowFrom: "2022-01-01", windowTo: "2022-12-31", yellowGapBp: 1000, redGapBp: 2000, paymentSchedule: 3 } },
    ];
    for (const b of bodies) {
      const r = await zhujian.inject(b);
      expect(r.statusCode, b.url).toBe(400);
      const { message } = JSON.parse(r.body).error as { message: string };
      expect(message, message).toMatch(/^请求参数有误：/);
      expect(message.match(/[A-Za-z]{3,}/g), message).toBeNull();
    }
    // A nested field is named by its own name.
    const r = await zhujian.inject(bodies[1]);
    expect(JSON.parse(r.body).error.message).toContain("应付比例：应为数字，收到的是文字");
  });

  it("a body id out of range is a 400, not a database error", async () => {
    const r = await finance.inject({ method: "POST", url: "/api/reviews/actions", payload: { fundYearId: 1, countyId: 2147483648, kind: "payments", action: "approve" } });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.code).toBe("VALIDATION_FAILED");
  });
});

describe(`malformed paths the router refuses before any route (${engine})`, () => {
  it("answers bad percent-encoding and an over-long parameter in Chinese", async () => {
    const bad = await finance.inject("/api/projects/%ZZ");
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error).toEqual({ code: "VALIDATION_FAILED", message: "请求路径无效（含有无法识别的字符编码），请检查链接" });
    const long = await finance.inject(`/api/projects/${"9".repeat(150)}`);
    expect(long.statusCode).toBe(414);
    expect(JSON.parse(long.body).error.message).toBe("请求路径中的参数过长，请检查链接");
  });
});
