import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { FundsSummary, FundYear } from "../../../contracts/funds";
import type { Targets } from "../../../contracts/projects";
import type { FundYearDetail, Programme, SetupSource } from "../../../contracts/setup";
import { auditEvents, programmes, monitoringIndicators, monitoringSettings, performanceTargets, regions, reportParagraphs } from "../../../db/schema";
import { DEFAULT_TEMPLATE_CODE } from "../../../db/builtins/evaluations";
import { BUILTIN_MONITORING, ensureProgrammeBuiltIns } from "../../../db/builtins/programmes";
import { DEMO_INDICATORS } from "../../../db/demo/projects";
import { resolveRelative } from "../../../core/fund-year";
import { DEFAULT_PAYMENT_SCHEDULE } from "../../../core/monitoring";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { createTestDb, engine } from "../../../test/db";
import { makeXlsx, multipart } from "../../../test/xlsx";

let t: TestApp;
let fin: Client;
let demo: FundYear;
let cityId: number;
let builtin: Programme;

beforeAll(async () => {
  t = await createTestApp();
  fin = await t.as("caizheng");
  [demo] = await fin.get<FundYear[]>("/api/fund-years");
  cityId = demo.region.id;
  builtin = (await fin.get<Programme[]>("/api/programmes")).find((p) => p.builtin)!;
});
afterAll(() => t.close());

const post = (c: Client, url: string, payload: unknown, method: "POST" | "PATCH" | "DELETE" = "POST") => c.inject({ method, url, payload: payload as object });
const body = (r: { body: string }) => JSON.parse(r.body);
const auditOf = (entityType: string, entityId: number | string) =>
  t.db.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, String(entityId)))).orderBy(asc(auditEvents.seq));

describe(`资金来源 (${engine})`, () => {
  it("lists the demo's ten sources in order, 财政 before 非财政, those in the ledger marked in use", async () => {
    const sources = await fin.get<SetupSource[]>("/api/funding-sources");
    expect(sources.map((s) => s.name)).toEqual(["中央补助", "省级补助", "市级补助", "县级配套", "专项债券", "居民出资", "原产权单位出资", "企业/社会资本", "专营单位出资", "银行贷款"]);
    expect(sources[0]).toMatchObject({ code: "central", category: "fiscal", categoryLabel: "财政", inUse: true });
    expect(sources[5]).toMatchObject({ categoryLabel: "非财政" });
  });

  it("finance adds a source with a generated code, last in order; a second of the same name is refused", async () => {
    const r = await post(fin, "/api/funding-sources", { name: "彩票公益金", category: "fiscal" });
    expect(r.statusCode, r.body).toBe(200);
    const s: SetupSource = body(r);
    expect(s).toMatchObject({ name: "彩票公益金", category: "fiscal", inUse: false, sortOrder: 11 });
    expect(s.code).toMatch(/^source-\d+$/);
    const dup = await post(fin, "/api/funding-sources", { name: "彩票公益金", category: "non_fiscal" });
    expect(dup.statusCode).toBe(409);
    expect(body(dup).error.message).toBe("资金来源「彩票公益金」已存在，请换一个名称");
    const upd = await post(fin, `/api/funding-sources/${s.id}`, { name: "福彩公益金", category: "non_fiscal", sortOrder: 3 }, "PATCH");
    expect(body(upd)).toMatchObject({ name: "福彩公益金", category: "non_fiscal", sortOrder: 3 });
    expect((await post(fin, `/api/funding-sources/${s.id}`, undefined, "DELETE")).statusCode).toBe(200);
    const trail = await auditOf("funding_source", s.id);
    expect(trail.map((a) => a.action)).toEqual(["create", "update", "delete"]);
    expect(trail[1].before).toMatchObject({ name: "彩票公益金", category: "fiscal" });
  });

  it("a source named by allocations and payments cannot be deleted", async () => {
    const central = (await fin.get<SetupSource[]>("/api/funding-sources"))[0];
    const r = await post(fin, `/api/funding-sources/${central.id}`, undefined, "DELETE");
    expect(r.statusCode).toBe(409);
    expect(body(r).error.message).toBe("资金来源「中央补助」已被资金下达、资金支付、项目计划投资使用，不能删除；可修改名称或排序");
  });

  it("a county user and housing may read sources but not change them", async () => {
    for (const who of ["lanshan", "zhujian"]) {
      const c = await t.as(who);
      expect((await c.get<SetupSource[]>("/api/funding-sources")).length).toBe(10);
      expect((await post(c, "/api/funding-sources", { name: "某来源", category: "fiscal" })).statusCode).toBe(403);
      expect((await post(c, "/api/programmes", { name: "某项目" })).statusCode).toBe(403);
      expect((await post(c, "/api/fund-years", { programmeId: builtin.id, regionId: cityId, year: 2030, evaluationDate: "2031-06-30" })).statusCode).toBe(403);
      expect((await post(c, `/api/fund-years/${demo.id}/close`, {})).statusCode).toBe(403);
    }
  });
});

