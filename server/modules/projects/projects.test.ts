import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Community, CommunityPage, Goal, Maintenance, ProjectDetail, ProjectPage, ProjectsSummary, Targets } from "../../../contracts/projects";
import type { CountyLedger, FundsSummary } from "../../../contracts/funds";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { multipart } from "../../../test/xlsx";
import { and, eq } from "drizzle-orm";
import { auditEvents } from "../../../db/schema";

let t: TestApp;
let c: Client;
let fy: number;
let counties: { id: number; name: string }[];
beforeAll(async () => {
  t = await createTestApp();
  c = await t.as("caizheng");
  fy = (await c.get<{ id: number }[]>("/api/fund-years"))[0].id;
  counties = (await c.get<FundsSummary>(`/api/funds/summary?fundYearId=${fy}`)).counties;
});
afterAll(() => t.close());

const countyId = (name: string) => counties.find((x) => x.name === name)!.id;
const byName = (targets: Targets["scopes"][number]["targets"]) => Object.fromEntries(targets.map((x) => [x.indicator, x]));

describe(`targets and actuals from the registry (${engine})`, () => {
  it("the city's 2021 targets of the seed are met by 307 projects, 341 communities, 53,389 households and 517.8万㎡", async () => {
    const r = await c.get<Targets>(`/api/targets?fundYearId=${fy}`);
    expect(r.asOf).toBe("2022-06-30");
    const city = r.scopes.find((s) => s.county === null)!;
    const t = byName(city.targets);
    expect([t["改造项目数"].target, t["改造项目数"].actual]).toEqual(["285", "307"]);
    expect([t["改造小区数"].target, t["改造小区数"].actual]).toEqual(["296", "341"]);
    expect([t["惠及户数"].target, t["惠及户数"].actual]).toEqual(["48400", "53389"]);
    expect([t["改造建筑面积"].target, t["改造建筑面积"].actual, t["改造建筑面积"].unit]).toEqual(["458.75", "517.8", "万㎡"]);
    // 307 ÷ 285 = 107.72%; 517.8 ÷ 458.75 = 112.87%
    expect(t["改造项目数"].completionBp).toBe(10772);
    expect(t["改造建筑面积"].completionBp).toBe(11287);
    expect(t["改造项目数"].actualFrom).toBe("registry");
    // A negative indicator: less is better, completion = target ÷ actual.
    expect(t["单位面积改造投资"].direction).toBe("negative");
    expect(t["单位面积改造投资"].met).toBe(true);
    // 满意度 comes from the survey's accepted questionnaires: 1,128 of 1,200 = 94% against 90%.
    expect(t["居民满意度"]).toMatchObject({ actual: "94", actualFrom: "survey", completionBp: 10444, met: true });
  });

  it("every county's actuals add up to the city's", async () => {
    const r = await c.get<Targets>(`/api/targets?fundYearId=${fy}`);
    const city = byName(r.scopes.find((s) => s.county === null)!.targets);
    const counties = r.scopes.filter((s) => s.county !== null);
    expect(counties).toHaveLength(12);
    for (const k of ["改造项目数", "改造小区数", "惠及户数"]) {
      expect(counties.reduce((a, s) => a + Number(byName(s.targets)[k].actual), 0)).toBe(Number(city[k].actual));
      expect(counties.reduce((a, s) => a + Number(byName(s.targets)[k].target), 0)).toBe(Number(city[k].target));
    }
  });

  it("actuals follow the as-of date: at the end of June 2021 nothing was completed", async () => {
    const r = await c.get<Targets>(`/api/targets?fundYearId=${fy}&asOf=2021-06-30`);
    const city = byName(r.scopes.find((s) => s.county === null)!.targets);
    expect(city["改造项目数"].actual).toBe("0");
    expect(city["改造项目数"].met).toBe(false);
  });
});

