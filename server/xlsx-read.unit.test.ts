/**
 * Reading uploaded workbooks (`xlsx-read.ts` + `xlsx-worker.ts`): what the streaming worker reads is
 * what the whole-workbook reader it replaced read, a sheet that claims or holds a million rows costs
 * its real rows, and every file it cannot or will not read is a Chinese refusal naming the file.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterEach, describe, expect, it, vi } from "vitest";
import { claimedDimensionWorkbook, emptyRowsWorkbook, hugeCellWorkbook } from "../test/big-workbooks";
import { makeXlsx } from "../test/xlsx";
import { AppError } from "./errors";
import { cellText } from "./xlsx-cells";
import { Limiter } from "./limiter";
import { normaliseHeader, plainValue, type CellValue, type ReadSheet, type SheetRow } from "./xlsx";
import { NOT_A_WORKBOOK, readUploadedTable, workbookReaders } from "./xlsx-read";

// A worker's first start (tsx, jszip) takes a second or more on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The reader this one replaced (`wb.xlsx.load`, then every row up to `rowCount`), kept as the reference. */
async function referenceRead(data: Buffer, required: string[]): Promise<ReadSheet | null> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
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

async function refusalOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const PAY = ["县区", "项目编号", "资金来源", "金额（元）", "支付日期", "凭证号"];
const THREE = [
  ["兰山区", "P1", "省级补助", 100, "2022-03-01", "V1"],
  ["兰山区", "P1", "省级补助", 200.5, "2022-03-02", "V2"],
  ["罗庄区", "P2", "中央补助", 300, "2022-03-03", "V3"],
];

describe("the streaming reader reads what the whole-workbook reader read", () => {
  it("dates, numbers, formulas' results, rich text, hyperlinks, booleans, errors, a title above the header, duplicate and loose headers", async () => {
    const wb = new ExcelJS.Workbook();
    const intro = wb.addWorksheet("填表说明");
    intro.addRow(["本表由财政局下发", "请勿改动表头"]);
    const ws = wb.addWorksheet("资金支付");
    ws.addRow(["2021年度资金支付明细"]);
    ws.mergeCells(1, 1, 1, 6);
    ws.addRow([]);
    ws.addRow(["县区", " 项目编号* ", "金额（元）", "支付日期", "凭证号", "备注", "备注"]);
    ws.getColumn(4).numFmt = "yyyy-mm-dd";
    const long = "兰山区老旧小区改造项目".repeat(5_000);
    ws.addRow(["兰山区", "P1", 1234.56, new Date(Date.UTC(2022, 2, 15)), { richText: [{ text: "凭-" }, { font: { bold: true }, text: "001" }] }, { text: "附件", hyperlink: "https://example.com/a" }, "第二个备注"]);
    ws.addRow([{ formula: "1+1", result: 2 }, { formula: "\"P\"&2", result: "P2" }, { formula: "C4*2", result: 2469.12 }, { formula: "D4+1", result: new Date(Date.UTC(2022, 2, 16)) }, true, { error: "#N/A" }]);
    ws.addRow([null, null, null, null, null, null, null, null, "只有无表头列有值"]);
    ws.addRow(["   ", "P3", 0, "2022年3月1日", false, "  前后空格  "]);
    ws.addRow([long, "P4", -5, 44640, "V-4", null]);
    ws.getCell("D8").numFmt = "0";
    ws.addRow([]);
    ws.addRow(["河东区", "P5", "1,234.00", new Date(Date.UTC(2021, 11, 31)), 12345678901234, "备注"]);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const required = ["县区", "项目编号", "凭证号"];

    const read = await readUploadedTable("支付.xlsx", data, required, "资金支付");
    expect(read).toEqual(await referenceRead(data, required));
    // And what that means, spelled out for a few cells:
    expect(read.sheetName).toBe("资金支付");
    expect(read.headerRow).toBe(3);
    expect(read.rows.map((r) => r.rowNumber)).toEqual([4, 5, 7, 8, 10]);
    expect(read.rows[0].cells.get("支付日期")).toEqual(new Date(Date.UTC(2022, 2, 15)));
    expect(read.rows[0].cells.get("凭证号")).toBe("凭-001");
    expect(read.rows[1].cells.get("支付日期")).toEqual(new Date(Date.UTC(2022, 2, 16)));
    expect(read.rows[3].cells.get("县区")).toBe(long);
  });

  it("names what the first sheet has when no sheet has the headers, as before", async () => {
    const data = await makeXlsx(["区县", "金额"], [["兰山区", 1]]);
    const e = await refusalOf(readUploadedTable("错表.xlsx", data, ["县区", "金额（元）"], "资金支付"));
    expect(e.code).toBe("IMPORT_INVALID");
    expect(e.message).toBe("错表.xlsx：找不到资金支付表头。缺少列：县区、金额（元）；第一张工作表的表头为：区县、金额。请下载模板填写。");
    expect(await referenceRead(data, ["县区"])).toBeNull();
  });

  it("reads a 1904-based workbook's dates as the same days", async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet("下达");
    ws.addRow(["县区", "下达日期"]);
    ws.addRow(["兰山区", new Date(Date.UTC(2021, 4, 1))]);
    ws.getCell("B2").numFmt = "yyyy/m/d";
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const read = await readUploadedTable("1904.xlsx", data, ["县区"], "下达");
    expect(read.rows[0].cells.get("下达日期")).toEqual(new Date(Date.UTC(2021, 4, 1)));
    expect(read).toEqual(await referenceRead(data, ["县区"]));
  });
});

