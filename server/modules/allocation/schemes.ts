/** 分配方案 and the 核减 rule as data: built-in schemes added once, weights edited under a revision lock, audited. */
import { cutRuleProblems, DEFAULT_CUT_RULE, DEFAULT_SCHEMES, schemeProblems } from "../../../core/allocation/schemes";
import { formatBasisPoints } from "../../../core/money";
import type { AllocationScheme, CutRule } from "../../../core/allocation/types";
import { cutRuleSchema, type AllocationSchemeView, type CutRuleView, type UpdateSchemeInput } from "../../../contracts/allocation";
import type { DbOrTx } from "../../../db/open";
import type { ServiceContext } from "../../context";
import { AppError, notFound } from "../../errors";
import { conflictMessage } from "../../versioned";
import { recordAudit } from "../audit/record";
import * as repo from "./repository";

export const CUT_RULE_KEY = "allocation.cut_rule";

/** The schemes in force: the built-in ones are inserted once (idempotent, safe from every instance). */
export async function loadSchemes(db: DbOrTx): Promise<repo.SchemeRow[]> {
  let rows = await repo.listSchemes(db);
  const known = new Set(rows.map((r) => r.code));
  const missing = DEFAULT_SCHEMES.filter((s) => !known.has(s.code));
  if (missing.length) {
    await repo.insertSchemes(db, missing.map((s) => ({ code: s.code, name: s.name, definition: s.definition, builtIn: true })));
    rows = await repo.listSchemes(db);
  }
  return rows;
}

export function presentScheme(r: repo.SchemeRow): AllocationSchemeView {
  return {
    code: r.code,
    name: r.name,
    builtIn: r.builtIn,
    definition: r.definition as AllocationScheme,
    revision: r.revision,
    updatedAt: r.updatedAt.toISOString(),
    updatedByName: r.updatedByName,
  };
}

export async function listSchemes(ctx: ServiceContext): Promise<AllocationSchemeView[]> {
  return (await loadSchemes(ctx.db)).map(presentScheme);
}

/** The scheme of a code, refusing an unknown one with the codes there are. */
export async function schemeOf(db: DbOrTx, code: string): Promise<repo.SchemeRow> {
  const rows = await loadSchemes(db);
  const row = rows.find((r) => r.code === code);
  if (!row) throw new AppError("VALIDATION_FAILED", `分配方案「${code}」不存在，可选：${rows.map((r) => `${r.code}（${r.name}）`).join("、")}`);
  return row;
}

/** Changes a scheme's weights (and name): checked by the core, refused on a stale revision (409), audited. */
export async function updateScheme(ctx: ServiceContext, code: string, input: UpdateSchemeInput): Promise<AllocationSchemeView> {
  const problems = schemeProblems(input.definition as AllocationScheme);
  if (problems.length) throw new AppError("VALIDATION_FAILED", `分配方案有误：${problems.join("；")}`, problems.map((message) => ({ row: null, column: null, message })));
  await loadSchemes(ctx.db);
  return ctx.db.transaction(async (tx) => {
    const before = await repo.lockScheme(tx, code);
    if (!before) throw notFound("分配方案");
    if (before.revision !== input.revision) throw new AppError("VERSION_CONFLICT", conflictMessage("分配方案", { name: before.updatedByName, organisation: null }, before.updatedAt));
    const after = await repo.updateScheme(tx, code, {
      name: input.name ?? before.name,
      definition: input.definition,
      revision: before.revision + 1,
      updatedByName: ctx.actor.displayName || ctx.actor.username,
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "update",
      entityType: "allocation_scheme",
      entityId: code,
      summary: `修改分配方案「${after.name}」的权重（第 ${after.revision} 版）`,
      before: { name: before.name, definition: before.definition, revision: before.revision },
      after: { name: after.name, definition: after.definition, revision: after.revision },
    });
    return presentScheme(after);
  });
}

// ---- the 核减 rule --------------------------------------------------------------------------------

export async function readCutRule(db: DbOrTx): Promise<CutRule> {
  const stored = cutRuleSchema.safeParse(await repo.readSetting(db, CUT_RULE_KEY));
  return stored.success ? stored.data : DEFAULT_CUT_RULE;
}

export async function getCutRule(ctx: ServiceContext): Promise<CutRuleView> {
  return readCutRule(ctx.db);
}

export async function updateCutRule(ctx: ServiceContext, rule: CutRuleView): Promise<CutRuleView> {
  const problems = cutRuleProblems(rule);
  if (problems.length) throw new AppError("VALIDATION_FAILED", problems.join("；"));
  const grades = [...new Set(rule.grades)];
  const next = { ...rule, grades };
  return ctx.db.transaction(async (tx) => {
    const before = await readCutRule(tx);
    await repo.writeSetting(tx, CUT_RULE_KEY, next);
    const parts = [next.grades.length ? `评价等级为${next.grades.join("、")}` : null, next.overdue ? "整改逾期" : null, next.returned ? "整改退回" : null].filter(Boolean);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "update",
      entityType: "allocation_cut_rule",
      entityId: CUT_RULE_KEY,
      summary: next.enabled ? `修改核减规则：${parts.join("或") || "无条件"}的县区核减 ${formatBasisPoints(next.cutBp)}` : "停用核减规则",
      before,
      after: next,
    });
    return next;
  });
}
