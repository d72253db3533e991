/**
 * 专营设施产权移交 over the API: the demo's handovers are counted per county, 住建 and a county record
 * them (a county only its own), an operator reads but cannot record, bad input is refused in Chinese
 * naming the field, and the 专营设施移交率 metric agrees with the page's counts for every scope.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Handover, HandoverPage } from "../../../contracts/handovers";
import type { FundsSummary } from "../../../contracts/funds";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { computeMetrics } from "../evaluations/metrics";

let t: TestApp;
let housing: Client;
let lanshan: Client;
let water: Client;
let page: HandoverPage;
let lanshanId: number;

beforeAll(async () => {
  t = await createTestApp();
  housing = await t.as("zhujian");
  lanshan = await t.as("lanshan");
  water = await t.as("zhuanying");
  page = await housing.get<HandoverPage>("/api/works/handovers?fundYearId=1");
  const summary = await (await t.as("caizheng")).get<FundsSummary>("/api/funds/summary?fundYearId=1");
  lanshanId = summary.counties.find((c) => c.name === "兰山区")!.id;
});
afterAll(() => t.close());

const put = (c: Client, communityId: number, kind: string, payload: object) => c.inject({ method: "PUT", url: `/api/works/handovers/${communityId}/${encodeURIComponent(kind)}`, payload });
const community = (countyId: number, except?: number) => page.communities.find((c) => c.countyId === countyId && c.id !== except && !c.handovers.some((h) => h.kind === "通信"))!;

describe(`专营设施产权移交 (${engine})`, () => {
  it("counts the demo's completed communities and their handovers per county, and the city is their sum", () => {
    expect(page.counties.length).toBe(12);
    expect(page.city.communities).toBe(page.communities.length);
    expect(page.city.handedOver).toBeGreaterThan(0);
    expect(page.city.handedOver).toBe(page.counties.reduce((a, c) => a + c.handedOver, 0));
    const records = page.communities.flatMap((c) => c.handovers);
    expect(records.filter((h) => h.status === "已移交").length).toBe(page.city.handedOver);
    expect(page.city.required).toBe(page.city.communities * 6 - records.filter((h) => h.status === "不涉及").length);
    expect(records.filter((h) => h.status === "已移交").every((h) => h.handedOverOn !== null && (h.operatorName ?? h.receiver) !== null)).toBe(true);
    expect(page.canRecord).toBe(true);
  });

  it("住建 records a handover and changes it with the version it saw; a stale version is a 409 in Chinese", async () => {
    const c = community(page.counties[1].county.id);
    const created = await put(housing, c.id, "通信", { version: 0, status: "已移交", handedOverOn: "2022-05-10", receiver: "中国移动临沂分公司" });
    expect(created.statusCode, created.body).toBe(200);
    const h = JSON.parse(created.body) as Handover;
    expect(h).toMatchObject({ kind: "通信", status: "已移交", receiver: "中国移动临沂分公司", version: 1 });
    const again = await put(housing, c.id, "通信", { version: 0, status: "移交中" });
    expect(again.statusCode).toBe(409);
    expect(JSON.parse(again.body).error.message).toContain("该设施移交记录已被");
    const changed = await put(housing, c.id, "通信", { version: 1, status: "移交中", receiver: "中国移动临沂分公司" });
    expect(JSON.parse(changed.body)).toMatchObject({ status: "移交中", handedOverOn: null, version: 2 });
    const after = await housing.get<HandoverPage>(`/api/works/handovers?fundYearId=1&countyId=${c.countyId}`);
    const before = page.counties.find((x) => x.county.id === c.countyId)!;
    expect(after.counties[0].inProgress).toBe(before.inProgress + 1);
  });

  it("a county records its own communities only; an operator reads but cannot record", async () => {
    const own = community(lanshanId);
    const other = community(page.counties.find((c) => c.county.id !== lanshanId)!.county.id);
    const body = { version: 0, status: "移交中", operatorId: null };
    expect((await put(lanshan, own.id, "通信", body)).statusCode).toBe(200);
    const refused = await put(lanshan, other.id, "通信", body);
    expect(refused.statusCode).toBe(403);
    expect(JSON.parse(refused.body).error.message).toBe("无权访问其他县区的数据");
    const mine = await lanshan.get<HandoverPage>("/api/works/handovers?fundYearId=1");
    expect(mine.counties.map((c) => c.county.id)).toEqual([lanshanId]);
    expect(mine.communities.every((c) => c.countyId === lanshanId)).toBe(true);
    expect((await lanshan.inject(`/api/works/handovers?fundYearId=1&countyId=${other.countyId}`)).statusCode).toBe(403);
    const read = await water.get<HandoverPage>("/api/works/handovers?fundYearId=1");
    expect(read.canRecord).toBe(false);
    expect((await put(water, own.id, "供水", body)).statusCode).toBe(403);
  });

  it("refuses bad input with a Chinese message naming the field", async () => {
    const c = community(page.counties[2].county.id);
    const cases: [object, string, string?][] = [
      [{ version: 0, status: "已移交", receiver: "某公司" }, "移交日期：已移交的设施须填写移交日期"],
      [{ version: 0, status: "已移交", handedOverOn: "2022-05-01" }, "接收单位：已移交的设施须填写接收单位"],
      [{ version: 0, status: "移交中", handedOverOn: "2022-05-01" }, "移交日期：状态为“移交中”时不填移交日期"],
      [{ version: 0, status: "已移交", handedOverOn: "2099-01-01", receiver: "某公司" }, "晚于今天"],
      [{ version: 0, status: "交了" }, "状态："],
      [{ version: 0, status: "移交中", handedOverOn: "2022-02-30" }, "移交日期："],
      [{ version: 0, status: "移交中", receiver: "长".repeat(101) }, "接收单位："],
      [{ version: 0, status: "移交中" }, "设施类别：", "自来水"],
    ];
    for (const [body, message, kind] of cases) {
      const r = await put(housing, c.id, kind ?? "通信", body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.parse(r.body).error.message).toContain(message);
    }
    const ops = await housing.get<{ id: number; name: string; kinds: string[] }[]>("/api/works/operators");
    const gas = ops.find((o) => o.kinds.includes("燃气") && !o.kinds.includes("通信"))!;
    const wrong = await put(housing, c.id, "通信", { version: 0, status: "移交中", operatorId: gas.id });
    expect(wrong.statusCode).toBe(400);
    expect(JSON.parse(wrong.body).error.message).toContain("不接收“通信”设施");
    expect((await put(housing, 999999, "通信", { version: 0, status: "移交中" })).statusCode).toBe(404);
  });

  it("the 专营设施移交率 metric counts the same, for every scope at once and for one county alone", async () => {
    const db = t.db.db;
    const scopes = [{ scopeId: 1, countyId: null }, ...page.counties.map((c, i) => ({ scopeId: i + 2, countyId: c.county.id }))];
    const all = (await computeMetrics({ db, fundYearId: 1, asOf: "2099-12-31" }, ["works.handoverRate"], scopes)).get("works.handoverRate")!;
    const now = await housing.get<HandoverPage>("/api/works/handovers?fundYearId=1");
    expect(all.get(1)!.value).toEqual({ num: now.city.handedOver, den: now.city.required });
    for (const [i, c] of now.counties.entries()) {
      expect(all.get(i + 2)?.value ?? null).toEqual(c.required ? { num: c.handedOver, den: c.required } : null);
    }
    const one = (await computeMetrics({ db, fundYearId: 1, asOf: "2099-12-31" }, ["works.handoverRate"], [{ scopeId: 9, countyId: lanshanId }])).get("works.handoverRate")!;
    expect(one.get(9)!.value).toEqual(all.get(2 + now.counties.findIndex((c) => c.county.id === lanshanId))!.value);
    expect(one.get(9)!.figures.map((f) => f.label)).toEqual(["已完工小区", "已移交设施", "应移交设施", "专营设施移交率"]);
    // As of the 评价日 only what was handed over by then counts.
    const asOf = (await computeMetrics({ db, fundYearId: 1, asOf: "2022-06-30" }, ["works.handoverRate"], scopes)).get("works.handoverRate")!;
    expect(asOf.get(1)!.value.num).toBeLessThanOrEqual(all.get(1)!.value.num);
  });
});
