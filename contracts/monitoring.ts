/** 双监控: the board, a county's trend and lagging projects, progress reports and lag causes. */
import { z } from "zod";
import { idParam, idSchema } from "./ids";
import { reviewStatusSchema } from "./review";
import { NUMBER_LIMITS, rangeMessage, scaledNumberSchema, TEXT_LIMITS } from "./limits";
import { countySchema, fen, fundYearSchema, isoDate } from "./funds";
import { DEVIATION_CAUSES, LIKELIHOODS, MONITOR_MEASURES, PAYMENT_STAGES } from "../core/monitoring";
import { PROJECT_STATUSES } from "../core/registry";

const id = z.number().int();
const periodCode = z.string().regex(/^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/, "期次格式应为 2021-Q2（季度）或 2021-06（月）");
export const measureSchema = z.enum(MONITOR_MEASURES);
export const lightSchema = z.enum(["green", "yellow", "red", "none"]);

export const periodSchema = z.object({ code: z.string(), label: z.string(), start: isoDate, end: isoDate });
export type PeriodInfo = z.infer<typeof periodSchema>;

export const indicatorSchema = z.object({
  id,
  measure: measureSchema,
  name: z.string(),
  rule: z.string(),
  /** How the progress a county or a project should have reached is set (时间进度, or the payment schedule). */
  expected: z.string(),
  windowFrom: isoDate,
  windowTo: isoDate,
  yellowGapBp: z.number().int(),
  redGapBp: z.number().int(),
});
export type Indicator = z.infer<typeof indicatorSchema>;

export const explanationSchema = z.object({
  cause: z.enum(DEVIATION_CAUSES),
  likelihood: z.enum(LIKELIHOODS),
  note: z.string().nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
});
export type Explanation = z.infer<typeof explanationSchema>;

export const cellSchema = z.object({
  measure: measureSchema,
  progressBp: z.number().int().nullable(),
  /** The progress expected by the period end (应达进度): the window's elapsed share, or what the payment schedule made due. */
  elapsedBp: z.number().int(),
  gapBp: z.number().int().nullable(),
  light: lightSchema,
  explanation: explanationSchema.nullable(),
});
export type Cell = z.infer<typeof cellSchema>;

export const boardQuerySchema = z.object({
  fundYearId: idParam,
  /** Defaults to the period that contains the fund year's 评价日 (or the last one). */
  period: periodCode.optional(),
});

/** The reporting periods of a fund year, and the one containing its 评价日 (the default everywhere). */
export const periodsSchema = z.object({
  periodKind: z.enum(["month", "quarter"]),
  periods: z.array(periodSchema),
  current: periodSchema,
});
export type Periods = z.infer<typeof periodsSchema>;

const countyRowSchema = z.object({
  county: countySchema,
  cells: z.array(cellSchema),
  projects: z.number().int(),
  /** Projects with a report for this very period. */
  reported: z.number().int(),
  /** Projects flagged yellow or red on any indicator, and how many of those carry a cause. */
  laggingProjects: z.number().int(),
  explainedProjects: z.number().int(),
});

/** A step of the payment schedule (支付节点) that 资金支付进度 is measured against. */
export const paymentStepSchema = z.object({
  stage: z.enum(PAYMENT_STAGES),
  /** Share of a project's allocated money due once the step is reached and its term passed, basis points. */
  shareBp: scaledNumberSchema(NUMBER_LIMITS.paymentShare, 100),
  termDays: scaledNumberSchema(NUMBER_LIMITS.paymentTerm, 1),
});
export type PaymentStepInfo = z.infer<typeof paymentStepSchema>;

/** The fund year's payment schedule: one step per stage, 完工, 竣工验收, 结算 in that order. */
const paymentStepsSchema = z
  .array(paymentStepSchema)
  .length(PAYMENT_STAGES.length, `支付节点须依次为${PAYMENT_STAGES.length}个：完工、竣工验收、结算`)
  .refine((steps) => steps.every((s, i) => s.stage === PAYMENT_STAGES[i]), `支付节点须依次为完工、竣工验收、结算`);

export const paymentScheduleBodySchema = z.object({ fundYearId: idSchema, steps: paymentStepsSchema });
export type PaymentScheduleBody = z.infer<typeof paymentScheduleBodySchema>;

