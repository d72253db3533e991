/**
 * Finalising a task freezes its report: the document as it is now, figures and edits written out,
 * stored as the next version. Runs inside the finalising transaction, so the task is never final
 * without its report (nor the report frozen for a task that did not finalise).
 */
import type { Db, DbOrTx } from "../../../db/open";
import type { ServiceContext } from "../../context";
import { getTask } from "../evaluations/service";
import { composeLiveReport } from "./load-report";
import * as repo from "./repository";

export async function freezeReport(ctx: Omit<ServiceContext, "db"> & { db: DbOrTx }, taskId: number): Promise<number> {
  // The other modules' services read through the transaction: it has the query surface of a Db.
  const txCtx: ServiceContext = { ...ctx, db: ctx.db as Db };
  const task = await getTask(txCtx, taskId);
  const version = await repo.nextReportVersion(ctx.db, taskId);
  const { document } = await composeLiveReport(txCtx, task, { version });
  await repo.insertVersion(ctx.db, { taskId, version, document, createdByName: ctx.actor.displayName });
  return version;
}