describe(`the project library (${engine})`, () => {
  it("lists every project with totals over the filter, not the page", async () => {
    const p = await c.get<ProjectPage>(`/api/projects?fundYearId=${fy}&pageSize=10`);
    expect(p.total).toBe(307);
    expect(p.items).toHaveLength(10);
    expect(p.totals).toMatchObject({ communities: 341, households: 53_389, floorAreaDm2: 517_800_000 });
  });

  it("shows the seed's co-funded communities: 河东法院家属院 63.41%, 九曲街道家属院 10.44%", async () => {
    const hedong = await c.get<ProjectPage>(`/api/projects?fundYearId=${fy}&countyId=${countyId("河东区")}&pageSize=100`);
    const court = hedong.items.find((x) => x.name === "河东法院家属院改造项目")!;
    expect(court.funding).toMatchObject({ nonFiscalFen: 239_900_000, nonFiscalBp: 6341, reachesThreshold: true });
    const jiuqu = hedong.items.find((x) => x.name === "九曲街道家属院改造项目")!;
    expect(jiuqu.funding).toMatchObject({ nonFiscalFen: 16_160_000, nonFiscalBp: 1044, reachesThreshold: false });
    const detail = await c.get<ProjectDetail>(`/api/projects/${court.id}`);
    expect(detail.investments.find((i) => i.source.name === "居民出资")!.amountFen).toBe(239_900_000);
    expect(detail.contents.map((x) => x.item.name)).toEqual(expect.arrayContaining(["供水管网改造", "供暖管网改造"]));
  });

  it("lists the projects at 20% non-fiscal or more, highest first: few of them (seed 六(二))", async () => {
    const p = await c.get<ProjectPage>(`/api/projects?fundYearId=${fy}&minNonFiscalBp=2000&sort=nonFiscal`);
    expect(p.total).toBeGreaterThan(0);
    expect(p.total).toBeLessThan(10);
    expect(p.items[0].name).toBe("河东法院家属院改造项目");
    expect(p.items.every((x) => x.funding.reachesThreshold)).toBe(true);
    const shares = p.items.map((x) => x.funding.nonFiscalBp!);
    expect([...shares].sort((a, b) => b - a)).toEqual(shares);
    // No project borrows from a bank (全市没有通过银行贷款筹集资金的项目).
    const s = await c.get<ProjectsSummary>(`/api/projects/summary?fundYearId=${fy}`);
    expect(s.bySource.map((x) => x.source.name)).not.toContain("银行贷款");
    expect(s.city.reachingThreshold).toBe(p.total);
  });

  it("a project's contents cost what its planned investment says, and its fiscal grants match the ledger", async () => {
    const hedong = await c.get<CountyLedger>(`/api/funds/counties/${countyId("河东区")}?fundYearId=${fy}`);
    for (const line of hedong.projects.slice(0, 5)) {
      const d = await c.get<ProjectDetail>(`/api/projects/${line.id}`);
      expect(d.contents.reduce((a, x) => a + x.costFen, 0)).toBe(d.funding.totalFen);
      const grants = d.investments.filter((i) => ["中央补助", "省级补助", "市级补助"].includes(i.source.name)).reduce((a, i) => a + i.amountFen, 0);
      expect(grants).toBe(line.allocatedFen);
      expect(d.communities.length).toBeGreaterThan(0);
      expect(d.progress.length).toBeGreaterThan(0);
    }
  });

  it("the summary's counties add up to the city, and contents are mostly 基础类", async () => {
    const s = await c.get<ProjectsSummary>(`/api/projects/summary?fundYearId=${fy}`);
    expect(s.counties).toHaveLength(12);
    for (const k of ["projects", "communities", "households", "floorAreaDm2"] as const) {
      expect(s.counties.reduce((a, x) => a + x[k], 0)).toBe(s.city[k]);
    }
    expect(s.counties.reduce((a, x) => a + x.funding.totalFen, 0)).toBe(s.city.funding.totalFen);
    expect(s.bySource.reduce((a, x) => a + x.amountFen, 0)).toBe(s.city.funding.totalFen);
    // Each source's projects: those with a positive investment from it.
    const using = (await t.db.db.execute(
      `select source_id, count(distinct project_id)::int as n from project_investments join projects p on p.id = project_id where p.fund_year_id = ${fy} and amount_fen > 0 group by source_id`,
    )) as unknown as { rows: { source_id: number; n: number }[] };
    expect(Object.fromEntries(s.bySource.map((x) => [x.source.id, x.projects]))).toEqual(Object.fromEntries(using.rows.map((r) => [r.source_id, r.n])));
    const [basic, improve, upgrade] = s.byCategory;
    expect(basic.projects).toBe(307);
    expect(improve.costFen + upgrade.costFen).toBeLessThan(basic.costFen / 5);
  });

  it("editing a project's dates moves its status and is audited; dates out of order are refused in Chinese", async () => {
    const page = await c.get<ProjectPage>(`/api/projects?fundYearId=${fy}&countyId=${countyId("费县")}&status=completed&pageSize=1`);
    const p = page.items[0];
    const { version } = (await c.get<ProjectDetail>(`/api/projects/${p.id}`)).project;
    let r = await c.inject({ method: "PATCH", url: `/api/projects/${p.id}`, payload: { actualAcceptanceOn: "2021-01-01", version } });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.message).toContain("实际竣工验收日期不能早于实际完工日期");
    r = await c.inject({ method: "PATCH", url: `/api/projects/${p.id}`, payload: { actualAcceptanceOn: "2022-06-25", acceptanceResult: "qualified", version } });
    expect(r.statusCode, r.body).toBe(200);
    expect(JSON.parse(r.body).project.status).toBe("accepted");
    // The audit trail names the project.
    const [audit] = await t.db.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, "project"), eq(auditEvents.entityId, String(p.id))));
    expect(audit.summary).toContain(p.code);
    expect(audit.after).toMatchObject({ status: "accepted" });
  });
});

