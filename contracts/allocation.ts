/**
 * 因素法 allocation (结果应用, shared/SPEC.md §4): next year's money of a programme shared among the
 * counties of a city by registry factors × 财政困难程度系数 and the evaluation scores, with the 核减 rule.
 * Money is integer 分, scores Centi (hundredths of a point), weights and shares basis points; factor
 * quantities and coefficients are exact decimal strings.
 */
import { z } from "zod";
import { idParam, idSchema } from "./ids";
import { centi } from "./evaluations";
import { fen, isoDate } from "./funds";
import { importResultSchema } from "./imports";
import { FACTOR_KEYS } from "../core/allocation/types";

export const FACTOR_BASES = ["planned", "completed"] as const;
export type FactorBasis = (typeof FACTOR_BASES)[number];
export const FACTOR_BASIS_LABEL: Record<FactorBasis, string> = { planned: "新年度计划改造任务", completed: "评价年度已完成改造任务" };

const bpWeight = z.number().int("权重应为整数（万分之一）").min(0, "权重不能为负").max(10000, "权重不能超过 100%");
const factorWeights = z.object({ area: bpWeight, households: bpWeight, buildings: bpWeight, communities: bpWeight });
const schemeCode = z.string().trim().regex(/^[A-Za-z0-9_.-]{1,40}$/, "方案编码只能由字母、数字、点、横线、下划线组成（最长 40 位）");
/** An exact non-negative decimal such as "1", "1.2", "0.8500" (at most 4 decimals). */
const coefficientText = z
  .string()
  .trim()
  .regex(/^\d{1,4}(\.\d{1,4})?$/, "系数应为不小于 0 的数，最多 4 位小数（如 1、1.2、0.85）");

// ---- schemes and the 核减 rule -------------------------------------------------------------------

/** core/allocation AllocationScheme as JSON. */
export const allocationSchemeDefinitionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("factor"), factorWeightsBp: factorWeights, performanceWeightBp: bpWeight }),
  z.object({
    kind: z.literal("workload"),
    workloadShareBp: bpWeight,
    rewardShareBp: bpWeight,
    workloadWeightsBp: factorWeights,
    adjustmentByGrade: z.record(z.string().trim().min(1).max(20), coefficientText),
  }),
]);
export type AllocationSchemeDefinition = z.infer<typeof allocationSchemeDefinitionSchema>;

export const allocationSchemeSchema = z.object({
  code: z.string(),
  name: z.string(),
  builtIn: z.boolean(),
  definition: allocationSchemeDefinitionSchema,
  revision: z.number().int(),
  updatedAt: z.string(),
  updatedByName: z.string().nullable(),
});
export type AllocationSchemeView = z.infer<typeof allocationSchemeSchema>;

export const schemeCodeParams = z.object({ code: schemeCode });

/** PUT /allocation/schemes/:code — the weights of a scheme; `revision` is the one the user saw. */
export const updateSchemeSchema = z.object({
  name: z.string().trim().min(1, "请填写方案名称").max(60, "方案名称最长 60 个字").optional(),
  definition: allocationSchemeDefinitionSchema,
  revision: z.number({ error: "请提供您看到的方案版本（revision），以免覆盖他人的修改" }).int().min(0),
});
export type UpdateSchemeInput = z.infer<typeof updateSchemeSchema>;

/** 财预〔2020〕10号 核减 as data (core/allocation CutRule). */
export const cutRuleSchema = z.object({
  enabled: z.boolean(),
  grades: z.array(z.string().trim().min(1).max(20)).max(10),
  overdue: z.boolean(),
  returned: z.boolean(),
  cutBp: z.number().int("核减比例应为整数（万分之一）").min(0, "核减比例不能为负").max(10000, "核减比例不能超过 100%"),
});
export type CutRuleView = z.infer<typeof cutRuleSchema>;

// ---- 财政困难程度系数 -------------------------------------------------------------------------------

