/**
 * The plain text of an uploaded report (.docx, .txt, .pdf), for the 勾稽校验: paragraphs as lines and a
 * table row as one line of tab-separated cells, the layout `core/report/check.ts` reads. Every refusal
 * names the file and says what to do, in Chinese.
 */
import { createRequire } from "node:module";
import path from "node:path";
import JSZip from "jszip";
import { AppError } from "../../errors";

export const REPORT_EXTENSIONS = [".docx", ".txt", ".pdf"] as const;
export const REPORT_MAX_BYTES = 20 * 1024 * 1024;

const refuse = (fileName: string, message: string) => new AppError("VALIDATION_FAILED", `${fileName}：${message}`);

/** Extracts a report's text; throws a VALIDATION_FAILED AppError for a file it cannot read. */
export async function extractReportText(fileName: string, data: Buffer): Promise<string> {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === ".doc" || ext === ".wps") throw refuse(fileName, "不支持旧版 Word 格式，请在 Word 中另存为 .docx 后上传");
  if (!(REPORT_EXTENSIONS as readonly string[]).includes(ext)) throw refuse(fileName, `只能上传 ${REPORT_EXTENSIONS.join("、")} 文件`);
  if (data.length === 0) throw refuse(fileName, "文件是空的");
  if (data.length > REPORT_MAX_BYTES) throw refuse(fileName, `文件超过 ${REPORT_MAX_BYTES / 1024 / 1024} MB，请删去图片等附件后再上传`);
  if (ext === ".txt") return decodeText(data);
  if (ext === ".docx") return docxText(fileName, data);
  return pdfText(fileName, data);
}

// ─── .txt ───────────────────────────────────────────────────────────────────────────────────────

/**
 * UTF-8 (with or without BOM) or UTF-16 with a BOM; anything that is not valid UTF-8 is read as
 * GB18030, the encoding Chinese Windows saves plain text in.
 */
function decodeText(data: Buffer): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder("utf-16le").decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder("utf-16be").decode(data.subarray(2));
  try {
    // A UTF-8 decoder drops the BOM itself.
    return new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    return new TextDecoder("gb18030").decode(data);
  }
}

// ─── .docx ──────────────────────────────────────────────────────────────────────────────────────

async function docxText(fileName: string, data: Buffer): Promise<string> {
  const corrupt = () => refuse(fileName, "不是有效的 .docx 文件（文件可能已损坏），请在 Word 中打开后重新另存为 .docx");
  let xml: string | undefined;
  try {
    xml = await (await JSZip.loadAsync(data)).file("word/document.xml")?.async("string");
  } catch {
    throw corrupt();
  }
  if (xml === undefined) throw corrupt();
  return documentXmlText(xml);
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const decodeXml = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) =>
    e[0] !== "#" ? (ENTITIES[e] ?? whole) : String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );

type Frame = { kind: "p"; text: string } | { kind: "tc"; lines: string[] } | { kind: "tr"; cells: string[] } | { kind: "tbl"; rows: string[] };

/** The WordprocessingML elements that make the text; every other tag is skipped. */
const TOKEN = /<(\/?)(w:p|w:tbl|w:tr|w:tc|w:t|w:tab|w:br|w:cr|w:pPr|mc:Fallback)(?=[\s/>])[^>]*?(\/?)>|<[^>]*>|([^<]+)/g;

/**
 * Paragraphs → lines; a table → one line per row, cells joined by a tab (a cell's own paragraphs,
 * tabs and breaks become spaces, so they cannot split it). Text comes from w:t runs only, so deleted
 * text (w:delText) and field codes (w:instrText) stay out; mc:Fallback repeats its mc:Choice.
 */
