import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  DEFAULT_PAYMENT_SCHEDULE,
  describeExpectation,
  describePaymentSchedule,
  groupExpectationBp,
  paymentExpectationBp,
  paymentScheduleProblems,
  projectExpectationBp,
  classifyLag,
  elapsedShareBp,
  measureProgress,
  parsePeriod,
  periodOf,
  periodsBetween,
  thresholdProblems,
  type ProjectProgress,
} from "./monitoring";

const T = { yellowGapBp: 1000, redGapBp: 2000 };

describe("reporting periods", () => {
  it("reads quarters and months with their first and last days", () => {
    expect(parsePeriod("2021-Q2")).toMatchObject({ kind: "quarter", start: "2021-04-01", end: "2021-06-30", label: "2021年第2季度" });
    expect(parsePeriod("2024-02")).toMatchObject({ kind: "month", start: "2024-02-01", end: "2024-02-29", label: "2024年2月" });
    expect(parsePeriod("2021-Q5")).toBeNull();
    expect(parsePeriod("2021-13")).toBeNull();
    expect(periodOf("2022-06-30", "quarter").code).toBe("2022-Q2");
  });

  it("lists the periods a window spans", () => {
    expect(periodsBetween("2021-01-01", "2022-06-30", "quarter").map((p) => p.code)).toEqual([
      "2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4", "2022-Q1", "2022-Q2",
    ]);
    expect(periodsBetween("2021-11-15", "2022-01-02", "month").map((p) => p.code)).toEqual(["2021-11", "2021-12", "2022-01"]);
    expect(periodsBetween("2022-01-01", "2021-01-01", "month")).toEqual([]);
  });
});

describe("elapsed share of a window (时间过半)", () => {
  it("counts whole days inclusively", () => {
    expect(elapsedShareBp("2021-01-01", "2021-12-31", "2020-12-31")).toBe(0);
    expect(elapsedShareBp("2021-01-01", "2021-12-31", "2021-01-01")).toBe(ratio(1, 365));
    expect(elapsedShareBp("2021-01-01", "2021-12-31", "2021-06-30")).toBe(4959); // 181 ÷ 365
    expect(elapsedShareBp("2021-01-01", "2021-12-31", "2021-12-31")).toBe(10000);
    expect(elapsedShareBp("2021-01-01", "2021-12-31", "2022-06-30")).toBe(10000);
  });

  it("never decreases as time passes (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 800 }), (a, b) => {
        const day = (n: number) => new Date(Date.UTC(2021, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
        const [x, y] = a <= b ? [a, b] : [b, a];
        expect(elapsedShareBp("2021-01-01", "2021-12-31", day(x))).toBeLessThanOrEqual(elapsedShareBp("2021-01-01", "2021-12-31", day(y)));
      }),
    );
  });
});

function ratio(a: number, b: number) {
  return Math.floor((a * 10000 * 2 + b) / (2 * b));
}

describe("warning classification at the thresholds", () => {
  it("is green ahead of time and just under the yellow gap", () => {
    expect(classifyLag(6000, 5000, T).light).toBe("green");
    expect(classifyLag(4001, 5000, T)).toEqual({ progressBp: 4001, elapsedBp: 5000, gapBp: 999, light: "green" });
  });
  it("is yellow exactly at the yellow gap and red exactly at the red gap", () => {
    expect(classifyLag(4000, 5000, T).light).toBe("yellow");
    expect(classifyLag(3001, 5000, T).light).toBe("yellow");
    expect(classifyLag(3000, 5000, T).light).toBe("red");
    expect(classifyLag(0, 10000, T).light).toBe("red");
  });
  it("has no light without progress", () => {
    expect(classifyLag(null, 5000, T)).toEqual({ progressBp: null, elapsedBp: 5000, gapBp: null, light: "none" });
  });
  it("only gets worse as progress falls behind (property)", () => {
    const rank = { green: 0, yellow: 1, red: 2, none: -1 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 10000 }), (p1, p2, e) => {
        const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
        expect(rank[classifyLag(lo, e, T).light]).toBeGreaterThanOrEqual(rank[classifyLag(hi, e, T).light]);
      }),
    );
  });
  it("checks thresholds stored as data", () => {
    expect(thresholdProblems(T)).toEqual([]);
    expect(thresholdProblems({ yellowGapBp: 2000, redGapBp: 1000 })).toEqual(["红色预警偏差不能小于黄色预警偏差"]);
    expect(thresholdProblems({ yellowGapBp: 0, redGapBp: 1000 })).toContain("黄色预警偏差须为大于0的百分点");
  });
});

const project = (o: Partial<ProjectProgress>): ProjectProgress => ({
  plannedFen: 1_000_000,
  startedOn: null,
  completedOn: null,
  physicalBp: null,
  investedFen: null,
  allocatedFen: 0,
  paidFen: 0,
  ...o,
});

