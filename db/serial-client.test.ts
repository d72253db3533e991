import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { SerialClient } from "./serial-client";

// Needs a PostgreSQL server: PGlite has one connection and no such queue.
const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)("SerialClient on PostgreSQL", () => {
  let pool: pg.Pool;
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: url, max: 2, Client: SerialClient });
    process.on("warning", onWarning);
  });
  afterAll(async () => {
    process.off("warning", onWarning);
    await pool.end();
  });

  it("runs Promise.all on a transaction one query after another, in call order, without pg's warning", async () => {
    const db = drizzle(pool);
    const order: number[] = [];
    const results = await db.transaction(async (tx) =>
      Promise.all(
        [30, 0, 20, 0, 10].map(async (ms, i) => {
          const r = await tx.execute(sql`select ${i}::int as i, clock_timestamp() as at, pg_sleep(${ms / 1000})`);
          order.push(i);
          return (r.rows[0] as { i: number; at: Date }).at;
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4]);
    for (let i = 1; i < results.length; i++) expect(new Date(results[i]).getTime()).toBeGreaterThanOrEqual(new Date(results[i - 1]).getTime());
    await new Promise((r) => setImmediate(r));
    expect(warnings.filter((w) => w.includes("already executing a query"))).toEqual([]);
  });

  it("goes on after a failed query, and the pool's callback form still works", async () => {
    const client = await pool.connect();
    try {
      const [bad, good] = await Promise.allSettled([client.query("select nonsense_column"), client.query("select 2 as n")]);
      expect(bad.status).toBe("rejected");
      expect(good.status === "fulfilled" && good.value.rows[0].n).toBe(2);
    } finally {
      client.release();
    }
    const { rows } = await pool.query("select 3 as n");
    expect(rows[0].n).toBe(3);
  });
});
