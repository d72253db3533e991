/**
 * Reads the table of an uploaded workbook in a worker thread (started by `xlsx-read.ts`), streaming:
 * the zip's parts are inflated piece by piece and the sheet XML is parsed as it comes, so a sheet that
 * claims a million rows (`<dimension ref="A1:XFD1048576">`) or holds a million empty `<row>`s costs
 * what its real rows cost. Reading stops at the end of the table's sheet, or as soon as the data rows
 * pass the cap. Cells read as `wb.xlsx.load` reads them: exceljs's own SAX wrapper, style table and
 * date rule (a number in a date format is a Date; 1904 dates honoured); formulas give their cached
 * result, rich text its text, hyperlinks their text.
 *
 * The parts are read in the workbook's order, not the zip's: the workbook, its relationships, the
 * styles and the shared strings first, then each sheet as the workbook lists them. exceljs's own
 * streaming reader follows the zip's order, which puts sheets before the shared strings in files
 * Excel writes, and then spools every sheet to a temporary file first.
 */
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import { parentPort, workerData } from "node:worker_threads";
import JSZip from "jszip";
import { cellText, MAX_TABLE_TEXT, normaliseHeader, READER_ROLE, type CellValue } from "./xlsx-cells";

const require = createRequire(import.meta.url);

interface SaxNode {
  name: string;
  attributes: Record<string, string>;
}
type SaxEvent = { eventType: "opentag"; value: SaxNode } | { eventType: "closetag"; value: SaxNode } | { eventType: "text"; value: string };
const parseSax = require("exceljs/lib/utils/parse-sax.js") as (chunks: AsyncIterable<string>) => AsyncGenerator<SaxEvent[]>;
const StylesXform = require("exceljs/lib/xlsx/xform/style/styles-xform.js") as new () => {
  parse(events: AsyncGenerator<SaxEvent[]>): Promise<unknown>;
  getStyleModel(id: number): { numFmt?: string } | null;
};
const excelUtils = require("exceljs/lib/utils/utils.js") as { isDateFmt(fmt: string | undefined): boolean; excelToDate(v: number, date1904: boolean): Date };

export interface ReadRequest {
  data: Uint8Array;
  /** Normalised headers the table's header row must hold. */
  required: string[];
  /** More data rows than this and the file is refused. */
  maxRows: number;
}

/** What the worker answers, in this order: `header`, `rows`…, `done`; or one of the others. */
export type ReadMessage =
  | { type: "header"; sheetName: string; headerRow: number; headers: string[] }
  /**
   * Rows in a compact form (no array or object per row): their numbers, and their values flat, row
   * after row, each row `headers.length` values in the order of `headers`.
   */
  | { type: "rows"; rowNumbers: Int32Array; values: CellValue[] }
  | { type: "done" }
  | { type: "missing"; firstHeaders: string[] }
  | { type: "invalid"; detail: string }
  | { type: "too-many"; sheetName: string; rowNumber: number }
  | { type: "too-much-text"; sheetName: string; rowNumber: number };

/** Rows per message: small enough that the main thread takes each in a moment. */
const CHUNK_ROWS = 5_000;
/** The header row is looked for among a sheet's first rows, as the templates put it. */
const HEADER_SEARCH_ROWS = 10;
const MAX_COLUMN = 16_384;
const MAX_ROW = 1_048_576;

class NotAWorkbook extends Error {}

const localName = (name: string) => name.slice(name.indexOf(":") + 1);

