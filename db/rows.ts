/**
 * Rows of a hand-written read as the driver gives them, without drizzle's mapping of each field (at
 * national scale a page reads some 40,000 rows of ten fields; the mapping cost more than the rows).
 * Both drivers answer `execute` with `{ rows }`. Name the columns in the statement as the caller's type
 * does (`as "plannedStartOn"`), and cast what is not text or a 4-byte integer to text (`::text`): pg
 * parses dates and int8 one way and PGlite another, text and int4 alike.
 */
import type { SQL } from "drizzle-orm";
import type { DbOrTx } from "./open";

export async function rawRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] } | T[];
  return Array.isArray(result) ? result : result.rows;
}
