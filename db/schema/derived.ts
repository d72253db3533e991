/**
 * Versions of the data derived figures are computed from. A statement-level trigger on each tracked
 * table bumps its key's version in the writing transaction (migration 0016), so a cached figure keyed
 * by the versions it read is never served after a commit that changed its inputs (server/derived.ts).
 */
import { bigint, date, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const dataVersions = pgTable("data_versions", {
  /** The tracked table, optionally with its fund year: "payments", "payments:17". */
  key: text("key").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull().default(0),
  changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * 下达 and 支付 per project and calendar month, kept by statement-level triggers on allocations and
 * payments in the writing transaction (migration 0021), so it always equals grouping the ledger itself.
 * What it is for: money per project up to a day (双监控's payment progress of every project) reads a row
 * per project and month instead of every payment. Money of no project (a county-level 下达) is not here.
 */
export const projectMoneyMonths = pgTable(
  "project_money_months",
  {
    fundYearId: integer("fund_year_id").notNull(),
    countyId: integer("county_id").notNull(),
    projectId: integer("project_id").notNull(),
    /** The first day of the month. */
    month: date("month", { mode: "string" }).notNull(),
    allocatedFen: bigint("allocated_fen", { mode: "number" }).notNull().default(0),
    paidFen: bigint("paid_fen", { mode: "number" }).notNull().default(0),
    /** How many allocation and payment rows the sums hold; a month with neither is deleted. */
    allocationCount: integer("allocation_count").notNull().default(0),
    paymentCount: integer("payment_count").notNull().default(0),
  },
  // The city reads its fund year's range, a county its own.
  (t) => [primaryKey({ columns: [t.fundYearId, t.countyId, t.projectId, t.month] })],
);