/** A zip part as text, decoded across chunk boundaries (a 汉字 split between two chunks stays whole). */
async function* partText(file: JSZip.JSZipObject): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  const stream = file.nodeStream("nodebuffer").pipe(new PassThrough());
  for await (const chunk of stream) yield decoder.decode(chunk as Buffer, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** A part's SAX events in batches (one per inflated chunk): looping over a batch costs no await per event. */
function saxBatches(file: JSZip.JSZipObject): AsyncGenerator<SaxEvent[]> {
  return parseSax(partText(file));
}

/** Zip paths as Excel resolves them: case-insensitive, either slash. */
function partFinder(zip: JSZip) {
  const byPath = new Map<string, JSZip.JSZipObject>();
  zip.forEach((path, file) => {
    if (!file.dir) byPath.set(path.replace(/\\/g, "/").replace(/^\//, "").toLowerCase(), file);
  });
  return (path: string) => byPath.get(path.toLowerCase()) ?? null;
}

/** A relationship target resolved against the folder of the part that names it. */
function resolveTarget(baseDir: string, target: string): string {
  const parts = (target.startsWith("/") ? target.slice(1) : baseDir + target).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== "." && p !== "") out.push(p);
  }
  return out.join("/");
}

async function readRels(file: JSZip.JSZipObject | null): Promise<{ id: string; type: string; target: string }[]> {
  const rels: { id: string; type: string; target: string }[] = [];
  if (!file) return rels;
  for await (const batch of saxBatches(file)) {
    for (const e of batch) {
      if (e.eventType === "opentag" && localName(e.value.name) === "Relationship") {
        const a = e.value.attributes;
        rels.push({ id: a.Id ?? "", type: a.Type ?? "", target: a.Target ?? "" });
      }
    }
  }
  return rels;
}

async function readWorkbookPart(file: JSZip.JSZipObject): Promise<{ sheets: { name: string; rId: string }[]; date1904: boolean }> {
  const sheets: { name: string; rId: string }[] = [];
  let date1904 = false;
  for await (const batch of saxBatches(file)) {
    for (const e of batch) {
      if (e.eventType !== "opentag") continue;
      const name = localName(e.value.name);
      const a = e.value.attributes;
      if (name === "workbookPr") date1904 = a.date1904 === "1" || a.date1904 === "true";
      else if (name === "sheet") {
        const rId = Object.entries(a).find(([k]) => k === "r:id" || k.endsWith(":id"))?.[1] ?? "";
        sheets.push({ name: a.name ?? "", rId });
      }
    }
  }
  return { sheets, date1904 };
}

/** The shared string table: each `<si>`'s text, runs joined, phonetic guides (`<rPh>`) left out. */
async function readSharedStrings(file: JSZip.JSZipObject | null): Promise<string[]> {
  const strings: string[] = [];
  if (!file) return strings;
  let text: string | null = null;
  let inT = false;
  let inPhonetic = false;
  for await (const batch of saxBatches(file)) {
    for (const e of batch) {
      if (e.eventType === "text") {
        if (inT && !inPhonetic && text !== null) text += e.value;
        continue;
      }
      const name = localName(e.value.name);
      if (e.eventType === "opentag") {
        if (name === "si") text = "";
        else if (name === "t") inT = true;
        else if (name === "rPh") inPhonetic = true;
      } else if (name === "si") {
        strings.push(text ?? "");
        text = null;
      } else if (name === "t") inT = false;
      else if (name === "rPh") inPhonetic = false;
    }
  }
  return strings;
}

/** "AB12" → column 28; null when the reference is not a cell's. */
function columnOf(ref: string): number | null {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
    if (col > MAX_COLUMN) return null;
  }
  return i === 0 ? null : col;
}

interface WorkbookParts {
  strings: string[];
  isDateStyle(styleId: number): boolean;
  date1904: boolean;
}

/** A cell's plain value as `xlsx.plainValue` gives it for the same cell read by `wb.xlsx.load`. */
function cellValue(parts: WorkbookParts, t: string | undefined, styleId: number, formula: boolean, v: string | null, inline: string | null): CellValue {
  let value: CellValue;
  const number = (text: string): CellValue => {
    const n = Number.parseFloat(text);
    if (Number.isNaN(n)) return text;
    return styleId && parts.isDateStyle(styleId) ? excelUtils.excelToDate(n, parts.date1904) : n;
  };
  if (t === "inlineStr") value = inline ?? v;
  else if (v === null) value = null;
  else if (t === "s" && !formula) value = parts.strings[Number.parseInt(v, 10)] ?? null;
  else if (t === "str" || t === "s" || t === "e") value = v;
  else if (t === "b") value = Number.parseInt(v, 10) !== 0;
  else if (t === "d") {
    const d = new Date(v);
    value = Number.isNaN(d.getTime()) ? v : d;
  } else value = number(v);
  if (typeof value === "string") {
    const s = cellText(value).trim();
    return s === "" ? null : s;
  }
  return value;
}

type SheetOutcome = { header: false; firstRow: CellValue[] | null } | { header: true };

