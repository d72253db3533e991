/**
 * An allocation as a workbook: 分配结果 (every column of the page, 万元 with two decimals rounded from 分
 * exactly, the exact amount in 元, and a totals row) and 参数 (scheme and weights, total, basis, task,
 * coefficients, 核减 rule, notes).
 */
import { FACTOR_BASIS_LABEL, type AllocationRequest, type AllocationView } from "../../../contracts/allocation";
import { FACTOR_KEYS, FACTOR_LABEL, FACTOR_UNIT } from "../../../core/allocation/types";
import { formatDateCn } from "../../../core/dates";
import { formatBasisPoints, formatWan } from "../../../core/money";
import { formatYuan } from "../../../core/format";
import { formatPoints } from "../../../core/scoring/points";
import type { ServiceContext } from "../../context";
import { addTableSheet, newWorkbook, workbookBuffer, XLSX_MIME, type CellValue } from "../../xlsx";
import { computeAllocation } from "./compute-allocation";
import { getPlan } from "./plans";

/** 万元 with two decimals, rounded half up from 分 in integers: a number cell showing exactly that. */
const wan = (fen: number) => Number(formatWan(fen));
const WAN_FMT = "#,##0.00";
const fileSafe = (name: string) => name.replace(/[\\/:*?"<>|]/g, "_");

/** Column headers of 分配结果, in order (the test and the page's legend read them). */
export const RESULT_HEADERS = [
  "序号",
  "县区",
  ...FACTOR_KEYS.map((k) => `${FACTOR_LABEL[k]}（${FACTOR_UNIT[k]}）`),
  "财政困难程度系数",
  "评价得分",
  "评价等级",
  "逾期整改（项）",
  "退回整改（项）",
  "核减原因",
  "因素分配（万元）",
  "绩效分配（万元）",
  "测算金额（万元）",
  "核减调整（万元）",
  "分配金额（万元）",
  "分配金额（元）",
  "占比",
  "按平均分测算（万元）",
  "不含绩效因素（万元）",
  "得分影响（万元）",
];

export function weightLines(v: AllocationView): [string, string][] {
  const d = v.scheme.definition;
  if (d.kind === "factor") {
    return [...FACTOR_KEYS.map((k): [string, string] => [`${FACTOR_LABEL[k]}权重`, formatBasisPoints(d.factorWeightsBp[k])]), ["绩效权重", formatBasisPoints(d.performanceWeightBp)]];
  }
  return [
    ["任务量资金占比", formatBasisPoints(d.workloadShareBp)],
    ["奖励资金占比", formatBasisPoints(d.rewardShareBp)],
    ...FACTOR_KEYS.map((k): [string, string] => [`任务量中${FACTOR_LABEL[k]}的权重`, formatBasisPoints(d.workloadWeightsBp[k])]),
    ["绩效调节系数", Object.entries(d.adjustmentByGrade).map(([g, k]) => `${g} ${k}`).join("，")],
  ];
}

export function cutRuleText(v: AllocationView): string {
  const r = v.cutRule;
  if (!r.enabled) return "未启用";
  const when = [r.grades.length ? `评价等级为${r.grades.join("、")}` : null, r.overdue ? "整改逾期" : null, r.returned ? "整改被退回" : null].filter(Boolean).join("或");
  return `${when || "（无条件）"}的县区核减测算金额的 ${formatBasisPoints(r.cutBp)}，核减资金按测算金额比例分给其他县区`;
}

export async function allocationWorkbook(v: AllocationView, name: string): Promise<{ fileName: string; mimeType: string; data: Buffer }> {
  const wb = newWorkbook();
  const title = `${v.city.name}${v.year}年度${v.programme.name}分配测算${name ? `：${name}` : ""}`;
  const columns = RESULT_HEADERS.map((header) => ({
    header,
    width: header === "核减原因" ? 28 : header === "县区" ? 12 : 14,
    numFmt: header.endsWith("（万元）") ? WAN_FMT : undefined,
  }));
  const rows: CellValue[][] = v.lines.map((l, i) => [
    i + 1,
    l.name,
    ...l.factors.map((f) => Number(f.value)),
    l.difficulty,
    l.score === null ? "—" : formatPoints(l.score, { fixed: true }) + (l.scoreOverridden ? "（测算）" : ""),
    l.grade ?? "—",
    l.rectification.overdue,
    l.rectification.returned,
    l.cutReasons.join("；") || "—",
    wan(l.factorFen),
    wan(l.performanceFen),
    wan(l.computedFen),
    wan(l.cutFen),
    wan(l.amountFen),
    formatYuan(l.amountFen),
    formatBasisPoints(l.shareBp),
    wan(l.atMeanScoreFen),
    wan(l.withoutPerformanceFen),
    wan(l.movedByScoreFen),
  ]);
  const t = v.totals;
  rows.push([
    "合计",
    "",
    ...t.factors.map((f) => Number(f.value)),
    "",
    v.meanScore === null ? "" : `平均 ${formatPoints(v.meanScore, { fixed: true })}`,
    "",
    v.lines.reduce((a, l) => a + l.rectification.overdue, 0),
    v.lines.reduce((a, l) => a + l.rectification.returned, 0),
    "",
    wan(t.factorFen),
    wan(t.performanceFen),
    wan(t.computedFen),
    wan(t.cutFen),
    wan(t.amountFen),
    formatYuan(t.amountFen),
    formatBasisPoints(10000),
    wan(t.atMeanScoreFen),
    wan(t.withoutPerformanceFen),
    "",
  ]);
  const sheet = addTableSheet(wb, "分配结果", columns, rows, { title, subtitle: `分配总额 ${formatWan(v.totalFen, { grouping: true })} 万元　金额单位：万元（各县区金额精确到分见“分配金额（元）”列）` });
  sheet.lastRow!.font = { bold: true };

  const params: CellValue[][] = [
    ["分配年度", `${v.year}年度`],
    ["地区", v.city.name],
    ["资金项目", v.programme.name],
    ["分配总额（万元）", formatWan(v.totalFen, { grouping: true, decimals: 6 })],
    ["分配方案", `${v.scheme.name}（${v.scheme.code}，第 ${v.scheme.revision} 版）`],
    ...weightLines(v),
    ["因素口径", FACTOR_BASIS_LABEL[v.factorBasis]],
    ["评价年度", `${v.basisFundYear.year}年度（评价日 ${formatDateCn(v.basisFundYear.evaluationDate)}）`],
    ["评价任务", v.task?.name ?? "（无）"],
    ["平均得分", v.meanScore === null ? "—" : formatPoints(v.meanScore, { fixed: true })],
    ["核减规则", cutRuleText(v)],
    ...v.lines.map((l): CellValue[] => [`财政困难程度系数：${l.name}`, l.difficulty]),
    ...v.notes.map((n, i): CellValue[] => [`说明${i + 1}`, n]),
  ];
  addTableSheet(wb, "参数", [{ header: "项目", width: 30 }, { header: "内容", width: 80 }], params);
  return { fileName: fileSafe(`${v.city.name}${v.year}年度资金分配测算${name ? `_${name}` : ""}.xlsx`), mimeType: XLSX_MIME, data: await workbookBuffer(wb) };
}

export async function exportPlan(ctx: ServiceContext, id: number) {
  const plan = await getPlan(ctx, id);
  return allocationWorkbook(plan.result, plan.name);
}

export async function exportPreview(ctx: ServiceContext, req: AllocationRequest) {
  return allocationWorkbook((await computeAllocation(ctx, req)).view, "");
}
