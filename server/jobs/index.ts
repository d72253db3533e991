/**
 * The scheduled jobs of Wenxiao. server/main.ts starts the scheduler with them unless WENXIAO_JOBS=0
 * (e.g. on an instance that should only serve requests); `npx wenxiao jobs run` runs them once.
 */
import { overdueJob } from "../modules/rectification/mark-overdue";
import type { Job } from "./runner";

export const JOBS: readonly Job[] = [overdueJob];

export { runDueJobs, type Job, type JobLogger, type JobRunResult, type RunDueJobsOptions } from "./runner";
export { startScheduler, type Scheduler, type SchedulerOptions } from "./scheduler";
export { beijingDate, dailyKey } from "./clock";
