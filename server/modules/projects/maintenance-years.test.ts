/**
 * 长效管养 by year over the API: the demo's history runs 2019–2022 and its latest year is what the
 * community says; a year is recorded with the version seen (the latest also moves the community's own
 * columns, an earlier one does not); a county records only its own communities, an operator reads but
 * cannot write; bad input is refused in Chinese naming the field; the trend per county adds up.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommunityMaintenance, MaintenanceTrend, MaintenanceYearRecord } from "../../../contracts/maintenance";
import type { Maintenance } from "../../../contracts/projects";
import type { SharedCommunity } from "../../../contracts/works";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";

let t: TestApp;
let housing: Client;
let lanshan: Client;
let water: Client;
let trend: MaintenanceTrend;
let lanshanId: number;
let own: SharedCommunity;
let other: SharedCommunity;

beforeAll(async () => {
  t = await createTestApp();
  housing = await t.as("zhujian");
  lanshan = await t.as("lanshan");
  water = await t.as("zhuanying");
  trend = await housing.get<MaintenanceTrend>("/api/communities/maintenance/trend?fundYearId=1");
  lanshanId = trend.counties.find((c) => c.county.name === "兰山区")!.county.id;
  const list = await housing.get<SharedCommunity[]>("/api/works/communities?fundYearId=1");
  own = list.find((c) => c.countyId === lanshanId)!;
  other = list.find((c) => c.countyId !== lanshanId)!;
});
afterAll(() => t.close());

const put = (c: Client, communityId: number, year: number | string, payload: object) => c.inject({ method: "PUT", url: `/api/communities/${communityId}/maintenance-years/${year}`, payload });
const body = { propertyMode: "professional", feeCollectionBp: 9100, redProperty: true, ownersCommittee: true };

describe(`长效管养 by year (${engine})`, () => {
  it("the demo's history runs 2019–2022, its latest year is the community's own state, and the city is the sum of the counties", async () => {
    expect(trend.years).toEqual([2019, 2020, 2021, 2022]);
    const m = await housing.get<CommunityMaintenance>(`/api/communities/${own.id}/maintenance-years`);
    expect(m.years.map((y) => y.year)).toEqual([2019, 2020, 2021, 2022]);
    expect([m.years[3].propertyMode, m.years[3].feeCollectionBp]).toEqual([m.community.propertyMode, m.community.feeCollectionBp]);
    for (const [i, y] of trend.city.years.entries()) {
      expect(y.renovated).toBe(trend.counties.reduce((a, c) => a + c.years[i].renovated, 0));
      expect(y.professionalOrStreet).toBe(trend.counties.reduce((a, c) => a + c.years[i].professionalOrStreet, 0));
      expect(y.redProperty).toBe(trend.counties.reduce((a, c) => a + c.years[i].redProperty, 0));
    }
    // More communities are renovated each year, and management grew.
    expect(trend.city.years[3].renovated).toBeGreaterThan(trend.city.years[0].renovated);
    expect(trend.city.trend?.direction).toBe("up");
    // 2022's share is the coverage of 专业物业 + 街道社区统管 of the communities' current modes.
    const now = await housing.get<Maintenance>("/api/communities/maintenance?fundYearId=1");
    expect(trend.city.years[3].professionalOrStreet).toBe(now.city.byMode.professional + now.city.byMode.street);
  });

  it("records a year with the version seen; the latest year moves the community's own columns, an earlier one does not", async () => {
    const before = await housing.get<CommunityMaintenance>(`/api/communities/${own.id}/maintenance-years`);
    const y2020 = before.years.find((y) => y.year === 2020)!;
    const r = await put(housing, own.id, 2020, { ...body, version: y2020.version, propertyMode: "self", feeCollectionBp: 4000 });
    expect(r.statusCode, r.body).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ year: 2020, propertyMode: "self", version: y2020.version + 1 });
    const mid = await housing.get<CommunityMaintenance>(`/api/communities/${own.id}/maintenance-years`);
    expect(mid.community.propertyMode).toBe(before.community.propertyMode);
    const stale = await put(housing, own.id, 2020, { ...body, version: y2020.version });
    expect(stale.statusCode).toBe(409);
    expect(JSON.parse(stale.body).error.message).toContain("该2020年度管养记录已被");
    // A new latest year (2023 is still in the past for the server's clock) sets the community's columns.
    const created = await put(lanshan, own.id, 2023, { ...body, version: 0 });
    expect(created.statusCode, created.body).toBe(200);
    const after = await housing.get<CommunityMaintenance>(`/api/communities/${own.id}/maintenance-years`);
    expect(after.community).toMatchObject({ propertyMode: "professional", feeCollectionBp: 9100 });
    expect((JSON.parse(created.body) as MaintenanceYearRecord).updatedBy).toBe("兰山区住建局");
    const again = await housing.get<MaintenanceTrend>("/api/communities/maintenance/trend?fundYearId=1");
    expect(again.years.at(-1)).toBe(2023);
    expect(again.counties.find((c) => c.county.id === lanshanId)!.years.at(-1)).toMatchObject({ reported: 1, redProperty: 1, ownersCommittee: 1 });
  });

  it("a county reads and records its own communities only; an operator reads but cannot write", async () => {
    expect((await lanshan.inject(`/api/communities/${other.id}/maintenance-years`)).statusCode).toBe(403);
    const refused = await put(lanshan, other.id, 2021, { ...body, version: 1 });
    expect(refused.statusCode).toBe(403);
    expect(JSON.parse(refused.body).error.message).toBe("无权访问其他县区的数据");
    const mine = await lanshan.get<MaintenanceTrend>("/api/communities/maintenance/trend?fundYearId=1");
    expect(mine.counties.map((c) => c.county.id)).toEqual([lanshanId]);
    expect((await water.get<CommunityMaintenance>(`/api/communities/${own.id}/maintenance-years`)).canEdit).toBe(false);
    expect((await put(water, own.id, 2021, { ...body, version: 1 })).statusCode).toBe(403);
  });

  it("refuses bad input with a Chinese message naming the field", async () => {
    const cases: [number | string, object, string][] = [
      [2021, { ...body, version: 0, feeCollectionBp: 10001 }, "物业费收缴率："],
      [2021, { ...body, version: 0, feeCollectionBp: 12.5 }, "物业费收缴率："],
      [2021, { ...body, version: 0, propertyMode: "物业公司" }, "物业管理模式："],
      [2021, { ...body, version: 0, redProperty: "是" }, "红色物业："],
      [2021, { ...body, version: 0, propertyMode: "none" }, "物业费收缴率：无物业管理的小区不填物业费收缴率"],
      [1999, { ...body, version: 0 }, "年度："],
      [2099, { ...body, version: 0 }, "年度：2099年尚未到来"],
    ];
    for (const [year, payload, message] of cases) {
      const r = await put(housing, own.id, year, payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(JSON.parse(r.body).error.message).toContain(message);
    }
    expect((await put(housing, 999999, 2021, { ...body, version: 0 })).statusCode).toBe(404);
  });
});
