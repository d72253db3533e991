import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createTestDb, engine, type TestDb } from "../test/db";
import { dataVersions, fundingSources, payments, regions } from "../db/schema";
import { clearDerived, derived, derivedStats, setRequestVersions, wantsRequestVersions, withRequestVersions, type TrackedTable } from "./derived";

let t: TestDb;
let fundYearId: number;
beforeAll(async () => {
  t = await createTestDb({ demo: true });
  const [p] = await t.db.select({ fundYearId: payments.fundYearId }).from(payments).limit(1);
  fundYearId = p.fundYearId;
});
afterAll(() => t.destroy());
afterEach(() => {
  clearDerived();
  delete process.env.WENXIAO_DERIVED_MAX_ENTRIES;
  delete process.env.WENXIAO_DERIVED_CACHE;
});

const version = async (key: string): Promise<number> => {
  const rows = await t.db.select({ v: dataVersions.version }).from(dataVersions).where(eq(dataVersions.key, key));
  return rows[0]?.v ?? 0;
};

/** A source row of the catalogue, written and removed again by the test itself. */
const insertSource = (db: Pick<TestDb["db"], "insert">, code: string) =>
  db.insert(fundingSources).values({ code, name: `测试来源${code}`, category: "fiscal" }).returning({ id: fundingSources.id });

describe(`data versions (${engine})`, () => {
  it("a statement on a per-table key bumps it once, on insert, update and delete", async () => {
    const v0 = await version("funding_sources");
    const [{ id }] = await insertSource(t.db, "T1");
    expect(await version("funding_sources")).toBe(v0 + 1);
    await t.db.update(fundingSources).set({ name: "测试来源改名" }).where(eq(fundingSources.id, id));
    expect(await version("funding_sources")).toBe(v0 + 2);
    await t.db.delete(fundingSources).where(eq(fundingSources.id, id));
    expect(await version("funding_sources")).toBe(v0 + 3);
  });

  it("a payment write bumps only its own fund year's key, not another table's", async () => {
    const key = `payments:${fundYearId}`;
    const [v0, r0] = [await version(key), await version("regions")];
    const [p] = await t.db.select({ id: payments.id, amountFen: payments.amountFen }).from(payments).where(eq(payments.fundYearId, fundYearId)).limit(1);
    await t.db.update(payments).set({ amountFen: p.amountFen }).where(eq(payments.id, p.id));
    expect(await version(key)).toBe(v0 + 1);
    // an update that matches no row changes nothing, so it bumps nothing
    await t.db.update(payments).set({ amountFen: 1 }).where(eq(payments.id, -1));
    expect(await version(key)).toBe(v0 + 1);
    expect(await version("regions")).toBe(r0);
    const other = await t.db.select().from(dataVersions).where(sql`${dataVersions.key} like 'payments:%' and ${dataVersions.key} <> ${key}`);
    expect(other).toEqual([]);
  });

  it("the bump is part of the writing transaction: a rolled-back write bumps nothing", async () => {
    const v0 = await version("funding_sources");
    await expect(
      t.db.transaction(async (tx) => {
        await insertSource(tx, "T2");
        const [inside] = await tx.select({ v: dataVersions.version }).from(dataVersions).where(eq(dataVersions.key, "funding_sources"));
        expect(inside.v).toBe(v0 + 1); // visible inside the transaction
        throw new Error("回滚");
      }),
    ).rejects.toThrow("回滚");
    expect(await version("funding_sources")).toBe(v0);
    const left = await t.db.select().from(fundingSources).where(eq(fundingSources.code, "T2"));
    expect(left).toEqual([]);
  });
});

