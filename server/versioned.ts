/**
 * Optimistic locking of editable records, one mechanism for every table that carries
 * `version`, `updated_at` and `updated_by`: an edit names the version its user saw; the row is
 * locked, its version compared, and only the fields the edit gives are written, with the version
 * moved on by one. A stale edit is refused with VERSION_CONFLICT (409) and a Chinese message that
 * names who changed the record and when, so nothing is silently overwritten.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../db/open";
import { users } from "../db/schema";
import { AppError, notFound } from "./errors";

/** A table with the columns of the lock: a counter (`version`, or the spec's `versionKey`), `updatedAt`, `updatedBy`. */
export type VersionedTable = PgTable & { updatedAt: PgColumn; updatedBy: PgColumn };

type Row<T extends VersionedTable> = T["$inferSelect"];
type Values<T extends VersionedTable> = Partial<T["$inferInsert"]>;

/** How a versioned record is named to its users. */
export interface Versioned<T extends VersionedTable> {
  table: T;
  /** The record in Chinese, for messages: 项目, 评分项, 评价任务 … */
  noun: string;
  /** The editor's name when the account no longer says it (a row that stores the name itself). */
  storedName?: (row: Row<T>) => string | null;
  /** The counter's property when `version` means something else in the table (a template's 第 n 版). */
  versionKey?: string;
}

const counterOf = <T extends VersionedTable>(spec: Versioned<T>) => {
  const key = spec.versionKey ?? "version";
  return { key, column: (spec.table as unknown as Record<string, PgColumn>)[key] };
};

export interface VersionedWrite<T extends VersionedTable> {
  /** Selects the one row (by id, or by its natural key). */
  where: SQL;
  /** The version the user saw; 0 for a record that did not exist yet (with `insert`). */
  expected: number;
  /** Who writes (null: the command line or the system). */
  actorId: number | null;
  /** Only the fields the edit changes; the lock's columns are set here. */
  set: Values<T>;
  /** Creates the record when it does not exist and the user saw none (expected 0). */
  insert?: Values<T>;
}

const TIME = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** 2026年12月2日 10:31, in Beijing time whatever the server's zone. */
export function formatChangedAt(at: Date): string {
  const part = Object.fromEntries(TIME.formatToParts(at).map((p) => [p.type, p.value]));
  return `${part.year}年${part.month}月${part.day}日 ${part.hour}:${part.minute}`;
}

/** The message of a stale edit: who changed the record, when, and what to do. */
export function conflictMessage(noun: string, who: { name: string | null; organisation: string | null }, at: Date): string {
  const by = who.name ? ` ${who.name}${who.organisation ? `（${who.organisation}）` : " "}` : "他人";
  return `该${noun}已被${by}于 ${formatChangedAt(at)} 修改，您看到的是修改前的内容。请刷新后重新修改。`;
}

async function conflict<T extends VersionedTable>(tx: DbOrTx, spec: Versioned<T>, row: Row<T>): Promise<AppError> {
  const r = row as Record<string, unknown>;
  const userId = r.updatedBy as number | null;
  const [user] = userId ? await tx.select({ name: users.displayName, organisation: users.organisation }).from(users).where(eq(users.id, userId)) : [];
  const who = user ?? { name: spec.storedName?.(row) ?? null, organisation: null };
  return new AppError("VERSION_CONFLICT", conflictMessage(spec.noun, who, r.updatedAt as Date));
}

/**
 * Locks the row (`FOR UPDATE`, so a concurrent edit on another connection waits and then sees this
 * one's version) and checks the version the user saw. Null when there is no such row.
 */
export async function lockVersioned<T extends VersionedTable>(tx: DbOrTx, spec: Versioned<T>, where: SQL, expected: number): Promise<Row<T> | null> {
  const [row] = (await tx.select().from(spec.table as PgTable).where(where).for("update")) as Row<T>[];
  if (!row) return null;
  if ((row as Record<string, unknown>)[counterOf(spec).key] !== expected) throw await conflict(tx, spec, row);
  return row;
}

/**
 * Writes an edit of a versioned record: only `set`'s fields, `version + 1`, `updated_at = now()`,
 * `updated_by = actor`, if and only if the row is still at the version the user saw. Call it inside
 * the edit's transaction before reading anything the edit depends on: from here the row is locked.
 * Returns the row before and after the edit (before is null for a created record).
 */
export async function updateVersioned<T extends VersionedTable>(tx: DbOrTx, spec: Versioned<T>, w: VersionedWrite<T>): Promise<{ before: Row<T> | null; after: Row<T> }> {
  const t = spec.table;
  const counter = counterOf(spec);
  const before = await lockVersioned(tx, spec, w.where, w.expected);
  if (!before) {
    if (!w.insert || w.expected !== 0) throw notFound(spec.noun);
    const inserted = (await tx
      .insert(t as PgTable)
      .values({ ...w.insert, [counter.key]: 1, updatedAt: new Date(), updatedBy: w.actorId } as never)
      .onConflictDoNothing()
      .returning()) as Row<T>[];
    if (inserted[0]) return { before: null, after: inserted[0] };
    // Created meanwhile by another connection: the user saw none, so theirs is stale.
    await lockVersioned(tx, spec, w.where, -1);
    throw notFound(spec.noun);
  }
  const updated = (await tx
    .update(t as PgTable)
    .set({ ...w.set, [counter.key]: sql`${counter.column} + 1`, updatedAt: new Date(), updatedBy: w.actorId } as never)
    .where(and(w.where, eq(counter.column, w.expected)))
    .returning()) as Row<T>[];
  // Under the lock the version cannot have moved; kept as the statement's own guard.
  if (!updated[0]) throw await conflict(tx, spec, before);
  return { before, after: updated[0] };
}
