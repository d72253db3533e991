import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { fundYears, regions } from "./ledger";
import { users } from "./auth";

/**
 * One county's data of one kind (and period) under review: 支付 of a fund year, the project library,
 * a 双监控 period report … Its state decides whether the county may still change that data.
 */
export const submissions = pgTable(
  "submissions",
  {
    id: serial("id").primaryKey(),
    fundYearId: integer("fund_year_id").notNull().references(() => fundYears.id),
    countyId: integer("county_id").notNull().references(() => regions.id),
    /** payments | projects | monitoring | … (SUBMISSION_KINDS in contracts/review.ts). */
    kind: text("kind").notNull(),
    /** Reporting period (2022Q2, 2022-03) or '' for the whole year. */
    period: text("period").notNull().default(""),
    state: text("state", { enum: ["draft", "submitted", "approved", "returned"] }).notNull().default("draft"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: integer("updated_by").references(() => users.id),
  },
  (t) => [uniqueIndex("submissions_key_uq").on(t.fundYearId, t.countyId, t.kind, t.period), index("submissions_state_idx").on(t.fundYearId, t.kind, t.state)],
);

/** Every move of a submission, with who, when and why (退回 and 重新打开 need a reason). */
export const submissionEvents = pgTable(
  "submission_events",
  {
    id: serial("id").primaryKey(),
    submissionId: integer("submission_id").notNull().references(() => submissions.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    fromState: text("from_state").notNull(),
    toState: text("to_state").notNull(),
    reason: text("reason"),
    actorId: integer("actor_id").references(() => users.id),
    actorName: text("actor_name").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("submission_events_idx").on(t.submissionId, t.at)],
);
