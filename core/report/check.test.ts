import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkReport, isReportLike, parseReportText, type Claim } from "./check";
import { formatPoints, parsePoints } from "../scoring/points";
import { ALTERNATIVE_GRADE_SCALE } from "../scoring/grades";

const seedText = fs.readFileSync(path.resolve(import.meta.dirname, "../../../shared/seed/linyi-2021-report.txt"), "utf8");
const seed = parseReportText(seedText);

const claim = (key: string, nth = 0): Claim => seed.claims.filter((c) => c.key === key)[nth];
/** The seed with one claim's figure replaced. */
const withFigure = (c: Claim, text: string) => seedText.slice(0, c.start) + text + seedText.slice(c.end);
const check = (text: string, options?: Parameters<typeof checkReport>[1]) => checkReport(parseReportText(text), options);
const values = (text: string) => parseReportText(text).claims.map((c) => `${c.key}=${c.value ?? c.text}`);

describe("the seed report", () => {
  it("passes with zero problems", () => {
    const r = checkReport(seed);
    expect(r.problems).toEqual([]);
    expect(r.relations).toBeGreaterThan(40);
  });

  it("recognises 表1, 表2 (12 counties), two fund compositions, four level-1 statements and the overall", () => {
    expect(checkReport(seed).recognised).toEqual(
      expect.arrayContaining(["章节（7个）", "表1", "表2（12个县区）", "资金构成（2处）", "一级指标分析（4项）", "综合评价结论"]),
    );
    expect(seed.table1!.indicators).toEqual(["决策", "过程", "产出", "效益"]);
    expect(seed.table2!.rows.map((r) => r.name)).toHaveLength(12);
    expect(seed.level1.map((s) => s.name)).toEqual(["决策", "过程", "产出", "效益"]);
    expect(seed.overall.map((o) => [o.score.value, o.grade.text])).toEqual([["90.02", "优"]]);
  });

  it("reads each figure with its key, exact value and place", () => {
    expect(claim("table1.score.决策")).toMatchObject({
      text: "19.09",
      value: "19.09",
      location: { chapter: "四、评价结论和绩效分析", table: "表1", row: "得分", column: "决策" },
    });
    expect(claim("table1.rate.效益").value).toBe("87"); // written 87%, i.e. 87.00%
    expect(claim("table2.score.兰山区").location).toMatchObject({ table: "表2", row: "兰山区", column: "实际得分" });
    expect(seed.funds.map((f) => [f.total.value, ...f.parts.map((p) => `${p.key}=${p.value}`)])).toEqual([
      ["23763", "funds.source.中央补助=16158", "funds.source.省级补助=6105", "funds.source.市级补助=1500"],
      ["23763", "funds.source.中央补助=16158", "funds.source.省级补助=6105", "funds.source.市级补助=1500"],
    ]);
    // 「可持续影响得 2.77 分」 has no 分 after 得; 「3.70」 is the value 3.7.
    expect(seed.level1[3].parts.map((p) => `${p.key}=${p.value}`)).toEqual(["text.level2.效益.社会效益=3.7", "text.level2.效益.可持续影响=2.77", "text.level2.效益.满意度=6.58"]);
    expect(claim("counts.counties").value).toBe("12");
    expect(claim("registry.households").value).toBe("53389");
    // Chapter 六 breaks 「预算执\n\n行率为 100%」 across lines; the sentence is still read.
    expect(seed.claims.filter((c) => c.key === "funds.executionRate.中央补助").map((c) => c.location.line)).toEqual([17, 131]);
  });
});

