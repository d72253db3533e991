import { describe, expect, it } from "vitest";
import { DEFAULT_METRICS, DEFAULT_TEMPLATE } from "./default-template";
import { hasErrors, leavesOf, templateProblems, type IndicatorTree } from "./template";

const clone = (): IndicatorTree => structuredClone(DEFAULT_TEMPLATE);
const errors = (t: IndicatorTree, keys?: Set<string>) => templateProblems(t, { metricKeys: keys }).filter((p) => p.level === "error").map((p) => p.message);

describe("template checks (SPEC §4)", () => {
  it("the default template passes: 22 + 18 + 45 + 15 = 100, 产出 + 效益 = 60", () => {
    expect(errors(DEFAULT_TEMPLATE, new Set(Object.values(DEFAULT_METRICS)))).toEqual([]);
    expect(leavesOf(DEFAULT_TEMPLATE.nodes)).toHaveLength(24);
  });
  it("children must sum to their parent", () => {
    const t = clone();
    t.nodes[0].children![2].children![0].weight = 700; // 预算编制科学性 8 → 7
    const e = errors(t);
    expect(e).toContain("「资金投入」的下级指标分值合计 14 分，应等于本级分值 15 分");
  });
  it("level 1 must sum to 100", () => {
    const t = clone();
    t.nodes[3].weight = 1400;
    expect(errors(t)).toContain("一级指标分值合计 99 分，应为 100 分");
  });
  it("产出 + 效益 must be at least 60 for 财政评价 and 部门评价, not for 单位自评", () => {
    const t = clone();
    // Move 5 points from 产出 to 决策 (level 1 still 100).
    t.nodes[0].weight = 2700;
    t.nodes[2].weight = 4000;
    const msg = "财政评价的产出、效益指标分值合计 55 分，应不少于 60 分（财预〔2020〕10号）";
    expect(errors(t)).toContain(msg);
    t.evaluationType = "部门评价";
    expect(errors(t).some((m) => m.startsWith("部门评价的产出、效益"))).toBe(true);
    t.evaluationType = "单位自评";
    expect(errors(t).some((m) => m.includes("产出、效益"))).toBe(false);
  });
  it("leaves need a valid rule and source; parents none; at most three levels; codes unique", () => {
    const t = clone();
    const leaf = t.nodes[1].children![0].children![1]; // 预算执行率
    leaf.source = { kind: "metric", metric: "nope" };
    t.nodes[1].children![1].rule = { kind: "manual" };
    t.nodes[3].children![2].children![0].children = [{ code: "deep", name: "第四级", weight: 700, rule: { kind: "manual" } }];
    t.nodes[3].children![1].children![1].code = "outcome.satisfaction.residents";
    const e = errors(t, new Set(["ledger.arrivalRate"]));
    expect(e).toContain("「预算执行率」绑定的系统指标「nope」不存在");
    expect(e).toContain("「组织实施」有下级指标，不应设评分规则（得分为下级之和）");
    expect(e).toContain("「第四级」超过三级：指标体系最多三级");
    expect(e).toContain("编码「outcome.satisfaction.residents」重复：每个指标、加减分项的编码须唯一");
    expect(hasErrors(templateProblems(t))).toBe(true);
  });
  it("warns, without blocking, about a leaf above level 3 and a missing 评分标准", () => {
    const t = clone();
    t.nodes[3].children![2] = { code: "sat", name: "满意度", weight: 700, rule: { kind: "survey", zeroAtBp: 0, fullAtBp: 10000 }, source: { kind: "input", label: "问卷汇总" } };
    const p = templateProblems(t);
    expect(hasErrors(p)).toBe(false);
    expect(p.filter((x) => x.code === "sat").map((x) => x.message)).toEqual(["「满意度」是第 2 级的末级指标（通常细化到三级）", "「满意度」没有写评分标准"]);
  });
});
