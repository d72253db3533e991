/**
 * Checking one household's answers against its questionnaire, the flags a reviewer sees (作答过快,
 * 答案完全相同, 同一户重复作答, 超出配额), and the household's label. Pure: the server and the paper import
 * both call it, so an answer the phone could not give is refused everywhere alike.
 */
import { allQuestions, LEVEL_TEXT, satisfactionQuestions, type Level, type Question, type Questionnaire } from "./questionnaire";

/** Answers by question name: a level 1–5, a choice's text, or a line of text. */
export type Answers = Record<string, number | string>;

export interface AnswerProblem {
  /** The question's name, or null for the whole form. */
  question: string | null;
  /** Its title, for a message that names it. */
  title: string | null;
  message: string;
}

const clip = (s: string, n = 20) => (s.length > n ? s.slice(0, n) + "…" : s);

/** Reads a level from what a phone sends (5) or a paper form gives (5, "5", "很满意"). */
export function readLevel(v: unknown): Level | null {
  if (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 5) return v as Level;
  if (typeof v === "string") {
    const t = v.trim();
    if (/^[1-5]$/.test(t)) return Number(t) as Level;
    for (const [k, text] of Object.entries(LEVEL_TEXT)) if (text === t) return Number(k) as Level;
  }
  return null;
}

function checkOne(x: Question, v: unknown): { value?: number | string; problem?: string } {
  const empty = v === undefined || v === null || (typeof v === "string" && v.trim() === "");
  if (empty) return x.required ? { problem: "未作答" } : {};
  switch (x.kind) {
    case "satisfaction": {
      const level = readLevel(v);
      return level === null ? { problem: `「${clip(String(v))}」不是有效答案，应为 很满意、比较满意、一般、不太满意、很不满意 之一` } : { value: level };
    }
    case "choice": {
      const t = typeof v === "string" ? v.trim() : String(v);
      return x.choices.includes(t) ? { value: t } : { problem: `「${clip(t)}」不是有效选项，应为 ${x.choices.join("、")} 之一` };
    }
    case "text":
    case "comment": {
      if (typeof v !== "string" && typeof v !== "number") return { problem: "应为文字" };
      const t = String(v).trim();
      if (t.includes("\u0000")) return { problem: "含有无法保存的字符" };
      if ([...t].length > x.maxLength) return { problem: `不能超过 ${x.maxLength} 个字（现有 ${[...t].length} 个）` };
      return { value: t };
    }
  }
}

/** The answers a questionnaire accepts from `raw`, or every problem; unknown questions are refused. */
export function checkAnswers(q: Questionnaire, raw: unknown): { answers: Answers; problems: AnswerProblem[] } {
  const problems: AnswerProblem[] = [];
  const answers: Answers = {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { answers, problems: [{ question: null, title: null, message: "问卷答案格式不正确" }] };
  }
  const given = raw as Record<string, unknown>;
  const known = new Map(allQuestions(q).map((x) => [x.question.name, x.question]));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) problems.push({ question: key, title: null, message: `问卷中没有题目「${clip(key)}」` });
  }
  for (const { question } of allQuestions(q)) {
    const r = checkOne(question, given[question.name]);
    if (r.problem) problems.push({ question: question.name, title: question.title, message: `「${clip(question.title, 24)}」${r.problem}` });
    else if (r.value !== undefined) answers[question.name] = r.value;
  }
  return { answers, problems };
}

/** 楼号-单元-室号 as one key (for 同一户重复作答) and as the label a reviewer reads. */
export function householdOf(q: Questionnaire, a: Answers): { key: string; label: string } {
  const part = (name: string) => (name && a[name] !== undefined ? String(a[name]).replace(/\s+/g, "") : "");
  const building = part(q.household.building);
  const unit = part(q.household.unit);
  const room = part(q.household.room);
  const norm = (s: string) => s.replace(/[号栋幢楼单元室#\-－]/g, "").toLowerCase();
  return {
    key: [norm(building), norm(unit), norm(room)].join("|"),
    label: [building && `${building}${/[号栋幢楼]$/.test(building) ? "" : "号楼"}`, unit && `${unit}${/单元$/.test(unit) ? "" : "单元"}`, room && `${room}${/室$/.test(room) ? "" : "室"}`]
      .filter(Boolean)
      .join(""),
  };
}

/** The satisfaction answers as one digit each in questionnaire order (0: unanswered), e.g. "5443054…". */
export function levelString(q: Questionnaire, a: Answers): string {
  return satisfactionQuestions(q)
    .map(({ question }) => String(readLevel(a[question.name]) ?? 0))
    .join("");
}

/** The level of the scored question (总体满意度), or null when it was not answered. */
export function overallLevel(q: Questionnaire, a: Answers): Level | null {
  return readLevel(a[q.overall]);
}

export const FLAGS = ["too_fast", "same_answers", "duplicate_household", "outside_quota"] as const;
export type Flag = (typeof FLAGS)[number];

export const FLAG_LABEL: Record<Flag, string> = {
  too_fast: "作答过快",
  same_answers: "答案完全相同",
  duplicate_household: "同一户重复作答",
  outside_quota: "超出配额",
};

export const FLAG_EXPLANATION: Record<Flag, string> = {
  too_fast: "从打开链接到提交的时间短于问卷设定的最短作答时间",
  same_answers: "所有满意度题选了同一个答案",
  duplicate_household: "同一小区同一楼号、单元、室号已有另一份未被退回的问卷",
  outside_quota: "提交时该小区的问卷已达到抽样配额，或该小区不在抽样范围内",
};

export interface FlagFacts {
  /** Seconds from opening the link to submitting; null for paper forms. */
  seconds: number | null;
  /** Another response of the same household (not rejected) exists. */
  duplicate: boolean;
  /** The community's quota was already reached, or the community is not sampled. */
  outsideQuota: boolean;
}

/** The automatic flags of one response. */
export function flagsOf(q: Questionnaire, a: Answers, f: FlagFacts): Flag[] {
  const out: Flag[] = [];
  if (f.seconds !== null && f.seconds < q.minSeconds) out.push("too_fast");
  const levels = satisfactionQuestions(q)
    .map((x) => readLevel(a[x.question.name]))
    .filter((l): l is Level => l !== null);
  if (levels.length >= 5 && levels.every((l) => l === levels[0])) out.push("same_answers");
  if (f.duplicate) out.push("duplicate_household");
  if (f.outsideQuota) out.push("outside_quota");
  return out;
}
