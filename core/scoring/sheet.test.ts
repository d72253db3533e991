import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeSheet, flattenScores, lostPoints, whatIf, type NodeScore } from "./sheet";
import { DEFAULT_TEMPLATE } from "./default-template";
import { ALTERNATIVE_GRADE_SCALE, DEFAULT_GRADE_SCALE } from "./grades";
import { leavesOf, type IndicatorNode, type IndicatorTree } from "./template";
import type { LeafFacts } from "./rules";

/**
 * The seed's city sheet (Table 1) from facts. Computed and entered figures:
 *   预算执行率 19,305.06 ÷ 23,763 万元 → 8 × 81.24% = 6.50; 资金到位率 100% → 3
 *   项目/小区/户数/面积 307/285, 341/296, 53,389/48,400, 517.8/458.75万㎡ → capped, 5 each
 *   竣工验收合格率 258/258 → 10; 开工及时率 296/307 → 4.82; 完工及时率 279/307 → 4.54
 *   物业覆盖 257/341 → 2 × 75.37% = 1.51; 满意度 1128/1200 → 7 × 94% = 6.58
 * Manual: 预算编制科学性 6.09, 资金分配合理性 2 × 0.5 off → 6, 资金使用合规性 3.72, 成本控制 2.30,
 * 社会力量参与 1.70, 长效管护机制 1.26.
 */
const CITY_FACTS: Record<string, LeafFacts> = {
  "decision.approval.basis": { manual: 150 },
  "decision.approval.procedure": { manual: 150 },
  "decision.target.reasonable": { manual: 200 },
  "decision.target.clear": { manual: 200 },
  "decision.input.budgeting": { manual: 609 },
  "decision.input.allocation": { value: { num: 2, den: 1 } },
  "process.funds.arrival": { value: { num: 23_763_000_000, den: 23_763_000_000 } },
  "process.funds.execution": { value: { num: 19_305_060_000, den: 23_763_000_000 } },
  "process.funds.compliance": { manual: 372 },
  "process.org.rules": { manual: 150 },
  "process.org.execution": { manual: 150 },
  "output.quantity.projects": { value: { num: 307, den: 285 } },
  "output.quantity.communities": { value: { num: 341, den: 296 } },
  "output.quantity.households": { value: { num: 53_389, den: 48_400 } },
  "output.quantity.area": { value: { num: 5_178_000, den: 4_587_500 } },
  "output.quality.acceptance": { value: { num: 258, den: 258 } },
  "output.timeliness.start": { value: { num: 296, den: 307 } },
  "output.timeliness.finish": { value: { num: 279, den: 307 } },
  "output.cost.control": { manual: 230 },
  "outcome.social.living": { manual: 200 },
  "outcome.social.participation": { manual: 170 },
  "outcome.sustain.property": { value: { num: 257, den: 341 } },
  "outcome.sustain.mechanism": { manual: 126 },
  "outcome.satisfaction.residents": { value: { num: 1128, den: 1200 } },
};

const cityInput = () => ({ leaves: new Map(Object.entries(CITY_FACTS)) });
const level = (nodes: NodeScore[], code: string) => flattenScores(nodes).find((n) => n.code === code)!;

