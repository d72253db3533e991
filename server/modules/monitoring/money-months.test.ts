/**
 * project_money_months (下达 and 支付 per project and month, kept by the ledger's triggers) equals the
 * ledger grouped afresh after every kind of write to allocations and payments: single and multi-row
 * inserts, an import's upsert on a voucher it already holds, changes of amount, of day across months,
 * of project and county, of nothing that moves money, deletes, county-level 下达 gaining or losing a
 * project, and rolled-back transactions. moneyByProject, which reads it, equals summing the ledger
 * directly for month ends and days inside a month, for the city and for one county.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { createTestDb, engine, type TestDb } from "../../../test/db";
import { rawRows } from "../../../db/rows";
import * as repo from "./repository";

let t: TestDb;
let fundYearId: number;
let projects: { id: number; countyId: number }[];
let sourceId: number;

beforeAll(async () => {
  t = await createTestDb({ demo: true });
  const q = <T>(s: ReturnType<typeof sql>) => rawRows<T>(t.db, s);
  [{ id: fundYearId }] = await q<{ id: number }>(sql`select id from fund_years order by id limit 1`);
  projects = await q<{ id: number; countyId: number }>(sql`select id, county_id as "countyId" from projects where fund_year_id = ${fundYearId} order by id`);
  [{ id: sourceId }] = await q<{ id: number }>(sql`select id from funding_sources order by id limit 1`);
});
afterAll(() => t.destroy());

const KEYS = "fund_year_id, county_id, project_id, month";
const KEYS_OUT = "fund_year_id, county_id, project_id, month::text as month";

/** The kept table and the ledger grouped now, both as text rows in key order. */
async function keptAndRecomputed() {
  const kept = await rawRows<Record<string, string>>(
    t.db,
    sql.raw(`select ${KEYS_OUT}, allocated_fen::text as a, paid_fen::text as p, allocation_count as ac, payment_count as pc from project_money_months order by ${KEYS}`),
  );
  const live = await rawRows<Record<string, string>>(
    t.db,
    sql.raw(`select ${KEYS_OUT}, sum(a)::text as a, sum(p)::text as p, sum(ac)::int as ac, sum(pc)::int as pc from (
                 select fund_year_id, county_id, project_id, date_trunc('month', allocated_on::timestamp)::date as month, amount_fen as a, 0 as p, 1 as ac, 0 as pc from allocations where project_id is not null
                 union all
                 select fund_year_id, county_id, project_id, date_trunc('month', paid_on::timestamp)::date, 0, amount_fen, 0, 1 from payments
               ) l group by ${KEYS} order by ${KEYS}`),
  );
  return { kept, live };
}

