/**
 * One installation, several cities: every registered route, asked by the accounts of one city about
 * the other city's records (its fund year, counties, projects, tasks, accounts …), answers nothing of
 * that city. The check is on the answer's text: no name of the other city, its counties or its
 * projects may appear. A province account sees both cities.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestApp, type Client, type TestApp } from "../test/app";
import { engine } from "../test/db";
import { allocations, fundingSources, fundYears, payments, projects, regions, users } from "../db/schema";
import { hashPassword } from "../db/password";
import { DEMO_PASSWORD } from "../db/demo/users";
import type { CountyLedger, FundsSummary, FundYear } from "../contracts/funds";

let t: TestApp;
/** Path parameters per city: the values that name that city's records. */
type Fixtures = Record<string, string>;
const fixtures = {} as { linyi: Fixtures; jinan: Fixtures };
/** Words that name a city's records; none may reach the other city's accounts. */
const markers = {} as { linyi: string[]; jinan: string[] };
let jinanYear: number;

/**
 * National reference data (GB/T 2260) names every city by design; the account's own session routes
 * answer about the caller.
 */
const NOT_CITY_DATA = [/^\/api\/regions\/national/, /^\/api\/openapi/];
/** Installation-wide catalogues (funding sources, programmes, templates): shared by every city. */
const SHARED_CATALOGUE = [/^\/api\/funding-sources/, /^\/api\/programmes/, /^\/api\/evaluation\/(templates|grade-scales)/];
/** The caller's own records (消息): a write there touches no city's data, and a read must still leak none. */
const OWN_RECORDS = [/^\/api\/notifications/];

