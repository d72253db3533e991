import { TEXT_LIMITS } from "../../../contracts/limits";
import type { ColumnSpec } from "../../xlsx";

/**
 * Template columns. The detail sheets of the ledger export use the same headers, so an export can be
 * imported again. The amount header names its unit: 金额（万元） or 金额（元） are both read.
 */
export const ALLOCATION_COLUMNS: ColumnSpec[] = [
  { header: "县区", width: 12, note: "必填。本市县区名称，如：兰山区" },
  { header: "资金来源", width: 14, note: "必填。如：中央补助、省级补助、市级补助" },
  { header: "金额（万元）", width: 16, numFmt: "#,##0.00####", note: "必填。大于0的数字，最多精确到分（万元后6位小数）" },
  { header: "文号", width: 26, note: `必填。下达文件的文号，如：临财建〔2021〕36号；最长${TEXT_LIMITS.docNo}个字符` },
  { header: "下达日期", width: 14, numFmt: "yyyy-mm-dd", note: "必填。如：2021-08-25，须在本年度允许的下达期间内" },
  { header: "项目编号", width: 20, note: "选填。下达到具体项目时填写，须为该县区的项目" },
  { header: "备注", width: 24, note: `选填。最长${TEXT_LIMITS.note}个字符` },
];

export const PAYMENT_COLUMNS: ColumnSpec[] = [
  { header: "县区", width: 12, note: "必填。本市县区名称，如：兰山区" },
  { header: "项目编号", width: 20, note: "必填。该县区本年度的项目编号" },
  { header: "资金来源", width: 14, note: "必填。如：中央补助、省级补助、市级补助" },
  { header: "金额（元）", width: 16, numFmt: "#,##0.00", note: "必填。大于0的数字，最多两位小数" },
  { header: "支付日期", width: 14, numFmt: "yyyy-mm-dd", note: "必填。如：2022-03-15，须在本年度允许的支付期间内" },
  { header: "凭证号", width: 20, note: `必填。同一年度内唯一，最长${TEXT_LIMITS.voucherNo}个字符；重复导入同一凭证号不会重复记账` },
  { header: "备注", width: 24, note: `选填。最长${TEXT_LIMITS.note}个字符` },
];
