/**
 * Who sees which findings and items. A task's findings follow the task's visibility (evaluations
 * visibleTask: an evaluator its organisation's tasks, a county a task in reply or final); a county sees
 * findings only through the items it owns. Items: a county its own, an evaluator its organisation's
 * tasks', the city's roles those of their region. An item the caller may not see does not exist for them.
 */
import type { Actor } from "../../../core/access";
import type { Owner, TaskFacts } from "../../../core/rectification/rules";
import type { DbOrTx } from "../../../db/open";
import { AppError, notFound } from "../../errors";
import { FORBIDDEN_COUNTY, type ServiceContext } from "../../context";
import { formatChangedAt } from "../../versioned";
import { orgMatches, visibleTask } from "../evaluations/service";
import * as repo from "./repository";

export interface TaskInfo extends TaskFacts {
  id: number;
  name: string;
  fundYearId: number;
  evaluatorOrg: string;
  /** The fund year's region path (the city). */
  regionPath: string;
}

/** The task as the rules need it; 404 when the caller may not see it. */
export async function taskInfo(ctx: ServiceContext, taskId: number, db: DbOrTx = ctx.db): Promise<TaskInfo> {
  const row = await visibleTask(ctx, taskId, db);
  return factsOf(ctx.actor, { ...row.task, regionPath: row.regionPath });
}

export function factsOf(actor: Actor, t: { id: number; name: string; state: TaskFacts["state"]; fundYearId: number; evaluatorOrg: string; regionPath: string }): TaskInfo {
  return { id: t.id, name: t.name, state: t.state, fundYearId: t.fundYearId, evaluatorOrg: t.evaluatorOrg, regionPath: t.regionPath, actorIsEvaluator: orgMatches(actor, t) };
}

/** The task facts of an item's row (no further read: a county may work an item of a task it cannot open). */
export function factsOfItem(actor: Actor, row: repo.ItemRow): TaskInfo {
  return factsOf(actor, { id: row.taskId, name: row.taskName, state: row.taskState, fundYearId: row.fundYearId, evaluatorOrg: row.evaluatorOrg, regionPath: row.regionPath });
}

export function itemVisibility(actor: Actor): repo.ItemVisibility {
  if (actor.role === "county") return { countyId: actor.countyId ?? -1, regionPath: null };
  // An evaluator without an organisation sees no task, hence no item.
  if (actor.role === "evaluator") return { evaluatorOrg: actor.organisation ?? "\u0000", regionPath: null };
  return { regionPath: actor.regionPath };
}

export function canSeeItem(actor: Actor, row: repo.ItemRow): boolean {
  if (actor.role === "system") return true;
  if (actor.role === "county") return row.item.ownerCountyId !== null && row.item.ownerCountyId === actor.countyId;
  if (actor.role === "evaluator") return actor.organisation !== null && actor.organisation === row.evaluatorOrg;
  return actor.regionPath === null || row.regionPath.startsWith(actor.regionPath);
}

/** The item with its finding and task, if the caller may see it. */
export async function visibleItem(ctx: ServiceContext, id: number, db: DbOrTx = ctx.db): Promise<repo.ItemRow> {
  const row = await repo.findItem(db, id);
  if (!row) throw notFound("整改事项");
  if (canSeeItem(ctx.actor, row)) return row;
  // A county is told it is another county's, as everywhere; for others the item does not exist.
  if (ctx.actor.role === "county" && row.item.ownerKind === "county") throw new AppError("FORBIDDEN", FORBIDDEN_COUNTY);
  throw notFound("整改事项");
}

export function ownerOf(item: { ownerKind: "county" | "department"; ownerCountyId: number | null; ownerDepartment: "housing" | "finance" | null }): Owner {
  return item.ownerKind === "county" ? { kind: "county", countyId: item.ownerCountyId! } : { kind: "department", department: item.ownerDepartment! };
}

/** The stale-version refusal of a finding or item (their tables keep the editor's name, not an account). */
export function assertVersion(noun: string, row: { version: number; updatedAt: Date }, expected: number): void {
  if (row.version === expected) return;
  throw new AppError("VERSION_CONFLICT", `该${noun}已被他人于 ${formatChangedAt(row.updatedAt)} 修改，您看到的是修改前的内容。请刷新后重新修改。`);
}

const DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });

/** Today in Beijing, as an ISO date. */
export function beijingToday(now: Date = new Date()): string {
  return DAY.format(now);
}

