/** drizzle builds one statement per insert; past a few thousand rows its parameter list overflows the stack. */
export const INSERT_BATCH = 5000;

export async function insertInBatches<T>(
  rows: T[],
  insert: (batch: T[]) => Promise<unknown>,
  onProgress?: (done: number) => void,
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await insert(rows.slice(i, i + INSERT_BATCH));
    onProgress?.(Math.min(rows.length, i + INSERT_BATCH));
  }
}
