import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb, engine, type TestDb } from "../../test/db";
import { fundYears } from "../schema";
import { loadDemo } from "./load";

let d: TestDb;
beforeAll(async () => {
  d = await createTestDb();
});
afterAll(() => d.destroy());

describe(`loading the demo (${engine})`, () => {
  it("two instances starting together on an empty database: one loads, the other waits and finds it loaded", async () => {
    // Two transactions at once on separate connections (PostgreSQL), as two app instances would run them.
    const results = await Promise.all([loadDemo(d.db), loadDemo(d.db)]);
    expect(results.map((r) => r.loaded).sort()).toEqual([false, true]);
    expect(results[0].fundYearId).toBe(results[1].fundYearId);
    expect(await d.db.$count(fundYears, eq(fundYears.isDemo, true))).toBe(1);
    // And a later start changes nothing.
    expect((await loadDemo(d.db)).loaded).toBe(false);
  });
});
