import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Board, Cell, CountyMonitor } from "../../../contracts/monitoring";
import type { FundsSummary } from "../../../contracts/funds";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { DEFAULT_PAYMENT_SCHEDULE } from "../../../core/monitoring";

let t: TestApp;
let c: Client;
let fy: number;
let summary: FundsSummary;
beforeAll(async () => {
  t = await createTestApp();
  c = await t.as("caizheng");
  fy = (await c.get<{ id: number }[]>("/api/fund-years"))[0].id;
  summary = await c.get<FundsSummary>(`/api/funds/summary?fundYearId=${fy}`);
});
afterAll(() => t.close());

const countyId = (name: string) => summary.counties.find((x) => x.name === name)!.id;
const cell = (cells: Cell[], measure: Cell["measure"]) => cells.find((x) => x.measure === measure)!;

describe(`the 双监控 board (${engine})`, () => {
  it("opens at the 评价日's quarter: the ledger's 81.24% against what the projects' payment schedules made due, and only a handful of projects lag", async () => {
    const b = await c.get<Board>(`/api/monitoring/board?fundYearId=${fy}`);
    expect(b.period.code).toBe("2022-Q2");
    expect(b.periods.map((p) => p.code)).toEqual(["2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4", "2022-Q1", "2022-Q2"]);
    const pay = cell(b.city.cells, "payment");
    // Same money as the ledger (paid ÷ allocated up to 2022-06-30 = 81.24%), measured against the share
    // due by each project's schedule (mostly 70% half a year after 竣工验收; 97% after 结算), not 100%.
    expect(pay.progressBp).toBe(summary.total.executionBp);
    expect(pay.elapsedBp).toBeGreaterThan(5000);
    expect(pay.elapsedBp).toBeLessThan(8124);
    expect(pay.light).toBe("green");
    expect(cell(b.city.cells, "completion")).toMatchObject({ progressBp: 10000, light: "green" });
    expect(b.counties).toHaveLength(12);
    for (const row of b.counties) {
      const ledger = summary.byCounty.find((x) => x.countyId === row.county.id)!;
      expect(cell(row.cells, "payment").progressBp, row.county.name).toBe(ledger.executionBp);
      // A few real laggards at most, never most of a county's projects.
      expect(row.laggingProjects, row.county.name).toBeLessThanOrEqual(3);
    }
    const lagging = b.counties.reduce((a, r) => a + r.laggingProjects, 0);
    expect(lagging).toBeGreaterThanOrEqual(5);
    expect(lagging).toBeLessThanOrEqual(20);
    // 莒南县 has not reported the last quarter yet.
    expect(b.counties.find((x) => x.county.name === "莒南县")!.reported).toBe(0);
    expect(b.counties.find((x) => x.county.name === "兰山区")!.reported).toBe(42);
  });

  it("counts, per county, the projects the county's own view lights yellow or red, and those whose every lag has a cause", async () => {
    for (const period of ["2021-Q4", "2022-Q2"]) {
      const b = await c.get<Board>(`/api/monitoring/board?fundYearId=${fy}&period=${period}`);
      let lagging = 0;
      for (const row of b.counties) {
        const v = await c.get<CountyMonitor>(`/api/monitoring/counties/${row.county.id}?fundYearId=${fy}&period=${period}`);
        const flagged = v.projects.filter((p) => p.cells.some((x) => x.light === "yellow" || x.light === "red"));
        const explained = flagged.filter((p) => p.cells.every((x) => (x.light !== "yellow" && x.light !== "red") || x.explanation));
        expect({ county: row.county.name, period, lagging: row.laggingProjects, explained: row.explainedProjects, projects: row.projects }).toEqual({
          county: row.county.name,
          period,
          lagging: flagged.length,
          explained: explained.length,
          projects: v.projects.length,
        });
        lagging += flagged.length;
      }
      expect(lagging, period).toBeGreaterThan(0);
    }
  });

  it("sets a county's view against the city: the city's figure in each period and the county's rank, naming no other county", async () => {
    const board = await c.get<Board>(`/api/monitoring/board?fundYearId=${fy}&period=2022-Q1`);
    const lanshan = await t.as("lanshan");
    const v = await lanshan.get<CountyMonitor>(`/api/monitoring/counties/${countyId("兰山区")}?fundYearId=${fy}&period=2022-Q1`);
    expect(v.city.name).toBe("临沂市");
    // One city figure per period of the trend; the last is the board's own city row.
    expect(v.city.trend).toHaveLength(v.trend.length);
    expect(v.city.trend.at(-1)!.map((x) => [x.measure, x.progressBp, x.elapsedBp, x.light])).toEqual(board.city.cells.map((x) => [x.measure, x.progressBp, x.elapsedBp, x.light]));
    // The rank is the county's place among the board's counties (1 = furthest ahead).
    v.indicators.forEach((ind, i) => {
      const all = board.counties.map((r) => cell(r.cells, ind.measure).progressBp).filter((x): x is number => x !== null);
      const own = cell(v.cells, ind.measure).progressBp;
      expect(v.city.ranks[i], ind.name).toEqual({ rank: own === null ? null : 1 + all.filter((x) => x > own).length, of: all.length });
    });
    const text = JSON.stringify(v);
    for (const other of board.counties.filter((r) => r.county.name !== "兰山区")) expect(text).not.toContain(other.county.name);
  });

  it("flags a settled project whose remaining money is overdue, at the thresholds stored as data", async () => {
    const lanshan = await c.get<CountyMonitor>(`/api/monitoring/counties/${countyId("兰山区")}?fundYearId=${fy}`);
    const flagged = lanshan.projects.filter((p) => p.light !== "green" && p.light !== "none");
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.length).toBeLessThanOrEqual(3);
    // Each is settled and owes more than 10 points of the 97% due three months after 结算.
    for (const p of flagged) {
      expect(p.project.status).toBe("settled");
      expect(cell(p.cells, "payment")).toMatchObject({ elapsedBp: 9700, light: "yellow" });
    }
    const [first] = flagged;
    const gap = cell(first.cells, "payment").gapBp!;
    const q3 = await c.get<Board>(`/api/monitoring/board?fundYearId=${fy}&period=2021-Q3`);
    const lights = q3.counties.flatMap((r) => r.cells.map((x) => x.light));
    expect(lights).toContain("green");
    const indicator = q3.indicators.find((i) => i.measure === "payment")!;
    // Lower the red gap to just under that project's lag: it turns red.
    let r = await c.inject({ method: "PUT", url: `/api/monitoring/indicators/${indicator.id}`, payload: { windowFrom: indicator.windowFrom, windowTo: indicator.windowTo, yellowGapBp: 1000, redGapBp: gap - 1 } });
    expect(r.statusCode, r.body).toBe(200);
    const after = await c.get<CountyMonitor>(`/api/monitoring/counties/${countyId("兰山区")}?fundYearId=${fy}`);
    expect(cell(after.projects.find((p) => p.project.id === first.project.id)!.cells, "payment").light).toBe("red");
    r = await c.inject({ method: "PUT", url: `/api/monitoring/indicators/${indicator.id}`, payload: { windowFrom: indicator.windowFrom, windowTo: indicator.windowTo, yellowGapBp: 2000, redGapBp: 1000 } });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.message).toBe("红色预警偏差不能小于黄色预警偏差");
    await c.inject({ method: "PUT", url: `/api/monitoring/indicators/${indicator.id}`, payload: { windowFrom: indicator.windowFrom, windowTo: indicator.windowTo, yellowGapBp: 1000, redGapBp: 2000 } });
  });

  it("measures 资金支付进度 against the fund year's own payment schedule, which 住建 may change (audited) and a county may not", async () => {
    const before = await c.get<Board>(`/api/monitoring/board?fundYearId=${fy}`);
    expect(before.paymentSchedule).toEqual(DEFAULT_PAYMENT_SCHEDULE);
    const lanshanId = countyId("兰山区");
    const flaggedBefore = (await c.get<CountyMonitor>(`/api/monitoring/counties/${lanshanId}?fundYearId=${fy}`)).projects.filter((p) => cell(p.cells, "payment").light === "yellow");
    expect(flaggedBefore.length).toBeGreaterThan(0);
    const lowered = DEFAULT_PAYMENT_SCHEDULE.map((s) => (s.stage === "settlement" ? { ...s, shareBp: 8000 } : s));
    const zhujian = await t.as("zhujian");
    const put = (client: Client, steps: unknown) => client.inject({ method: "PUT", url: "/api/monitoring/payment-schedule", payload: { fundYearId: fy, steps } });
    try {
      // A county, the evaluator and the auditor are refused, and nothing changes.
      for (const who of ["lanshan", "pingjia", "shenji"]) expect((await put(await t.as(who), lowered)).statusCode, who).toBe(403);
      let r = await put(zhujian, lowered);
      expect(r.statusCode, r.body).toBe(200);
      expect(JSON.parse(r.body)).toEqual(lowered);
      // At once: a settled project is due 80% now, so those that paid about 80% no longer lag.
      const after = await c.get<Board>(`/api/monitoring/board?fundYearId=${fy}`);
      expect(after.paymentSchedule).toEqual(lowered);
      expect(after.indicators.find((i) => i.measure === "payment")!.expected).toContain("结算（或计划结算日）后 90 天内付至 80%");
      const lanshan = await c.get<CountyMonitor>(`/api/monitoring/counties/${lanshanId}?fundYearId=${fy}`);
      for (const p of flaggedBefore) {
        const pay = cell(lanshan.projects.find((x) => x.project.id === p.project.id)!.cells, "payment");
        expect(pay.elapsedBp, p.project.name).toBe(8000);
        expect(pay.light, p.project.name).toBe("green");
      }
      const audit = await c.get<{ items: { summary: string }[] }>("/api/audit?entityType=monitoring_settings");
      expect(audit.items[0].summary).toContain("修改2021年度资金支付节点：完工后 180 天内付至 50%");
      // A schedule whose shares fall, or out of order, is refused in Chinese and saves nothing.
      r = await put(zhujian, DEFAULT_PAYMENT_SCHEDULE.map((s) => (s.stage === "acceptance" ? { ...s, shareBp: 9800 } : s)));
      expect(r.statusCode).toBe(400);
      expect(JSON.parse(r.body).error.message).toBe("结算后的应付比例不能低于前一节点");
      r = await put(zhujian, [...DEFAULT_PAYMENT_SCHEDULE].reverse());
      expect(r.statusCode).toBe(400);
      expect(r.body).toContain("支付节点须依次为完工、竣工验收、结算");
      r = await put(zhujian, DEFAULT_PAYMENT_SCHEDULE.map((s) => (s.stage === "completion" ? { ...s, termDays: 800 } : s)));
      expect(r.statusCode).toBe(400);
      // Named once: the limit's own words carry the field's name.
      expect(JSON.parse(r.body).error.message).toBe("请求参数有误：「支付期限」应在 0 至 730 天之间");
      expect((await c.get<Board>(`/api/monitoring/board?fundYearId=${fy}`)).paymentSchedule).toEqual(lowered);
    } finally {
      expect((await put(zhujian, DEFAULT_PAYMENT_SCHEDULE)).statusCode).toBe(200);
    }
  });

  it("saves 资金支付进度's thresholds and payment schedule together, or neither", async () => {
    const board = await c.get<Board>(`/api/monitoring/board?fundYearId=${fy}`);
    const payment = board.indicators.find((i) => i.measure === "payment")!;
    const other = board.indicators.find((i) => i.measure !== "payment")!;
    const url = (i: { id: number }) => `/api/monitoring/indicators/${i.id}`;
    const keep = (i: typeof payment) => ({ windowFrom: i.windowFrom, windowTo: i.windowTo, yellowGapBp: i.yellowGapBp, redGapBp: i.redGapBp });
    const lowered = DEFAULT_PAYMENT_SCHEDULE.map((s) => (s.stage === "settlement" ? { ...s, shareBp: 8500 } : s));
    const zhujian = await t.as("zhujian");
    try {
      // A schedule the server refuses leaves the thresholds sent with it unsaved too.
      const falling = DEFAULT_PAYMENT_SCHEDULE.map((s) => (s.stage === "acceptance" ? { ...s, shareBp: 9800 } : s));
      let r = await zhujian.inject({ method: "PUT", url: url(payment), payload: { ...keep(payment), yellowGapBp: 1500, paymentSchedule: falling } });
      expect(r.statusCode).toBe(400);
      expect(JSON.parse(r.body).error.message).toBe("结算后的应付比例不能低于前一节点");
      let now = await c.get<Board>(`/api/monitoring/board?fundYearId=${fy}`);
      expect(now.indicators.find((i) => i.id === payment.id)!.yellowGapBp).toBe(payment.yellowGapBp);
      expect(now.paymentSchedule).toEqual(DEFAULT_PAYMENT_SCHEDULE);
      // Only 资金支付进度 follows a schedule.
      r = await zhujian.inject({ method: "PUT", url: url(other), payload: { ...keep(other), paymentSchedule: lowered } });
      expect(r.statusCode).toBe(400);
      expect(JSON.parse(r.body).error.message).toBe(`「${other.name}」不按支付节点计算，不能设置支付节点`);
      // Both at once, each audited.
      r = await zhujian.inject({ method: "PUT", url: url(payment), payload: { ...keep(payment), yellowGapBp: 1500, paymentSchedule: lowered } });
      expect(r.statusCode, r.body).toBe(200);
      now = await c.get<Board>(`/api/monitoring/board?fundYearId=${fy}`);
      expect(now.indicators.find((i) => i.id === payment.id)!.yellowGapBp).toBe(1500);
      expect(now.paymentSchedule).toEqual(lowered);
      const audit = await c.get<{ items: { summary: string }[] }>("/api/audit?entityType=monitoring_settings");
      expect(audit.items[0].summary).toContain("结算（或计划结算日）后 90 天内付至 85%");
    } finally {
      const r = await zhujian.inject({ method: "PUT", url: url(payment), payload: { ...keep(payment), paymentSchedule: DEFAULT_PAYMENT_SCHEDULE } });
      expect(r.statusCode, r.body).toBe(200);
    }
  });

  it("answers a period outside the monitoring window in Chinese", async () => {
    const r = await c.inject(`/api/monitoring/board?fundYearId=${fy}&period=2030-Q1`);
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.message).toContain("不在本年度的监测期内");
  });
});

