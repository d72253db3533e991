/**
 * 纸质问卷导入: the columns of the paper-form workbook. Two fixed columns (小区编号, 问卷编号), then one
 * column per question headed by its title; where two titles read the same the part's title goes in
 * front, so every question has a column of its own and a header says which question it is.
 */
import { allQuestions, LEVELS, type Part, type Question, type Questionnaire } from "./questionnaire";

export const PAPER_COLUMNS = { community: "小区编号", formNo: "问卷编号" } as const;

export interface PaperColumn {
  /** The header in the workbook. */
  header: string;
  part: Part;
  question: Question;
}

/**
 * One column per question, in the questionnaire's order. `same` is how headers are compared when a
 * workbook is read (the server's normaliseHeader); two headers it takes for one get the part's title
 * in front, and should even that not tell them apart, the question's code after.
 */
export function paperColumns(q: Questionnaire, same: (header: string) => string = (h) => h): PaperColumn[] {
  const list = allQuestions(q);
  const fixed = new Set(Object.values(PAPER_COLUMNS).map(same));
  const count = (headers: string[]) => {
    const n = new Map<string, number>();
    for (const h of headers) n.set(same(h), (n.get(same(h)) ?? 0) + 1);
    return n;
  };
  const plain = list.map((x) => x.question.title.trim());
  const plainCount = count(plain);
  const prefixed = list.map((x, i) => (plainCount.get(same(plain[i]))! > 1 || fixed.has(same(plain[i])) ? `${x.part.title.trim()}：${plain[i]}` : plain[i]));
  const prefixedCount = count(prefixed);
  return list.map((x, i) => ({
    header: prefixedCount.get(same(prefixed[i]))! > 1 || fixed.has(same(prefixed[i])) ? `${prefixed[i]}（${x.question.name}）` : prefixed[i],
    part: x.part,
    question: x.question,
  }));
}

/** What a question's cell may hold, in Chinese (the template's notes and 填写说明). */
export function allowedAnswers(x: Question): string {
  switch (x.kind) {
    case "satisfaction":
      return `${LEVELS.map((l) => `${l.value} 或 ${l.text}`).join("，")}`;
    case "choice":
      return x.choices.join("、");
    case "text":
    case "comment":
      return `文字，最多 ${x.maxLength} 个字`;
  }
}
