/**
 * Workbooks that are small on disk and huge to a naive reader, built in memory for tests and the
 * bench: a sheet whose used range claims every row Excel has, and a sheet of a million real, empty
 * `<row>` elements. Both are patched into a workbook exceljs wrote, so everything else is ordinary.
 */
import JSZip from "jszip";
import { makeXlsx } from "./xlsx";

const SHEET = "xl/worksheets/sheet1.xml";

async function patchSheet(data: Buffer, patch: (xml: string) => string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(data);
  const xml = await zip.file(SHEET)!.async("string");
  zip.file(SHEET, patch(xml));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } });
}

/**
 * A workbook of `rows` whose first sheet's used range is the whole grid, A1:XFD1048576: the
 * `<dimension>` claims it and one formatted, empty cell sits in the last row and column (what is left
 * when someone formats a whole sheet, or presses Ctrl+End and types a space).
 */
export async function claimedDimensionWorkbook(headers: string[], rows: unknown[][]): Promise<Buffer> {
  return patchSheet(await makeXlsx(headers, rows), (xml) => {
    const patched = xml
      .replace(/<dimension ref="[^"]*"\s*\/>/, `<dimension ref="A1:XFD1048576"/>`)
      .replace("</sheetData>", `<row r="1048576"><c r="XFD1048576"/></row></sheetData>`);
    if (!patched.includes("A1:XFD1048576")) throw new Error("the sheet has no <dimension> to patch");
    return patched;
  });
}

/**
 * A workbook of `rows`, then `emptyRows` empty `<row>` elements (each with a style, as Excel writes
 * rows someone once formatted), then `lastRow` if given: a real row after the empty ones.
 */
export async function emptyRowsWorkbook(headers: string[], rows: unknown[][], emptyRows: number, lastRow?: unknown[]): Promise<Buffer> {
  const base = await makeXlsx(headers, lastRow ? [...rows, lastRow] : rows);
  const first = rows.length + 2; // row 1 is the header
  return patchSheet(base, (xml) => {
    const rowXml = [...xml.matchAll(/<row [^>]*>.*?<\/row>/gs)].map((m) => m[0]);
    const kept = rowXml.slice(0, rows.length + 1).join("");
    const empty: string[] = [];
    for (let r = first; r < first + emptyRows; r++) empty.push(`<row r="${r}" spans="1:${headers.length}" ht="15" customHeight="1"/>`);
    const last = lastRow ? rowXml[rows.length + 1].replace(/(<row r=")\d+/, `$1${first + emptyRows}`).replace(/(<c r="[A-Z]+)\d+/g, `$1${first + emptyRows}`) : "";
    return xml
      .replace(/<sheetData>.*<\/sheetData>/s, () => `<sheetData>${kept}${empty.join("")}${last}</sheetData>`)
      .replace(/<dimension ref="[^"]*"\s*\/>/, `<dimension ref="A1:${String.fromCharCode(64 + headers.length)}${first + emptyRows}"/>`);
  });
}

/** A workbook whose first data row's first cell holds a string of `chars` characters (shared, as Excel writes it). */
export async function hugeCellWorkbook(headers: string[], chars: number): Promise<Buffer> {
  const base = await makeXlsx(headers, [headers.map((_, i) => (i === 0 ? "HUGE" : `v${i}`))]);
  const zip = await JSZip.loadAsync(base);
  const path = "xl/sharedStrings.xml";
  const xml = await zip.file(path)!.async("string");
  zip.file(path, xml.replace("<t>HUGE</t>", () => `<t>${"x".repeat(chars)}</t>`));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}
