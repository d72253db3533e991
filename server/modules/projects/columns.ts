import type { ColumnSpec } from "../../xlsx";
import { METRIC_INFO, PROPERTY_MODE_LABEL, RENOVATION_CATEGORY_LABEL, TARGET_METRICS } from "../../../core/registry";

/**
 * Template columns of the registry imports. The export uses the same headers, so an exported sheet
 * can be imported again unchanged. Headers marked * are required.
 */
export const COMMUNITY_COLUMNS: ColumnSpec[] = [
  { header: "县区", width: 10, note: "必填。本市县区名称，如：河东区" },
  { header: "小区编号", width: 16, note: "必填。全市唯一，如：371312-0001；重复导入同一编号会更新该小区" },
  { header: "小区名称", width: 26, note: "必填" },
  { header: "街道", width: 14, note: "选填。所在街道或镇" },
  { header: "建成年份", width: 10, note: "必填。四位年份，如：1996" },
  { header: "楼栋数", width: 8, note: "必填。整数" },
  { header: "户数", width: 8, note: "必填。整数" },
  { header: "建筑面积（㎡）", width: 14, numFmt: "#,##0.00", note: "必填。只填数字，最多两位小数，单位为平方米" },
  { header: "物业管理模式", width: 14, note: `选填。${Object.values(PROPERTY_MODE_LABEL).join("、")}；空白视为无物业管理` },
  { header: "物业费收缴率（%）", width: 14, note: "选填。0–100 的数字，如 65.5" },
  { header: "经度", width: 12, note: "选填。如 118.402" },
  { header: "纬度", width: 12, note: "选填。如 35.089" },
  { header: "此前改造年度", width: 12, note: "选填。在本系统项目之外已完成改造的年度" },
  { header: "备注", width: 20 },
];

/** Fixed columns of the project sheet; one 计划投资 column per funding source follows (「中央补助（万元）」). */
export const PROJECT_COLUMNS: ColumnSpec[] = [
  { header: "县区", width: 10, note: "必填。本市县区名称" },
  { header: "项目编号", width: 18, note: "必填。本年度唯一，如：371312-2021-001；重复导入同一编号会更新该项目" },
  { header: "项目名称", width: 30, note: "必填" },
  { header: "批次年度", width: 10, note: "选填。默认为本资金年度" },
  { header: "实施主体", width: 26, note: "选填。如：临沂城发城建开发有限公司" },
  { header: "街道", width: 12, note: "选填" },
  { header: "小区编号", width: 26, note: "选填。本项目改造的小区，多个用顿号或逗号分隔；须为本县区小区库中的小区，同一小区一年只能属于一个项目" },
  { header: "计划开工日期", width: 13, numFmt: "yyyy-mm-dd" },
  { header: "实际开工日期", width: 13, numFmt: "yyyy-mm-dd" },
  { header: "计划完工日期", width: 13, numFmt: "yyyy-mm-dd" },
  { header: "实际完工日期", width: 13, numFmt: "yyyy-mm-dd" },
  { header: "计划竣工验收日期", width: 15, numFmt: "yyyy-mm-dd" },
  { header: "实际竣工验收日期", width: 15, numFmt: "yyyy-mm-dd" },
  { header: "验收结果", width: 10, note: "选填。合格 或 不合格；须先有实际竣工验收日期" },
  { header: "计划结算日期", width: 13, numFmt: "yyyy-mm-dd" },
  { header: "实际结算日期", width: 13, numFmt: "yyyy-mm-dd" },
  { header: "项目简介", width: 40 },
];
export const INVESTMENT_SUFFIX = "（万元）";
export const investmentNote = (category: "fiscal" | "non_fiscal") =>
  `选填。计划投资（${category === "fiscal" ? "财政资金" : "非财政资金"}），单位万元，最多精确到分；空白或0表示无此来源`;

export const CONTENT_COLUMNS: ColumnSpec[] = [
  { header: "项目编号", width: 18, note: "必填。本年度的项目编号" },
  { header: "小区编号", width: 16, note: "选填。改造内容属于项目中的哪个小区；空白表示整个项目" },
  { header: "改造类别", width: 10, note: `选填。${Object.values(RENOVATION_CATEGORY_LABEL).join("、")}；填写时须与改造内容相符` },
  { header: "改造内容", width: 24, note: "必填。改造内容目录中的名称，见「参照」工作表" },
  { header: "数量", width: 10, note: "必填。只填数字，最多四位小数" },
  { header: "单位", width: 8, note: "选填。默认为目录中的单位" },
  { header: "金额（万元）", width: 14, numFmt: "#,##0.00####", note: "必填。只填数字，最多精确到分" },
  { header: "备注", width: 20 },
];

export const TARGET_COLUMNS: ColumnSpec[] = [
  { header: "范围", width: 10, note: "必填。全市 或 县区名称" },
  { header: "指标名称", width: 18, note: "必填。同一范围内唯一；重复导入会更新该指标" },
  {
    header: "计算口径",
    width: 18,
    note: `选填。由系统从小区库和项目库计算实际值：${TARGET_METRICS.map((m) => METRIC_INFO[m].label).join("、")}；空白表示实际值手工填写`,
  },
  { header: "单位", width: 8, note: "必填。如：个、户、万㎡、%" },
  { header: "指标方向", width: 10, note: "选填。正向（越大越好，默认）或 反向（越小越好）" },
  { header: "目标值", width: 12, note: "必填。只填数字" },
  { header: "实际值", width: 12, note: "选填。仅用于没有计算口径的指标" },
  { header: "备注", width: 20 },
];
