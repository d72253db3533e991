/**
 * The physical side of the programme: the community registry (小区库), what each project renovates
 * and with whose money, performance targets (绩效目标), the multi-year goal, and 双监控 (progress
 * reports, lag thresholds and the causes counties give for a lag). `projects` itself lives in the
 * ledger schema; these tables extend it.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { fundingSources, fundYears, projects, regions } from "./ledger";
import { users } from "./auth";
import type { PaymentStep } from "../../core/monitoring";

const money = (name: string) => bigint(name, { mode: "number" });
const day = (name: string) => date(name, { mode: "string" });
const ts = (name: string) => timestamp(name, { withTimezone: true });
/** Exact decimal quantities (458.75万㎡, 48,400户) read as strings and parsed by core/targets. */
const quantity = (name: string) => numeric(name, { precision: 18, scale: 4 });

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  // node-postgres gives a Buffer, PGlite a Uint8Array.
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** 改造内容目录: 基础类 / 完善类 / 提升类 items. A list in data. */
export const renovationItems = pgTable(
  "renovation_items",
  {
    id: serial("id").primaryKey(),
    code: text("code").notNull(),
    category: text("category", { enum: ["basic", "improve", "upgrade"] }).notNull(),
    name: text("name").notNull(),
    /** Unit a quantity is usually given in (米, ㎡, 盏, 部 …). */
    unit: text("unit").notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [uniqueIndex("renovation_items_code_uq").on(t.code), uniqueIndex("renovation_items_name_uq").on(t.name)],
);

/** 小区: every old community of a city, renovated or not. */
export const communities = pgTable(
  "communities",
  {
    id: serial("id").primaryKey(),
    countyId: integer("county_id").notNull().references(() => regions.id),
    /** 小区编号: the import key, unique across regions. */
    code: text("code").notNull(),
    name: text("name").notNull(),
    /** 街道 (or 镇) as written; streets need not be regions. */
    street: text("street"),
    builtYear: integer("built_year").notNull(),
    buildings: integer("buildings").notNull(),
    households: integer("households").notNull(),
    /** 建筑面积 in dm² (0.01 ㎡): integers, so sums in 万㎡ are exact. */
    floorAreaDm2: bigint("floor_area_dm2", { mode: "number" }).notNull(),
    /** 物业管理模式: 专业物业 / 街道社区统管 / 居民自管 / 无. */
    propertyMode: text("property_mode", { enum: ["professional", "street", "self", "none"] }).notNull().default("none"),
    /** 物业费收缴率 in basis points; null when unknown or no fee is charged. */
    feeCollectionBp: integer("fee_collection_bp"),
    longitude: doublePrecision("longitude"),
    latitude: doublePrecision("latitude"),
    /** Renovated before the system's project records (e.g. an earlier programme): the year. */
    priorRenovationYear: integer("prior_renovation_year"),
    note: text("note"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("communities_code_uq").on(t.code),
    index("communities_county_idx").on(t.countyId, t.builtYear),
    check("communities_counts_ok", sql`${t.buildings} >= 0 and ${t.households} >= 0 and ${t.floorAreaDm2} >= 0`),
    check("communities_fee_ok", sql`${t.feeCollectionBp} is null or (${t.feeCollectionBp} between 0 and 10000)`),
  ],
);

/**
 * 长效管养 of a community in one year: property management mode, fee collection, 红色物业 (party-building
 * led property service) and 业委会 (owners' committee). The latest year's record is what the
 * community's own property_mode and fee_collection_bp say (written in the same transaction).
 */
export const communityMaintenanceYears = pgTable(
  "community_maintenance_years",
  {
    id: serial("id").primaryKey(),
    communityId: integer("community_id").notNull().references(() => communities.id),
    year: integer("year").notNull(),
    propertyMode: text("property_mode", { enum: ["professional", "street", "self", "none"] }).notNull(),
    /** 物业费收缴率 in basis points; null when unknown or no fee is charged. */
    feeCollectionBp: integer("fee_collection_bp"),
    /** 红色物业 */
    redProperty: boolean("red_property").notNull().default(false),
    /** 业主委员会 set up. */
    ownersCommittee: boolean("owners_committee").notNull().default(false),
    createdAt: ts("created_at").notNull().defaultNow(),
    version: integer("version").notNull().default(1),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    updatedBy: integer("updated_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("community_maintenance_years_uq").on(t.communityId, t.year),
    index("community_maintenance_years_year_idx").on(t.year),
    check("community_maintenance_years_ok", sql`${t.year} between 2000 and 2100 and (${t.feeCollectionBp} is null or ${t.feeCollectionBp} between 0 and 10000)`),
  ],
);

/** Dates and details of a project beyond the ledger's columns (one row per project). */
export const projectDetails = pgTable(
  "project_details",
  {
    projectId: integer("project_id")
      .primaryKey()
      .references(() => projects.id, { onDelete: "cascade" }),
    street: text("street"),
    description: text("description"),
    plannedStartOn: day("planned_start_on"),
    actualStartOn: day("actual_start_on"),
    plannedCompletionOn: day("planned_completion_on"),
    actualCompletionOn: day("actual_completion_on"),
    /** 竣工验收 */
    plannedAcceptanceOn: day("planned_acceptance_on"),
    actualAcceptanceOn: day("actual_acceptance_on"),
    acceptanceResult: text("acceptance_result", { enum: ["qualified", "unqualified"] }),
    /** 结算 */
    plannedSettlementOn: day("planned_settlement_on"),
    actualSettlementOn: day("actual_settlement_on"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("project_details_completion_idx").on(t.actualCompletionOn)],
);

/** The communities a project renovates; a community is in at most one project of a fund year. */
export const projectCommunities = pgTable(
  "project_communities",
  {
    id: serial("id").primaryKey(),
    fundYearId: integer("fund_year_id").notNull().references(() => fundYears.id),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    communityId: integer("community_id").notNull().references(() => communities.id),
  },
  (t) => [
    uniqueIndex("project_communities_year_uq").on(t.fundYearId, t.communityId),
    index("project_communities_project_idx").on(t.projectId),
    index("project_communities_community_idx").on(t.communityId),
  ],
);

/** 计划投资 by funding source (fiscal and non-fiscal): the project's funding mix. */
export const projectInvestments = pgTable(
  "project_investments",
  {
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    sourceId: integer("source_id").notNull().references(() => fundingSources.id),
    amountFen: money("amount_fen").notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.sourceId] }), check("project_investments_amount_ok", sql`${t.amountFen} >= 0`)],
);

/** 改造内容 of a project: an item of the catalogue, optionally for one of its communities. */
export const projectContents = pgTable(
  "project_contents",
  {
    id: serial("id").primaryKey(),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    itemId: integer("item_id").notNull().references(() => renovationItems.id),
    communityId: integer("community_id").references(() => communities.id),
    quantity: quantity("quantity").notNull(),
    unit: text("unit").notNull(),
    costFen: money("cost_fen").notNull(),
    note: text("note"),
  },
  (t) => [
    uniqueIndex("project_contents_key_uq").on(t.projectId, t.itemId, sql`coalesce(${t.communityId}, 0)`),
    check("project_contents_cost_ok", sql`${t.costFen} >= 0`),
  ],
);

/** Documents and photos attached to a project (stored in the database, so every instance sees them). */
export const projectFiles = pgTable(
  "project_files",
  {
    id: serial("id").primaryKey(),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["photo", "document"] }).notNull(),
    fileName: text("file_name").notNull(),
    mimeType: text("mime_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    data: bytea("data").notNull(),
    note: text("note"),
    uploadedBy: integer("uploaded_by").references(() => users.id),
    uploadedAt: ts("uploaded_at").notNull().defaultNow(),
  },
  (t) => [index("project_files_project_idx").on(t.projectId, t.uploadedAt)],
);

