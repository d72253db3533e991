import { bigserial, boolean, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { regions } from "./ledger";

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const users = pgTable(
  "users",
  {
    id: serial("id").primaryKey(),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    /** scrypt$N$r$p$salt$hash (base64). */
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["admin", "finance", "housing", "county", "evaluator", "utility", "auditor"] }).notNull(),
    /**
     * The region the account works for: its scope is that region's subtree (a province user sees its
     * cities, a city user its counties, a 县区 user its own county). Null: the whole installation.
     */
    regionId: integer("region_id").references(() => regions.id),
    organisation: text("organisation"),
    phone: text("phone"),
    disabled: boolean("disabled").notNull().default(false),
    mustChangePassword: boolean("must_change_password").notNull().default(true),
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: ts("locked_until"),
    passwordChangedAt: ts("password_changed_at"),
    lastLoginAt: ts("last_login_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
    /** Optimistic lock of an administrator's edit (name, role, region, organisation, phone): each edit adds one. */
    version: integer("version").notNull().default(1),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    /** Who made the last edit (null: the command line, an import or the system). */
    updatedBy: integer("updated_by"),
  },
  (t) => [uniqueIndex("users_username_uq").on(t.username)],
);

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 of the session token; the token itself lives only in the user's cookie. */
    id: text("id").primaryKey(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: ts("created_at").notNull().defaultNow(),
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
    /** The user's login before this one and the failed attempts since, told to the user (等保). */
    previousLoginAt: ts("previous_login_at"),
    previousLoginIp: text("previous_login_ip"),
    failedSincePrevious: integer("failed_since_previous").notNull().default(0),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * 审计日志: append-only, chained by SM3. `seq` has no gaps (assigned under a lock), so a deleted record
 * shows as a gap; `hash` = SM3(prev_hash ‖ canonical record), so an edited record breaks the chain.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    seq: integer("seq").notNull(),
    at: ts("at").notNull(),
    actorId: integer("actor_id"),
    actorName: text("actor_name").notNull(),
    actorRole: text("actor_role").notNull(),
    ip: text("ip"),
    /** login, login_failed, logout, create, update, delete, import, export, approve, return, reopen … */
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    countyId: integer("county_id"),
    summary: text("summary").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    uniqueIndex("audit_seq_uq").on(t.seq),
    index("audit_at_idx").on(t.at),
    index("audit_actor_idx").on(t.actorId, t.at),
    index("audit_entity_idx").on(t.entityType, t.entityId),
  ],
);

/**
 * The head of the audit chain, moved in the same transaction as every append. A record deleted from
 * the end of the chain leaves the head pointing past it, so `audit verify` sees the loss.
 */
export const auditHead = pgTable("audit_head", {
  id: integer("id").primaryKey(),
  seq: integer("seq").notNull(),
  hash: text("hash").notNull(),
  updatedAt: ts("updated_at").notNull(),
});

/**
 * Installation-wide settings by key. `setup_code`: the one-time code of the first-run page, present
 * only while no account exists (every instance prints the same one).
 */
export const appSettings = pgTable("app_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
