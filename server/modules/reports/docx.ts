/**
 * The report as a .docx in the 党政机关公文格式 of GB/T 9704-2012: A4, 天头 37 mm, 订口 28 mm, 版心
 * 156 × 225 mm holding 22 lines of 28 characters, title 2号 小标宋, body 3号 仿宋, headings 黑体 /
 * 楷体 / 仿宋加粗 / 仿宋, page numbers 4号 宋体 「— 1 —」 under the 版心 (odd pages right, even pages
 * left), a cover page without a number.
 *
 * This file is the typesetting of record: the HTML page and the PDF conversion take the fonts, the
 * title's lines and the draft marks from here.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IParagraphStyleOptions,
  type ISectionOptions,
} from "docx";
import { formatDateCn } from "../../../core/dates";
import type { Inline, ReportBlock, ReportDocument } from "../../../core/report/model";

export interface RenderDocxOptions {
  /**
   * "word" (default): the 22 × 28 layout as a linesAndChars document grid, as a bureau's Word template
   * has it. "libreoffice": the same layout without the grid, for the PDF — LibreOffice gives every
   * character two grid cells when the grid's pitch is narrower than the font, where Word compresses.
   */
  target?: "word" | "libreoffice";
}
type Target = NonNullable<RenderDocxOptions["target"]>;

/** Twips (1/20 pt) from millimetres. */
const mm = (v: number) => Math.round((v * 1440) / 25.4);

const PAGE = {
  width: mm(210),
  height: mm(297),
  top: mm(37), // 天头
  left: mm(28), // 订口
  right: mm(210 - 28 - 156),
  bottom: mm(297 - 37 - 225),
};
/** 版心 */
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const TEXT_HEIGHT = PAGE.height - PAGE.top - PAGE.bottom;
const LINES_PER_PAGE = 22;
const CHARS_PER_LINE = 28;

/** 字号 in points. */
const PT = { 二号: 22, 三号: 16, 四号: 14, 小四: 12 } as const;
/** Half-points, the unit of w:sz. */
const sz = (pt: number) => pt * 2;

// Both rounded down: a pitch a hair too large fits only 21 lines or 27 characters.
const LINE_PITCH = Math.floor(TEXT_HEIGHT / LINES_PER_PAGE);
/** w:charSpace, in 1/4096 pt added to the pitch of the default (3号) character. */
const CHAR_SPACE = Math.floor((TEXT_WIDTH / CHARS_PER_LINE / 20 - PT.三号) * 4096);
/** Without a grid the same pitch is the 3号 character condensed by this many twips. */
const CONDENSE = Math.floor(TEXT_WIDTH / CHARS_PER_LINE - PT.三号 * 20);
/** One body character, in twips, for indents given in characters. */
const CHAR_PITCH = Math.floor(TEXT_WIDTH / CHARS_PER_LINE);

const LATIN = "Times New Roman";

/**
 * The Chinese fonts the .docx names, as a bureau's Word has them: the font-table entry (altName,
 * charset 86 = GB2312 and panose tell Word what to substitute), and the faces the HTML and the PDF
 * conversion fall back to where the font is missing — Windows, macOS, then Noto CJK as Debian's
 * fonts-noto-cjk installs it.
 */
export const REPORT_FONTS = {
  fangsong: {
    name: "仿宋_GB2312",
    table: { altName: "仿宋", panose: "02010609030101010101", family: "modern", pitch: "fixed" },
    fallbacks: ["仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC"],
    generic: "serif",
  },
  kai: {
    name: "楷体_GB2312",
    table: { altName: "楷体", panose: "02010609030101010101", family: "modern", pitch: "fixed" },
    fallbacks: ["楷体", "KaiTi", "STKaiti", "AR PL UKai CN", "Noto Serif CJK SC"],
    generic: "serif",
  },
  hei: {
    name: "黑体",
    table: { altName: "SimHei", panose: "02010609060101010101", family: "modern", pitch: "fixed" },
    fallbacks: ["SimHei", "STHeiti", "Noto Sans CJK SC"],
    generic: "sans-serif",
  },
  song: {
    name: "宋体",
    table: { altName: "SimSun", panose: "02010600030101010101", family: "auto", pitch: "variable" },
    fallbacks: ["SimSun", "STSong", "Noto Serif CJK SC"],
    generic: "serif",
  },
  title: {
    name: "方正小标宋简体",
    table: { altName: "宋体", panose: "02000000000000000000", family: "auto", pitch: "variable" },
    fallbacks: ["FZXiaoBiaoSong-B05S", "宋体", "SimSun", "STSong", "Noto Serif CJK SC"],
    generic: "serif",
  },
} as const;
const FONT = {
  fangsong: REPORT_FONTS.fangsong.name,
  kai: REPORT_FONTS.kai.name,
  hei: REPORT_FONTS.hei.name,
  song: REPORT_FONTS.song.name,
  title: REPORT_FONTS.title.name,
};