export const boardSchema = z.object({
  fundYear: fundYearSchema,
  periodKind: z.enum(["month", "quarter"]),
  periods: z.array(periodSchema),
  period: periodSchema,
  indicators: z.array(indicatorSchema),
  paymentSchedule: z.array(paymentStepSchema),
  city: z.object({ cells: z.array(cellSchema), projects: z.number().int(), reported: z.number().int() }),
  counties: z.array(countyRowSchema),
});
export type Board = z.infer<typeof boardSchema>;

export const projectMonitorSchema = z.object({
  /** status: the stage reached by the period's end. */
  project: z.object({ id, code: z.string(), name: z.string(), status: z.enum(PROJECT_STATUSES), actualStartOn: isoDate.nullable(), actualCompletionOn: isoDate.nullable() }),
  plannedFen: fen,
  /** The report of this period, if any, else the latest before it. */
  report: z.object({ period: z.string(), physicalBp: z.number().int(), investedFen: fen }).nullable(),
  reportedThisPeriod: z.boolean(),
  cells: z.array(cellSchema),
  /** Worst light over the indicators. */
  light: lightSchema,
});
export type ProjectMonitor = z.infer<typeof projectMonitorSchema>;

export const countyMonitorSchema = z.object({
  fundYear: fundYearSchema,
  county: countySchema,
  periodKind: z.enum(["month", "quarter"]),
  periods: z.array(periodSchema),
  period: periodSchema,
  indicators: z.array(indicatorSchema),
  cells: z.array(cellSchema),
  /** Every period up to this one: the county's cells, for the trend. */
  trend: z.array(z.object({ period: periodSchema, cells: z.array(cellSchema) })),
  /**
   * The city beside the county: its cells in each period of `trend`, and the county's rank among the
   * city's counties on each indicator this period (1 = furthest ahead; null when the county has no
   * figure). Names no other county.
   */
  city: z.object({
    name: z.string(),
    trend: z.array(z.array(cellSchema)),
    ranks: z.array(z.object({ rank: z.number().int().nullable(), of: z.number().int() })),
  }),
  projects: z.array(projectMonitorSchema),
  /** The county's report of this period in 报送审核: locked for the county once sent. */
  review: reviewStatusSchema,
});
export type CountyMonitor = z.infer<typeof countyMonitorSchema>;

export const explanationBodySchema = z.object({
  fundYearId: idSchema,
  period: periodCode,
  measure: measureSchema,
  countyId: idSchema,
  /** Null: the county as a whole. */
  projectId: idSchema.nullable(),
  cause: z.enum(DEVIATION_CAUSES),
  likelihood: z.enum(LIKELIHOODS),
  note: z.string().trim().max(TEXT_LIMITS.note).nullable(),
});
export type ExplanationBody = z.infer<typeof explanationBodySchema>;

export const progressBodySchema = z.object({
  fundYearId: idSchema,
  period: periodCode,
  rows: z
    .array(
      z.object({
        projectId: idSchema,
        /** 形象进度, 0–10000 basis points. */
        physicalBp: scaledNumberSchema(NUMBER_LIMITS.physicalProgress, 100),
        /** 累计完成投资, 分. */
        investedFen: fen.min(0, rangeMessage(NUMBER_LIMITS.investedWan)),
        actualStartOn: isoDate.nullable(),
        actualCompletionOn: isoDate.nullable(),
      }),
    )
    .min(1, "至少填报一个项目")
    .max(2000),
});
export type ProgressBody = z.infer<typeof progressBodySchema>;

export const indicatorUpdateSchema = z.object({
  windowFrom: isoDate,
  windowTo: isoDate,
  yellowGapBp: scaledNumberSchema({ ...NUMBER_LIMITS.warningGap, label: "黄色预警" }, 100),
  redGapBp: scaledNumberSchema({ ...NUMBER_LIMITS.warningGap, label: "红色预警" }, 100),
  /** 资金支付进度 only: its fund year's payment schedule, saved with the thresholds in one transaction. */
  paymentSchedule: paymentStepsSchema.optional(),
});
export type IndicatorUpdate = z.infer<typeof indicatorUpdateSchema>;
