import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { renderDocx } from "./docx";
import { seedFixture } from "./fixture.test-support";
import { convertDocxToPdf, findSoffice, renderPdf } from "./pdf";

async function pdfText(pdf: Buffer): Promise<{ pages: number; text: string }> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, verbosity: pdfjs.VerbosityLevel.ERRORS }).promise;
  let text = "";
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    text += content.items.map((i) => ("str" in i ? i.str : "")).join("") + "\n";
  }
  return { pages: doc.numPages, text };
}

/** Linux: a process is running while /proc has it and it is not a zombie waiting to be reaped. */
async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  return stat !== null && !/^\d+ \(.*\) Z/.test(stat);
}

const quiet = { error: () => {} };
const rejection = (p: Promise<unknown>) => p.then(() => expect.fail("resolved"), (e: unknown) => e as AppError);

const soffice = await findSoffice();

describe.skipIf(!soffice)("the report as PDF through LibreOffice", () => {
  it("has the report's pages and words", async () => {
    const { pages, text } = await pdfText(await renderPdf(seedFixture()));
    expect(pages).toBeGreaterThan(5); // cover + seven chapters on A4
    // Spaces dropped: pdf.js splits runs where LibreOffice spaced Latin from Chinese. 「—1—」 is the first body page's number.
    for (const word of ["90.02", "优", "各指标得分情况表", "临沭县", "—1—"]) expect(text.replace(/\s/g, "")).toContain(word);
  });

  it("converts two documents at once", async () => {
    const docx = await renderDocx(seedFixture(), { target: "libreoffice" });
    const pdfs = await Promise.all([convertDocxToPdf(docx), convertDocxToPdf(docx)]);
    for (const pdf of pdfs) expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("stops a conversion past its time limit and says so", async () => {
    const e = await rejection(convertDocxToPdf(await renderDocx(seedFixture()), { timeoutMs: 1, log: quiet }));
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe("UNAVAILABLE");
    expect(e.message).toMatch(/LibreOffice 生成 PDF 超时（超过 1 毫秒），已中止/);
  });
});

/** A stand-in soffice (SOFFICE_PATH): a shell script, so these rules hold without LibreOffice. */
describe("the conversion around LibreOffice", () => {
  let dir: string;
  const saved = process.env.SOFFICE_PATH;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "wenxiao-fake-soffice-"));
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.SOFFICE_PATH;
    else process.env.SOFFICE_PATH = saved;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function fakeSoffice(name: string, body: string): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, `#!/bin/sh\n${body}\n`);
    await chmod(file, 0o755);
    process.env.SOFFICE_PATH = file;
    return file;
  }
  // Writes <outdir>/report.pdf as LibreOffice does.
  const WRITE_PDF = `while [ $# -gt 0 ]; do [ "$1" = --outdir ] && out="$2"; shift; done; printf '%%PDF-1.7 fake' > "$out/report.pdf"`;

  it("without LibreOffice, says how to install it", async () => {
    process.env.SOFFICE_PATH = path.join(dir, "no-such-soffice");
    const e = await rejection(convertDocxToPdf(Buffer.from("docx")));
    expect(e.code).toBe("UNAVAILABLE");
    expect(e.message).toContain("未找到 LibreOffice，无法生成 PDF。请安装 libreoffice-writer-nogui（Debian: apt-get install -y libreoffice-writer-nogui fonts-noto-cjk）");
  });

  it("a failed conversion keeps LibreOffice's error output in the log, not in the message", async () => {
    await fakeSoffice("failing", "echo 'Error: source file could not be loaded' >&2; exit 1");
    const logged: object[] = [];
    const e = await rejection(convertDocxToPdf(Buffer.from("docx"), { log: { error: (details) => logged.push(details) } }));
    expect(e.code).toBe("UNAVAILABLE");
    expect(e.message).toBe("LibreOffice 未能生成 PDF。请稍后重试，或下载 .docx 后在 Word 中另存为 PDF");
    expect(logged).toEqual([expect.objectContaining({ code: 1, stderr: expect.stringContaining("source file could not be loaded") })]);
  });

  it("gives each conversion its own profile and temp folder and removes them afterwards", async () => {
    const seen = path.join(dir, "seen");
    await fakeSoffice("recording", `for a in "$@"; do case "$a" in -env:UserInstallation=*) echo "$a" >> ${seen};; esac; done\n${WRITE_PDF}`);
    await Promise.all([convertDocxToPdf(Buffer.from("a")), convertDocxToPdf(Buffer.from("b"))]);
    const profiles = (await readFile(seen, "utf8")).trim().split("\n");
    expect(new Set(profiles).size).toBe(2);
    for (const p of profiles) {
      const folder = path.dirname(new URL(p.replace("-env:UserInstallation=", "")).pathname);
      await expect(readdir(folder)).rejects.toThrow(/ENOENT/);
    }
  });

  it("runs at most two conversions at once", async () => {
    const running = path.join(dir, "running");
    const peaks = path.join(dir, "peaks");
    await writeFile(peaks, "");
    await rm(running, { recursive: true, force: true });
    await fakeSoffice(
      "counting",
      `mkdir -p ${running}; touch ${running}/$$; ls ${running} | wc -l >> ${peaks}; sleep 0.3; rm ${running}/$$\n${WRITE_PDF}`,
    );
    const pdfs = await Promise.all(Array.from({ length: 5 }, () => convertDocxToPdf(Buffer.from("docx"))));
    expect(pdfs.map((p) => p.toString())).toEqual(Array(5).fill("%PDF-1.7 fake"));
    const counts = (await readFile(peaks, "utf8")).trim().split("\n").map(Number);
    expect(counts).toHaveLength(5);
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
  });

  it("kills the whole process group on timeout, children included", async () => {
    const pidFile = path.join(dir, "child.pid");
    await fakeSoffice("hanging", `sleep 30 & echo $! > ${pidFile}; wait`);
    const e = await rejection(convertDocxToPdf(Buffer.from("docx"), { timeoutMs: 1000, log: quiet }));
    expect(e.message).toContain("超时（超过 1 秒）");
    expect(await isRunning(Number(await readFile(pidFile, "utf8")))).toBe(false);
  });
});
