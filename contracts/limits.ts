import { z } from "zod";
import { FUND_YEAR_MAX, FUND_YEAR_MIN } from "../core/fund-year";

/**
 * Length limits of the text a user writes, shared by the JSON schemas, the spreadsheet imports and the
 * forms. Counted in UTF-16 units (a Chinese character is one). Each is generous for real data and small
 * enough that a page of records stays small and every indexed key stays far below PostgreSQL's index
 * row limit (about 2,700 bytes), so an over-long value is a row's problem in the dry run, never a 500
 * at commit.
 */
export const TEXT_LIMITS = {
  /** 备注 of any record. */
  note: 500,
  /** 凭证号: the finance system's voucher number, the key of a payment. */
  voucherNo: 64,
  /** 文号 of a 下达 document, e.g. 临财建〔2021〕36号; part of an allocation's key. */
  docNo: 100,
  /** 项目编号, 小区编号. */
  code: 50,
  /** A cell listing several 小区编号 (a project's communities, separated by 、). */
  codeList: 2000,
  /** 项目名称 (the project edit form allows as much). */
  projectName: 200,
  /** 小区名称 and other names. */
  name: 100,
  /** 实施主体. */
  entity: 200,
  /** 街道. */
  street: 100,
  /** 项目简介. */
  description: 2000,
  /** 单位 of a 改造内容 or a 绩效目标. */
  unit: 20,
  /** 指标名称 of a 绩效目标. */
  indicator: 100,
  /** A cell looked up in a list (县区, 资金来源, 改造内容, 范围 …): anything longer names nothing. */
  lookup: 100,
} as const;

export type TextLimit = keyof typeof TEXT_LIMITS;

/** The message for a text over its limit; `what` is the column or field as the user sees it. */
export function tooLongMessage(what: string, length: number, max: number): string {
  return `${what}过长：最多 ${max} 个字符，本行为 ${length.toLocaleString("en-US")} 个字符`;
}

// ---- numbers a user types ------------------------------------------------------------------------

/**
 * The limits of a number a user types, in the unit the user sees (形象进度 in %, 得分 in 分), shared by
 * the server's schema (scaled to what is stored) and the form's check, so both refuse with the same
 * Chinese message. A value outside is refused, never clamped: the user must see what was not saved.
 */
export interface NumberLimit {
  /** The field as the user sees it, e.g. 形象进度. */
  label: string;
  min: number;
  /** Undefined: no upper limit. */
  max?: number;
  /** "%" follows each bound (0% 至 100%); any other unit follows the last (0 至 1.50 分). */
  unit?: string;
  /** Decimal places allowed; 0 for a whole number. */
  decimals: number;
  /** Shows the bounds with `decimals` places (1.50 分), as scores are shown. */
  fixed?: boolean;
  /** The message for a value above max when the server words it its own way (a leaf's 分值). */
  tooLarge?: string;
}

const bound = (l: NumberLimit, n: number) => {
  const s = n === 0 ? "0" : l.fixed ? n.toFixed(l.decimals) : String(n);
  return l.unit === "%" ? `${s}%` : s;
};
const tail = (l: NumberLimit) => (l.unit && l.unit !== "%" ? ` ${l.unit}` : "");

/** 「形象进度」应在 0% 至 100% 之间; without a max, 「累计完成投资」不能小于 0 万元. */
export function rangeMessage(l: NumberLimit): string {
  if (l.max === undefined) return `「${l.label}」不能小于 ${bound(l, l.min)}${tail(l)}`;
  return `「${l.label}」应在 ${bound(l, l.min)} 至 ${bound(l, l.max)}${tail(l) || " "}之间`;
}

/** 「每县区抽取小区数」应为整数 / 「得分」最多保留 2 位小数. */
export function decimalsMessage(l: NumberLimit): string {
  return l.decimals === 0 ? `「${l.label}」应为整数` : `「${l.label}」最多保留 ${l.decimals} 位小数`;
}

/** Text that is not a number at all ("abc", "一百万"): says what to type instead. */
export function notNumberMessage(l: NumberLimit): string {
  const range = l.max === undefined ? `不小于 ${bound(l, l.min)}${tail(l)}` : `${bound(l, l.min)} 至 ${bound(l, l.max)}${tail(l)}`;
  return `「${l.label}」应填写阿拉伯数字（${range}）`;
}

const FULL_WIDTH = /[０-９．－＋]/g;
const NUMBER_TEXT = /^[+-]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/;

/**
 * Reads what a user typed: full-width digits and thousands commas are accepted, anything else is not a
 * number. Empty text is null (required-ness is the form's business).
 */
export function readNumberText(text: string): { ok: true; value: number | null } | { ok: false } {
  const t = text.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\s+/g, "");
  if (t === "") return { ok: true, value: null };
  if (!NUMBER_TEXT.test(t)) return { ok: false };
  const value = Number(t.replace(/,/g, ""));
  return Number.isFinite(value) ? { ok: true, value } : { ok: false };
}

/**
 * The problem with a value, or null when it may be sent. A string is text that was typed (the form
 * keeps it while it is not a number); null and undefined are "not filled in".
 */
