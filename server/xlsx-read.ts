/**
 * Reading the table of an uploaded workbook, off the event loop: each file is parsed by a worker
 * thread (`xlsx-worker.ts`, streaming) with a heap limit and a time limit, at most a few at once, so a
 * hostile or huge file costs one worker its limits and never stalls the server for other users. Every
 * refusal is a Chinese 4xx naming the file; a worker that runs out of memory or time is one too.
 */
import { Worker } from "node:worker_threads";
import { AppError } from "./errors";
import { Limiter } from "./limiter";
import { workbookReadSettings, type WorkbookReadSettings } from "./settings";
import { MAX_TABLE_TEXT, normaliseHeader, READER_ROLE, type CellValue, type ReadSheet, type SheetRow } from "./xlsx-cells";
import type { ReadJob, ReadMessage } from "./xlsx-worker";
import { IMPORT_MAX_PROBLEMS } from "../contracts/imports";
import type { Problem } from "../contracts/errors";

/** The message of a file that is not a workbook, as `loadWorkbook` has always given it. */
export const NOT_A_WORKBOOK = "文件不是有效的 .xlsx 工作簿（请用 Excel 或 WPS 另存为 .xlsx 后再上传）";

/** A plain-JavaScript entry that registers tsx, then loads `xlsx-worker.ts`. */
const WORKER_ENTRY = new URL("./xlsx-worker-boot.mjs", import.meta.url);

/**
 * A read table in compact form: no Map, object or array per row. Row `i` is Excel's row
 * `rowNumbers[i]`; its value under `headers[j]` is `values[i * headers.length + j]`. A 100,000-row
 * file is one number array and one value array, not 100,000 Maps.
 */
export interface CompactSheet {
  sheetName: string;
  headerRow: number;
  /** Normalised headers found, in column order (a header may repeat: the later column wins). */
  headers: string[];
  rowNumbers: Int32Array;
  values: CellValue[];
}

/** The number of data rows of a compact sheet. */
export const rowCount = (sheet: CompactSheet) => sheet.rowNumbers.length;

/**
 * The column of a header in a compact sheet (normalised), or -1: the last column of that header, as
 * the Map of a row keeps the later of two columns with one header.
 */
export const columnIndex = (sheet: CompactSheet, header: string) => sheet.headers.lastIndexOf(normaliseHeader(header));

/** A compact sheet as rows of Maps (what `readUploadedTable` has always given). */
export function toRows(sheet: CompactSheet): ReadSheet {
  const width = sheet.headers.length;
  const rows: SheetRow[] = [];
  for (let i = 0; i < sheet.rowNumbers.length; i++) {
    // Later columns of one header win, as they always did (`readTable` set them in column order).
    const cells = new Map<string, CellValue>();
    for (let j = 0; j < width; j++) cells.set(sheet.headers[j], sheet.values[i * width + j] ?? null);
    rows.push({ rowNumber: sheet.rowNumbers[i], cells });
  }
  return { sheetName: sheet.sheetName, headerRow: sheet.headerRow, headers: sheet.headers, rows };
}

type Outcome =
  | { kind: "table"; sheet: CompactSheet }
  | { kind: "missing"; firstHeaders: string[] }
  | { kind: "invalid"; detail: string }
  | { kind: "too-many"; sheetName: string; rowNumber: number }
  | { kind: "too-much-text"; sheetName: string; rowNumber: number }
  | { kind: "timeout" }
  /** The worker died reading the file: out of memory (a zip bomb, a giant cell) or another failure. */
  | { kind: "crashed"; detail: string }
  /** The worker died before it could take the file: the server's fault, not the file's. */
  | { kind: "broken"; detail: string };

interface PooledWorker {
  worker: Worker;
  /** The heap limit it was started with: a worker of another limit is not reused. */
  memoryMb: number;
  ready: Promise<boolean>;
  /** Set while the worker waits for a job: it stops the worker when it has waited long enough. */
  idleTimer: NodeJS.Timeout | null;
  /** The job it reads now: answers of any other are dropped. */
  jobId: number;
  onMessage: ((m: ReadMessage) => void) | null;
  onFailure: ((detail: string) => void) | null;
}

/** An idle worker is kept this long for the next file (its start costs about a second), then stopped. */
const IDLE_MS = 60_000;

/**
 * Started workers waiting for a file. A worker reads one file at a time; one that fails (out of
 * memory, out of time) is stopped and never reused. Workers do not keep the process alive.
 */
const idle: PooledWorker[] = [];
let nextJobId = 1;

