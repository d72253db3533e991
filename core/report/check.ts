/**
 * 勾稽校验 of a performance-evaluation report: reads the report's plain text (one Wenxiao generated, or
 * one written in Word and extracted from .docx / .txt / .pdf), finds every figure that takes part in a
 * relation — a *claim*, with a stable key and its place — and checks that tables add up, rates equal
 * their ratios, fund compositions sum, repeated figures agree, the grade fits the score and counts
 * agree. Given the parse of the report generated from current data, it also compares every figure
 * with its record, which is the only way to catch an edited figure that no sum covers (Table 2).
 *
 * Pure: text in, findings out. Decimals are exact (BigInt scaled to 10^-6), never binary floats.
 */
import { divRoundHalfUp } from "../money";
import { DEFAULT_GRADE_SCALE, describeGradeScale, gradeOf, type GradeScale } from "../scoring/grades";
import { parsePoints } from "../scoring/points";
import { pushTo } from "../collections";

// ─── Types ──────────────────────────────────────────────────────────────────────────────────────

/** Where a figure stands in the report. */
export interface Location {
  /** The chapter heading it is under, e.g. 「四、评价结论和绩效分析」; "" before the first chapter. */
  chapter: string;
  /** 「表1」; null for a figure in the text. */
  table: string | null;
  /** A table's row label (「得分」「兰山区」) or, in the text, what the sentence is about (「决策」「资金构成」). */
  row: string | null;
  /** A table's column label (「决策」) or, in the text, the figure's own label (「实际得分」「中央补助」). */
  column: string | null;
  /** 1-based line in the text. */
  line: number;
}

/** The unit a claim's `value` is in; money is always converted to 万元 so 元 and 亿元 texts compare. */
export type ClaimUnit = "分" | "%" | "万元" | "个" | "户" | "万平方米" | "序号" | "等级";

/** A figure that takes part in a relation. */
export interface Claim {
  /** Stable semantic key: `table1.score.决策`, `funds.source.中央补助`, `text.level1.决策.rate` … */
  key: string;
  /** As written ("23,763", "８６.７７", "优"). */
  text: string;
  /** Exact value as a plain decimal ("23763", "86.77" for 86.77%); null for words (a grade). */
  value: string | null;
  unit: ClaimUnit;
  location: Location;
  /** Offsets of `text` in the input, [start, end): for highlighting, or replacing it in a test. */
  start: number;
  end: number;
}

export type Measure = "weight" | "score" | "rate";

/** 表1 各指标得分情况表: 分值 / 得分 / 得分率 of each level-1 indicator and of 合计. */
export interface Table1 {
  name: string;
  line: number;
  /** Level-1 indicator names in table order, without 合计. */
  indicators: string[];
  cells: Record<Measure, Record<string, Claim>>;
}

export interface Table2Row {
  name: string;
  seq: Claim;
  score: Claim;
}

/** 表2 各县区综合评价得分情况表. */
export interface Table2 {
  name: string;
  line: number;
  rows: Table2Row[];
}

/**
 * 「23763万元，其中：中央补助16158万元、…」 (keys `funds.*`), or a total investment's composition
 * (「总投资…其中…」, keys `investment.*`).
 */
export interface FundComposition {
  total: Claim;
  parts: Claim[];
}

/** 「决策分值 22 分，实际得分 19.09 分，得分率 86.77%。其中项目立项得分 3 分，…」 */
export interface Level1Statement {
  name: string;
  weight: Claim;
  score: Claim;
  rate: Claim;
  /** Level-2 scores of the 「其中」 sentence; empty when there is none. */
  parts: Claim[];
}

/** 「评价得分为90.02分，评级为优」 */
export interface OverallStatement {
  score: Claim;
  grade: Claim;
}

export interface ParsedReport {
  chapters: { title: string; line: number }[];
  /** Every claim, in text order. */
  claims: Claim[];
  table1: Table1 | null;
  table2: Table2 | null;
  funds: FundComposition[];
  level1: Level1Statement[];
  overall: OverallStatement[];
}

export type Rule = "sum" | "rate" | "composition" | "repeat" | "grade" | "count" | "sequence" | "record";

export interface Inconsistency {
  rule: Rule;
  /** The wrong figure's place; for a sum whose wrong part cannot be told, the place of the sum. */
  where: Location;
  /** The wrong figure's key; null when no single figure can be blamed. */
  key: string | null;
  found: string;
  expected: string;
  /** Chinese, names the place and the value expected. */
  message: string;
}

export interface CheckResult {
  problems: Inconsistency[];
  /** How many relations were checked. */
  relations: number;
  /** Chinese names of what was found: 「表1」「表2（12个县区）」「资金构成（2处）」… */
  recognised: string[];
}

export const NOT_A_REPORT_MESSAGE =
  "未识别到评价报告的结构（章节标题、表1 各指标得分情况表、资金构成），请确认上传的是绩效评价报告";

// ─── Exact decimals ─────────────────────────────────────────────────────────────────────────────

/** 10^-6: a 万元 amount to the 分. A figure written finer than that is not read as a claim. */
const SCALE = 6;
const ONE = 10n ** BigInt(SCALE);
/** Units of one hundredth (0.01 分, 0.01%). */
const HUNDREDTH = 10n ** BigInt(SCALE - 2);

/** "023,763.50" → "23763.5"; null when finer than SCALE. */
function canonical(text: string): string | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.replace(/,/g, ""));
  if (!m) return null;
  const frac = (m[2] ?? "").replace(/0+$/, "");
  if (frac.length > SCALE) return null;
  const whole = m[1].replace(/^0+(?=\d)/, "");
  return frac ? `${whole}.${frac}` : whole;
}