describe(`the derived cache (${engine})`, () => {
  const countSources = async () => {
    const rows = await t.db.select({ n: sql<number>`count(*)::int` }).from(fundingSources);
    return Number(rows[0].n);
  };

  it("hits under the same versions, misses after a commit that changed a table it reads", async () => {
    let computed = 0;
    const figure = () => derived(t.db, "sources.count", { tables: ["funding_sources"] }, async () => (computed++, countSources()));
    const n0 = await figure();
    expect(await figure()).toBe(n0);
    expect(computed).toBe(1);
    expect(derivedStats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });
    const [{ id }] = await insertSource(t.db, "T3");
    expect(await figure()).toBe(n0 + 1);
    expect(computed).toBe(2);
    await t.db.delete(fundingSources).where(eq(fundingSources.id, id));
    expect(await figure()).toBe(n0);
  });

  it("a write to a table the figure does not read keeps the entry", async () => {
    let computed = 0;
    const figure = () => derived(t.db, "sources.count", { tables: ["funding_sources"] }, async () => (computed++, countSources()));
    await figure();
    const [r] = await t.db.select({ id: regions.id, name: regions.name }).from(regions).limit(1);
    await t.db.update(regions).set({ name: r.name }).where(eq(regions.id, r.id));
    await figure();
    expect(computed).toBe(1);
  });

  it("a per-fund-year figure misses after a write to its year; without a year it depends on every year", async () => {
    let a = 0;
    let b = 0;
    const ofYear = () => derived(t.db, "p.year", { tables: ["payments"], fundYearId }, async () => ++a);
    const ofAll = () => derived(t.db, "p.all", { tables: ["payments"] }, async () => ++b);
    await ofYear();
    await ofAll();
    await ofYear();
    await ofAll();
    expect([a, b]).toEqual([1, 1]);
    const [p] = await t.db.select({ id: payments.id, amountFen: payments.amountFen }).from(payments).where(eq(payments.fundYearId, fundYearId)).limit(1);
    await t.db.update(payments).set({ amountFen: p.amountFen }).where(eq(payments.id, p.id));
    await ofYear();
    await ofAll();
    expect([a, b]).toEqual([2, 2]);
  });

  it("on a transaction handle it computes every time and stores nothing", async () => {
    let computed = 0;
    await t.db.transaction(async (tx) => {
      await derived(tx, "tx.figure", { tables: ["funding_sources"] }, async () => ++computed);
      await derived(tx, "tx.figure", { tables: ["funding_sources"] }, async () => ++computed);
    });
    expect(computed).toBe(2);
    expect(derivedStats().entries).toBe(0);
  });

  it("WENXIAO_DERIVED_CACHE=0 turns the cache off", async () => {
    process.env.WENXIAO_DERIVED_CACHE = "0";
    let computed = 0;
    await derived(t.db, "off", { tables: ["regions"] }, async () => ++computed);
    await derived(t.db, "off", { tables: ["regions"] }, async () => ++computed);
    expect(computed).toBe(2);
    expect(derivedStats().entries).toBe(0);
  });

  it("concurrent identical misses share one computation", async () => {
    let computed = 0;
    const slow = async () => {
      computed++;
      return countSources();
    };
    const all = await Promise.all([1, 2, 3, 4].map(() => derived(t.db, "shared", { tables: ["funding_sources"] }, slow)));
    expect(new Set(all).size).toBe(1);
    expect(computed).toBe(1);
  });

  it("a failed computation is not cached", async () => {
    await expect(derived(t.db, "fails", { tables: ["regions"] }, async () => Promise.reject(new Error("失败")))).rejects.toThrow("失败");
    expect(await derived(t.db, "fails", { tables: ["regions"] }, async () => 7)).toBe(7);
  });

  it("the LRU keeps at most WENXIAO_DERIVED_MAX_ENTRIES entries, dropping the least recently used", async () => {
    process.env.WENXIAO_DERIVED_MAX_ENTRIES = "3";
    const computed: string[] = [];
    const get = (name: string) => derived(t.db, name, { tables: ["regions"] }, async () => (computed.push(name), name));
    await get("a");
    await get("b");
    await get("c");
    await get("a"); // hit: a is now the most recent
    await get("d"); // evicts b
    expect(derivedStats().entries).toBe(3);
    await get("a");
    await get("c");
    await get("d");
    expect(computed).toEqual(["a", "b", "c", "d"]);
    await get("b");
    expect(computed).toEqual(["a", "b", "c", "d", "b"]);
  });

  it("a read-only request's versions, read once with its session, give the figure the same key as asking the database", async () => {
    const deps: { tables: TrackedTable[]; fundYearId?: number }[] = [
      { tables: ["regions"] },
      { tables: ["payments", "allocations", "regions"], fundYearId },
      { tables: ["payments", "communities"] }, // every fund year's payments
      { tables: ["survey_responses"], fundYearId }, // a table that may have no row yet
    ];
    let computed = 0;
    for (const [i, d] of deps.entries()) await derived(t.db, `f${i}`, d, async () => ++computed);
    expect(computed).toBe(deps.length);
    const rows = (await t.db.select().from(dataVersions)).map((r) => [r.key, String(r.version)] as [string, string]);
    const inRequest = await new Promise<number[]>((resolve, reject) =>
      withRequestVersions(() => {
        expect(wantsRequestVersions(t.db)).toBe(true);
        setRequestVersions(t.db, rows);
        expect(wantsRequestVersions(t.db)).toBe(false);
        Promise.all(deps.map((d, i) => derived(t.db, `f${i}`, d, async () => ++computed))).then(resolve, reject);
      }),
    );
    // Every figure was found under the versions the request brought: no computation, no query.
    expect(computed).toBe(deps.length);
    expect(inRequest).toEqual([1, 2, 3, 4]);
    // The request's versions are what counts: a newer one there is a miss, without asking the database.
    const newer = rows.map(([k, v]) => [k, k === "regions" ? String(Number(v) + 1) : v] as [string, string]);
    await new Promise<void>((resolve, reject) =>
      withRequestVersions(() => {
        setRequestVersions(t.db, newer);
        derived(t.db, "f0", deps[0], async () => ++computed).then(() => resolve(), reject);
      }),
    );
    expect(computed).toBe(deps.length + 1);
    // Outside a request the database is asked as before.
    expect(wantsRequestVersions(t.db)).toBe(false);
  });
});

