/**
 * What a read sheet is, and the header rule, without exceljs: shared by `xlsx.ts` and the reading
 * worker (`xlsx-worker.ts`), which should load as little as it can.
 */

export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** Row number as Excel shows it (1-based). */
  rowNumber: number;
  /** Cell values keyed by the normalised header of their column. */
  cells: Map<string, CellValue>;
}

export interface ReadSheet {
  sheetName: string;
  headerRow: number;
  /** Normalised headers found, in column order. */
  headers: string[];
  rows: SheetRow[];
}

/**
 * Checks look every cell up by `normaliseHeader(name)` of a few constant names, for every row: the
 * answers are kept, so 200,000 rows cost a map lookup each, not five regular expressions (about
 * half of a payments check's time before). Bounded: headers a user typed pass through here too.
 */
const normalised = new Map<string, string>();
const NORMALISED_KEPT = 1_000;

/** Header text compared loosely: no spaces, full-width brackets as half-width, no trailing '*'. */
export function normaliseHeader(text: string): string {
  let n = normalised.get(text);
  if (n === undefined) {
    n = text
      .replace(/\s+/g, "")
      .replace(/（/g, "(")
      .replace(/）/g, ")")
      .replace(/\*$/, "")
      .replace(/^\*/, "");
    if (normalised.size < NORMALISED_KEPT && text.length <= 100) normalised.set(text, n);
  }
  return n;
}

/**
 * The text (UTF-16 units) a table's cells may hold in all. The worker hands its rows to the main
 * thread, which keeps them until the import ends, so this bounds what one file can make it hold
 * (about 200 MB). Real files are far below it: 200,000 ledger rows of ordinary text hold about 10 million.
 */
export const MAX_TABLE_TEXT = 100_000_000;

/** The `workerData` of a workbook-reading worker (`xlsx-read.ts` starts it, `xlsx-worker.ts` checks it). */
export const READER_ROLE = "wenxiao-xlsx-reader";

/** `_x000D_`: a character Excel escapes in a cell's XML (ST_Xstring); `_x005F_` escapes the underscore. */
const ESCAPED = /_x([0-9A-Fa-f]{4})_/g;

/** A cell's text with Excel's escapes decoded (`_x000D_` is a carriage return). */
export function cellText(raw: string): string {
  return raw.includes("_x") ? raw.replace(ESCAPED, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : raw;
}