function units(value: string): bigint {
  const negative = value.startsWith("-");
  const [whole, frac = ""] = value.replace(/^-/, "").split(".");
  const u = BigInt(whole) * ONE + BigInt(frac.padEnd(SCALE, "0"));
  return negative ? -u : u;
}

function fromUnits(u: bigint): string {
  const abs = u < 0n ? -u : u;
  const frac = (abs % ONE).toString().padStart(SCALE, "0").replace(/0+$/, "");
  return `${u < 0n ? "-" : ""}${abs / ONE}${frac ? `.${frac}` : ""}`;
}

/** num ÷ den, a value in units, rounded half up to the hundredth: the precision of every score and rate. */
function toHundredth(num: bigint, den: bigint): bigint {
  return divRoundHalfUp(num, den * HUNDREDTH) * HUNDREDTH;
}

const valueOf = (c: Claim): bigint => units(c.value!);

// ─── Text ───────────────────────────────────────────────────────────────────────────────────────

/** Full-width digits, ．and ％, and wide spaces become ASCII, one character for one, so offsets hold. */
function normalise(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF0E\uFF05]|[\u3000\u00A0]/g, (ch) =>
    ch === "\u3000" || ch === "\u00A0" ? " " : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

/** A number as reports write it: 23763, 23,763, 19.09. Not part of a longer number. */
const N = String.raw`(?<![\d.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d)`;
const NUMBER_CELL = new RegExp(String.raw`^(${N})\s*(%|分)?$`);

interface Line {
  /** Normalised text. */
  text: string;
  /** Offset of the line in the input. */
  start: number;
}

interface Source {
  original: string;
  lines: Line[];
  chapters: { title: string; line: number }[];
}

const CHAPTER = /^([一二三四五六七八九十]{1,3})\s*、\s*(\S.{1,39})$/;
/** Headings of every level and table captions: a paragraph never runs across them. */
const HEADING = /^(?:[一二三四五六七八九十]{1,3}\s*、|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|\d{1,2}\s*[.、](?!\d)|表\s*\d+)/;

function readSource(original: string): Source {
  const text = normalise(original);
  const lines: Line[] = [];
  for (const m of text.matchAll(/[^\r\n]*(?:\r\n|\r|\n|$)/g)) {
    if (m.index === text.length && m[0] === "") break;
    lines.push({ text: m[0].replace(/[\r\n]+$/, ""), start: m.index });
  }
  const chapters: Source["chapters"] = [];
  lines.forEach((l, i) => {
    const m = CHAPTER.exec(l.text.trim());
    // A table of contents writes the page after the title: 「一、项目基本情况……1」.
    const title = m?.[2].replace(/[.…·\s]*\d+$/, "").replace(/\s+/g, "");
    if (m && title && !/[。；;]$/.test(title)) chapters.push({ title: `${m[1]}、${title}`, line: i + 1 });
  });
  return { original, lines, chapters };
}

