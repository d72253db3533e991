/**
 * 专营单位 on the shared community database (issue 14): operators, their planned works, the rule of
 * excavation conflicts per region, and what housing and the parties recorded about each conflict.
 */
import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { regions } from "./ledger";
import { communities } from "./projects";
import { users } from "./auth";

const day = (name: string) => date(name, { mode: "string" });
const ts = (name: string) => timestamp(name, { withTimezone: true });

/** A utility operator of a region (a city); accounts belong to it when `users.organisation` = name. */
export const utilityOperators = pgTable(
  "utility_operators",
  {
    id: serial("id").primaryKey(),
    regionId: integer("region_id").notNull().references(() => regions.id),
    name: text("name").notNull(),
    /** 供水 排水 供电 燃气 供热 通信 (core/works/kinds.ts). */
    kinds: text("kinds").array().notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("utility_operators_name_uq").on(t.regionId, t.name)],
);

/** A planned work of an operator in one community. */
export const utilityWorks = pgTable(
  "utility_works",
  {
    id: serial("id").primaryKey(),
    operatorId: integer("operator_id").notNull().references(() => utilityOperators.id),
    communityId: integer("community_id").notNull().references(() => communities.id),
    kind: text("kind").notNull(),
    /** Pipes, meters, cables, equipment — as the operator writes it. */
    scope: text("scope").notNull(),
    plannedFrom: day("planned_from").notNull(),
    plannedTo: day("planned_to").notNull(),
    digs: boolean("digs").notNull(),
    /** 计划 施工中 已完成 已取消 */
    status: text("status").notNull().default("计划"),
    createdAt: ts("created_at").notNull().defaultNow(),
    version: integer("version").notNull().default(1),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    updatedBy: integer("updated_by").references(() => users.id),
  },
  (t) => [index("utility_works_community_idx").on(t.communityId), index("utility_works_operator_idx").on(t.operatorId)],
);

/** The conflict rule of a region (a city); a region without a row uses the defaults of core/works/kinds.ts. */
export const worksSettings = pgTable("works_settings", {
  regionId: integer("region_id")
    .primaryKey()
    .references(() => regions.id),
  gapDays: integer("gap_days").notNull(),
  diggingKinds: text("digging_kinds").array().notNull(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/**
 * What was recorded about one conflict, by its key (the community and the set of works and project):
 * recomputation finds the same key while the set is unchanged, so confirmation and acknowledgements
 * survive; a changed set is a new conflict.
 */
export const worksConflictStates = pgTable(
  "works_conflict_states",
  {
    key: text("key").primaryKey(),
    communityId: integer("community_id").notNull().references(() => communities.id),
    confirmedFrom: day("confirmed_from"),
    confirmedTo: day("confirmed_to"),
    confirmedBy: integer("confirmed_by").references(() => users.id),
    confirmedAt: ts("confirmed_at"),
    /** Party key ("operator:3", "renovation") → { at, by }: who acknowledged the confirmed schedule. */
    acknowledgements: jsonb("acknowledgements").$type<Record<string, { at: string; by: string }>>().notNull().default({}),
    /** Parties already told about the conflict (so a re-read does not notify twice). */
    notified: boolean("notified").notNull().default(false),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("works_conflict_states_community_idx").on(t.communityId)],
);

/**
 * 专营设施产权移交: after renovation, each kind of facility of a community (供水 排水 供电 燃气 供热 通信)
 * is handed over to its operator (a registered one, or a receiver named in text). A kind without a row
 * is 未移交; 不涉及 says the community has no such facility (it is not required).
 */
export const facilityHandovers = pgTable(
  "facility_handovers",
  {
    id: serial("id").primaryKey(),
    communityId: integer("community_id").notNull().references(() => communities.id),
    /** 供水 排水 供电 燃气 供热 通信 (core/works/kinds.ts). */
    kind: text("kind").notNull(),
    /** 未移交 移交中 已移交 不涉及 (core/works/handover.ts). */
    status: text("status").notNull(),
    /** 移交日期: set for 已移交 only. */
    handedOverOn: day("handed_over_on"),
    operatorId: integer("operator_id").references(() => utilityOperators.id),
    /** 接收单位 when it is not a registered operator. */
    receiver: text("receiver"),
    note: text("note"),
    createdAt: ts("created_at").notNull().defaultNow(),
    version: integer("version").notNull().default(1),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    updatedBy: integer("updated_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("facility_handovers_uq").on(t.communityId, t.kind),
    check("facility_handovers_done_ok", sql`${t.status} <> '已移交' or (${t.handedOverOn} is not null and (${t.operatorId} is not null or ${t.receiver} is not null))`),
  ],
);
