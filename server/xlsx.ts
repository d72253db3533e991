/**
 * Writing real .xlsx workbooks (exceljs), shared by templates and exports. Uploaded workbooks are read
 * by `readUploadedTable` (`xlsx-read.ts`): streaming, in a worker thread, within limits.
 */
import ExcelJS from "exceljs";
import type { CellValue } from "./xlsx-cells";

export { normaliseHeader, type CellValue, type ReadSheet, type SheetRow } from "./xlsx-cells";
export { readUploadedTable } from "./xlsx-read";

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
