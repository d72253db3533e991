/**
 * The project library (项目库), community registry (小区库), funding mix, targets (绩效目标), the
 * multi-year goal and 长效管养: requests and responses. Money is integer 分, rates basis points,
 * quantities exact decimal strings ("458.75"), areas integer dm² (0.01 ㎡).
 */
import { z } from "zod";
import { MAX_ID, idParam } from "./ids";
import { problemSchema, versionSchema } from "./errors";
import { TEXT_LIMITS } from "./limits";
import { basisPoints, countySchema, fen, fundYearSchema, isoDate } from "./funds";
import { reviewStatusSchema } from "./review";
import { PROJECT_STATUSES, PROPERTY_MODES, RENOVATION_CATEGORIES, TARGET_METRICS } from "../core/registry";

const id = z.number().int();
const named = z.object({ id, name: z.string() });
const nullableDate = isoDate.nullable();

export const PAGE_SIZE_MAX = 500;
const paging = {
  page: z.coerce.number().int().positive().max(MAX_ID).default(1),
  pageSize: z.coerce.number().int().positive().max(PAGE_SIZE_MAX).default(20),
};
const fundYearQuery = { fundYearId: idParam };

// ---- projects ---------------------------------------------------------------------------------

export const projectStatusSchema = z.enum(PROJECT_STATUSES);

export const projectListQuerySchema = z.object({
  ...fundYearQuery,
  countyId: idParam.optional(),
  status: projectStatusSchema.optional(),
  /** Project code, name, implementing entity or community name. */
  q: z.string().max(100).optional(),
  /** Only projects with contents of this class. */
  category: z.enum(RENOVATION_CATEGORIES).optional(),
  /** Only projects whose non-fiscal share reaches this many basis points (2000 = 20%). */
  minNonFiscalBp: z.coerce.number().int().min(0).max(10000).optional(),
  sort: z.enum(["code", "nonFiscal", "investment", "households"]).default("code"),
  ...paging,
});
export type ProjectListQuery = z.infer<typeof projectListQuerySchema>;

export const fundingFiguresSchema = z.object({
  /** 计划总投资 */
  totalFen: fen,
  fiscalFen: fen,
  nonFiscalFen: fen,
  /** 非财政资金占比 */
  nonFiscalBp: basisPoints,
  /** Non-fiscal share of at least 20% (compared exactly). */
  reachesThreshold: z.boolean(),
});

export const projectListItemSchema = z.object({
  id,
  code: z.string(),
  name: z.string(),
  county: named,
  status: projectStatusSchema,
  implementingEntity: z.string().nullable(),
  street: z.string().nullable(),
  communityCount: z.number().int(),
  households: z.number().int(),
  floorAreaDm2: z.number().int(),
  funding: fundingFiguresSchema,
  plannedStartOn: nullableDate,
  actualStartOn: nullableDate,
  plannedCompletionOn: nullableDate,
  actualCompletionOn: nullableDate,
  actualAcceptanceOn: nullableDate,
});
export type ProjectListItem = z.infer<typeof projectListItemSchema>;

export const projectPageSchema = z.object({
  total: z.number().int(),
  /** Sums over every project the filter matches (not only this page). */
  totals: z.object({
    communities: z.number().int(),
    households: z.number().int(),
    floorAreaDm2: z.number().int(),
    funding: fundingFiguresSchema,
    reachingThreshold: z.number().int(),
  }),
  items: z.array(projectListItemSchema),
});
export type ProjectPage = z.infer<typeof projectPageSchema>;

export const communityRenovationSchema = z.object({
  year: z.number().int(),
  /** The project that renovated it, when the system has it; null for a renovation recorded as a year only. */
  project: z.object({ id, code: z.string(), name: z.string(), status: projectStatusSchema }).nullable(),
  completed: z.boolean(),
});

export const communitySchema = z.object({
  id,
  code: z.string(),
  name: z.string(),
  county: named,
  street: z.string().nullable(),
  builtYear: z.number().int(),
  buildings: z.number().int(),
  households: z.number().int(),
  floorAreaDm2: z.number().int(),
  propertyMode: z.enum(PROPERTY_MODES),
  feeCollectionBp: z.number().int().nullable(),
  longitude: z.number().nullable(),
  latitude: z.number().nullable(),
  /** Renovations known to the system, latest first. */
  renovations: z.array(communityRenovationSchema),
});
export type Community = z.infer<typeof communitySchema>;

export const contentSchema = z.object({
  id,
  item: z.object({ id, code: z.string(), name: z.string(), category: z.enum(RENOVATION_CATEGORIES) }),
  community: z.object({ id, code: z.string(), name: z.string() }).nullable(),
  /** Exact decimal, e.g. "1250" or "3.5". */
  quantity: z.string(),
  unit: z.string(),
  costFen: fen,
  note: z.string().nullable(),
});
export type Content = z.infer<typeof contentSchema>;