export function numberProblem(l: NumberLimit, value: number | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  let n: number;
  if (typeof value === "string") {
    const read = readNumberText(value);
    if (!read.ok) return notNumberMessage(l);
    if (read.value === null) return null;
    n = read.value;
  } else n = value;
  if (!Number.isFinite(n)) return notNumberMessage(l);
  if (n < l.min) return rangeMessage(l);
  if (l.max !== undefined && n > l.max) return l.tooLarge ?? rangeMessage(l);
  const scaled = n * 10 ** l.decimals;
  if (Math.abs(scaled - Math.round(scaled)) > 1e-6) return decimalsMessage(l);
  return null;
}

/**
 * The server's schema of a limited number stored scaled to an integer (形象进度 in basis points: scale
 * 100); the messages are the form's.
 */
export function scaledNumberSchema(l: NumberLimit, scale: number) {
  const s = z.number().int(decimalsMessage(l)).min(Math.round(l.min * scale), rangeMessage(l));
  return l.max === undefined ? s : s.max(Math.round(l.max * scale), l.tooLarge ?? rangeMessage(l));
}

/** The limits of the numbers typed in the forms, by field. */
export const NUMBER_LIMITS = {
  /** 形象进度 of a progress report, %; stored as basis points. */
  physicalProgress: { label: "形象进度", min: 0, max: 100, unit: "%", decimals: 2 },
  /** 累计完成投资 of a progress report, 万元 to the 分. */
  investedWan: { label: "累计完成投资", min: 0, unit: "万元", decimals: 6 },
  /** 黄色/红色预警 of a 双监控 indicator: how far behind the time, in percentage points; stored as basis points. */
  warningGap: { label: "预警阈值", min: 0.01, max: 100, unit: "个百分点", decimals: 2 },
  /** 应付比例 of a step of the payment schedule (支付节点), %; stored as basis points. */
  paymentShare: { label: "应付比例", min: 0.01, max: 100, unit: "%", decimals: 2 },
  /** 支付期限 of a step of the payment schedule: days after the stage before the share is due. */
  paymentTerm: { label: "支付期限", min: 0, max: 730, unit: "天", decimals: 0 },
  /** 年度 of a new fund year. */
  fundYear: { label: "年度", min: FUND_YEAR_MIN, max: FUND_YEAR_MAX, decimals: 0 },
  /** 字数上限 of a 填空题 / 意见题. */
  answerLength: { label: "字数上限", min: 1, max: 2000, unit: "字", decimals: 0 },
  /** 最短作答时间 of a questionnaire: a faster phone answer is flagged 作答过快. */
  minSeconds: { label: "最短作答时间", min: 0, max: 3600, unit: "秒", decimals: 0 },
  /** 每县区抽取小区数 of a survey's sample. */
  perCounty: { label: "每县区抽取小区数", min: 1, max: 1000, unit: "个", decimals: 0 },
  /** 随机种子 of a sample draw (an int4). */
  seed: { label: "随机种子", min: 0, max: 2_147_483_647, decimals: 0 },
  /** 每小区最少户数 of a community's quota. */
  quotaMin: { label: "每小区最少户数", min: 0, max: 10000, unit: "户", decimals: 0 },
  /** 抽样比例 of a community's households, %; stored as basis points. */
  quotaPct: { label: "抽样比例", min: 0, max: 100, unit: "%", decimals: 2 },
  /** 分值 of an indicator, 分; stored in hundredths. */
  indicatorWeight: { label: "分值", min: 0, max: 100, unit: "分", decimals: 2, fixed: true },
  /** 总分上限（含加分）of a template; empty is no cap. */
  totalCap: { label: "总分上限", min: 0, max: 200, unit: "分", decimals: 2, fixed: true },
  /** 上限 of a 加分项 / 扣分项. */
  adjustmentMax: { label: "上限", min: 0, max: 100, unit: "分", decimals: 2, fixed: true },
  /** 每次分值 of a 加分项 / 扣分项; empty is scored directly. */
  perOccurrence: { label: "每次分值", min: 0, max: 100, unit: "分", decimals: 2, fixed: true },
  /** 下限 of a grade (优秀 90 分以上). */
  gradeMin: { label: "等级下限", min: 0, max: 100, unit: "分", decimals: 2, fixed: true },
  /** 满意率 thresholds of a survey-scored leaf, %; stored as basis points. */
  satisfactionBound: { label: "满意率", min: 0, max: 100, unit: "%", decimals: 2 },
  /** 档次下限 of a leaf scored by bands, in the leaf's unit (kept to 4 decimals). */
  bandMin: { label: "档次下限", min: 0, decimals: 4 },
  /** 假设完成率 / 假设满意率 of the what-if panel, %. */
  whatIfRate: { label: "假设数值", min: 0, max: 1000, unit: "%", decimals: 2 },
} as const satisfies Record<string, NumberLimit>;

/**
 * A limit with its bounds in 分 taken from an indicator's 分值 (hundredths): a band's 得分, 每处扣分,
 * 最多扣 are at most the leaf's weight.
 */
export function pointsUpTo(label: string, weight: number, min = 0): NumberLimit {
  return { label, min, max: weight / 100, unit: "分", decimals: 2, fixed: true };
}
