/**
 * What every import's commit shares, whichever module owns the kind (the ledger's 下达 and 支付, the
 * registry's 小区, 项目, 改造内容 and 绩效目标): the fund year's row lock and the batch record.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../open";
import { fundYears, importBatches } from "../schema";

/** Serialises imports of one fund year: the over-allocation check must see every committed payment. */
export async function lockFundYear(tx: DbOrTx, fundYearId: number) {
  await tx.execute(sql`select id from ${fundYears} where ${fundYears.id} = ${fundYearId} for update`);
}

/** Records one committed file (its kind, name and counts) in the caller's transaction; returns the batch id. */
export async function insertBatch(
  tx: DbOrTx,
  b: { fundYearId: number; kind: string; fileName: string; rowCount: number; insertedCount: number; summary: unknown },
) {
  const [row] = await tx.insert(importBatches).values(b).returning({ id: importBatches.id });
  return row.id;
}