/** A workbook written by hand, part by part, in the given zip order (Excel puts sheets before the shared strings). */
async function handWritten(parts: Record<string, string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [path, xml] of Object.entries(parts)) zip.file(path, xml);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}
const NS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`;
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const rootRels = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

describe("workbooks other programs write", () => {
  it("takes sheets in the workbook's order, shared strings and styles after the sheets, inline and phonetic text, missing cell references, prefixed elements, date formats", async () => {
    const data = await handWritten({
      "_rels/.rels": rootRels,
      "xl/workbook.xml": `<workbook ${NS}><workbookPr/><sheets><sheet name="导入" sheetId="2" r:id="rId2"/><sheet name="旧表" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      "xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId4" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
      // The old sheet has the headers too: the workbook lists it second, so it is not the one read.
      "xl/worksheets/sheet1.xml": `<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>旧</t></is></c></row></sheetData></worksheet>`,
      "xl/worksheets/sheet2.xml":
        `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref="A1:XFD1048576"/><x:sheetData>` +
        `<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="B2" t="s"><x:v>1</x:v></x:c><x:c r="C2" t="inlineStr"><x:is><x:t>日期</x:t></x:is></x:c></x:row>` +
        // No r on the row or its cells: the next row, the next columns. A formula without a cached result
    // (B6) is empty (the whole-workbook reader made it "[object Object]").
        `<x:row><x:c t="s"><x:v>2</x:v></x:c><x:c t="inlineStr"><x:is><x:r><x:t>凭证</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>-7</x:t></x:r></x:is></x:c><x:c s="1"><x:v>44635</x:v></x:c></x:row>` +
        `<x:row r="5"><x:c r="A5" t="str"><x:f>"罗庄"&amp;"区"</x:f><x:v>罗庄区</x:v></x:c><x:c r="B5" t="b"><x:v>1</x:v></x:c><x:c r="C5" s="2"><x:v>44636.5</x:v></x:c></x:row>` +
        `<x:row r="6"><x:c r="A6" t="e"><x:v>#REF!</x:v></x:c><x:c r="B6"><x:f>1/0</x:f></x:c><x:c r="C6" t="d"><x:v>2022-03-17T00:00:00Z</x:v></x:c></x:row>` +
        `<x:row r="7"><x:c r="A7" s="3"><x:v>44637</x:v></x:c><x:c r="C7" s="3"><x:v>3</x:v></x:c></x:row>` +
        `</x:sheetData></x:worksheet>`,
      "xl/sharedStrings.xml": `<sst ${NS} count="3" uniqueCount="3"><si><t>县区</t></si><si><r><t>凭证</t></r><r><t>号</t></r></si><si><t>兰山区</t><rPh sb="0" eb="3"><t>ランザン</t></rPh><phoneticPr fontId="1"/></si></sst>`,
      "xl/styles.xml": `<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="176" applyNumberFormat="1"/><xf numFmtId="4" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    });
    const read = await readUploadedTable("WPS.xlsx", data, ["县区", "凭证号"], "资金支付");
    expect(read.sheetName).toBe("导入");
    expect(read.headerRow).toBe(2);
    expect(read.headers).toEqual(["县区", "凭证号", "日期"]);
    expect(read.rows.map((r) => [r.rowNumber, ...r.cells.values()])).toEqual([
      [3, "兰山区", "凭证-7", new Date(Date.UTC(2022, 2, 15))],
      [5, "罗庄区", true, new Date(Date.UTC(2022, 2, 16, 12))],
      [6, "#REF!", null, new Date(Date.UTC(2022, 2, 17))],
      [7, 44637, null, 3],
    ]);
  });

  it("decodes Excel's _xHHHH_ escapes as Excel shows them, and refuses a cell holding U+0000, which PostgreSQL cannot store", async () => {
    expect(cellText("第一行_x000D__x000A_第二行")).toBe("第一行\r\n第二行");
    expect(cellText("_x005F_x0041_")).toBe("_x0041_");
    expect(cellText("LS_x0000_-001")).toBe("LS\u0000-001");
    const data = await handWritten({
      "_rels/.rels": rootRels,
      "xl/workbook.xml": `<workbook ${NS}><sheets><sheet name="导入" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      "xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      "xl/worksheets/sheet1.xml": `<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>县区</t></is></c><c r="B1" t="inlineStr"><is><t>凭证号</t></is></c></row><row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><t>LS_x0000_-001</t></is></c></row></sheetData></worksheet>`,
      "xl/sharedStrings.xml": `<sst ${NS}><si><t>兰山_x005F_区</t></si></sst>`,
    });
    const refused = await readUploadedTable("转义.xlsx", data, ["县区", "凭证号"], "资金支付").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toBe("转义.xlsx：有单元格含有空字符（NUL），未导入任何数据。请按提示修改后重新上传。");
    expect((refused as AppError).problems).toEqual([{ row: 2, column: "凭证号", message: expect.stringContaining("空字符") }]);
    const clean = await handWritten({
      "_rels/.rels": rootRels,
      "xl/workbook.xml": `<workbook ${NS}><sheets><sheet name="导入" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      "xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      "xl/worksheets/sheet1.xml": `<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>县区</t></is></c><c r="B1" t="inlineStr"><is><t>凭证号</t></is></c></row><row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><t>LS_x000D_-001</t></is></c></row></sheetData></worksheet>`,
      "xl/sharedStrings.xml": `<sst ${NS}><si><t>兰山_x005F_区</t></si></sst>`,
    });
    const read = await readUploadedTable("转义.xlsx", clean, ["县区", "凭证号"], "资金支付");
    expect(read.rows.map((r) => [...r.cells.values()])).toEqual([["兰山_区", "LS\r-001"]]);
  });

  it("keeps every 汉字 whole, however the inflated chunks split it", async () => {
    const text = Array.from({ length: 60_000 }, (_, i) => "兰山罗庄河东沂南郯城"[i % 10]).join("");
    const data = await makeXlsx(["县区", "备注"], [["兰山区", text], ["罗庄区", "𠀀𠀁" + text]]);
    const read = await readUploadedTable("长备注.xlsx", data, ["县区"], "资金支付");
    expect(read.rows.map((r) => r.cells.get("备注"))).toEqual([text, "𠀀𠀁" + text]);
  });
});

describe("a workbook costs what its real rows cost", () => {
  it("reads a sheet whose used range claims A1:XFD1048576 as its 3 rows", async () => {
    const data = await claimedDimensionWorkbook(PAY, THREE);
    // The reader it replaced walked all 1,048,576 rows (39 s, 1.9 GB; BENCHMARKS.md).
    const read = await readUploadedTable("整表格式.xlsx", data, PAY, "资金支付");
    expect(read.rows.map((r) => [r.rowNumber, ...r.cells.values()])).toEqual(THREE.map((r, i) => [i + 2, ...r]));
  });

  it("reads a million empty rows in a worker with a 64 MB heap, and the real row after them", { timeout: 180_000 }, async () => {
    vi.stubEnv("WENXIAO_IMPORT_WORKER_MB", "64");
    const last = ["河东区", "P9", "市级补助", 9, "2022-03-09", "V9"];
    const data = await emptyRowsWorkbook(PAY, THREE, 1_000_000, last);
    const read = await readUploadedTable("百万空行.xlsx", data, PAY, "资金支付");
    expect(read.rows.map((r) => r.rowNumber)).toEqual([2, 3, 4, 1_000_005]);
    expect([...read.rows[3].cells.values()]).toEqual(last);
  });

  it("refuses more data rows than WENXIAO_IMPORT_MAX_ROWS, naming the file and the limit; empty rows do not count", async () => {
    vi.stubEnv("WENXIAO_IMPORT_MAX_ROWS", "3");
    expect((await readUploadedTable("三行.xlsx", await emptyRowsWorkbook(PAY, THREE, 1_000), PAY, "资金支付")).rows).toHaveLength(3);
    const four = await makeXlsx(PAY, [...THREE, ["河东区", "P9", "市级补助", 9, "2022-03-09", "V9"]]);
    const e = await refusalOf(readUploadedTable("四行.xlsx", four, PAY, "资金支付"));
    expect(e.code).toBe("IMPORT_INVALID");
    expect(e.status).toBe(422);
    expect(e.message).toBe("四行.xlsx：工作表“数据”的数据超过 3 行（第 5 行已是第 4 行数据），一个文件最多导入 3 行。请拆分成几个文件分别导入。");
    expect(e.problems).toEqual([{ row: null, column: null, message: e.message.replace("四行.xlsx：", "") }]);
  });
});

describe("a file the reader cannot read is refused with a Chinese 4xx, never a 500", () => {
  const good = () => makeXlsx(PAY, THREE);

  it.each([
    ["not a zip", async () => Buffer.from("县区,金额\n兰山区,1\n")],
    ["an empty file", async () => Buffer.alloc(0)],
    ["a truncated workbook", async () => (await good()).subarray(0, 2_000)],
    ["a zip without a workbook", async () => handWritten({ "word/document.xml": "<w:document/>" })],
    ["a sheet that is not XML", async () => {
      const zip = await JSZip.loadAsync(await good());
      zip.file("xl/worksheets/sheet1.xml", '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2"></row></sheetData></worksheet>');
      return zip.generateAsync({ type: "nodebuffer" });
    }],
    ["a cell reference past XFD", async () => {
      const zip = await JSZip.loadAsync(await good());
      const xml = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
      zip.file("xl/worksheets/sheet1.xml", xml.replace('r="A2"', 'r="ZZZZ2"'));
      return zip.generateAsync({ type: "nodebuffer" });
    }],
  ])("%s: the message it always had", async (_, file) => {
    const e = await refusalOf(readUploadedTable("坏文件.xlsx", await file(), PAY, "资金支付"));
    expect(e.code).toBe("IMPORT_INVALID");
    expect(e.message).toBe(`坏文件.xlsx：${NOT_A_WORKBOOK}`);
  });

  it("a worker out of memory: the file is refused and the next file is read", async () => {
    vi.stubEnv("WENXIAO_IMPORT_WORKER_MB", "16");
    const e = await refusalOf(readUploadedTable("巨型单元格.xlsx", await hugeCellWorkbook(PAY, 40_000_000), PAY, "资金支付"));
    expect(e.code).toBe("IMPORT_INVALID");
    expect(e.message).toMatch(/^巨型单元格\.xlsx：文件过大或格式异常，读取时超出了可用内存。/);
    expect((await readUploadedTable("正常.xlsx", await good(), PAY, "资金支付")).rows).toHaveLength(3);
  });

  it("a worker out of time: the file is refused and the next file is read", async () => {
    vi.stubEnv("WENXIAO_IMPORT_TIMEOUT_SECONDS", "0.001");
    const e = await refusalOf(readUploadedTable("慢.xlsx", await good(), PAY, "资金支付"));
    expect(e.message).toBe("慢.xlsx：文件过大或格式异常，0.001 秒内未能读完。请删除多余的空行、空列和格式，另存为 .xlsx 后再上传，或拆分成几个文件。");
    vi.unstubAllEnvs();
    expect((await readUploadedTable("正常.xlsx", await good(), PAY, "资金支付")).rows).toHaveLength(3);
  });
});

describe("at most WENXIAO_IMPORT_WORKERS files are read at once, WENXIAO_IMPORT_QUEUE more wait", () => {
  it("a file beyond both is refused at once with 429; the waiting ones are read in turn", async () => {
    vi.stubEnv("WENXIAO_IMPORT_WORKERS", "1");
    vi.stubEnv("WENXIAO_IMPORT_QUEUE", "1");
    let release!: () => void;
    const held = workbookReaders.run({ concurrency: 1, queue: 1 }, () => new Promise<void>((r) => (release = r)), () => new Error("full"));
    const file = await makeXlsx(PAY, THREE);
    const waiting = readUploadedTable("排队.xlsx", file, PAY, "资金支付");
    const e = await refusalOf(readUploadedTable("多余.xlsx", file, PAY, "资金支付"));
    expect(e.code).toBe("RATE_LIMITED");
    expect(e.status).toBe(429);
    expect(e.message).toBe("多余.xlsx：导入任务较多（正在读取 1 个文件，另有 1 个在排队），请稍后再试。");
    release();
    await held;
    expect((await waiting).rows).toHaveLength(3);
  });

  it("the limiter passes a finished task's turn to the longest-waiting one", async () => {
    const limiter = new Limiter();
    const order: string[] = [];
    const gates = new Map<string, () => void>();
    const task = (name: string) =>
      limiter.run({ concurrency: 2, queue: 2 }, () => new Promise<void>((r) => gates.set(name, () => (order.push(name), r()))), () => new Error(`${name} refused`));
    const [a, b, c, d] = ["a", "b", "c", "d"].map(task);
    await expect(task("e")).rejects.toThrow("e refused");
    expect([limiter.active, limiter.queued]).toEqual([2, 2]);
    gates.get("b")!();
    await b;
    expect([...gates.keys()]).toEqual(["a", "b", "c"]);
    gates.get("c")!();
    gates.get("a")!();
    await Promise.all([a, c]);
    gates.get("d")!();
    await d;
    expect(order).toEqual(["b", "c", "a", "d"]);
    expect([limiter.active, limiter.queued]).toEqual([0, 0]);
  });
});