const day = fc.integer({ min: 0, max: 700 }).map((n) => new Date(Date.UTC(2021, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
let serial = 0;

type Write =
  | { kind: "pay"; project: number; fen: number; on: string; rows: number }
  | { kind: "reimport"; pick: number; fen: number }
  | { kind: "amount"; table: "payments" | "allocations"; pick: number; fen: number }
  | { kind: "day"; table: "payments" | "allocations"; pick: number; on: string }
  | { kind: "move"; table: "payments" | "allocations"; pick: number; project: number }
  | { kind: "note"; table: "payments" | "allocations"; pick: number }
  | { kind: "delete"; table: "payments" | "allocations"; pick: number; rows: number }
  | { kind: "allocate"; project: number | null; fen: number; on: string }
  | { kind: "unassign"; pick: number }
  | { kind: "rollback"; project: number; fen: number; on: string };

const table = fc.constantFrom("payments" as const, "allocations" as const);
const fen = fc.integer({ min: 1, max: 9_000_000_00 });
const writeArb: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constant("pay" as const), project: fc.nat(), fen, on: day, rows: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant("reimport" as const), pick: fc.nat(), fen }),
  fc.record({ kind: fc.constant("amount" as const), table, pick: fc.nat(), fen }),
  fc.record({ kind: fc.constant("day" as const), table, pick: fc.nat(), on: day }),
  fc.record({ kind: fc.constant("move" as const), table, pick: fc.nat(), project: fc.nat() }),
  fc.record({ kind: fc.constant("note" as const), table, pick: fc.nat() }),
  fc.record({ kind: fc.constant("delete" as const), table, pick: fc.nat(), rows: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant("allocate" as const), project: fc.option(fc.nat()), fen, on: day }),
  fc.record({ kind: fc.constant("unassign" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("rollback" as const), project: fc.nat(), fen, on: day }),
);

/** The ids of `n` rows of a table from the `pick`-th on (wrapping), or none when the table is empty. */
async function pickIds(tbl: "payments" | "allocations", pick: number, n = 1): Promise<number[]> {
  const [{ c }] = await rawRows<{ c: number }>(t.db, sql.raw(`select count(*)::int as c from ${tbl}`));
  if (!c) return [];
  const rows = await rawRows<{ id: number }>(t.db, sql.raw(`select id from ${tbl} order by id offset ${pick % c} limit ${n}`));
  return rows.map((r) => r.id);
}
const idList = (ids: number[]) => sql.raw(ids.join(","));

/** Runs one write; one the database refuses (a unique key, a check) is a write too: nothing changes. */
async function run(w: Write): Promise<void> {
  try {
    await write(w);
  } catch (e) {
    const code = String((e as { cause?: { code?: string } }).cause?.code ?? "");
    if (!code.startsWith("23")) throw e;
  }
}

async function write(w: Write): Promise<void> {
  const p = (n: number) => projects[n % projects.length];
  switch (w.kind) {
    case "pay": {
      const { id, countyId } = p(w.project);
      const values = Array.from({ length: w.rows }, (_, i) => sql`(${fundYearId}, ${sourceId}, ${countyId}, ${id}, ${w.fen + i}, ${w.on}, ${`MM-${++serial}`})`);
      await t.db.execute(sql`insert into payments (fund_year_id, source_id, county_id, project_id, amount_fen, paid_on, voucher_no) values ${sql.join(values, sql`, `)}`);
      return;
    }
    case "reimport": {
      // the payments import's own statement: the same voucher again, with another amount
      const [id] = await pickIds("payments", w.pick);
      if (id === undefined) return;
      await t.db.execute(sql`insert into payments (fund_year_id, source_id, county_id, project_id, amount_fen, paid_on, voucher_no)
                             select fund_year_id, source_id, county_id, project_id, ${w.fen}, paid_on, voucher_no from payments where id = ${id}
                             on conflict (fund_year_id, voucher_no) do update set amount_fen = excluded.amount_fen`);
      return;
    }
    case "amount": {
      const ids = await pickIds(w.table, w.pick);
      if (ids.length) await t.db.execute(sql`update ${sql.raw(w.table)} set amount_fen = ${w.fen} where id in (${idList(ids)})`);
      return;
    }
    case "day": {
      const ids = await pickIds(w.table, w.pick);
      const col = sql.raw(w.table === "payments" ? "paid_on" : "allocated_on");
      if (ids.length) await t.db.execute(sql`update ${sql.raw(w.table)} set ${col} = ${w.on} where id in (${idList(ids)})`);
      return;
    }
    case "move": {
      const ids = await pickIds(w.table, w.pick);
      const to = p(w.project);
      if (ids.length) await t.db.execute(sql`update ${sql.raw(w.table)} set project_id = ${to.id}, county_id = ${to.countyId} where id in (${idList(ids)})`);
      return;
    }
    case "note": {
      const ids = await pickIds(w.table, w.pick);
      if (ids.length) await t.db.execute(sql`update ${sql.raw(w.table)} set note = ${`备注${++serial}`} where id in (${idList(ids)})`);
      return;
    }
    case "delete": {
      const ids = await pickIds(w.table, w.pick, w.rows);
      if (ids.length) await t.db.execute(sql`delete from ${sql.raw(w.table)} where id in (${idList(ids)})`);
      return;
    }
    case "allocate": {
      const target = w.project === null ? { id: null, countyId: p(0).countyId } : p(w.project);
      await t.db.execute(sql`insert into allocations (fund_year_id, source_id, county_id, project_id, amount_fen, doc_no, allocated_on)
                             values (${fundYearId}, ${sourceId}, ${target.countyId}, ${target.id}, ${w.fen}, ${`MM文${++serial}`}, ${w.on})`);
      return;
    }
    case "unassign": {
      // a project's 下达 becomes the county's, or a county's becomes its first project's
      const [id] = await pickIds("allocations", w.pick);
      if (id === undefined) return;
      await t.db.execute(sql`update allocations a set project_id = case when a.project_id is null
                               then (select min(pr.id) from projects pr where pr.county_id = a.county_id and pr.fund_year_id = a.fund_year_id) end
                             where a.id = ${id}`);
      return;
    }
    case "rollback": {
      const { id, countyId } = p(w.project);
      await t.db
        .transaction(async (tx) => {
          await tx.execute(sql`insert into payments (fund_year_id, source_id, county_id, project_id, amount_fen, paid_on, voucher_no)
                               values (${fundYearId}, ${sourceId}, ${countyId}, ${id}, ${w.fen}, ${w.on}, ${`MM-${++serial}`})`);
          await tx.execute(sql`delete from allocations where id = (select min(id) from allocations)`);
          throw new Error("rolled back");
        })
        .catch(() => undefined);
      return;
    }
  }
}

/** Money per project up to a day, summed straight from the ledger (what moneyByProject did before). */
async function ledgerMoney(asOf: string, countyId?: number) {
  const county = countyId ? sql`and county_id = ${countyId}` : sql``;
  const rows = await rawRows<{ id: number; a: string; p: string }>(t.db, sql`select project_id as id, sum(a)::text as a, sum(p)::text as p from (
                             select project_id, amount_fen as a, 0 as p from allocations where fund_year_id = ${fundYearId} and allocated_on <= ${asOf} and project_id is not null ${county}
                             union all select project_id, 0, amount_fen from payments where fund_year_id = ${fundYearId} and paid_on <= ${asOf} ${county}
                           ) l group by project_id`);
  return new Map(rows.map((r) => [r.id, { allocatedFen: Number(r.a), paidFen: Number(r.p) }]));
}

describe(`money per project and month equals the ledger after every kind of write (${engine})`, () => {
  it("starts equal to the ledger the demo loaded (the migration's backfill and the load's inserts)", async () => {
    const { kept, live } = await keptAndRecomputed();
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(live);
  });

  it("random writes keep it equal, and moneyByProject equals summing the ledger", async () => {
    const county = projects[0].countyId;
    await fc.assert(
      fc.asyncProperty(fc.array(writeArb, { minLength: 1, maxLength: 6 }), day, async (writes, asOf) => {
        for (const w of writes) {
          await run(w);
          const { kept, live } = await keptAndRecomputed();
          expect(kept).toEqual(live);
        }
        for (const d of [asOf, "2021-12-31", "2022-06-30", "2022-06-15"]) {
          expect(await repo.moneyByProject(t.db, fundYearId, d)).toEqual(await ledgerMoney(d));
          expect(await repo.moneyByProject(t.db, fundYearId, d, county)).toEqual(await ledgerMoney(d, county));
        }
      }),
      { numRuns: 25 },
    );
  }, 240_000);

  it("a truncated ledger table takes its sums with it", async () => {
    await t.db
      .transaction(async (tx) => {
        await tx.execute(sql`truncate payments`);
        const [{ paid }] = await rawRows<{ paid: string }>(tx, sql`select coalesce(sum(paid_fen), 0)::text as paid from project_money_months`);
        expect(paid).toBe("0");
        const [{ n }] = await rawRows<{ n: number }>(tx, sql`select count(*)::int as n from project_money_months where allocation_count = 0`);
        expect(n).toBe(0);
        throw new Error("rolled back");
      })
      .catch((e: Error) => expect(e.message).toBe("rolled back"));
    const { kept, live } = await keptAndRecomputed();
    expect(kept).toEqual(live);
  });
});
