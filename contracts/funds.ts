import { z } from "zod";
import { MAX_ID, idParam } from "./ids";
import { parseDate } from "../core/dates";

/** ISO date YYYY-MM-DD, as every date crosses the API; a day the calendar has (no 2022-02-30). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD")
  .refine((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s) || parseDate(s) === s, { error: (issue) => `日期 ${String(issue.input)} 不存在，请检查年、月、日` });
/** Integer 分. */
export const fen = z.number().int();
/** 预算执行率 in hundredths of a percent (81.24% = 8124); null when nothing was allocated. */
export const basisPoints = z.number().int().nullable();

export const fundYearSchema = z.object({
  id: z.number().int(),
  programme: z.string(),
  year: z.number().int(),
  region: z.object({ id: z.number().int(), name: z.string() }),
  evaluationDate: isoDate,
  allocationFrom: isoDate,
  allocationTo: isoDate,
  paymentFrom: isoDate,
  paymentTo: isoDate,
  isDemo: z.boolean(),
  programmeId: z.number().int(),
  /** The year it was started from (开启下一年度), if any. */
  previousId: z.number().int().nullable(),
  /** 已关闭: read-only until finance reopens it. */
  closed: z.boolean(),
  closedAt: z.string().nullable(),
});
export type FundYear = z.infer<typeof fundYearSchema>;

export const sourceSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  category: z.enum(["fiscal", "non_fiscal"]),
});
export type Source = z.infer<typeof sourceSchema>;

export const countySchema = z.object({ id: z.number().int(), code: z.string(), name: z.string() });
export type County = z.infer<typeof countySchema>;

export const figuresSchema = z.object({ allocatedFen: fen, paidFen: fen, executionBp: basisPoints });
export type Figures = z.infer<typeof figuresSchema>;

export const ledgerQuerySchema = z.object({
  fundYearId: idParam,
  /** 评价日; defaults to the fund year's evaluation date. */
  asOf: isoDate.optional(),
});
export type LedgerQuery = z.infer<typeof ledgerQuerySchema>;

/**
 * What a 县区 user sees of the city: city-wide aggregates and the county's own place, computed on
 * the server — never another county's row.
 */
export const countyStandingSchema = z.object({
  city: z.object({ id: z.number().int(), name: z.string() }),
  /** The whole city's figures (every county), and by source for the county's own sources. */
  cityTotal: figuresSchema,
  cityBySource: z.array(figuresSchema.extend({ sourceId: z.number().int() })),
  /** The county's place by 预算执行率 (1 = highest; ties share a place); null when nothing is allocated to it. */
  rank: z.number().int().nullable(),
  /** Counties with money allocated: the "of" of 第 3 / 12 名. */
  ranked: z.number().int(),
});
export type CountyStanding = z.infer<typeof countyStandingSchema>;

export const fundsSummarySchema = z.object({
  fundYear: fundYearSchema,
  asOf: isoDate,
  sources: z.array(sourceSchema),
  counties: z.array(countySchema),
  cells: z.array(figuresSchema.extend({ sourceId: z.number().int(), countyId: z.number().int() })),
  bySource: z.array(figuresSchema.extend({ sourceId: z.number().int() })),
  byCounty: z.array(figuresSchema.extend({ countyId: z.number().int() })),
  total: figuresSchema,
  counts: z.object({ projects: z.number().int(), payments: z.number().int(), allocations: z.number().int() }),
  /** For a 县区 user: the city beside the county, and its rank. Null for a city-wide user. */
  standing: countyStandingSchema.nullable(),
});
export type FundsSummary = z.infer<typeof fundsSummarySchema>;

export const projectLineSchema = figuresSchema.extend({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  status: z.string(),
  implementingEntity: z.string().nullable(),
});
export type ProjectLine = z.infer<typeof projectLineSchema>;

export const countyLedgerSchema = z.object({
  fundYear: fundYearSchema,
  asOf: isoDate,
  county: countySchema,
  bySource: z.array(figuresSchema.extend({ sourceId: z.number().int() })),
  total: figuresSchema,
  sources: z.array(sourceSchema),
  /** Money allocated to the county without naming a project (not yet assigned). */
  unassigned: figuresSchema,
  projects: z.array(projectLineSchema),
});
export type CountyLedger = z.infer<typeof countyLedgerSchema>;

export const paymentSchema = z.object({
  id: z.number().int(),
  voucherNo: z.string(),
  paidOn: isoDate,
  amountFen: fen,
  source: z.string(),
  county: z.string(),
  projectId: z.number().int(),
  projectCode: z.string(),
  projectName: z.string(),
  note: z.string().nullable(),
});
export type Payment = z.infer<typeof paymentSchema>;

export const allocationSchema = z.object({
  id: z.number().int(),
  docNo: z.string(),
  allocatedOn: isoDate,
  amountFen: fen,
  source: z.string(),
  county: z.string(),
  projectId: z.number().int().nullable(),
  projectCode: z.string().nullable(),
  projectName: z.string().nullable(),
  note: z.string().nullable(),
});
export type Allocation = z.infer<typeof allocationSchema>;

export const projectLedgerSchema = z.object({
  fundYear: fundYearSchema,
  asOf: isoDate,
  project: projectLineSchema.extend({ county: countySchema }),
  sources: z.array(sourceSchema),
  bySource: z.array(figuresSchema.extend({ sourceId: z.number().int() })),
  allocations: z.array(allocationSchema),
  /** Every payment of the project, also those after the 评价日 (flagged by date on the client). */
  payments: z.array(paymentSchema),
});
export type ProjectLedger = z.infer<typeof projectLedgerSchema>;

export const PAGE_SIZE_MAX = 500;
export const listQuerySchema = ledgerQuerySchema.extend({
  countyId: idParam.optional(),
  projectId: idParam.optional(),
  sourceId: idParam.optional(),
  /** Free text: voucher / document number or project name. */
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().positive().max(MAX_ID).default(1),
  pageSize: z.coerce.number().int().positive().max(PAGE_SIZE_MAX).default(50),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const paymentPageSchema = z.object({
  total: z.number().int(),
  sumFen: fen,
  items: z.array(paymentSchema),
});
export const allocationPageSchema = z.object({
  total: z.number().int(),
  sumFen: fen,
  items: z.array(allocationSchema),
});
