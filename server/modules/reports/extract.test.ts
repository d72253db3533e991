import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Document, Packer, Paragraph, Tab, Table, TableCell, TableRow, TextRun } from "docx";
import { AppError } from "../../errors";
import { checkReport, parseReportText } from "../../../core/report/check";
import { extractReportText, pageLines, REPORT_MAX_BYTES } from "./extract";

const SOFFICE = "/usr/bin/soffice";
const seedText = fs.readFileSync(path.resolve(import.meta.dirname, "../../../../shared/seed/linyi-2021-report.txt"), "utf8");
let dir: string;
let docx: Buffer;
let seedDocx: Buffer;

const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });

/** A paragraph with a tab and a line break, a 2×3 table, and a paragraph after it. */
async function sampleDocx(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun("评价得分为90.02分，"), new TextRun({ children: [new Tab(), "评级为优。"] }), new TextRun({ text: "第二行", break: 1 })] }),
          new Table({ rows: [new TableRow({ children: ["项目", "决策", "合计"].map(cell) }), new TableRow({ children: ["得分", "19.09", "90.02"].map(cell) })] }),
          new Paragraph("表后段落"),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** The seed as someone would type it into Word: its tab-separated lines as tables, the rest as paragraphs. */
async function seedAsDocx(): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  let rows: TableRow[] = [];
  const flushTable = () => {
    if (rows.length) children.push(new Table({ rows }));
    rows = [];
  };
  for (const line of seedText.split("\n")) {
    if (line.includes("\t")) rows.push(new TableRow({ children: line.split("\t").map(cell) }));
    else if (line.trim() || !rows.length) {
      flushTable();
      if (line.trim()) children.push(new Paragraph(line));
    }
  }
  flushTable();
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/** The figures a parse finds, without their places (a .docx or a PDF lays the lines out anew). */
const figures = (text: string) => parseReportText(text).claims.map((c) => `${c.key}=${c.value ?? c.text}`);

/** The AppError an extraction throws. */
async function refusal(fileName: string, data: Buffer): Promise<AppError> {
  const e = await extractReportText(fileName, data).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe("VALIDATION_FAILED");
  return e as AppError;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "wenxiao-extract-"));
  docx = await sampleDocx();
  seedDocx = await seedAsDocx();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("extracting a report's text", () => {
  it("reads a .docx: paragraphs as lines, a table row as one line of tab-separated cells", async () => {
    expect(await extractReportText("报告.docx", docx)).toBe("评价得分为90.02分，\t评级为优。\n第二行\n项目\t决策\t合计\n得分\t19.09\t90.02\n表后段落\n");
  });

  it("reads the seed typed into Word with every figure, and the check passes", async () => {
    const text = await extractReportText("临沂.docx", seedDocx);
    expect(figures(text)).toEqual(figures(seedText));
    expect(checkReport(parseReportText(text)).problems).toEqual([]);
  });

  it("reads .txt in UTF-8 with or without a BOM, and in GB18030", async () => {
    expect(await extractReportText("a.txt", Buffer.from("表1\t得分\n", "utf8"))).toBe("表1\t得分\n");
    expect(await extractReportText("a.TXT", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("报告", "utf8")]))).toBe("报告");
    // 「报告」 in GB18030 is B1 A8 B8 E6 — not valid UTF-8.
    expect(await extractReportText("a.txt", Buffer.from([0xb1, 0xa8, 0xb8, 0xe6, 0x0a]))).toBe("报告\n");
  });

  it.skipIf(!fs.existsSync(SOFFICE))(
    "reads a PDF's text layer, with a tab where a table's cells part; the seed exported to PDF passes the check",
    async () => {
      const files = [path.join(dir, "报告.docx"), path.join(dir, "临沂.docx")];
      fs.writeFileSync(files[0], docx);
      fs.writeFileSync(files[1], seedDocx);
      // Its own profile folder, so a running LibreOffice or another test does not block it.
      execFileSync(SOFFICE, ["--headless", "--convert-to", "pdf", "--outdir", dir, ...files, `-env:UserInstallation=file://${dir}/lo-profile`], { stdio: "ignore", timeout: 150_000 });
      const text = await extractReportText("报告.pdf", fs.readFileSync(path.join(dir, "报告.pdf")));
      expect(text).toContain("评价得分为90.02分，");
      expect(text).toContain("项目\t决策\t合计\n得分\t19.09\t90.02\n");
      expect(text).toContain("表后段落");
      const seedPdf = await extractReportText("临沂.pdf", fs.readFileSync(path.join(dir, "临沂.pdf")));
      expect(figures(seedPdf)).toEqual(figures(seedText));
      expect(checkReport(parseReportText(seedPdf)).problems).toEqual([]);
    },
    180_000,
  );

  it("groups PDF text items into lines by baseline and marks wide gaps between them", () => {
    const item = (str: string, x: number, y: number, width: number) => ({ str, x, y, width, height: 10 });
    // Two runs of one line (1 pt apart in height), a table row with wide gaps, read top to bottom.
    const items = [item("得分", 0, 700, 20), item("19.09", 100, 700, 25), item("决策分值", 0, 720, 40), item(" 22 分", 40, 721, 30)];
    expect(pageLines(items)).toEqual(["决策分值 22 分", "得分\t19.09"]);
  });
});

describe("refusing files it cannot read", () => {
  it("names the formats it takes, and tells how to convert a .doc", async () => {
    expect((await refusal("报告.xlsx", Buffer.from("x"))).message).toBe("报告.xlsx：只能上传 .docx、.txt、.pdf 文件");
    expect((await refusal("报告.doc", Buffer.from("x"))).message).toContain("请在 Word 中另存为 .docx 后上传");
  });

  it("refuses an empty file and one over 20 MB", async () => {
    expect((await refusal("报告.txt", Buffer.alloc(0))).message).toBe("报告.txt：文件是空的");
    expect((await refusal("报告.pdf", Buffer.alloc(REPORT_MAX_BYTES + 1))).message).toContain("文件超过 20 MB");
  });

  it("refuses a corrupt .docx and a corrupt .pdf", async () => {
    expect((await refusal("坏.docx", Buffer.from("PK\u0003\u0004 not a zip"))).message).toContain("坏.docx：不是有效的 .docx 文件");
    expect((await refusal("坏.pdf", Buffer.from("%PDF-1.4\nnot a pdf\n"))).message).toContain("坏.pdf：不是有效的 PDF 文件");
  });

  it("refuses a PDF without a text layer, as a scan is", async () => {
    expect((await refusal("扫描件.pdf", blankPdf())).message).toBe("扫描件.pdf：PDF 中没有可提取的文字（可能是扫描件），请上传由 Word 导出的 PDF 或 .docx");
  });
});

/** A one-page PDF with nothing on it, built by hand (offsets computed, so pdf.js need not repair it). */
function blankPdf(): Buffer {
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}
