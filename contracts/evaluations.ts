/**
 * 绩效评价: templates, grade scales, tasks, score sheets, replies, results, what-if. Scores and weights
 * are integer hundredths of a point (19.09 分 = 1909), rates basis points (86.77% = 8677).
 */
import { z } from "zod";
import { idSchema } from "./ids";
import { versionSchema } from "./errors";
import { EVALUATION_TYPES, DIMENSIONS, type IndicatorNode } from "../core/scoring/template";
import { OVERALL_METHODS } from "../core/scoring/aggregate";
import { isoDate } from "./funds";
import { formatPoints } from "../core/scoring/points";
import { NUMBER_LIMITS, scaledNumberSchema, type NumberLimit } from "./limits";

/** Hundredths of a point. */
export const centi = z.number().int();
const bp = z.number().int().nullable();
const code = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, "编码只能由字母、数字、点、横线、下划线组成（最长 40 位）");

// ---- limits ---------------------------------------------------------------------------------

/** An evidence file may be this large; scans of signed documents fit. */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
/** Files per leaf of a scope. */
export const EVIDENCE_MAX_FILES = 30;
export const REASON_MAX = 1000;
export const COMMENT_MAX = 2000;
export const EVIDENCE_TYPES = [".pdf", ".jpg", ".jpeg", ".png", ".xlsx", ".xls", ".docx", ".doc", ".csv", ".txt", ".zip", ".ofd"];

// ---- rules and trees ------------------------------------------------------------------------

export const ruleSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ratio"), direction: z.enum(["positive", "negative"]), capped: z.boolean() }),
  z.object({
    kind: z.literal("bands"),
    bands: z.array(z.object({ min: z.number().int(), inclusive: z.boolean(), points: centi.min(0) })).max(20),
  }),
  z.object({ kind: z.literal("deduction"), perOccurrence: centi, cap: centi }),
  z.object({
    kind: z.literal("survey"),
    zeroAtBp: scaledNumberSchema(NUMBER_LIMITS.satisfactionBound, 100),
    fullAtBp: scaledNumberSchema(NUMBER_LIMITS.satisfactionBound, 100),
  }),
  z.object({ kind: z.literal("manual") }),
]);

export const leafSourceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("metric"), metric: z.string().min(1).max(80) }),
  z.object({ kind: z.literal("input"), label: z.string().max(40) }),
  z.object({ kind: z.literal("manual") }),
]);

const text = (max: number) => z.string().max(max).optional();

export const indicatorNodeSchema: z.ZodType<IndicatorNode> = z.lazy(() =>
  z.object({
    code,
    name: z.string().max(60),
    weight: scaledNumberSchema(NUMBER_LIMITS.indicatorWeight, 100),
    dimension: z.enum(DIMENSIONS).optional(),
    explanation: text(1000),
    standard: text(2000),
    unit: text(10),
    rule: ruleSchema.optional(),
    source: leafSourceSchema.optional(),
    children: z.array(indicatorNodeSchema).max(30).optional(),
  }),
);

export const indicatorTreeSchema = z.object({
  evaluationType: z.enum(EVALUATION_TYPES),
  nodes: z.array(indicatorNodeSchema).max(20),
  adjustments: z
    .array(
      z.object({
        code,
        name: z.string().max(60),
        kind: z.enum(["bonus", "penalty"]),
        max: scaledNumberSchema(NUMBER_LIMITS.adjustmentMax, 100),
        perOccurrence: scaledNumberSchema(NUMBER_LIMITS.perOccurrence, 100).nullable(),
        standard: text(2000),
      }),
    )
    .max(20),
  vetoes: z.array(z.object({ code, name: z.string().max(60), standard: text(2000), capGrade: z.string().max(20).nullable() })).max(20),
  totalCap: scaledNumberSchema(NUMBER_LIMITS.totalCap, 100).nullable(),
});

export const templateProblemSchema = z.object({ level: z.enum(["error", "warning"]), code: z.string().nullable(), message: z.string() });

export const templateSummarySchema = z.object({
  id: z.number().int(),
  code: z.string(),
  version: z.number().int(),
  name: z.string(),
  status: z.enum(["draft", "published", "retired"]),
  evaluationType: z.enum(EVALUATION_TYPES),
  leafCount: z.number().int(),
  note: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  /** The draft's revision a save sends back (VERSION_CONFLICT when stale); `version` is the 第 n 版. */
  revision: z.number().int(),
  /** Tasks that copied this version. */
  usedBy: z.number().int(),
  errorCount: z.number().int(),
});
export type TemplateSummary = z.infer<typeof templateSummarySchema>;