export const coefficientsQuerySchema = z.object({
  /** The city whose counties are listed. */
  cityRegionId: idParam,
  year: z.coerce.number().int().min(2000, "年度应在 2000 至 2100 之间").max(2100, "年度应在 2000 至 2100 之间"),
});

export const coefficientSchema = z.object({
  countyId: z.number().int(),
  name: z.string(),
  year: z.number().int(),
  /** "1.2000"; "1" when none is recorded. */
  coefficient: z.string(),
  note: z.string().nullable(),
  /** false: nothing recorded for this year, 1 is used. */
  recorded: z.boolean(),
});
export type CoefficientView = z.infer<typeof coefficientSchema>;

export const updateCoefficientsSchema = z.object({
  cityRegionId: idSchema,
  year: z.number().int().min(2000, "年度应在 2000 至 2100 之间").max(2100, "年度应在 2000 至 2100 之间"),
  items: z
    .array(z.object({ countyId: idSchema, coefficient: coefficientText, note: z.string().trim().max(200, "说明最长 200 个字").optional() }))
    .min(1, "请至少填写一个县区的系数")
    .max(200),
});
export type UpdateCoefficientsInput = z.infer<typeof updateCoefficientsSchema>;

// ---- the request ---------------------------------------------------------------------------------

/** 万元 with at most 6 decimals (exact to the 分), e.g. "25000" or "25000.50". */
export const wanText = z
  .string({ error: "请填写分配总额（万元）" })
  .trim()
  .regex(/^\d{1,9}(\.\d{1,6})?$/, "分配总额（万元）应为不小于 0 的数，最多 6 位小数（精确到分）");

export const allocationRequestSchema = z.object({
  /** The scored year's fund year: its programme and city are those of the allocation. */
  basisFundYearId: idSchema,
  /** The year whose money is allocated (the basis year + 1 as a rule). */
  year: z.number({ error: "请填写分配年度" }).int().min(2000, "分配年度应在 2000 至 2100 之间").max(2100, "分配年度应在 2000 至 2100 之间"),
  /** Total in 万元, exact decimal. */
  totalWan: wanText,
  schemeCode,
  factorBasis: z.enum(FACTOR_BASES, { error: "因素口径应为 planned（新年度计划）或 completed（评价年度已完成）" }),
  /** The evaluation task whose county scores are used; default the latest task of the basis fund year. */
  taskId: idSchema.optional(),
  /** What-if: a county's score as if it were this (Centi). */
  scoreOverrides: z
    .array(z.object({ countyId: idSchema, score: centi.min(0, "得分不能为负").max(10000, "得分不能超过 100 分") }))
    .max(200)
    .optional(),
});
export type AllocationRequest = z.infer<typeof allocationRequestSchema>;

export const createPlanSchema = allocationRequestSchema.extend({
  name: z.string({ error: "请填写方案名称" }).trim().min(1, "请填写方案名称").max(80, "方案名称最长 80 个字"),
});
export type CreatePlanInput = z.infer<typeof createPlanSchema>;

// ---- the result ----------------------------------------------------------------------------------

export const factorValueSchema = z.object({
  key: z.enum(FACTOR_KEYS),
  /** 改造面积 … */
  label: z.string(),
  /** Exact decimal as computed with: "51780.00". */
  value: z.string(),
  /** ㎡, 户, 栋, 个. */
  unit: z.string(),
});

export const rectificationCountsSchema = z.object({
  overdue: z.number().int(),
  returned: z.number().int(),
  open: z.number().int(),
  accepted: z.number().int(),
});

