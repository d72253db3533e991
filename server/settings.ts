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
