import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ALTERNATIVE_GRADE_SCALE, capGrade, DEFAULT_GRADE_SCALE, describeGradeScale, gradeOf, gradeRank, gradeScaleProblems } from "./grades";

describe("grade scale 财预〔2020〕10号 (boundaries belong to the grade above)", () => {
  it("grades at and around each boundary", () => {
    expect(gradeOf(DEFAULT_GRADE_SCALE, 10000)).toBe("优");
    expect(gradeOf(DEFAULT_GRADE_SCALE, 9002)).toBe("优"); // the seed
    expect(gradeOf(DEFAULT_GRADE_SCALE, 9000)).toBe("优");
    expect(gradeOf(DEFAULT_GRADE_SCALE, 8999)).toBe("良");
    expect(gradeOf(DEFAULT_GRADE_SCALE, 8000)).toBe("良");
    expect(gradeOf(DEFAULT_GRADE_SCALE, 7999)).toBe("中");
    expect(gradeOf(DEFAULT_GRADE_SCALE, 6000)).toBe("中");
    expect(gradeOf(DEFAULT_GRADE_SCALE, 5999)).toBe("差");
    expect(gradeOf(DEFAULT_GRADE_SCALE, 0)).toBe("差");
  });
  it("describes itself as the document does", () => {
    expect(describeGradeScale(DEFAULT_GRADE_SCALE)).toBe("90（含）以上 优；80（含）—90 良；60（含）—80 中；60以下 差");
  });
});

describe("a scale whose boundaries belong to the grade below", () => {
  it("puts exactly 90 in 良好 and 90.01 in 优秀", () => {
    expect(gradeOf(ALTERNATIVE_GRADE_SCALE, 9000)).toBe("良好");
    expect(gradeOf(ALTERNATIVE_GRADE_SCALE, 9001)).toBe("优秀");
    expect(gradeOf(ALTERNATIVE_GRADE_SCALE, 7500)).toBe("合格");
    expect(gradeOf(ALTERNATIVE_GRADE_SCALE, 6000)).toBe("不合格");
    expect(gradeOf(ALTERNATIVE_GRADE_SCALE, 6001)).toBe("合格");
  });
  it("describes its boundaries with （不含）", () => {
    expect(describeGradeScale(ALTERNATIVE_GRADE_SCALE)).toBe("90（不含）以上 优秀；75（不含）—90 良好；60（不含）—75 合格；60（含）以下 不合格");
  });
});

describe("veto cap and checks", () => {
  it("caps a grade without ever raising it", () => {
    expect(capGrade(DEFAULT_GRADE_SCALE, "优", "中")).toBe("中");
    expect(capGrade(DEFAULT_GRADE_SCALE, "差", "中")).toBe("差");
    expect(capGrade(DEFAULT_GRADE_SCALE, "优", null)).toBe("差");
  });
  it("names what is wrong with a scale", () => {
    expect(gradeScaleProblems(DEFAULT_GRADE_SCALE)).toEqual([]);
    const bad = { name: "", grades: [{ label: "A", min: 8000, inclusive: true }, { label: "A", min: 9000, inclusive: true }], vetoGrade: "Z" };
    const p = gradeScaleProblems(bad);
    expect(p).toContain("等级标准须有名称");
    expect(p).toContain("等级名称「A」重复");
    expect(p.some((m) => m.includes("从高到低"))).toBe(true);
    expect(p.some((m) => m.includes("最低等级"))).toBe(true);
    expect(p).toContain("一票否决后的等级「Z」不在等级列表中");
  });
  it("is monotone: a higher score never gets a worse grade (both scales)", () => {
    for (const scale of [DEFAULT_GRADE_SCALE, ALTERNATIVE_GRADE_SCALE]) {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 10000 }), (a, b) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          expect(gradeRank(scale, gradeOf(scale, hi))).toBeLessThanOrEqual(gradeRank(scale, gradeOf(scale, lo)));
        }),
      );
    }
  });
});
