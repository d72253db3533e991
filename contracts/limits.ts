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
