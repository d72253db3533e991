/**
 * A task's report as the page shows it: the live draft (recomputed from data) until the task is
 * final, then the version frozen at finalisation; with its 勾稽校验, the paragraphs an editor may
 * change and the figures they may name.
 */
import { defaultTextOf, paragraphKeys, paragraphLabel } from "../../../core/report/build";
import { inlineText, type ReportDocument } from "../../../core/report/model";
import { fillTemplate, placeholderNames, templateToNames } from "../../../core/report/template";
import type { GradeScale } from "../../../core/scoring/grades";
import type { ParagraphState, Report } from "../../../contracts/reports";
import { notFound } from "../../errors";
import type { ServiceContext } from "../../context";
import { can } from "../../../core/access";
import type { TaskDetail } from "../../../contracts/evaluations";
import { checkDocument } from "./check-report";
import { composeLiveReport, readableTask, recordReport } from "./load-report";
import * as repo from "./repository";

/** Whether the actor may edit the task's report now: its evaluator while scoring, or finance, until final. */
export function canEditReport(ctx: ServiceContext, task: TaskDetail): boolean {
  return task.state !== "final" && (task.can.score || task.can.manage);
}

/** The document alone (for downloads): the frozen version asked for or of a final task, else the live draft. */
export async function loadReportDocument(ctx: ServiceContext, taskId: number, version?: number): Promise<ReportDocument> {
  const task = await readableTask(ctx, taskId);
  const stored = version !== undefined || task.state === "final" ? await repo.findVersion(ctx.db, taskId, version) : null;
  if (version !== undefined && !stored) throw notFound("报告版本");
  return stored ? (stored.document as ReportDocument) : (await composeLiveReport(ctx, task)).document;
}

export async function getReport(ctx: ServiceContext, taskId: number, version?: number): Promise<Report> {
  const task = await readableTask(ctx, taskId);
  const versions = (await repo.listVersions(ctx.db, taskId)).map((v) => ({ version: v.version, createdAt: v.createdAt.toISOString(), createdByName: v.createdByName }));
  const scale = task.gradeScale as GradeScale;
  const stored = version !== undefined || task.state === "final" ? await repo.findVersion(ctx.db, taskId, version) : null;
  if (version !== undefined && !stored) throw notFound("报告版本");
  const county = ctx.actor.role === "county";

  if (stored) {
    const document = stored.document as ReportDocument;
    // A county sees its own county in the other modules: the record check needs the city's view.
    const records = county ? null : recordReport(await composeLiveReport(ctx, task), task);
    return { document, check: checkDocument(document, { scale, records }), placeholders: [], paragraphs: [], versions, can: { edit: false, editTexts: false }, taskState: task.state };
  }

  const composed = await composeLiveReport(ctx, task);
  const { document, set, texts, rules, facts } = composed;
  const keys = [...new Set([...paragraphKeys(document), ...[...texts].filter(([, t]) => t.hidden).map(([k]) => k)])];
  const yearText = (key: string) => composed.rows.find((r) => r.key === key && r.taskId === null);
  const names = placeholderNames(set);
  const blockSource = new Map(document.blocks.flatMap((b) => (b.kind === "paragraph" ? [[b.key, b.source] as const] : [])));
  const paragraphs: ParagraphState[] = keys.map((key) => {
    const t = texts.get(key);
    const original = yearText(key)?.body ?? defaultTextOf(key, rules, facts) ?? "";
    return {
      key,
      label: paragraphLabel(key, rules, facts),
      body: templateToNames(t?.body ?? original, names),
      originalBody: templateToNames(original, names),
      source: t?.source ?? blockSource.get(key) ?? "computed",
      frozen: t?.frozen ?? false,
      hidden: t?.hidden ?? false,
      version: t?.version ?? null,
      history: composed.rows.some((r) => r.key === key),
    };
  });
  const placeholders = [
    ...Object.values(set.figures).map((f) => ({ key: f.key, label: names.get(f.key)!, text: f.text, list: false })),
    ...Object.values(set.lists).map((l) => ({ key: l.key, label: names.get(l.key)!, text: inlineText(fillTemplate(`{{${l.key}}}`, set)).slice(0, 40), list: true })),
  ].map((p) => ({ ...p, token: `{{${p.label}}}` }));
  return {
    document,
    check: checkDocument(document, { scale, records: recordReport(composed, task) }),
    placeholders,
    paragraphs,
    versions,
    can: { edit: canEditReport(ctx, task), editTexts: canEditReport(ctx, task) && can(ctx.actor, "evaluation.manage") },
    taskState: task.state,
  };
}