describe(`资金项目 (${engine})`, () => {
  it("the built-in programme is the demo's, on the default template, monitored as the demo year is", async () => {
    expect(builtin).toMatchObject({ code: DEFAULT_TEMPLATE_CODE, name: "老旧小区改造补助资金", templateCode: DEFAULT_TEMPLATE_CODE, builtin: true, contentItems: null, fundYears: 1 });
    expect(builtin.templateName).toBeTruthy();
    expect(demo.programmeId).toBe(builtin.id);
    // The relative defaults, made absolute for 2021, are the demo year's five indicators.
    expect(
      builtin.monitoring.indicators.map((x) => ({ measure: x.measure, name: x.name, windowFrom: resolveRelative(2021, x.from), windowTo: resolveRelative(2021, x.to), yellowGapBp: x.yellowGapBp, redGapBp: x.redGapBp })),
    ).toEqual(DEMO_INDICATORS);
    expect(builtin.monitoring.periodKind).toBe("quarter");
  });

  it("is installed without the demo too, once, however often it is asked for; an older row of its code is adopted", async () => {
    const bare = await createTestDb();
    try {
      // Migrating wrote it; then as an older demo load left it: the code and name only.
      const [installed] = await bare.db.select().from(programmes).where(eq(programmes.code, DEFAULT_TEMPLATE_CODE));
      expect(installed).toMatchObject({ builtin: true, templateCode: DEFAULT_TEMPLATE_CODE });
      await bare.db.update(programmes).set({ builtin: false, templateCode: null, monitoring: null }).where(eq(programmes.id, installed.id));
      const a = await ensureProgrammeBuiltIns(bare.db);
      expect(a.id).toBe(installed.id);
      const b = await ensureProgrammeBuiltIns(bare.db);
      expect(b.id).toBe(a.id);
      expect(a).toMatchObject({ code: DEFAULT_TEMPLATE_CODE, builtin: true, templateCode: DEFAULT_TEMPLATE_CODE, monitoring: BUILTIN_MONITORING });
    } finally {
      await bare.destroy();
    }
  });

  it("creates and edits a programme; unknown templates, catalogue items and bad monitoring are refused", async () => {
    const bad = async (payload: object, message: RegExp) => {
      const r = await post(fin, "/api/programmes", { name: "城市更新补助资金", ...payload });
      expect(r.statusCode, r.body).toBe(400);
      expect(body(r).error.message).toMatch(message);
    };
    await bad({ templateCode: "no-such" }, /指标体系模板「no-such」不存在/);
    await bad({ contentItems: ["no-such-item"] }, /改造内容目录中没有：no-such-item/);
    const monitoring = { periodKind: "month", indicators: [{ ...BUILTIN_MONITORING.indicators[0], yellowGapBp: 3000, redGapBp: 2000 }] };
    await bad({ monitoring }, /红色预警偏差不能小于黄色预警偏差/);
    const reversed = { periodKind: "month", indicators: [{ ...BUILTIN_MONITORING.indicators[0], from: { yearOffset: 1, monthDay: "01-01" } }] };
    await bad({ monitoring: reversed }, /监测期结束（当年06-30）早于开始（次年01-01）/);

    const r = await post(fin, "/api/programmes", { name: "城市更新补助资金", templateCode: DEFAULT_TEMPLATE_CODE, monitoring: { periodKind: "month", indicators: [BUILTIN_MONITORING.indicators[4]] } });
    expect(r.statusCode, r.body).toBe(200);
    const p: Programme = body(r);
    expect(p).toMatchObject({ builtin: false, templateCode: DEFAULT_TEMPLATE_CODE, fundYears: 0, monitoring: { periodKind: "month" } });
    const dup = await post(fin, "/api/programmes", { name: "城市更新补助资金" });
    expect(dup.statusCode).toBe(409);
    const upd = await post(fin, `/api/programmes/${p.id}`, { name: "城市更新资金", templateCode: null }, "PATCH");
    expect(body(upd)).toMatchObject({ name: "城市更新资金", templateCode: null, templateName: null });
    expect((await auditOf("programme", p.id)).map((a) => a.action)).toEqual(["create", "update"]);
  });
});

