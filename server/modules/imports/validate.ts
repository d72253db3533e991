/**
 * Checks spreadsheet rows against the ledger. Pure: the caller loads the context (inside the import's
 * transaction when committing) and gets back the rows to write, the unchanged ones and every problem,
 * each naming its row and column in Chinese.
 */
import type { Problem } from "../../../contracts/errors";
import type { ImportKind } from "../../../contracts/imports";
import { formatDateCn, parseDate } from "../../../core/dates";
import { TEXT_LIMITS, tooLongMessage } from "../../../contracts/limits";
import { describeAmountProblem, describeOverLimit, describeOverYearTotal, exactTotal, formatWan, readAmount, type AmountUnit, type Fen } from "../../../core/money";
import { clipText } from "../../../core/text";
import type { CellValue } from "../../xlsx";
import { columnIndex, type CompactSheet } from "../../xlsx-read";

export interface Named {
  id: number;
  name: string;
}

export interface ImportContext {
  window: { from: string; to: string };
  /** A 县区 user may import rows of their own county only. */
  onlyCounty: Named | null;
  counties: Named[];
  sources: Named[];
  projects: { id: number; code: string; name: string; countyId: number }[];
  /** Payments already in the ledger, by voucher number. */
  existingPayments: Map<string, PaymentRecord>;
  /** Allocations already in the ledger, by allocationKey. */
  existingAllocations: Map<string, AllocationRecord>;
  /** Whole-year allocated money per `${countyId}|${sourceId}`, all dates. */
  allocatedTotals: Map<string, Fen>;
  /** Whole-year paid money per `${countyId}|${sourceId}`, all dates. */
  paidTotals: Map<string, Fen>;
  /** 单笔上限: the largest amount one row may carry (a setting, `server/settings.ts`). */
  maxRowAmountFen: Fen;
  /** 年度合计上限: the largest total of the kind (下达 or 支付) the fund year may reach (a setting). */
  maxYearTotalFen: Fen;
}

export interface PaymentRecord {
  rowNumber?: number;
  countyId: number;
  projectId: number;
  sourceId: number;
  amountFen: Fen;
  paidOn: string;
  voucherNo: string;
  note: string | null;
}

export interface AllocationRecord {
  rowNumber?: number;
  countyId: number;
  projectId: number | null;
  sourceId: number;
  amountFen: Fen;
  allocatedOn: string;
  docNo: string;
  note: string | null;
}

export function allocationKey(r: { docNo: string; countyId: number; sourceId: number; projectId: number | null }): string {
  return `${r.docNo}|${r.countyId}|${r.sourceId}|${r.projectId ?? 0}`;
}

const H = {
  county: "县区",
  project: "项目编号",
  source: "资金来源",
  amountWan: "金额(万元)",
  amountYuan: "金额(元)",
  date: { allocations: "下达日期", payments: "支付日期" },
  docNo: "文号",
  voucherNo: "凭证号",
  note: "备注",
} as const;

/** Headers a sheet must have besides an amount column (the amount may be in 万元 or 元). */
export function requiredHeaders(kind: ImportKind): string[] {
  return kind === "payments"
    ? [H.county, H.project, H.source, H.date.payments, H.voucherNo]
    : [H.county, H.source, H.date.allocations, H.docNo];
}

/** The header as the template writes it (full-width brackets), for messages. */
const shown = (h: string) => h.replace("(", "（").replace(")", "）");

/** The longest text each column takes (contracts/limits.ts). */
const MAX_LENGTH: Record<string, number> = {
  [H.county]: TEXT_LIMITS.lookup,
  [H.source]: TEXT_LIMITS.lookup,
  [H.project]: TEXT_LIMITS.code,
  [H.docNo]: TEXT_LIMITS.docNo,
  [H.voucherNo]: TEXT_LIMITS.voucherNo,
  [H.note]: TEXT_LIMITS.note,
};

