import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import { allocations, fundYears, importBatches, payments, projects } from "../../../db/schema";
import { toFen } from "../../../core/money";
import { insertInBatches } from "../../../db/batch";
import { allocationKey, type AllocationRecord, type PaymentRecord } from "./validate";

/** Serialises imports of one fund year: the over-allocation check must see every committed payment. */
export async function lockFundYear(tx: DbOrTx, fundYearId: number) {
  await tx.execute(sql`select id from ${fundYears} where ${fundYears.id} = ${fundYearId} for update`);
}

export function listProjectKeys(db: DbOrTx, fundYearId: number) {
  return db
    .select({ id: projects.id, code: projects.code, name: projects.name, countyId: projects.countyId })
    .from(projects)
    .where(eq(projects.fundYearId, fundYearId));
}

/** Looked up in chunks: a parameter list of a few thousand stays well inside every driver's limits. */
const LOOKUP_CHUNK = 2000;

/**
 * Between two chunks the event loop is let go (`setImmediate`): on the embedded database each query
 * runs on the main thread, and a 200,000-row file's hundred lookups would otherwise hold it whole.
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
    .where(and(eq(payments.fundYearId, fundYearId), inArray(payments.voucherNo, chunk))));
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
    .where(and(eq(allocations.fundYearId, fundYearId), inArray(allocations.docNo, chunk))));
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

export async function insertBatch(
  tx: DbOrTx,
  b: { fundYearId: number; kind: string; fileName: string; rowCount: number; insertedCount: number; summary: unknown },
) {
  const [row] = await tx.insert(importBatches).values(b).returning({ id: importBatches.id });
  return row.id;
}

export async function insertPayments(tx: DbOrTx, fundYearId: number, batchId: number, rows: PaymentRecord[]) {
  await insertInBatches(rows, (batch) =>
    tx.insert(payments).values(
      batch.map((r) => ({
        fundYearId,
        importBatchId: batchId,
        countyId: r.countyId,
        projectId: r.projectId,
        sourceId: r.sourceId,
        amountFen: r.amountFen,
        paidOn: r.paidOn,
        voucherNo: r.voucherNo,
        note: r.note,
      })),
    ),
  );
}

export async function insertAllocations(tx: DbOrTx, fundYearId: number, batchId: number, rows: AllocationRecord[]) {
  await insertInBatches(rows, (batch) =>
    tx.insert(allocations).values(
      batch.map((r) => ({
        fundYearId,
        importBatchId: batchId,
        countyId: r.countyId,
        projectId: r.projectId,
        sourceId: r.sourceId,
        amountFen: r.amountFen,
        allocatedOn: r.allocatedOn,
        docNo: r.docNo,
        note: r.note,
      })),
    ),
  );
}

