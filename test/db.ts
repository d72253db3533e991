/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a throw-away
 * database on the PostgreSQL server named by TEST_DATABASE_URL (CI sets it).
 */
import pg from "pg";
import { openDb, type Database } from "../db/open";
import { loadDemo } from "../db/demo/load";

export interface TestDb extends Database {
  /** Drops the database (PostgreSQL) and closes connections. */
  destroy(): Promise<void>;
}

/**
 * A throw-away database on the PostgreSQL server at `serverUrl`: its URL, and `drop` (which waits for
 * the pool's backends to leave, then drops it). Used by the tests and the benchmarks.
 */
export async function scratchDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = "/" + name;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      // pool.end() resolves before its backends have gone; a forced drop would cut them mid-goodbye.
      for (let i = 0; i < 50; i++) {
        const { rows } = await c.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = $1", [name]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function createTestDb(options: { demo?: boolean } = {}): Promise<TestDb> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let database: Database;
  let drop = async () => {};
  if (serverUrl) {
    const scratch = await scratchDatabase(serverUrl, "wx_test");
    database = await openDb({ url: scratch.url });
    drop = scratch.drop;
  } else {
    database = await openDb({ dataDir: "memory" });
  }
  await database.migrate();
  if (options.demo) await loadDemo(database.db);
  return {
    ...database,
    async destroy() {
      await database.close();
      await drop();
    },
  };
}

/** Which engine this run tests, for test names. */
export const engine = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
