/**
 * 入户问卷二维码 as Word: one section per sampled community (it starts a new page) with county,
 * community, the questionnaire's title and deadline, a line for the resident and one for the
 * enumerator, then a grid of the community's households — 第 n 户, the QR code of its one-time link,
 * the link itself under it, and a blank 楼号____单元____室____ the enumerator fills in when the card is
 * handed over. Cells have dashed borders: the sheet may be cut into one card per household.
 *
 * Pure (links in, bytes out), so it can run in a worker thread (sheets-worker.ts): a city's 3,000
 * codes and the document's XML take seconds of CPU that would otherwise stall the server.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  HeightRule,
  ImageRun,
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
  type ISectionOptions,
  type ParagraphChild,
} from "docx";
import QRCode from "qrcode";
import { REPORT_FONTS } from "../reports/docx";

export const RESIDENT_NOTE = "请用手机扫描二维码填写，每户一码，仅能提交一次；不收集姓名电话，只填楼号单元室号。";
const ENUMERATOR_NOTE = "调查员：每户发放一张（可沿虚线剪开），发放时在卡片下方记下楼号、单元、室号，以便回收核对。";
const HOUSEHOLD_BLANK = "楼号____单元____室____";

/** Twips (1/20 pt) from millimetres. */
const mm = (v: number) => Math.round((v * 1440) / 25.4);
/** Pixels at 96 to the inch (what `ImageRun` takes) from millimetres. */
const px = (v: number) => Math.round((v * 96) / 25.4);

const PAGE = { width: mm(210), height: mm(297), margin: mm(12) };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
/** Five households a row, six rows: a community of the usual quota (30) fills one A4 page. */
const COLUMNS = 5;
const CELL_WIDTH = Math.floor(TEXT_WIDTH / COLUMNS);
/** At least: a long address wraps its line and the row grows rather than cutting the card. */
const ROW_HEIGHT = mm(38);
/** Printed size of a code: about 0.6 mm a module for a link of 50 characters (version 4, 33 modules and the quiet zone). */
const QR_MM = 22;
/**
 * Pixels a module in the PNG, 8-bit grey: small images (a city's 3,000 codes make a PDF of a few MB, and
 * LibreOffice lays them out fast) that still print every module as a solid square.
 */
const QR_SCALE = 4;

const HEI = REPORT_FONTS.hei.name;
const SONG = REPORT_FONTS.song.name;
/** Monospaced, so a link typed by hand keeps l, I and 1 apart; fontconfig maps it to Liberation Mono. */
const MONO = "Courier New";
const font = (eastAsia: string, latin = eastAsia) => ({ ascii: latin, hAnsi: latin, cs: latin, eastAsia });
/** Half-points from points. */
const sz = (pt: number) => Math.round(pt * 2);

const SINGLE = { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO };

/** A household's QR code as PNG: error correction M, a two-module quiet zone (the cell is white around it). */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { errorCorrectionLevel: "M", type: "png", margin: 2, scale: QR_SCALE, rendererOpts: { colorType: 0 } } as QRCode.QRCodeToBufferOptions);
}

/** What the sheets print: plain data, so it crosses to a worker thread as it is. */
export interface SheetsInput {
  head: SheetHead;
  communities: { code: string; name: string; county: string; households: { seq: number; link: string }[] }[];
}

interface Household {
  seq: number;
  link: string;
  png: Buffer;
}

export interface SheetHead {
  /** The questionnaire's title. */
  title: string;
  /** 填写截止, as printed. */
  deadline: string;
  taskName: string;
}

interface CommunitySheet {
  code: string;
  name: string;
  county: string;
  households: Household[];
}

const text = (t: string, o: { size: number; font?: string; latin?: string; bold?: boolean }) =>
  new TextRun({ text: t, size: sz(o.size), font: font(o.font ?? SONG, o.latin), bold: o.bold });

function line(runs: ParagraphChild[], o: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; before?: number; after?: number } = {}) {
  return new Paragraph({ alignment: o.align ?? AlignmentType.CENTER, spacing: { ...SINGLE, before: o.before ?? 0, after: o.after ?? 0 }, children: runs });
}