describe(`a county's monitoring page (${engine})`, () => {
  it("shows its trend over the periods and every project with its lights and causes", async () => {
    const m = await c.get<CountyMonitor>(`/api/monitoring/counties/${countyId("平邑县")}?fundYearId=${fy}&period=2021-Q4`);
    expect(m.trend.map((x) => x.period.code)).toEqual(["2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4"]);
    expect(m.cells).toEqual(m.trend.at(-1)!.cells);
    expect(m.projects).toHaveLength(23);
    const lagging = m.projects.filter((p) => p.light === "red" || p.light === "yellow");
    expect(lagging.length).toBeGreaterThan(0);
    // Some lags carry the county's cause already; the others wait for it.
    const explained = lagging.flatMap((p) => p.cells).filter((x) => x.explanation);
    expect(explained.length).toBeGreaterThan(0);
    for (const x of explained) expect(["yellow", "red"]).toContain(x.light);
  });

  it("a county records why a flagged project lags; a green item needs no cause; another county is refused", async () => {
    const pingyi = await t.as("pingyi");
    const m = await pingyi.get<CountyMonitor>(`/api/monitoring/counties/${countyId("平邑县")}?fundYearId=${fy}&period=2021-Q4`);
    const p = m.projects.find((x) => x.cells.some((y) => y.light === "red" && !y.explanation))!;
    const flagged = p.cells.find((y) => y.light === "red" && !y.explanation)!;
    const body = { fundYearId: fy, period: "2021-Q4", measure: flagged.measure, countyId: countyId("平邑县"), projectId: p.project.id, cause: "funding", likelihood: "possible", note: "配套资金未到位" };
    let r = await pingyi.inject({ method: "PUT", url: "/api/monitoring/explanations", payload: body });
    expect(r.statusCode, r.body).toBe(200);
    expect(JSON.parse(r.body).explanation).toMatchObject({ cause: "funding", likelihood: "possible", note: "配套资金未到位", recordedBy: "平邑县住建局" });
    const again = await pingyi.get<CountyMonitor>(`/api/monitoring/counties/${countyId("平邑县")}?fundYearId=${fy}&period=2021-Q4`);
    expect(cell(again.projects.find((x) => x.project.id === p.project.id)!.cells, flagged.measure).explanation?.note).toBe("配套资金未到位");

    const green = m.projects.flatMap((x) => x.cells.map((y) => ({ x, y }))).find(({ y }) => y.light === "green")!;
    r = await pingyi.inject({ method: "PUT", url: "/api/monitoring/explanations", payload: { ...body, projectId: green.x.project.id, measure: green.y.measure } });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.message).toContain("没有预警，无需填写偏差原因");

    r = await pingyi.inject({ method: "PUT", url: "/api/monitoring/explanations", payload: { ...body, countyId: countyId("兰山区"), projectId: null } });
    expect(r.statusCode).toBe(403);
    expect((await pingyi.inject(`/api/monitoring/counties/${countyId("兰山区")}?fundYearId=${fy}`)).statusCode).toBe(403);
  });
});