describe("text as hand-written reports and PDF extraction give it", () => {
  it("reads full-width digits, ％ and thousands separators as the same figures", () => {
    const fullWidth = seedText.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).replace(/%/g, "％").replace(/23763万元/g, "23,763万元");
    expect(values(fullWidth)).toEqual(values(seedText));
    expect(check(fullWidth).problems).toEqual([]);
  });

  it("reads table cells separated by runs of spaces and paragraphs wrapped every 20 characters", () => {
    const wrap = (line: string) => (line.includes("\t") ? [line.replace(/\t/g, "    ")] : (line.match(/.{1,20}/g) ?? [""]));
    const pdfLike = seedText.split("\n").flatMap(wrap).join("\n");
    expect(values(pdfLike)).toEqual(values(seedText));
    expect(check(pdfLike).problems).toEqual([]);
  });

  it("reads a Word table whose top-left cell is blank", () => {
    const blankCorner = seedText.replace("项目\t决策", "\t决策");
    expect(values(blankCorner)).toEqual(values(seedText));
  });

  it("reads a Table 1 written the other way round (indicators as rows) and amounts in 元", () => {
    const text = [
      "一、项目基本情况",
      "补助资金237,630,000元，其中：中央补助161,580,000元、省级补助61,050,000元、市级补助1,500万元。",
      "四、评价结论和绩效分析",
      "表1 各指标得分情况表",
      "指标\t分值\t得分\t得分率",
      "决策\t22\t19.09\t86.77%",
      "过程\t18\t16.22\t90.11%",
      "产出\t45\t41.66\t92.58%",
      "效益\t15\t13.05\t87.00%",
      "合计\t100\t90.02\t90.02%",
    ].join("\n");
    const parsed = parseReportText(text);
    expect(parsed.table1!.cells.score.合计.value).toBe("90.02");
    expect(parsed.funds[0].total.value).toBe("23763");
    expect(checkReport(parsed).problems).toEqual([]);
    const wrong = text.replace("产出\t45\t41.66", "产出\t45\t41.76");
    expect(check(wrong).problems.map((p) => p.message)).toEqual([
      "四、评价结论和绩效分析 · 表1 · 产出 · 得分：41.76 与合计 90.02 不符，应为 41.66（合计 90.02 − 其余各项 48.36）",
    ]);
  });

  it("sums a total investment's composition without comparing it with the subsidy's", () => {
    const text = seedText.replace("2.项目实施情况。", "2.项目实施情况。\n项目总投资30000万元，其中：财政资金23763万元、居民出资6237万元。");
    const parsed = parseReportText(text);
    expect(parsed.funds.map((f) => f.total.key)).toEqual(["funds.total", "investment.total", "funds.total"]);
    expect(checkReport(parsed).problems).toEqual([]);
    expect(check(text.replace("居民出资6237万元", "居民出资6238万元")).problems.map((p) => p.message)).toEqual([
      "一、项目基本情况 · 投资构成 · 总额：30000万元 与各项之和不符，应为 30001万元（23763万元 + 6238万元）",
    ]);
  });

  it("reads chapter titles without a table of contents' page numbers, and 「决策指标」 as the indicator 决策", () => {
    const text = seedText.replace("临沂市老旧小区改造补助资金 全周期跟踪问效报告", "目录\n一、项目基本情况……1\n四、评价结论和绩效分析\t5").replace("项目\t决策\t过程", "项目\t决策指标\t过程");
    const parsed = parseReportText(text);
    expect(parsed.chapters.slice(0, 2).map((c) => c.title)).toEqual(["一、项目基本情况", "四、评价结论和绩效分析"]);
    expect(parsed.table1!.cells.score.决策.location.column).toBe("决策指标");
    const r = checkReport(parsed);
    expect(r.problems).toEqual([]);
    expect(r.recognised[0]).toBe("章节（7个）");
  });
});

/** Figures of Table 1, of the fund compositions and of the level-1 statements in the text. */
const changeable = seed.claims.filter((c) => /^(table1\.|funds\.(total|source\.)|text\.level1\.)/.test(c.key));

describe("a single changed figure is caught at that figure", () => {
  it("covers all 15 cells of Table 1, 8 figures of the two compositions and 12 of the level-1 statements", () => {
    expect(changeable).toHaveLength(35);
  });

  it("names the figure's own line and key and the value it should have, for any figure and any change", () => {
    const delta = fc.oneof(fc.integer({ min: -300, max: 300 }), fc.integer({ min: -3_000_000, max: 3_000_000 })).filter((d) => d !== 0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: changeable.length - 1 }), delta, (i, d) => {
        const c = changeable[i];
        const changed = parsePoints(c.value!)! + d; // in hundredths
        fc.pre(changed >= 0);
        const r = check(withFigure(c, formatPoints(changed)));
        const own = r.problems.filter((p) => p.where.line === c.location.line && p.key === c.key);
        expect(own, `${c.key} → ${formatPoints(changed)}: ${r.problems.map((p) => p.message).join("；")}`).toHaveLength(1);
        expect(own[0].expected.replace(/%|万元/, "")).toBe(c.value);
      }),
      { numRuns: 400 },
    );
  });

  it("says which cell of Table 1 is wrong, what it should be and why", () => {
    const r = check(withFigure(claim("table1.score.决策"), "19.19"));
    // One wrong cell breaks the row sum, the 决策 rate and the text's 19.09: one problem, at the cell.
    expect(r.problems.map((p) => p.message)).toEqual([
      "四、评价结论和绩效分析 · 表1 · 得分行 · 决策列：19.19 与合计 90.02 不符，应为 19.09（合计 90.02 − 其余各项 70.93）",
    ]);
    expect(r.problems[0]).toMatchObject({ rule: "sum", found: "19.19", expected: "19.09" });
  });

  it("names the total when it is the total that is wrong", () => {
    const r = check(withFigure(claim("funds.total", 1), "23863"));
    expect(r.problems.map((p) => p.message)).toEqual(["三、评价基本情况 · 资金构成 · 总额：23863万元 与各项之和不符，应为 23763万元（16158万元 + 6105万元 + 1500万元）"]);
  });

  it("names a rate that does not equal its ratio, to the hundredth, half up", () => {
    // 19.09 ÷ 22 = 0.867727… → 86.77%
    const r = check(withFigure(claim("text.level1.决策.rate"), "86.78"));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ rule: "rate", key: "text.level1.决策.rate", expected: "86.77%" });
    expect(r.problems[0].message).toBe("四、评价结论和绩效分析 · 决策 · 得分率：86.78% 不等于得分 ÷ 分值，应为 86.77%（19.09 ÷ 22）");
  });

  it("names the sum, not a guessed part, when a level-2 score is wrong and nothing else tells which", () => {
    const part = claim("text.level2.决策.项目立项");
    const edited = withFigure(part, "4");
    const alone = check(edited).problems;
    expect(alone).toHaveLength(1);
    expect(alone[0]).toMatchObject({ rule: "sum", key: null, found: "20.09", expected: "19.09" });
    expect(alone[0].message).toContain("各项之和 20.09（4 + 4 + 12.09）与实际得分 19.09 不符");
    // The record of the generated report tells which part it is.
    const withRecord = check(edited, { expected: seed }).problems;
    expect(withRecord.map((p) => [p.key, p.expected])).toEqual([["text.level2.决策.项目立项", "3"]]);
  });
});

