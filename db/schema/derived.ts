/**
 * Versions of the data derived figures are computed from. A statement-level trigger on each tracked
 * table bumps its key's version in the writing transaction (migration 0016), so a cached figure keyed
 * by the versions it read is never served after a commit that changed its inputs (server/derived.ts).
 */
import { bigint, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const dataVersions = pgTable("data_versions", {
  /** The tracked table, optionally with its fund year: "payments", "payments:17". */
  key: text("key").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull().default(0),
  changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
});
