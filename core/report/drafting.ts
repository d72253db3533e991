/**
 * Drafting rules (起草规则) for chapters 五–七: data that turns facts into sections. A rule names the
 * chapter, a title, a condition over figures and paragraphs (templates with placeholders, each with an
 * optional condition of its own). A rule whose condition holds drafts its section; the evaluator then
 * edits the words. Conditions compare a figure's exact decimal value with a number in the figure's own
 * unit (a rate of 81.24% is compared as 81.24).
 */
import type { ReportFigure } from "./model";

export const DRAFT_CHAPTERS = ["experience", "problems", "suggestions"] as const;
export type DraftChapter = (typeof DRAFT_CHAPTERS)[number];
export const DRAFT_CHAPTER_TITLE: Record<DraftChapter, string> = {
  experience: "五、项目主要经验及做法",
  problems: "六、存在问题及原因分析",
  suggestions: "七、意见建议",
};

export const CONDITION_OPS = ["<", "<=", ">", ">=", "=", "!="] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export interface Condition {
  /** A figure key, e.g. funds.rate. */
  fact: string;
  op: ConditionOp;
  /** A decimal in the figure's unit: "90" for 90%. */
  value: string;
}

/** All of `all` and (when given) at least one of `any`; null or empty: always. */
export interface When {
  all?: Condition[];
  any?: Condition[];
}

export interface DraftParagraph {
  text: string;
  when?: When | null;
}

export interface DraftingRule {
  code: string;
  chapter: DraftChapter;
  /** Order within the chapter. */
  order: number;
  title: string;
  when: When | null;
  paragraphs: DraftParagraph[];
  enabled: boolean;
}

/** A decimal string as an integer scaled by 10^6 (exact for every figure the report writes). */
function scaled(decimal: string): bigint | null {
  const m = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(decimal.trim());
  if (!m) return null;
  const v = BigInt(m[2]) * 1_000_000n + BigInt((m[3] ?? "").padEnd(6, "0") || "0");
  return m[1] ? -v : v;
}

/** Whether one condition holds; a figure with no value (no data) never satisfies a condition. */
export function conditionHolds(c: Condition, figures: Record<string, ReportFigure>): boolean {
  const f = figures[c.fact];
  const a = f?.value == null ? null : scaled(f.value);
  const b = scaled(c.value);
  if (a === null || b === null) return false;
  switch (c.op) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "=":
      return a === b;
    case "!=":
      return a !== b;
  }
}

export function whenHolds(w: When | null | undefined, figures: Record<string, ReportFigure>): boolean {
  if (!w) return true;
  const all = (w.all ?? []).every((c) => conditionHolds(c, figures));
  const any = !w.any?.length || w.any.some((c) => conditionHolds(c, figures));
  return all && any;
}

/** A comparison in words, for conditions shown to people. */
export const OP_WORD: Record<ConditionOp, string> = { "<": "低于", "<=": "不高于", ">": "高于", ">=": "不低于", "=": "等于", "!=": "不等于" };

/** A condition in words: 「预算执行率（81.24%）低于 90」. */
export function describeWhen(w: When | null | undefined, figures: Record<string, ReportFigure>): string {
  if (!w || (!w.all?.length && !w.any?.length)) return "总是起草";
  const one = (c: Condition) => {
    const f = figures[c.fact];
    return `${f ? f.trace.label : c.fact}（${f ? f.text : "无数据"}）${OP_WORD[c.op]} ${c.value}`;
  };
  const parts: string[] = [];
  if (w.all?.length) parts.push(w.all.map(one).join("且"));
  if (w.any?.length) parts.push(`${w.any.length > 1 ? "以下任一：" : ""}${w.any.map(one).join("或")}`);
  return parts.join("，并且");
}

/** Sections a rule set drafts for one chapter: the rules that fire, in order, with their paragraphs that apply. */
export function draftChapter(rules: readonly DraftingRule[], chapter: DraftChapter, figures: Record<string, ReportFigure>) {
  return rules
    .filter((r) => r.enabled && r.chapter === chapter && whenHolds(r.when, figures))
    .sort((a, b) => a.order - b.order || a.code.localeCompare(b.code))
    .map((r) => ({ rule: r, paragraphs: r.paragraphs.map((p, i) => ({ index: i, text: p.text, applies: whenHolds(p.when, figures) })).filter((p) => p.applies) }));
}