describe("the seed's Table 1 from facts", () => {
  const sheet = computeSheet(DEFAULT_TEMPLATE, cityInput(), DEFAULT_GRADE_SCALE);
  it("gives 19.09 / 16.22 / 41.66 / 13.05 = 90.02, 优", () => {
    expect(sheet.nodes.map((n) => [n.name, n.weight, n.score])).toEqual([
      ["决策", 2200, 1909],
      ["过程", 1800, 1622],
      ["产出", 4500, 4166],
      ["效益", 1500, 1305],
    ]);
    expect(sheet.total).toBe(9002);
    expect(sheet.grade).toBe("优");
    expect(sheet.complete).toBe(true);
  });
  it("gives the 得分率 row: 86.77% / 90.11% / 92.58% / 87% / 90.02%", () => {
    expect(sheet.nodes.map((n) => n.rateBp)).toEqual([8677, 9011, 9258, 8700]);
    expect(sheet.rateBp).toBe(9002);
  });
  it("gives the level-2 figures of chapter 四", () => {
    const want: [string, number][] = [
      ["decision.approval", 300],
      ["decision.target", 400],
      ["decision.input", 1209],
      ["process.funds", 1322],
      ["process.org", 300],
      ["outcome.social", 370],
      ["outcome.sustain", 277],
      ["outcome.satisfaction", 658],
    ];
    for (const [code, score] of want) expect(level(sheet.nodes, code).score, code).toBe(score);
  });
  it("explains where the points were lost, most first", () => {
    const lost = lostPoints(sheet);
    expect(lost[0]).toMatchObject({ code: "output.cost.control", lost: 270 });
    expect(lost.find((l) => l.code === "process.funds.execution")).toMatchObject({ lost: 150, path: ["过程", "资金管理", "预算执行率"] });
    expect(lost.reduce((a, l) => a + l.lost, 0)).toBe(10000 - 9002);
  });
  it("answers a what-if without touching the input: 预算执行率 at 95% → 7.60, total 91.12", () => {
    const input = cityInput();
    const r = whatIf(DEFAULT_TEMPLATE, input, DEFAULT_GRADE_SCALE, new Map([["process.funds.execution", { value: { num: 95, den: 100 } }]]));
    // 8 × 95% = 7.60, 1.10 more than 6.50.
    expect(r.delta).toBe(110);
    expect(r.after.total).toBe(9112);
    expect(input.leaves.get("process.funds.execution")!.value!.num).toBe(19_305_060_000);
  });
  it("marks a sheet with a missing leaf incomplete and counts the leaf as 0 until scored", () => {
    const input = cityInput();
    input.leaves.delete("outcome.satisfaction.residents");
    const s = computeSheet(DEFAULT_TEMPLATE, input, DEFAULT_GRADE_SCALE);
    expect(s.complete).toBe(false);
    expect(s.missing).toEqual([{ code: "outcome.satisfaction.residents", name: "居民满意度", reason: "缺少数据" }]);
    expect(s.total).toBe(9002 - 658);
  });
});

describe("bonus, penalty, cap and veto", () => {
  it("adds bonus and subtracts penalty outside the 100, capped at the template's total cap", () => {
    const s = computeSheet(
      DEFAULT_TEMPLATE,
      { ...cityInput(), adjustments: new Map([["bonus.innovation", { points: 150 }], ["penalty.audit", { count: 2 }]]) },
      DEFAULT_GRADE_SCALE,
    );
    expect(s.bonus).toBe(150);
    expect(s.penalty).toBe(200);
    expect(s.total).toBe(9002 + 150 - 200);
    expect(s.grade).toBe("良");
  });
  it("caps a bonus at its maximum and the total at 100", () => {
    const full = new Map(
      leavesOf(DEFAULT_TEMPLATE.nodes).map((l) => [
        l.node.code,
        l.node.rule!.kind === "manual" ? { manual: l.node.weight } : l.node.rule!.kind === "deduction" ? { value: { num: 0, den: 1 } } : { value: { num: 1, den: 1 } },
      ]),
    );
    const s = computeSheet(DEFAULT_TEMPLATE, { leaves: full, adjustments: new Map([["bonus.innovation", { points: 999 }]]) }, DEFAULT_GRADE_SCALE);
    expect(s.treeScore).toBe(10000);
    expect(s.bonus).toBe(200);
    expect(s.total).toBe(10000);
  });
  it("a veto caps the grade but keeps the score", () => {
    const s = computeSheet(DEFAULT_TEMPLATE, { ...cityInput(), vetoes: new Set(["veto.misuse"]) }, DEFAULT_GRADE_SCALE);
    expect(s.total).toBe(9002);
    expect(s.gradeByScore).toBe("优");
    expect(s.grade).toBe("差");
    expect(s.vetoed).toEqual([{ code: "veto.misuse", name: "挤占挪用、虚报冒领补助资金" }]);
  });
  it("a veto with its own cap grade caps at that grade only", () => {
    const tree: IndicatorTree = { ...DEFAULT_TEMPLATE, vetoes: [{ code: "v", name: "v", capGrade: "中" }] };
    expect(computeSheet(tree, { ...cityInput(), vetoes: new Set(["v"]) }, DEFAULT_GRADE_SCALE).grade).toBe("中");
  });
  it("grades the same total differently on another scale", () => {
    expect(computeSheet(DEFAULT_TEMPLATE, cityInput(), ALTERNATIVE_GRADE_SCALE).grade).toBe("优秀");
  });
});