describe("progress of a county on each measure", () => {
  const projects = [
    project({ plannedFen: 3_000_000, startedOn: "2021-04-10", completedOn: "2021-11-30", physicalBp: 10000, investedFen: 3_000_000, allocatedFen: 2_000_000, paidFen: 2_000_000 }),
    project({ plannedFen: 1_000_000, startedOn: "2021-07-01", physicalBp: 4000, investedFen: 300_000, allocatedFen: 2_000_000, paidFen: 500_000 }),
    project({ plannedFen: 1_000_000 }), // never reported: counts as nothing done
  ];
  it("counts started and completed projects by the period end", () => {
    expect(measureProgress("start", projects, "2021-06-30")).toBe(3333); // 1 of 3
    expect(measureProgress("start", projects, "2021-09-30")).toBe(6667); // 2 of 3
    expect(measureProgress("completion", projects, "2021-12-31")).toBe(3333);
  });
  it("weights 形象进度 by planned investment", () => {
    // (3 × 100% + 1 × 40% + 1 × 0%) ÷ 5 = 68%
    expect(measureProgress("physical", projects, "2021-12-31")).toBe(6800);
  });
  it("gives one project its own 形象进度, as the weighted mean of itself and an identical twin does", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.option(fc.integer({ min: 0, max: 10000 })), (plannedFen, physicalBp) => {
        const p = project({ plannedFen, physicalBp });
        expect(measureProgress("physical", [p], "2021-12-31")).toBe(measureProgress("physical", [p, p], "2021-12-31"));
      }),
    );
  });
  it("sums money for investment and payment", () => {
    // 3,300,000 ÷ 5,000,000 = 66%; 2,500,000 ÷ 4,000,000 = 62.5%
    expect(measureProgress("investment", projects, "2021-12-31")).toBe(6600);
    expect(measureProgress("payment", projects, "2021-12-31")).toBe(6250);
  });
  it("has nothing to measure without projects or money", () => {
    expect(measureProgress("start", [], "2021-12-31")).toBeNull();
    expect(measureProgress("payment", [project({})], "2021-12-31")).toBeNull();
  });
});

describe("what a single project is expected to have reached", () => {
  const p = project({ plannedStartOn: "2021-04-15", plannedCompletionOn: "2021-11-30" });
  const year = { from: "2021-01-01", to: "2021-12-31" };
  it("keeps its own plan for 开工 and 完工: not yet due is no lag, overdue is all of it", () => {
    expect(projectExpectationBp("completion", p, year, "2021-09-30")).toBe(0);
    expect(projectExpectationBp("completion", p, year, "2021-11-30")).toBe(10000);
    expect(projectExpectationBp("start", p, year, "2021-03-31")).toBe(0);
    // Overdue and not started: a lag of 100 points, red.
    expect(classifyLag(measureProgress("start", [p], "2021-06-30"), projectExpectationBp("start", p, year, "2021-06-30"), T).light).toBe("red");
  });
  it("follows the window's elapsed time for other measures, or without a planned date", () => {
    // 30 September: 273 of 365 days = 74.79%
    expect(projectExpectationBp("physical", p, year, "2021-09-30")).toBe(7479);
    expect(projectExpectationBp("completion", project({}), year, "2021-09-30")).toBe(7479);
  });
});

