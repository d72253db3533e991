/**
 * Derived figures (summaries, boards, sheets) cached in this process under the versions of the tables
 * they read. The versions live in `data_versions` and are bumped by statement triggers (migration 0016)
 * inside the transaction that writes the data.
 *
 * Why a figure is never served stale after a commit, on any instance: a read first asks the database
 * for the current versions of the figure's tables, then looks up `name` under exactly those versions.
 * A commit that changed an input has bumped its version in the same transaction, so from the moment
 * it is visible every instance reads the new version and misses; an entry cached under an older
 * version is never asked for again (it ages out of the LRU). A figure computed while a write commits
 * is stored under the versions read before computing: at worst it holds newer data under an older key,
 * which only readers that saw the older versions (that is, read before the commit) can hit. Nothing is
 * shared between instances but the database, so any number of stateless instances stay correct.
 * A transaction handle never reads or fills the cache: its versions may be its own uncommitted bumps.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { inArray, or, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Database, DbOrTx } from "../db/open";
import { dataVersions } from "../db/schema";
import { NotifiedCache, VERSIONS_CHANNEL } from "./notified-cache";

/** Tables keyed per fund year ("payments:17"); the triggers bump the fund years a statement touched. */
const PER_FUND_YEAR = [
  "payments",
  "allocations",
  "projects",
  "project_communities",
  "performance_targets",
  "monitoring_settings",
  "monitoring_indicators",
  "progress_reports",
  "lag_explanations",
  "submissions",
  "evaluation_tasks",
] as const;
/** Tables keyed per table ("communities"). */
const PER_TABLE = [
  "regions",
  "funding_sources",
  "programmes",
  "fund_years",
  "communities",
  "project_details",
  "project_investments",
  "project_contents",
  "renovation_items",
  "renovation_goals",
  "grade_scales",
  "indicator_templates",
  "evaluation_scopes",
  "evaluation_entries",
  "evaluation_evidence",
  "evaluation_comments",
  "survey_questionnaires",
  "surveys",
  "survey_communities",
  "survey_responses",
  "findings",
  "rectification_items",
  "difficulty_coefficients",
  "facility_handovers",
  "community_maintenance_years",
  /** Only inserts, deletes and changes of display_name: a sign-in bumps nothing. */
  "users",
] as const;

/** Tables (data_versions keys' table part) a figure depends on. */
export type TrackedTable = (typeof PER_FUND_YEAR)[number] | (typeof PER_TABLE)[number];

const perFundYear = new Set<string>(PER_FUND_YEAR);

/** Every tracked table, for tests and callers that depend on "everything". */
export const TRACKED_TABLES: readonly TrackedTable[] = [...PER_FUND_YEAR, ...PER_TABLE];

interface Entry {
  value: unknown;
  bytes: number;
}

const cache = new Map<string, Entry>(); // insertion order = recency (re-inserted on hit)
const inFlight = new Map<string, Promise<unknown>>();
let totalBytes = 0;
let hits = 0;
let misses = 0;

/** Each database handle gets its own namespace: two databases in one process never share entries. */
const dbIds = new WeakMap<object, number>();
let nextDbId = 1;
function dbId(db: object): number {
  let id = dbIds.get(db);
  if (id === undefined) {
    id = nextDbId++;
    dbIds.set(db, id);
  }
  return id;
}

function enabled(): boolean {
  return process.env.WENXIAO_DERIVED_CACHE !== "0";
}
function maxEntries(): number {
  const n = Number(process.env.WENXIAO_DERIVED_MAX_ENTRIES);
  return Number.isInteger(n) && n > 0 ? n : 1000;
}
function maxBytes(): number {
  const n = Number(process.env.WENXIAO_DERIVED_MAX_MB);
  return (Number.isFinite(n) && n > 0 ? n : 128) * 1024 * 1024;
}

/** Approximate size in bytes: the JSON text, twice for UTF-16 (only measured on a miss). */
function sizeOf(value: unknown): number {
  try {
    return 2 * (JSON.stringify(value)?.length ?? 8);
  } catch {
    return maxBytes(); // not serialisable: counts as large, so it cannot crowd others for long
  }
}

function evict(): void {
  const limitN = maxEntries();
  const limitB = maxBytes();
  for (const [key, e] of cache) {
    if (cache.size <= limitN && totalBytes <= limitB) break;
    cache.delete(key);
    totalBytes -= e.bytes;
  }
}

function store(key: string, value: unknown): void {
  const bytes = sizeOf(value);
  if (bytes > maxBytes()) return; // never worth evicting everything else for
  const old = cache.get(key);
  if (old) {
    cache.delete(key);
    totalBytes -= old.bytes;
  }
  cache.set(key, { value, bytes });
  totalBytes += bytes;
  evict();
}

/** Per database handle of an embedded database: the versions read, until the next bump commits. */
const versionMemos = new WeakMap<object, NotifiedCache<string>>();

/**
 * On PGlite, keeps the versions read in the process until a bump commits (server/notified-cache.ts:
 * every insert or update of data_versions notifies as it commits), so a cached figure costs no query.
 * Elsewhere (PostgreSQL) it does nothing: each read asks the database. Resolves to the function that stops.
 */
export async function watchVersions(database: Pick<Database, "db" | "listen">): Promise<() => Promise<void>> {
  const memo = new NotifiedCache<string>(VERSIONS_CHANNEL, 1_000);
  const stop = await memo.attach(database);
  if (!database.listen) return stop;
  versionMemos.set(database.db, memo);
  return async () => {
    versionMemos.delete(database.db);
    await stop();
  };
}

