/**
 * The report's outline after the seed (一、项目基本情况 … 七、意见建议): which paragraphs, headings and
 * tables stand where, the built-in wording of each paragraph, and the assembly of a ReportDocument
 * from figures, stored texts, edits and drafting rules. Pure.
 */
import { formatMonthCn, ordinalCn } from "./cn";
import { DRAFT_CHAPTER_TITLE, DRAFT_CHAPTERS, draftChapter, type DraftingRule } from "./drafting";
import type { ReportFacts, ReportFinding } from "./facts";
import { formatDateCn } from "../dates";
import type { Inline, ParagraphSource, ReportBlock, ReportDocument } from "./model";
import { fillTemplate, type FigureSet } from "./template";

/** A paragraph's words as stored: a fund-year text or a person's edit of this report. */
export interface StoredText {
  body: string;
  /** True: the body's figures were written out when saved (no placeholders follow the data). */
  frozen: boolean;
  /** True: the paragraph is left out of the report. */
  hidden: boolean;
  version: number;
  /** "text": a stored text of the fund year; "edited": an edit of this report. */
  source: "text" | "edited";
}

export interface BuildInput {
  facts: ReportFacts;
  set: FigureSet;
  /** Stored words by paragraph key: the report's own edit first, else the fund year's text. */
  texts: ReadonlyMap<string, StoredText>;
  rules: readonly DraftingRule[];
  /** The cover date (ISO): the month the report is dated. */
  reportDate: string;
  live: boolean;
  version: number | null;
  generatedAt: string;
}

/** Paragraphs whose words are not data: they come from stored texts only, and are left out when none is stored. */
export const NARRATIVE_KEYS: Record<string, string> = {
  "ch1.policy": "政策依据（实施方案及其日期）",
  "ch1.implementation.note": "实施情况说明",
  "ch2.overall.note": "总体目标说明",
  "ch2.annual.note": "年度目标说明",
};

/** The built-in wording of every paragraph of chapters 一–四 (for the 老旧小区改造 programme). */
export function builtInTexts(facts: ReportFacts): Record<string, string> {
  const goal = facts.goal;
  const full = goal?.clauses.filter((c) => c.requiredBp >= 10000) ?? [];
  const partial = goal?.clauses.map((c, i) => ({ c, n: i + 1 })).filter((x) => x.c.requiredBp < 10000) ?? [];
  const fullText = full.map((c) => `{{goal.${goal!.clauses.indexOf(c) + 1}.year}}年前建成的老旧小区改造`).join("、");
  const partialText = partial.map((x) => `确保完成{{goal.${x.n}.year}}年前建成的老旧小区改造任务的{{goal.${x.n}.required}}以上`).join("，");
  const goalText = goal
    ? `到“{{goal.name}}”末，${fullText ? `在完成${fullText}基础上，` : ""}${partialText || "完成改造任务"}。`
    : "";
  const t = facts.targets;
  const annual =
    t.projects || t.communities || t.households || t.floor_area
      ? `{{fy.year}}年，争取完成${[
          t.projects ? `{{targets.projects}}个项目${t.communities ? "（{{targets.communities}}个小区）" : ""}` : t.communities ? "{{targets.communities}}个小区" : "",
          t.households ? "{{targets.households}}户" : "",
          t.floor_area ? "{{targets.floor_area}}万平方米" : "",
        ]
          .filter(Boolean)
          .join("，")}的改造任务。`
      : "";
  const d = facts.registry.done;
  const done =
    d.projects !== null
      ? `{{fy.year}}年，{{fy.region}}改造完成{{registry.done.projects}}个项目${d.communities !== null ? "（{{registry.done.communities}}个小区）" : ""}${d.households !== null ? "，{{registry.done.households}}户" : ""}${d.floorArea !== null ? "，{{registry.done.area}}万平方米" : ""}。`
      : "";
  return {
    "ch1.background":
      "老旧小区是指城市或县城国有土地上建成时间较长，失养失修失管严重、市政配套设施不完善、公共服务和社会服务设施不健全、居民改造意愿强烈的住宅小区。老旧小区改造是指对老旧小区及相关区域的建筑、环境、配套设施等进行基础改造、完善和提升的活动。",
    "ch1.budget": `{{fy.year}}年度{{fy.region}}{{fy.programme}}{{funds.total}}万元，其中：{{funds.sourcesList}}。截止评价日（{{fy.asOf}}），预算资金执行率为{{funds.rate}}，其中{{funds.sourceRatesList}}。`,
    "ch1.contents":
      "资金主要用于支持老旧小区及相关区域的建筑、环境、配套设施等进行基础改造、完善和提升。其中基础类改造主要是拆违拆临、安防、环卫、消防、道路、照明、绿化、水电气暖、光纤、建筑物修缮、管线规整等，突出解决基础设施老化、环境脏乱差问题；完善类改造主要是完善社区和物业用房、建筑节能改造、加装电梯、停车场、文化、体育健身、无障碍设施等；提升类改造主要是完善社区养老、托幼、医疗、家政、商业设施以及智慧社区等。",
    "ch1.implementation": done,
    "ch2.overall": goalText,
    "ch2.annual": annual,
    "ch3.purpose":
      "通过全周期跟踪问效，全面跟踪掌握各县区资金使用、项目完成、社会资本筹资和群众满意度等情况，深入分析总结工作中存在的不足，同时将跟踪问效结果作为专项资金安排和分配的重要依据。",
    "ch3.scope": "本次{{fy.programme}}绩效评价范围为：{{fy.year}}年度{{fy.programme}}{{funds.total}}万元（其中{{funds.sourcesListLong}}），共涉及{{counts.counties}}个县区、{{registry.projects}}个项目。",
    "ch4.conclusion": facts.scores?.city ? "经综合评价，{{fy.year}}年度{{fy.programme}}评价得分为{{scores.total}}分，评级为{{scores.grade}}。" : "",
    "ch4.table1.intro": "根据综合评价结果，各指标得分情况见表1。",
    "ch4.table2.intro": "各县区具体评价得分情况详见表2。",
    ...Object.fromEntries(
      (facts.scores?.city?.level1 ?? []).map((l) => {
        const children = l.children.map((c) => `${c.name}得分 {{scores.${c.code}.score}} 分`).join("，");
        return [`ch4.level1.${l.code}`, `${l.name}分值 {{scores.${l.code}.weight}} 分，实际得分 {{scores.${l.code}.score}} 分，得分率 {{scores.${l.code}.rate}}。${children ? `其中${children}。` : ""}`];
      }),
    ),
  };
}

