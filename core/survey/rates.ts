/**
 * 满意率 = satisfied answers ÷ valid answers (every answered level), for one question, a part (the
 * answers of its questions pooled), a community, a county and the city. Exact: counts, and basis points
 * rounded half-up from the fraction. Only accepted responses may be passed in.
 */
import { ratioBasisPoints } from "../money";
import { isSatisfied, satisfactionQuestions, type Questionnaire } from "./questionnaire";
import { readLevel, type Answers } from "./answers";

export interface Tally {
  satisfied: number;
  valid: number;
  /** Answers per level, index 0 = 很满意 (5) … 4 = 很不满意 (1). */
  levels: [number, number, number, number, number];
}

export const emptyTally = (): Tally => ({ satisfied: 0, valid: 0, levels: [0, 0, 0, 0, 0] });

export function addTo(t: Tally, q: Pick<Questionnaire, "satisfiedLevels">, level: number | null, count = 1): void {
  if (level === null || !(level >= 1 && level <= 5)) return;
  t.valid += count;
  t.levels[5 - level] += count;
  if (isSatisfied(q, level)) t.satisfied += count;
}

export function mergeTallies(list: Tally[]): Tally {
  const out = emptyTally();
  for (const t of list) {
    out.satisfied += t.satisfied;
    out.valid += t.valid;
    for (let i = 0; i < 5; i++) out.levels[i] += t.levels[i];
  }
  return out;
}

export const rateBp = (t: Tally) => ratioBasisPoints(t.satisfied, t.valid);

export interface GroupTally {
  /** Questionnaires counted. */
  responses: number;
  /** The scored question (总体满意度): the figure of the 居民满意度 leaf. */
  overall: Tally;
  byQuestion: Map<string, Tally>;
  byPart: Map<string, Tally>;
}

export function emptyGroup(q: Questionnaire): GroupTally {
  const byQuestion = new Map<string, Tally>();
  const byPart = new Map<string, Tally>();
  for (const { part, question } of satisfactionQuestions(q)) {
    byQuestion.set(question.name, emptyTally());
    if (!byPart.has(part.name)) byPart.set(part.name, emptyTally());
  }
  return { responses: 0, overall: emptyTally(), byQuestion, byPart };
}

/** Adds one accepted response to a group. */
export function addResponse(g: GroupTally, q: Questionnaire, a: Answers): void {
  g.responses += 1;
  for (const { part, question } of satisfactionQuestions(q)) {
    const level = readLevel(a[question.name]);
    addTo(g.byQuestion.get(question.name)!, q, level);
    addTo(g.byPart.get(part.name)!, q, level);
    if (question.name === q.overall) addTo(g.overall, q, level);
  }
}

/** Adds `count` answers of one level to one question of a group (counts grouped in SQL). */
export function addAnswers(g: GroupTally, q: Questionnaire, question: string, level: number, count: number): void {
  const part = satisfactionQuestions(q).find((x) => x.question.name === question)?.part;
  if (!part) return;
  addTo(g.byQuestion.get(question)!, q, level, count);
  addTo(g.byPart.get(part.name)!, q, level, count);
  if (question === q.overall) addTo(g.overall, q, level, count);
}

export function mergeGroups(q: Questionnaire, list: GroupTally[]): GroupTally {
  const out = emptyGroup(q);
  for (const g of list) {
    out.responses += g.responses;
    out.overall = mergeTallies([out.overall, g.overall]);
    for (const [k, t] of g.byQuestion) out.byQuestion.set(k, mergeTallies([out.byQuestion.get(k)!, t]));
    for (const [k, t] of g.byPart) out.byPart.set(k, mergeTallies([out.byPart.get(k)!, t]));
  }
  return out;
}

/** Themes of the open comments, by keywords; a comment may fall under several, or under 其他. */
export const COMMENT_THEMES: { theme: string; keywords: string[] }[] = [
  { theme: "停车与道路", keywords: ["停车", "车位", "道路", "路面", "充电"] },
  { theme: "加装电梯与适老化", keywords: ["电梯", "扶手", "无障碍", "老人", "适老"] },
  { theme: "物业与管理", keywords: ["物业", "管理", "收费", "保洁", "垃圾", "维修"] },
  { theme: "施工与质量", keywords: ["施工", "工期", "噪音", "扰民", "质量", "漏水", "返工", "开挖"] },
  { theme: "管网与供暖", keywords: ["管网", "水压", "下水", "排水", "燃气", "暖气", "供暖", "电线"] },
  { theme: "绿化与环境", keywords: ["绿化", "环境", "照明", "路灯", "卫生"] },
  { theme: "配套服务", keywords: ["健身", "活动", "养老", "托幼", "快递", "便民"] },
];
export const OTHER_THEME = "其他";

export function themesOf(comment: string): string[] {
  const out = COMMENT_THEMES.filter((t) => t.keywords.some((k) => comment.includes(k))).map((t) => t.theme);
  return out.length ? out : [OTHER_THEME];
}
