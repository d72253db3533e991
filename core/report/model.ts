/**
 * The report as a document model: what the builder produces from data, what the preview, the .docx,
 * the PDF and the 勾稽校验 read. Pure data, no layout: renderers decide fonts and sizes.
 *
 * Every figure in the text is an inline that names its key in `figures`, where its trace (formula,
 * as-of date, the sums it came from, a link to the filtered records) lives.
 */

/** A run of text, or a figure with its display text ("23763", "81.24%", "二〇二二年七月"). */
export type Inline = { t: "text"; text: string } | { t: "fig"; key: string; text: string };

/** Where a figure came from, for the trace popover and the record check. */
export interface FigureTrace {
  /** What it is: 「2021年度预算执行率（全市）」. */
  label: string;
  /** How it is computed: 「已支付 ÷ 已下达（截至评价日）」. */
  formula: string;
  /** 评价日 the figure is computed as of, ISO; null for figures that do not depend on a date. */
  asOf: string | null;
  /** The sums it came from, in words and figures. */
  parts: { label: string; text: string }[];
  /** The web page of the records behind it, with its query (fundYear etc. are added by the client). */
  link: { path: string; query: Record<string, string> } | null;
  /** Other records a reader may want beside the main list (下达明细 beside 支付明细 for a 执行率). */
  related?: { label: string; path: string; query: Record<string, string> }[];
}

export interface ReportFigure {
  key: string;
  /** As the report writes it. */
  text: string;
  /** The exact value as a decimal string ("81.24", "23763", "90.02"), null for words (grades, names). */
  value: string | null;
  trace: FigureTrace;
}

/** Where a paragraph's words come from. */
export type ParagraphSource =
  /** Written by the system from data (its template is built in). */
  | "computed"
  /** A stored text of the programme / fund year (policy background …). */
  | "text"
  /** Drafted by a drafting rule (chapters 五–七). */
  | "rule"
  /** The words of a finding (问题) recorded on the task (chapter 六). */
  | "finding"
  /** Edited by a person on this report. */
  | "edited";

export type ReportBlock =
  /**
   * Heading levels of 党政机关公文: 1 「一、」 黑体, 2 「（一）」 楷体, 3 「1.」 仿宋加粗, 4 「(1)」 仿宋.
   * `key` is set when the heading's words can be edited (the titles of drafted sections).
   */
  | { kind: "heading"; level: 1 | 2 | 3 | 4; text: string; key: string | null }
  | {
      kind: "paragraph";
      key: string;
      inlines: Inline[];
      source: ParagraphSource;
      /** Version of the edit (or stored text) shown; null for the built-in wording. */
      version: number | null;
    }
  | {
      kind: "table";
      key: string;
      /** 「表1 各指标得分情况表」 */
      caption: string;
      header: string[];
      rows: Inline[][][];
      /** Relative column widths (they add up to any total; renderers scale them to the 版心). */
      widths: number[];
    };

export interface ReportDocument {
  /** 「临沂市老旧小区改造补助资金全周期跟踪问效报告」 */
  title: string;
  /** The cover date as the seed writes it: 「二〇二二年七月」. */
  dateText: string;
  /** Who wrote it (the evaluator firm), for the cover; null when not known. */
  author: string | null;
  blocks: ReportBlock[];
  figures: Record<string, ReportFigure>;
  meta: {
    taskId: number;
    taskName: string;
    fundYearId: number;
    year: number;
    region: string;
    asOf: string;
    /** A live draft (recomputed from current data) or a version frozen at finalisation. */
    live: boolean;
    /** Frozen version number, null for a live draft. */
    version: number | null;
    /** ISO timestamp. */
    generatedAt: string;
    isDemo: boolean;
  };
}

/** Plain text of a run of inlines. */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines.map((i) => i.text).join("");
}

/** One line group of the plain text, with the block (and table row) it comes from. */
export interface TextLine {
  text: string;
  /** Index in `blocks`; null for the cover lines. */
  block: number | null;
  /** For a table: -1 the caption, 0 the header, 1… the rows. */
  row: number | null;
  /** 1-based line number of its first line in documentText. */
  line: number;
}

/**
 * The whole report as plain text lines: headings and paragraphs as lines, a table as its caption, then
 * one line per row with cells separated by tabs (the seed's own layout); a blank line between groups.
 */
export function documentLines(doc: ReportDocument): TextLine[] {
  const out: TextLine[] = [];
  let line = 1;
  const push = (text: string, block: number | null, row: number | null) => {
    out.push({ text, block, row, line });
    line += text.split("\n").length + 1;
  };
  push(doc.title, null, null);
  push(doc.dateText, null, null);
  doc.blocks.forEach((b, i) => {
    if (b.kind === "heading") push(b.text, i, null);
    else if (b.kind === "paragraph") push(inlineText(b.inlines), i, null);
    else {
      push(b.caption, i, -1);
      push(b.header.join("\t"), i, 0);
      b.rows.forEach((r, j) => push(r.map(inlineText).join("\t"), i, j + 1));
    }
  });
  return out;
}

/** The whole report as plain text (see documentLines). */
export function documentText(doc: ReportDocument): string {
  return documentLines(doc).map((l) => l.text).join("\n\n") + "\n";
}