async function readSheet(
  parts: WorkbookParts,
  sheetName: string,
  file: JSZip.JSZipObject,
  request: ReadRequest,
  post: (m: ReadMessage) => void,
): Promise<SheetOutcome> {
  // Before the header row is found: every cell of the row; after: the values in the header's columns.
  let headerCols = null as number[] | null;
  let colIndex = new Map<number, number>();
  let headerRow = 0;
  let firstRow = null as CellValue[] | null;
  let dataRows = 0;
  let tableText = 0;
  let chunkNumbers: number[] = [];
  let chunkValues: CellValue[] = [];
  const flush = () => {
    post({ type: "rows", rowNumbers: Int32Array.from(chunkNumbers), values: chunkValues });
    chunkNumbers = [];
    chunkValues = [];
  };

  let inSheetData = false;
  let rowNumber = 0;
  let rowCells: Map<number, CellValue> | null = null;
  let rowValues: CellValue[] | null = null;
  let rowAny = false;
  // The cell being read.
  let col = 0;
  let cellT: string | undefined;
  let cellStyle = 0;
  let cellFormula = false;
  let cellWanted = false;
  let v: string | null = null;
  let inline: string | null = null;
  let reading: "v" | "t" | null = null;
  let inPhonetic = false;

  const finishRow = (): "stop" | "more" => {
    if (headerCols === null) {
      const cells = [...rowCells!.entries()].sort((a, b) => a[0] - b[0]);
      if (firstRow === null && cells.some(([, value]) => value !== null)) firstRow = cells.map(([, value]) => value).filter((value) => value !== null);
      const found = new Map<number, string>();
      for (const [c, value] of cells) if (typeof value === "string") found.set(c, normaliseHeader(value));
      const present = new Set(found.values());
      if (request.required.every((h) => present.has(h))) {
        headerCols = [...found.keys()];
        colIndex = new Map(headerCols.map((c, i) => [c, i]));
        headerRow = rowNumber;
        post({ type: "header", sheetName, headerRow, headers: [...found.values()] });
      }
      return "more";
    }
    if (!rowAny || rowNumber <= headerRow) return "more";
    dataRows++;
    if (dataRows > request.maxRows) {
      post({ type: "too-many", sheetName, rowNumber });
      return "stop";
    }
    chunkNumbers.push(rowNumber);
    for (const value of rowValues!) chunkValues.push(value);
    if (chunkNumbers.length >= CHUNK_ROWS) flush();
    return "more";
  };

  for await (const batch of saxBatches(file)) {
    for (const e of batch) {
      if (e.eventType === "text") {
        if (reading === "v") v = (v ?? "") + e.value;
        else if (reading === "t" && !inPhonetic) inline = (inline ?? "") + e.value;
        continue;
      }
      const name = localName(e.value.name);
      if (e.eventType === "opentag") {
        const a = e.value.attributes;
        switch (name) {
          case "sheetData":
            inSheetData = true;
            break;
          case "row": {
            if (!inSheetData) break;
            const r = a.r === undefined ? rowNumber + 1 : Number(a.r);
            if (!Number.isInteger(r) || r < 1 || r > MAX_ROW) throw new NotAWorkbook(`row ${a.r}`);
            rowNumber = r;
            // Rows come in order; past the first rows without a header, this sheet holds no table.
            if (headerCols === null && rowNumber > HEADER_SEARCH_ROWS) return { header: false, firstRow };
            col = 0;
            rowAny = false;
            rowCells = headerCols === null ? new Map() : null;
            rowValues = headerCols === null ? null : new Array<CellValue>(headerCols.length).fill(null);
            break;
          }
          case "c": {
            if (rowCells === null && rowValues === null) break;
            const c = a.r === undefined ? col + 1 : columnOf(a.r);
            if (c === null) throw new NotAWorkbook(`cell ${a.r}`);
            col = c;
            cellWanted = rowCells !== null || colIndex.has(col);
            cellT = a.t;
            cellStyle = a.s ? Number.parseInt(a.s, 10) || 0 : 0;
            cellFormula = false;
            v = null;
            inline = null;
            break;
          }
          case "f":
            cellFormula = true;
            break;
          case "v":
            if (cellWanted) reading = "v";
            break;
          case "t":
            if (cellWanted) reading = "t";
            break;
          case "rPh":
            inPhonetic = true;
            break;
        }
      } else {
        switch (name) {
          case "v":
          case "t":
            reading = null;
            break;
          case "rPh":
            inPhonetic = false;
            break;
          case "c": {
            if (!cellWanted) break;
            cellWanted = false;
            const value = cellValue(parts, cellT, cellStyle, cellFormula, v, inline);
            if (value !== null) rowAny = true;
            if (rowCells !== null) rowCells.set(col, value);
            else {
              rowValues![colIndex.get(col)!] = value;
              if (typeof value === "string" && (tableText += value.length) > MAX_TABLE_TEXT) {
                post({ type: "too-much-text", sheetName, rowNumber });
                return { header: true };
              }
            }
            break;
          }
          case "row":
            if (rowCells === null && rowValues === null) break;
            if (finishRow() === "stop") return { header: true };
            rowCells = null;
            rowValues = null;
            break;
          case "sheetData":
            inSheetData = false;
            break;
        }
      }
    }
  }
  if (headerCols === null) return { header: false, firstRow };
  if (chunkNumbers.length) flush();
  post({ type: "done" });
  return { header: true };
}

