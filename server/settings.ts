/**
 * Settings an installation may change through its environment, read here and nowhere else. Each is
 * read when asked, so a change of the variable (or a test) takes effect without a restart.
 */
import { FEN_PER_YUAN, type Fen } from "../core/money";

/** 单笔上限: 100亿元. A row above it is a typo (or an attack), and it keeps every sum far from 2^53 分. */
export const DEFAULT_MAX_ROW_AMOUNT_YUAN = 10_000_000_000;

export interface ImportSettings {
  /** The largest amount one imported row (下达, 支付, 计划投资, 改造内容金额) may carry, in 分. */
  maxRowAmountFen: Fen;
}

/** `WENXIAO_MAX_ROW_AMOUNT_YUAN`: a whole number of 元 (default 10,000,000,000). */
export function importSettings(env: Record<string, string | undefined> = process.env): ImportSettings {
  const raw = env.WENXIAO_MAX_ROW_AMOUNT_YUAN?.trim();
  const yuan = raw ? Number(raw.replace(/_/g, "")) : DEFAULT_MAX_ROW_AMOUNT_YUAN;
  if (!Number.isSafeInteger(yuan) || yuan <= 0 || !Number.isSafeInteger(yuan * FEN_PER_YUAN)) {
    throw new Error(`WENXIAO_MAX_ROW_AMOUNT_YUAN=${raw} is not a whole number of 元 between 1 and ${Math.floor(Number.MAX_SAFE_INTEGER / FEN_PER_YUAN)}`);
  }
  return { maxRowAmountFen: yuan * FEN_PER_YUAN };
}

/**
 * 年度合计上限: 1万亿元. Every sum the product computes lies within one fund year and adds at most a few
 * of its totals, so with each total below this bound no sum comes near 2^53 分 (≈ 90万亿元) and a
 * JavaScript number holds every figure exactly.
 */
export const DEFAULT_MAX_YEAR_TOTAL_YUAN = 1_000_000_000_000;
/** The largest bound an installation may set: ten times the default, still 9 totals below 2^53 分. */
const MAX_YEAR_TOTAL_YUAN_LIMIT = 10_000_000_000_000;

export interface LedgerSettings {
  /** The largest total a fund year may reach of each kind of money (下达, 支付, 投资, 改造内容, 完成投资), in 分. */
  maxYearTotalFen: Fen;
}

/** `WENXIAO_MAX_YEAR_TOTAL_YUAN`: a whole number of 元 (default 1,000,000,000,000). */
export function ledgerSettings(env: Record<string, string | undefined> = process.env): LedgerSettings {
  const raw = env.WENXIAO_MAX_YEAR_TOTAL_YUAN?.trim();
  const yuan = raw ? Number(raw.replace(/_/g, "")) : DEFAULT_MAX_YEAR_TOTAL_YUAN;
  if (!Number.isSafeInteger(yuan) || yuan <= 0 || yuan > MAX_YEAR_TOTAL_YUAN_LIMIT) {
    throw new Error(`WENXIAO_MAX_YEAR_TOTAL_YUAN=${raw} is not a whole number of 元 between 1 and ${MAX_YEAR_TOTAL_YUAN_LIMIT}`);
  }
  return { maxYearTotalFen: yuan * FEN_PER_YUAN };
}

/** 导入行数上限: more data rows than this in one file are refused (split the file). */
export const DEFAULT_IMPORT_MAX_ROWS = 200_000;

export interface WorkbookReadSettings {
  /** The most data rows one uploaded workbook may hold. */
  maxRows: number;
  /** Workbooks read at once, each in its own worker thread. */
  workers: number;
  /** Uploads that may wait for a worker; one more is refused (429) until a worker is free. */
  queue: number;
  /** A worker still reading after this long is stopped and the file refused. */
  timeoutMs: number;
  /** The heap one reading worker may use; past it the worker is stopped and the file refused. */
  workerMemoryMb: number;
}

function positiveNumber(env: Record<string, string | undefined>, name: string, fallback: number, options: { integer: boolean; min: number }): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw.replace(/_/g, ""));
  if (!Number.isFinite(n) || n < options.min || (options.integer && !Number.isSafeInteger(n))) {
    throw new Error(`${name}=${raw} is not ${options.integer ? "a whole number" : "a number"} of at least ${options.min}`);
  }
  return n;
}

/**
 * How uploaded workbooks are read (`server/xlsx-read.ts`): `WENXIAO_IMPORT_MAX_ROWS` (200000),
 * `WENXIAO_IMPORT_WORKERS` (2), `WENXIAO_IMPORT_QUEUE` (8), `WENXIAO_IMPORT_TIMEOUT_SECONDS` (60, may be
 * fractional) and `WENXIAO_IMPORT_WORKER_MB` (512).
 */
export function workbookReadSettings(env: Record<string, string | undefined> = process.env): WorkbookReadSettings {
  return {
    maxRows: positiveNumber(env, "WENXIAO_IMPORT_MAX_ROWS", DEFAULT_IMPORT_MAX_ROWS, { integer: true, min: 1 }),
    workers: positiveNumber(env, "WENXIAO_IMPORT_WORKERS", 2, { integer: true, min: 1 }),
    queue: positiveNumber(env, "WENXIAO_IMPORT_QUEUE", 8, { integer: true, min: 0 }),
    timeoutMs: Math.max(1, Math.round(positiveNumber(env, "WENXIAO_IMPORT_TIMEOUT_SECONDS", 60, { integer: false, min: 0.001 }) * 1000)),
    workerMemoryMb: positiveNumber(env, "WENXIAO_IMPORT_WORKER_MB", 512, { integer: true, min: 16 }),
  };
}

/**
 * The address residents open from a printed QR code (WENXIAO_PUBLIC_URL, e.g. https://wenxiao.example.gov.cn);
 * unset: the address a request came to, which is right when users reach the server directly.
 */
export function publicBaseUrl(env: Record<string, string | undefined> = process.env): string | null {
  const v = env.WENXIAO_PUBLIC_URL?.trim();
  if (!v) return null;
  if (!URL.canParse(v) || !/^https?:$/.test(new URL(v).protocol)) throw new Error(`WENXIAO_PUBLIC_URL 不是有效的网址：${v}`);
  return v.replace(/\/+$/, "");
}