function startWorker(memoryMb: number): PooledWorker {
  const worker = new Worker(WORKER_ENTRY, { workerData: READER_ROLE, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: memoryMb } });
  let resolveReady!: (ok: boolean) => void;
  const pooled: PooledWorker = { worker, memoryMb, ready: new Promise((r) => (resolveReady = r)), idleTimer: null, jobId: 0, onMessage: null, onFailure: null };
  worker.on("message", (m: { ready: true } | { id: number; message: ReadMessage }) => {
    if ("ready" in m) resolveReady(true);
    else if (m.id === pooled.jobId) pooled.onMessage?.(m.message);
  });
  const fail = (detail: string) => {
    resolveReady(false);
    const i = idle.indexOf(pooled);
    if (i >= 0) idle.splice(i, 1);
    pooled.onFailure?.(detail);
  };
  // Out of memory (ERR_WORKER_OUT_OF_MEMORY), an uncaught error, or an exit before answering.
  worker.on("error", (e) => fail(e.message));
  worker.on("messageerror", (e) => fail(e.message));
  worker.on("exit", (code) => fail(`worker exited with code ${code}`));
  // After the listeners: adding a 'message' listener refs the worker again.
  worker.unref();
  return pooled;
}

/** Reads one file in a pooled worker; the worker is stopped when it fails or runs out of time. */
async function readInWorker(data: Buffer | Uint8Array, required: string[], settings: WorkbookReadSettings): Promise<Outcome> {
  let pooled: PooledWorker | undefined;
  while ((pooled = idle.pop())) {
    if (pooled.idleTimer) clearTimeout(pooled.idleTimer);
    pooled.idleTimer = null;
    if (pooled.memoryMb === settings.workerMemoryMb) break;
    void pooled.worker.terminate();
  }
  const w = pooled ?? startWorker(settings.workerMemoryMb);
  // A copy the worker owns: the caller's buffer may be a view of a larger pooled one.
  const copy = new Uint8Array(data);
  const id = nextJobId++;
  w.jobId = id;
  return new Promise<Outcome>((resolve) => {
    let settled = false;
    const finish = (outcome: Outcome, reusable: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      w.onMessage = null;
      w.onFailure = null;
      if (reusable) {
        w.idleTimer = setTimeout(() => {
          const i = idle.indexOf(w);
          if (i >= 0) idle.splice(i, 1);
          void w.worker.terminate();
        }, IDLE_MS);
        w.idleTimer.unref();
        idle.push(w);
      } else {
        void w.worker.terminate();
      }
      resolve(outcome);
    };
    // The clock starts with the worker's start: a worker that cannot even start in time is stopped too.
    const timer = setTimeout(() => finish({ kind: "timeout" }, false), settings.timeoutMs);
    let header: Extract<ReadMessage, { type: "header" }> | null = null;
    const numberChunks: Int32Array[] = [];
    let values: CellValue[] = [];
    let sent = false;
    w.onFailure = (detail) => finish(sent ? { kind: "crashed", detail } : { kind: "broken", detail }, false);
    w.onMessage = (m) => {
      switch (m.type) {
        case "header":
          header = m;
          break;
        case "rows":
          numberChunks.push(m.rowNumbers);
          if (values.length === 0) values = m.values;
          else for (const v of m.values) values.push(v);
          break;
        case "done": {
          const rowNumbers = new Int32Array(numberChunks.reduce((n, c) => n + c.length, 0));
          let at = 0;
          for (const c of numberChunks) {
            rowNumbers.set(c, at);
            at += c.length;
          }
          finish({ kind: "table", sheet: { sheetName: header!.sheetName, headerRow: header!.headerRow, headers: header!.headers, rowNumbers, values } }, true);
          break;
        }
        case "missing":
          finish({ kind: "missing", firstHeaders: m.firstHeaders }, true);
          break;
        case "invalid":
          finish({ kind: "invalid", detail: m.detail }, true);
          break;
        case "too-many":
        case "too-much-text":
          finish({ kind: m.type, sheetName: m.sheetName, rowNumber: m.rowNumber }, true);
          break;
      }
    };
    void w.ready.then((ok) => {
      if (!ok || settled) return;
      const job: ReadJob = { id, request: { data: copy, required, maxRows: settings.maxRows } };
      w.worker.postMessage(job, [copy.buffer]);
      sent = true;
    });
  });
}

/** The workbooks being read now, in this process (one worker each). */
export const workbookReaders = new Limiter();

const refusal = (fileName: string, message: string) => new AppError("IMPORT_INVALID", `${fileName}：${message}`, [{ row: null, column: null, message }]);