export function documentXmlText(xml: string): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  let inText = false;
  let inProps = false;
  let skipping = 0;
  const top = () => stack[stack.length - 1];
  const inCell = () => stack.some((f) => f.kind === "tc");
  const append = (s: string) => {
    const p = top();
    if (p?.kind === "p") p.text += s;
  };
  const deliver = (lines: string[]) => {
    const parent = top();
    if (parent?.kind === "tc") parent.lines.push(...lines);
    else out.push(...lines);
  };
  for (const [, close, name, selfClose, text] of xml.matchAll(TOKEN)) {
    if (name === "mc:Fallback") skipping += close ? -1 : selfClose ? 0 : 1;
    if (skipping > 0 || name === "mc:Fallback") continue;
    if (text !== undefined) {
      if (inText) append(decodeXml(text));
      continue;
    }
    if (!name) continue;
    const opening = !close;
    switch (name) {
      case "w:t":
        inText = opening && !selfClose;
        break;
      case "w:pPr":
        inProps = opening && !selfClose;
        break;
      case "w:tab":
        // w:tab inside w:pPr is a tab stop definition, not a tab character.
        if (!inProps) append(inCell() ? " " : "\t");
        break;
      case "w:br":
      case "w:cr":
        append(inCell() ? " " : "\n");
        break;
      case "w:p":
        if (selfClose) deliver([""]);
        else if (opening) stack.push({ kind: "p", text: "" });
        else if (top()?.kind === "p") deliver((stack.pop() as { text: string }).text.split("\n"));
        break;
      case "w:tc":
        if (opening && !selfClose) stack.push({ kind: "tc", lines: [] });
        else if (close && top()?.kind === "tc") {
          const cell = stack.pop() as { lines: string[] };
          const row = top();
          if (row?.kind === "tr") row.cells.push(cell.lines.join(" ").trim());
        }
        break;
      case "w:tr":
        if (opening && !selfClose) stack.push({ kind: "tr", cells: [] });
        else if (close && top()?.kind === "tr") {
          const row = stack.pop() as { cells: string[] };
          const table = top();
          if (table?.kind === "tbl") table.rows.push(row.cells.join("\t"));
        }
        break;
      case "w:tbl":
        if (opening && !selfClose) stack.push({ kind: "tbl", rows: [] });
        else if (close && top()?.kind === "tbl") deliver((stack.pop() as { rows: string[] }).rows);
        break;
    }
  }
  return out.join("\n") + "\n";
}

// ─── .pdf ───────────────────────────────────────────────────────────────────────────────────────

interface PositionedText {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Files pdf.js reads for fonts that a PDF names but does not embed (common for Chinese text). */
const pdfjsDir = path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));

async function pdfText(fileName: string, data: Buffer): Promise<string> {
  // Loaded on first use: pdf.js is large, and only PDF uploads need it.
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of the array it is given; hand it a copy.
    data: new Uint8Array(data),
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    cMapUrl: path.join(pdfjsDir, "cmaps") + path.sep,
    standardFontDataUrl: path.join(pdfjsDir, "standard_fonts") + path.sep,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (e) {
    const encrypted = e instanceof Error && e.name === "PasswordException";
    throw refuse(fileName, encrypted ? "PDF 已加密，请去掉打开密码后再上传" : "不是有效的 PDF 文件（文件可能已损坏），请重新导出后上传，或上传 .docx");
  }
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      const items = content.items.flatMap((i) =>
        "str" in i && i.str.trim() ? [{ str: i.str, x: i.transform[4], y: i.transform[5], width: i.width, height: i.height || Math.abs(i.transform[3]) }] : [],
      );
      pages.push(pageLines(items).join("\n"));
    }
    const text = pages.join("\n");
    if (!text.trim()) throw refuse(fileName, "PDF 中没有可提取的文字（可能是扫描件），请上传由 Word 导出的 PDF 或 .docx");
    return text + "\n";
  } finally {
    await task.destroy();
  }
}

/**
 * Text items grouped into lines by their baseline (top of the page first), left to right. A gap
 * wider than about one character is where a table's cells part: it becomes a tab.
 */
export function pageLines(items: PositionedText[]): string[] {
  const lines: { y: number; height: number; items: PositionedText[] }[] = [];
  for (const item of [...items].sort((a, b) => b.y - a.y || a.x - b.x)) {
    const line = lines.find((l) => Math.abs(l.y - item.y) <= Math.max(2, Math.min(l.height, item.height) / 2));
    if (line) line.items.push(item);
    else lines.push({ y: item.y, height: item.height, items: [item] });
  }
  return lines
    .sort((a, b) => b.y - a.y)
    .map((l) => {
      const sorted = l.items.sort((a, b) => a.x - b.x);
      return sorted
        .map((item, i) => {
          const prev = sorted[i - 1];
          const gap = prev ? item.x - (prev.x + prev.width) : 0;
          return (gap > Math.max(item.height, prev?.height ?? 0) ? "\t" : "") + item.str;
        })
        .join("");
    });
}