const fig = (set: FigureSet, key: string): Inline => {
  const f = set.figures[key];
  return f ? { t: "fig", key, text: f.text } : { t: "text", text: "—" };
};
const txt = (text: string): Inline => ({ t: "text", text });

export function buildReport(input: BuildInput): ReportDocument {
  const { facts, set, texts } = input;
  const defaults = builtInTexts(facts);
  const blocks: ReportBlock[] = [];
  const heading = (level: 1 | 2 | 3 | 4, text: string, key: string | null = null) => {
    const stored = key ? texts.get(key) : undefined;
    blocks.push({ kind: "heading", level, text: stored && !stored.hidden ? stored.body : text, key });
  };
  /** A paragraph from its stored words, else its default; nothing when hidden or empty. */
  const paragraph = (key: string, fallback: string | undefined, fallbackSource: ParagraphSource) => {
    const stored = texts.get(key);
    if (stored?.hidden) return;
    const body = stored ? stored.body : fallback;
    if (!body?.trim()) return;
    blocks.push({ kind: "paragraph", key, inlines: fillTemplate(body, set), source: stored ? stored.source : fallbackSource, version: stored?.version ?? null });
  };
  const computed = (key: string) => paragraph(key, defaults[key], key in NARRATIVE_KEYS || key === "ch1.background" || key === "ch1.contents" || key === "ch3.purpose" ? "text" : "computed");

  heading(1, "一、项目基本情况");
  heading(2, "（一）项目立项目的及实施背景");
  computed("ch1.background");
  computed("ch1.policy");
  heading(2, "（二）项目预算安排和支出情况");
  computed("ch1.budget");
  heading(2, "（三）项目主要内容和实施情况");
  heading(3, "1.项目主要内容。");
  computed("ch1.contents");
  heading(3, "2.项目实施情况。");
  computed("ch1.implementation");
  computed("ch1.implementation.note");

  heading(1, "二、项目绩效目标");
  heading(2, "（一）总体绩效目标");
  computed("ch2.overall");
  computed("ch2.overall.note");
  heading(2, `（二）${facts.fundYear.year}年度绩效目标`);
  computed("ch2.annual");
  computed("ch2.annual.note");

  heading(1, "三、评价基本情况");
  heading(2, "（一）绩效评价目的、对象和范围");
  heading(3, "1.评价目的");
  computed("ch3.purpose");
  heading(3, "2.评价对象与范围");
  computed("ch3.scope");

  heading(1, "四、评价结论和绩效分析");
  heading(2, "（一）综合评价结论");
  computed("ch4.conclusion");
  heading(2, "（二）绩效分析");
  const city = facts.scores?.city;
  heading(3, "1.综合评价结论分析");
  if (city) {
    computed("ch4.table1.intro");
    const cols = city.level1;
    blocks.push({
      kind: "table",
      key: "table1",
      caption: "表1 各指标得分情况表",
      header: ["项目", ...cols.map((c) => c.name), "合计"],
      rows: [
        [[txt("分值")], ...cols.map((c) => [fig(set, `scores.${c.code}.weight`)]), [fig(set, "scores.weight")]],
        [[txt("得分")], ...cols.map((c) => [fig(set, `scores.${c.code}.score`)]), [fig(set, "scores.total")]],
        [[txt("得分率")], ...cols.map((c) => [fig(set, `scores.${c.code}.rate`)]), [fig(set, "scores.rate")]],
      ],
      widths: [2, ...cols.map(() => 2), 2],
    });
    cols.forEach((l, i) => {
      heading(4, `(${i + 1}) ${l.name}指标分析`);
      computed(`ch4.level1.${l.code}`);
    });
  }
  const counties = facts.scores?.counties ?? [];
  heading(3, "2.分县区评价得分及结论");
  if (counties.length) {
    computed("ch4.table2.intro");
    blocks.push({
      kind: "table",
      key: "table2",
      caption: "表2 各县区综合评价得分情况表",
      header: ["序号", "名称", "实际得分", "备注"],
      rows: counties.map((c, i) => [[txt(String(i + 1))], [txt(c.name)], [fig(set, `scores.county.${c.code}.total`)], [txt(c.mode)]]),
      widths: [1, 2, 2, 3],
    });
  }

  for (const chapter of DRAFT_CHAPTERS) {
    heading(1, DRAFT_CHAPTER_TITLE[chapter]);
    if (chapter === "problems" && facts.findings.length) {
      findingSections(facts.findings, texts).forEach((f, i) => {
        heading(2, `（${ordinalCn(i + 1)}）${texts.get(findingKey(f.id, "title"))?.body ?? f.title}`, findingKey(f.id, "title"));
        paragraph(findingKey(f.id, "0"), f.description, "finding");
        paragraph(findingKey(f.id, "owners"), ownersText(f), "computed");
      });
      continue;
    }
    // A section whose title or every paragraph was deleted leaves the report.
    const sections = draftChapter(input.rules, chapter, set.figures).filter(
      (s) => !texts.get(`rule.${s.rule.code}.title`)?.hidden && s.paragraphs.some((p) => !texts.get(`rule.${s.rule.code}.${p.index}`)?.hidden),
    );
    sections.forEach((s, i) => {
      heading(2, `（${ordinalCn(i + 1)}）${texts.get(`rule.${s.rule.code}.title`)?.body ?? s.rule.title}`, `rule.${s.rule.code}.title`);
      for (const p of s.paragraphs) paragraph(`rule.${s.rule.code}.${p.index}`, p.text, "rule");
    });
  }

  return {
    title: `${facts.fundYear.region}${facts.fundYear.programme} 全周期跟踪问效报告`,
    dateText: formatMonthCn(input.reportDate),
    author: facts.task.evaluatorOrg || null,
    blocks,
    figures: set.figures,
    meta: {
      taskId: facts.task.id,
      taskName: facts.task.name,
      fundYearId: facts.fundYear.id,
      year: facts.fundYear.year,
      region: facts.fundYear.region,
      asOf: facts.task.asOf,
      live: input.live,
      version: input.version,
      generatedAt: input.generatedAt,
      isDemo: facts.task.isDemo,
    },
  };
}

