import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkQuestionnaire, DEFAULT_QUESTIONNAIRE, isSatisfied, satisfactionQuestions, toSurveyJson, type Questionnaire } from "./questionnaire";
import { checkAnswers, flagsOf, householdOf, readLevel, type Answers } from "./answers";
import { addResponse, addTo, emptyGroup, emptyTally, mergeGroups, rateBp, themesOf } from "./rates";
import { drawSample, quotaOf, type SamplingRule } from "./sampling";

const Q = DEFAULT_QUESTIONNAIRE;
function full(level: number, vary = true): Answers {
  const a: Answers = { building: "3", unit: "1", room: "201", years: "5—10年", age: "35岁以下", tenure: "租住" };
  satisfactionQuestions(Q).forEach(({ question }, i) => (a[question.name] = vary && i % 3 === 1 ? Math.max(1, level - 1) : level));
  return a;
}

describe("questionnaire", () => {
  it("the default has the three parts residents are asked about, 5-level answers, household facts and comments, and can be published", () => {
    expect(Q.parts.map((p) => p.title)).toEqual(["住户情况", "改造内容", "过程管理", "长效管理", "总体评价"]);
    expect(checkQuestionnaire(Q)).toEqual([]);
    const json = toSurveyJson(Q) as { pages: { elements: { type: string; choices?: { text: string }[] }[] }[] };
    expect(json.pages).toHaveLength(5);
    expect(json.pages[1].elements[0].choices!.map((c) => c.text)).toEqual(["很满意", "比较满意", "一般", "不太满意", "很不满意"]);
  });

  it("a questionnaire whose scored question is not a satisfaction question, or with duplicate codes, cannot be published", () => {
    const bad: Questionnaire = structuredClone(Q);
    bad.overall = "comments";
    bad.parts[1].questions[1].name = bad.parts[1].questions[0].name;
    const problems = checkQuestionnaire(bad);
    expect(problems).toContain("计分题（总体满意度）必须是问卷中的一道满意度题");
    expect(problems.some((p) => p.includes("重复"))).toBe(true);
  });
});

describe("answers", () => {
  it("levels come as numbers, digits or words; anything else is refused naming the question", () => {
    expect([readLevel(5), readLevel("4"), readLevel("不太满意"), readLevel(6), readLevel("满意"), readLevel(2.5)]).toEqual([5, 4, 2, null, null, null]);
    const a = full(5);
    a.overall = "满意";
    delete a.building;
    a.comments = "很".repeat(501);
    const { problems } = checkAnswers(Q, a);
    expect(problems.map((p) => p.question)).toEqual(expect.arrayContaining(["overall", "building", "comments"]));
    expect(problems.find((p) => p.question === "comments")!.message).toContain("不能超过 500 个字");
    expect(checkAnswers(Q, { ...full(5), phone: "13800000000" }).problems[0].message).toContain("问卷中没有题目");
    expect(checkAnswers(Q, full(5)).problems).toEqual([]);
  });

  it("the household key ignores how 号楼/单元/室 are written", () => {
    const k1 = householdOf(Q, { building: "3号楼", unit: "1单元", room: "201室" });
    const k2 = householdOf(Q, { building: "3", unit: "1", room: "201" });
    expect(k1.key).toBe(k2.key);
    expect(k2.label).toBe("3号楼1单元201室");
  });

  it("flags: too fast below the minimum, the same level on every satisfaction question, duplicates and quota", () => {
    const facts = { seconds: 120, duplicate: false, outsideQuota: false };
    expect(flagsOf(Q, full(4), facts)).toEqual([]);
    expect(flagsOf(Q, full(4), { ...facts, seconds: Q.minSeconds - 1 })).toEqual(["too_fast"]);
    expect(flagsOf(Q, full(4), { ...facts, seconds: Q.minSeconds })).toEqual([]);
    expect(flagsOf(Q, full(4), { ...facts, seconds: null })).toEqual([]);
    expect(flagsOf(Q, full(4, false), facts)).toEqual(["same_answers"]);
    expect(flagsOf(Q, full(4), { seconds: 10, duplicate: true, outsideQuota: true })).toEqual(["too_fast", "duplicate_household", "outside_quota"]);
  });
});

describe("rates", () => {
  it("满意 + 比较满意 among valid answers by default; 一般 counts only when the questionnaire says so; unanswered is not valid", () => {
    const t = emptyTally();
    for (const l of [5, 4, 3, 2, 1, null]) addTo(t, Q, l);
    expect(t).toEqual({ satisfied: 2, valid: 5, levels: [1, 1, 1, 1, 1] });
    expect(rateBp(t)).toBe(4000);
    const three = emptyTally();
    for (const l of [5, 4, 3, 2, 1]) addTo(three, { satisfiedLevels: 3 }, l);
    expect(rateBp(three)).toBe(6000);
    expect(rateBp(emptyTally())).toBeNull();
    expect([isSatisfied(Q, 4), isSatisfied(Q, 3)]).toEqual([true, false]);
  });

  it("1,128 satisfied of 1,200 is exactly 94%; parts pool their questions; groups merge exactly", () => {
    const g = emptyGroup(Q);
    for (let i = 0; i < 1200; i++) addResponse(g, Q, { ...full(i < 1128 ? 5 : 3), overall: i < 1128 ? 4 : 2 });
    expect(rateBp(g.overall)).toBe(9400);
    expect(g.byPart.get("content")!.valid).toBe(1200 * 6);
    const merged = mergeGroups(Q, [g, g]);
    expect(merged.overall).toMatchObject({ satisfied: 2256, valid: 2400 });
  });

  it("comments fall under the themes their words name, else 其他", () => {
    expect(themesOf("停车位太少，物业不管")).toEqual(["停车与道路", "物业与管理"]);
    expect(themesOf("谢谢")).toEqual(["其他"]);
  });
});

describe("sampling", () => {
  const candidates = Array.from({ length: 60 }, (_, i) => ({ communityId: 100 + i, countyId: 1 + (i % 4), households: 40 + i * 17 }));
  const rule: SamplingRule = { mode: "sample", perCounty: 5, seed: 42, quotaMin: 30, quotaBp: 500 };

  it("the quota is the larger of the minimum and the share, never more than the households", () => {
    expect([quotaOf(rule, 100), quotaOf(rule, 1000), quotaOf(rule, 12), quotaOf(rule, 601)]).toEqual([30, 50, 12, 31]);
  });

  it("draws perCounty communities per county; the same seed gives the same sample whatever the input order", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(fc.nat(), { minLength: 60, maxLength: 60 }), (seed, keys) => {
        const shuffled = candidates.map((c, i) => ({ c, k: keys[i] })).sort((a, b) => a.k - b.k).map((x) => x.c);
        const a = drawSample({ ...rule, seed }, candidates);
        const b = drawSample({ ...rule, seed }, shuffled);
        expect(b).toEqual(a);
        for (const county of [1, 2, 3, 4]) expect(a.filter((s) => s.countyId === county)).toHaveLength(5);
      }),
      { numRuns: 50 },
    );
    expect(drawSample({ ...rule, seed: 1 }, candidates)).not.toEqual(drawSample({ ...rule, seed: 2 }, candidates));
    expect(drawSample({ ...rule, mode: "all" }, candidates)).toHaveLength(60);
  });
});
