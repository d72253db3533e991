import { z } from "zod";

/**
 * Validation messages are read by users: Chinese, for every schema on every side. zod's zh-CN locale
 * still names types, lengths' origins and enum values in English ("实际接收 string", "期望 string
 * <=5 字符", "期望以下之一 "completion"|…"), so the issues a user can meet are worded here and the
 * rest is left to it.
 */
const zhCN = z.locales.zhCN().localeError;

const TYPES: Record<string, string> = {
  string: "文字",
  number: "数字",
  int: "整数",
  bigint: "整数",
  boolean: "是或否",
  object: "一组字段",
  array: "列表",
  null: "空值",
  undefined: "空",
  date: "日期",
  nan: "非数字",
  symbol: "符号",
  function: "函数",
  file: "文件",
};

const typeName = (t: unknown) => TYPES[String(t)] ?? "其他内容";

function parsedType(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "array";
  if (typeof input === "number" && Number.isNaN(input)) return "nan";
  return typeof input;
}

/** The unit a length is counted in, by what is measured. */
const UNITS: Record<string, string> = { string: "个字符", array: "项", set: "项", file: "字节" };

function localeError(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "为必填项";
      return `应为${typeName(issue.expected)}，收到的是${typeName(parsedType(issue.input))}`;
    case "invalid_value":
    case "invalid_union":
      return "取值不在允许的范围内";
    case "unrecognized_keys":
      return `含有无法识别的字段（${issue.keys.length} 个）`;
    case "too_big":
    case "too_small": {
      const big = issue.code === "too_big";
      const limit = String(big ? (issue as { maximum: unknown }).maximum : (issue as { minimum: unknown }).minimum);
      const unit = UNITS[String(issue.origin)];
      if (unit) return `${big ? "最多" : "至少"} ${limit} ${unit}`;
      return `应${big ? (issue.inclusive ? "不大于" : "小于") : issue.inclusive ? "不小于" : "大于"} ${limit}`;
    }
    default:
      return zhCN(issue) as string | undefined;
  }
}

z.config({ localeError });