/** Paragraph keys of a finding's section in chapter 六: its title, its words ("0") and its owners. */
export const findingKey = (id: number, part: "title" | "0" | "owners") => `finding.${id}.${part}`;
const FINDING_KEY = /^finding\.(\d+)\.(title|0|owners)$/;

/** The findings that stay in the report: one whose title or words were deleted from the report leaves it. */
function findingSections(findings: readonly ReportFinding[], texts: ReadonlyMap<string, StoredText>) {
  return findings.filter((f) => !texts.get(findingKey(f.id, "title"))?.hidden && !texts.get(findingKey(f.id, "0"))?.hidden);
}

/** 「整改责任：兰山区（2022年12月31日前，已验收）；市住建局（2023年3月31日前，整改中）。」, or nothing without items. */
function ownersText(f: ReportFinding): string | undefined {
  if (!f.items.length) return undefined;
  return `整改责任：${f.items.map((i) => `${i.ownerLabel}（${formatDateCn(i.deadline)}前，${i.state}）`).join("；")}。`;
}

/** Every paragraph key the report can hold and what it is, for the editor (built-in, narrative, drafted). */
export function paragraphKeys(doc: ReportDocument): string[] {
  return doc.blocks.flatMap((b) => (b.kind === "paragraph" ? [b.key] : b.kind === "heading" && b.key ? [b.key] : []));
}

