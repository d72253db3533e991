import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_DRAFTING_RULES, draftChapter, whenHolds, type DraftChapter } from "./drafting";
import { figuresOf, type ReportFacts } from "./facts";
import { fillTemplate, freezeTemplate, placeholderNames, placeholdersOf, templateFromNames, templateToNames, unknownPlaceholders } from "./template";
import { inlineText } from "./model";

/** Facts of a small city: 1,000万元 allocated, 307 projects; each test moves one fact across its threshold. */
function facts(over: { paidFen?: number; reaching?: number; bankLoans?: number; upgrade?: number; coverageBp?: number; feeBp?: number; bonds?: string[]; cofunded?: number } = {}): ReportFacts {
  const allocated = 10_000_000_00;
  return {
    task: { id: 1, name: "任务", asOf: "2022-06-30", evaluatorOrg: "评价机构", isDemo: false },
    fundYear: { id: 1, year: 2021, region: "某市", programme: "老旧小区改造补助资金", evaluationDate: "2022-06-30" },
    funds: { sources: [{ id: 1, name: "中央补助", allocatedFen: allocated, paidFen: over.paidFen ?? allocated }], total: { allocatedFen: allocated, paidFen: over.paidFen ?? allocated } },
    registry: { projects: 300, accepted: 290, done: { projects: "300", communities: "320", households: "50000", floorArea: "500" } },
    targets: { projects: "280" },
    goal: null,
    counties: 3,
    scores: null,
    funding: {
      thresholdBp: 2000,
      reaching: over.reaching ?? 100,
      bankLoanProjects: over.bankLoans ?? 0,
      bondCounties: over.bonds ?? [],
      cofunded: Array.from({ length: over.cofunded ?? 0 }, (_, i) => ({ id: i + 1, name: `小区${i + 1}`, county: "某区", residentsFen: 100_000_00, totalFen: 400_000_00 })),
    },
    contents: { upgradeProjects: over.upgrade ?? 150, elevatorProjects: 2 },
    maintenance: { communities: 100, managed: 90, coverageBp: over.coverageBp ?? 9000, feeCollectionBp: over.feeBp ?? 9000 },
    findings: [],
  };
}

const titles = (f: ReportFacts, chapter: DraftChapter) => draftChapter(DEFAULT_DRAFTING_RULES, chapter, figuresOf(f).figures).map((s) => s.rule.title);
const textOf = (f: ReportFacts, code: string) => {
  const set = figuresOf(f);
  const section = DRAFT_CHAPTERS_ALL.flatMap((c) => draftChapter(DEFAULT_DRAFTING_RULES, c, set.figures)).find((s) => s.rule.code === code)!;
  return section.paragraphs.map((p) => inlineText(fillTemplate(p.text, set))).join("\n");
};
const DRAFT_CHAPTERS_ALL: DraftChapter[] = ["experience", "problems", "suggestions"];