export const templateDetailSchema = templateSummarySchema.extend({
  tree: indicatorTreeSchema,
  problems: z.array(templateProblemSchema),
  /** Other versions of the same family, newest first. */
  versions: z.array(z.object({ id: z.number().int(), version: z.number().int(), status: z.enum(["draft", "published", "retired"]) })),
});
export type TemplateDetail = z.infer<typeof templateDetailSchema>;

export const templateSaveSchema = z.object({
  name: z.string().trim().min(1, "请填写模板名称").max(80),
  note: z.string().max(500).nullable().optional(),
  tree: indicatorTreeSchema,
  /** The revision of the draft the user saw. */
  revision: versionSchema,
});
export type TemplateSave = z.infer<typeof templateSaveSchema>;

export const templateCreateSchema = z.object({
  /** Copy this template (a new family when `newFamily`, else its next version); omitted: the default template. */
  fromId: idSchema.optional(),
  newFamily: z.boolean().default(false),
  name: z.string().trim().min(1).max(80).optional(),
});

export const checkTreeResultSchema = z.object({ problems: z.array(templateProblemSchema) });

// ---- grade scales ---------------------------------------------------------------------------

export const gradeScaleDefSchema = z.object({
  name: z.string().trim().min(1, "请填写等级标准名称").max(60),
  grades: z
    .array(z.object({ label: z.string().trim().min(1).max(20), min: scaledNumberSchema(NUMBER_LIMITS.gradeMin, 100).nullable(), inclusive: z.boolean() }))
    .min(2)
    .max(10),
  vetoGrade: z.string().max(20).nullable(),
});

/** A change of a grade scale: the whole definition, over the version the user saw. */
export const gradeScaleUpdateSchema = gradeScaleDefSchema.extend({ version: versionSchema });

export const gradeScaleSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  builtIn: z.boolean(),
  definition: gradeScaleDefSchema,
  /** 90（含）以上 优；… */
  description: z.string(),
  usedBy: z.number().int(),
  /** The version a change sends back (VERSION_CONFLICT when stale). */
  version: z.number().int(),
});
export type GradeScaleRecord = z.infer<typeof gradeScaleSchema>;

// ---- metrics --------------------------------------------------------------------------------

export const metricInfoSchema = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.string(),
  /** Where the figures come from: 资金台账, 项目库 … */
  source: z.string(),
  description: z.string(),
  /** Which rule kinds it can feed. */
  ruleKinds: z.array(z.enum(["ratio", "bands", "deduction", "survey"])),
});
export type MetricInfo = z.infer<typeof metricInfoSchema>;

// ---- tasks ----------------------------------------------------------------------------------

export const TASK_STATES = ["draft", "scoring", "reply", "final"] as const;
export type TaskState = (typeof TASK_STATES)[number];
export const TASK_STATE_LABEL: Record<TaskState, string> = {
  draft: "草稿",
  scoring: "评分中",
  reply: "县区意见反馈",
  final: "已定稿",
};
export const SCOPE_MODES = ["onsite", "offsite"] as const;
export type ScopeMode = (typeof SCOPE_MODES)[number];
export const SCOPE_MODE_LABEL: Record<ScopeMode, string> = { onsite: "现场与非现场评价", offsite: "非现场评价" };

export const overallMethodSchema = z.enum(OVERALL_METHODS);

export const scopeSummarySchema = z.object({
  id: z.number().int(),
  regionId: z.number().int(),
  countyId: z.number().int().nullable(),
  name: z.string(),
  kind: z.enum(["city", "county"]),
  mode: z.enum(SCOPE_MODES),
  total: centi,
  rateBp: bp,
  grade: z.string(),
  complete: z.boolean(),
  missingCount: z.number().int(),
  /** Reply threads on this scope, and those whose last word is the county's (awaiting an answer). */
  threads: z.number().int(),
  awaitingAnswer: z.number().int(),
});
export type ScopeSummary = z.infer<typeof scopeSummarySchema>;

