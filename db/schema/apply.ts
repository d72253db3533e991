/**
 * 结果应用: findings (问题) of an evaluation task, the rectification items (整改) they become with their
 * history and evidence, in-app notifications with an outbox a mail or SMS gateway reads, the runs of
 * scheduled jobs (one instance runs each), and 因素法 allocation: schemes, the counties' 财政困难程度系数
 * and saved allocation plans. Money is integer 分.
 */
import { sql } from "drizzle-orm";
import { bigint, boolean, check, customType, date, index, integer, jsonb, numeric, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { fundYears, programmes, projects, regions } from "./ledger";
import { users } from "./auth";
import { evaluationComments, evaluationScopes, evaluationTasks } from "./evaluations";

const ts = (name: string) => timestamp(name, { withTimezone: true });

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  // node-postgres gives a Buffer, PGlite a Uint8Array.
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** 问题: what an evaluation found, on the city, a county or one project; chapter 六 of the report is drafted from them. */
export const findings = pgTable(
  "findings",
  {
    id: serial("id").primaryKey(),
    taskId: integer("task_id")
      .notNull()
      .references(() => evaluationTasks.id, { onDelete: "cascade" }),
    /** city | county | project: what the finding is about. */
    scope: text("scope", { enum: ["city", "county", "project"] }).notNull(),
    /** The county (scope county or project), null for the city. */
    countyId: integer("county_id").references(() => regions.id),
    projectId: integer("project_id").references(() => projects.id),
    /** 资金管理, 项目管理, 长效管养, 资金筹措 … (core/rectification FINDING_CATEGORIES). */
    category: text("category").notNull(),
    severity: text("severity", { enum: ["minor", "major", "severe"] }).notNull(),
    title: text("title").notNull(),
    /** The paragraph chapter 六 prints. */
    description: text("description").notNull(),
    /** What the finding rests on (documents seen, figures, site visit notes). */
    evidence: text("evidence").notNull().default(""),
    /** leaf: from a leaf that lost points; reply: from a county reply; manual: by hand. */
    origin: text("origin", { enum: ["leaf", "reply", "manual"] }).notNull(),
    /** The score sheet and leaf it came from (origin leaf or reply). */
    evaluationScopeId: integer("evaluation_scope_id").references(() => evaluationScopes.id, { onDelete: "set null" }),
    leafCode: text("leaf_code"),
    commentId: integer("comment_id").references(() => evaluationComments.id, { onDelete: "set null" }),
    /** The leaf's figures when the finding was made: name, weight, score, lost points, value, deductions. */
    figures: jsonb("figures"),
    sortOrder: integer("sort_order").notNull().default(0),
    version: integer("version").notNull().default(1),
    createdBy: integer("created_by").references(() => users.id),
    createdByName: text("created_by_name").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("findings_task_idx").on(t.taskId, t.sortOrder),
    check("findings_scope_ok", sql`(${t.scope} = 'city' and ${t.countyId} is null and ${t.projectId} is null) or (${t.scope} = 'county' and ${t.countyId} is not null and ${t.projectId} is null) or (${t.scope} = 'project' and ${t.countyId} is not null and ${t.projectId} is not null)`),
  ],
);

/** 整改事项: one owner's task of a finding, with its deadline and the state it is in. */
export const rectificationItems = pgTable(
  "rectification_items",
  {
    id: serial("id").primaryKey(),
    findingId: integer("finding_id")
      .notNull()
      .references(() => findings.id, { onDelete: "cascade" }),
    /** county: a 县区 (owner_county_id); department: a city department by name (市住建局, 市财政局). */
    ownerKind: text("owner_kind", { enum: ["county", "department"] }).notNull(),
    ownerCountyId: integer("owner_county_id").references(() => regions.id),
    /** The department that owns it: housing | finance (a role of the city). */
    ownerDepartment: text("owner_department", { enum: ["housing", "finance"] }),
    deadline: date("deadline", { mode: "string" }).notNull(),
    measures: text("measures").notNull(),
    /** pending 待整改 → in_progress 整改中 → submitted 已提交 → accepted 已验收, or returned 退回. */
    state: text("state", { enum: ["pending", "in_progress", "submitted", "accepted", "returned"] })
      .notNull()
      .default("pending"),
    /** The owner's account of what was done (filled on submit). */
    progress: text("progress").notNull().default(""),
    /** The first day the job found it past its deadline and not submitted (kept after it is done: 逾期整改). */
    overdueSince: date("overdue_since", { mode: "string" }),
    /** The day the reminder before the deadline was sent (one reminder per item). */
    remindedOn: date("reminded_on", { mode: "string" }),
    submittedAt: ts("submitted_at"),
    verifiedAt: ts("verified_at"),
    verifiedByName: text("verified_by_name"),
    version: integer("version").notNull().default(1),
    createdBy: integer("created_by").references(() => users.id),
    createdByName: text("created_by_name").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("rectification_items_finding_idx").on(t.findingId),
    index("rectification_items_owner_idx").on(t.ownerCountyId, t.state),
    index("rectification_items_deadline_idx").on(t.state, t.deadline),
    check("rectification_items_owner_ok", sql`(${t.ownerKind} = 'county' and ${t.ownerCountyId} is not null and ${t.ownerDepartment} is null) or (${t.ownerKind} = 'department' and ${t.ownerCountyId} is null and ${t.ownerDepartment} is not null)`),
  ],
);

/** The history of an item: every state change and note, who and when. */
export const rectificationEvents = pgTable(
  "rectification_events",
  {
    id: serial("id").primaryKey(),
    itemId: integer("item_id")
      .notNull()
      .references(() => rectificationItems.id, { onDelete: "cascade" }),
    /** create | start | submit | accept | return | edit | overdue | evidence | remind */
    action: text("action").notNull(),
    fromState: text("from_state"),
    toState: text("to_state"),
    note: text("note").notNull().default(""),
    actorId: integer("actor_id").references(() => users.id),
    actorName: text("actor_name").notNull(),
    actorRole: text("actor_role").notNull(),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [index("rectification_events_item_idx").on(t.itemId, t.at)],
);

/** 整改佐证: files the owner uploads, kept in the database so every app instance serves them. */
export const rectificationEvidence = pgTable(
  "rectification_evidence",
  {
    id: serial("id").primaryKey(),
    itemId: integer("item_id")
      .notNull()
      .references(() => rectificationItems.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    mimeType: text("mime_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    data: bytea("data").notNull(),
    uploadedBy: integer("uploaded_by").references(() => users.id),
    uploadedByName: text("uploaded_by_name").notNull(),
    uploadedAt: ts("uploaded_at").notNull().defaultNow(),
  },
  (t) => [index("rectification_evidence_item_idx").on(t.itemId)],
);

/** An in-app notification of one user (消息). */
export const notifications = pgTable(
  "notifications",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** e.g. rectification.assigned, rectification.overdue, rectification.due_soon, rectification.submitted … */
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    /** A path in the web app the notification opens. */
    link: text("link"),
    entityType: text("entity_type"),
    entityId: text("entity_id"),
    createdAt: ts("created_at").notNull().defaultNow(),
    readAt: ts("read_at"),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.readAt, t.createdAt)],
);

/** What a mail or SMS gateway would send: written in the same transaction as the notification; the gateway marks it sent. */
export const notificationOutbox = pgTable(
  "notification_outbox",
  {
    id: serial("id").primaryKey(),
    notificationId: integer("notification_id")
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: ["mail", "sms"] }).notNull(),
    /** The account's user name; the gateway looks up its address. */
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    sentAt: ts("sent_at"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [index("notification_outbox_unsent_idx").on(t.sentAt, t.id)],
);

/**
 * One run of a scheduled job (e.g. the daily overdue check of 2022-07-01). The key is claimed by an
 * insert in the transaction that does the work: of several instances exactly one runs it, and a run
 * that fails leaves no claim, so the next tick tries again.
 */
export const scheduledRuns = pgTable(
  "scheduled_runs",
  {
    job: text("job").notNull(),
    runKey: text("run_key").notNull(),
    instance: text("instance").notNull(),
    startedAt: ts("started_at").notNull().defaultNow(),
    finishedAt: ts("finished_at"),
    /** What the run did, e.g. { markedOverdue: 3, reminded: 2 }. */
    outcome: jsonb("outcome"),
  },
  (t) => [primaryKey({ columns: [t.job, t.runKey] })],
);

/** 分配方案: a 因素法 scheme (core/allocation AllocationScheme as JSON); built-in ones are added once. */
export const allocationSchemes = pgTable(
  "allocation_schemes",
  {
    id: serial("id").primaryKey(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    definition: jsonb("definition").notNull(),
    builtIn: boolean("built_in").notNull().default(false),
    revision: integer("revision").notNull().default(1),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    updatedByName: text("updated_by_name"),
  },
  (t) => [uniqueIndex("allocation_schemes_code_uq").on(t.code)],
);

/** 财政困难程度系数 of a county for a year (1 when none is recorded). */
export const difficultyCoefficients = pgTable(
  "difficulty_coefficients",
  {
    id: serial("id").primaryKey(),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    year: integer("year").notNull(),
    coefficient: numeric("coefficient", { precision: 8, scale: 4 }).notNull(),
    note: text("note"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    updatedByName: text("updated_by_name"),
  },
  (t) => [uniqueIndex("difficulty_coefficients_uq").on(t.regionId, t.year), check("difficulty_coefficients_ok", sql`${t.coefficient} >= 0`)],
);

/** A saved allocation: next year's money of a programme for a city, by a scheme, from a scored year. */
export const allocationPlans = pgTable(
  "allocation_plans",
  {
    id: serial("id").primaryKey(),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id),
    cityRegionId: integer("city_region_id")
      .notNull()
      .references(() => regions.id),
    /** The year whose money is allocated (2022). */
    year: integer("year").notNull(),
    /** The scored year's fund year and the evaluation task whose county scores are used. */
    basisFundYearId: integer("basis_fund_year_id")
      .notNull()
      .references(() => fundYears.id),
    taskId: integer("task_id").references(() => evaluationTasks.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    totalFen: bigint("total_fen", { mode: "number" }).notNull(),
    schemeCode: text("scheme_code").notNull(),
    /** The scheme as it was when the plan was computed. */
    scheme: jsonb("scheme").notNull(),
    /** planned: the new year's planned work; completed: the scored year's completed work. */
    factorBasis: text("factor_basis", { enum: ["planned", "completed"] }).notNull(),
    /** The computed lines, with inputs, as they were (contracts/allocation AllocationResult). */
    result: jsonb("result").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdByName: text("created_by_name").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("allocation_plans_year_idx").on(t.cityRegionId, t.year), check("allocation_plans_total_ok", sql`${t.totalFen} >= 0`)],
);
