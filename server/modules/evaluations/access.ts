/**
 * Who may do what with an evaluation task: finance, housing and audit see every task; an evaluator the
 * tasks of their own organisation; a county its own sheet, once the task is sent for feedback
 * (县区意见反馈) or final. A task the caller may not see does not exist for them.
 */
import type { Actor } from "../../../core/access";
import { can, canSeeFundYear } from "../../../core/access";
import type { DbOrTx } from "../../../db/open";
import type { TaskState } from "../../../contracts/evaluations";
import { AppError, notFound } from "../../errors";
import { derived } from "../../derived";
import { FORBIDDEN_COUNTY, type ServiceContext } from "../../context";
import * as repo from "./repository";

const CITY_WIDE = new Set(["system", "finance", "housing", "auditor"]);

export function orgMatches(actor: Actor, task: { evaluatorOrg: string }): boolean {
  return actor.role === "system" || (actor.role === "evaluator" && actor.organisation !== null && actor.organisation === task.evaluatorOrg);
}

export function canSeeTask(actor: Actor, task: { evaluatorOrg: string; state: TaskState }): boolean {
  if (CITY_WIDE.has(actor.role)) return true;
  if (actor.role === "evaluator") return orgMatches(actor, task);
  if (actor.role === "county") return task.state === "reply" || task.state === "final";
  return false;
}

export function canScore(actor: Actor, task: { evaluatorOrg: string; state: TaskState }): boolean {
  return (actor.role === "system" || can(actor, "evaluation.score")) && orgMatches(actor, task) && (task.state === "scoring" || task.state === "reply");
}

export function canReply(actor: Actor, task: { evaluatorOrg: string; state: TaskState }, scope: { countyId: number | null }): boolean {
  if (task.state !== "reply" || !can(actor, "evaluation.reply")) return false;
  if (actor.role === "county") return scope.countyId !== null && scope.countyId === actor.countyId;
  if (actor.role === "evaluator") return orgMatches(actor, task);
  return actor.role === "finance" || actor.role === "system";
}

/** The next states the actor may move the task to. */
export function advanceOptions(actor: Actor, task: { evaluatorOrg: string; state: TaskState }): TaskState[] {
  const manage = can(actor, "evaluation.manage");
  const evaluator = orgMatches(actor, task);
  switch (task.state) {
    case "draft":
      return manage ? ["scoring"] : [];
    case "scoring":
      return manage || evaluator ? ["reply"] : [];
    case "reply":
      return [...(manage || evaluator ? (["scoring"] as const) : []), ...(manage ? (["final"] as const) : [])];
    case "final":
      // 重新打开: finance only, with a reason; the report frozen at finalisation stays as a version.
      return manage ? ["scoring"] : [];
  }
}

export async function visibleTask(ctx: ServiceContext, id: number, db: DbOrTx = ctx.db) {
  // Read by every evaluation page: a derived figure (live inside a write's transaction).
  const row = await derived(db, `evaluation-task:${id}`, { tables: ["evaluation_tasks", "fund_years", "regions"] }, () => repo.findTask(db, id));
  // A task the caller may not see does not exist for them.
  if (!row || !canSeeFundYear(ctx.actor, row.regionPath) || !canSeeTask(ctx.actor, row.task)) throw notFound("评价任务");
  return row;
}

/** The scopes an actor sees: a county user only their own county's. */
export function visibleScopes(actor: Actor, scopes: repo.ScopeRow[]): repo.ScopeRow[] {
  if (actor.role !== "county") return scopes;
  return scopes.filter((s) => s.scope.countyId !== null && s.scope.countyId === actor.countyId);
}

export function scopeOf(actor: Actor, scopes: repo.ScopeRow[], scopeId: number): repo.ScopeRow {
  const s = scopes.find((x) => x.scope.id === scopeId);
  if (!s) throw notFound("评价范围");
  if (actor.role === "county" && (s.scope.countyId === null || s.scope.countyId !== actor.countyId)) throw new AppError("FORBIDDEN", FORBIDDEN_COUNTY);
  return s;
}

export const scopeLabel = (s: repo.ScopeRow) => s.name;