const lt = (fact: string, value: string): Condition => ({ fact, op: "<", value });
const eq = (fact: string, value: string): Condition => ({ fact, op: "=", value });
const gt = (fact: string, value: string): Condition => ({ fact, op: ">", value });

/** Thresholds of the built-in rules, in the figures' units. */
export const DRAFT_THRESHOLDS = { executionRate: "90", nonFiscalProjectsShare: "10", upgradeProjectsShare: "20", propertyCoverage: "80", feeCollection: "80" };

const lowExecution: When = { all: [lt("funds.rate", DRAFT_THRESHOLDS.executionRate)] };
const dependence: When = { all: [lt("funding.reachingShare", DRAFT_THRESHOLDS.nonFiscalProjectsShare), eq("funding.bankLoanProjects", "0")] };
const narrowContents: When = { all: [lt("contents.upgradeShare", DRAFT_THRESHOLDS.upgradeProjectsShare)] };
const weakMaintenance: When = { any: [lt("maintenance.coverage", DRAFT_THRESHOLDS.propertyCoverage), lt("maintenance.feeCollection", DRAFT_THRESHOLDS.feeCollection)] };

/**
 * The built-in rules for 老旧小区改造, after the seed's chapters 五–七. Installations edit them (the
 * words, the thresholds) or switch them off; a rule with no data condition is a standing paragraph.
 */
