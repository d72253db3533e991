import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { ensureProgrammeBuiltIns } from "./builtins/programmes";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import * as schema from "./schema";
import { lockDataDir, type DirLock } from "./lock";
import { SerialClient } from "./serial-client";

/** The database type every repository is written against: PGlite and node-postgres alike. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle has the same query surface. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export interface OpenDbOptions {
  /** PostgreSQL connection string; when absent an embedded PGlite database is used. */
  url?: string;
  /** A read replica of `url` (DATABASE_READ_URL) for the read-only summary pages; ignored without `url`. */
  readUrl?: string;
  /** PGlite data folder; ignored with `url`. `memory` for a throw-away in-memory database. */
  dataDir?: string | "memory";
  /** Who opens a PGlite folder, for the lock's message. */
  role?: "server" | "cli";
  /** A new PGlite folder is created from this tarball of a data folder (`dumpDataDir`), for a restore. */
  loadDataDir?: Blob;
}

export interface Database {
  db: Db;
  /**
   * Where read-only summary pages read: a replica's pool when DATABASE_READ_URL is set, else `db`.
   * A replica lags the primary by its replication delay: never read from it to decide a write.
   */
  readDb: Db;
  kind: "pglite" | "postgres";
  /** Where the data lives, for messages (the folder, or the server without password). */
  location: string;
  /** Brings the schema up to date, then writes the built-in rows every installation has (the default programme and its template). */
  migrate(): Promise<void>;
  /** PGlite only: a gzipped tarball of the data folder, taken between two queries (a consistent copy). */
  dumpDataDir?: () => Promise<Blob>;
  /**
   * PGlite only: calls `onNotify` for every NOTIFY on `channel` as the transaction that sent it
   * commits — before that commit's caller goes on, since the one process that owns the folder sent it.
   * (On PostgreSQL a notification reaches another instance some time after the commit, so nothing
   * that must never be stale may rely on it there.) Resolves, once listening, to the function that stops.
   */
  listen?: (channel: string, onNotify: () => void) => Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
// Any constant: several app instances starting together on one PostgreSQL migrate one at a time.
const MIGRATION_LOCK = 7_420_611;

export function defaultDataDir(): string {
  return path.resolve(process.env.WENXIAO_DATA_DIR ?? "data");
}

export async function openDb(options: OpenDbOptions = {}): Promise<Database> {
  if (options.url) {
    // SerialClient: a transaction is one connection, so its queries run one after another even when a
    // caller starts several with Promise.all.
    const pool = new pg.Pool({ connectionString: options.url, max: Number(process.env.DB_POOL_MAX ?? 10), Client: SerialClient });
    // An idle connection the server ends (restart, failover, admin) is dropped and replaced on next use;
    // unhandled, the pool's error event would end the process.
    pool.on("error", (e) => console.warn(`数据库空闲连接已断开，将自动重连：${e.message}`));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    let readPool: pg.Pool | undefined;
    if (options.readUrl && options.readUrl !== options.url) {
      readPool = new pg.Pool({ connectionString: options.readUrl, Client: SerialClient, max: Number(process.env.DB_READ_POOL_MAX ?? process.env.DB_POOL_MAX ?? 10) });
      readPool.on("error", (e) => console.warn(`只读库空闲连接已断开，将自动重连：${e.message}`));
    }
    const readDb = readPool ? (drizzlePg(readPool, { schema }) as unknown as Db) : db;
    return {
      db,
      readDb,
      kind: "postgres",
      location: options.url.replace(/:\/\/([^:@/]+):[^@]*@/, "://$1:***@"),
      async migrate() {
        const client = await pool.connect();
        try {
          await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
          const locked = drizzlePg(client, { schema });
          await migratePg(locked, { migrationsFolder });
          await ensureProgrammeBuiltIns(locked as unknown as Db);
        } finally {
          await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
          client.release();
        }
      },
      async close() {
        await pool.end();
        await readPool?.end();
      },
    };
  }
  const dir = options.dataDir ?? defaultDataDir();
  let lock: DirLock | undefined;
  if (dir !== "memory") lock = lockDataDir(dir, options.role ?? "cli");
  let client: PGlite;
  try {
    client = dir === "memory" ? new PGlite() : new PGlite(path.join(dir, "pglite"), options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
    await client.waitReady;
  } catch (e) {
    lock?.release();
    throw e;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    readDb: db,
    kind: "pglite",
    location: dir === "memory" ? "内存" : dir,
    async migrate() {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
      await ensureProgrammeBuiltIns(db);
    },
    dumpDataDir: () => client.dumpDataDir("gzip"),
    // One process owns the folder (db/lock.ts): every NOTIFY is this process's own, delivered on commit.
    listen: (channel, onNotify) => client.listen(channel, () => onNotify()),
    async close() {
      await client.close();
      lock?.release();
    },
  };
}

/**
 * Opens the database the environment names: DATABASE_URL (and the optional replica DATABASE_READ_URL
 * for the server's read-only pages), else PGlite in WENXIAO_DATA_DIR or ./data.
 */
export function openDbFromEnv(role: "server" | "cli"): Promise<Database> {
  return openDb({ url: process.env.DATABASE_URL || undefined, readUrl: role === "server" ? process.env.DATABASE_READ_URL || undefined : undefined, role });
}
