/**
 * 事后评价: indicator templates (versioned), grade scales, evaluation tasks with their scopes (the city
 * and each county), the evaluator's entries per leaf, evidence files, and the county reply threads
 * (意见反馈). A task copies its template and grade scale; at finalisation each scope's computed sheet
 * is stored, so a final result never changes with later data or template edits.
 */
import { sql } from "drizzle-orm";
import { bigint, boolean, check, customType, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { fundYears, regions } from "./ledger";
import { users } from "./auth";

const ts = (name: string) => timestamp(name, { withTimezone: true });

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  // node-postgres gives a Buffer, PGlite a Uint8Array.
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** 等级标准: a named grade scale (core/scoring/grades GradeScale as JSON). */
export const gradeScales = pgTable(
  "grade_scales",
  {
    id: serial("id").primaryKey(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    /** GradeScale: grades best first with lower bounds in hundredths of a point, and the veto grade. */
    definition: jsonb("definition").notNull(),
    /** Shipped with the system (财预〔2020〕10号); cannot be deleted. */
    builtIn: boolean("built_in").notNull().default(false),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    /** Optimistic lock (server/versioned.ts). */
    version: integer("version").notNull().default(1),
    updatedBy: integer("updated_by").references(() => users.id),
  },
  (t) => [uniqueIndex("grade_scales_code_uq").on(t.code)],
);

/**
 * 指标体系模板, one row per version. A family shares `code`; a published version never changes (a
 * change is a new draft version), so tasks and reports can always say which version they used.
 */
export const indicatorTemplates = pgTable(
  "indicator_templates",
  {
    id: serial("id").primaryKey(),
    code: text("code").notNull(),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    status: text("status", { enum: ["draft", "published", "retired"] }).notNull().default("draft"),
    /** IndicatorTree (core/scoring/template.ts). */
    tree: jsonb("tree").notNull(),
    note: text("note"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    /** Optimistic lock of a draft's edits (server/versioned.ts); `version` above is the 第 n 版 of the family. */
    revision: integer("revision").notNull().default(1),
    updatedBy: integer("updated_by").references(() => users.id),
    publishedAt: ts("published_at"),
  },
  (t) => [uniqueIndex("indicator_templates_version_uq").on(t.code, t.version), index("indicator_templates_status_idx").on(t.status)],
);

/** 评价任务: one evaluation of a fund year. */
export const evaluationTasks = pgTable(
  "evaluation_tasks",
  {
    id: serial("id").primaryKey(),
    fundYearId: integer("fund_year_id").notNull().references(() => fundYears.id),
    name: text("name").notNull(),
    /** The template version it was copied from (for the record; the copy is `tree`). */
    templateId: integer("template_id").references(() => indicatorTemplates.id),
    templateName: text("template_name").notNull(),
    templateVersion: integer("template_version").notNull(),
    tree: jsonb("tree").notNull(),
    gradeScaleId: integer("grade_scale_id").references(() => gradeScales.id),
    /** Copy of the grade scale's definition. */
    gradeScale: jsonb("grade_scale").notNull(),
    /** 评价日: computed leaves read the records up to this date. */
    asOf: date("as_of", { mode: "string" }).notNull(),
    /** 评价机构: evaluator users of this organisation score the task. */
    evaluatorOrg: text("evaluator_org").notNull(),
    /** Regional overall: city_sheet | mean | weighted_funds | weighted_households. */
    overallMethod: text("overall_method", { enum: ["city_sheet", "mean", "weighted_funds", "weighted_households"] }).notNull().default("city_sheet"),
    state: text("state", { enum: ["draft", "scoring", "reply", "final"] }).notNull().default("draft"),
    /** Set at finalisation: the results as they were (Table 1, Table 2, overall). */
    finalResults: jsonb("final_results"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    /** Optimistic lock of the task's settings (server/versioned.ts): each PATCH adds one. */
    version: integer("version").notNull().default(1),
    updatedBy: integer("updated_by").references(() => users.id),
    finalizedAt: ts("finalized_at"),
    finalizedBy: text("finalized_by"),
  },
  (t) => [index("evaluation_tasks_year_idx").on(t.fundYearId, t.state), index("evaluation_tasks_org_idx").on(t.evaluatorOrg)],
);

/** 评价范围: the city (county_id null) or one county of a task, with its mode. */
export const evaluationScopes = pgTable(
  "evaluation_scopes",
  {
    id: serial("id").primaryKey(),
    taskId: integer("task_id")
      .notNull()
      .references(() => evaluationTasks.id, { onDelete: "cascade" }),
    regionId: integer("region_id").notNull().references(() => regions.id),
    /** Null for the city's own sheet; the county otherwise (county scope checks use it). */
    countyId: integer("county_id").references(() => regions.id),
    /** 现场与非现场评价 (onsite) or 非现场评价 (offsite). */
    mode: text("mode", { enum: ["onsite", "offsite"] }).notNull().default("onsite"),
    sortOrder: integer("sort_order").notNull().default(0),
    /** Set at finalisation: the scope's sheet as presented (values, sources, scores, reasons). */
    finalSheet: jsonb("final_sheet"),
  },
  (t) => [
    uniqueIndex("evaluation_scopes_region_uq").on(t.taskId, t.regionId),
    index("evaluation_scopes_county_idx").on(t.countyId),
  ],
);

/**
 * What the evaluator entered for one leaf (or bonus/penalty/veto item) of a scope: the figures a rule
 * reads (value_num ÷ value_den), a manual score, an override, with the reason (扣分原因) and a note.
 */
export const evaluationEntries = pgTable(
  "evaluation_entries",
  {
    id: serial("id").primaryKey(),
    scopeId: integer("scope_id")
      .notNull()
      .references(() => evaluationScopes.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    valueNum: bigint("value_num", { mode: "number" }),
    valueDen: bigint("value_den", { mode: "number" }),
    /** Hundredths of a point. */
    manualScore: integer("manual_score"),
    overrideScore: integer("override_score"),
    /** Veto items: triggered. */
    triggered: boolean("triggered"),
    /** 扣分原因 / 调整理由. */
    reason: text("reason"),
    /** Where the figures come from (e.g. 抽取 12 个县区 1,200 份问卷). */
    note: text("note"),
    updatedBy: integer("updated_by").references(() => users.id),
    updatedByName: text("updated_by_name").notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    /** Optimistic lock (server/versioned.ts); a leaf without an entry is version 0. */
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("evaluation_entries_uq").on(t.scopeId, t.code),
    check("evaluation_entries_value_ok", sql`(${t.valueNum} is null) = (${t.valueDen} is null) and (${t.valueDen} is null or ${t.valueDen} >= 0) and (${t.valueNum} is null or ${t.valueNum} >= 0)`),
  ],
);

/** 佐证材料: a file attached to a leaf of a scope, kept in the database so every app instance serves it. */
export const evaluationEvidence = pgTable(
  "evaluation_evidence",
  {
    id: serial("id").primaryKey(),
    taskId: integer("task_id")
      .notNull()
      .references(() => evaluationTasks.id, { onDelete: "cascade" }),
    scopeId: integer("scope_id")
      .notNull()
      .references(() => evaluationScopes.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    fileName: text("file_name").notNull(),
    mimeType: text("mime_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    /** SHA-256 hex of the content. */
    sha256: text("sha256").notNull(),
    data: bytea("data").notNull(),
    /** evaluator | county: who supplied it. */
    side: text("side", { enum: ["evaluator", "county", "finance"] }).notNull(),
    uploadedBy: integer("uploaded_by").references(() => users.id),
    uploadedByName: text("uploaded_by_name").notNull(),
    uploadedAt: ts("uploaded_at").notNull().defaultNow(),
  },
  (t) => [index("evaluation_evidence_scope_idx").on(t.scopeId, t.code)],
);

/** 意见反馈: a county's reply on a leaf of its sheet, and the evaluator's answers, in one thread per leaf. */
export const evaluationComments = pgTable(
  "evaluation_comments",
  {
    id: serial("id").primaryKey(),
    taskId: integer("task_id")
      .notNull()
      .references(() => evaluationTasks.id, { onDelete: "cascade" }),
    scopeId: integer("scope_id")
      .notNull()
      .references(() => evaluationScopes.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    side: text("side", { enum: ["evaluator", "county", "finance"] }).notNull(),
    authorId: integer("author_id").references(() => users.id),
    authorName: text("author_name").notNull(),
    body: text("body").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("evaluation_comments_scope_idx").on(t.scopeId, t.code, t.createdAt), index("evaluation_comments_task_idx").on(t.taskId)],
);