describe("relations no sum covers", () => {
  it("catches an edited Table 2 score only by comparing with the system's record", () => {
    const edited = withFigure(claim("table2.score.兰山区"), "93.18");
    expect(check(edited).problems).toEqual([]);
    const r = check(edited, { expected: seed });
    expect(r.problems.map((p) => [p.rule, p.key, p.message])).toEqual([
      ["record", "table2.score.兰山区", "四、评价结论和绩效分析 · 表2 · 兰山区 · 实际得分：93.18，系统记录为 93.08"],
    ]);
    expect(r.recognised.at(-1)).toMatch(/^系统记录（\d+项）$/);
  });

  it("catches a grade that does not match its score", () => {
    const r = check(withFigure(claim("overall.grade"), "良"));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ rule: "grade", key: "overall.grade", found: "良", expected: "优" });
    expect(r.problems[0].message).toBe("四、评价结论和绩效分析 · 综合评价结论 · 评级：评级「良」与得分 90.02 不符，按财预〔2020〕10号应为「优」");
  });

  it("grades by the scale it is given", () => {
    // Under a scale whose boundaries belong to the grade below, 90.02 is still 优秀, and 优 is no grade of it.
    const r = checkReport(seed, { scale: ALTERNATIVE_GRADE_SCALE });
    expect(r.problems.map((p) => [p.rule, p.expected])).toEqual([["grade", "优秀"]]);
  });

  it("catches 12个县区 when Table 2 lists 11", () => {
    const r = check(seedText.replace("12\t临沭县\t89.93\t现场与非现场评价\n", ""));
    expect(r.problems.map((p) => [p.rule, p.key, p.expected])).toEqual([["count", "counts.counties", "11"]]);
    expect(r.problems[0].message).toBe("三、评价基本情况 · 评价范围 · 县区数：共涉及 12 个县区，而表2列出 11 个县区，应为 11");
  });

  it("names a gap in Table 2's 序号 once, at the row after the gap", () => {
    const r = check(seedText.replace("3\t河东区\t90.85\t现场与非现场评价\n", ""));
    expect(r.problems.map((p) => [p.rule, p.key, p.expected])).toEqual([
      ["count", "counts.counties", "11"],
      ["sequence", "table2.seq.沂南县", "3"],
    ]);
  });

  it("catches a repeated figure that differs from its first mention", () => {
    const r = check(withFigure(claim("funds.executionRate", 1), "82.24"));
    expect(r.problems.map((p) => [p.rule, p.key, p.where.line, p.expected])).toEqual([["repeat", "funds.executionRate", 131, "81.24%"]]);
  });
});

describe("a file that is not a report", () => {
  it("is told apart from a report", () => {
    expect(isReportLike(seed)).toBe(true);
    const minutes = parseReportText("会议纪要\n\n今天讨论了下一步工作安排，预计投入 300 万元。\n");
    expect(isReportLike(minutes)).toBe(false);
    expect(checkReport(minutes)).toEqual({ problems: [], relations: 0, recognised: [] });
  });
});
