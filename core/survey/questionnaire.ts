/**
 * 居民满意度问卷 (shared/SPEC.md §3 Survey): parts of questions, the 5-level satisfaction answer, and the
 * settings that define the satisfaction rate. A questionnaire is Wenxiao's own small structure; the web
 * renders it with SurveyJS (`toSurveyJson`), the server checks answers against it (`checkAnswers`).
 */

/** The five answers, best first; the stored value is the number (5 很满意 … 1 很不满意). */
export const LEVELS = [
  { value: 5, text: "很满意" },
  { value: 4, text: "比较满意" },
  { value: 3, text: "一般" },
  { value: 2, text: "不太满意" },
  { value: 1, text: "很不满意" },
] as const;
export type Level = 1 | 2 | 3 | 4 | 5;
export const LEVEL_TEXT: Record<Level, string> = { 5: "很满意", 4: "比较满意", 3: "一般", 2: "不太满意", 1: "很不满意" };

export type Question =
  /** A 5-level satisfaction question; its answers count in the rates. */
  | { kind: "satisfaction"; name: string; title: string; required: boolean }
  /** One of a few choices (household facts). */
  | { kind: "choice"; name: string; title: string; required: boolean; choices: string[] }
  /** A short line (楼号, 单元, 室号). */
  | { kind: "text"; name: string; title: string; required: boolean; maxLength: number }
  /** Open comments. */
  | { kind: "comment"; name: string; title: string; required: boolean; maxLength: number };

export interface Part {
  /** Stable key: content, process, maintenance … */
  name: string;
  title: string;
  description?: string;
  questions: Question[];
}

export interface Questionnaire {
  title: string;
  description: string;
  parts: Part[];
  /** The satisfaction question whose rate is the 居民满意度 figure of a scope (总体满意度). */
  overall: string;
  /**
   * How many of the best levels count as satisfied: 2 = 很满意 + 比较满意 (the default), 3 also counts
   * 一般 (基本满意). Valid answers are every answered level.
   */
  satisfiedLevels: 2 | 3;
  /** An online answer submitted sooner than this after the link was opened is flagged 作答过快. */
  minSeconds: number;
  /** The text questions that name the household (building / unit / room); nothing else is personal. */
  household: { building: string; unit: string; room: string };
}

export const SATISFIED_LABEL: Record<2 | 3, string> = { 2: "很满意、比较满意", 3: "很满意、比较满意、一般" };

/** Whether a level counts as satisfied under the questionnaire's definition. */
export const isSatisfied = (q: Pick<Questionnaire, "satisfiedLevels">, level: number) => level > 5 - q.satisfiedLevels;

const sat = (name: string, title: string): Question => ({ kind: "satisfaction", name, title, required: true });

/** The default questionnaire of 老旧小区改造, in the three parts of the national third-party surveys. */
export const DEFAULT_QUESTIONNAIRE: Questionnaire = {
  title: "城镇老旧小区改造居民满意度调查问卷",
  description:
    "您好！为了解本小区改造的实际效果，我们受委托开展居民满意度调查。问卷不记名，只需填写楼号、单元和室号，约需 3 分钟。您的意见将作为改进工作的依据，感谢您的支持！",
  parts: [
    {
      name: "household",
      title: "住户情况",
      questions: [
        { kind: "text", name: "building", title: "楼号", required: true, maxLength: 20 },
        { kind: "text", name: "unit", title: "单元", required: false, maxLength: 20 },
        { kind: "text", name: "room", title: "室号", required: true, maxLength: 20 },
        { kind: "choice", name: "years", title: "您在本小区居住了多久？", required: true, choices: ["不满5年", "5—10年", "10—20年", "20年以上"] },
        { kind: "choice", name: "age", title: "您的年龄段", required: true, choices: ["35岁以下", "35—59岁", "60岁及以上"] },
        { kind: "choice", name: "tenure", title: "您的住房是", required: true, choices: ["自有住房", "租住"] },
      ],
    },
    {
      name: "content",
      title: "改造内容",
      description: "您对本小区以下改造内容是否满意？",
      questions: [
        sat("content_roads", "道路、停车设施改造"),
        sat("content_pipes", "供水、排水、供电、燃气、供暖等管网改造"),
        sat("content_buildings", "楼体、屋面修缮（防水、保温、外立面）"),
        sat("content_environment", "绿化、照明和环境卫生"),
        sat("content_safety", "安防、消防设施"),
        sat("content_ageing", "适老化、无障碍设施（含加装电梯）"),
      ],
    },
    {
      name: "process",
      title: "过程管理",
      description: "您对改造过程中的以下方面是否满意？",
      questions: [
        sat("process_consultation", "改造前征求居民意见"),
        sat("process_publicity", "施工前公示和施工期间的沟通"),
        sat("process_safety", "施工安全和文明施工"),
        sat("process_schedule", "施工工期"),
        sat("process_quality", "工程质量"),
      ],
    },
    {
      name: "maintenance",
      title: "长效管理",
      description: "您对改造后小区的管理是否满意？",
      questions: [
        sat("maintenance_service", "物业服务（或街道、社区统管服务）"),
        sat("maintenance_cleaning", "日常保洁和维修"),
        sat("maintenance_facilities", "公共设施的维护"),
        sat("maintenance_participation", "居民参与小区管理的渠道"),
      ],
    },
    {
      name: "overall",
      title: "总体评价",
      questions: [
        sat("overall", "总体而言，您对本小区这次改造是否满意？"),
        { kind: "comment", name: "comments", title: "您对小区改造和管理还有什么意见或建议？（选填）", required: false, maxLength: 500 },
      ],
    },
  ],
  overall: "overall",
  satisfiedLevels: 2,
  minSeconds: 60,
  household: { building: "building", unit: "unit", room: "room" },
};