describe("drafting rules fire exactly on their conditions", () => {
  it("预算执行率不够高: 89.99% fires, 90% does not; the paragraph names the rates", () => {
    const low = facts({ paidFen: 899_900_000 });
    expect(titles(low, "problems")).toContain("预算执行率不够高");
    expect(titles(low, "suggestions")).toContain("加强预算管理，提高预算执行率");
    expect(textOf(low, "problems.execution")).toContain("中央补助资金预算执行率为89.99%");
    expect(titles(facts({ paidFen: 900_000_000 }), "problems")).not.toContain("预算执行率不够高");
  });

  it("依赖财政资金: fewer than 10% of projects reach 20% non-fiscal and none borrows from a bank", () => {
    // 29 of 300 = 9.67% < 10%; 30 of 300 = 10%.
    expect(titles(facts({ reaching: 29 }), "problems")).toContain("项目对财政资金依赖程度过高");
    expect(textOf(facts({ reaching: 29 }), "problems.dependence")).toContain("占比在20%及以上的项目仅29个，占全部300个项目的9.67%");
    expect(titles(facts({ reaching: 30 }), "problems")).not.toContain("项目对财政资金依赖程度过高");
    expect(titles(facts({ reaching: 29, bankLoans: 1 }), "problems")).not.toContain("项目对财政资金依赖程度过高");
  });

  it("改造内容不够全面: 提升类 in fewer than 20% of projects", () => {
    expect(titles(facts({ upgrade: 59 }), "problems")).toContain("受资金限制改造内容不够全面");
    expect(textOf(facts({ upgrade: 59 }), "problems.contents")).toContain("含提升类改造内容的仅59个，占19.67%");
    expect(titles(facts({ upgrade: 60 }), "problems")).not.toContain("受资金限制改造内容不够全面");
  });

  it("长效管养: coverage or fee collection below 80%, either one", () => {
    expect(titles(facts({ coverageBp: 7999 }), "problems")).toContain("长效管养等后续管理亟待加强");
    expect(titles(facts({ feeBp: 7999 }), "problems")).toContain("长效管养等后续管理亟待加强");
    expect(textOf(facts({ feeBp: 7999 }), "problems.maintenance")).toContain("物业费收缴率为79.99%");
    expect(titles(facts({ coverageBp: 8000, feeBp: 8000 }), "problems")).toEqual([]);
  });

  it("经验：资金筹措 names the bond counties and the co-funded communities with their shares", () => {
    expect(titles(facts(), "experience")).toEqual(["采取多种措施提高项目质量效果"]);
    const f = facts({ bonds: ["甲区", "乙县"], cofunded: 1 });
    expect(titles(f, "experience")[0]).toBe("积极争取筹集改造资金");
    const text = textOf(f, "experience.funding");
    expect(text).toContain("如甲区、乙县通过新增专项债券筹集资金");
    expect(text).toContain("某区小区1居民共出资10万元，占小区改造总投资的25%");
    // Only the paragraph whose own condition holds.
    expect(textOf(facts({ cofunded: 1 }), "experience.funding")).not.toContain("专项债券");
  });

  it("a condition on a figure without data never holds", () => {
    const set = figuresOf(facts());
    expect(whenHolds({ all: [{ fact: "scores.total", op: ">", value: "0" }] }, set.figures)).toBe(false);
    expect(whenHolds(null, set.figures)).toBe(true);
  });
});

describe("templates", () => {
  const set = figuresOf(facts({ paidFen: 812_400_000 }));

  it("fill a placeholder with its figure and keep the words around it", () => {
    expect(fillTemplate("执行率为{{funds.rate}}。", set)).toEqual([{ t: "text", text: "执行率为" }, { t: "fig", key: "funds.rate", text: "81.24%" }, { t: "text", text: "。" }]);
    expect(placeholdersOf("{{a}}和{{ b }}")).toEqual(["a", "b"]);
    expect(unknownPlaceholders("{{funds.rate}}{{nope}}", set)).toEqual(["nope"]);
  });

  it("freezing writes every figure out and leaves no placeholder", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("{{funds.rate}}", "{{funds.total}}", "{{fy.year}}", "{{funds.sourcesList}}", "文字", "，"), { maxLength: 12 }), (parts) => {
        const template = parts.join("");
        const frozen = freezeTemplate(template, set);
        expect(placeholdersOf(frozen)).toEqual([]);
        expect(inlineText(fillTemplate(frozen, set))).toBe(inlineText(fillTemplate(template, set)));
      }),
    );
  });

  it("a person reads and writes figures by name; the stored template keeps the keys", () => {
    const names = placeholderNames(set);
    expect(new Set(names.values()).size).toBe(names.size);
    const template = "截至{{fy.asOf}}，执行率为{{funds.rate}}，其中{{funds.sourceRatesList}}。";
    const shown = templateToNames(template, names);
    expect(shown).toBe("截至{{评价日}}，执行率为{{预算执行率（全部资金来源）}}，其中{{各资金来源预算执行率}}。");
    expect(templateFromNames(shown, names)).toBe(template);
    // Keys still work, and a name that is no figure stays visible to be refused.
    expect(templateFromNames("{{funds.rate}}{{不存在的数字}}", names)).toBe("{{funds.rate}}{{不存在的数字}}");
    expect(unknownPlaceholders("{{funds.rate}}{{不存在的数字}}", set)).toEqual(["不存在的数字"]);
  });
});