// ---- properties over random trees ------------------------------------------------------------

const leafArb = (code: string): fc.Arbitrary<{ node: IndicatorNode; facts: LeafFacts }> =>
  fc.tuple(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 0, max: 4 }), fc.nat(10 ** 9), fc.nat(10 ** 9), fc.integer({ min: -50, max: 2500 }), fc.boolean()).map(
    ([weight, k, a, b, m, override]) => {
      const rules = [
        { kind: "ratio" as const, direction: "positive" as const, capped: true },
        { kind: "ratio" as const, direction: "negative" as const, capped: false },
        { kind: "deduction" as const, perOccurrence: 37, cap: weight },
        { kind: "survey" as const, zeroAtBp: 5000, fullAtBp: 9500 },
        { kind: "manual" as const },
      ];
      const rule = rules[k];
      const value = rule.kind === "deduction" ? { num: a % 40, den: 1 } : rule.kind === "survey" ? { num: Math.min(a, b), den: b } : { num: a, den: b };
      return { node: { code, name: code, weight, rule }, facts: { value, manual: m, override: override ? m : null } };
    },
  );

const treeArb = fc
  .array(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 })
  .chain((shape) => {
    const leaves: fc.Arbitrary<{ node: IndicatorNode; facts: LeafFacts }>[] = [];
    shape.forEach((l2, i) => l2.forEach((n, j) => Array.from({ length: n }, (_, k) => leaves.push(leafArb(`n${i}.${j}.${k}`)))));
    return fc.tuple(fc.constant(shape), fc.tuple(...leaves));
  })
  .map(([shape, leaves]) => {
    let idx = 0;
    const facts = new Map<string, LeafFacts>();
    const nodes: IndicatorNode[] = shape.map((l2, i) => {
      const children = l2.map((n, j) => {
        const kids = Array.from({ length: n }, () => {
          const leaf = leaves[idx++];
          facts.set(leaf.node.code, leaf.facts);
          return leaf.node;
        });
        return { code: `n${i}.${j}`, name: `n${i}.${j}`, weight: kids.reduce((a, k) => a + k.weight, 0), children: kids };
      });
      return { code: `n${i}`, name: `n${i}`, weight: children.reduce((a, c) => a + c.weight, 0), children };
    });
    const tree: IndicatorTree = { evaluationType: "其他", nodes, adjustments: [], vetoes: [], totalCap: null };
    return { tree, facts };
  });

describe("sheet properties", () => {
  it("no score is above its weight and every parent equals the sum of its children", () => {
    fc.assert(
      fc.property(treeArb, ({ tree, facts }) => {
        const sheet = computeSheet(tree, { leaves: facts }, DEFAULT_GRADE_SCALE);
        for (const n of flattenScores(sheet.nodes)) {
          expect(n.score).toBeGreaterThanOrEqual(0);
          expect(n.score).toBeLessThanOrEqual(n.weight);
          if (n.children.length) expect(n.score).toBe(n.children.reduce((a, c) => a + c.score, 0));
        }
        expect(sheet.treeScore).toBe(sheet.nodes.reduce((a, n) => a + n.score, 0));
        expect(sheet.total).toBe(sheet.treeScore);
      }),
      { numRuns: 200 },
    );
  });
});
