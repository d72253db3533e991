import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_QUESTIONNAIRE, type Questionnaire } from "./questionnaire";
import { allowedAnswers, PAPER_COLUMNS, paperColumns } from "./paper";

const Q = DEFAULT_QUESTIONNAIRE;

describe("paper-form columns", () => {
  it("one column per question headed by its title, in the questionnaire's order", () => {
    const cols = paperColumns(Q);
    expect(cols.map((c) => c.question.name)).toEqual(Q.parts.flatMap((p) => p.questions.map((q) => q.name)));
    expect(cols.map((c) => c.header)).toEqual(Q.parts.flatMap((p) => p.questions.map((q) => q.title)));
  });

  it("two questions of the same title get their part's title in front; the same part twice, their code after", () => {
    const q: Questionnaire = structuredClone(Q);
    q.parts[1].questions[0].title = "物业服务";
    q.parts[3].questions[0].title = "物业服务";
    q.parts[2].questions[0].title = "工期";
    q.parts[2].questions[1].title = "工期";
    q.parts[0].questions[0].title = PAPER_COLUMNS.formNo;
    const byName = new Map(paperColumns(q).map((c) => [c.question.name, c.header]));
    expect(byName.get("content_roads")).toBe("改造内容：物业服务");
    expect(byName.get("maintenance_service")).toBe("长效管理：物业服务");
    expect(byName.get("process_consultation")).toBe("过程管理：工期（process_consultation）");
    expect(byName.get("process_publicity")).toBe("过程管理：工期（process_publicity）");
    // A title that reads as a fixed column does not take its place.
    expect(byName.get("building")).toBe(`住户情况：${PAPER_COLUMNS.formNo}`);
  });

  it("headers compared as a workbook is read (spaces, full-width brackets) are told apart too", () => {
    const q: Questionnaire = structuredClone(Q);
    q.parts[1].questions[0].title = "照明（路灯）";
    q.parts[3].questions[0].title = "照明 (路灯)";
    const same = (h: string) => h.replace(/\s+/g, "").replace(/（/g, "(").replace(/）/g, ")");
    const byName = new Map(paperColumns(q, same).map((c) => [c.question.name, c.header]));
    expect(byName.get("content_roads")).toBe("改造内容：照明（路灯）");
    expect(byName.get("maintenance_service")).toBe("长效管理：照明 (路灯)");
  });

  it("every header is distinct whatever the titles", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("满意", "物业", "小区编号", "问卷编号", "工期"), { minLength: 17, maxLength: 17 }), (titles) => {
        const q: Questionnaire = structuredClone(Q);
        q.parts.slice(1).flatMap((p) => p.questions).forEach((x, i) => (x.title = titles[i % titles.length]));
        const headers = [...Object.values(PAPER_COLUMNS), ...paperColumns(q).map((c) => c.header)];
        expect(new Set(headers).size).toBe(headers.length);
      }),
    );
  });

  it("says what each kind of question takes", () => {
    const [building, , , years] = Q.parts[0].questions;
    expect(allowedAnswers(Q.parts[1].questions[0])).toBe("5 或 很满意，4 或 比较满意，3 或 一般，2 或 不太满意，1 或 很不满意");
    expect(allowedAnswers(years)).toBe("不满5年、5—10年、10—20年、20年以上");
    expect(allowedAnswers(building)).toBe("文字，最多 20 个字");
  });
});