beforeAll(async () => {
  t = await createTestApp();
  const db = t.db.db;
  // 济南市 beside 临沂市 under 山东省, with two counties, a fund year and a project that has money.
  const [province] = await db.select().from(regions).where(eq(regions.code, "370000"));
  const [jinan] = await db.insert(regions).values({ code: "370100", name: "济南市", level: "city", parentId: province.id }).returning();
  const [lixia, shizhong] = await db
    .insert(regions)
    .values([
      { code: "370102", name: "历下区", level: "county", parentId: jinan.id, sortOrder: 1 },
      { code: "370103", name: "市中区", level: "county", parentId: jinan.id, sortOrder: 2 },
    ])
    .returning();
  const [demoYear] = await db.select().from(fundYears).where(eq(fundYears.id, 1));
  const [source] = await db.select().from(fundingSources).limit(1);
  const [fy] = await db
    .insert(fundYears)
    .values({
      programmeId: demoYear.programmeId,
      regionId: jinan.id,
      year: 2021,
      evaluationDate: "2022-06-30",
      allocationFrom: "2020-10-01",
      allocationTo: "2021-12-31",
      paymentFrom: "2021-01-01",
      paymentTo: "2022-12-31",
    })
    .returning();
  jinanYear = fy.id;
  const [project] = await db
    .insert(projects)
    .values({ fundYearId: fy.id, countyId: lixia.id, code: "JN-2021-001", name: "趵突泉街道燕子山小区改造", batchYear: 2021 })
    .returning();
  await db.insert(allocations).values({ fundYearId: fy.id, sourceId: source.id, countyId: lixia.id, projectId: project.id, amountFen: 12_345_600, docNo: "济财建〔2021〕1号", allocatedOn: "2021-03-01" });
  await db.insert(payments).values({ fundYearId: fy.id, sourceId: source.id, countyId: lixia.id, projectId: project.id, amountFen: 2_345_600, paidOn: "2021-06-01", voucherNo: "JN-0001" });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.insert(users).values([
    { username: "jn_caizheng", displayName: "济南市财政局", role: "finance", regionId: jinan.id, passwordHash, mustChangePassword: false },
    { username: "jn_zhujian", displayName: "济南市住建局", role: "housing", regionId: jinan.id, passwordHash, mustChangePassword: false },
    { username: "jn_shenji", displayName: "济南市审计局", role: "auditor", regionId: jinan.id, passwordHash, mustChangePassword: false },
    { username: "jn_lixia", displayName: "历下区住建局", role: "county", regionId: lixia.id, passwordHash, mustChangePassword: false },
    { username: "jn_admin", displayName: "济南市系统管理员", role: "admin", regionId: jinan.id, passwordHash, mustChangePassword: false },
    { username: "sd_caizheng", displayName: "山东省财政厅", role: "finance", regionId: province.id, passwordHash, mustChangePassword: false },
  ]);

  const fin = await t.as("caizheng");
  const summary = await fin.get<FundsSummary>("/api/funds/summary?fundYearId=1");
  const lanshan = summary.counties.find((c) => c.name === "兰山区")!.id;
  const ledger = await fin.get<CountyLedger>(`/api/funds/counties/${lanshan}?fundYearId=1`);
  const [task] = await fin.get<{ id: number }[]>("/api/evaluations");
  const scopes = (await fin.get<{ scopes: { id: number; name: string }[] }>(`/api/evaluations/${task.id}`)).scopes;
  const linyiUsers = await fin.get<{ id: number; username: string }[]>("/api/users");
  const [template] = await fin.get<{ id: number }[]>("/api/evaluation/templates");
  const [scale] = await fin.get<{ id: number }[]>("/api/evaluation/grade-scales");
  const shared = {
    templateId: String(template.id),
    scaleId: String(scale.id),
    code: "process.org.rules",
    key: "ch1.budget",
    evidenceId: "999999",
    fileId: "999999",
    responseId: "999999",
    token: "A".repeat(22),
    sourceId: String(source.id),
    programmeId: String(demoYear.programmeId),
    facilityKind: "供水",
    year: "2021",
  };
  fixtures.linyi = {
    ...shared,
    fundYearId: "1",
    countyId: String(lanshan),
    regionId: String(lanshan),
    projectId: String(ledger.projects[0].id),
    taskId: String(task.id),
    scopeId: String(scopes.find((s) => s.name === "兰山区")!.id),
    id: String(linyiUsers.find((u) => u.username === "hedong")!.id),
    indicatorId: "1",
    // The demo task's first finding and item (the seed's 预算执行率不够高).
    findingId: "1",
    itemId: "1",
    communityId: String((await fin.get<{ id: number }[]>(`/api/works/communities?countyId=${lanshan}`))[0].id),
  };
  const [jnUser] = await db.select().from(users).where(eq(users.username, "jn_lixia"));
  fixtures.jinan = {
    ...shared,
    fundYearId: String(fy.id),
    countyId: String(lixia.id),
    regionId: String(shizhong.id),
    projectId: String(project.id),
    // 济南 has no evaluation task.
    taskId: "999999",
    scopeId: "999999",
    id: String(jnUser.id),
    indicatorId: "999999",
    findingId: "999999",
    itemId: "999999",
    communityId: "999999",
  };
  markers.linyi = ["临沂", ...summary.counties.map((c) => c.name).filter((n) => n !== "市中区"), ledger.projects[0].name, "hedong"];
  markers.jinan = ["济南", "历下区", "趵突泉", "JN-0001", "jn_"];
});
afterAll(() => t.close());

function urlFor(route: string, f: Fixtures): string {
  const path = route.replace(/:(\w+)/g, (_, name: string) => {
    const v = f[name];
    if (v === undefined) throw new Error(`区划隔离测试缺少路径参数 ${name} 的取值（${route}）：请在 server/region-scope.test.ts 的 fixtures 中补充`);
    return v;
  });
  return `${path}?fundYearId=${f.fundYearId}&countyId=${f.countyId}&kind=payments`;
}