export const taskSummarySchema = z.object({
  id: z.number().int(),
  fundYearId: z.number().int(),
  year: z.number().int(),
  name: z.string(),
  state: z.enum(TASK_STATES),
  asOf: isoDate,
  evaluatorOrg: z.string(),
  overallMethod: overallMethodSchema,
  templateId: z.number().int().nullable(),
  templateName: z.string(),
  templateVersion: z.number().int(),
  gradeScaleName: z.string(),
  createdAt: z.string(),
  finalizedAt: z.string().nullable(),
  finalizedBy: z.string().nullable(),
  isDemo: z.boolean(),
  /** The version of the task's settings an edit sends back (VERSION_CONFLICT when stale). */
  version: z.number().int(),
});
export type TaskSummary = z.infer<typeof taskSummarySchema>;

export const taskDetailSchema = taskSummarySchema.extend({
  scopes: z.array(scopeSummarySchema),
  gradeScale: gradeScaleDefSchema,
  gradeScaleDescription: z.string(),
  gradeScaleId: z.number().int().nullable(),
  /** What the caller may do now. */
  can: z.object({ manage: z.boolean(), score: z.boolean(), reply: z.boolean(), advanceTo: z.array(z.enum(TASK_STATES)) }),
  /** Why the next step is not possible yet (incomplete sheets, unanswered replies), in Chinese. */
  blockers: z.array(z.string()),
});
export type TaskDetail = z.infer<typeof taskDetailSchema>;

export const taskCreateSchema = z.object({
  fundYearId: idSchema,
  name: z.string().trim().min(1, "请填写任务名称").max(100),
  templateId: idSchema,
  gradeScaleId: idSchema,
  asOf: isoDate.optional(),
  evaluatorOrg: z.string().trim().min(1, "请填写评价机构").max(100),
  overallMethod: overallMethodSchema.default("city_sheet"),
  /** Counties evaluated off-site only; the rest (and the city) are 现场与非现场评价. */
  offsiteCountyIds: z.array(idSchema).default([]),
});
export type TaskCreate = z.infer<typeof taskCreateSchema>;

export const taskUpdateSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  asOf: isoDate.optional(),
  evaluatorOrg: z.string().trim().min(1).max(100).optional(),
  overallMethod: overallMethodSchema.optional(),
  templateId: idSchema.optional(),
  gradeScaleId: idSchema.optional(),
  scopes: z.array(z.object({ id: idSchema, mode: z.enum(SCOPE_MODES) })).optional(),
  /** The version of the task the user saw. */
  version: versionSchema,
});
export type TaskUpdate = z.infer<typeof taskUpdateSchema>;

export const advanceSchema = z.object({ to: z.enum(TASK_STATES), note: z.string().max(500).optional() });

// ---- sheets ---------------------------------------------------------------------------------

export const fractionSchema = z.object({ num: z.number().int().min(0), den: z.number().int().min(0) });
export const figureSchema = z.object({ label: z.string(), text: z.string() });

export const evidenceSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  side: z.enum(["evaluator", "county", "finance"]),
  uploadedByName: z.string(),
  uploadedAt: z.string(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const commentSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  side: z.enum(["evaluator", "county", "finance"]),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export type Comment = z.infer<typeof commentSchema>;

export const leafViewSchema = z.object({
  rule: ruleSchema,
  ruleText: z.string(),
  source: leafSourceSchema,
  /** 资金台账 · 预算执行率 / 问卷汇总 / 评价人员打分 */
  sourceText: z.string(),
  unit: z.string().nullable(),
  standard: z.string().nullable(),
  explanation: z.string().nullable(),
  /** The figures the rule read (metric or entered); null when missing. */
  value: fractionSchema.nullable(),
  /** The figures behind the value: 已支付 19,305.06 万元 … */
  figures: z.array(figureSchema),
  score: centi.nullable(),
  ruleScore: centi.nullable(),
  rateBp: bp,
  formula: z.string(),
  missing: z.string().nullable(),
  manualScore: centi.nullable(),
  overrideScore: centi.nullable(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  updatedByName: z.string().nullable(),
  updatedAt: z.string().nullable(),
  /** The entry's version an edit sends back; 0 while nothing was entered (stored final sheets have none). */
  version: z.number().int().default(0),
  evidence: z.array(evidenceSchema),
  comments: z.array(commentSchema),
});
export type LeafView = z.infer<typeof leafViewSchema>;

export interface SheetNodeView {
  code: string;
  name: string;
  level: number;
  weight: number;
  score: number;
  rateBp: number | null;
  lost: number;
  complete: boolean;
  children: SheetNodeView[];
  leaf: LeafView | null;
}
export const sheetNodeSchema: z.ZodType<SheetNodeView> = z.lazy(() =>
  z.object({
    code: z.string(),
    name: z.string(),
    level: z.number().int(),
    weight: centi,
    score: centi,
    rateBp: bp,
    lost: centi,
    complete: z.boolean(),
    children: z.array(sheetNodeSchema),
    leaf: leafViewSchema.nullable(),
  }),
);

export const adjustmentViewSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(["bonus", "penalty"]),
  max: centi,
  perOccurrence: centi.nullable(),
  standard: z.string().nullable(),
  points: centi,
  count: z.number().int().nullable(),
  reason: z.string().nullable(),
  updatedByName: z.string().nullable(),
  /** The entry's version an edit sends back; 0 while nothing was entered (stored final sheets have none). */
  version: z.number().int().default(0),
  evidence: z.array(evidenceSchema),
  comments: z.array(commentSchema),
});
export const vetoViewSchema = z.object({
  code: z.string(),
  name: z.string(),
  standard: z.string().nullable(),
  capGrade: z.string().nullable(),
  triggered: z.boolean(),
  reason: z.string().nullable(),
  updatedByName: z.string().nullable(),
  /** The entry's version an edit sends back; 0 while nothing was entered (stored final sheets have none). */
  version: z.number().int().default(0),
  evidence: z.array(evidenceSchema),
  comments: z.array(commentSchema),
});

