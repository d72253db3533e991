/**
 * A project's actual start and completion recorded from outside its edit form (双监控's progress
 * reports): the details take the two dates, and the project's row the status its dates now give
 * (statusFromDates), moving its version on so that an edit begun before is refused, not written over.
 */
import { statusFromDates, type ProjectDates } from "../../../core/registry";
import type { DbOrTx } from "../../../db/open";
import * as repo from "./repository";

export interface RecordProjectDatesOptions {
  /** The writing transaction (the progress report's). */
  tx: DbOrTx;
  projectId: number;
  /** Every date of the project, the two actual ones as they are to be recorded. */
  dates: ProjectDates;
}

export async function recordProjectDates({ tx, projectId, dates }: RecordProjectDatesOptions): Promise<void> {
  await repo.upsertDetails(tx, projectId, { actualStartOn: dates.actualStartOn, actualCompletionOn: dates.actualCompletionOn });
  await repo.updateProjectRow(tx, projectId, { status: statusFromDates(dates) });
}