async function probe(client: Client, about: "linyi" | "jinan"): Promise<string[]> {
  const failures: string[] = [];
  for (const rule of t.app.accessRules) {
    if (rule.url.startsWith("/api/auth/") || rule.url.startsWith("/api/setup")) continue;
    if (NOT_CITY_DATA.some((r) => r.test(rule.url))) continue;
    const key = `${rule.method} ${rule.url}`;
    const r = await client.inject({ method: rule.method as "GET", url: urlFor(rule.url, fixtures[about]), payload: rule.method === "GET" ? undefined : {} });
    if (r.statusCode >= 500) failures.push(`${key} → ${r.statusCode} ${r.body.slice(0, 200)}`);
    const leaked = markers[about].filter((m) => r.body.includes(m));
    if (leaked.length) failures.push(`${key} → ${r.statusCode} 泄露：${leaked.join("、")}`);
    if (rule.method !== "GET" && r.statusCode < 300 && !SHARED_CATALOGUE.some((x) => x.test(rule.url)) && !OWN_RECORDS.some((x) => x.test(rule.url))) failures.push(`${key} → ${r.statusCode}：写入了另一城市的数据`);
  }
  return failures;
}

describe(`one installation, several cities (${engine})`, () => {
  for (const username of ["jn_caizheng", "jn_zhujian", "jn_shenji", "jn_lixia", "jn_admin"]) {
    it(`${username} of 济南市 sees and changes nothing of 临沂市 on any route`, async () => {
      expect(await probe(await t.as(username), "linyi")).toEqual([]);
    });
  }
  for (const username of ["caizheng", "shenji", "lanshan", "pingjia"]) {
    it(`${username} of 临沂市 sees and changes nothing of 济南市 on any route`, async () => {
      expect(await probe(await t.as(username), "jinan")).toEqual([]);
    });
  }

  it("offers each account the fund years of its own region; a province account those of its cities", async () => {
    const names = async (u: string) => (await (await t.as(u)).get<FundYear[]>("/api/fund-years")).map((f) => f.region.name).sort();
    expect(await names("caizheng")).toEqual(["临沂市"]);
    expect(await names("lanshan")).toEqual(["临沂市"]);
    expect(await names("jn_caizheng")).toEqual(["济南市"]);
    expect(await names("jn_lixia")).toEqual(["济南市"]);
    expect(await names("sd_caizheng")).toEqual(["临沂市", "济南市"]);
  });

  it("gives a city its own ledger, and the province each city's", async () => {
    const jn = await (await t.as("jn_caizheng")).get<FundsSummary>(`/api/funds/summary?fundYearId=${jinanYear}`);
    expect(jn.counties.map((c) => c.name)).toEqual(["历下区", "市中区"]);
    expect(jn.total.allocatedFen).toBe(12_345_600);
    expect(jn.total.paidFen).toBe(2_345_600);
    const sd = await t.as("sd_caizheng");
    expect((await sd.get<FundsSummary>(`/api/funds/summary?fundYearId=${jinanYear}`)).total.paidFen).toBe(2_345_600);
    expect((await sd.get<FundsSummary>("/api/funds/summary?fundYearId=1")).counties).toHaveLength(12);
    const r = await (await t.as("jn_caizheng")).inject("/api/funds/summary?fundYearId=1");
    expect(r.statusCode).toBe(404);
    expect(JSON.parse(r.body).error.message).toBe("资金年度不存在");
  });

  it("lists each city's accounts to its own administrators only", async () => {
    const jn = (await (await t.as("jn_admin")).get<{ username: string }[]>("/api/users")).map((u) => u.username);
    expect(jn.sort()).toEqual(["jn_admin", "jn_caizheng", "jn_lixia", "jn_shenji", "jn_zhujian"]);
    const ly = (await (await t.as("caizheng")).get<{ username: string }[]>("/api/users")).map((u) => u.username);
    expect(ly).toContain("lanshan");
    expect(ly.some((u) => u.startsWith("jn_") || u.startsWith("sd_") || u === "admin")).toBe(false);
    const all = (await (await t.as("admin")).get<{ username: string }[]>("/api/users")).map((u) => u.username);
    expect(all).toEqual(expect.arrayContaining(["jn_admin", "lanshan", "sd_caizheng"]));
  });
});