export const DEFAULT_DRAFTING_RULES: DraftingRule[] = [
  {
    code: "experience.funding",
    chapter: "experience",
    order: 10,
    title: "积极争取筹集改造资金",
    when: { any: [gt("funding.bondCounties", "0"), gt("funding.cofundedCount", "0")] },
    paragraphs: [
      {
        text: "积极争取中央专项补助资金、省市奖补资金及专项债券，同时通过企业、专营单位和原产权单位出资等渠道，筹集改造资金。如{{funding.bondCountiesList}}通过新增专项债券筹集资金。",
        when: { all: [gt("funding.bondCounties", "0")] },
      },
      { text: "充分调动居民的出资意愿。{{funding.cofundedList}}。", when: { all: [gt("funding.cofundedCount", "0")] } },
    ],
    enabled: true,
  },
  {
    code: "experience.quality",
    chapter: "experience",
    order: 20,
    title: "采取多种措施提高项目质量效果",
    when: { all: [gt("registry.projects", "0")] },
    paragraphs: [
      {
        text: "结合老旧小区改造工程实际，由住建部门组织统一设计，统一招投标，统一竣工验收。{{fy.year}}年度{{registry.projects}}个项目中，截至评价日已竣工验收{{registry.accepted}}个。在施工过程中，一是狠抓安全文明施工，严格遵守安全施工操作规程，保证居民正常生活秩序；二是严把工程质量，对每道施工工序和工艺坚持高标准，严要求施工；三是注重经济效益和社会效益，科学合理利用小区改造资金，高标准完成改造任务。",
      },
    ],
    enabled: true,
  },
  {
    code: "problems.execution",
    chapter: "problems",
    order: 10,
    title: "预算执行率不够高",
    when: lowExecution,
    paragraphs: [
      {
        text: "截至评价日（{{fy.asOf}}），{{funds.sourceRatesList}}。由于项目工程结算尚未完成、地方财政紧张等原因，{{funds.lowSourcesList}}预算执行率较低。截止评价日，各县区市级以上补助资金平均预算执行率为{{funds.rate}}。",
      },
    ],
    enabled: true,
  },
  {
    code: "problems.dependence",
    chapter: "problems",
    order: 20,
    title: "项目对财政资金依赖程度过高",
    when: dependence,
    paragraphs: [
      {
        text: "当前老旧小区改造项目主要依靠财政资金投入，由市场化运作的很少。随着改造标准提高，改造成本逐年上升，单靠政府投入，难以满足改造资金需求。企业、产权单位（原产权单位）、专业经营单位等社会力量及居民出资占比在{{funding.threshold}}及以上的项目仅{{funding.reaching}}个，占全部{{registry.projects}}个项目的{{funding.reachingShare}}；全市没有通过银行贷款、企业债券等社会金融资本筹集资金的项目。",
      },
    ],
    enabled: true,
  },
  {
    code: "problems.contents",
    chapter: "problems",
    order: 30,
    title: "受资金限制改造内容不够全面",
    when: narrowContents,
    paragraphs: [
      {
        text: "由于资金不足、资源有限，当前阶段只能按照先急后缓的原则，重点解决群众最急需、最迫切的需求，主要是基础类改造。{{registry.projects}}个项目中含提升类改造内容的仅{{contents.upgradeProjects}}个，占{{contents.upgradeShare}}；含“加装电梯”的项目{{contents.elevatorProjects}}个。对于群众比较关心的养老、托幼、医疗卫生等设施提升未能有效实施，提升类改造不足。",
      },
    ],
    enabled: true,
  },
  {
    code: "problems.maintenance",
    chapter: "problems",
    order: 40,
    title: "长效管养等后续管理亟待加强",
    when: weakMaintenance,
    paragraphs: [
      {
        text: "老旧小区居民由于长期的生活习惯，没有付费购买服务的意识，实施改造后老旧小区物业费收取困难较大。本年度改造小区物业管理覆盖率为{{maintenance.coverage}}，物业费收缴率为{{maintenance.feeCollection}}，部分老旧小区即便收取少量物业管理费，物业公司也难以实现收支平衡，长效管养等后续管理亟待加强。",
      },
    ],
    enabled: true,
  },
  {
    code: "suggestions.execution",
    chapter: "suggestions",
    order: 10,
    title: "加强预算管理，提高预算执行率",
    when: lowExecution,
    paragraphs: [
      {
        text: "统筹安排市级老旧小区改造补助资金，积极争取中央、省补助资金，形成资金合力，并按规定用途使用资金，确保资金的使用效益。根据项目实施进度及时拨付资金，提高预算执行率（评价日为{{funds.rate}}），避免资金闲置、挪用。",
      },
    ],
    enabled: true,
  },
  {
    code: "suggestions.maintenance",
    chapter: "suggestions",
    order: 20,
    title: "健全完善机制，提高长效管养能力",
    when: weakMaintenance,
    paragraphs: [
      {
        text: "一是建立健全统筹协调机制。针对供水、通信等专营单位协调难的问题，加强顶层设计，从市级层面加强部门间沟通协调，充分利用信息化手段，将老旧小区数据库和专营单位实现共享，专营单位提前介入，明确整治标准，统一施工安排，避免各自为政、反复开挖。",
      },
      {
        text: "二是建立健全长效管养机制。综合采取专业化物业管理或街道、社区统一管理等模式，逐步实现改造后老旧小区物业管理全覆盖（目前为{{maintenance.coverage}}）。同时加强宣传引导，提高老旧小区居民购买服务的意识。",
      },
    ],
    enabled: true,
  },
  {
    code: "suggestions.funding",
    chapter: "suggestions",
    order: 30,
    title: "开拓筹集渠道，缓解改造资金压力",
    when: dependence,
    paragraphs: [
      {
        text: "采取“财政补助、居民出资、社会支持”的方式，动员居民、相关企业主动分担费用，用好用活住宅专项维修资金，让维修资金更多地投入到老旧小区改造中去。树立典型标杆，充分调动各县区积极性，发挥示范引领作用，在改造方式、推进机制、融资模式等方面，真正形成具有地方特色的可复制、可推广的经验。",
      },
    ],
    enabled: true,
  },
  {
    code: "suggestions.scope",
    chapter: "suggestions",
    order: 40,
    title: "逐步扩大改造范围，不断提高居住质量",
    when: narrowContents,
    paragraphs: [
      {
        text: "外墙保温、加装电梯等完善类以及养老、托育、医疗卫生等提升类改造是目前老旧小区改造的难点项目，群众对此需求极大。建议对外墙保温、加装电梯等完善类以及养老、托育、医疗卫生等提升类试点工作进行总结，加大政策宣传和引导，扩大群众对政策的知晓度。及时受理居民申请，进一步精简办事程序，让老旧小区改造这一民生工程惠及更多居民。",
      },
    ],
    enabled: true,
  },
];
