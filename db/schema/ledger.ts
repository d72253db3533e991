/**
 * One drizzle schema for PGlite and PostgreSQL. Money columns are bigint 分 (fen); dates are SQL
 * `date` read as 'YYYY-MM-DD' strings, so no time zone can move a payment to another day.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { indicatorTemplates } from "./evaluations";

const money = (name: string) => bigint(name, { mode: "number" });
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** Province → city → county (县区) → street. Another city or province is just more rows. */
export const regions = pgTable(
  "regions",
  {
    id: serial("id").primaryKey(),
    /** Administrative division code (行政区划代码) or any stable code. */
    code: text("code").notNull(),
    name: text("name").notNull(),
    level: text("level", { enum: ["province", "city", "county", "street"] }).notNull(),
    parentId: integer("parent_id").references((): any => regions.id),
    sortOrder: integer("sort_order").notNull().default(0),
    /**
     * The ids from the root down to this region, "/1/2/3/": a region's subtree is every path that
     * starts with its own. Set by a trigger on insert (migration 0011); a region never moves, so the
     * path never changes.
     */
    path: text("path").notNull().default(""),
    /** 撤销: kept for the records that name it, offered for nothing new. */
    retiredAt: timestamp("retired_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("regions_code_uq").on(t.code),
    index("regions_parent_idx").on(t.parentId, t.sortOrder),
    index("regions_path_idx").on(sql`${t.path} text_pattern_ops`),
  ],
);

/** Every rename of a region, so old documents that use the old name still read right. */
export const regionRenames = pgTable(
  "region_renames",
  {
    id: serial("id").primaryKey(),
    regionId: integer("region_id").notNull().references(() => regions.id),
    oldName: text("old_name").notNull(),
    newName: text("new_name").notNull(),
    changedBy: text("changed_by").notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("region_renames_region_idx").on(t.regionId, t.changedAt)],
);

/** 资金来源: 中央补助, 省级补助 … fiscal or non-fiscal. A list in data, not in code. */
export const fundingSources = pgTable(
  "funding_sources",
  {
    id: serial("id").primaryKey(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    category: text("category", { enum: ["fiscal", "non_fiscal"] }).notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [uniqueIndex("funding_sources_code_uq").on(t.code), uniqueIndex("funding_sources_name_uq").on(t.name)],
);

/**
 * A fund programme, e.g. 老旧小区改造补助资金, with what a new fund year of it starts from: its
 * indicator template, the renovation contents it funds and its monitoring settings.
 */
export const programmes = pgTable(
  "programmes",
  {
    id: serial("id").primaryKey(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    /** Code of the indicator template family a new fund year's evaluation starts from. */
    templateCode: text("template_code"),
    /** Codes of the 改造内容目录 items the programme funds; null: the whole catalogue. */
    contentItems: jsonb("content_items").$type<string[] | null>(),
    /** Default 双监控 settings of a new fund year (ProgrammeMonitoring in contracts/setup.ts). */
    monitoring: jsonb("monitoring"),
    /** Built into every installation (老旧小区改造补助资金): cannot be removed. */
    builtin: boolean("builtin").notNull().default(false),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("programmes_code_uq").on(t.code)],
);

/** One programme's money of one year in one region (the city), with its 评价日 and date windows. */
export const fundYears = pgTable(
  "fund_years",
  {
    id: serial("id").primaryKey(),
    programmeId: integer("programme_id").notNull().references(() => programmes.id),
    regionId: integer("region_id").notNull().references(() => regions.id),
    year: integer("year").notNull(),
    /** 评价日: the default as-of date of figures and evaluations. */
    evaluationDate: date("evaluation_date", { mode: "string" }).notNull(),
    /** 下达 dates allowed on import (advance allocations arrive in the previous year's autumn). */
    allocationFrom: date("allocation_from", { mode: "string" }).notNull(),
    allocationTo: date("allocation_to", { mode: "string" }).notNull(),
    /** 支付 dates allowed on import (当年开工，支付一般为下一年度). */
    paymentFrom: date("payment_from", { mode: "string" }).notNull(),
    paymentTo: date("payment_to", { mode: "string" }).notNull(),
    /** Synthetic demo data: the UI marks it 示例数据. */
    isDemo: boolean("is_demo").notNull().default(false),
    /** The indicator template (a version) its evaluation starts from. */
    templateId: integer("template_id").references((): any => indicatorTemplates.id),
    /** The year it was started from (下一年度), if any. */
    previousId: integer("previous_id").references((): any => fundYears.id),
    /** 已关闭: read-only until finance reopens it with a reason. */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closedBy: text("closed_by"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("fund_years_uq").on(t.programmeId, t.regionId, t.year)],
);

/** A renovation project of a county (issue: projects and communities extend it). */
export const projects = pgTable(
  "projects",
  {
    id: serial("id").primaryKey(),
    fundYearId: integer("fund_year_id").notNull().references(() => fundYears.id),
    countyId: integer("county_id").notNull().references(() => regions.id),
    /** Project number, unique within the fund year; imports refer to projects by it. */
    code: text("code").notNull(),
    name: text("name").notNull(),
    batchYear: integer("batch_year").notNull(),
    implementingEntity: text("implementing_entity"),
    status: text("status", { enum: ["planned", "started", "completed", "accepted", "settled"] })
      .notNull()
      .default("planned"),
    createdAt: createdAt(),
    /** Optimistic lock: every write of the project (its row or its details) adds one; an edit names the version it saw. */
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Who wrote the last version (null: an import, the demo loader or the system). */
    updatedBy: integer("updated_by"),
  },
  (t) => [
    uniqueIndex("projects_code_uq").on(t.fundYearId, t.code),
    index("projects_county_idx").on(t.fundYearId, t.countyId),
  ],
);

/** 下达: money allocated by source to a county (optionally to one of its projects) by a document. */
export const allocations = pgTable(
  "allocations",
  {
    id: serial("id").primaryKey(),
    fundYearId: integer("fund_year_id").notNull().references(() => fundYears.id),
    sourceId: integer("source_id").notNull().references(() => fundingSources.id),
    countyId: integer("county_id").notNull().references(() => regions.id),
    projectId: integer("project_id").references(() => projects.id),
    amountFen: money("amount_fen").notNull(),
    /** 文号, e.g. 临财建〔2021〕12号. */
    docNo: text("doc_no").notNull(),
    allocatedOn: date("allocated_on", { mode: "string" }).notNull(),
    note: text("note"),
    importBatchId: integer("import_batch_id").references(() => importBatches.id),
    createdAt: createdAt(),
  },
  (t) => [
    check("allocations_amount_positive", sql`${t.amountFen} > 0`),
    // One document allocates one amount per county, source and project: the import key.
    uniqueIndex("allocations_key_uq").on(t.fundYearId, t.docNo, t.countyId, t.sourceId, sql`coalesce(${t.projectId}, 0)`),
    index("allocations_slice_idx").on(t.fundYearId, t.countyId, t.sourceId, t.allocatedOn),
    index("allocations_project_idx").on(t.projectId),
  ],
);

/** 支付: a payment of a project from one source, identified by its voucher number. */
export const payments = pgTable(
  "payments",
  {
    id: serial("id").primaryKey(),
    fundYearId: integer("fund_year_id").notNull().references(() => fundYears.id),
    sourceId: integer("source_id").notNull().references(() => fundingSources.id),
    countyId: integer("county_id").notNull().references(() => regions.id),
    projectId: integer("project_id").notNull().references(() => projects.id),
    amountFen: money("amount_fen").notNull(),
    paidOn: date("paid_on", { mode: "string" }).notNull(),
    /** 凭证号: the import key; importing the same voucher twice changes nothing. */
    voucherNo: text("voucher_no").notNull(),
    note: text("note"),
    importBatchId: integer("import_batch_id").references(() => importBatches.id),
    createdAt: createdAt(),
  },
  (t) => [
    check("payments_amount_positive", sql`${t.amountFen} > 0`),
    uniqueIndex("payments_voucher_uq").on(t.fundYearId, t.voucherNo),
    // Voucher search is by prefix (LIKE 'ZF2021%'), which a plain b-tree serves only in the C locale.
    index("payments_voucher_prefix_idx").on(t.fundYearId, t.voucherNo.op("text_pattern_ops")),
    index("payments_slice_idx").on(t.fundYearId, t.countyId, t.sourceId, t.paidOn),
    // The payment list of a whole fund year, in date order.
    index("payments_date_idx").on(t.fundYearId, t.paidOn, t.id),
    index("payments_project_idx").on(t.projectId, t.paidOn),
  ],
);

/** One committed spreadsheet import: what, from which file, how many rows. */
export const importBatches = pgTable("import_batches", {
  id: serial("id").primaryKey(),
  fundYearId: integer("fund_year_id").notNull().references(() => fundYears.id),
  kind: text("kind").notNull(),
  fileName: text("file_name").notNull(),
  rowCount: integer("row_count").notNull(),
  insertedCount: integer("inserted_count").notNull(),
  summary: jsonb("summary"),
  createdAt: createdAt(),
});
