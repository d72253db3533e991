/**
 * .docx → PDF through LibreOffice (headless). Each conversion runs in a temp folder of its own with
 * its own LibreOffice profile (two instances sharing a profile block each other), under a time limit
 * past which the whole process group is killed, and at most two run at once.
 */
import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ReportDocument } from "../../../core/report/model";
import { AppError } from "../../errors";
import { Limiter } from "../../limiter";
import { REPORT_FONTS, renderDocx } from "./docx";

export interface ConvertOptions {
  /** Time limit of one conversion in milliseconds (60 s by default); waiting for a free slot is not counted. */
  timeoutMs?: number;
  /** Where a failed conversion's details go (LibreOffice's stderr); pino-compatible, console by default. */
  log?: { error(details: object, message: string): void };
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** Each LibreOffice takes a core and a few hundred MB. */
const MAX_CONVERSIONS = 2;
const STDERR_TAIL = 2000;
const FALLBACK_PATHS = ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"];

const MISSING =
  "未找到 LibreOffice，无法生成 PDF。请安装 libreoffice-writer-nogui（Debian: apt-get install -y libreoffice-writer-nogui fonts-noto-cjk），或下载 .docx 后在 Word 中另存为 PDF";

const consoleLog: NonNullable<ConvertOptions["log"]> = { error: (details, message) => console.error(message, details) };

async function accessible(file: string, mode: number): Promise<boolean> {
  try {
    await access(file, mode);
    return true;
  } catch {
    return false;
  }
}
const isExecutable = (file: string) => accessible(file, constants.X_OK);

/** The soffice binary: `SOFFICE_PATH`, else `soffice` on PATH, else the usual install paths; null when none. */
export async function findSoffice(): Promise<string | null> {
  const override = process.env.SOFFICE_PATH;
  if (override) return (await isExecutable(override)) ? override : null;
  const onPath = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, "soffice"));
  for (const file of [...onPath, ...FALLBACK_PATHS]) if (await isExecutable(file)) return file;
  return null;
}

/** At most MAX_CONVERSIONS conversions at once; the others wait their turn (a report's PDF is never refused for load). */
const slots = new Limiter();
const SLOTS = { concurrency: MAX_CONVERSIONS, queue: Number.POSITIVE_INFINITY };

const SYSTEM_FONTCONFIG = "/etc/fonts/fonts.conf";

/**
 * A fontconfig file for the conversion: the system's, plus an alias per font the .docx names. Without
 * it fontconfig maps every unknown Chinese name to one sans face (仿宋 set in 黑体); with it, 仿宋 /
 * 楷体 / 宋体 / 小标宋 fall back to a serif and 黑体 to a sans. An installed font of the exact name
 * still comes first. Null where there is no system fontconfig (LibreOffice brings its own).
 */
async function fontconfigFile(dir: string): Promise<string | null> {
  const base = process.env.FONTCONFIG_FILE ?? SYSTEM_FONTCONFIG;
  if (!(await accessible(base, constants.R_OK))) return null;
  const family = (name: string) => `<family>${name}</family>`;
  const aliases = Object.values(REPORT_FONTS).map(
    (f) => `  <alias binding="same">${family(f.name)}<accept>${f.fallbacks.map(family).join("")}</accept></alias>`,
  );
  const file = path.join(dir, "fonts.conf");
  await writeFile(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n` +
      `  <include ignore_missing="yes">${base}</include>\n${aliases.join("\n")}\n</fontconfig>\n`,
  );
  return file;
}

interface Run {
  code: number | null;
  timedOut: boolean;
  stderr: string;
  spawnError: NodeJS.ErrnoException | null;
}

/** Runs soffice in a process group of its own, so a timeout kills oosplash and soffice.bin together. */
function runSoffice(soffice: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(soffice, args, { detached: true, stdio: ["ignore", "ignore", "pipe"], env });
    let stderr = "";
    let timedOut = false;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_TAIL);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }, timeoutMs);
    // A failed spawn may emit "error" without "close"; the first of the two settles.
    const settle = (code: number | null, spawnError: NodeJS.ErrnoException | null) => {
      clearTimeout(timer);
      resolve({ code, timedOut, stderr, spawnError });
    };
    child.once("error", (e) => settle(null, e));
    child.once("close", (code) => settle(code, null));
  });
}

const duration = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} 秒` : `${ms} 毫秒`);

async function convertIn(dir: string, soffice: string, docx: Buffer, timeoutMs: number, log: NonNullable<ConvertOptions["log"]>) {
  const input = path.join(dir, "report.docx");
  const outDir = path.join(dir, "out");
  const profile = path.join(dir, "profile");
  await Promise.all([writeFile(input, docx), mkdir(outDir), mkdir(profile)]);
  const fontconfig = await fontconfigFile(dir);
  const env = { ...process.env, ...(fontconfig ? { FONTCONFIG_FILE: fontconfig } : {}) };
  const args = [`-env:UserInstallation=${pathToFileURL(profile).href}`, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", outDir, input];

  const run = await runSoffice(soffice, args, env, timeoutMs);
  if (run.spawnError?.code === "ENOENT") throw new AppError("UNAVAILABLE", MISSING);
  if (run.timedOut) {
    log.error({ soffice, timeoutMs, stderr: run.stderr }, "LibreOffice PDF conversion timed out");
    throw new AppError("UNAVAILABLE", `LibreOffice 生成 PDF 超时（超过 ${duration(timeoutMs)}），已中止。请稍后重试，或下载 .docx 后在 Word 中另存为 PDF`);
  }
  // soffice can exit 0 without writing the file (a document it cannot open), so the file decides.
  const pdf = await readFile(path.join(outDir, "report.pdf")).catch(() => null);
  if (run.code !== 0 || !pdf || pdf.length === 0) {
    log.error({ soffice, code: run.code, stderr: run.stderr, spawnError: run.spawnError?.message }, "LibreOffice PDF conversion failed");
    throw new AppError("UNAVAILABLE", "LibreOffice 未能生成 PDF。请稍后重试，或下载 .docx 后在 Word 中另存为 PDF");
  }
  return pdf;
}

/** A .docx as PDF. Throws AppError UNAVAILABLE when LibreOffice is missing, times out or fails. */
export async function convertDocxToPdf(docx: Buffer, options: ConvertOptions = {}): Promise<Buffer> {
  const soffice = await findSoffice();
  if (!soffice) throw new AppError("UNAVAILABLE", MISSING);
  return slots.run(SLOTS, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "wenxiao-pdf-"));
    try {
      return await convertIn(dir, soffice, docx, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.log ?? consoleLog);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, () => new Error("unreachable: the conversion queue is unbounded"));
}

/** The report as PDF: its .docx laid out for LibreOffice (see RenderDocxOptions), then converted. */
export async function renderPdf(doc: ReportDocument, options: ConvertOptions = {}): Promise<Buffer> {
  return convertDocxToPdf(await renderDocx(doc, { target: "libreoffice" }), options);
}