describe(`progress reports (${engine})`, () => {
  it("a county's report for the period moves the board at once", async () => {
    const junan = await t.as("junan");
    const id = countyId("莒南县");
    const before = await junan.get<CountyMonitor>(`/api/monitoring/counties/${id}?fundYearId=${fy}`);
    expect(before.projects.every((p) => !p.reportedThisPeriod)).toBe(true);
    const rows = before.projects.map((p) => ({
      projectId: p.project.id,
      physicalBp: 10000,
      investedFen: p.plannedFen,
      actualStartOn: p.project.actualStartOn,
      actualCompletionOn: p.project.actualCompletionOn,
    }));
    const r = await junan.inject({ method: "PUT", url: "/api/monitoring/progress", payload: { fundYearId: fy, period: "2022-Q2", rows } });
    expect(r.statusCode, r.body).toBe(200);
    const board = await junan.get<Board>(`/api/monitoring/board?fundYearId=${fy}`);
    expect(board.counties.map((x) => x.county.name)).toEqual(["莒南县"]);
    expect(board.counties[0].reported).toBe(rows.length);
    expect(cell(board.counties[0].cells, "physical").progressBp).toBe(10000);
    expect(cell(board.counties[0].cells, "investment").progressBp).toBe(10000);
  });

  it("refuses a report that goes backwards, finishes without starting, or names another county's project", async () => {
    const junan = await t.as("junan");
    const m = await junan.get<CountyMonitor>(`/api/monitoring/counties/${countyId("莒南县")}?fundYearId=${fy}`);
    const p = m.projects[0];
    const row = { projectId: p.project.id, physicalBp: 10000, investedFen: p.plannedFen, actualStartOn: p.project.actualStartOn, actualCompletionOn: p.project.actualCompletionOn };
    let r = await junan.inject({ method: "PUT", url: "/api/monitoring/progress", payload: { fundYearId: fy, period: "2022-Q2", rows: [{ ...row, actualStartOn: null }] } });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.problems.map((x: { message: string }) => x.message)).toContain("已填实际完工日期，但缺少实际开工日期");
    // 2022-Q1 is earlier than the 100% just reported for 2022-Q2, but an earlier period may stay lower;
    // going below 2021-Q4's figure in 2022-Q1 is what is refused.
    const q4 = await junan.get<CountyMonitor>(`/api/monitoring/counties/${countyId("莒南县")}?fundYearId=${fy}&period=2021-Q4`);
    const started = q4.projects.find((x) => x.report && x.report.physicalBp > 0 && x.report.period === "2021-Q4")!;
    r = await junan.inject({
      method: "PUT",
      url: "/api/monitoring/progress",
      payload: { fundYearId: fy, period: "2022-Q1", rows: [{ projectId: started.project.id, physicalBp: 0, investedFen: 0, actualStartOn: started.project.actualStartOn, actualCompletionOn: null }] },
    });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.problems[0].message).toMatch(/形象进度 0% 低于2021年第4季度已报的/);
    const lanshanProject = (await c.get<CountyMonitor>(`/api/monitoring/counties/${countyId("兰山区")}?fundYearId=${fy}`)).projects[0];
    r = await junan.inject({ method: "PUT", url: "/api/monitoring/progress", payload: { fundYearId: fy, period: "2022-Q2", rows: [{ ...row, projectId: lanshanProject.project.id }] } });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.problems[0].message).toBe("不是本县区本年度的项目");
  });

  it("refuses a 形象进度 of 150% or a negative 累计完成投资 with the form's message, never clamps, saving nothing", async () => {
    const junan = await t.as("junan");
    const m = await junan.get<CountyMonitor>(`/api/monitoring/counties/${countyId("莒南县")}?fundYearId=${fy}&period=2022-Q2`);
    const p = m.projects[0];
    const row = { projectId: p.project.id, physicalBp: 15000, investedFen: p.plannedFen, actualStartOn: p.project.actualStartOn, actualCompletionOn: p.project.actualCompletionOn };
    const put = (x: typeof row) => junan.inject({ method: "PUT", url: "/api/monitoring/progress", payload: { fundYearId: fy, period: "2022-Q2", rows: [x] } });
    let r = await put(row);
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.message).toContain("「形象进度」应在 0% 至 100% 之间");
    r = await put({ ...row, physicalBp: 5000, investedFen: -1 });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.message).toContain("「累计完成投资」不能小于 0 万元");
    const after = await junan.get<CountyMonitor>(`/api/monitoring/counties/${countyId("莒南县")}?fundYearId=${fy}&period=2022-Q2`);
    expect(after.projects[0].report).toEqual(p.report);
  });

  it("refuses a 预警阈值 outside 0.01 to 100 points with the form's message", async () => {
    const b = await c.get<Board>(`/api/monitoring/board?fundYearId=${fy}`);
    const indicator = b.indicators.find((i) => i.measure === "payment")!;
    const r = await c.inject({ method: "PUT", url: `/api/monitoring/indicators/${indicator.id}`, payload: { windowFrom: indicator.windowFrom, windowTo: indicator.windowTo, yellowGapBp: 1000, redGapBp: 15000 } });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.message).toContain("「红色预警」应在 0.01 至 100 个百分点之间");
    const again = await c.get<Board>(`/api/monitoring/board?fundYearId=${fy}`);
    expect(again.indicators.find((i) => i.id === indicator.id)).toEqual(indicator);
  });

  it("refuses a 累计完成投资 above 单笔上限, and a period's total above 年度合计上限, saving nothing", async () => {
    const junan = await t.as("junan");
    const m = await junan.get<CountyMonitor>(`/api/monitoring/counties/${countyId("莒南县")}?fundYearId=${fy}`);
    const row = (p: CountyMonitor["projects"][number], investedFen: number) => ({ projectId: p.project.id, physicalBp: 10000, investedFen, actualStartOn: p.project.actualStartOn, actualCompletionOn: p.project.actualCompletionOn });
    const put = (rows: ReturnType<typeof row>[]) => junan.inject({ method: "PUT", url: "/api/monitoring/progress", payload: { fundYearId: fy, period: "2022-Q2", rows } });
    let r = await put([row(m.projects[0], 2 ** 53 - 1)]);
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.problems[0].message).toMatch(/^金额超过单笔上限 1,000,000 万元/);
    // Two projects at 100亿元 each with a bound of 100亿元 for the period's total.
    process.env.WENXIAO_MAX_YEAR_TOTAL_YUAN = "10000000000";
    try {
      r = await put([row(m.projects[0], 1_000_000_000_000), row(m.projects[1], 1_000_000_000_000)]);
      expect(r.statusCode).toBe(400);
      expect(JSON.parse(r.body).error.problems).toEqual([{ row: null, column: null, message: expect.stringMatching(/^写入后本资金年度的2022年第2季度累计完成投资合计将达到 2,\d{3},\d{3}(\.\d+)? 万元，超过年度合计上限 1,000,000 万元/) }]);
    } finally {
      delete process.env.WENXIAO_MAX_YEAR_TOTAL_YUAN;
    }
    const after = await junan.get<CountyMonitor>(`/api/monitoring/counties/${countyId("莒南县")}?fundYearId=${fy}&period=2022-Q2`);
    expect(after.projects.slice(0, 2).map((p) => p.report?.investedFen)).toEqual(m.projects.slice(0, 2).map((p) => p.report?.investedFen));
  });
});
