/** Every version of a paragraph (this report's edits and the fund year's texts) with the change each made. */
import { diffChars } from "diff";
import { defaultTextOf, paragraphLabel } from "../../../core/report/build";
import { placeholderNames, templateToNames } from "../../../core/report/template";
import type { ParagraphHistory } from "../../../contracts/reports";
import type { ServiceContext } from "../../context";
import { composeLiveReport, readableTask, REVERT_NOTE } from "./load-report";

export async function getParagraphHistory(ctx: ServiceContext, taskId: number, key: string): Promise<ParagraphHistory> {
  const task = await readableTask(ctx, taskId);
  const { rows, rules, facts, set } = await composeLiveReport(ctx, task);
  const names = placeholderNames(set);
  const original = templateToNames(defaultTextOf(key, rules, facts) ?? "", names);
  const mine = rows.filter((r) => r.key === key).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  let previous = original;
  const versions = mine.map((r) => {
    const body = r.note === REVERT_NOTE ? original : templateToNames(r.body, names);
    const diff = diffChars(previous, body).map((p) => ({ op: p.added ? ("add" as const) : p.removed ? ("del" as const) : ("same" as const), text: p.value }));
    previous = body;
    return { version: r.version, scope: r.taskId === null ? ("fundYear" as const) : ("task" as const), body, frozen: r.frozen, hidden: r.hidden, authorName: r.authorName, createdAt: r.createdAt.toISOString(), diff };
  });
  return { key, label: paragraphLabel(key, rules, facts), versions: versions.reverse() };
}