export const allocationLineSchema = z.object({
  countyId: z.number().int(),
  name: z.string(),
  factors: z.array(factorValueSchema),
  /** 财政困难程度系数 used ("1" when none recorded). */
  difficulty: z.string(),
  /** The score used (the what-if score when overridden), null when the county was not scored. */
  score: centi.nullable(),
  /** The task's score when a what-if replaced it. */
  actualScore: centi.nullable(),
  scoreOverridden: z.boolean(),
  grade: z.string().nullable(),
  rectification: rectificationCountsSchema,
  /** Why the county is marked for 核减 (empty: not marked), in Chinese. */
  cutReasons: z.array(z.string()),
  factorFen: fen,
  performanceFen: fen,
  computedFen: fen,
  cutFen: fen,
  amountFen: fen,
  shareBp: z.number().int(),
  /** What the county would get at the mean score of the scored counties (and no other change). */
  atMeanScoreFen: fen,
  /** What the county would get with no performance factor at all. */
  withoutPerformanceFen: fen,
  /** amountFen − atMeanScoreFen: the money the county's score moved. */
  movedByScoreFen: fen,
});
export type AllocationLine = z.infer<typeof allocationLineSchema>;

export const allocationTotalsSchema = z.object({
  factors: z.array(factorValueSchema),
  factorFen: fen,
  performanceFen: fen,
  computedFen: fen,
  cutFen: fen,
  amountFen: fen,
  atMeanScoreFen: fen,
  withoutPerformanceFen: fen,
});

export const allocationViewSchema = z.object({
  year: z.number().int(),
  totalFen: fen,
  programme: z.object({ id: z.number().int(), name: z.string() }),
  city: z.object({ id: z.number().int(), name: z.string() }),
  basisFundYear: z.object({ id: z.number().int(), year: z.number().int(), evaluationDate: isoDate }),
  factorBasis: z.enum(FACTOR_BASES),
  /** The scheme as computed with. */
  scheme: z.object({ code: z.string(), name: z.string(), revision: z.number().int(), definition: allocationSchemeDefinitionSchema }),
  cutRule: cutRuleSchema,
  /** The evaluation task whose scores were used (null when the basis year has none). */
  task: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  /** Mean score of the scored counties, null when none is scored. */
  meanScore: centi.nullable(),
  lines: z.array(allocationLineSchema),
  totals: allocationTotalsSchema,
  /** In Chinese: missing coefficients, factors with no data, what-if scores … */
  notes: z.array(z.string()),
});
export type AllocationView = z.infer<typeof allocationViewSchema>;

// ---- plans ---------------------------------------------------------------------------------------

export const planSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  year: z.number().int(),
  totalFen: fen,
  schemeCode: z.string(),
  factorBasis: z.enum(FACTOR_BASES),
  basisFundYearId: z.number().int(),
  taskId: z.number().int().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
});
export type PlanSummary = z.infer<typeof planSummarySchema>;

export const planSchema = planSummarySchema.extend({ result: allocationViewSchema });
export type PlanView = z.infer<typeof planSchema>;

export const plansQuerySchema = z.object({
  cityRegionId: idParam.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const planParams = z.object({ id: idParam });

// ---- 下达 draft batch ------------------------------------------------------------------------------

export const draftBatchQuerySchema = z.object({
  /** The fund source code of the rows (default the programme's 市级补助, else its first fiscal source). */
  sourceCode: z.string().trim().min(1).max(40).optional(),
});

export const draftBatchTrialQuerySchema = draftBatchQuerySchema.extend({
  /** 1: also write the batch (one transaction, audited) after a clean dry run. */
  commit: z
    .union([z.boolean(), z.enum(["true", "false", "1", "0"])])
    .default(false)
    .transform((v) => v === true || v === "true" || v === "1"),
});

/** The trial import of a plan's draft batch into the fund year of its year. */
export const draftBatchTrialSchema = z.object({
  /** The fund year of the plan's year, null when it does not exist yet (then nothing is tried). */
  targetFundYearId: z.number().int().nullable(),
  sourceCode: z.string(),
  report: importResultSchema.nullable(),
  /** In Chinese, e.g. why nothing was tried. */
  message: z.string(),
});
export type DraftBatchTrial = z.infer<typeof draftBatchTrialSchema>;
