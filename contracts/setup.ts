/**
 * 基础设置: funding sources (资金来源), fund programmes (资金项目) with what a new year of them starts
 * from, and fund years (资金年度): create, start the next year, close and reopen.
 */
import { z } from "zod";
import { idSchema } from "./ids";
import { MONITOR_MEASURES } from "../core/monitoring";
import { relativeIndicatorProblems, validMonthDay } from "../core/fund-year";
import { fundYearSchema, isoDate } from "./funds";
import { NUMBER_LIMITS, scaledNumberSchema, type NumberLimit } from "./limits";

/** Shared text limits (form and server agree). */
export const SOURCE_NAME_MAX = 30;
export const PROGRAMME_NAME_MAX = 60;
export const CODE_MAX = 40;
export const INDICATOR_NAME_MAX = 30;
export const REASON_MIN = 2;
export const REASON_MAX = 500;
export const SORT_ORDER_MAX = 9999;

const id = z.number().int();
const code = z
  .string()
  .trim()
  .min(1, "请填写编码")
  .max(CODE_MAX, `编码不超过 ${CODE_MAX} 个字符`)
  .regex(/^[a-zA-Z0-9_.-]+$/, "编码只能包含字母、数字、下划线、点和连字符");
/** 排序号 of a 资金来源 or 资金项目, as the form checks it. */
export const SORT_ORDER_LIMIT: NumberLimit = { label: "排序号", min: 0, max: SORT_ORDER_MAX, decimals: 0 };
const sortOrder = scaledNumberSchema(SORT_ORDER_LIMIT, 1);

// ---- funding sources ---------------------------------------------------------------------------

export const SOURCE_CATEGORIES = ["fiscal", "non_fiscal"] as const;
export type SourceCategory = (typeof SOURCE_CATEGORIES)[number];
export const SOURCE_CATEGORY_LABEL: Record<SourceCategory, string> = { fiscal: "财政", non_fiscal: "非财政" };

export const setupSourceSchema = z.object({
  id,
  code: z.string(),
  name: z.string(),
  category: z.enum(SOURCE_CATEGORIES),
  categoryLabel: z.string(),
  sortOrder: z.number().int(),
  /** Named by an allocation, a payment or a planned investment: cannot be deleted. */
  inUse: z.boolean(),
});
export type SetupSource = z.infer<typeof setupSourceSchema>;

const sourceName = z.string().trim().min(1, "请填写资金来源名称").max(SOURCE_NAME_MAX, `资金来源名称不超过 ${SOURCE_NAME_MAX} 个字符`);

export const sourceCreateSchema = z.object({
  /** Generated from the order when absent. */
  code: code.optional(),
  name: sourceName,
  category: z.enum(SOURCE_CATEGORIES),
  sortOrder: sortOrder.optional(),
});
export type SourceCreate = z.infer<typeof sourceCreateSchema>;

export const sourceUpdateSchema = z.object({
  name: sourceName.optional(),
  category: z.enum(SOURCE_CATEGORIES).optional(),
  sortOrder: sortOrder.optional(),
});
export type SourceUpdate = z.infer<typeof sourceUpdateSchema>;

// ---- programmes ----------------------------------------------------------------------------------

export const PERIOD_KINDS = ["month", "quarter"] as const;
export const PERIOD_KIND_LABEL: Record<(typeof PERIOD_KINDS)[number], string> = { month: "按月", quarter: "按季度" };

/** A date relative to the fund year: `yearOffset` 0 is the year itself, 1 the next. */
export const relativeDateSchema = z.object({
  yearOffset: z.number().int().min(-1, "年度偏移不能早于上一年").max(2, "年度偏移不能晚于后两年"),
  monthDay: z.string().max(5, "月日格式应为 MM-DD，如 06-30").refine(validMonthDay, "月日格式应为 MM-DD，如 06-30"),
});

export const programmeIndicatorSchema = z.object({
  measure: z.enum(MONITOR_MEASURES),
  name: z.string().trim().min(1, "请填写监测指标名称").max(INDICATOR_NAME_MAX),
  from: relativeDateSchema,
  to: relativeDateSchema,
  yellowGapBp: z.number().int(),
  redGapBp: z.number().int(),
});