describe("资金支付进度 against each project's payment schedule", () => {
  // The demo year's payment window: from the first 下达 to the 评价日.
  const window = { from: "2021-04-16", to: "2022-06-30" };
  const S = DEFAULT_PAYMENT_SCHEDULE; // 完工 +180 天 50%, 竣工验收 +180 天 70%, 结算 +90 天 97%
  const finished = project({
    plannedStartOn: "2021-04-01",
    startedOn: "2021-04-10",
    completedOn: "2021-10-15",
    acceptedOn: "2021-11-20",
    plannedSettlementOn: "2022-09-30",
    allocatedFen: 1_000_000,
  });

  it("expects nothing for a started project: money follows the work (当年开工、次年支付)", () => {
    expect(paymentExpectationBp({ ...finished, completedOn: null, acceptedOn: null }, S, window, "2021-12-31")).toBe(0);
  });
  it("expects a smaller share before settlement: half a year after 完工 50%, after 竣工验收 70%", () => {
    expect(paymentExpectationBp(finished, S, window, "2022-03-31")).toBe(0); // 完工 + 180 days = 2022-04-13
    expect(paymentExpectationBp(finished, S, window, "2022-04-13")).toBe(5000);
    expect(paymentExpectationBp(finished, S, window, "2022-05-19")).toBe(7000); // 验收 + 180 days
    // 81% paid against 70% due: no lag, although the window has fully elapsed.
    expect(classifyLag(8100, paymentExpectationBp(finished, S, window, "2022-06-30"), T).light).toBe("green");
  });
  it("expects it paid but the 3% 质量保证金 three months after 结算, and after the planned date even when settlement is late", () => {
    const settled = { ...finished, settledOn: "2022-01-20" };
    expect(paymentExpectationBp(settled, S, window, "2022-04-19")).toBe(5000); // 结算 + 90 days = 2022-04-20; 验收 + 180 days = 2022-05-19
    expect(paymentExpectationBp(settled, S, window, "2022-04-20")).toBe(9700);
    // Settled 20 January, 80% paid by 30 June: 17 points behind, yellow — a real laggard.
    expect(classifyLag(8000, paymentExpectationBp(settled, S, window, "2022-06-30"), T).light).toBe("yellow");
    const late = { ...finished, plannedSettlementOn: "2022-02-28" };
    expect(paymentExpectationBp(late, S, window, "2022-05-29")).toBe(9700);
    expect(paymentExpectationBp({ ...late, settledOn: "2022-06-01" }, S, window, "2022-05-29")).toBe(9700);
  });
  it("expects nothing before the window opens, and the window's pace for a project without any date", () => {
    expect(paymentExpectationBp({ ...finished, settledOn: "2020-01-01" }, S, { from: "2022-01-01", to: "2022-12-31" }, "2021-12-31")).toBe(0);
    expect(paymentExpectationBp(project({}), S, { from: "2021-01-01", to: "2021-12-31" }, "2021-09-30")).toBe(7479);
  });
  it("weights a county's expectation by each project's allocated money", () => {
    const a = { ...finished, allocatedFen: 3_000_000 }; // 70% due on 30 June
    const b = { ...finished, settledOn: "2021-12-20", allocatedFen: 1_000_000 }; // 97% due
    // (3,000,000 × 70% + 1,000,000 × 97%) ÷ 4,000,000 = 76.75%
    expect(groupExpectationBp("payment", [a, b], window, "2022-06-30", S)).toBe(7675);
    expect(groupExpectationBp("physical", [a, b], { from: "2021-01-01", to: "2021-12-31" }, "2021-09-30", S)).toBe(7479);
  });

  const day = fc.integer({ min: 0, max: 900 }).map((n) => new Date(Date.UTC(2021, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const maybeDay = fc.option(day, { nil: null });
  const anyProject = fc.record({ completedOn: maybeDay, acceptedOn: maybeDay, settledOn: maybeDay, plannedSettlementOn: maybeDay, startedOn: maybeDay, allocatedFen: fc.integer({ min: 0, max: 1e9 }) }).map((r) => project(r));

  it("never expects more as time goes back, nor more than the schedule's last share", () => {
    fc.assert(
      fc.property(anyProject, day, day, (p, d1, d2) => {
        const [early, late] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const e1 = paymentExpectationBp(p, S, window, early);
        const e2 = paymentExpectationBp(p, S, window, late);
        expect(e1).toBeLessThanOrEqual(e2);
        expect(e2).toBeLessThanOrEqual(10000);
        expect(e2).toBeGreaterThanOrEqual(0);
      }),
    );
  });
  it("puts a county's expectation between its projects' lowest and highest", () => {
    fc.assert(
      fc.property(fc.array(anyProject, { minLength: 1, maxLength: 12 }), day, (ps, d) => {
        const own = ps.filter((p) => p.allocatedFen > 0).map((p) => paymentExpectationBp(p, S, window, d));
        const g = groupExpectationBp("payment", ps, window, d, S);
        if (own.length === 0) expect(g).toBe(elapsedShareBp(window.from, window.to, d));
        else {
          expect(g).toBeGreaterThanOrEqual(Math.min(...own));
          expect(g).toBeLessThanOrEqual(Math.max(...own));
        }
      }),
    );
  });
  it("refuses a schedule whose shares fall or leave 0–100%", () => {
    expect(paymentScheduleProblems(S)).toEqual([]);
    expect(paymentScheduleProblems([{ stage: "completion", shareBp: 8000, termDays: 90 }, { stage: "settlement", shareBp: 7000, termDays: 90 }])).toEqual(["结算后的应付比例不能低于前一节点"]);
    expect(paymentScheduleProblems([{ stage: "settlement", shareBp: 12000, termDays: -1 }])).toHaveLength(2);
  });
  it("says the schedule in words", () => {
    expect(describeExpectation("payment", S)).toMatch(/^按项目支付节点：完工后 180 天内付至 50%/);
    expect(describeExpectation("physical")).toBe("时间进度 = 期末已过天数 ÷ 监测期天数");
    expect(describePaymentSchedule(S)).toBe("完工后 180 天内付至 50%，竣工验收后 180 天内付至 70%，结算（或计划结算日）后 90 天内付至 97%；开工后尚不要求支付（当年开工、次年支付）");
  });
});