/**
 * Reads the sheet of an uploaded workbook holding the `required` headers (the first sheet with all
 * of them in one of its first ten rows; the rows below it that have a value), or refuses the file
 * saying why: not a workbook, no such header (naming the missing columns and what the first sheet
 * has), more rows than `WENXIAO_IMPORT_MAX_ROWS`, too large or malformed to read within the worker's
 * limits, or too many imports at once (429).
 */
export async function readUploadedTable(fileName: string, data: Buffer | Uint8Array, required: string[], label: string): Promise<ReadSheet> {
  return toRows(await readUploadedColumns(fileName, data, required, label));
}

/** `readUploadedTable` in compact form (`CompactSheet`): what a big import reads. */
export async function readUploadedColumns(fileName: string, data: Buffer | Uint8Array, required: string[], label: string): Promise<CompactSheet> {
  const settings = workbookReadSettings();
  const outcome = await workbookReaders.run(
    { concurrency: settings.workers, queue: settings.queue },
    () => readInWorker(data, required.map(normaliseHeader), settings),
    () => new AppError("RATE_LIMITED", `${fileName}：导入任务较多（正在读取 ${workbookReaders.active} 个文件，另有 ${workbookReaders.queued} 个在排队），请稍后再试。`),
  );
  switch (outcome.kind) {
    case "table":
      return refuseNul(fileName, outcome.sheet);
    case "missing": {
      const found = outcome.firstHeaders;
      const missing = required.filter((h) => !found.map(normaliseHeader).includes(normaliseHeader(h)));
      const message = `${fileName}：找不到${label}表头。缺少列：${missing.join("、")}${found.length ? `；第一张工作表的表头为：${found.join("、")}` : ""}。请下载模板填写。`;
      throw new AppError("IMPORT_INVALID", message, [{ row: null, column: null, message }]);
    }
    case "invalid":
      throw refusal(fileName, NOT_A_WORKBOOK);
    case "too-many": {
      const max = settings.maxRows.toLocaleString("zh-CN");
      throw refusal(fileName, `工作表“${outcome.sheetName}”的数据超过 ${max} 行（第 ${outcome.rowNumber} 行已是第 ${(settings.maxRows + 1).toLocaleString("zh-CN")} 行数据），一个文件最多导入 ${max} 行。请拆分成几个文件分别导入。`);
    }
    case "too-much-text":
      throw refusal(fileName, `工作表“${outcome.sheetName}”到第 ${outcome.rowNumber} 行为止的文字已超过 ${(MAX_TABLE_TEXT / 1e8).toFixed(0)} 亿个字符，远超正常台账。请删除多余内容，或拆分成几个文件分别导入。`);
    case "timeout":
      throw refusal(fileName, `文件过大或格式异常，${settings.timeoutMs / 1000} 秒内未能读完。请删除多余的空行、空列和格式，另存为 .xlsx 后再上传，或拆分成几个文件。`);
    case "crashed":
      throw refusal(
        fileName,
        /memory/i.test(outcome.detail)
          ? "文件过大或格式异常，读取时超出了可用内存。请删除多余的空行、空列和格式，另存为 .xlsx 后再上传，或拆分成几个文件。"
          : "文件过大或格式异常，未能读完。请删除多余的空行、空列和格式，另存为 .xlsx 后再上传，或拆分成几个文件。",
      );
    case "broken":
      // A 500: the details go to the log.
      throw new Error(`the workbook-reading worker failed to start: ${outcome.detail}`);
  }
}

/**
 * A cell holding U+0000 (written as `_x0000_`, or by a program) cannot be stored in PostgreSQL text and
 * Excel does not show it: the file is refused, naming each such cell, rather than imported with a key
 * silently different from what the user sees.
 */
function refuseNul(fileName: string, sheet: CompactSheet): CompactSheet {
  const problems: Problem[] = [];
  const width = sheet.headers.length;
  // Once per header (a Map of a row holds the later column of a repeated header).
  const columns = sheet.headers.map((h, j) => j).filter((j) => sheet.headers.lastIndexOf(sheet.headers[j]) === j);
  for (let i = 0; i < sheet.rowNumbers.length; i++) {
    for (const j of columns) {
      const value = sheet.values[i * width + j];
      if (typeof value === "string" && value.includes("\u0000")) problems.push({ row: sheet.rowNumbers[i], column: sheet.headers[j], message: "含有空字符（NUL，Excel 中不可见），请删除该单元格内容后重新输入" });
    }
    if (problems.length > IMPORT_MAX_PROBLEMS) break;
  }
  if (!problems.length) return sheet;
  throw new AppError("IMPORT_INVALID", `${fileName}：有单元格含有空字符（NUL），未导入任何数据。请按提示修改后重新上传。`, problems.slice(0, IMPORT_MAX_PROBLEMS));
}
