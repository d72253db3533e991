/**
 * 因素法 allocation over the API on the demo: 2022's money from the 2021 registry and scores. Amounts
 * sum exactly to T, a score below the mean costs money, an overdue rectification item cuts, the roles'
 * access, the scheme's revision lock and weights check, the export's totals and the draft 下达 batch
 * through the allocation import's dry run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import type { FundYear } from "../../../contracts/funds";
import type { AllocationSchemeView, AllocationView, CoefficientView, DraftBatchTrial, PlanSummary, PlanView } from "../../../contracts/allocation";
import { formatWan } from "../../../core/money";
import { formatYuan } from "../../../core/format";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { findings, rectificationItems } from "../../../db/schema";
import { RESULT_HEADERS } from "./export-allocation";

let t: TestApp;
let fin: Client;
let basis: FundYear;

beforeAll(async () => {
  t = await createTestApp();
  fin = await t.as("caizheng");
  basis = (await fin.get<FundYear[]>("/api/fund-years")).find((f) => f.year === 2021)!;
});
afterAll(() => t.close());

// 25000 万元 and one 分: the remainder must land somewhere, exactly once.
const TOTAL_WAN = "25000.000001";
const TOTAL_FEN = 25_000_000_001;
const request = (extra: object = {}) => ({ basisFundYearId: basis.id, year: 2022, totalWan: TOTAL_WAN, schemeCode: "caizong-2019-31", factorBasis: "completed", ...extra });
const preview = async (c: Client, extra: object = {}) => {
  const r = await c.inject({ method: "POST", url: "/api/allocation/preview", payload: request(extra) });
  expect(r.statusCode, r.body).toBe(200);
  return JSON.parse(r.body) as AllocationView;
};

describe(`allocation (${engine})`, () => {
  it("shares the total exactly to the 分 among the counties, by both schemes", async () => {
    for (const schemeCode of ["caizong-2019-31", "workload-2022"]) {
      const v = await preview(fin, { schemeCode });
      expect(v.totalFen).toBe(TOTAL_FEN);
      expect(v.lines.length).toBeGreaterThan(1);
      expect(v.lines.reduce((a, l) => a + l.amountFen, 0)).toBe(TOTAL_FEN);
      expect(v.totals.amountFen).toBe(TOTAL_FEN);
      for (const l of v.lines) {
        expect(Number.isSafeInteger(l.amountFen)).toBe(true);
        expect(l.amountFen).toBe(l.computedFen + l.cutFen);
        expect(l.movedByScoreFen).toBe(l.amountFen - l.atMeanScoreFen);
      }
      // Every alternative is a full allocation of the same total.
      expect(v.lines.reduce((a, l) => a + l.withoutPerformanceFen, 0)).toBe(TOTAL_FEN);
      expect(v.task).not.toBeNull();
      expect(v.scheme.code).toBe(schemeCode);
      expect(v.lines[0].factors.map((f) => f.unit)).toEqual(["㎡", "户", "栋", "个"]);
    }
  });

  it("gives a county with a score below the mean less than it would have at the mean, and a what-if score moves it", async () => {
    const v = await preview(fin);
    expect(v.meanScore).not.toBeNull();
    const low = v.lines.filter((l) => l.score !== null && l.score < v.meanScore!).sort((a, b) => a.score! - b.score!)[0];
    expect(low, "a county below the mean").toBeDefined();
    expect(low.amountFen).toBeLessThan(low.atMeanScoreFen);
    expect(low.movedByScoreFen).toBeLessThan(0);
    const high = v.lines.filter((l) => l.score !== null && l.score > v.meanScore! && l.cutReasons.length === 0)[0];
    if (high) expect(high.movedByScoreFen).toBeGreaterThan(0);

    const raised = await preview(fin, { scoreOverrides: [{ countyId: low.countyId, score: 10000 }] });
    const line = raised.lines.find((l) => l.countyId === low.countyId)!;
    expect(line.scoreOverridden).toBe(true);
    expect(line.score).toBe(10000);
    expect(line.actualScore).toBe(low.score);
    expect(line.grade).toBe("优");
    expect(line.performanceFen).toBeGreaterThan(low.performanceFen);
    expect(raised.lines.reduce((a, l) => a + l.amountFen, 0)).toBe(TOTAL_FEN);
    expect(raised.notes.some((n) => n.includes("测算") && n.includes(low.name))).toBe(true);
  });

  it("cuts a county with an overdue rectification item, and gives the cut to the others", async () => {
    const before = await preview(fin);
    const target = before.lines.find((l) => l.cutReasons.length === 0 && l.score !== null)!;
    expect(target).toBeDefined();
    const db = t.db.db;
    const [finding] = await db
      .insert(findings)
      .values({ taskId: before.task!.id, scope: "county", countyId: target.countyId, category: "资金管理", severity: "major", title: "资金拨付滞后", description: "测试问题", origin: "manual", createdByName: "测试" })
      .returning();
    await db.insert(rectificationItems).values({
      findingId: finding.id,
      ownerKind: "county",
      ownerCountyId: target.countyId,
      deadline: "2022-06-30",
      measures: "加快拨付",
      state: "in_progress",
      overdueSince: "2022-07-01",
      createdByName: "测试",
    });
    const after = await preview(fin);
    const cut = after.lines.find((l) => l.countyId === target.countyId)!;
    expect(cut.rectification.overdue).toBe(1);
    expect(cut.cutReasons).toContain("整改逾期1项");
    expect(cut.cutFen).toBeLessThan(0);
    // 10% of its computed amount (the default rule), within a 分 of rounding.
    expect(Math.abs(cut.cutFen + Math.round(cut.computedFen / 10))).toBeLessThanOrEqual(1);
    expect(after.lines.reduce((a, l) => a + l.amountFen, 0)).toBe(TOTAL_FEN);
    expect(after.lines.filter((l) => l.cutReasons.length === 0).every((l) => l.cutFen >= 0)).toBe(true);

    // The rule is data: switched off, nothing is cut.
    const rule = await fin.get<{ enabled: boolean }>("/api/allocation/cut-rule");
    const off = await fin.inject({ method: "PUT", url: "/api/allocation/cut-rule", payload: { ...rule, enabled: false } });
    expect(off.statusCode, off.body).toBe(200);
    expect((await preview(fin)).lines.every((l) => l.cutFen === 0)).toBe(true);
    expect((await fin.inject({ method: "PUT", url: "/api/allocation/cut-rule", payload: rule })).statusCode).toBe(200);
  });

  it("uses the 财政困难程度系数 of the allocation year (1 when none is recorded)", async () => {
    const url = `/api/allocation/coefficients?cityRegionId=${basis.region.id}&year=2022`;
    const recorded = await fin.get<CoefficientView[]>(url);
    const v = await preview(fin);
    for (const l of v.lines) expect(l.difficulty).toBe(recorded.find((c) => c.countyId === l.countyId)!.coefficient);
    const unrecorded = recorded.filter((c) => !c.recorded);
    for (const c of unrecorded) expect(c.coefficient).toBe("1");
    expect(v.notes.some((n) => n.includes("未录入2022年度财政困难程度系数"))).toBe(unrecorded.length > 0);
    const county = v.lines.find((l) => l.cutReasons.length === 0)!;
    const put = await fin.inject({ method: "PUT", url: "/api/allocation/coefficients", payload: { cityRegionId: basis.region.id, year: 2022, items: [{ countyId: county.countyId, coefficient: "9.5", note: "测试" }] } });
    expect(put.statusCode, put.body).toBe(200);
    expect((await fin.get<CoefficientView[]>(url)).find((c) => c.countyId === county.countyId)).toMatchObject({ coefficient: "9.5", recorded: true, note: "测试" });
    const w = await preview(fin);
    const line = w.lines.find((l) => l.countyId === county.countyId)!;
    expect(line.difficulty).toBe("9.5");
    expect(line.factorFen).toBeGreaterThan(county.factorFen);
    const bad = await fin.inject({ method: "PUT", url: "/api/allocation/coefficients", payload: { cityRegionId: basis.region.id, year: 2022, items: [{ countyId: county.countyId, coefficient: "-1" }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("系数应为不小于 0 的数");
    // Back as it was, so the other tests see the demo as it is.
    await fin.inject({ method: "PUT", url: "/api/allocation/coefficients", payload: { cityRegionId: basis.region.id, year: 2022, items: [{ countyId: county.countyId, coefficient: county.difficulty }] } });
  });

  it("lets finance manage, housing and audit read, and refuses county, evaluator and utility accounts", async () => {
    const body = { ...request(), name: "访问测试" };
    const created = await fin.inject({ method: "POST", url: "/api/allocation/plans", payload: body });
    expect(created.statusCode, created.body).toBe(200);
    const plan = JSON.parse(created.body) as PlanView;
    for (const reader of ["zhujian", "shenji"]) {
      const c = await t.as(reader);
      expect((await c.inject("/api/allocation/schemes")).statusCode).toBe(200);
      expect((await c.inject(`/api/allocation/plans/${plan.id}`)).statusCode).toBe(200);
      expect((await c.inject({ method: "POST", url: "/api/allocation/preview", payload: request() })).statusCode).toBe(200);
      expect((await c.inject({ method: "POST", url: "/api/allocation/plans", payload: body })).statusCode).toBe(403);
      expect((await c.inject({ method: "DELETE", url: `/api/allocation/plans/${plan.id}` })).statusCode).toBe(403);
      expect((await c.inject({ method: "PUT", url: "/api/allocation/cut-rule", payload: { enabled: false, grades: [], overdue: false, returned: false, cutBp: 0 } })).statusCode).toBe(403);
    }
    for (const refused of ["lanshan", "pingjia", "zhuanying"]) {
      const c = await t.as(refused);
      for (const url of ["/api/allocation/schemes", "/api/allocation/plans", `/api/allocation/plans/${plan.id}`, "/api/allocation/cut-rule"]) {
        const r = await c.inject(url);
        expect(r.statusCode, `${refused} ${url}`).toBe(403);
      }
      expect((await c.inject({ method: "POST", url: "/api/allocation/preview", payload: request() })).statusCode).toBe(403);
    }
    const listed = await fin.get<PlanSummary[]>(`/api/allocation/plans?cityRegionId=${basis.region.id}&year=2022`);
    expect(listed.some((p) => p.id === plan.id && p.createdByName.length > 0)).toBe(true);
    expect((await fin.inject({ method: "DELETE", url: `/api/allocation/plans/${plan.id}` })).statusCode).toBe(200);
    expect((await fin.inject(`/api/allocation/plans/${plan.id}`)).statusCode).toBe(404);
  });

  it("refuses a stale scheme revision (409) and weights that do not sum to 100%, in Chinese", async () => {
    const schemes = await fin.get<AllocationSchemeView[]>("/api/allocation/schemes");
    expect(schemes.map((s) => s.code)).toEqual(expect.arrayContaining(["caizong-2019-31", "workload-2022"]));
    const s = schemes.find((x) => x.code === "caizong-2019-31")!;
    const url = `/api/allocation/schemes/${s.code}`;
    const bad = await fin.inject({ method: "PUT", url, payload: { definition: { ...s.definition, performanceWeightBp: 2000 }, revision: s.revision } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error.message).toContain("因素权重与绩效权重之和应为100%，现为110%");
    const ok = await fin.inject({ method: "PUT", url, payload: { definition: s.definition, revision: s.revision } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(JSON.parse(ok.body).revision).toBe(s.revision + 1);
    const stale = await fin.inject({ method: "PUT", url, payload: { definition: s.definition, revision: s.revision } });
    expect(stale.statusCode).toBe(409);
    expect(JSON.parse(stale.body).error.message).toContain("请刷新后重新修改");
    const unknown = await fin.inject({ method: "POST", url: "/api/allocation/preview", payload: request({ schemeCode: "nope" }) });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain("分配方案「nope」不存在");
    const badTotal = await fin.inject({ method: "POST", url: "/api/allocation/preview", payload: request({ totalWan: "12.3456789" }) });
    expect(badTotal.statusCode).toBe(400);
    expect(badTotal.body).toContain("分配总额（万元）");
  });

  it("exports a plan whose totals row equals the plan's total, with the parameters", async () => {
    const plan = JSON.parse((await fin.inject({ method: "POST", url: "/api/allocation/plans", payload: { ...request(), name: "导出测试" } })).body) as PlanView;
    const r = await fin.inject(`/api/allocation/plans/${plan.id}/export`);
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet("分配结果")!;
    const header = sheet.getRow(3).values as unknown[];
    expect(header.slice(1)).toEqual(RESULT_HEADERS);
    const col = (h: string) => RESULT_HEADERS.indexOf(h) + 1;
    const totals = sheet.getRow(sheet.rowCount);
    expect(totals.getCell(1).value).toBe("合计");
    expect(totals.getCell(col("分配金额（元）")).value).toBe(formatYuan(plan.totalFen));
    expect(totals.getCell(col("分配金额（万元）")).value).toBe(Number(formatWan(plan.totalFen)));
    expect(sheet.rowCount - 4).toBe(plan.result.lines.length);
    const params = wb.getWorksheet("参数")!;
    const text = params.getSheetValues().flat().join("|");
    for (const s of ["因素法（财综〔2019〕31号）", "改造面积权重", "40%", "核减规则", plan.result.task!.name]) expect(text).toContain(s);
  });

  it("makes a draft 下达 batch that passes the allocation import's dry run into 2022", async () => {
    const planned = await fin.inject({ method: "POST", url: "/api/allocation/preview", payload: request({ factorBasis: "planned" }) });
    expect(planned.statusCode).toBe(400);
    expect(planned.body).toContain("2022年度");
    const plan = JSON.parse((await fin.inject({ method: "POST", url: "/api/allocation/plans", payload: { ...request(), name: "下达草稿" } })).body) as PlanView;
    const none = JSON.parse((await fin.inject({ method: "POST", url: `/api/allocation/plans/${plan.id}/draft-batch/trial` })).body) as DraftBatchTrial;
    expect(none).toMatchObject({ targetFundYearId: null, report: null });
    expect(none.message).toContain("请先开启2022年度");

    const next = await fin.inject({ method: "POST", url: `/api/fund-years/${basis.id}/next`, payload: {} });
    expect(next.statusCode, next.body).toBe(200);
    const withoutProjects = await fin.inject({ method: "POST", url: "/api/allocation/preview", payload: request({ factorBasis: "planned" }) });
    expect(withoutProjects.statusCode).toBe(400);
    expect(withoutProjects.body).toContain("还没有登记项目");

    const file = await fin.inject(`/api/allocation/plans/${plan.id}/draft-batch`);
    expect(file.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1, 5)).toEqual(["县区", "资金来源", "金额（万元）", "文号"]);

    const trial = await fin.inject({ method: "POST", url: `/api/allocation/plans/${plan.id}/draft-batch/trial` });
    expect(trial.statusCode, trial.body).toBe(200);
    const result = JSON.parse(trial.body) as DraftBatchTrial;
    expect(result.report!.problems).toEqual([]);
    expect(result.report!.dryRun).toBe(true);
    expect(result.report!.newCount).toBe(plan.result.lines.filter((l) => l.amountFen > 0).length);
    expect(result.report!.newAmountFen).toBe(plan.totalFen);
    expect(result.message).toContain("试导入通过");
    // A reader may download the draft, not try it.
    expect((await (await t.as("zhujian")).inject({ method: "POST", url: `/api/allocation/plans/${plan.id}/draft-batch/trial` })).statusCode).toBe(403);
  });
});