export const QUESTION_KIND_LABEL: Record<Question["kind"], string> = {
  satisfaction: "满意度（五级）",
  choice: "单选",
  text: "填空",
  comment: "意见建议",
};

export function allQuestions(q: Questionnaire): { part: Part; question: Question }[] {
  return q.parts.flatMap((part) => part.questions.map((question) => ({ part, question })));
}

export function satisfactionQuestions(q: Questionnaire): { part: Part; question: Question }[] {
  return allQuestions(q).filter((x) => x.question.kind === "satisfaction");
}

const NAME = /^[a-z][a-z0-9_]{0,39}$/;

/** What is wrong with a questionnaire, in Chinese (empty when it can be published). */
export function checkQuestionnaire(q: Questionnaire): string[] {
  const out: string[] = [];
  if (!q.title.trim()) out.push("问卷标题不能为空");
  if (!q.parts.length) out.push("问卷至少要有一个部分");
  const names = new Set<string>();
  const parts = new Set<string>();
  for (const p of q.parts) {
    if (!NAME.test(p.name)) out.push(`部分「${p.title}」的代码应为小写字母开头的字母、数字或下划线`);
    if (parts.has(p.name)) out.push(`部分代码「${p.name}」重复`);
    parts.add(p.name);
    if (!p.title.trim()) out.push(`部分「${p.name}」的标题不能为空`);
    if (!p.questions.length) out.push(`部分「${p.title}」没有题目`);
    for (const x of p.questions) {
      if (!NAME.test(x.name)) out.push(`题目「${x.title}」的代码应为小写字母开头的字母、数字或下划线`);
      if (names.has(x.name)) out.push(`题目代码「${x.name}」重复`);
      names.add(x.name);
      if (!x.title.trim()) out.push(`题目「${x.name}」的题干不能为空`);
      if (x.kind === "choice" && (x.choices.length < 2 || new Set(x.choices).size !== x.choices.length || x.choices.some((c) => !c.trim())))
        out.push(`单选题「${x.title}」至少要有两个互不相同的选项`);
      if ((x.kind === "text" || x.kind === "comment") && !(x.maxLength >= 1 && x.maxLength <= 2000)) out.push(`题目「${x.title}」的字数上限应在 1 到 2000 之间`);
    }
  }
  const byName = new Map(allQuestions(q).map((x) => [x.question.name, x.question]));
  const overall = byName.get(q.overall);
  if (!overall || overall.kind !== "satisfaction") out.push("计分题（总体满意度）必须是问卷中的一道满意度题");
  for (const [k, label] of [["building", "楼号"], ["room", "室号"]] as const) {
    const x = byName.get(q.household[k]);
    if (!x || x.kind !== "text") out.push(`住户的${label}必须是问卷中的一道填空题`);
  }
  if (q.household.unit && byName.get(q.household.unit)?.kind !== "text") out.push("住户的单元必须是问卷中的一道填空题");
  if (!(q.minSeconds >= 0 && q.minSeconds <= 3600 && Number.isInteger(q.minSeconds))) out.push("最短作答时间应为 0 到 3600 之间的整秒数");
  if (q.satisfiedLevels !== 2 && q.satisfiedLevels !== 3) out.push("满意的口径只能是前两级或前三级");
  return out;
}

/** SurveyJS JSON of a questionnaire: one page per part, radio buttons for the five levels. */
export function toSurveyJson(q: Questionnaire): Record<string, unknown> {
  return {
    title: q.title,
    description: q.description,
    locale: "zh-cn",
    showQuestionNumbers: "on",
    questionErrorLocation: "bottom",
    checkErrorsMode: "onValueChanged",
    showProgressBar: "top",
    progressBarType: "pages",
    completedHtml: "",
    pages: q.parts.map((p) => ({
      name: p.name,
      title: p.title,
      description: p.description,
      elements: p.questions.map((x) => {
        const base = { name: x.name, title: x.title, isRequired: x.required, requiredErrorText: "请回答此题" };
        switch (x.kind) {
          case "satisfaction":
            return { ...base, type: "radiogroup", choices: LEVELS.map((l) => ({ value: l.value, text: l.text })), colCount: 1 };
          case "choice":
            return { ...base, type: "radiogroup", choices: x.choices, colCount: 1 };
          case "text":
            return { ...base, type: "text", maxLength: x.maxLength };
          case "comment":
            return { ...base, type: "comment", maxLength: x.maxLength, rows: 4 };
        }
      }),
    })),
  };
}
