import { describe, expect, it } from "vitest";
import { cutReasons, cutRuleProblems, DEFAULT_CUT_RULE, DEFAULT_SCHEMES, schemeProblems } from "./schemes";
import type { AllocationScheme, WorkloadScheme } from "./types";

const [FACTOR_2019, WORKLOAD_2022] = DEFAULT_SCHEMES.map((s) => s.definition) as [AllocationScheme, WorkloadScheme];

describe("the built-in schemes", () => {
  it("are the 31号 factor scheme and the 2022 workload scheme, both valid", () => {
    expect(DEFAULT_SCHEMES.map((s) => [s.code, s.name])).toEqual([
      ["caizong-2019-31", "因素法（财综〔2019〕31号）"],
      ["workload-2022", "任务量与绩效奖励（2022年起）"],
    ]);
    for (const s of DEFAULT_SCHEMES) expect(schemeProblems(s.definition)).toEqual([]);
  });
});

describe("scheme checks", () => {
  it("weights must sum to 100% and none may be negative", () => {
    expect(schemeProblems({ kind: "factor", factorWeightsBp: { area: 4000, households: 3000, buildings: 1000, communities: 500 }, performanceWeightBp: 1000 })).toEqual([
      "因素权重与绩效权重之和应为100%，现为95%",
    ]);
    expect(schemeProblems({ kind: "factor", factorWeightsBp: { area: 5000, households: 3000, buildings: 1000, communities: 1000 }, performanceWeightBp: -1000 })).toEqual([
      "绩效权重不能为负数，现为-10%",
    ]);
    expect(schemeProblems({ kind: "factor", factorWeightsBp: { area: 40.5, households: 3000, buildings: 1000, communities: 1000 }, performanceWeightBp: 1000 } as AllocationScheme)).toEqual([
      "改造面积权重「40.5」应为整数（万分之一）",
    ]);
  });

  it("the workload scheme's shares, factor weights and coefficients are checked", () => {
    expect(
      schemeProblems({ ...WORKLOAD_2022, rewardShareBp: 2500, workloadWeightsBp: { ...WORKLOAD_2022.workloadWeightsBp, area: 3000 }, adjustmentByGrade: { 优: "1.2", 差: "-0.5", 中: "八成" } }),
    ).toEqual([
      "任务量资金与奖励资金占比之和应为100%，现为105%",
      "任务量各因素权重之和应为100%，现为90%",
      "评价等级「差」的绩效调节系数「-0.5」不是非负数",
      "评价等级「中」的绩效调节系数「八成」不是有效的数（应为非负数，最多6位小数）",
    ]);
    expect(schemeProblems({ ...WORKLOAD_2022, adjustmentByGrade: {} })).toEqual(["请填写各评价等级的绩效调节系数"]);
    expect(schemeProblems({ kind: "other" } as unknown as AllocationScheme)[0]).toContain("未知的分配方式「other」");
  });

  it("the cut must lie between 0% and 100%", () => {
    expect(cutRuleProblems(DEFAULT_CUT_RULE)).toEqual([]);
    expect(cutRuleProblems({ ...DEFAULT_CUT_RULE, cutBp: -1 })).toEqual(["核减比例应在0%到100%之间，现为-0.01%"]);
    expect(cutRuleProblems({ ...DEFAULT_CUT_RULE, cutBp: 0.5 })).toEqual(["核减比例「0.5」应为整数（万分之一）"]);
  });
  // Referenced so the factor default stays the 31号 one (40/30/10/10 + 10).
  it("the 31号 default weighs 40/30/10/10 and 10 for the score", () => {
    expect(FACTOR_2019).toEqual({ kind: "factor", factorWeightsBp: { area: 4000, households: 3000, buildings: 1000, communities: 1000 }, performanceWeightBp: 1000 });
  });
});

describe("the 财预〔2020〕10号 核减 rule", () => {
  it("names each reason: grade 中 or 差, overdue and returned rectification", () => {
    expect(cutReasons(DEFAULT_CUT_RULE, { grade: "中", overdueItems: 2, returnedItems: 1 })).toEqual(["评价等级为中", "整改逾期2项", "整改退回1项"]);
    expect(cutReasons(DEFAULT_CUT_RULE, { grade: "良", overdueItems: 0, returnedItems: 0 })).toEqual([]);
    expect(cutReasons(DEFAULT_CUT_RULE, { grade: null, overdueItems: 0, returnedItems: 3 })).toEqual(["整改退回3项"]);
  });

  it("follows the settings: off marks nobody, unticked causes do not count", () => {
    expect(cutReasons({ ...DEFAULT_CUT_RULE, enabled: false }, { grade: "差", overdueItems: 5, returnedItems: 5 })).toEqual([]);
    expect(cutReasons({ ...DEFAULT_CUT_RULE, overdue: false, returned: false, grades: ["差"] }, { grade: "中", overdueItems: 5, returnedItems: 5 })).toEqual([]);
  });
});