function lineOf(src: Source, offset: number): number {
  let lo = 0;
  let hi = src.lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (src.lines[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function chapterAt(src: Source, line: number): string {
  let title = "";
  for (const c of src.chapters) if (c.line <= line) title = c.title;
  return title;
}

type Place = Pick<Location, "table" | "row" | "column">;

function makeClaim(src: Source, start: number, end: number, key: string, unit: ClaimUnit, value: string | null, place: Place): Claim {
  const line = lineOf(src, start);
  return { key, text: src.original.slice(start, end), value, unit, location: { chapter: chapterAt(src, line), ...place, line }, start, end };
}

// ─── Tables ─────────────────────────────────────────────────────────────────────────────────────

interface Cell {
  text: string;
  start: number;
}

/**
 * A table row's cells: tab-separated (the seed, a .docx), else runs of two or more spaces, else single
 * spaces (text extracted from a PDF). A leading or trailing tab is an empty cell (a Word table's blank
 * top-left corner), so the cells stay under their headers.
 */
function cellsOf(line: Line): Cell[] {
  const tabbed = line.text.includes("\t");
  const sep = tabbed ? /\t/g : / {2,}/.test(line.text.trim()) ? / {2,}/g : / +/g;
  const body = tabbed ? line.text.replace(/ +$/, "") : line.text.trimEnd();
  const lead = body.length - (tabbed ? body.replace(/^ +/, "") : body.trimStart()).length;
  const cells: Cell[] = [];
  let from = lead;
  const push = (to: number) => {
    const raw = body.slice(from, to);
    const pad = raw.length - raw.trimStart().length;
    cells.push({ text: raw.trim(), start: line.start + from + pad });
  };
  for (const m of body.slice(lead).matchAll(sep)) {
    push(lead + m.index);
    from = lead + m.index + m[0].length;
  }
  push(body.length);
  return cells;
}

const isNumberCell = (c: Cell) => NUMBER_CELL.test(c.text);

function numberClaim(src: Source, cell: Cell, key: string, unit: ClaimUnit, place: Place): Claim | null {
  const m = NUMBER_CELL.exec(cell.text);
  const value = m && canonical(m[1]);
  return value === null || !m ? null : makeClaim(src, cell.start, cell.start + m[1].length, key, unit, value, place);
}

const MEASURE_LABELS: [RegExp, Measure][] = [
  [/^(分值|权重|满分|标准分值?)$/, "weight"],
  [/^(实际)?得分$/, "score"],
  [/^得分率$/, "rate"],
];
const TOTAL_LABEL = /^(合计|总计|总分)$/;
const measureOf = (label: string): Measure | null => MEASURE_LABELS.find(([re]) => re.test(label))?.[1] ?? null;
const squash = (s: string) => s.replace(/\s+/g, "");

/** The caption above a table (「表 1 各指标得分情况表」 → 「表1」), looked for in the three lines before it. */
function captionBefore(src: Source, header: number, fallback: string): string {
  for (let i = header - 1, seen = 0; i >= 0 && seen < 3; i--) {
    const t = src.lines[i].text.trim();
    if (!t) continue;
    seen++;
    const m = /^表\s*(\d+)/.exec(t);
    if (m) return `表${m[1]}`;
  }
  return fallback;
}

/** Rows after a header that have its width and numbers after their label; blank lines between are skipped. */
function numericRows(src: Source, header: number, width: number): { index: number; cells: Cell[] }[] {
  const rows: { index: number; cells: Cell[] }[] = [];
  for (let i = header + 1; i < src.lines.length; i++) {
    if (!src.lines[i].text.trim()) continue;
    const cells = cellsOf(src.lines[i]);
    if (cells.length !== width || !cells.slice(1).every(isNumberCell)) break;
    rows.push({ index: i, cells });
  }
  return rows;
}

/**
 * Table 1 in either orientation: indicators as columns and 分值 / 得分 / 得分率 as rows (the seed), or
 * the transpose. Its header is the line before numeric rows that names 合计 (or two measures).
 */
function readTable1(src: Source, consumed: Set<number>): Table1 | null {
  for (let i = 0; i < src.lines.length; i++) {
    const header = cellsOf(src.lines[i]).map((c) => squash(c.text));
    if (header.length < 3) continue;
    const transposed = header.slice(1).filter((h) => measureOf(h)).length >= 2;
    if (!transposed && !header.slice(1).some((h) => TOTAL_LABEL.test(h))) continue;
    const rows = numericRows(src, i, header.length);
    if (rows.length === 0) continue;
    const name = captionBefore(src, i, "表1");
    const table: Table1 = { name, line: i + 1, indicators: [], cells: { weight: {}, score: {}, rate: {} } };
    for (const { cells } of rows) {
      const rowLabel = squash(cells[0].text);
      cells.slice(1).forEach((cell, j) => {
        const colLabel = header[j + 1];
        const [measure, indicator] = transposed ? [measureOf(colLabel), rowLabel] : [measureOf(rowLabel), colLabel];
        if (!measure) return;
        // 「决策指标」 and 「决策」 are one indicator, the name the text's analyses use.
        const column = TOTAL_LABEL.test(indicator) ? "合计" : indicator.replace(/指标$/, "");
        const claim = numberClaim(src, cell, `table1.${measure}.${column}`, measure === "rate" ? "%" : "分", { table: name, row: rowLabel, column: colLabel });
        if (!claim) return;
        table.cells[measure][column] = claim;
        if (column !== "合计" && !table.indicators.includes(column)) table.indicators.push(column);
      });
    }
    if (Object.keys(table.cells.score).length === 0) continue;
    consumed.add(i);
    for (const r of rows) consumed.add(r.index);
    return table;
  }
  return null;
}

const NAME_HEADER = /^(名称|县区|县\(区\)|县（区）|县市区|地区|单位)(名称)?$/;

/** Table 2: rows of 序号, 名称 and a score, found through its header; other columns are ignored. */
function readTable2(src: Source, consumed: Set<number>): Table2 | null {
  for (let i = 0; i < src.lines.length; i++) {
    const header = cellsOf(src.lines[i]).map((c) => squash(c.text));
    const seqAt = header.indexOf("序号");
    const nameAt = header.findIndex((h) => NAME_HEADER.test(h));
    const scoreAt = header.findIndex((h) => /得分$/.test(h));
    if (seqAt < 0 || nameAt < 0 || scoreAt < 0) continue;
    const name = captionBefore(src, i, "表2");
    const scoreLabel = header[scoreAt];
    const rows: Table2Row[] = [];
    const used: number[] = [];
    for (let j = i + 1; j < src.lines.length; j++) {
      if (!src.lines[j].text.trim()) continue;
      const cells = cellsOf(src.lines[j]);
      const [seqCell, nameCell, scoreCell] = [cells[seqAt], cells[nameAt], cells[scoreAt]];
      if (!seqCell || !nameCell || !scoreCell || !/^\d+$/.test(seqCell.text) || !nameCell.text || /\d/.test(nameCell.text)) break;
      const county = squash(nameCell.text);
      const seq = numberClaim(src, seqCell, `table2.seq.${county}`, "序号", { table: name, row: county, column: "序号" });
      const score = numberClaim(src, scoreCell, `table2.score.${county}`, "分", { table: name, row: county, column: scoreLabel });
      if (!seq || !score) break;
      rows.push({ name: county, seq, score });
      used.push(j);
    }
    if (rows.length === 0) continue;
    for (const j of [i, ...used]) consumed.add(j);
    return { name, line: i + 1, rows };
  }
  return null;
}

// ─── Paragraphs ─────────────────────────────────────────────────────────────────────────────────

/** Lines joined into one text, with each character's offset in the input. */
interface Paragraph {
  text: string;
  origin: number[];
}

/**
 * Prose between headings and tables, its lines joined without a separator: a PDF breaks every line
 * and the seed itself breaks 「河东\n\n法院家属院」 mid-sentence, so neither a line end nor a blank line
 * ends a sentence. A sentence still ends at its 。, which every pattern below stops at.
 */
function paragraphs(src: Source, consumed: Set<number>): Paragraph[] {
  const out: Paragraph[] = [];
  let cur: Paragraph = { text: "", origin: [] };
  const flush = () => {
    if (cur.text) out.push(cur);
    cur = { text: "", origin: [] };
  };
  src.lines.forEach((line, i) => {
    const t = line.text.trim();
    if (!t) return;
    const boundary = consumed.has(i) || HEADING.test(t);
    if (boundary) flush();
    if (consumed.has(i)) return;
    const lead = line.text.indexOf(t);
    cur.text += t.replace(/\t/g, " ");
    for (let k = 0; k < t.length; k++) cur.origin.push(line.start + lead + k);
    if (boundary) flush();
  });
  flush();
  return out;
}

type Indices = [number, number];

function claimIn(src: Source, p: Paragraph, at: Indices, key: string, unit: ClaimUnit, value: string | null, place: Place): Claim {
  return makeClaim(src, p.origin[at[0]], p.origin[at[1] - 1] + 1, key, unit, value, place);
}

/** A number group of a match as a claim; null when it is finer than SCALE. */
function numberIn(src: Source, p: Paragraph, m: RegExpExecArray, group: string, key: string, unit: ClaimUnit, place: Place): Claim | null {
  const at = m.indices?.groups?.[group];
  const value = canonical(m.groups![group]);
  return at && value !== null ? claimIn(src, p, at, key, unit, value, place) : null;
}

const TEXT: Pick<Place, "table"> = { table: null };

// ─── Sentences ──────────────────────────────────────────────────────────────────────────────────

const MONEY_UNIT = String.raw`(?<unit>万元|亿元|元)`;
const FUND_HEAD = new RegExp(String.raw`(?<total>${N})\s*${MONEY_UNIT}\s*[（(，,：:]?\s*其中\s*[：:，,]?`, "gd");
const FUND_PART = String.raw`\s*(?<name>[\u4e00-\u9fa5]{1,12}?)\s*(?:为|：|:)?\s*(?<v>${N})\s*${MONEY_UNIT}\s*(?<sep>[、，,；;]|和|及)?`;

/** Money in 万元, exactly; null when finer than SCALE. */
function toWan(value: string, unit: string): string | null {
  if (unit === "万元") return value;
  const u = units(value);
  if (unit === "亿元") return fromUnits(u * 10_000n);
  return u % 10_000n === 0n ? fromUnits(u / 10_000n) : null;
}

/** 「中央补助资金」 and 「中央补助」 name one source. */
const sourceName = (name: string) => name.replace(/^(其中|和|及)/, "").replace(/资金$/, "");

function moneyClaim(src: Source, p: Paragraph, m: RegExpExecArray, group: string, key: string, place: Place): Claim | null {
  const at = m.indices?.groups?.[group];
  const value = canonical(m.groups![group]);
  const wan = value === null ? null : toWan(value, m.groups!.unit);
  return at && wan !== null ? claimIn(src, p, at, key, "万元", wan, place) : null;
}

/**
 * Whose composition it is: a total investment (「总投资5000万元，其中财政资金…」) is not the subsidy, so
 * its figures get keys of their own and are not compared with the subsidy's.
 */
function compositionOf(before: string): { prefix: string; row: string } {
  return /投资[^，。；、]{0,8}$/.test(before) ? { prefix: "investment", row: "投资构成" } : { prefix: "funds", row: "资金构成" };
}

/** 「…23763万元，其中：中央补助16158万元、…」 and 「23763万元（其中中央补助资金16158万元、…）」 */
function readFunds(src: Source, p: Paragraph): FundComposition[] {
  const out: FundComposition[] = [];
  for (const head of p.text.matchAll(FUND_HEAD)) {
    const { prefix, row } = compositionOf(p.text.slice(0, head.index));
    const total = moneyClaim(src, p, head, "total", `${prefix}.total`, { ...TEXT, row, column: "总额" });
    const parts: Claim[] = [];
    // Sticky: each part starts where the one before it ended; the list ends at a part without a separator.
    const part = new RegExp(FUND_PART, "yd");
    part.lastIndex = head.index + head[0].length;
    for (let m = part.exec(p.text); m; m = m.groups!.sep ? part.exec(p.text) : null) {
      const name = sourceName(m.groups!.name);
      const claim = moneyClaim(src, p, m, "v", `${prefix}.source.${name}`, { ...TEXT, row, column: name });
      if (claim) parts.push(claim);
    }
    if (total && parts.length >= 2) out.push({ total, parts });
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function level1Pattern(names: string[]): RegExp {
  const sep = String.raw`\s*分?\s*[，,；;]?\s*`;
  return new RegExp(
    String.raw`(?<name>${names.map(escape).join("|")})(?:指标)?的?(?:分值|满分|权重|总分)(?:为|是)?\s*(?<w>${N})${sep}(?:实际)?得分(?:为|是)?\s*(?<s>${N})${sep}得分率(?:为|是)?\s*(?<r>${N})\s*%`,
    "gd",
  );
}
const LEVEL2_CLAUSE = /^\s*[。，,；;]?\s*其中\s*[：:，,]?(?<body>[^。]*)/d;
const LEVEL2_PART = new RegExp(String.raw`^\s*(?<name>[\u4e00-\u9fa5]+?)(?:指标)?\s*(?:得分|得)\s*(?:为|是)?\s*(?<v>${N})\s*分?\s*$`, "d");

/** The 「其中」 sentence after a level-1 statement; empty unless every piece of it is a level-2 score. */
function readLevel2(src: Source, p: Paragraph, from: number, level1: string): Claim[] {
  const clause = LEVEL2_CLAUSE.exec(p.text.slice(from));
  if (!clause) return [];
  const bodyAt = from + clause.indices!.groups!.body[0];
  const parts: Claim[] = [];
  for (const piece of clause.groups!.body.matchAll(/[^，,、；;]+/g)) {
    const m = LEVEL2_PART.exec(piece[0]);
    if (!m) return [];
    const offset = bodyAt + piece.index;
    const [s, e] = m.indices!.groups!.v;
    const value = canonical(m.groups!.v);
    if (value === null) return [];
    const name = m.groups!.name;
    parts.push(claimIn(src, p, [offset + s, offset + e], `text.level2.${level1}.${name}`, "分", value, { ...TEXT, row: level1, column: name }));
  }
  return parts;
}

function readLevel1(src: Source, p: Paragraph, pattern: RegExp): Level1Statement[] {
  const out: Level1Statement[] = [];
  for (const m of p.text.matchAll(pattern)) {
    const name = m.groups!.name;
    const claim = (group: string, measure: Measure, column: string) =>
      numberIn(src, p, m, group, `text.level1.${name}.${measure}`, measure === "rate" ? "%" : "分", { ...TEXT, row: name, column });
    const [weight, score, rate] = [claim("w", "weight", "分值"), claim("s", "score", "实际得分"), claim("r", "rate", "得分率")];
    if (weight && score && rate) out.push({ name, weight, score, rate, parts: readLevel2(src, p, m.index + m[0].length, name) });
  }
  return out;
}

/** Grade words of the scales in use; longer first, so 不合格 is not read as 合格. */
const GRADE_WORDS = "不合格|优秀|良好|合格|较差|一般|优|良|中|差";
const OVERALL = new RegExp(
  String.raw`得分(?:为|是)?\s*(?<s>${N})\s*分\s*[，,；;]?\s*(?:综合)?(?:评价)?(?:等级|评级)(?:为|是|：|:)?\s*[“"「]?(?<g>${GRADE_WORDS})`,
  "gd",
);

function readOverall(src: Source, p: Paragraph): OverallStatement[] {
  const out: OverallStatement[] = [];
  for (const m of p.text.matchAll(OVERALL)) {
    const place = { ...TEXT, row: "综合评价结论" };
    const score = numberIn(src, p, m, "s", "overall.score", "分", { ...place, column: "评价得分" });
    const grade = claimIn(src, p, m.indices!.groups!.g, "overall.grade", "等级", null, { ...place, column: "评级" });
    if (score) out.push({ score, grade });
  }
  return out;
}

const COUNTS = new RegExp(
  String.raw`(?:涉及|覆盖|包括)\s*(?<c>${N})\s*个县(?:区|市区|[（(]市?、?区[)）])(?:\s*[、，,和及]\s*(?<p>${N})\s*个项目)?`,
  "gd",
);
const WORKS = new RegExp(
  String.raw`(?<p>${N})\s*个项目\s*[（(]\s*(?<c>${N})\s*个小区\s*[)）]\s*[，,、]?\s*(?<h>${N})\s*户\s*[，,、]?\s*(?<a>${N})\s*万平方米`,
  "gd",
);
const EXECUTION = new RegExp(String.raw`执行率\s*(?:为|达到?|是)?\s*(?<r>${N})\s*%`, "gd");
const EXECUTION_OF_SOURCE = new RegExp(String.raw`其中\s*(?<src>中央|省级|市级|县级)(?:补助)?资金(?:预算)?(?:执行率)?(?:为|是)\s*(?<r>${N})\s*%`, "gd");
/** 「中央补助资金预算」 just before 执行率 says whose rate it is; 「市级以上…」 is the whole fund's. */
const SOURCE_BEFORE = /(中央|省级|市级|县级)(?:补助)?资金(?:预算)?$/;

/** Counts, works done and targets, and execution rates: figures checked when repeated or against records. */
function readFacts(src: Source, p: Paragraph): Claim[] {
  const out: (Claim | null)[] = [];
  for (const m of p.text.matchAll(COUNTS)) {
    const place = { ...TEXT, row: "评价范围" };
    out.push(numberIn(src, p, m, "c", "counts.counties", "个", { ...place, column: "县区数" }));
    if (m.groups!.p) out.push(numberIn(src, p, m, "p", "counts.projects", "个", { ...place, column: "项目数" }));
  }
  for (const m of p.text.matchAll(WORKS)) {
    const target = /下达|目标|任务|计划/.test(p.text.slice(Math.max(0, m.index - 16), m.index));
    const [prefix, row] = target ? ["targets", "年度绩效目标"] : ["registry", "实施情况"];
    out.push(
      numberIn(src, p, m, "p", `${prefix}.projects`, "个", { ...TEXT, row, column: "项目数" }),
      numberIn(src, p, m, "c", `${prefix}.communities`, "个", { ...TEXT, row, column: "小区数" }),
      numberIn(src, p, m, "h", `${prefix}.households`, "户", { ...TEXT, row, column: "户数" }),
      numberIn(src, p, m, "a", `${prefix}.areaWan`, "万平方米", { ...TEXT, row, column: "面积" }),
    );
  }
  for (const m of p.text.matchAll(EXECUTION)) {
    const source = SOURCE_BEFORE.exec(p.text.slice(Math.max(0, m.index - 12), m.index))?.[1];
    out.push(executionClaim(src, p, m, source));
  }
  for (const m of p.text.matchAll(EXECUTION_OF_SOURCE)) out.push(executionClaim(src, p, m, m.groups!.src));
  return out.filter((c): c is Claim => c !== null);
}

function executionClaim(src: Source, p: Paragraph, m: RegExpExecArray, source: string | undefined): Claim | null {
  const name = source ? `${source}补助` : null;
  const key = name ? `funds.executionRate.${name}` : "funds.executionRate";
  return numberIn(src, p, m, "r", key, "%", { ...TEXT, row: "预算执行率", column: name ?? "合计" });
}

const DEFAULT_INDICATORS = ["决策", "过程", "产出", "效益"];

/** Lenient parse of a report's plain text: chapters, tables, the sentences that carry figures. */
export function parseReportText(text: string): ParsedReport {
  const src = readSource(text);
  const consumed = new Set<number>();
  const table1 = readTable1(src, consumed);
  const table2 = readTable2(src, consumed);
  const level1 = level1Pattern(table1?.indicators.length ? table1.indicators : DEFAULT_INDICATORS);
  const report: ParsedReport = { chapters: src.chapters, claims: [], table1, table2, funds: [], level1: [], overall: [] };
  const facts: Claim[] = [];
  for (const p of paragraphs(src, consumed)) {
    report.funds.push(...readFunds(src, p));
    report.level1.push(...readLevel1(src, p, level1));
    report.overall.push(...readOverall(src, p));
    facts.push(...readFacts(src, p));
  }
  report.claims = [
    ...(table1 ? Object.values(table1.cells).flatMap((byColumn) => Object.values(byColumn)) : []),
    ...(table2?.rows.flatMap((r) => [r.seq, r.score]) ?? []),
    ...report.funds.flatMap((f) => [f.total, ...f.parts]),
    ...report.level1.flatMap((s) => [s.weight, s.score, s.rate, ...s.parts]),
    ...report.overall.flatMap((o) => [o.score, o.grade]),
    ...facts,
  ].sort((a, b) => a.start - b.start);
  return report;
}

/** Whether the text has a report's structure at all (chapters, Table 1 or a fund composition). */
export function isReportLike(parsed: ParsedReport): boolean {
  return parsed.chapters.length >= 2 || parsed.table1 !== null || parsed.funds.length > 0;
}

// ─── Places in words ────────────────────────────────────────────────────────────────────────────

/** 「四、评价结论和绩效分析 · 表1 · 得分行 · 决策列」, 「… · 表2 · 兰山区 · 实际得分」, 「… · 决策 · 实际得分」. */
export function describeLocation(loc: Location, options: { chapter?: boolean } = {}): string {
  // Row labels that name a measure (Table 1's 分值 / 得分 / 得分率) read as 「得分行 · 决策列」.
  const axis = loc.table !== null && loc.row !== null && measureOf(loc.row) !== null;
  const parts = [
    options.chapter === false ? null : loc.chapter,
    loc.table,
    loc.row && axis ? `${loc.row}行` : loc.row,
    loc.column && axis ? `${loc.column}列` : loc.column,
  ];
  return parts.filter((s) => s).join(" · ");
}

/** A value with the unit a reader needs to recognise it: 86.77%, 23763万元, 19.09. */
function show(value: string, unit: ClaimUnit): string {
  return unit === "%" ? `${value}%` : unit === "万元" ? `${value}万元` : value;
}
const written = (c: Claim) => show(c.value ?? c.text, c.unit);
const shown = (u: bigint, like: Claim) => show(fromUnits(u), like.unit);
/** Another figure, named so that the reader finds it: a table cell, or the chapter and sentence. */
const elsewhere = (c: Claim) => `「${describeLocation(c.location, { chapter: c.location.table === null })}」`;

// ─── Relations ──────────────────────────────────────────────────────────────────────────────────

interface Finding {
  found: string;
  expected: string;
  /** The sentence after the place. */
  text: string;
  /** false when the expected value is only inferred (a score from its rounded rate). */
  exact: boolean;
}

interface Relation {
  rule: Rule;
  claims: Claim[];
  ok: boolean;
  /** The figure to name when the evidence points at none of them more than the others. */
  suspect: Claim;
  /** What is wrong, if `culprit` is the wrong figure. */
  explain(culprit: Claim): Finding;
  /** When no single figure can be blamed: what is wrong with the relation as a whole, and where. */
  unresolved(): Finding & { where: Location };
}

/** Parts add up to their total (a table row, a fund composition, a level-1 score's level-2 scores). */
function sumRelation(rule: "sum" | "composition", parts: Claim[], total: Claim, totalLabel: string): Relation {
  const sum = parts.reduce((a, p) => a + valueOf(p), 0n);
  const expr = parts.map(written).join(" + ");
  return {
    rule,
    claims: [...parts, total],
    ok: sum === valueOf(total),
    suspect: total,
    explain(c) {
      if (c === total) {
        return { found: written(total), expected: shown(sum, total), text: `${written(total)} 与各项之和不符，应为 ${shown(sum, total)}（${expr}）`, exact: true };
      }
      const rest = sum - valueOf(c);
      const want = valueOf(total) - rest;
      return {
        found: written(c),
        expected: shown(want, c),
        text: `${written(c)} 与${totalLabel} ${written(total)} 不符，应为 ${shown(want, c)}（${totalLabel} ${written(total)} − 其余各项 ${shown(rest, c)}）`,
        exact: true,
      };
    },
    unresolved() {
      return {
        where: { ...parts[0].location, column: "各项之和" },
        found: shown(sum, total),
        expected: written(total),
        text: `各项之和 ${shown(sum, total)}（${expr}）与${totalLabel} ${written(total)} 不符，应为 ${written(total)}`,
        exact: true,
      };
    },
  };
}

/** 得分率 = 得分 ÷ 分值, to the hundredth of a percent, half up (19.09 ÷ 22 = 86.77%). */
function rateRelation(rate: Claim, score: Claim, weight: Claim): Relation | null {
  const [r, s, w] = [valueOf(rate), valueOf(score), valueOf(weight)];
  if (w === 0n) return null;
  const want = toHundredth(s * 100n * ONE, w);
  const ratio = `${written(score)} ÷ ${written(weight)}`;
  const relation: Relation = {
    rule: "rate",
    claims: [rate, score, weight],
    ok: r === want,
    suspect: rate,
    explain(c) {
      if (c === rate) return { found: written(rate), expected: shown(want, rate), text: `${written(rate)} 不等于得分 ÷ 分值，应为 ${shown(want, rate)}（${ratio}）`, exact: true };
      // A score or weight from a rounded rate is only approximate.
      const approx = c === score ? toHundredth(r * w, 100n * ONE) : r === 0n ? null : toHundredth(s * 100n * ONE, r);
      const expected = approx === null ? "—" : `约 ${shown(approx, c)}`;
      const basis = c === score ? `${written(rate)} × ${written(weight)}` : `${written(score)} ÷ ${written(rate)}`;
      return { found: written(c), expected, text: `${written(c)} 与得分率 ${written(rate)} 不符，按 ${basis} 应为${expected}`, exact: false };
    },
    unresolved: () => ({ where: rate.location, ...relation.explain(rate) }),
  };
  return relation;
}

/** The same figure written twice has one value. `other` is the repetition, `ref` the table or first mention. */
function repeatRelation(ref: Claim, other: Claim): Relation {
  const same = ref.value !== null && other.value !== null ? valueOf(ref) === valueOf(other) : ref.text.trim() === other.text.trim();
  const relation: Relation = {
    rule: "repeat",
    claims: [ref, other],
    ok: same,
    suspect: other,
    explain(c) {
      const o = c === ref ? other : ref;
      return { found: written(c), expected: written(o), text: `${written(c)} 与${elsewhere(o)}的 ${written(o)} 不一致，应为 ${written(o)}`, exact: true };
    },
    unresolved: () => ({ where: other.location, ...relation.explain(other) }),
  };
  return relation;
}

/** The range of scores a grade stands for, in the scale's own words: 「90（含）以上 优」. */
function gradeRange(scale: GradeScale, label: string): string {
  const i = scale.grades.findIndex((g) => g.label === label);
  return i < 0 ? `「${label}」不在${scale.name}的等级中` : describeGradeScale(scale).split("；")[i];
}

function gradeRelation(o: OverallStatement, scale: GradeScale): Relation | null {
  const score = parsePoints(o.score.value!);
  if (score === null) return null;
  const want = gradeOf(scale, score);
  const relation: Relation = {
    rule: "grade",
    claims: [o.grade, o.score],
    ok: o.grade.text.trim() === want,
    suspect: o.grade,
    explain(c) {
      if (c === o.grade) return { found: o.grade.text, expected: want, text: `评级「${o.grade.text}」与得分 ${written(o.score)} 不符，按${scale.name}应为「${want}」`, exact: true };
      const range = gradeRange(scale, o.grade.text.trim());
      return { found: written(o.score), expected: range, text: `${written(o.score)} 对应「${want}」，与评级「${o.grade.text}」（${range}）不符`, exact: false };
    },
    unresolved: () => ({ where: o.grade.location, ...relation.explain(o.grade) }),
  };
  return relation;
}

/** A figure that has one expected value of its own (a count, a 序号, a record). */
function fixedRelation(rule: Rule, claim: Claim, ok: boolean, expected: string, text: string): Relation {
  const finding = { found: written(claim), expected, text, exact: true };
  return { rule, claims: [claim], ok, suspect: claim, explain: () => finding, unresolved: () => ({ where: claim.location, ...finding }) };
}

/** 「12个县区」 = the rows of Table 2. */
function countRelation(count: Claim, table2: Table2): Relation {
  const n = table2.rows.length;
  return fixedRelation("count", count, valueOf(count) === BigInt(n) * ONE, String(n), `共涉及 ${count.text} 个县区，而${table2.name}列出 ${n} 个县区，应为 ${n}`);
}

/**
 * Table 2's 序号 run 1..n. A row is out of order only when it follows neither its position nor the
 * row before it, so a deleted row is named once, not with every row after it.
 */
function sequenceRelations(table2: Table2): Relation[] {
  return table2.rows.map((row, i) => {
    const seq = Number(row.seq.value);
    const prev = i === 0 ? 0 : Number(table2.rows[i - 1].seq.value);
    const ok = seq === i + 1 || (i > 0 && seq === prev + 1);
    const want = String(prev + 1);
    return fixedRelation("sequence", row.seq, ok, want, `序号 ${row.seq.text}，应为 ${want}（序号应从 1 起连续编号）`);
  });
}

/** The same figure under another key: the text's 决策 19.09 is Table 1's 决策 得分; the overall score is 合计. */
function figureOf(key: string): string {
  const m = /^text\.level1\.(.+)\.(weight|score|rate)$/.exec(key);
  if (m) return `table1.${m[2]}.${m[1]}`;
  return key === "overall.score" ? "table1.score.合计" : key;
}

/** Every figure written more than once, each repetition against the table cell (or the first mention). */
function repeatRelations(claims: Claim[]): Relation[] {
  const groups = new Map<string, Claim[]>();
  for (const c of claims) {
    const k = figureOf(c.key);
    pushTo(groups, k, c);
  }
  const out: Relation[] = [];
  for (const group of groups.values()) {
    const [ref, ...others] = [...group].sort((a, b) => Number(b.location.table !== null) - Number(a.location.table !== null) || a.start - b.start);
    for (const o of others) out.push(repeatRelation(ref, o));
  }
  return out;
}

function table1Relations(t: Table1): Relation[] {
  const out: Relation[] = [];
  for (const measure of ["weight", "score"] as const) {
    const cells = t.cells[measure];
    const parts = t.indicators.map((name) => cells[name]);
    if (cells.合计 && parts.every(Boolean)) out.push(sumRelation("sum", parts, cells.合计, "合计"));
  }
  for (const column of [...t.indicators, "合计"]) {
    const { weight, score, rate } = { weight: t.cells.weight[column], score: t.cells.score[column], rate: t.cells.rate[column] };
    const r = weight && score && rate ? rateRelation(rate, score, weight) : null;
    if (r) out.push(r);
  }
  return out;
}

function level1Relations(s: Level1Statement): Relation[] {
  const rate = rateRelation(s.rate, s.score, s.weight);
  return [...(rate ? [rate] : []), ...(s.parts.length ? [sumRelation("sum", s.parts, s.score, "实际得分")] : [])];
}

/** The claims of the report under check against the report generated from the database's data. */
function recordRelations(claims: Claim[], expected: ParsedReport): Relation[] {
  const records = new Map<string, Claim>();
  for (const e of expected.claims) if (!records.has(e.key)) records.set(e.key, e);
  return claims.flatMap((c) => {
    const e = records.get(c.key);
    if (!e) return [];
    const ok = c.value !== null && e.value !== null ? valueOf(c) === valueOf(e) : c.text.trim() === e.text.trim();
    return [fixedRelation("record", c, ok, written(e), `${written(c)}，系统记录为 ${written(e)}`)];
  });
}

function relationsOf(parsed: ParsedReport, scale: GradeScale, expected: ParsedReport | undefined): Relation[] {
  const counts = parsed.claims.filter((c) => c.key === "counts.counties");
  const table2 = parsed.table2;
  return [
    ...(parsed.table1 ? table1Relations(parsed.table1) : []),
    ...parsed.level1.flatMap(level1Relations),
    ...parsed.funds.map((f) => sumRelation("composition", f.parts, f.total, "总额")),
    ...repeatRelations(parsed.claims),
    ...parsed.overall.flatMap((o) => gradeRelation(o, scale) ?? []),
    ...(table2 ? [...counts.map((c) => countRelation(c, table2)), ...sequenceRelations(table2)] : []),
    ...(expected ? recordRelations(parsed.claims, expected) : []),
  ];
}

// ─── Blame ──────────────────────────────────────────────────────────────────────────────────────

/**
 * The wrong figure of a failed relation: the one that takes part in the most failed relations (one
 * wrong 决策 得分 breaks the row sum, the 决策 rate and its repetition in the text), then the one fewest
 * passing relations vouch for, then the relation's suspect; null when the evidence cannot tell.
 */
function blame(r: Relation, failed: Map<Claim, number>, passed: Map<Claim, number>): Claim | null {
  const rank = (c: Claim) => (failed.get(c) ?? 0) * 10_000 - (passed.get(c) ?? 0);
  const best = Math.max(...r.claims.map(rank));
  const tied = r.claims.filter((c) => rank(c) === best);
  if (tied.length === 1) return tied[0];
  return tied.includes(r.suspect) ? r.suspect : null;
}

function tally(relations: Relation[], ok: boolean): Map<Claim, number> {
  const m = new Map<Claim, number>();
  for (const r of relations) if (r.ok === ok) for (const c of r.claims) m.set(c, (m.get(c) ?? 0) + 1);
  return m;
}

function problem(rule: Rule, where: Location, key: string | null, f: Finding): Inconsistency {
  return { rule, where, key, found: f.found, expected: f.expected, message: `${describeLocation(where)}：${f.text}` };
}

/** One problem per wrong figure, told by the relation that knows its expected value exactly. */
function problemsOf(relations: Relation[]): Inconsistency[] {
  const failed = tally(relations, false);
  const passed = tally(relations, true);
  const byCulprit = new Map<Claim, Relation[]>();
  const out: Inconsistency[] = [];
  for (const r of relations.filter((x) => !x.ok)) {
    const c = blame(r, failed, passed);
    if (c) pushTo(byCulprit, c, r);
    else {
      const u = r.unresolved();
      out.push(problem(r.rule, u.where, null, u));
    }
  }
  for (const [c, rs] of byCulprit) {
    const findings = rs.map((r) => ({ r, f: r.explain(c) }));
    const { r, f } = findings.find((x) => x.f.exact) ?? findings[0];
    out.push(problem(r.rule, c.location, c.key, f));
  }
  return out.sort((a, b) => a.where.line - b.where.line);
}

function recognisedOf(parsed: ParsedReport, expected: ParsedReport | undefined): string[] {
  const keyed = (prefix: string) => parsed.claims.filter((c) => c.key.startsWith(prefix)).length;
  const out: string[] = [];
  const chapters = new Set(parsed.chapters.map((c) => c.title)).size;
  if (chapters) out.push(`章节（${chapters}个）`);
  if (parsed.table1) out.push(parsed.table1.name);
  if (parsed.table2) out.push(`${parsed.table2.name}（${parsed.table2.rows.length}个县区）`);
  const funds = parsed.funds.filter((f) => f.total.key === "funds.total").length;
  if (funds) out.push(`资金构成（${funds}处）`);
  if (parsed.funds.length > funds) out.push(`投资构成（${parsed.funds.length - funds}处）`);
  if (parsed.level1.length) out.push(`一级指标分析（${parsed.level1.length}项）`);
  if (parsed.overall.length) out.push(parsed.overall.length > 1 ? `综合评价结论（${parsed.overall.length}处）` : "综合评价结论");
  if (keyed("counts.")) out.push("评价范围（县区数、项目数）");
  if (keyed("registry.") || keyed("targets.")) out.push("改造任务与完成情况");
  if (keyed("funds.executionRate")) out.push(`预算执行率（${keyed("funds.executionRate")}处）`);
  if (expected) out.push(`系统记录（${expected.claims.length}项）`);
  return out;
}

/**
 * Checks every relation among the report's figures and names each wrong figure once, with its place
 * and the value expected. `expected` is the parse of the same report generated from current data.
 */
export function checkReport(parsed: ParsedReport, options: { scale?: GradeScale; expected?: ParsedReport } = {}): CheckResult {
  const relations = relationsOf(parsed, options.scale ?? DEFAULT_GRADE_SCALE, options.expected);
  return { problems: problemsOf(relations), relations: relations.length, recognised: recognisedOf(parsed, options.expected) };
}
