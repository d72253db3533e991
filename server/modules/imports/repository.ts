import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import { allocations, payments, projects } from "../../../db/schema";
import { toFen } from "../../../core/money";
import { allocationKey, type AllocationRecord, type PaymentRecord } from "./validate";

export function listProjectKeys(db: DbOrTx, fundYearId: number) {
  return db
    .select({ id: projects.id, code: projects.code, name: projects.name, countyId: projects.countyId })
    .from(projects)
    .where(eq(projects.fundYearId, fundYearId));
}

/** Keys looked up per query: one array parameter (`= any($1::text[])`), not a parameter per key. */
const LOOKUP_CHUNK = 20_000;

/**
 * Between two chunks the event loop is let go (`setImmediate`): on the embedded database each query
 * runs on the main thread, and a 200,000-row file's lookups would otherwise hold it whole.
 */
async function inChunks<K, R>(keys: K[], fetch: (chunk: K[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < keys.length; i += LOOKUP_CHUNK) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    out.push(...(await fetch(keys.slice(i, i + LOOKUP_CHUNK))));
  }
  return out;
}

/**
 * The payments already in the ledger among the file's voucher numbers (through the unique voucher
 * index: a 10,000-row file against millions of payments reads 10,000 index entries, not the table).
 */
export async function existingPayments(db: DbOrTx, fundYearId: number, voucherNos: string[]): Promise<Map<string, PaymentRecord>> {
  const rows = await inChunks([...new Set(voucherNos)], (chunk) => db
    .select({
      countyId: payments.countyId,
      projectId: payments.projectId,
      sourceId: payments.sourceId,
      amountFen: payments.amountFen,
      paidOn: payments.paidOn,
      voucherNo: payments.voucherNo,
      note: payments.note,
    })
    .from(payments)
    .where(and(eq(payments.fundYearId, fundYearId), sql`${payments.voucherNo} = any(${textArray(chunk)}::text[])`)));
  return new Map(rows.map((r) => [r.voucherNo, { ...r, amountFen: toFen(r.amountFen) }]));
}

/** The allocations already in the ledger under the file's document numbers (文号). */
export async function existingAllocations(db: DbOrTx, fundYearId: number, docNos: string[]): Promise<Map<string, AllocationRecord>> {
  const rows = await inChunks([...new Set(docNos)], (chunk) => db
    .select({
      countyId: allocations.countyId,
      projectId: allocations.projectId,
      sourceId: allocations.sourceId,
      amountFen: allocations.amountFen,
      allocatedOn: allocations.allocatedOn,
      docNo: allocations.docNo,
      note: allocations.note,
    })
    .from(allocations)
    .where(and(eq(allocations.fundYearId, fundYearId), sql`${allocations.docNo} = any(${textArray(chunk)}::text[])`)));
  return new Map(rows.map((r) => [allocationKey(r), { ...r, amountFen: toFen(r.amountFen) }]));
}

/** Whole-year totals per `${countyId}|${sourceId}` (all dates). */
export async function totalsByCountySource(db: DbOrTx, fundYearId: number, table: "allocations" | "payments") {
  const t = table === "allocations" ? allocations : payments;
  const rows = await db
    .select({ countyId: t.countyId, sourceId: t.sourceId, sum: sql<string>`sum(${t.amountFen})` })
    .from(t)
    .where(eq(t.fundYearId, fundYearId))
    .groupBy(t.countyId, t.sourceId);
  return new Map(rows.map((r) => [`${r.countyId}|${r.sourceId}`, toFen(r.sum)]));
}

/**
 * Rows per insert statement. Each statement carries one array per column (nine parameters however
 * many rows), so it is bounded by the size of its text, not by a parameter list: 20,000 rows are
 * about 1.5 MB of SQL text, and a 100,000-row file is five round trips.
 */
const INSERT_ROWS = 20_000;

/** A PostgreSQL array literal of integers (null as NULL). */
const intArray = (values: (number | null)[]) => `{${values.map((v) => (v === null ? "NULL" : String(v))).join(",")}}`;
/** A PostgreSQL array literal of texts (each quoted, backslash and double quote escaped; null as NULL). */
const textArray = (values: (string | null)[]) =>
  `{${values.map((v) => (v === null ? "NULL" : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(",")}}`;

/**
 * Inserts rows `INSERT … SELECT … FROM unnest(arrays)`: the columns go as arrays, a few statements for
 * the whole file instead of a statement (and its parameter list) per 5,000 rows. Inside the caller's
 * transaction; the table's triggers fire as for any insert.
 */
async function insertUnnest(
  tx: DbOrTx,
  table: typeof payments | typeof allocations,
  fixed: { fundYearId: number; batchId: number },
  columns: { name: string; type: "int" | "bigint" | "date" | "text"; values: (number | string | null)[] }[],
) {
  const n = columns[0]?.values.length ?? 0;
  for (let at = 0; at < n; at += INSERT_ROWS) {
    const arrays = columns.map((c) => {
      const slice = c.values.slice(at, at + INSERT_ROWS);
      const literal = c.type === "int" || c.type === "bigint" ? intArray(slice as (number | null)[]) : textArray(slice as (string | null)[]);
      return sql`${literal}::${sql.raw(c.type)}[]`;
    });
    const names = sql.join(
      [table.fundYearId.name, table.importBatchId.name, ...columns.map((c) => c.name)].map((name) => sql.identifier(name)),
      sql`, `,
    );
    await tx.execute(
      sql`insert into ${table} (${names}) select ${fixed.fundYearId}::int, ${fixed.batchId}::int, u.* from unnest(${sql.join(arrays, sql`, `)}) as u`,
    );
  }
}

export async function insertPayments(tx: DbOrTx, fundYearId: number, batchId: number, rows: PaymentRecord[]) {
  await insertUnnest(tx, payments, { fundYearId, batchId }, [
    { name: payments.countyId.name, type: "int", values: rows.map((r) => r.countyId) },
    { name: payments.projectId.name, type: "int", values: rows.map((r) => r.projectId) },
    { name: payments.sourceId.name, type: "int", values: rows.map((r) => r.sourceId) },
    { name: payments.amountFen.name, type: "bigint", values: rows.map((r) => r.amountFen) },
    { name: payments.paidOn.name, type: "date", values: rows.map((r) => r.paidOn) },
    { name: payments.voucherNo.name, type: "text", values: rows.map((r) => r.voucherNo) },
    { name: payments.note.name, type: "text", values: rows.map((r) => r.note) },
  ]);
}

export async function insertAllocations(tx: DbOrTx, fundYearId: number, batchId: number, rows: AllocationRecord[]) {
  await insertUnnest(tx, allocations, { fundYearId, batchId }, [
    { name: allocations.countyId.name, type: "int", values: rows.map((r) => r.countyId) },
    { name: allocations.projectId.name, type: "int", values: rows.map((r) => r.projectId) },
    { name: allocations.sourceId.name, type: "int", values: rows.map((r) => r.sourceId) },
    { name: allocations.amountFen.name, type: "bigint", values: rows.map((r) => r.amountFen) },
    { name: allocations.allocatedOn.name, type: "date", values: rows.map((r) => r.allocatedOn) },
    { name: allocations.docNo.name, type: "text", values: rows.map((r) => r.docNo) },
    { name: allocations.note.name, type: "text", values: rows.map((r) => r.note) },
  ]);
}