export const sheetSchema = z.object({
  task: taskSummarySchema,
  scope: scopeSummarySchema,
  /** true: a live preview recomputed from current data; false: the stored final sheet. */
  live: z.boolean(),
  /** When the figures were computed (now for a live sheet, the finalisation time otherwise). */
  computedAt: z.string(),
  nodes: z.array(sheetNodeSchema),
  adjustments: z.array(adjustmentViewSchema),
  vetoes: z.array(vetoViewSchema),
  treeWeight: centi,
  treeScore: centi,
  bonus: centi,
  penalty: centi,
  total: centi,
  rateBp: bp,
  gradeByScore: z.string(),
  grade: z.string(),
  complete: z.boolean(),
  missing: z.array(z.object({ code: z.string(), name: z.string(), reason: z.string() })),
  can: z.object({ score: z.boolean(), reply: z.boolean() }),
});
export type Sheet = z.infer<typeof sheetSchema>;

/** The server's refusal of a score above a leaf's 分值, shown by the form before it sends. */
export function scoreOverWeightMessage(name: string, weight: number, what: "得分" | "调整得分" = "得分"): string {
  return `「${name}」的${what}不能超过分值 ${formatPoints(weight)} 分`;
}

/** 得分 / 调整得分 of a leaf worth `weight` (in 0.01 分): 0 to the 分值, two decimals. */
export function scoreLimit(name: string, weight: number, what: "得分" | "调整得分" = "得分"): NumberLimit {
  return { label: what, min: 0, max: weight / 100, unit: "分", decimals: 2, fixed: true, tooLarge: scoreOverWeightMessage(name, weight, what) };
}

/** The server's refusal of a 加分项/扣分项 above its 上限. */
export function adjustmentOverMaxMessage(name: string, max: number): string {
  return `「${name}」最多 ${formatPoints(max)} 分`;
}

/** 分值 of a 加分项/扣分项 scored directly, 0 to its 上限 (in 0.01 分). */
export function adjustmentLimit(name: string, max: number): NumberLimit {
  return { label: "分值", min: 0, max: max / 100, unit: "分", decimals: 2, fixed: true, tooLarge: adjustmentOverMaxMessage(name, max) };
}

/** The figures an evaluator enters for a leaf scored by rule: counts, a denominator, a measured value. */
export const ENTRY_VALUE_LIMITS = {
  /** 发现问题数, 满意份数, 次数, 实际值 as a count. */
  count: (label: string): NumberLimit => ({ label, min: 0, decimals: 0 }),
  /** 有效问卷份数, 目标值: a denominator, never 0. */
  denominator: (label: string): NumberLimit => ({ label, min: 1, decimals: 0 }),
  /** A measured value judged against bands (kept to 4 decimals). */
  measured: (label: string): NumberLimit => ({ label, min: 0, decimals: 4 }),
};

/** One change of a leaf (or item) by the evaluator. Omitted fields stay as they are; null clears. */
export const entryUpdateSchema = z.object({
  value: fractionSchema.nullable().optional(),
  manualScore: centi.min(0, "「得分」不能为负数").nullable().optional(),
  overrideScore: centi.min(0, "「调整得分」不能为负数").nullable().optional(),
  /** Bonus/penalty: points (items without a per-occurrence value) or a count in value.num. */
  points: centi.min(0).nullable().optional(),
  triggered: z.boolean().nullable().optional(),
  reason: z.string().max(REASON_MAX).nullable().optional(),
  note: z.string().max(REASON_MAX).nullable().optional(),
  /** The entry's version the evaluator saw: 0 for a leaf nothing was entered for yet. */
  version: versionSchema,
});
export type EntryUpdate = z.infer<typeof entryUpdateSchema>;

