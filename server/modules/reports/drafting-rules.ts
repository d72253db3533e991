/** 起草规则: the rules that draft chapters 五–七, stored as data (built-in ones added to every installation). */
import { DEFAULT_DRAFTING_RULES, describeWhen, whenHolds, type DraftingRule, type When } from "../../../core/report/drafting";
import { placeholderNames, templateFromNames, templateToNames, unknownPlaceholders, type FigureSet } from "../../../core/report/template";
import type { DraftingRuleView } from "../../../contracts/reports";
import type { DbOrTx } from "../../../db/open";
import { AppError, notFound } from "../../errors";
import type { ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import * as repo from "./repository";
import { composeLiveReport, readableTask } from "./load-report";

/** The rules in force: the built-in ones are inserted once (idempotent, safe from every instance). */
export async function loadRules(db: DbOrTx): Promise<DraftingRule[]> {
  let rows = await repo.listRules(db);
  const known = new Set(rows.map((r) => r.code));
  const missing = DEFAULT_DRAFTING_RULES.filter((r) => !known.has(r.code));
  if (missing.length) {
    await repo.insertRules(db, missing.map((r) => ({ code: r.code, definition: r, builtIn: true })));
    rows = await repo.listRules(db);
  }
  return rows.map((r) => r.definition as DraftingRule);
}

async function views(db: DbOrTx, set: FigureSet): Promise<DraftingRuleView[]> {
  const { figures } = set;
  const names = placeholderNames(set);
  const rows = await repo.listRules(db);
  return rows
    .map((r) => {
      const rule = r.definition as DraftingRule;
      return {
        ...rule,
        paragraphs: rule.paragraphs.map((p) => ({ ...p, text: templateToNames(p.text, names) })),
        builtIn: r.builtIn,
        description: describeWhen(rule.when, figures),
        fires: rule.enabled && whenHolds(rule.when, figures),
        updatedAt: r.updatedAt.toISOString(),
        updatedByName: r.updatedByName,
      };
    })
    .sort((a, b) => a.chapter.localeCompare(b.chapter) || a.order - b.order);
}

/** The rules, each with whether it fires on this task's report and its condition in words. */
export async function listDraftingRules(ctx: ServiceContext, taskId: number): Promise<DraftingRuleView[]> {
  const task = await readableTask(ctx, taskId);
  const { set } = await composeLiveReport(ctx, task);
  return views(ctx.db, set);
}

function conditionFacts(w: When | null | undefined): string[] {
  return [...(w?.all ?? []), ...(w?.any ?? [])].map((c) => c.fact);
}

export async function updateDraftingRule(ctx: ServiceContext, taskId: number, code: string, written: DraftingRule): Promise<DraftingRuleView[]> {
  const task = await readableTask(ctx, taskId);
  const { set } = await composeLiveReport(ctx, task);
  // Paragraphs come with figures by name, as the editor shows them; they are stored by key.
  const names = placeholderNames(set);
  const rule = { ...written, paragraphs: written.paragraphs.map((p) => ({ ...p, text: templateFromNames(p.text, names) })) };
  if (rule.code !== code) throw new AppError("VALIDATION_FAILED", "规则编号不能修改");
  const unknownFacts = [rule.when, ...rule.paragraphs.map((p) => p.when)].flatMap(conditionFacts).filter((f) => !(f in set.figures));
  if (unknownFacts.length) throw new AppError("VALIDATION_FAILED", `条件中的数字「${[...new Set(unknownFacts)].join("、")}」不存在`);
  const unknownKeys = rule.paragraphs.flatMap((p) => unknownPlaceholders(p.text, set));
  if (unknownKeys.length) throw new AppError("VALIDATION_FAILED", `段落中的数字「${[...new Set(unknownKeys)].map((k) => `{{${k}}}`).join("、")}」不存在`);
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findRule(tx, code);
    if (!before) throw notFound("起草规则");
    await repo.updateRule(tx, code, { definition: rule, updatedByName: ctx.actor.displayName });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "update",
      entityType: "drafting_rule",
      entityId: code,
      summary: `修改起草规则「${rule.title}」${rule.enabled ? "" : "（停用）"}`,
      before: before.definition,
      after: rule,
    });
  });
  return views(ctx.db, set);
}