export const projectFileSchema = z.object({
  id,
  kind: z.enum(["photo", "document"]),
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  note: z.string().nullable(),
  uploadedBy: z.string().nullable(),
  uploadedAt: z.string(),
});
export type ProjectFile = z.infer<typeof projectFileSchema>;

export const projectDatesSchema = z.object({
  plannedStartOn: nullableDate,
  actualStartOn: nullableDate,
  plannedCompletionOn: nullableDate,
  actualCompletionOn: nullableDate,
  plannedAcceptanceOn: nullableDate,
  actualAcceptanceOn: nullableDate,
  plannedSettlementOn: nullableDate,
  actualSettlementOn: nullableDate,
});

export const projectDetailSchema = z.object({
  fundYear: fundYearSchema,
  /** The county's 项目库 of the year in 报送审核: locked for the county once sent. */
  review: reviewStatusSchema,
  project: projectDatesSchema.extend({
    id,
    code: z.string(),
    name: z.string(),
    county: countySchema,
    batchYear: z.number().int(),
    status: projectStatusSchema,
    implementingEntity: z.string().nullable(),
    street: z.string().nullable(),
    description: z.string().nullable(),
    acceptanceResult: z.enum(["qualified", "unqualified"]).nullable(),
    /** The version an edit sends back (a stale one is refused, VERSION_CONFLICT). */
    version: z.number().int(),
    updatedAt: z.string(),
  }),
  communities: z.array(communitySchema),
  contents: z.array(contentSchema),
  investments: z.array(z.object({ source: z.object({ id, name: z.string(), category: z.enum(["fiscal", "non_fiscal"]) }), amountFen: fen })),
  funding: fundingFiguresSchema,
  files: z.array(projectFileSchema),
  /** 双监控 reports, oldest first. */
  progress: z.array(z.object({ period: z.string(), label: z.string(), physicalBp: z.number().int(), investedFen: fen, reportedAt: z.string() })),
});
export type ProjectDetail = z.infer<typeof projectDetailSchema>;

export const projectUpdateSchema = projectDatesSchema
  .extend({
    name: z.string().trim().min(1, "项目名称不能为空").max(TEXT_LIMITS.projectName),
    implementingEntity: z.string().trim().max(TEXT_LIMITS.entity).nullable(),
    street: z.string().trim().max(TEXT_LIMITS.street).nullable(),
    description: z.string().trim().max(TEXT_LIMITS.description).nullable(),
    acceptanceResult: z.enum(["qualified", "unqualified"]).nullable(),
  })
  .partial()
  // Only the fields given are written; `version` is the one the user saw.
  .extend({ version: versionSchema });
export type ProjectUpdate = z.infer<typeof projectUpdateSchema>;

export const FILE_MAX_BYTES = 20 * 1024 * 1024;
/** Accepted attachments: photos are shown inline, documents downloaded. */
export const FILE_TYPES: Record<string, { kind: "photo" | "document"; ext: string[] }> = {
  "image/jpeg": { kind: "photo", ext: ["jpg", "jpeg"] },
  "image/png": { kind: "photo", ext: ["png"] },
  "image/webp": { kind: "photo", ext: ["webp"] },
  "application/pdf": { kind: "document", ext: ["pdf"] },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { kind: "document", ext: ["docx"] },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { kind: "document", ext: ["xlsx"] },
  "application/msword": { kind: "document", ext: ["doc"] },
  "application/vnd.ms-excel": { kind: "document", ext: ["xls"] },
};

// ---- summary and funding mix -----------------------------------------------------------------

const summaryLineSchema = z.object({
  projects: z.number().int(),
  communities: z.number().int(),
  households: z.number().int(),
  floorAreaDm2: z.number().int(),
  funding: fundingFiguresSchema,
  reachingThreshold: z.number().int(),
  byStatus: z.record(projectStatusSchema, z.number().int()),
});

export const projectsSummarySchema = z.object({
  fundYear: fundYearSchema,
  asOf: isoDate,
  thresholdBp: z.number().int(),
  counties: z.array(summaryLineSchema.extend({ county: countySchema })),
  city: summaryLineSchema,
  /** Planned investment by funding source, city-wide (or the county's). */
  bySource: z.array(z.object({ source: z.object({ id, name: z.string(), category: z.enum(["fiscal", "non_fiscal"]) }), amountFen: fen, projects: z.number().int() })),
  /** Contents by class: how many projects, items and how much money. */
  byCategory: z.array(z.object({ category: z.enum(RENOVATION_CATEGORIES), projects: z.number().int(), items: z.number().int(), costFen: fen })),
  byItem: z.array(z.object({ item: z.object({ id, code: z.string(), name: z.string(), category: z.enum(RENOVATION_CATEGORIES) }), projects: z.number().int(), costFen: fen })),
});
export type ProjectsSummary = z.infer<typeof projectsSummarySchema>;

// ---- communities -----------------------------------------------------------------------------