/**
 * A read-only request's versions, read once with its session (server/plugins/auth.ts) on a database
 * without a memo (PostgreSQL): every derived figure of the request then looks its key up without a
 * query of its own. Only for figures read from that same handle (a read replica asks itself), and
 * only for requests that write nothing (GET), so that no request reads a figure under versions older
 * than its own commit. The versions are read before anything is computed, as versionsOf's are.
 */
interface RequestVersions {
  db: object | null;
  rows: Map<string, number> | null;
}
const requestScope = new AsyncLocalStorage<RequestVersions>();

/** Runs `next` (the rest of a read-only request) with room for the versions read with its session. */
export function withRequestVersions(next: () => void): void {
  requestScope.run({ db: null, rows: null }, next);
}

/** Whether this request wants the versions read with its session: it has room for them and `db` keeps none in the process. */
export function wantsRequestVersions(db: object): boolean {
  return enabled() && !versionMemos.has(db) && requestScope.getStore()?.rows === null;
}

/** The versions of every tracked key, as read from `db` with the request's session. */
export function setRequestVersions(db: object, rows: [string, number | string][]): void {
  const store = requestScope.getStore();
  if (!store) return;
  store.db = db;
  store.rows = new Map(rows.map(([key, version]) => [key, Number(version)]));
}

/** queryVersions over the request's rows: the same keys, the same string. */
function snapshotVersions(rows: Map<string, number>, tables: readonly TrackedTable[], fundYearId: number | undefined): string {
  const out: string[] = [];
  for (const t of new Set(tables)) {
    if (!perFundYear.has(t) || fundYearId !== undefined) {
      const key = perFundYear.has(t) ? `${t}:${fundYearId}` : t;
      const v = rows.get(key);
      if (v !== undefined) out.push(`${key}=${v}`);
    } else {
      for (const [key, v] of rows) if (key.split(":")[0] === t) out.push(`${key}=${v}`);
    }
  }
  return [...new Set(out)].sort().join(",");
}

/** The current versions of the tables, as one string: one small indexed query (or none, see watchVersions and RequestVersions). */
async function versionsOf(db: DbOrTx, tables: readonly TrackedTable[], fundYearId: number | undefined): Promise<string> {
  const request = requestScope.getStore();
  if (request?.rows && request.db === db) return snapshotVersions(request.rows, tables, fundYearId);
  const memo = versionMemos.get(db);
  const read = () => queryVersions(db, tables, fundYearId);
  return memo ? ((await memo.lookup(`${[...new Set(tables)].sort().join(",")}|${fundYearId ?? ""}`, read)) ?? "") : read();
}

async function queryVersions(db: DbOrTx, tables: readonly TrackedTable[], fundYearId: number | undefined): Promise<string> {
  const exact: string[] = [];
  const prefixes: string[] = [];
  for (const t of new Set(tables)) {
    if (!perFundYear.has(t)) exact.push(t);
    else if (fundYearId !== undefined) exact.push(`${t}:${fundYearId}`);
    else prefixes.push(t); // every fund year's key of the table
  }
  const conditions = [
    exact.length ? inArray(dataVersions.key, exact) : undefined,
    prefixes.length ? inArray(sql`split_part(${dataVersions.key}, ':', 1)`, prefixes) : undefined,
  ].filter((c) => c !== undefined);
  if (!conditions.length) return "";
  const rows = await db
    .select({ key: dataVersions.key, version: dataVersions.version })
    .from(dataVersions)
    .where(or(...conditions));
  return rows
    .map((r) => `${r.key}=${r.version}`)
    .sort()
    .join(",");
}

/** The figure computed by `compute`, cached per instance under the current versions of `tables`
 *  (for `fundYearId` when the keys are per fund year). `name` must encode every parameter of the
 *  figure (fund year, county, date, task, scope …). On a transaction handle it bypasses the cache. */
export async function derived<T>(
  db: DbOrTx,
  name: string,
  deps: { tables: readonly TrackedTable[]; fundYearId?: number },
  compute: () => Promise<T>,
): Promise<T> {
  if (!enabled() || db instanceof PgTransaction) return compute();
  const versions = await versionsOf(db, deps.tables, deps.fundYearId);
  const key = `${dbId(db)}|${name}|${deps.fundYearId ?? ""}|${versions}`;
  const found = cache.get(key);
  if (found) {
    hits++;
    cache.delete(key); // most recently used goes last
    cache.set(key, found);
    return found.value as T;
  }
  const running = inFlight.get(key);
  if (running) {
    hits++;
    return running as Promise<T>;
  }
  misses++;
  const p = compute().then(
    (value) => {
      inFlight.delete(key);
      store(key, value);
      return value;
    },
    (error: unknown) => {
      inFlight.delete(key);
      throw error;
    },
  );
  inFlight.set(key, p);
  return p;
}

/** Switch for tests and benchmarks: WENXIAO_DERIVED_CACHE=0 disables; cache statistics. */
export function derivedStats(): { hits: number; misses: number; entries: number } {
  return { hits, misses, entries: cache.size };
}

export function clearDerived(): void {
  cache.clear();
  inFlight.clear();
  totalBytes = 0;
  hits = 0;
  misses = 0;
}
