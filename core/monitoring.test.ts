import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
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
  it("keeps its own plan for 开工 and 完工: not yet due is no lag, overdue is all of it", () => {
    expect(projectExpectationBp("completion", p, 5000, "2021-09-30")).toBe(0);
    expect(projectExpectationBp("completion", p, 5000, "2021-11-30")).toBe(10000);
    expect(projectExpectationBp("start", p, 3000, "2021-03-31")).toBe(0);
    // Overdue and not started: a lag of 100 points, red.
    expect(classifyLag(measureProgress("start", [p], "2021-06-30"), projectExpectationBp("start", p, 10000, "2021-06-30"), T).light).toBe("red");
  });
  it("follows the window's elapsed time for other measures, or without a planned date", () => {
    expect(projectExpectationBp("physical", p, 4321, "2021-09-30")).toBe(4321);
    expect(projectExpectationBp("completion", project({}), 4321, "2021-09-30")).toBe(4321);
  });
});
