/**
 * Scheduled jobs on the database itself. A run is claimed by inserting (job, run_key) into
 * scheduled_runs in the same transaction that does the work:
 *  - exactly one instance runs each key: on PostgreSQL a second instance's insert waits on the primary
 *    key until the first commits, then meets the conflict and skips; on PGlite transactions are already
 *    serialised on its single connection;
 *  - a job that fails rolls back its claim with its work, so the next tick tries again.
 *
 * Why not pg-boss or graphile-worker: both need a PostgreSQL server connection (LISTEN/NOTIFY, their
 * own schemas and a pool of workers). PGlite, our default embedded database, is one in-process
 * connection with neither, and a daily check does not need a queue: this is the equivalent that runs
 * on PGlite and PostgreSQL alike.
 */
import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/open";
import { scheduledRuns } from "../../db/schema";

export interface Job {
  /** Stable name, the first half of the claim's key (e.g. "rectification.overdue"). */
  name: string;
  /** The run due at `now` (e.g. the Beijing date "2022-07-01" for a daily job); null: nothing due. */
  runKey(now: Date): string | null;
  /** Does the work in the claim's transaction; what it returns is stored as the run's outcome. */
  run(tx: DbOrTx, now: Date): Promise<Record<string, unknown>>;
}

export interface JobLogger {
  info(message: string): void;
  error(message: string): void;
}

export interface RunDueJobsOptions {
  /** The time the jobs see (injected in tests). */
  now: Date;
  /** Who runs it, stored with the claim (host:pid). */
  instance: string;
  logger?: JobLogger;
}

export type JobRunResult =
  | { job: string; runKey: string; status: "ran"; outcome: Record<string, unknown> }
  /** Another instance (or an earlier tick) has already run this key. */
  | { job: string; runKey: string; status: "skipped" }
  | { job: string; runKey: string | null; status: "failed"; error: string };

/** Runs every job that has a key due at `now` and that nobody has run yet; one transaction per job. */
export async function runDueJobs(db: Db, jobs: readonly Job[], options: RunDueJobsOptions): Promise<JobRunResult[]> {
  const results: JobRunResult[] = [];
  for (const job of jobs) {
    let key: string | null = null;
    try {
      key = job.runKey(options.now);
      if (key === null) continue;
      const runKey = key;
      const result = await db.transaction(async (tx): Promise<JobRunResult> => {
        const claimed = await tx
          .insert(scheduledRuns)
          .values({ job: job.name, runKey, instance: options.instance, startedAt: options.now })
          .onConflictDoNothing()
          .returning({ job: scheduledRuns.job });
        if (claimed.length === 0) return { job: job.name, runKey, status: "skipped" };
        const outcome = await job.run(tx, options.now);
        await tx
          .update(scheduledRuns)
          .set({ finishedAt: sql`now()`, outcome })
          .where(sql`${scheduledRuns.job} = ${job.name} and ${scheduledRuns.runKey} = ${runKey}`);
        return { job: job.name, runKey, status: "ran", outcome };
      });
      if (result.status === "ran") options.logger?.info(`定时任务 ${job.name}（${runKey}）已完成：${JSON.stringify(result.outcome)}`);
      results.push(result);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      options.logger?.error(`定时任务 ${job.name}（${key ?? "未知批次"}）运行失败，下次检查时重试：${error}`);
      results.push({ job: job.name, runKey: key, status: "failed", error });
    }
  }
  return results;
}
