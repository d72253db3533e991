/** Reading and writing real .xlsx workbooks (exceljs), shared by imports, templates and exports. */
import ExcelJS from "exceljs";

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

/** Header text compared loosely: no spaces, full-width brackets as half-width, no trailing '*'. */
export function normaliseHeader(text: string): string {
  return text
    .replace(/\s+/g, "")
    .replace(/（/g, "(")
    .replace(/）/g, ")")
    .replace(/\*$/, "")
    .replace(/^\*/, "");
}

/** The plain value of a cell: formulas give their result, rich text its text, hyperlinks their text. */
export function plainValue(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v.trim() === "" ? null : v.trim();
  if (typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v === "object") {
    if ("result" in v) return plainValue(v.result as ExcelJS.CellValue);
    if ("richText" in v) return plainValue(v.richText.map((r) => r.text).join(""));
    if ("text" in v) return plainValue((v as { text: string }).text);
    if ("error" in v) return String((v as { error: string }).error);
  }
  return String(v);
}

export class WorkbookReadError extends Error {}

export async function loadWorkbook(buffer: Buffer | Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new WorkbookReadError("文件不是有效的 .xlsx 工作簿（请用 Excel 或 WPS 另存为 .xlsx 后再上传）");
  }
  return wb;
}

/**
 * Finds the first sheet whose one of the first 10 rows holds every `required` header and reads the
 * rows below it. Returns null when no sheet has them (the caller names the missing columns).
 */
export function readTable(wb: ExcelJS.Workbook, required: string[]): ReadSheet | null {
  const want = required.map(normaliseHeader);
  for (const ws of wb.worksheets) {
    for (let r = 1; r <= Math.min(10, ws.rowCount); r++) {
      const headerCells = new Map<number, string>();
      ws.getRow(r).eachCell({ includeEmpty: false }, (cell, col) => {
        const v = plainValue(cell.value);
        if (typeof v === "string") headerCells.set(col, normaliseHeader(v));
      });
      const present = new Set(headerCells.values());
      if (!want.every((h) => present.has(h))) continue;
      const rows: SheetRow[] = [];
      for (let i = r + 1; i <= ws.rowCount; i++) {
        const row = ws.getRow(i);
        const cells = new Map<string, CellValue>();
        let any = false;
        for (const [col, header] of headerCells) {
          const v = plainValue(row.getCell(col).value);
          if (v !== null) any = true;
          cells.set(header, v);
        }
        if (any) rows.push({ rowNumber: i, cells });
      }
      return { sheetName: ws.name, headerRow: r, headers: [...headerCells.values()], rows };
    }
  }
  return null;
}

/** The headers of the first sheet's first non-empty row, to tell the user what was found instead. */
export function firstHeaders(wb: ExcelJS.Workbook): string[] {
  const ws = wb.worksheets[0];
  if (!ws) return [];
  for (let r = 1; r <= Math.min(10, ws.rowCount); r++) {
    const found: string[] = [];
    ws.getRow(r).eachCell({ includeEmpty: false }, (cell) => {
      const v = plainValue(cell.value);
      if (v !== null) found.push(String(v));
    });
    if (found.length) return found;
  }
  return [];
}

export interface ColumnSpec {
  header: string;
  width?: number;
  /** Excel number format, e.g. '#,##0.00'. */
  numFmt?: string;
  /** Shown as a cell note on the header: what goes in the column. */
  note?: string;
}

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDCE6F1" } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: "thin", color: { argb: "FFB0B0B0" } },
  left: { style: "thin", color: { argb: "FFB0B0B0" } },
  bottom: { style: "thin", color: { argb: "FFB0B0B0" } },
  right: { style: "thin", color: { argb: "FFB0B0B0" } },
};

export function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "问效 Wenxiao";
  wb.created = new Date();
  return wb;
}

/**
 * Adds a sheet with a bold header row (frozen), optional title rows above it, and data rows.
 * Returns the worksheet for further touches.
 */
export function addTableSheet(
  wb: ExcelJS.Workbook,
  name: string,
  columns: ColumnSpec[],
  rows: CellValue[][],
  options: { title?: string; subtitle?: string } = {},
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  let headerRowNo = 1;
  if (options.title) {
    ws.addRow([options.title]).font = { bold: true, size: 14 };
    ws.mergeCells(1, 1, 1, columns.length);
    headerRowNo++;
    if (options.subtitle) {
      ws.addRow([options.subtitle]).font = { color: { argb: "FF666666" } };
      ws.mergeCells(2, 1, 2, columns.length);
      headerRowNo++;
    }
  }
  const header = ws.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  header.eachCell((cell, col) => {
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    const note = columns[col - 1]?.note;
    if (note) cell.note = note;
  });
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width ?? Math.max(10, c.header.length * 2 + 2);
    if (c.numFmt) col.numFmt = c.numFmt;
  });
  for (const r of rows) {
    const row = ws.addRow(r);
    row.eachCell((cell) => (cell.border = THIN));
  }
  ws.views = [{ state: "frozen", ySplit: headerRowNo }];
  return ws;
}

export async function workbookBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An ISO date as an Excel date cell (midnight UTC, which exceljs writes without shifting). */
export function excelDate(iso: string): Date {
  return new Date(iso + "T00:00:00Z");
}

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