export const commentCreateSchema = z.object({
  code: z.string().min(1).max(40),
  body: z.string().trim().min(1, "请填写意见内容").max(COMMENT_MAX),
});

// ---- results --------------------------------------------------------------------------------

export const indicatorScoreSchema = z.object({ code: z.string(), name: z.string(), weight: centi, score: centi, rateBp: bp });
export type IndicatorScore = z.infer<typeof indicatorScoreSchema>;

export const scopeResultSchema = z.object({
  scopeId: z.number().int(),
  regionId: z.number().int(),
  name: z.string(),
  kind: z.enum(["city", "county"]),
  mode: z.enum(SCOPE_MODES),
  total: centi,
  rateBp: bp,
  grade: z.string(),
  complete: z.boolean(),
  /** 1 = best among the counties; null for the city. */
  rank: z.number().int().nullable(),
  level1: z.array(indicatorScoreSchema),
  level2: z.array(indicatorScoreSchema.extend({ parentCode: z.string() })),
  /** Where the points were lost, most first. */
  lost: z.array(
    z.object({
      code: z.string(),
      path: z.array(z.string()),
      weight: centi,
      score: centi,
      lost: centi,
      formula: z.string(),
      reason: z.string().nullable(),
      figures: z.array(figureSchema),
    }),
  ),
});
export type ScopeResult = z.infer<typeof scopeResultSchema>;

export const overallSchema = z.object({
  method: overallMethodSchema,
  label: z.string(),
  score: centi.nullable(),
  grade: z.string().nullable(),
  /** Why a method has no score (no city sheet, no household data …). */
  note: z.string().nullable(),
});

/**
 * What a 县区 user sees beside its own line: the city's sheet as a whole (total, grade, level-1
 * scores — city-wide aggregates) and, once the results are final, its place among the counties and
 * the counties' mean. Never another county's line.
 */
export const countyStandingSchema = z.object({
  city: z.object({ name: z.string(), total: centi, rateBp: bp, grade: z.string(), level1: z.array(indicatorScoreSchema) }).nullable(),
  /** 1 = best; null until the results are final (drafts still move). */
  rank: z.number().int().nullable(),
  /** Counties evaluated: the "of" of 第 3 / 12 名. */
  ranked: z.number().int(),
  /** Simple mean of the county scores; null until final. */
  countyMean: centi.nullable(),
});
export type CountyStanding = z.infer<typeof countyStandingSchema>;

export const resultsSchema = z.object({
  task: taskSummarySchema,
  live: z.boolean(),
  gradeScaleDescription: z.string(),
  /** The city's own sheet (Table 1); null when the caller may not see it. */
  city: scopeResultSchema.nullable(),
  /** The counties in the region's order (Table 2). */
  counties: z.array(scopeResultSchema),
  /** The task's regional overall, and every method for comparison. */
  overall: overallSchema,
  alternatives: z.array(overallSchema),
  /** For a 县区 user: the city and the county's place; null (or absent in results stored before it) for everyone else. */
  standing: countyStandingSchema.nullable().optional(),
});
export type Results = z.infer<typeof resultsSchema>;

export const whatIfSchema = z.object({
  changes: z
    .array(
      z.object({
        code: z.string().min(1).max(40),
        value: fractionSchema.nullable().optional(),
        manualScore: centi.min(0).nullable().optional(),
      }),
    )
    .min(1, "至少修改一项")
    .max(50),
});
export const whatIfResultSchema = z.object({
  before: z.object({ total: centi, grade: z.string(), rank: z.number().int().nullable(), level1: z.array(indicatorScoreSchema) }),
  after: z.object({ total: centi, grade: z.string(), rank: z.number().int().nullable(), level1: z.array(indicatorScoreSchema) }),
  delta: centi,
  leaves: z.array(z.object({ code: z.string(), name: z.string(), before: centi.nullable(), after: centi.nullable(), formula: z.string() })),
  /** The overall score if this scope changed as asked. */
  overallAfter: centi.nullable(),
});
export type WhatIfResult = z.infer<typeof whatIfResultSchema>;