/** 绩效目标 of a fund year, for the city (county null) or one county. */
export const performanceTargets = pgTable(
  "performance_targets",
  {
    id: serial("id").primaryKey(),
    fundYearId: integer("fund_year_id").notNull().references(() => fundYears.id),
    countyId: integer("county_id").references(() => regions.id),
    /** 指标名称, e.g. 改造小区数; the import key within a scope. */
    indicator: text("indicator").notNull(),
    /** The registry figure that gives the actual (see core TARGET_METRICS); null: entered by hand. */
    metric: text("metric"),
    unit: text("unit").notNull(),
    direction: text("direction", { enum: ["positive", "negative"] }).notNull(),
    /** Null: not set yet (a new year's targets start as last year's indicators without values). */
    targetValue: quantity("target_value"),
    /** Actual entered by hand when no metric computes it (e.g. 满意度 before the survey feeds it). */
    manualActual: quantity("manual_actual"),
    sortOrder: integer("sort_order").notNull().default(0),
    note: text("note"),
  },
  (t) => [
    uniqueIndex("performance_targets_key_uq").on(t.fundYearId, sql`coalesce(${t.countyId}, 0)`, t.indicator),
    index("performance_targets_year_idx").on(t.fundYearId, t.countyId),
  ],
);

/** A multi-year goal clause of a region: by endYear, requiredBp of the communities built before builtBefore. */
export const renovationGoals = pgTable(
  "renovation_goals",
  {
    id: serial("id").primaryKey(),
    regionId: integer("region_id").notNull().references(() => regions.id),
    /** 十四五 */
    name: text("name").notNull(),
    startYear: integer("start_year").notNull(),
    endYear: integer("end_year").notNull(),
    builtBefore: integer("built_before").notNull(),
    requiredBp: integer("required_bp").notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [
    uniqueIndex("renovation_goals_uq").on(t.regionId, t.name, t.builtBefore),
    check("renovation_goals_ok", sql`${t.requiredBp} between 1 and 10000 and ${t.endYear} >= ${t.startYear}`),
  ],
);

/**
 * How a fund year is monitored: monthly or quarterly reports, and the payment schedule (支付节点) that
 * 资金支付进度 is measured against (core/monitoring PaymentStep; the default is the usual renovation
 * contract, DEFAULT_PAYMENT_SCHEDULE).
 */
export const monitoringSettings = pgTable("monitoring_settings", {
  fundYearId: integer("fund_year_id")
    .primaryKey()
    .references(() => fundYears.id),
  periodKind: text("period_kind", { enum: ["month", "quarter"] }).notNull().default("quarter"),
  paymentSchedule: jsonb("payment_schedule")
    .$type<PaymentStep[]>()
    .notNull()
    .default(sql`'[{"stage":"completion","shareBp":5000,"termDays":180},{"stage":"acceptance","shareBp":7000,"termDays":180},{"stage":"settlement","shareBp":9700,"termDays":90}]'::jsonb`),
});

/** A monitored measure of a fund year: the window its work is due in and its lag thresholds. */
export const monitoringIndicators = pgTable(
  "monitoring_indicators",
  {
    id: serial("id").primaryKey(),
    fundYearId: integer("fund_year_id").notNull().references(() => fundYears.id),
    measure: text("measure", { enum: ["start", "completion", "physical", "investment", "payment"] }).notNull(),
    name: text("name").notNull(),
    windowFrom: day("window_from").notNull(),
    windowTo: day("window_to").notNull(),
    yellowGapBp: integer("yellow_gap_bp").notNull(),
    redGapBp: integer("red_gap_bp").notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [
    uniqueIndex("monitoring_indicators_uq").on(t.fundYearId, t.measure),
    check("monitoring_indicators_gaps_ok", sql`${t.yellowGapBp} > 0 and ${t.redGapBp} >= ${t.yellowGapBp} and ${t.windowTo} >= ${t.windowFrom}`),
  ],
);

/** A project's progress reported for a period: 形象进度 and 累计完成投资 (cumulative). */
export const progressReports = pgTable(
  "progress_reports",
  {
    id: serial("id").primaryKey(),
    fundYearId: integer("fund_year_id").notNull().references(() => fundYears.id),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** '2021-Q2' or '2021-06' */
    period: text("period").notNull(),
    physicalBp: integer("physical_bp").notNull(),
    investedFen: money("invested_fen").notNull(),
    reportedBy: integer("reported_by").references(() => users.id),
    reportedAt: ts("reported_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("progress_reports_uq").on(t.projectId, t.period),
    index("progress_reports_year_idx").on(t.fundYearId, t.period),
    check("progress_reports_ok", sql`${t.physicalBp} between 0 and 10000 and ${t.investedFen} >= 0`),
  ],
);

/** Why a flagged item lags (偏差原因) and whether it can still be done (完成可能性), per period. */
export const lagExplanations = pgTable(
  "lag_explanations",
  {
    id: serial("id").primaryKey(),
    fundYearId: integer("fund_year_id").notNull().references(() => fundYears.id),
    period: text("period").notNull(),
    measure: text("measure", { enum: ["start", "completion", "physical", "investment", "payment"] }).notNull(),
    countyId: integer("county_id").notNull().references(() => regions.id),
    /** Null: the county as a whole. */
    projectId: integer("project_id").references(() => projects.id, { onDelete: "cascade" }),
    cause: text("cause", { enum: ["funding", "institution", "staff", "hardware", "other"] }).notNull(),
    likelihood: text("likelihood", { enum: ["certain", "possible", "impossible"] }).notNull(),
    note: text("note"),
    recordedBy: integer("recorded_by").references(() => users.id),
    recordedAt: ts("recorded_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("lag_explanations_uq").on(t.fundYearId, t.period, t.measure, t.countyId, sql`coalesce(${t.projectId}, 0)`),
    index("lag_explanations_county_idx").on(t.fundYearId, t.countyId, t.period),
  ],
);
