/**
 * 下达草稿: a plan's amounts as a workbook in exactly the format of the allocation import (资金下达
 * template columns), one row per county, so it can go through 数据导入 into the next fund year; and a
 * trial of that batch through the import's own dry run (or, asked for, its all-or-nothing commit).
 */
import { IMPORT_KIND_LABEL } from "../../../contracts/imports";
import type { AllocationView, DraftBatchTrial } from "../../../contracts/allocation";
import { formatWan } from "../../../core/money";
import type { DbOrTx } from "../../../db/open";
import type { ServiceContext } from "../../context";
import { AppError } from "../../errors";
import { addTableSheet, excelDate, newWorkbook, workbookBuffer, XLSX_MIME, type CellValue } from "../../xlsx";
import { ALLOCATION_COLUMNS } from "../imports/columns";
import { runImport } from "../imports/service";
import { visiblePlan } from "./plans";
import * as repo from "./repository";

/** The 文号 of a draft row: replaced by the real document number before the batch is committed. */
export const DRAFT_DOC_NO = "（草稿）";
/** The source a draft batch uses unless told: the city's own subsidy. */
const DEFAULT_SOURCE_NAME = "市级补助";

/** The fund source of the rows: the code asked for, else 市级补助, else the first fiscal source. */
export async function draftSource(db: DbOrTx, sourceCode?: string) {
  const sources = await repo.listSources(db);
  if (sourceCode) {
    const s = sources.find((x) => x.code === sourceCode);
    if (!s) throw new AppError("VALIDATION_FAILED", `资金来源（sourceCode）「${sourceCode}」不存在，可选：${sources.map((x) => `${x.code}（${x.name}）`).join("、")}`);
    return s;
  }
  const s = sources.find((x) => x.name === DEFAULT_SOURCE_NAME) ?? sources.find((x) => x.category === "fiscal");
  if (!s) throw new AppError("VALIDATION_FAILED", "还没有财政资金来源，无法生成下达草稿；请先在系统设置中添加资金来源");
  return s;
}

async function buildDraft(ctx: ServiceContext, planId: number, sourceCode?: string) {
  const row = await visiblePlan(ctx, planId);
  const plan = { name: row.name, year: row.year, result: row.result as AllocationView };
  const source = await draftSource(ctx.db, sourceCode);
  const target = await repo.findFundYearOf(ctx.db, { programmeId: row.programmeId, regionId: row.cityRegionId, year: plan.year });
  // The first day of the year, or the first day the target year allows when its window starts later.
  let allocatedOn = `${plan.year}-01-01`;
  if (target && (allocatedOn < target.fy.allocationFrom || allocatedOn > target.fy.allocationTo)) allocatedOn = target.fy.allocationFrom;
  const note = `分配测算「${plan.name}」生成的下达草稿，文号待正式发文后填写`.slice(0, 500);
  const rows: CellValue[][] = plan.result.lines
    .filter((l) => l.amountFen > 0)
    // 万元 with up to six decimals: the shortest decimal of the number is the exact amount in 分.
    .map((l) => [l.name, source.name, Number(formatWan(l.amountFen, { decimals: 6 })), DRAFT_DOC_NO, excelDate(allocatedOn), null, note]);
  const wb = newWorkbook();
  addTableSheet(wb, IMPORT_KIND_LABEL.allocations, ALLOCATION_COLUMNS, rows);
  const fileName = `${plan.result.city.name}${plan.year}年度资金下达草稿_${plan.name}.xlsx`.replace(/[\\/:*?"<>|]/g, "_");
  return { plan, source, target, fileName, data: await workbookBuffer(wb) };
}

/** GET …/draft-batch: the workbook to take to 数据导入. */
export async function draftBatchWorkbook(ctx: ServiceContext, planId: number, sourceCode?: string) {
  const d = await buildDraft(ctx, planId, sourceCode);
  return { fileName: d.fileName, mimeType: XLSX_MIME, data: d.data };
}

/**
 * POST …/draft-batch/trial: the batch through the allocation import of the plan's year — a dry run by
 * default (nothing written), or with `commit` the import's own all-or-nothing, audited commit.
 */
export async function tryDraftBatch(ctx: ServiceContext, planId: number, o: { sourceCode?: string; commit?: boolean } = {}): Promise<DraftBatchTrial> {
  const d = await buildDraft(ctx, planId, o.sourceCode);
  if (!d.target) {
    return {
      targetFundYearId: null,
      sourceCode: d.source.code,
      report: null,
      message: `还没有${d.plan.result.city.name}${d.plan.year}年度${d.plan.result.programme.name}的资金年度，无法试导入；请先开启${d.plan.year}年度`,
    };
  }
  const report = await runImport({ ctx, kind: "allocations", fundYearId: d.target.fy.id, fileName: d.fileName, data: d.data, dryRun: !o.commit });
  const amount = `${formatWan(report.newAmountFen, { grouping: true })} 万元`;
  const message = report.problems.length
    ? `试导入发现 ${report.problems.length + report.moreProblems} 处问题，未导入任何数据`
    : o.commit
      ? `已导入 ${report.newCount} 行下达记录，合计 ${amount}`
      : `试导入通过：${report.newCount} 行，合计 ${amount}，可导入${d.plan.year}年度`;
  return { targetFundYearId: d.target.fy.id, sourceCode: d.source.code, report, message };
}
