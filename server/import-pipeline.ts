/**
 * The one import pipeline of tables that are not the ledger: read the workbook → check every row →
 * a dry-run report → a commit in one transaction that checks again, writes every row or none, and
 * records the import in the audit chain. A kind (regions, accounts …) plugs in what is its own:
 * headers, what the check needs, the check, the preview and the write.
 */
import type { DbOrTx } from "../db/open";
import type { Problem } from "../contracts/errors";
import { IMPORT_MAX_PROBLEMS, type TableImportResult } from "../contracts/imports";
import type { ServiceContext, TxContext } from "./context";
import { AppError } from "./errors";
import { recordAudit } from "./modules/audit/record";
import { normaliseHeader, readUploadedTable, type ReadSheet } from "./xlsx";

export interface CheckOutcome<R> {
  /** Rows to write (new or changed). */
  records: R[];
  /** Rows that change nothing. */
  unchanged: number;
  problems: Problem[];
}

export interface Written {
  /** One line in Chinese for the audit trail and the answer: what was written. */
  summary: string;
  entityId?: string | number | null;
  /** What the audit record keeps of the import (never a password). */
  after?: unknown;
  /** Shown to the user once (see tableImportResultSchema.once). */
  once?: Record<string, string>[];
}

export interface TableImportKind<R, C> {
  /** In Chinese, as the user calls the table: 行政区划, 账户. */
  label: string;
  /** The audit trail's entity type of an import of this kind, e.g. region_import. */
  entityType: string;
  /** Headers a sheet must have; the first sheet holding them all in its first ten rows is read. */
  required: string[];
  /** What the check needs, read in the same transaction as the write on commit. */
  load(db: DbOrTx, ctx: ServiceContext): Promise<C>;
  /** Every row checked, each problem naming its row and column. */
  check(sheet: ReadSheet, context: C): CheckOutcome<R>;
  /** A record as the preview table shows it (Chinese column names). */
  preview(record: R, context: C): Record<string, string | number | null>;
  /** Writes the records inside the transaction. */
  write(tx: DbOrTx, records: R[], context: C, ctx: TxContext): Promise<Written>;
  /** Taken first in the commit transaction, so two imports of the kind cannot both pass the check. */
  lock?(tx: DbOrTx): Promise<void>;
}

const PREVIEW_ROWS = 20;

/**
 * Reads the sheet of an uploaded workbook holding the required headers, or refuses the file saying why
 * (in a worker thread, within the limits of `workbookReadSettings`; see `xlsx-read.ts`).
 */
export async function readImportSheet(fileName: string, data: Buffer | Uint8Array, required: string[], label: string): Promise<ReadSheet> {
  return readUploadedTable(fileName, data, required, label);
}

/**
 * Runs one import of a kind. A dry run reads, checks and previews; nothing is written. A commit does
 * the same inside one transaction and writes only when no row has a problem; otherwise it refuses the
 * whole file, naming every problem.
 */
export async function runTableImport<R, C>(
  kind: TableImportKind<R, C>,
  o: { ctx: ServiceContext; fileName: string; data: Buffer | Uint8Array; dryRun: boolean },
): Promise<TableImportResult> {
  const sheet = await readImportSheet(o.fileName, o.data, kind.required, kind.label);
  const answer = (outcome: CheckOutcome<R>, context: C, written: Written | null): TableImportResult => ({
    label: kind.label,
    fileName: o.fileName,
    dryRun: o.dryRun,
    rowCount: sheet.rows.length,
    newCount: outcome.records.length,
    unchangedCount: outcome.unchanged,
    problems: outcome.problems.slice(0, IMPORT_MAX_PROBLEMS),
    moreProblems: Math.max(0, outcome.problems.length - IMPORT_MAX_PROBLEMS),
    preview: outcome.records.slice(0, PREVIEW_ROWS).map((r) => kind.preview(r, context)),
    summary: written?.summary ?? null,
    once: written?.once ?? null,
  });

  if (o.dryRun) {
    const context = await kind.load(o.ctx.db, o.ctx);
    return answer(kind.check(sheet, context), context, null);
  }
  return o.ctx.db.transaction(async (tx) => {
    await kind.lock?.(tx);
    const context = await kind.load(tx, o.ctx);
    const outcome = kind.check(sheet, context);
    if (outcome.problems.length) {
      throw new AppError(
        "IMPORT_INVALID",
        `${o.fileName}：发现 ${outcome.problems.length} 处问题，未导入任何数据。请按提示修改后重新上传。`,
        outcome.problems.slice(0, IMPORT_MAX_PROBLEMS),
      );
    }
    if (!outcome.records.length) return answer(outcome, context, { summary: `${o.fileName}：没有新数据，未写入` });
    const written = await kind.write(tx, outcome.records, context, { ...o.ctx, db: tx });
    await recordAudit(tx, {
      actor: o.ctx.actor,
      ip: o.ctx.ip,
      action: "import",
      entityType: kind.entityType,
      entityId: written.entityId ?? null,
      summary: `导入${kind.label}：${o.fileName}，${written.summary}`,
      after: { fileName: o.fileName, rows: sheet.rows.length, written: outcome.records.length, unchanged: outcome.unchanged, ...(written.after ? { detail: written.after } : {}) },
    });
    return answer(outcome, context, written);
  });
}

/** A cell's text, trimmed; null when empty. */
export function cellText(sheet: ReadSheet["rows"][number], header: string): string | null {
  const v = sheet.cells.get(normaliseHeader(header));
  if (v === null || v === undefined) return null;
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();
  return s === "" ? null : s;
}
