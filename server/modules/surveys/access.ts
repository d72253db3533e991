/**
 * Who may do what with a task's survey. It is seen by whoever sees the task (evaluations/access); a
 * county sees its own communities only. It is run (sampling, sheets, paper entry, review) by finance
 * and by evaluators of the task's organisation, until the task is final: then the answers are locked
 * with the score they gave.
 */
import { can, countyScope, type Actor } from "../../../core/access";
import { AppError } from "../../errors";
import type { ServiceContext } from "../../context";
import { orgMatches, visibleTask } from "../evaluations/service";

export type SurveyTask = Awaited<ReturnType<typeof visibleTask>>;

export function surveyTask(ctx: ServiceContext, taskId: number): Promise<SurveyTask> {
  return visibleTask(ctx, taskId);
}

export function mayConduct(actor: Actor, task: SurveyTask["task"]): boolean {
  if (actor.role === "system") return true;
  if (!can(actor, "survey.conduct")) return false;
  return actor.role === "finance" || orgMatches(actor, task);
}

/** Throws unless the actor may run this survey now. */
export function assertConduct(actor: Actor, task: SurveyTask["task"]): void {
  if (!mayConduct(actor, task)) throw new AppError("FORBIDDEN", "只有本任务的评价机构和财政部门可以组织问卷调查");
  if (task.state === "final") throw new AppError("CONFLICT", "评价任务已定稿，问卷和审核结果已锁定；如需修改请由财政部门重新打开任务");
}

/** The county a read is narrowed to: a 县区 user's own, else none. */
export const ownCounty = (actor: Actor): number | undefined => countyScope(actor) ?? undefined;