/** Chinese in `eastAsia`; Latin letters and digits of the same run in Times New Roman. */
const fonts = (eastAsia: string) => ({ ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia });

/** docx writes only embedded fonts into the font table, so the table is written here. */
function fontTableXml(): string {
  const entry = (name: string, t: { altName: string; panose: string; family: string; pitch: string }, charset: string) =>
    `<w:font w:name="${name}"><w:altName w:val="${t.altName}"/><w:panose1 w:val="${t.panose}"/>` +
    `<w:charset w:val="${charset}"/><w:family w:val="${t.family}"/><w:pitch w:val="${t.pitch}"/></w:font>`;
  const latin = entry(LATIN, { altName: "Liberation Serif", panose: "02020603050405020304", family: "roman", pitch: "variable" }, "00");
  const chinese = Object.values(REPORT_FONTS).map((f) => entry(f.name, f.table, "86"));
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${[latin, ...chinese].join("")}</w:fonts>`
  );
}

/** The lines that mark a report that is not a final real one: demo data, a live draft. */
export function reportMarks(meta: ReportDocument["meta"]): string[] {
  const marks: string[] = [];
  if (meta.isDemo) marks.push("示例数据");
  if (meta.live) marks.push(`草稿（未定稿）— 数据截至 ${formatDateCn(meta.asOf)}`);
  return marks;
}

/** A 2号 line of the 版心 holds 20 characters. */
const TITLE_LINE_CHARS = Math.floor(TEXT_WIDTH / (PT.二号 * 20));

/**
 * The title in lines, broken between two words near the middle: a 公文 title is set in balanced lines,
 * not a full line and a stub (「……问效 / 报告」). A title that fits one line, or needs more than two,
 * is left to the renderer's wrapping.
 */
export function titleLines(title: string): string[] {
  if (title.length <= TITLE_LINE_CHARS || title.length > 2 * TITLE_LINE_CHARS) return [title];
  const middle = title.length / 2;
  const breaks = [...new Intl.Segmenter("zh-CN", { granularity: "word" }).segment(title)]
    .map((s) => s.index)
    .filter((i) => i > 0 && i <= TITLE_LINE_CHARS && title.length - i <= TITLE_LINE_CHARS);
  if (breaks.length === 0) return [title];
  const at = breaks.reduce((best, i) => (Math.abs(i - middle) < Math.abs(best - middle) ? i : best));
  return [title.slice(0, at), title.slice(at)];
}

const INDENT_2_CHARS = { firstLineChars: 200, firstLine: 2 * CHAR_PITCH };
const NO_INDENT = { firstLineChars: 0, firstLine: 0 };
const SINGLE = { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO };

/** 正文: justified, first line indented two characters; on the grid in Word, on an exact pitch without it. */
function normalStyle(target: Target): IParagraphStyleOptions {
  const grid = target === "word";
  return {
    id: "Normal",
    name: "Normal",
    quickFormat: true,
    paragraph: {
      alignment: AlignmentType.BOTH,
      indent: INDENT_2_CHARS,
      spacing: grid ? { before: 0, after: 0 } : { before: 0, after: 0, line: LINE_PITCH, lineRule: LineRuleType.EXACT },
    },
    run: { font: fonts(FONT.fangsong), size: sz(PT.三号), ...(grid ? {} : { characterSpacing: CONDENSE }) },
  };
}

const heading = (level: 1 | 2 | 3 | 4, eastAsia: string, bold: boolean): IParagraphStyleOptions => ({
  id: `Heading${level}`,
  name: `heading ${level}`,
  basedOn: "Normal",
  next: "Normal",
  quickFormat: true,
  paragraph: { outlineLevel: level - 1, keepNext: true, keepLines: true },
  run: { font: fonts(eastAsia), size: sz(PT.三号), bold, color: "000000" },
});

/** Ids and names of Word's built-in styles, so a bureau's template and the navigation pane know them. */
function paragraphStyles(target: Target): IParagraphStyleOptions[] {
  return [
    normalStyle(target),
    heading(1, FONT.hei, false), // 「一、」 黑体
    heading(2, FONT.kai, false), // 「（一）」 楷体
    heading(3, FONT.fangsong, true), // 「1.」 仿宋加粗
    heading(4, FONT.fangsong, false), // 「(1)」 仿宋
    {
      id: "Title",
      name: "Title",
      basedOn: "Normal",
      next: "Normal",
      quickFormat: true,
      paragraph: {
        alignment: AlignmentType.CENTER,
        indent: NO_INDENT,
        // Exact leading: on the grid a 2号 line would take two grid lines.
        spacing: { before: 4 * LINE_PITCH, after: 0, line: 700, lineRule: LineRuleType.EXACT },
      },
      run: { font: fonts(FONT.title), size: sz(PT.二号) },
    },
    {
      id: "Caption",
      name: "caption",
      basedOn: "Normal",
      next: "Normal",
      quickFormat: true,
      paragraph: { alignment: AlignmentType.CENTER, indent: NO_INDENT, keepNext: true },
      run: { bold: true },
    },
    {
      id: "TableText",
      name: "Table Text",
      basedOn: "Normal",
      paragraph: { alignment: AlignmentType.CENTER, indent: NO_INDENT, spacing: { ...SINGLE, before: 60, after: 60 } },
      run: { size: sz(PT.小四) },
    },
    {
      id: "Header",
      name: "header",
      basedOn: "Normal",
      paragraph: { alignment: AlignmentType.CENTER, indent: NO_INDENT, spacing: SINGLE },
      run: { size: sz(PT.小四) },
    },
    {
      id: "Footer",
      name: "footer",
      basedOn: "Normal",
      paragraph: { indent: NO_INDENT, spacing: SINGLE },
      // 4号 半角宋体 digits (GB/T 9704 7.5).
      run: { font: { ascii: FONT.song, hAnsi: FONT.song, cs: FONT.song, eastAsia: FONT.song }, size: sz(PT.四号) },
    },
  ];
}

const runs = (inlines: readonly Inline[]) => inlines.map((i) => new TextRun(i.text));

/** The relative widths scaled to the 版心, rounded down so the table never passes it. */
function columnWidths(widths: readonly number[]): number[] {
  const total = widths.reduce((a, b) => a + b, 0);
  return widths.map((w) => Math.floor((w / total) * TEXT_WIDTH));
}

function renderTable(block: Extract<ReportBlock, { kind: "table" }>): (Paragraph | Table)[] {
  const columns = columnWidths(block.widths);
  const cell = (content: TextRun[], i: number) =>
    new TableCell({
      width: { size: columns[i], type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      children: [new Paragraph({ style: "TableText", children: content })],
    });
  const line = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
  const table = new Table({
    width: { size: columns.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: columns,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    rows: [
      new TableRow({
        tableHeader: true, // repeated at the top of each page the table runs onto
        cantSplit: true,
        children: block.header.map((h, i) => cell([new TextRun({ text: h, bold: true })], i)),
      }),
      ...block.rows.map((row) => new TableRow({ cantSplit: true, children: row.map((c, i) => cell(runs(c), i)) })),
    ],
  });
  return [new Paragraph({ style: "Caption", children: [new TextRun(block.caption)] }), table];
}

function renderBlock(block: ReportBlock): (Paragraph | Table)[] {
  switch (block.kind) {
    case "heading":
      return [new Paragraph({ style: `Heading${block.level}`, children: [new TextRun(block.text)] })];
    case "paragraph":
      return [new Paragraph({ children: runs(block.inlines) })];
    case "table":
      return renderTable(block);
  }
}

/** Title (in balanced lines), then author and date lower on the page. */
function cover(doc: ReportDocument): Paragraph[] {
  const title = titleLines(doc.title).map((text, i) => new TextRun({ text, break: i === 0 ? undefined : 1 }));
  const centred = (text: string, before: number) =>
    new Paragraph({ alignment: AlignmentType.CENTER, indent: NO_INDENT, spacing: { before }, children: [new TextRun(text)] });
  const lines = [doc.author, doc.dateText].filter((t): t is string => !!t);
  return [new Paragraph({ style: "Title", children: title }), ...lines.map((t, i) => centred(t, i === 0 ? 10 * LINE_PITCH : 0))];
}

/** GB/T 9704 7.5: 「— 1 —」, odd pages right and even pages left, one character in from the edge. */
function pageNumberFooter(odd: boolean): Footer {
  const oneChar = PT.四号 * 20;
  return new Footer({
    children: [
      new Paragraph({
        style: "Footer",
        alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: odd ? { right: oneChar } : { left: oneChar },
        children: [new TextRun({ children: ["— ", PageNumber.CURRENT, " —"] })],
      }),
    ],
  });
}

/** The demo and draft marks, on every page the cover included; none on a final real report. */
function marksHeaders(doc: ReportDocument): ISectionOptions["headers"] {
  const marks = reportMarks(doc.meta);
  if (marks.length === 0) return undefined;
  const header = () => new Header({ children: marks.map((m) => new Paragraph({ style: "Header", children: [new TextRun(m)] })) });
  return { default: header(), even: header() };
}

/** What an uploaded copy carries to be matched to its task: 「wenxiao-task:7;version:2」 (a draft: version:draft). */
function reportTag(meta: ReportDocument["meta"]): string {
  return `wenxiao-task:${meta.taskId};version:${meta.version ?? "draft"}`;
}

function sectionProperties(target: Target, pageNumberStart?: number): ISectionOptions["properties"] {
  return {
    page: {
      size: { width: PAGE.width, height: PAGE.height },
      margin: {
        top: PAGE.top,
        left: PAGE.left,
        right: PAGE.right,
        bottom: PAGE.bottom,
        header: mm(15),
        // The number's line starts 7 mm under the 版心 (GB/T 9704 7.5); a 4号 line is about 5 mm.
        footer: mm(297 - 37 - 225 - 7 - 5),
        gutter: 0,
      },
      ...(pageNumberStart === undefined ? {} : { pageNumbers: { start: pageNumberStart } }),
    },
    ...(target === "word" ? { grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE_PITCH, charSpace: CHAR_SPACE } } : {}),
  };
}

function buildDocument(doc: ReportDocument, target: Target): Document {
  return new Document({
    title: doc.title,
    subject: doc.meta.taskName,
    creator: "问效 Wenxiao",
    lastModifiedBy: "问效 Wenxiao",
    description: reportTag(doc.meta),
    customProperties: [
      { name: "WenxiaoTaskId", value: String(doc.meta.taskId) },
      { name: "WenxiaoVersion", value: doc.meta.version === null ? "draft" : String(doc.meta.version) },
    ],
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: { document: { run: { font: fonts(FONT.fangsong), size: sz(PT.三号), language: { value: "en-US", eastAsia: "zh-CN" } } } },
      paragraphStyles: paragraphStyles(target),
    },
    // The cover is a section of its own without footers; the body's pages count from 1, so the first
    // body page is odd in Word and LibreOffice alike.
    sections: [
      { properties: sectionProperties(target), headers: marksHeaders(doc), children: cover(doc) },
      {
        properties: sectionProperties(target, 1),
        headers: marksHeaders(doc),
        footers: { default: pageNumberFooter(true), even: pageNumberFooter(false) },
        children: doc.blocks.flatMap(renderBlock),
      },
    ],
  });
}

export async function renderDocx(doc: ReportDocument, options: RenderDocxOptions = {}): Promise<Buffer> {
  const fontTable = { path: "word/fontTable.xml", data: fontTableXml() };
  return Packer.toBuffer(buildDocument(doc, options.target ?? "word"), false, [fontTable]);
}