/** The 双监控 settings a new fund year of the programme starts with, windows relative to its year. */
export const programmeMonitoringSchema = z
  .object({
    periodKind: z.enum(PERIOD_KINDS),
    indicators: z.array(programmeIndicatorSchema).max(MONITOR_MEASURES.length),
  })
  .superRefine((m, ctx) => {
    for (const message of relativeIndicatorProblems(m.indicators)) ctx.addIssue({ code: "custom", message, path: ["indicators"] });
  });
export type ProgrammeMonitoring = z.infer<typeof programmeMonitoringSchema>;

export const programmeSchema = z.object({
  id,
  code: z.string(),
  name: z.string(),
  /** Indicator template family its years are evaluated with; null: chosen per task. */
  templateCode: z.string().nullable(),
  templateName: z.string().nullable(),
  /** 改造内容目录 item codes it funds; null: the whole catalogue. */
  contentItems: z.array(z.string()).nullable(),
  monitoring: programmeMonitoringSchema,
  builtin: z.boolean(),
  sortOrder: z.number().int(),
  /** Fund years of the programme. */
  fundYears: z.number().int(),
});
export type Programme = z.infer<typeof programmeSchema>;

const programmeName = z.string().trim().min(1, "请填写资金项目名称").max(PROGRAMME_NAME_MAX, `资金项目名称不超过 ${PROGRAMME_NAME_MAX} 个字符`);

export const programmeCreateSchema = z.object({
  code: code.optional(),
  name: programmeName,
  templateCode: z.string().max(CODE_MAX).nullable().optional(),
  contentItems: z.array(z.string().max(CODE_MAX)).max(500).nullable().optional(),
  /** Defaults to the built-in programme's settings. */
  monitoring: programmeMonitoringSchema.optional(),
  sortOrder: sortOrder.optional(),
});
export type ProgrammeCreate = z.infer<typeof programmeCreateSchema>;

export const programmeUpdateSchema = programmeCreateSchema.omit({ code: true }).partial();
export type ProgrammeUpdate = z.infer<typeof programmeUpdateSchema>;

// ---- fund years ----------------------------------------------------------------------------------

const year = scaledNumberSchema(NUMBER_LIMITS.fundYear, 1);

/** Windows left out take the defaults of core/fund-year.ts defaultWindows. */
export const fundYearCreateSchema = z.object({
  programmeId: idSchema,
  /** The city (or province) whose money it is. */
  regionId: idSchema,
  year,
  evaluationDate: isoDate,
  allocationFrom: isoDate.optional(),
  allocationTo: isoDate.optional(),
  paymentFrom: isoDate.optional(),
  paymentTo: isoDate.optional(),
});
export type FundYearCreate = z.infer<typeof fundYearCreateSchema>;

/** 开启下一年度: every date shifts one year unless given. */
export const fundYearNextSchema = z.object({ evaluationDate: isoDate.optional() });
export type FundYearNext = z.infer<typeof fundYearNextSchema>;

export const fundYearCloseSchema = z.object({ reason: z.string().trim().max(REASON_MAX).optional() });
export const fundYearReopenSchema = z.object({
  reason: z.string().trim().min(REASON_MIN, `请填写重新打开的原因（至少 ${REASON_MIN} 个字）`).max(REASON_MAX, `原因不超过 ${REASON_MAX} 个字`),
});

export const fundYearDetailSchema = z.object({
  fundYear: fundYearSchema,
  programmeId: id,
  template: z.object({ id, code: z.string(), name: z.string(), version: z.number().int() }).nullable(),
  previous: z.object({ id, year: z.number().int() }).nullable(),
  /** The next year, when it has been started. */
  next: z.object({ id, year: z.number().int() }).nullable(),
  closedBy: z.string().nullable(),
  /** What 开启下一年度 carries over (no money: allocations, payments, projects stay). */
  carried: z.object({
    periodKind: z.enum(PERIOD_KINDS).nullable(),
    monitoringIndicators: z.number().int(),
    targets: z.number().int(),
    paragraphs: z.number().int(),
  }),
  /** What the year holds of money and projects (never carried over). */
  holds: z.object({ projects: z.number().int(), allocations: z.number().int(), payments: z.number().int() }),
});
export type FundYearDetail = z.infer<typeof fundYearDetailSchema>;
