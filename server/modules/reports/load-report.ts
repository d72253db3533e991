/**
 * Who may read a task's report, and the live report composed from data: facts through the other
 * modules' services, figures, stored texts and edits, drafting rules.
 */
import { buildReport, type StoredText } from "../../../core/report/build";
import { figuresOf } from "../../../core/report/facts";
import type { ReportDocument } from "../../../core/report/model";
import type { TaskDetail } from "../../../contracts/evaluations";
import { AppError } from "../../errors";
import type { ServiceContext } from "../../context";
import { getTask } from "../evaluations/service";
import { gatherFacts } from "./gather-facts";
import * as repo from "./repository";
import { loadRules } from "./drafting-rules";

/** The task, if the actor may read its report: a county only once the task is final. */
export async function readableTask(ctx: ServiceContext, taskId: number): Promise<TaskDetail> {
  const task = await getTask(ctx, taskId);
  // Like a task a caller may not see, a draft does not exist for a county (it names every county's score).
  if (ctx.actor.role === "county" && task.state !== "final") throw new AppError("NOT_FOUND", "评价报告尚未定稿：县区用户可在评价任务定稿后查看评价报告");
  return task;
}

/** A marker row: the edit history goes on, the paragraph is back to its original words. */
export const REVERT_NOTE = "恢复原文";

/** Current stored words by key: the task's newest edit (unless reverted), else the fund year's newest text. */
export function currentTexts(rows: repo.ParagraphRow[]): Map<string, StoredText> {
  // Rows come newest first within a key.
  const newestOf = (task: boolean) => {
    const m = new Map<string, repo.ParagraphRow>();
    for (const r of rows) if ((r.taskId !== null) === task && !m.has(r.key)) m.set(r.key, r);
    return m;
  };
  const own = newestOf(true);
  const year = newestOf(false);
  const out = new Map<string, StoredText>();
  for (const key of new Set([...year.keys(), ...own.keys()])) {
    const edit = own.get(key);
    const r = edit && edit.note !== REVERT_NOTE ? edit : year.get(key);
    if (!r || r.note === REVERT_NOTE) continue;
    out.set(key, { body: r.body, frozen: r.frozen, hidden: r.hidden, version: r.version, source: r.taskId === null ? "text" : "edited" });
  }
  return out;
}

/** The cover month: the stored 「cover.date」 text, else the task's finalisation, else today. */
function reportDate(texts: Map<string, StoredText>, task: TaskDetail): string {
  const stored = texts.get("cover.date")?.body;
  if (stored && /^\d{4}-\d{2}(-\d{2})?$/.test(stored)) return stored.length === 7 ? `${stored}-01` : stored;
  return (task.finalizedAt ?? new Date().toISOString()).slice(0, 10);
}

export async function composeLiveReport(ctx: ServiceContext, task: TaskDetail, frozen?: { version: number }) {
  const facts = await gatherFacts(ctx, task);
  const set = figuresOf(facts);
  const rows = await repo.paragraphRows(ctx.db, task.fundYearId, task.id);
  const texts = currentTexts(rows);
  const rules = await loadRules(ctx.db);
  const document: ReportDocument = buildReport({
    facts,
    set,
    texts,
    rules,
    reportDate: reportDate(texts, task),
    live: !frozen,
    version: frozen?.version ?? null,
    generatedAt: new Date().toISOString(),
  });
  return { facts, set, texts, rows, rules, document };
}

/** The same report from data alone (no stored text or edit): what the records say, for the 勾稽 record check. */
export function recordReport(composed: Awaited<ReturnType<typeof composeLiveReport>>, task: TaskDetail): ReportDocument {
  return buildReport({ facts: composed.facts, set: composed.set, texts: new Map(), rules: composed.rules, reportDate: task.asOf, live: true, version: null, generatedAt: new Date().toISOString() });
}
