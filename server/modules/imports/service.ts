import type { DbOrTx } from "../../../db/open";
import { countyScope, type Actor } from "../../../core/access";
import type { ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import { assertEditable } from "../review/service";
import type { Problem } from "../../../contracts/errors";
import { IMPORT_KIND_LABEL, IMPORT_MAX_PROBLEMS, type ImportKind, type ImportResult } from "../../../contracts/imports";
import { formatDateCn } from "../../../core/dates";
import { formatWan, sumFen } from "../../../core/money";
import { AppError } from "../../errors";
import { columnIndex, readUploadedColumns, rowCount, type CompactSheet } from "../../xlsx-read";
import { listCounties, listSources } from "../../../db/queries/reference";
import { insertBatch, lockFundYear } from "../../../db/queries/imports";
import { openFundYearForWrite, resolveFundYear } from "../funds/service";
import * as repo from "./repository";
import { importSettings, ledgerSettings } from "../../settings";
import { keyMaxLength, requiredHeaders, validateSheet, type AllocationRecord, type ImportContext, type PaymentRecord } from "./validate";

export interface RunImportOptions {
  ctx: ServiceContext;
  kind: ImportKind;
  fundYearId: number;
  fileName: string;
  data: Buffer | Uint8Array;
  /** Check and preview only; nothing is written. */
  dryRun: boolean;
  onProgress?: (step: string) => void;
}

const PREVIEW_ROWS = 20;

async function loadContext(db: DbOrTx, actor: Actor, kind: ImportKind, fundYearId: number, keys: string[]): Promise<ImportContext> {
  const { row } = await resolveFundYear({ db, actor }, fundYearId);
  const own = countyScope(actor);
  // One after another: on a commit `db` is the transaction, whose queries must not overlap.
  const counties = await listCounties(db, row.fy.regionId);
  const sources = await listSources(db);
  const projects = await repo.listProjectKeys(db, fundYearId);
  const existingPayments = kind === "payments" ? await repo.existingPayments(db, fundYearId, keys) : new Map<string, PaymentRecord>();
  const existingAllocations = kind === "allocations" ? await repo.existingAllocations(db, fundYearId, keys) : new Map<string, AllocationRecord>();
  const allocatedTotals = await repo.totalsByCountySource(db, fundYearId, "allocations");
  const paidTotals = kind === "payments" ? await repo.totalsByCountySource(db, fundYearId, "payments") : new Map<string, number>();
  return {
    window:
      kind === "payments"
        ? { from: row.fy.paymentFrom, to: row.fy.paymentTo }
        : { from: row.fy.allocationFrom, to: row.fy.allocationTo },
    onlyCounty: own === null ? null : (counties.find((c) => c.id === own) ?? { id: own, name: "本县区" }),
    counties,
    sources,
    projects,
    existingPayments,
    existingAllocations,
    allocatedTotals,
    paidTotals,
    maxRowAmountFen: importSettings().maxRowAmountFen,
    maxYearTotalFen: ledgerSettings().maxYearTotalFen,
  };
}

function previewRows(
  kind: ImportKind,
  records: (PaymentRecord | AllocationRecord)[],
  ctx: ImportContext,
): Record<string, string | number | null>[] {
  const county = new Map(ctx.counties.map((c) => [c.id, c.name]));
  const source = new Map(ctx.sources.map((s) => [s.id, s.name]));
  const project = new Map(ctx.projects.map((p) => [p.id, `${p.code} ${p.name}`]));
  return records.slice(0, PREVIEW_ROWS).map((r): Record<string, string | number | null> =>
    kind === "payments"
      ? {
          行号: r.rowNumber ?? null,
          县区: county.get(r.countyId) ?? "",
          项目: project.get((r as PaymentRecord).projectId) ?? "",
          资金来源: source.get(r.sourceId) ?? "",
          "金额（万元）": formatWan(r.amountFen, { grouping: true, decimals: 6 }),
          支付日期: formatDateCn((r as PaymentRecord).paidOn),
          凭证号: (r as PaymentRecord).voucherNo,
        }
      : {
          行号: r.rowNumber ?? null,
          县区: county.get(r.countyId) ?? "",
          资金来源: source.get(r.sourceId) ?? "",
          "金额（万元）": formatWan(r.amountFen, { grouping: true, decimals: 6 }),
          文号: (r as AllocationRecord).docNo,
          下达日期: formatDateCn((r as AllocationRecord).allocatedOn),
          项目: (r as AllocationRecord).projectId ? (project.get((r as AllocationRecord).projectId!) ?? "") : "（未指定项目）",
        },
  );
}

/**
 * The natural keys the file names (凭证号 or 文号), to look up only those in the ledger. Keys over the
 * length limit are the row's problem and cannot be in the ledger, so they are not sent to the database.
 */
function keysOf(kind: ImportKind, sheet: CompactSheet): string[] {
  const column = columnIndex(sheet, kind === "payments" ? "凭证号" : "文号");
  if (column < 0) return [];
  const max = keyMaxLength(kind);
  const width = sheet.headers.length;
  const keys = new Set<string>();
  for (let i = 0; i < sheet.rowNumbers.length; i++) {
    const v = sheet.values[i * width + column];
    if (v === null || v === undefined) continue;
    const k = String(v).trim();
    if (k !== "" && k.length <= max) keys.add(k);
  }
  return [...keys];
}

/**
 * Imports allocations or payments from an .xlsx file. A dry run checks everything and writes nothing.
 * A commit re-checks inside one transaction holding the fund year's row lock, and writes every new row
 * or none: a file with any problem is refused whole.
 */
export async function runImport(o: RunImportOptions): Promise<ImportResult> {
  const label = IMPORT_KIND_LABEL[o.kind];
  o.onProgress?.("读取文件");
  const sheet = await readUploadedColumns(o.fileName, o.data, requiredHeaders(o.kind), label);

  // A county's payments, once sent for review or approved, are locked for that county. In a commit this
  // holds the package's lock to the end of the transaction, taken before the fund year's (the lock order
  // of review/service.lockSubmission), so a 送审 on another instance waits for the import or refuses it.
  const assertPackageEditable = async (db: DbOrTx) => {
    const own = countyScope(o.ctx.actor);
    if (o.kind === "payments" && own !== null) await assertEditable(db, o.ctx.actor, { fundYearId: o.fundYearId, countyId: own, kind: "payments" });
  };
  const check = async (db: DbOrTx) => {
    o.onProgress?.("校验数据");
    await openFundYearForWrite({ db, actor: o.ctx.actor }, o.fundYearId);
    const ctx = await loadContext(db, o.ctx.actor, o.kind, o.fundYearId, keysOf(o.kind, sheet));
    return { ctx, outcome: await validateSheet(o.kind, sheet, ctx) };
  };
  const result = (ctx: ImportContext, outcome: Awaited<ReturnType<typeof validateSheet>>, batchId: number | null): ImportResult => ({
    kind: o.kind,
    fileName: o.fileName,
    dryRun: o.dryRun,
    rowCount: rowCount(sheet),
    newCount: outcome.records.length,
    unchangedCount: outcome.unchanged,
    newAmountFen: sumFen(outcome.records.map((r) => r.amountFen)),
    problems: outcome.problems.slice(0, IMPORT_MAX_PROBLEMS),
    moreProblems: Math.max(0, outcome.problems.length - IMPORT_MAX_PROBLEMS),
    batchId,
    preview: previewRows(o.kind, outcome.records, ctx),
  });
  const refuse = (problems: Problem[]) =>
    new AppError(
      "IMPORT_INVALID",
      `${o.fileName}：发现 ${problems.length} 处问题，未导入任何数据。请按提示修改后重新上传。`,
      problems.slice(0, IMPORT_MAX_PROBLEMS),
    );

  if (o.dryRun) {
    await assertPackageEditable(o.ctx.db);
    const { ctx, outcome } = await check(o.ctx.db);
    return result(ctx, outcome, null);
  }

  return o.ctx.db.transaction(async (tx) => {
    await assertPackageEditable(tx);
    await lockFundYear(tx, o.fundYearId);
    const { ctx, outcome } = await check(tx);
    if (outcome.problems.length) throw refuse(outcome.problems);
    o.onProgress?.("写入数据库");
    let batchId: number | null = null;
    if (outcome.records.length) {
      batchId = await insertBatch(tx, {
        fundYearId: o.fundYearId,
        kind: o.kind,
        fileName: o.fileName,
        rowCount: rowCount(sheet),
        insertedCount: outcome.records.length,
        summary: { unchanged: outcome.unchanged, amountFen: sumFen(outcome.records.map((r) => r.amountFen)) },
      });
      if (o.kind === "payments") await repo.insertPayments(tx, o.fundYearId, batchId, outcome.records as PaymentRecord[]);
      else await repo.insertAllocations(tx, o.fundYearId, batchId, outcome.records as AllocationRecord[]);
      const amountFen = sumFen(outcome.records.map((r) => r.amountFen));
      await recordAudit(tx, {
        actor: o.ctx.actor,
        ip: o.ctx.ip,
        action: "import",
        entityType: o.kind === "payments" ? "payment_batch" : "allocation_batch",
        entityId: batchId,
        countyId: countyScope(o.ctx.actor),
        summary: `导入${label}：${o.fileName}，新增 ${outcome.records.length} 行，合计 ${formatWan(amountFen, { grouping: true })} 万元`,
        after: { fileName: o.fileName, rows: rowCount(sheet), inserted: outcome.records.length, unchanged: outcome.unchanged, amountFen },
      });
    }
    return result(ctx, outcome, batchId);
  });
}