/** The longest 凭证号 or 文号 a row may have: longer keys are refused by row and never looked up. */
export function keyMaxLength(kind: ImportKind): number {
  return kind === "payments" ? TEXT_LIMITS.voucherNo : TEXT_LIMITS.docNo;
}

export interface ValidationOutcome<R> {
  records: R[];
  unchanged: number;
  problems: Problem[];
}

function text(v: CellValue): string | null {
  if (v === null) return null;
  if (v instanceof Date) return null;
  const s = String(v).trim();
  return s === "" ? null : s;
}

/** Rows checked between two yields of the event loop: a 200,000-row file never holds it for long. */
const CHECK_CHUNK = 5_000;
const yieldLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function validateSheet(kind: "payments", sheet: CompactSheet, ctx: ImportContext): Promise<ValidationOutcome<PaymentRecord>>;
export function validateSheet(kind: "allocations", sheet: CompactSheet, ctx: ImportContext): Promise<ValidationOutcome<AllocationRecord>>;
export function validateSheet(kind: ImportKind, sheet: CompactSheet, ctx: ImportContext): Promise<ValidationOutcome<PaymentRecord | AllocationRecord>>;
/**
 * Checks every row of a sheet (in compact form), letting the event loop go between chunks of rows.
 */
export async function validateSheet(kind: ImportKind, sheet: CompactSheet, ctx: ImportContext): Promise<ValidationOutcome<PaymentRecord | AllocationRecord>> {
  const problems: Problem[] = [];
  const add = (row: number | null, column: string | null, message: string) =>
    problems.push({ row, column: column && shown(column), message });

  const amountHeader = columnIndex(sheet, H.amountWan) >= 0
    ? H.amountWan
    : columnIndex(sheet, H.amountYuan) >= 0
      ? H.amountYuan
      : null;
  if (!amountHeader) {
    add(null, null, `缺少金额列：请使用模板中的「${shown(kind === "payments" ? H.amountYuan : H.amountWan)}」列`);
    return { records: [], unchanged: 0, problems };
  }
  const unit: AmountUnit = amountHeader === H.amountWan ? "wan" : "yuan";
  if (sheet.rowNumbers.length === 0) {
    add(null, null, `工作表「${sheet.sheetName}」中没有数据行`);
    return { records: [], unchanged: 0, problems };
  }

  const countyByName = new Map(ctx.counties.map((c) => [c.name, c]));
  const sourceByName = new Map(ctx.sources.map((s) => [s.name, s]));
  const projectByCode = new Map(ctx.projects.map((p) => [p.code, p]));
  const countyName = new Map(ctx.counties.map((c) => [c.id, c.name]));
  const sourceName = new Map(ctx.sources.map((s) => [s.id, s.name]));
  const dateHeader = H.date[kind];
  const windowText = `${formatDateCn(ctx.window.from)}至${formatDateCn(ctx.window.to)}`;

  const records: (PaymentRecord | AllocationRecord)[] = [];
  let unchanged = 0;
  const seenKeys = new Map<string, number>();
  const running = new Map<string, Fen>();

  // Each header's column, looked up once for the file, not once per row.
  const columns = new Map<string, number>();
  for (const h of [H.county, H.project, H.source, amountHeader, dateHeader, H.docNo, H.voucherNo, H.note]) columns.set(h, columnIndex(sheet, h));
  const width = sheet.headers.length;
  const { values } = sheet;

  for (let i = 0; i < sheet.rowNumbers.length; i++) {
    if (i > 0 && i % CHECK_CHUNK === 0) await yieldLoop();
    const row = sheet.rowNumbers[i];
    const base = i * width;
    const get = (h: string): CellValue => {
      const c = columns.get(h)!;
      return c < 0 ? null : (values[base + c] ?? null);
    };
    const before = problems.length;
    const overLong = new Set<string>();
    /** A text cell within its column's length limit; an over-long one is this row's problem and reads as null. */
    const textOf = (h: string): string | null => {
      const v = text(get(h));
      if (v !== null && v.length > MAX_LENGTH[h]) {
        add(row, h, tooLongMessage(shown(h), v.length, MAX_LENGTH[h]));
        overLong.add(h);
        return null;
      }
      return v;
    };
    const tooLong = (h: string) => overLong.has(h);

    const countyText = textOf(H.county);
    let county = countyText ? countyByName.get(countyText) : undefined;
    if (!countyText) {
      if (!tooLong(H.county)) add(row, H.county, "县区不能为空");
    } else if (!county) add(row, H.county, `未知县区「${clipText(countyText)}」，应为本市县区之一：${ctx.counties.map((c) => c.name).join("、")}`);
    else if (ctx.onlyCounty && county.id !== ctx.onlyCounty.id) {
      add(row, H.county, `县区「${countyText}」不是您所属的县区（${ctx.onlyCounty.name}），不能导入其他县区的数据`);
      county = undefined;
    }

    const sourceText = textOf(H.source);
    const source = sourceText ? sourceByName.get(sourceText) : undefined;
    if (!sourceText) {
      if (!tooLong(H.source)) add(row, H.source, "资金来源不能为空");
    } else if (!source) add(row, H.source, `未知资金来源「${clipText(sourceText)}」，可选：${ctx.sources.map((s) => s.name).join("、")}`);

    const projectText = textOf(H.project);
    let projectId: number | null = null;
    if (!projectText) {
      if (kind === "payments" && !tooLong(H.project)) add(row, H.project, "项目编号不能为空");
    } else {
      const project = projectByCode.get(projectText);
      // A 县区 user learns nothing of another county's project, not even that the number exists.
      if (ctx.onlyCounty && (!project || project.countyId !== ctx.onlyCounty.id))
        add(row, H.project, `项目编号「${clipText(projectText)}」不是本县区（${ctx.onlyCounty.name}）本年度的项目`);
      else if (!project) add(row, H.project, `未知项目编号「${clipText(projectText)}」：本年度没有这个项目`);
      else if (county && project.countyId !== county.id)
        add(row, H.project, `项目「${projectText} ${project.name}」属于${countyName.get(project.countyId) ?? "其他县区"}，与本行县区「${county.name}」不符`);
      else projectId = project.id;
    }

    const rawAmount = get(amountHeader);
    let amountFen: Fen | null = null;
    if (rawAmount === null) add(row, amountHeader, "金额不能为空");
    else if (typeof rawAmount !== "number" && typeof rawAmount !== "string") add(row, amountHeader, `金额「${String(rawAmount)}」不是数字`);
    else {
      const parsed = readAmount(rawAmount, unit);
      if (!parsed.ok) add(row, amountHeader, describeAmountProblem(String(rawAmount), parsed.problem, unit));
      else if (parsed.units <= 0) add(row, amountHeader, `金额必须大于0，本行为「${clipText(String(rawAmount))}」`);
      else if (parsed.units > ctx.maxRowAmountFen) add(row, amountHeader, describeOverLimit(parsed.units, ctx.maxRowAmountFen));
      else amountFen = parsed.units;
    }

    const rawDate = get(dateHeader);
    const date = parseDate(rawDate as string | number | Date | null);
    if (rawDate === null) add(row, dateHeader, `${dateHeader}不能为空`);
    else if (!date) add(row, dateHeader, `「${clipText(String(rawDate))}」不是有效日期，请写成 2022-06-30 的形式`);
    else if (date < ctx.window.from || date > ctx.window.to)
      add(row, dateHeader, `${dateHeader} ${formatDateCn(date)} 超出本年度允许的范围（${windowText}）`);

    const keyHeader = kind === "payments" ? H.voucherNo : H.docNo;
    const keyText = textOf(keyHeader);
    if (!keyText && !tooLong(keyHeader)) add(row, keyHeader, `${keyHeader}不能为空`);
    const note = textOf(H.note);

    if (problems.length > before || !county || !source || amountFen === null || !date || !keyText) continue;

    if (kind === "payments") {
      const rec: PaymentRecord = { rowNumber: row, countyId: county.id, projectId: projectId!, sourceId: source.id, amountFen, paidOn: date, voucherNo: keyText, note };
      const dup = seenKeys.get(keyText);
      if (dup !== undefined) {
        add(row, H.voucherNo, `凭证号「${keyText}」与第${dup}行重复`);
        continue;
      }
      seenKeys.set(keyText, row);
      const existing = ctx.existingPayments.get(keyText);
      if (existing) {
        if (samePayment(existing, rec)) unchanged++;
        // Another county's voucher: a 县区 user learns only that the number is taken.
        else if (ctx.onlyCounty && existing.countyId !== ctx.onlyCounty.id) add(row, H.voucherNo, `凭证号「${keyText}」已被其他县区的支付使用，请核对凭证号`);
        else add(row, H.voucherNo, `凭证号「${keyText}」已导入过，但内容不同（已有：${describePayment(existing, countyName, sourceName)}）；如需更正请先撤销原记录`);
        continue;
      }
      // 超拨: the county's cumulative payments from this source may not pass what was allocated to it.
      const cell = `${county.id}|${source.id}`;
      const allocated = ctx.allocatedTotals.get(cell) ?? 0;
      const paidSoFar = (running.get(cell) ?? ctx.paidTotals.get(cell) ?? 0) + amountFen;
      running.set(cell, paidSoFar);
      if (paidSoFar > allocated) {
        add(
          row,
          amountHeader,
          `${county.name}${source.name}累计支付将达 ${formatWan(paidSoFar, { grouping: true })} 万元，超过已下达的 ${formatWan(allocated, { grouping: true })} 万元`,
        );
        continue;
      }
      records.push(rec);
    } else {
      const rec: AllocationRecord = { rowNumber: row, countyId: county.id, projectId, sourceId: source.id, amountFen, allocatedOn: date, docNo: keyText, note };
      const key = allocationKey(rec);
      const dup = seenKeys.get(key);
      if (dup !== undefined) {
        add(row, H.docNo, `与第${dup}行重复：同一文号对同一县区、资金来源${projectId ? "和项目" : ""}只能下达一笔`);
        continue;
      }
      seenKeys.set(key, row);
      const existing = ctx.existingAllocations.get(key);
      if (existing) {
        if (existing.amountFen === rec.amountFen && existing.allocatedOn === rec.allocatedOn) unchanged++;
        else
          add(
            row,
            H.docNo,
            `文号「${keyText}」对${county.name}${source.name}的下达已导入过，但金额或日期不同（已有：${formatWan(existing.amountFen, { grouping: true })} 万元，${formatDateCn(existing.allocatedOn)}）`,
          );
        continue;
      }
      records.push(rec);
    }
  }
  // The whole year's total of the kind after this file, exactly: above the bound the file is refused
  // (and its rows are not returned, so no sum of them is ever taken as a JavaScript number).
  const yearTotal = exactTotal(kind === "payments" ? ctx.paidTotals.values() : ctx.allocatedTotals.values()) + exactTotal(records.map((r) => r.amountFen));
  if (yearTotal > BigInt(ctx.maxYearTotalFen)) {
    add(null, amountHeader, describeOverYearTotal(kind === "payments" ? "支付" : "下达", yearTotal, ctx.maxYearTotalFen));
    return { records: [], unchanged, problems };
  }
  return { records, unchanged, problems };
}

function samePayment(a: PaymentRecord, b: PaymentRecord): boolean {
  return (
    a.countyId === b.countyId &&
    a.projectId === b.projectId &&
    a.sourceId === b.sourceId &&
    a.amountFen === b.amountFen &&
    a.paidOn === b.paidOn
  );
}

function describePayment(p: PaymentRecord, countyName: Map<number, string>, sourceName: Map<number, string>): string {
  return `${countyName.get(p.countyId) ?? ""} ${sourceName.get(p.sourceId) ?? ""} ${formatWan(p.amountFen, { grouping: true, decimals: 6 })} 万元，${formatDateCn(p.paidOn)}`;
}
