/**
 * 勾稽校验 of a report: the arithmetic inside it (tables add up, rates equal their ratios, fund
 * compositions sum, repeated figures agree, grade matches the scale) and, for a task in Wenxiao,
 * every figure against the records it comes from.
 */
import { checkReport, isReportLike, NOT_A_REPORT_MESSAGE, parseReportText, type Inconsistency, type ParsedReport } from "../../../core/report/check";
import { documentLines, documentText, inlineText, type ReportDocument } from "../../../core/report/model";
import type { GradeScale } from "../../../core/scoring/grades";
import type { CheckResult } from "../../../contracts/reports";
import { AppError } from "../../errors";
import type { ServiceContext } from "../../context";
import { docxTaskMark, extractReportText } from "./extract";
import { composeLiveReport, readableTask, recordReport } from "./load-report";

/**
 * Every figure of a Wenxiao document whose text is not what its record gives now (a frozen version
 * after the records moved, an edited copy), named by chapter, table, row and column.
 */
function figureRecordProblems(doc: ReportDocument, records: ReportDocument): Inconsistency[] {
  const out: Inconsistency[] = [];
  let chapter = "";
  for (const l of documentLines(doc)) {
    const b = l.block === null ? null : doc.blocks[l.block];
    if (!b) continue;
    if (b.kind === "heading" && b.level === 1) chapter = b.text;
    const cells = b.kind === "paragraph" ? [b.inlines] : b.kind === "table" && l.row !== null && l.row > 0 ? b.rows[l.row - 1] : [];
    cells.forEach((inlines, col) => {
      for (const i of inlines) {
        const record = i.t === "fig" ? records.figures[i.key] : undefined;
        if (i.t !== "fig" || !record || record.text === i.text) continue;
        const table = b.kind === "table" ? b.caption.split(" ")[0] : null;
        const row = b.kind === "table" ? inlineText(cells[0]) : null;
        const column = b.kind === "table" ? b.header[col] : record.trace.label;
        const where = [chapter, table, row, column].filter(Boolean).join(" · ");
        out.push({ rule: "record", where: { chapter, table, row, column, line: l.line }, key: i.key, found: i.text, expected: record.text, message: `${where}：${i.text}，系统记录为 ${record.text}` });
      }
    });
  }
  return out;
}

/** Checks a Wenxiao document; `records` is the same report written from data alone, now. */
export function checkDocument(doc: ReportDocument, options: { scale?: GradeScale; records?: ReportDocument | null }): CheckResult {
  const expected = options.records ? parseReportText(documentText(options.records)) : undefined;
  const result = checkReport(parseReportText(documentText(doc)), { scale: options.scale, expected });
  // A figure the text check already named at its line is not named twice.
  const named = new Set(result.problems.map((p) => p.where.line));
  const byFigure = options.records ? figureRecordProblems(doc, options.records).filter((p) => !named.has(p.where.line)) : [];
  return { fileName: null, taskId: doc.meta.taskId, ...result, problems: [...result.problems, ...byFigure] };
}

/**
 * A file a user uploads: written in Word outside Wenxiao, or a Wenxiao report edited since. A .docx
 * that Wenxiao wrote names its task; otherwise the user may name one.
 */
export async function checkUploadedReport(ctx: ServiceContext, u: { fileName: string; data: Buffer; taskId?: number }): Promise<CheckResult> {
  const text = await extractReportText(u.fileName, u.data);
  const parsed = parseReportText(text);
  if (!isReportLike(parsed)) throw new AppError("VALIDATION_FAILED", `${u.fileName}：${NOT_A_REPORT_MESSAGE}`);
  const taskId = u.taskId ?? (await docxTaskMark(u.fileName, u.data))?.taskId;
  let expected: ParsedReport | undefined;
  let scale: GradeScale | undefined;
  let matched: number | null = null;
  if (taskId !== undefined) {
    const task = await readableTask(ctx, taskId).catch((e: unknown) => {
      // A task named only by the file's own properties may be one the caller cannot see: check the file alone.
      if (u.taskId === undefined && e instanceof AppError) return null;
      throw e;
    });
    if (task) {
      matched = task.id;
      scale = task.gradeScale as GradeScale;
      // A county's view of the other modules is its own county: its records cannot speak for the city.
      if (ctx.actor.role !== "county") expected = parseReportText(documentText(recordReport(await composeLiveReport(ctx, task), task)));
    }
  }
  return { fileName: u.fileName, taskId: matched, ...checkReport(parsed, { scale, expected }) };
}