export const communityListQuerySchema = z.object({
  ...fundYearQuery,
  countyId: idParam.optional(),
  q: z.string().max(100).optional(),
  /** Built before this year (2001: the 2000 scope; 2006: Shandong's 2005 scope). */
  builtBefore: z.coerce.number().int().min(1900).max(2100).optional(),
  /** renovated: any time up to the fund year; this_year: by a project of this fund year; waiting: never. */
  renovation: z.enum(["renovated", "this_year", "waiting"]).optional(),
  propertyMode: z.enum(PROPERTY_MODES).optional(),
  ...paging,
});
export type CommunityListQuery = z.infer<typeof communityListQuerySchema>;

export const communityPageSchema = z.object({
  total: z.number().int(),
  totals: z.object({ households: z.number().int(), floorAreaDm2: z.number().int() }),
  items: z.array(communitySchema),
});
export type CommunityPage = z.infer<typeof communityPageSchema>;

const clauseSchema = z.object({
  builtBefore: z.number().int(),
  requiredBp: z.number().int(),
  eligible: z.number().int(),
  required: z.number().int(),
  done: z.number().int(),
  doneBp: basisPoints,
  progressBp: basisPoints,
  remaining: z.number().int(),
  renovatedInPeriod: z.number().int(),
  yearsElapsed: z.number().int(),
  pacePerYear: z.number(),
  forecastDone: z.number().int(),
  forecastBp: basisPoints,
  onTrack: z.boolean(),
  forecastYear: z.number().int().nullable(),
});

export const goalSchema = z.object({
  fundYear: fundYearSchema,
  asOf: isoDate,
  /** The year progress is counted up to (the fund year). */
  currentYear: z.number().int(),
  goals: z.array(
    z.object({
      name: z.string(),
      startYear: z.number().int(),
      endYear: z.number().int(),
      clauses: z.array(z.object({ city: clauseSchema, counties: z.array(clauseSchema.extend({ county: countySchema })) })),
    }),
  ),
});
export type Goal = z.infer<typeof goalSchema>;
export type GoalClauseProgress = z.infer<typeof clauseSchema>;

const maintenanceLineSchema = z.object({
  communities: z.number().int(),
  managed: z.number().int(),
  coverageBp: basisPoints,
  households: z.number().int(),
  managedHouseholds: z.number().int(),
  byMode: z.record(z.enum(PROPERTY_MODES), z.number().int()),
  feeCollectionBp: basisPoints,
  feeReported: z.number().int(),
});
export const maintenanceSchema = z.object({
  fundYear: fundYearSchema,
  asOf: isoDate,
  counties: z.array(maintenanceLineSchema.extend({ county: countySchema })),
  city: maintenanceLineSchema,
});
export type Maintenance = z.infer<typeof maintenanceSchema>;

// ---- targets -----------------------------------------------------------------------------------

export const targetLineSchema = z.object({
  id,
  indicator: z.string(),
  metric: z.enum(TARGET_METRICS).nullable(),
  /** How the actual is computed, when a metric gives it. */
  rule: z.string().nullable(),
  unit: z.string(),
  direction: z.enum(["positive", "negative"]),
  /** Null: 待设定 (not set yet), so no completion rate. */
  target: z.string().nullable(),
  /** Null when neither a metric nor a hand-entered value gives one. */
  actual: z.string().nullable(),
  actualFrom: z.enum(["registry", "survey", "manual"]).nullable(),
  completionBp: basisPoints,
  met: z.boolean().nullable(),
  note: z.string().nullable(),
});
export type TargetLine = z.infer<typeof targetLineSchema>;

export const targetsSchema = z.object({
  fundYear: fundYearSchema,
  asOf: isoDate,
  scopes: z.array(z.object({ county: countySchema.nullable(), targets: z.array(targetLineSchema) })),
});
export type Targets = z.infer<typeof targetsSchema>;

export const targetsQuerySchema = z.object({ ...fundYearQuery, asOf: isoDate.optional(), countyId: idParam.optional() });

// ---- registry imports ------------------------------------------------------------------------

export const REGISTRY_IMPORT_KINDS = ["communities", "projects", "contents", "targets"] as const;
export type RegistryImportKind = (typeof REGISTRY_IMPORT_KINDS)[number];
export const REGISTRY_IMPORT_LABEL: Record<RegistryImportKind, string> = {
  communities: "小区",
  projects: "项目",
  contents: "改造内容",
  targets: "绩效目标",
};

export const registryImportResultSchema = z.object({
  kind: z.enum(REGISTRY_IMPORT_KINDS),
  fileName: z.string(),
  dryRun: z.boolean(),
  rowCount: z.number().int(),
  newCount: z.number().int(),
  /** Rows whose key exists with other values: they replace them. */
  updatedCount: z.number().int(),
  unchangedCount: z.number().int(),
  problems: z.array(problemSchema),
  moreProblems: z.number().int(),
  preview: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
});
export type RegistryImportResult = z.infer<typeof registryImportResultSchema>;
