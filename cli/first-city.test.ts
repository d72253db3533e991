/**
 * A finance bureau that is not 临沂 adopts Wenxiao: from an empty database to the first funds summary
 * of 舟山市 (four counties), with only the command line and HTTP — what the README tells it to do.
 */
import { describe, expect, it } from "vitest";
import { cliHarness } from "../test/cli";
import { openDb } from "../db/open";
import { buildApp } from "../server/app";
import { CSRF_HEADER, SESSION_COOKIE } from "../contracts/auth";
import { makeXlsx, multipart } from "../test/xlsx";
import type { FundsSummary, FundYear } from "../contracts/funds";

const cli = cliHarness("wenxiao-first-city-", { timeout: 180_000 });
const ADMIN_PASSWORD = "Zhoushan#2022a";

describe("a new city from an empty database", () => {
  // About ten command-line processes (~5 s each to start, more on a busy machine) and an app.
  it("creates its administrator, loads its city from the national list, opens its year, imports allocations and reads its summary", { timeout: 400_000 }, async () => {
    const run = (args: string[], env: Record<string, string> = {}) => cli.wenxiao(args, { WENXIAO_DEMO: "0", ...env });

    // The first administrator: only while no account exists.
    const weak = await run(["admin", "create", "admin"], { WENXIAO_ADMIN_PASSWORD: "123" });
    expect(weak.code).not.toBe(0);
    expect(weak.err).toContain("长度至少 8 位");
    const admin = await run(["admin", "create", "admin", "--name", "舟山市财政局系统管理员"], { WENXIAO_ADMIN_PASSWORD: ADMIN_PASSWORD });
    expect(admin.code, admin.err).toBe(0);
    const again = await run(["admin", "create", "admin2"], { WENXIAO_ADMIN_PASSWORD: ADMIN_PASSWORD });
    expect(again.code).not.toBe(0);
    expect(again.err).toContain("已有账户");

    // The city and its counties from the national list (GB/T 2260), a source, the fund year.
    const region = await run(["region", "add", "--code", "330900"]);
    expect(region.code, region.err).toBe(0);
    for (const county of ["定海区", "普陀区", "岱山县", "嵊泗县"]) expect(region.out).toContain(county);
    for (const [name, category] of [["中央补助", "fiscal"], ["市级补助", "fiscal"], ["居民出资", "non-fiscal"]]) {
      const s = await run(["source", "add", name, "--category", category]);
      expect(s.code, s.err).toBe(0);
    }
    const fy = await run(["fund-year", "create", "--region", "舟山市", "--year", "2022", "--programme", "老旧小区改造补助资金", "--evaluation-date", "2023-06-30"]);
    expect(fy.code, fy.err).toBe(0);
    const empty = await run(["funds", "summary", "--year", "2022"]);
    expect(empty.code, empty.err).toBe(0);

    // The bureau's finance account and its first allocations, through HTTP.
    const database = await openDb({ dataDir: cli.dir() });
    const app = await buildApp({ database, webDist: null, rateLimitPerMinute: 100_000, loginRatePerMinute: 100_000, auth: { demoMode: false } });
    try {
      const login = async (username: string, password: string) => {
        const r = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
        expect(r.statusCode, r.body).toBe(200);
        const headers = { cookie: `${SESSION_COOKIE}=${r.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`, [CSRF_HEADER]: JSON.parse(r.body).csrfToken };
        return { headers, me: JSON.parse(r.body) };
      };
      const a = await login("admin", ADMIN_PASSWORD);
      const regions = JSON.parse((await app.inject({ url: "/api/regions", headers: a.headers })).body) as { id: number; name: string }[];
      const zhoushan = regions.find((r) => r.name === "舟山市")!;
      const created = await app.inject({
        method: "POST",
        url: "/api/users",
        headers: a.headers,
        payload: { username: "zs_caizheng", displayName: "舟山市财政局绩效科", role: "finance", regionId: zhoushan.id, password: "Initial#2022x" },
      });
      expect(created.statusCode, created.body).toBe(200);
      // A new account changes its initial password first.
      const first = await login("zs_caizheng", "Initial#2022x");
      const changed = await app.inject({
        method: "POST",
        url: "/api/auth/password",
        headers: first.headers,
        payload: { currentPassword: "Initial#2022x", newPassword: "Caizheng#2022y" },
      });
      expect(changed.statusCode, changed.body).toBe(200);
      const fin = await login("zs_caizheng", "Caizheng#2022y");
      const [year] = JSON.parse((await app.inject({ url: "/api/fund-years", headers: fin.headers })).body) as FundYear[];
      expect(year.region.name).toBe("舟山市");
      expect(year.year).toBe(2022);

      const file = await makeXlsx(
        ["县区", "资金来源", "金额（万元）", "文号", "下达日期", "项目编号", "备注"],
        [
          ["定海区", "中央补助", 1200.5, "舟财建〔2022〕8号", "2022-03-10", null, null],
          ["普陀区", "中央补助", 800, "舟财建〔2022〕8号", "2022-03-10", null, null],
          ["岱山县", "市级补助", 300.25, "舟财建〔2022〕21号", "2022-05-20", null, null],
          ["嵊泗县", "市级补助", 99.99, "舟财建〔2022〕21号", "2022-05-20", null, null],
        ],
      );
      const body = multipart("舟山市2022年下达.xlsx", file);
      const dry = await app.inject({ method: "POST", url: `/api/imports/allocations?fundYearId=${year.id}&dryRun=true`, headers: { ...fin.headers, ...body.headers }, payload: body.payload });
      expect(dry.statusCode, dry.body).toBe(200);
      expect(JSON.parse(dry.body).problems).toEqual([]);
      const commit = await app.inject({ method: "POST", url: `/api/imports/allocations?fundYearId=${year.id}&dryRun=false`, headers: { ...fin.headers, ...body.headers }, payload: body.payload });
      expect(commit.statusCode, commit.body).toBe(200);

      const summary = JSON.parse((await app.inject({ url: `/api/funds/summary?fundYearId=${year.id}`, headers: fin.headers })).body) as FundsSummary;
      expect(summary.counties.map((c) => c.name)).toEqual(["定海区", "普陀区", "岱山县", "嵊泗县"]);
      expect(summary.total.allocatedFen).toBe(2_400_740_000);
      expect(summary.total.paidFen).toBe(0);
    } finally {
      await app.close();
      await database.close();
    }

    // The same figures on the command line, once the server has let go of the data folder.
    const summary = await run(["funds", "summary", "--year", "2022", "--region", "舟山市", "--json"]);
    expect(summary.code, summary.err).toBe(0);
    expect(JSON.parse(summary.out).total.allocatedFen).toBe(2_400_740_000);
  });
});