describe(`资金年度 (${engine})`, () => {
  it("creates a year with windows defaulting from the year, the template's published version and the programme's monitoring", async () => {
    const r = await post(fin, "/api/fund-years", { programmeId: builtin.id, regionId: cityId, year: 2024, evaluationDate: "2025-06-30" });
    expect(r.statusCode, r.body).toBe(200);
    const d: FundYearDetail = body(r);
    expect(d.fundYear).toMatchObject({
      year: 2024,
      region: { id: cityId, name: "临沂市" },
      evaluationDate: "2025-06-30",
      allocationFrom: "2023-10-01",
      allocationTo: "2024-12-31",
      paymentFrom: "2024-01-01",
      paymentTo: "2025-12-31",
      isDemo: false,
      closed: false,
      previousId: null,
    });
    expect(d.template).toMatchObject({ code: DEFAULT_TEMPLATE_CODE, version: 1 });
    expect(d.carried).toEqual({ periodKind: "quarter", monitoringIndicators: 5, targets: 0, paragraphs: 0 });
    expect(d.holds).toEqual({ projects: 0, allocations: 0, payments: 0 });
    const ind = await t.db.db.select().from(monitoringIndicators).where(eq(monitoringIndicators.fundYearId, d.fundYear.id)).orderBy(asc(monitoringIndicators.sortOrder));
    expect(ind.map((i) => [i.measure, i.windowFrom, i.windowTo])).toEqual([
      ["start", "2024-03-01", "2024-06-30"],
      ["completion", "2024-07-01", "2024-12-31"],
      ["physical", "2024-03-01", "2024-12-31"],
      ["investment", "2024-03-01", "2025-03-31"],
      ["payment", "2024-04-16", "2025-06-30"],
    ]);
    // The header's year selector offers it.
    expect((await fin.get<FundYear[]>("/api/fund-years")).map((f) => f.year)).toContain(2024);
    expect((await auditOf("fund_year", d.fundYear.id))[0]).toMatchObject({ action: "create", summary: "新建资金年度：临沂市2024年度老旧小区改造补助资金（评价日 2025-06-30）" });

    const dup = await post(fin, "/api/fund-years", { programmeId: builtin.id, regionId: cityId, year: 2024, evaluationDate: "2025-06-30" });
    expect(dup.statusCode).toBe(409);
    expect(body(dup).error.message).toBe("临沂市2024年度老旧小区改造补助资金已存在，不能重复新建");
  });

  it("refuses windows out of order, a 评价日 before the year, a county as the region and a region outside the actor's subtree", async () => {
    const base = { programmeId: builtin.id, regionId: cityId, year: 2025, evaluationDate: "2026-06-30" };
    const order = await post(fin, "/api/fund-years", { ...base, paymentFrom: "2026-01-01", paymentTo: "2025-12-31" });
    expect(order.statusCode).toBe(400);
    expect(body(order).error.message).toContain("资金支付期的开始日期不能晚于结束日期");
    const early = await post(fin, "/api/fund-years", { ...base, evaluationDate: "2024-12-31" });
    expect(body(early).error.message).toContain("评价日不能早于2025年1月1日");
    const [lanshan] = await t.db.db.select().from(regions).where(eq(regions.name, "兰山区"));
    const county = await post(fin, "/api/fund-years", { ...base, regionId: lanshan.id });
    expect(body(county).error.message).toBe("资金年度应属于市或省，「兰山区」是县区");
    // 山东省 is above the finance bureau of 临沂市: not in its subtree.
    const [province] = await t.db.db.select().from(regions).where(eq(regions.name, "山东省"));
    expect((await post(fin, "/api/fund-years", { ...base, regionId: province.id })).statusCode).toBe(404);
  });

  it("开启下一年度 on the demo 2021 year: 2022 with 2021's settings a year later and no money; 2021 unchanged", async () => {
    const snapshot = async (id: number) => ({
      summary: (await fin.get<FundsSummary>(`/api/funds/summary?fundYearId=${id}`)).total,
      targets: await fin.get<Targets>(`/api/targets?fundYearId=${id}`),
      indicators: await t.db.db.select().from(monitoringIndicators).where(eq(monitoringIndicators.fundYearId, id)).orderBy(asc(monitoringIndicators.id)),
      settings: await t.db.db.select().from(monitoringSettings).where(eq(monitoringSettings.fundYearId, id)),
      paragraphs: await t.db.db.select().from(reportParagraphs).where(eq(reportParagraphs.fundYearId, id)).orderBy(asc(reportParagraphs.id)),
    });
    // The 2021 year measures payments on its own schedule, which the next year carries.
    const schedule = DEFAULT_PAYMENT_SCHEDULE.map((x) => ({ ...x, termDays: x.termDays + 30 }));
    await t.db.db.update(monitoringSettings).set({ paymentSchedule: schedule }).where(eq(monitoringSettings.fundYearId, demo.id));
    const before = await snapshot(demo.id);
    const r = await post(fin, `/api/fund-years/${demo.id}/next`, {});
    expect(r.statusCode, r.body).toBe(200);
    const d: FundYearDetail = body(r);
    expect(d.fundYear).toMatchObject({
      year: 2022,
      evaluationDate: "2023-06-30",
      allocationFrom: "2021-10-01",
      allocationTo: "2022-12-31",
      paymentFrom: "2022-01-01",
      paymentTo: "2023-12-31",
      previousId: demo.id,
      isDemo: false,
    });
    expect(d.previous).toEqual({ id: demo.id, year: 2021 });
    expect(d.holds).toEqual({ projects: 0, allocations: 0, payments: 0 });
    const next = await snapshot(d.fundYear.id);
    expect(next.summary).toMatchObject({ allocatedFen: 0, paidFen: 0 });
    expect(next.settings.map((s) => [s.periodKind, s.paymentSchedule])).toEqual([["quarter", schedule]]);
    expect(next.indicators.map((i) => [i.measure, i.windowFrom, i.windowTo, i.yellowGapBp, i.redGapBp])).toEqual(
      before.indicators.map((i) => [i.measure, i.windowFrom.replace(/^(\d{4})/, (y) => String(Number(y) + 1)), i.windowTo.replace(/^(\d{4})/, (y) => String(Number(y) + 1)), i.yellowGapBp, i.redGapBp]),
    );
    // The targets skeleton: every indicator of every scope, 待设定, no completion rate.
    const lines = (x: Targets) => x.scopes.flatMap((s) => s.targets.map((l) => `${s.county?.name ?? "全市"}|${l.indicator}|${l.unit}|${l.direction}`));
    const targetRows = await t.db.db.select().from(performanceTargets).where(eq(performanceTargets.fundYearId, d.fundYear.id));
    expect(targetRows.length).toBe(d.carried.targets);
    expect(targetRows.length).toBeGreaterThan(100);
    expect(targetRows.every((x) => x.targetValue === null && x.manualActual === null)).toBe(true);
    const city = next.targets.scopes.find((s) => s.county === null)!;
    expect(city.targets.length).toBe(9);
    expect(city.targets.every((l) => l.target === null && l.completionBp === null && l.met === null)).toBe(true);
    expect(lines(before.targets).filter((l) => l.startsWith("全市"))).toEqual(lines(next.targets).filter((l) => l.startsWith("全市")));
    // The year's own report texts, not its cover month.
    expect(next.paragraphs.map((p) => p.key).sort()).toEqual(before.paragraphs.filter((p) => p.taskId === null && p.key !== "cover.date").map((p) => p.key).sort());

    const after = await snapshot(demo.id);
    expect(after).toEqual(before);
    expect(before.summary.allocatedFen).toBeGreaterThan(0);

    const again = await post(fin, `/api/fund-years/${demo.id}/next`, {});
    expect(again.statusCode).toBe(409);
    expect(body(again).error.message).toBe("临沂市2022年度老旧小区改造补助资金已存在，不能重复新建");
    expect((await auditOf("fund_year", d.fundYear.id))[0].summary).toMatch(/^开启下一年度：临沂市2022年度老旧小区改造补助资金（沿用2021年度的设置：监测指标 5 项/);
  });

  it("a closed year refuses imports and project edits until finance reopens it with a reason", async () => {
    const ledger = await fin.get<{ counties: { id: number; name: string }[] }>(`/api/funds/summary?fundYearId=${demo.id}`);
    const hedong = ledger.counties.find((c) => c.name === "河东区")!;
    const project = (await fin.get<{ projects: { id: number; code: string; name: string }[] }>(`/api/funds/counties/${hedong.id}?fundYearId=${demo.id}`)).projects[0];
    const file = await makeXlsx(["县区", "项目编号", "资金来源", "金额（元）", "支付日期", "凭证号", "备注"], [["河东区", project.code, "省级补助", 1000, "2022-03-15", "ZF-CLOSED-1", null]]);
    const upload = (dryRun: boolean) => {
      const { payload, headers } = multipart("支付.xlsx", file);
      return fin.inject({ method: "POST", url: `/api/imports/payments?fundYearId=${demo.id}&dryRun=${dryRun}`, payload, headers });
    };
    const edit = async () => {
      const { version } = (await fin.get<{ project: { version: number } }>(`/api/projects/${project.id}`)).project;
      return post(fin, `/api/projects/${project.id}`, { name: project.name + "（改）", version }, "PATCH");
    };
    const closedMessage = "资金年度「临沂市2021年度老旧小区改造补助资金」已关闭，只读；如需修改请由财政部门重新打开";

    const closed = await post(fin, `/api/fund-years/${demo.id}/close`, { reason: "年度评价已定稿" });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(body(closed)).toMatchObject({ fundYear: { closed: true }, closedBy: "市财政局绩效科（caizheng）" });
    expect((await fin.get<FundYear[]>("/api/fund-years")).find((f) => f.id === demo.id)!.closed).toBe(true);
    expect((await post(fin, `/api/fund-years/${demo.id}/close`, {})).statusCode).toBe(409);

    for (const dryRun of [true, false]) {
      const r = await upload(dryRun);
      expect(r.statusCode).toBe(409);
      expect(body(r).error.message).toBe(closedMessage);
    }
    const refused = await edit();
    expect(refused.statusCode).toBe(409);
    expect(body(refused).error.message).toBe(closedMessage);
    const [indicator] = await t.db.db.select().from(monitoringIndicators).where(eq(monitoringIndicators.fundYearId, demo.id));
    const { windowFrom, windowTo, yellowGapBp, redGapBp } = indicator;
    const threshold = await fin.inject({ method: "PUT", url: `/api/monitoring/indicators/${indicator.id}`, payload: { windowFrom, windowTo, yellowGapBp, redGapBp } });
    expect(body(threshold).error.message).toBe(closedMessage);
    // Reading goes on.
    expect((await fin.get<FundsSummary>(`/api/funds/summary?fundYearId=${demo.id}`)).total.allocatedFen).toBeGreaterThan(0);

    const noReason = await post(fin, `/api/fund-years/${demo.id}/reopen`, { reason: " " });
    expect(noReason.statusCode).toBe(400);
    expect(body(noReason).error.message).toContain("请填写重新打开的原因");
    const reopened = await post(fin, `/api/fund-years/${demo.id}/reopen`, { reason: "补录一笔支付" });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(body(reopened).fundYear.closed).toBe(false);

    const imported = await upload(false);
    expect(imported.statusCode, imported.body).toBe(200);
    expect(body(imported).newCount).toBe(1);
    expect((await edit()).statusCode).toBe(200);

    const trail = (await auditOf("fund_year", demo.id)).filter((a) => a.action === "close" || a.action === "reopen");
    expect(trail.map((a) => [a.action, a.summary])).toEqual([
      ["close", "关闭资金年度：临沂市2021年度老旧小区改造补助资金（年度评价已定稿）"],
      ["reopen", "重新打开资金年度：临沂市2021年度老旧小区改造补助资金，原因：补录一笔支付"],
    ]);
    expect(trail[0].before).toEqual({ closedAt: null, closedBy: null });
    expect(trail[1].after).toMatchObject({ closedAt: null, reason: "补录一笔支付" });
  });

  it("a year's detail links it to the year it came from and the year started from it", async () => {
    const years = await fin.get<FundYear[]>("/api/fund-years");
    const y2022 = years.find((f) => f.year === 2022)!;
    const rows = await t.db.db.select().from(performanceTargets).where(and(eq(performanceTargets.fundYearId, y2022.id), isNull(performanceTargets.countyId)));
    expect(rows.every((r) => r.targetValue === null)).toBe(true);
    const detail = await fin.get<FundYearDetail>(`/api/fund-years/${y2022.id}`);
    expect(detail).toMatchObject({ previous: { year: 2021 }, next: null, template: { code: DEFAULT_TEMPLATE_CODE } });
    expect((await fin.get<FundYearDetail>(`/api/fund-years/${demo.id}`)).next).toEqual({ id: y2022.id, year: 2022 });
  });
});