/** One card: 第 n 户, the code, the link (origin and path on one line, the token on the next), the blank line. */
function householdCell(h: Household | null): TableCell {
  const dashed = { style: BorderStyle.DASHED, size: 4, color: "808080" };
  const none = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
  const border = h ? dashed : none;
  const borders = { top: border, bottom: border, left: border, right: border };
  const children: Paragraph[] = [];
  if (h) {
    const cut = h.link.lastIndexOf("/") + 1;
    const prefix = h.link.slice(0, cut);
    const token = h.link.slice(cut);
    const br = () => new TextRun({ break: 1 });
    // One paragraph a card (line breaks between its lines): LibreOffice lays out thousands of cards
    // noticeably faster than four paragraphs each.
    children.push(
      line([
        text(`第 ${h.seq} 户`, { size: 10, font: HEI }),
        br(),
        new ImageRun({ type: "png", data: h.png, transformation: { width: px(QR_MM), height: px(QR_MM) }, altText: { name: `第${h.seq}户`, description: h.link, title: `第${h.seq}户` } }),
        br(),
        text(prefix, { size: 5.5, font: MONO }),
        br(),
        text(token, { size: 7, font: MONO, bold: true }),
        br(),
        text(HOUSEHOLD_BLANK, { size: 8 }),
      ]),
    );
  } else children.push(line([]));
  return new TableCell({
    width: { size: CELL_WIDTH, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    borders,
    margins: { top: mm(0.8), bottom: mm(0.8), left: mm(0.5), right: mm(0.5) },
    children,
  });
}

function householdGrid(list: Household[]): Table {
  const rows: TableRow[] = [];
  for (let i = 0; i < list.length; i += COLUMNS) {
    const cells = Array.from({ length: COLUMNS }, (_, k) => householdCell(list[i + k] ?? null));
    rows.push(new TableRow({ cantSplit: true, height: { value: ROW_HEIGHT, rule: HeightRule.ATLEAST }, children: cells }));
  }
  return new Table({
    width: { size: CELL_WIDTH * COLUMNS, type: WidthType.DXA },
    columnWidths: Array.from({ length: COLUMNS }, () => CELL_WIDTH),
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    rows,
  });
}

function communitySection(c: CommunitySheet, head: SheetHead): ISectionOptions {
  const header = new Header({
    children: [
      line(
        [
          text(`${c.county} · ${c.name}（${c.code}）　入户问卷二维码　第 `, { size: 8 }),
          new TextRun({ children: [PageNumber.CURRENT], size: sz(8), font: font(SONG) }),
          text(" 页", { size: 8 }),
        ],
        { align: AlignmentType.RIGHT },
      ),
    ],
  });
  return {
    properties: {
      page: {
        size: { width: PAGE.width, height: PAGE.height },
        margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin, header: mm(6), footer: mm(6), gutter: 0 },
        pageNumbers: { start: 1 },
      },
    },
    headers: { default: header },
    children: [
      line([text(head.title, { size: 14, font: HEI })]),
      line([text(`${c.county}　${c.name}`, { size: 12, font: HEI })], { before: 40 }),
      line([text(`小区编号 ${c.code}　本小区抽样 ${c.households.length} 户　填写截止：${head.deadline}`, { size: 9 })], { before: 40 }),
      line([text(`致居民：${RESIDENT_NOTE}`, { size: 10, font: HEI })], { before: 80 }),
      line([text(ENUMERATOR_NOTE, { size: 8 })], { before: 30, after: 80 }),
      householdGrid(c.households),
    ],
  };
}

/** The sheets as a Word document: the households' QR codes drawn, then the document laid out. */
export async function renderSheetsDocx(input: SheetsInput): Promise<Buffer> {
  const { head } = input;
  const sheets: CommunitySheet[] = [];
  for (const c of input.communities) {
    const households = await Promise.all(c.households.map(async (h) => ({ ...h, png: await qrPng(h.link) })));
    sheets.push({ ...c, households });
  }
  const doc = new Document({
    title: `${head.title} · 入户问卷二维码`,
    subject: head.taskName,
    creator: "问效 Wenxiao",
    lastModifiedBy: "问效 Wenxiao",
    styles: { default: { document: { run: { font: font(SONG), size: sz(10.5), language: { value: "en-US", eastAsia: "zh-CN" } } } } },
    sections: sheets.map((c) => communitySection(c, head)),
  });
  return Packer.toBuffer(doc);
}