const PARAGRAPH_LABEL: Record<string, string> = {
  "ch1.background": "一（一）立项目的及实施背景",
  "ch1.policy": "一（一）政策依据",
  "ch1.budget": "一（二）预算安排和支出情况",
  "ch1.contents": "一（三）1.项目主要内容",
  "ch1.implementation": "一（三）2.项目实施情况",
  "ch1.implementation.note": "一（三）2.实施情况说明",
  "ch2.overall": "二（一）总体绩效目标",
  "ch2.overall.note": "二（一）总体目标说明",
  "ch2.annual": "二（二）年度绩效目标",
  "ch2.annual.note": "二（二）年度目标说明",
  "ch3.purpose": "三（一）1.评价目的",
  "ch3.scope": "三（一）2.评价对象与范围",
  "ch4.conclusion": "四（一）综合评价结论",
  "ch4.table1.intro": "四（二）1.表1说明",
  "ch4.table2.intro": "四（二）2.表2说明",
};

const RULE_KEY = /^rule\.(.+)\.(title|\d+)$/;

/** What a paragraph key is, in words, for the editor and the audit trail. */
export function paragraphLabel(key: string, rules: readonly DraftingRule[], facts: ReportFacts): string {
  if (PARAGRAPH_LABEL[key]) return PARAGRAPH_LABEL[key];
  const level1 = /^ch4\.level1\.(.+)$/.exec(key);
  if (level1) return `四（二）1.${facts.scores?.city?.level1.find((l) => l.code === level1[1])?.name ?? level1[1]}指标分析`;
  const finding = FINDING_KEY.exec(key);
  if (finding) {
    const f = facts.findings.find((x) => x.id === Number(finding[1]));
    return `六「${f?.title ?? `问题${finding[1]}`}」${finding[2] === "title" ? "标题" : finding[2] === "0" ? "正文" : "整改责任"}`;
  }
  const m = RULE_KEY.exec(key);
  const rule = m && rules.find((r) => r.code === m[1]);
  if (rule) return `${DRAFT_CHAPTER_TITLE[rule.chapter].slice(0, 1)}「${rule.title}」${m![2] === "title" ? "标题" : `第 ${Number(m![2]) + 1} 段`}`;
  return key;
}

/** The words of a key before any stored text or edit: the built-in wording, or the drafting rule's. */
export function defaultTextOf(key: string, rules: readonly DraftingRule[], facts: ReportFacts): string | null {
  const builtIn = builtInTexts(facts);
  if (key in builtIn) return builtIn[key];
  if (key in NARRATIVE_KEYS) return "";
  const finding = FINDING_KEY.exec(key);
  if (finding) {
    const f = facts.findings.find((x) => x.id === Number(finding[1]));
    if (!f) return null;
    return finding[2] === "title" ? f.title : finding[2] === "0" ? f.description : (ownersText(f) ?? "");
  }
  const m = RULE_KEY.exec(key);
  const rule = m && rules.find((r) => r.code === m[1]);
  if (!rule) return null;
  return m![2] === "title" ? rule.title : (rule.paragraphs[Number(m![2])]?.text ?? null);
}
