/**
 * Ticks `runDueJobs` every `intervalMs` in this process. Every app instance may run a scheduler: the
 * claim in scheduled_runs makes one of them do each run. Ticks never overlap, and the timer is unref'd
 * so it never keeps the process alive on its own.
 */
import os from "node:os";
import type { Db } from "../../db/open";
import { runDueJobs, type Job, type JobLogger, type JobRunResult } from "./runner";

export interface SchedulerOptions {
  jobs: readonly Job[];
  /** Time between checks; a daily job is checked every minute, so it runs soon after Beijing midnight. */
  intervalMs?: number;
  /** The clock the jobs see (injected in tests). */
  clock?: () => Date;
  /** Stored with each claim; defaults to host:pid. */
  instance?: string;
  logger?: JobLogger;
  /** Check once right after start (default): an instance started after midnight does the day's run without waiting. */
  runAtStart?: boolean;
}

export interface Scheduler {
  /** Stops the timer and waits for a running tick to end. */
  stop(): Promise<void>;
  /** Runs a tick now (or joins the one running); after stop, runs nothing. */
  tickNow(): Promise<JobRunResult[]>;
}

export function startScheduler(db: Db, options: SchedulerOptions): Scheduler {
  const intervalMs = options.intervalMs ?? 60_000;
  const clock = options.clock ?? (() => new Date());
  const instance = options.instance ?? `${os.hostname()}:${process.pid}`;
  const logger = options.logger ?? console;
  let running: Promise<JobRunResult[]> | null = null;
  let stopped = false;

  const tick = (): Promise<JobRunResult[]> => {
    if (stopped) return Promise.resolve([]);
    if (running) return running;
    running = runDueJobs(db, options.jobs, { now: clock(), instance, logger })
      .catch((e: unknown) => {
        logger.error(`定时任务检查失败：${e instanceof Error ? e.message : String(e)}`);
        return [];
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  const first = options.runAtStart === false ? undefined : setTimeout(() => void tick(), 0);
  first?.unref();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
    tickNow: tick,
  };
}