describe(`the community registry (${engine})`, () => {
  it("holds every old community, renovated or not, and tells which project renovated it", async () => {
    const all = await c.get<CommunityPage>(`/api/communities?fundYearId=${fy}&pageSize=1`);
    const thisYear = await c.get<CommunityPage>(`/api/communities?fundYearId=${fy}&renovation=this_year&pageSize=500`);
    const waiting = await c.get<CommunityPage>(`/api/communities?fundYearId=${fy}&renovation=waiting&pageSize=1`);
    const renovated = await c.get<CommunityPage>(`/api/communities?fundYearId=${fy}&renovation=renovated&pageSize=1`);
    expect(thisYear.total).toBe(341);
    expect(thisYear.totals).toEqual({ households: 53_389, floorAreaDm2: 517_800_000 });
    expect(renovated.total + waiting.total).toBe(all.total);
    expect(all.total).toBeGreaterThan(1000);
    const court = thisYear.items.find((x: Community) => x.name === "河东法院家属院")!;
    expect(court.renovations[0]).toMatchObject({ year: 2021, completed: true, project: { name: "河东法院家属院改造项目" } });
    expect(court.builtYear).toBeLessThan(2006);
  });

  it("computes the 十四五 goal from the registry: what is done, what is left, and the forecast at this pace", async () => {
    const g = await c.get<Goal>(`/api/communities/goal?fundYearId=${fy}`);
    expect(g.currentYear).toBe(2021);
    const [goal] = g.goals;
    expect(goal).toMatchObject({ name: "十四五", startYear: 2021, endYear: 2025 });
    const [pre2001, pre2006] = goal.clauses;
    expect([pre2001.city.builtBefore, pre2001.city.requiredBp, pre2006.city.builtBefore, pre2006.city.requiredBp]).toEqual([2001, 10000, 2006, 8500]);
    const before2001 = await c.get<CommunityPage>(`/api/communities?fundYearId=${fy}&builtBefore=2001&pageSize=1`);
    const waiting2001 = await c.get<CommunityPage>(`/api/communities?fundYearId=${fy}&builtBefore=2001&renovation=waiting&pageSize=1`);
    expect(pre2001.city.eligible).toBe(before2001.total);
    expect(pre2001.city.done).toBe(before2001.total - waiting2001.total);
    // This year's 341 renovations are all built before 2006 and are the pace of the 十四五 so far.
    expect(pre2006.city.renovatedInPeriod).toBe(341);
    expect(pre2006.city.required).toBe(Math.ceil((pre2006.city.eligible * 85) / 100));
    expect(goal.clauses[0].counties.reduce((a, x) => a + x.eligible, 0)).toBe(pre2001.city.eligible);
  });

  it("reports 长效管养 by county from the renovated communities", async () => {
    const m = await c.get<Maintenance>(`/api/communities/maintenance?fundYearId=${fy}&scope=year`);
    expect(m.city.communities).toBe(341);
    expect(m.city.households).toBe(53_389);
    expect(m.counties.reduce((a, x) => a + x.managed, 0)).toBe(m.city.managed);
    expect(m.city.coverageBp).toBeGreaterThan(0);
    expect(m.city.byMode.professional + m.city.byMode.street + m.city.byMode.self + m.city.byMode.none).toBe(341);
    const all = await c.get<Maintenance>(`/api/communities/maintenance?fundYearId=${fy}`);
    expect(all.city.communities).toBeGreaterThan(341);
  });
});

