/**
 * 勾稽校验 of a report: the arithmetic inside it (tables add up, rates equal their ratios, fund
 * compositions sum, repeated figures agree, grade matches the scale) and, for a task in Wenxiao,
 * every recognised figure against the records it comes from.
 */
import { checkReport, isReportLike, NOT_A_REPORT_MESSAGE, parseReportText, type ParsedReport } from "../../../core/report/check";
import { documentText, type ReportDocument } from "../../../core/report/model";
import type { GradeScale } from "../../../core/scoring/grades";
import type { CheckResult } from "../../../contracts/reports";
import { AppError } from "../../errors";
import type { ServiceContext } from "../../context";
import { extractReportText } from "./extract";
import { composeLiveReport, readableTask, recordReport } from "./load-report";

/** Checks a document's text; `records` is the same report written from data alone. */
export function checkDocument(doc: ReportDocument, options: { scale?: GradeScale; records?: ReportDocument | null; fileName?: string | null }): CheckResult {
  return checkText(documentText(doc), { scale: options.scale, expected: options.records ? parseReportText(documentText(options.records)) : undefined, fileName: options.fileName ?? null, taskId: doc.meta.taskId });
}

function checkText(text: string, o: { scale?: GradeScale; expected?: ParsedReport; fileName: string | null; taskId: number | null }): CheckResult {
  const parsed = parseReportText(text);
  const result = checkReport(parsed, { scale: o.scale, expected: o.expected });
  return { fileName: o.fileName, taskId: o.taskId, ...result };
}

/** A file a user uploads: written in Word outside Wenxiao, or a Wenxiao report edited since. */
export async function checkUploadedReport(ctx: ServiceContext, u: { fileName: string; data: Buffer; taskId?: number }): Promise<CheckResult> {
  const text = await extractReportText(u.fileName, u.data);
  const parsed = parseReportText(text);
  if (!isReportLike(parsed)) throw new AppError("VALIDATION_FAILED", `${u.fileName}：${NOT_A_REPORT_MESSAGE}`);
  let expected: ParsedReport | undefined;
  let scale: GradeScale | undefined;
  if (u.taskId !== undefined) {
    const task = await readableTask(ctx, u.taskId);
    scale = task.gradeScale as GradeScale;
    // A county's view of the other modules is its own county: its records cannot speak for the city.
    if (ctx.actor.role !== "county") expected = parseReportText(documentText(recordReport(await composeLiveReport(ctx, task), task)));
  }
  return { fileName: u.fileName, taskId: u.taskId ?? null, ...checkReport(parsed, { scale, expected }) };
}