async function readTable(request: ReadRequest, post: (m: ReadMessage) => void): Promise<void> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(request.data);
  } catch {
    throw new NotAWorkbook("not a zip");
  }
  const part = partFinder(zip);
  const rootRels = await readRels(part("_rels/.rels"));
  const bookPath = resolveTarget("", rootRels.find((r) => r.type.endsWith("/officeDocument"))?.target ?? "xl/workbook.xml");
  const bookFile = part(bookPath);
  if (!bookFile) throw new NotAWorkbook("no workbook part");
  const bookDir = bookPath.slice(0, bookPath.lastIndexOf("/") + 1);
  const bookRels = await readRels(part(`${bookDir}_rels/${bookPath.slice(bookDir.length)}.rels`));
  const book = await readWorkbookPart(bookFile);
  const relPath = (type: string, fallback: string) => {
    const rel = bookRels.find((r) => r.type.endsWith(type));
    return rel ? resolveTarget(bookDir, rel.target) : bookDir + fallback;
  };

  const styles = new StylesXform();
  const stylesFile = part(relPath("/styles", "styles.xml"));
  if (stylesFile) await styles.parse(parseSax(partText(stylesFile)));
  const dateStyle = new Map<number, boolean>();
  const parts: WorkbookParts = {
    strings: await readSharedStrings(part(relPath("/sharedStrings", "sharedStrings.xml"))),
    date1904: book.date1904,
    isDateStyle(styleId) {
      let known = dateStyle.get(styleId);
      if (known === undefined) {
        known = excelUtils.isDateFmt(stylesFile ? styles.getStyleModel(styleId)?.numFmt : undefined);
        dateStyle.set(styleId, known);
      }
      return known;
    },
  };

  let firstHeaders: string[] | null = null;
  for (const s of book.sheets) {
    const rel = bookRels.find((r) => r.id === s.rId);
    const file = rel ? part(resolveTarget(bookDir, rel.target)) : null;
    if (!file) continue;
    const outcome = await readSheet(parts, s.name, file, request, post);
    if (outcome.header) return;
    // As before: the first sheet's first non-empty row tells the user what was found instead.
    firstHeaders ??= (outcome.firstRow ?? []).map(String);
  }
  post({ type: "missing", firstHeaders: firstHeaders ?? [] });
}

/** A job the main thread sends: one file at a time per worker; every answer carries the job's id. */
export interface ReadJob {
  id: number;
  request: ReadRequest;
}

// Only in a worker started as a reader (this module is also imported for its types).
if (parentPort && workerData === READER_ROLE) {
  const port = parentPort;
  port.on("message", ({ id, request }: ReadJob) => {
    // A chunk's row numbers are moved, not copied.
    const post = (message: ReadMessage) => port.postMessage({ id, message }, message.type === "rows" ? [message.rowNumbers.buffer as ArrayBuffer] : []);
    // Whatever fails to read (not a zip, not XML, a broken entry, an impossible cell reference) is a
    // file that is not a workbook, as `wb.xlsx.load` has always said of it.
    readTable(request, post).catch((e: unknown) => post({ type: "invalid", detail: e instanceof Error ? e.message : String(e) }));
  });
  port.postMessage({ ready: true });
}