describe(`county scope (${engine})`, () => {
  it("a county user sees only their own county's projects, targets and communities", async () => {
    const hedong = await t.as("hedong");
    const p = await hedong.get<ProjectPage>(`/api/projects?fundYearId=${fy}&pageSize=500`);
    expect(new Set(p.items.map((x) => x.county.name))).toEqual(new Set(["河东区"]));
    const targets = await hedong.get<Targets>(`/api/targets?fundYearId=${fy}`);
    expect(targets.scopes.map((s) => s.county?.name)).toEqual(["河东区"]);
    const communities = await hedong.get<CommunityPage>(`/api/communities?fundYearId=${fy}&pageSize=500`);
    expect(new Set(communities.items.map((x) => x.county.name))).toEqual(new Set(["河东区"]));
    const goal = await hedong.get<Goal>(`/api/communities/goal?fundYearId=${fy}`);
    expect(goal.goals[0].clauses[0].counties.map((x) => x.county.name)).toEqual(["河东区"]);
  });

  it("a county user cannot read or change another county's project", async () => {
    const hedong = await t.as("hedong");
    const lanshan = await c.get<ProjectPage>(`/api/projects?fundYearId=${fy}&countyId=${countyId("兰山区")}&pageSize=1`);
    const id = lanshan.items[0].id;
    for (const r of [
      await hedong.inject(`/api/projects/${id}`),
      await hedong.inject({ method: "PATCH", url: `/api/projects/${id}`, payload: { name: "改名", version: 1 } }),
      await hedong.inject(`/api/projects?fundYearId=${fy}&countyId=${countyId("兰山区")}`),
    ]) {
      expect(r.statusCode).toBe(403);
      expect(JSON.parse(r.body).error.message).toBe("无权访问其他县区的数据");
    }
  });

  it("a utility operator sees the community registry but not the project library", async () => {
    const utility = await t.as("zhuanying");
    expect((await utility.inject(`/api/communities?fundYearId=${fy}`)).statusCode).toBe(200);
    expect((await utility.inject(`/api/projects?fundYearId=${fy}`)).statusCode).toBe(403);
  });
});

// A 1×1 PNG.
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");

describe(`attachments (${engine})`, () => {
  it("a photo uploads, is listed on the project and shown inline; its deletion is audited", async () => {
    const hedong = await t.as("hedong");
    const p = (await hedong.get<ProjectPage>(`/api/projects?fundYearId=${fy}&pageSize=1`)).items[0];
    const body = multipart("竣工照片.png", PNG);
    let r = await hedong.inject({ method: "POST", url: `/api/projects/${p.id}/files`, ...body });
    expect(r.statusCode, r.body).toBe(200);
    const file = JSON.parse(r.body);
    expect(file).toMatchObject({ kind: "photo", fileName: "竣工照片.png", mimeType: "image/png", sizeBytes: PNG.length });
    const detail = await hedong.get<ProjectDetail>(`/api/projects/${p.id}`);
    expect(detail.files.map((f) => f.fileName)).toEqual(["竣工照片.png"]);
    r = await hedong.inject(`/api/projects/files/${file.id}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toBe("image/png");
    expect(r.headers["content-disposition"]).toMatch(/^inline/);
    expect(Buffer.compare(r.rawPayload, PNG)).toBe(0);
    r = await hedong.inject({ method: "DELETE", url: `/api/projects/files/${file.id}` });
    expect(r.statusCode).toBe(200);
    expect((await hedong.get<ProjectDetail>(`/api/projects/${p.id}`)).files).toEqual([]);
  });

  it("refuses a file that only pretends to be a photo, and types it cannot show", async () => {
    const p = (await c.get<ProjectPage>(`/api/projects?fundYearId=${fy}&pageSize=1`)).items[0];
    let r = await c.inject({ method: "POST", url: `/api/projects/${p.id}/files`, ...multipart("假照片.png", Buffer.from("<svg onload=alert(1)>")) });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.message).toContain("不是有效的图片");
    r = await c.inject({ method: "POST", url: `/api/projects/${p.id}/files`, ...multipart("脚本.svg", Buffer.from("<svg/>")) });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.message).toContain("只能上传照片");
  });

  it("a county user cannot attach files to another county's project", async () => {
    const hedong = await t.as("hedong");
    const other = (await c.get<ProjectPage>(`/api/projects?fundYearId=${fy}&countyId=${countyId("兰山区")}&pageSize=1`)).items[0];
    const r = await hedong.inject({ method: "POST", url: `/api/projects/${other.id}/files`, ...multipart("a.png", PNG) });
    expect(r.statusCode).toBe(403);
  });
});
