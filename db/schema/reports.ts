/**
 * The report (全周期跟踪问效报告): paragraph texts with their history, the drafting rules, and the
 * versions frozen at finalisation. Numbers are never stored here except inside a frozen version or a
 * frozen paragraph: a live paragraph keeps placeholders that are filled from data each time.
 */
import { boolean, index, integer, jsonb, pgTable, serial, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { fundYears } from "./ledger";
import { users } from "./auth";
import { evaluationTasks } from "./evaluations";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * One version of a paragraph's words: a stored text of a fund year (task_id null: policy background,
 * the programme's documents …) or an edit of one task's report. The newest version of a key is current.
 */
export const reportParagraphs = pgTable(
  "report_paragraphs",
  {
    id: serial("id").primaryKey(),
    fundYearId: integer("fund_year_id").notNull().references(() => fundYears.id),
    taskId: integer("task_id").references(() => evaluationTasks.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    version: integer("version").notNull(),
    /** Template: words with {{figure}} placeholders (none left when frozen). */
    body: text("body").notNull(),
    frozen: boolean("frozen").notNull().default(false),
    hidden: boolean("hidden").notNull().default(false),
    note: text("note"),
    authorId: integer("author_id").references(() => users.id),
    authorName: text("author_name").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    unique("report_paragraphs_version_uq").on(t.fundYearId, t.taskId, t.key, t.version).nullsNotDistinct(),
    index("report_paragraphs_task_idx").on(t.taskId),
  ],
);

/** 起草规则: core/report/drafting DraftingRule as JSON; built-in ones are added to every installation. */
export const draftingRules = pgTable(
  "drafting_rules",
  {
    id: serial("id").primaryKey(),
    code: text("code").notNull(),
    definition: jsonb("definition").notNull(),
    builtIn: boolean("built_in").notNull().default(false),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    updatedByName: text("updated_by_name"),
  },
  (t) => [uniqueIndex("drafting_rules_code_uq").on(t.code)],
);

/** A report frozen when its task was finalised: the whole document as it was, one version per finalisation. */
export const reportVersions = pgTable(
  "report_versions",
  {
    id: serial("id").primaryKey(),
    taskId: integer("task_id")
      .notNull()
      .references(() => evaluationTasks.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    /** ReportDocument (core/report/model.ts). */
    document: jsonb("document").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    createdByName: text("created_by_name").notNull(),
  },
  (t) => [uniqueIndex("report_versions_uq").on(t.taskId, t.version)],
);
