/**
 * The evaluator (or finance) edits a paragraph of a task's report: a new version of its words, with
 * live placeholders unless frozen, audited. Finance may save the words as the fund year's stored text.
 */
import { defaultTextOf, paragraphLabel } from "../../../core/report/build";
import { freezeTemplate, placeholderNames, templateFromNames, unknownPlaceholders } from "../../../core/report/template";
import { can } from "../../../core/access";
import type { ParagraphEdit, Report } from "../../../contracts/reports";
import { AppError } from "../../errors";
import type { ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import { lockTaskState } from "../evaluations/service";
import { composeLiveReport, readableTask, REVERT_NOTE } from "./load-report";
import { canEditReport, getReport } from "./get-report";
import * as repo from "./repository";

const LOCKED = "任务已定稿，报告已锁定；如需修改，请由市财政局重新打开评价任务";

export async function editParagraph(ctx: ServiceContext, taskId: number, key: string, edit: ParagraphEdit): Promise<Report> {
  const task = await readableTask(ctx, taskId);
  if (task.state === "final") throw new AppError("CONFLICT", LOCKED);
  if (!canEditReport(ctx, task)) throw new AppError("FORBIDDEN", "无权修改此报告");
  if (edit.forFundYear && !can(ctx.actor, "evaluation.manage")) throw new AppError("FORBIDDEN", "只有市财政局可以修改本年度基础文本");
  const { set, texts, rules, facts } = await composeLiveReport(ctx, task);
  const known = defaultTextOf(key, rules, facts) !== null || texts.has(key) || key === "cover.date";
  if (!known) throw new AppError("NOT_FOUND", `报告中没有段落「${key}」`);
  const label = paragraphLabel(key, rules, facts);
  // The editor writes figures by name ({{预算执行率（全部资金来源）}}); they are stored by key.
  const written = templateFromNames(edit.body, placeholderNames(set));
  const unknown = unknownPlaceholders(written, set);
  if (unknown.length) throw new AppError("VALIDATION_FAILED", `「${label}」中的数字 ${unknown.map((k) => `{{${k}}}`).join("、")} 不存在，请从可用数字列表中选择`);
  if (!edit.revert && !edit.hidden && !written.trim()) throw new AppError("VALIDATION_FAILED", `「${label}」不能为空；如不需要此段，请选择删除此段`);
  const body = edit.revert ? "" : edit.freeze ? freezeTemplate(written, set) : written.trim();
  const scopeTask = edit.forFundYear ? null : taskId;

  await ctx.db.transaction(async (tx) => {
    if ((await lockTaskState(tx, taskId)) === "final") throw new AppError("CONFLICT", LOCKED);
    await repo.lockParagraphs(tx, task.fundYearId, scopeTask);
    const version = await repo.nextParagraphVersion(tx, task.fundYearId, scopeTask, key);
    await repo.insertParagraph(tx, {
      fundYearId: task.fundYearId,
      taskId: scopeTask,
      key,
      version,
      body,
      frozen: edit.freeze && !edit.revert,
      hidden: edit.hidden && !edit.revert,
      note: edit.revert ? REVERT_NOTE : null,
      authorId: ctx.actor.userId || null,
      authorName: ctx.actor.displayName,
    });
    const what = edit.revert ? "恢复原文" : edit.hidden ? "删除段落" : edit.freeze ? "修改（数字已冻结）" : "修改";
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "update",
      entityType: edit.forFundYear ? "report_text" : "report_paragraph",
      entityId: `${edit.forFundYear ? `fy${task.fundYearId}` : taskId}:${key}:${version}`,
      summary: `${edit.forFundYear ? `${task.year}年度基础文本` : `评价报告「${task.name}」`} · ${label}：${what}（第 ${version} 版）`,
      before: { body: texts.get(key)?.body ?? defaultTextOf(key, rules, facts) },
      after: { body, frozen: edit.freeze, hidden: edit.hidden, revert: edit.revert },
    });
  });
  return getReport(ctx, taskId);
}
