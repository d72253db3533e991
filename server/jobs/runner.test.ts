/**
 * The job runner on the tests' real database (PGlite, or PostgreSQL with TEST_DATABASE_URL): one claim
 * per (job, key), a failure leaves no claim and no work, concurrent runners run a key once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, like } from "drizzle-orm";
import { appSettings, scheduledRuns } from "../../db/schema";
import { createTestDb, engine, type TestDb } from "../../test/db";
import type { DbOrTx } from "../../db/open";
import { beijingDate, dailyKey } from "./clock";
import { runDueJobs, type Job, type JobLogger } from "./runner";
import { startScheduler } from "./scheduler";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.destroy());

/** A job that appends one app_settings row per run, so a test can count how often its work committed. */
function countingJob(name: string, options: { failTimes?: number; keyOf?: (now: Date) => string | null } = {}): Job & { calls: number } {
  let failures = options.failTimes ?? 0;
  const job = {
    name,
    calls: 0,
    runKey: options.keyOf ?? dailyKey,
    async run(tx: DbOrTx, now: Date) {
      job.calls += 1;
      await tx.insert(appSettings).values({ key: `${name}:${job.calls}`, value: { at: now.toISOString() } });
      if (failures > 0) {
        failures -= 1;
        throw new Error("模拟的故障");
      }
      return { day: beijingDate(now) };
    },
  };
  return job;
}

const work = async (name: string) => (await t.db.select().from(appSettings).where(like(appSettings.key, `${name}:%`))).length;
const claims = (name: string) => t.db.select().from(scheduledRuns).where(eq(scheduledRuns.job, name));

function collectingLogger(): JobLogger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, info: () => {}, error: (m) => errors.push(m) };
}

describe(`job runner (${engine})`, () => {
  it("the daily key is the Beijing date: 2022-06-30T16:00Z is already 1 July in Beijing", () => {
    expect(dailyKey(new Date("2022-06-30T15:59:59Z"))).toBe("2022-06-30");
    expect(dailyKey(new Date("2022-06-30T16:00:00Z"))).toBe("2022-07-01");
  });

  it("runs a due job once per key and stores its outcome; the same key again is skipped", async () => {
    const job = countingJob("t.once");
    const now = new Date("2022-07-01T01:00:00Z");
    expect(await runDueJobs(t.db, [job], { now, instance: "a" })).toEqual([{ job: "t.once", runKey: "2022-07-01", status: "ran", outcome: { day: "2022-07-01" } }]);
    expect(await runDueJobs(t.db, [job], { now: new Date("2022-07-01T15:00:00Z"), instance: "b" })).toEqual([{ job: "t.once", runKey: "2022-07-01", status: "skipped" }]);
    const rows = await claims("t.once");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ runKey: "2022-07-01", instance: "a", outcome: { day: "2022-07-01" } });
    expect(rows[0].finishedAt).not.toBeNull();
    expect(job.calls).toBe(1);
    // The next Beijing day is a new run.
    expect((await runDueJobs(t.db, [job], { now: new Date("2022-07-01T16:00:00Z"), instance: "a" }))[0].status).toBe("ran");
    expect(await work("t.once")).toBe(2);
  });

  it("a job with no key due does not run", async () => {
    const job = countingJob("t.never", { keyOf: () => null });
    expect(await runDueJobs(t.db, [job], { now: new Date(), instance: "a" })).toEqual([]);
    expect(job.calls).toBe(0);
    expect(await claims("t.never")).toHaveLength(0);
  });

  it("a failing job rolls back its claim and its work, is logged, and the next tick retries it", async () => {
    const job = countingJob("t.flaky", { failTimes: 1 });
    const other = countingJob("t.after-flaky");
    const logger = collectingLogger();
    const now = new Date("2022-07-02T02:00:00Z");
    const first = await runDueJobs(t.db, [job, other], { now, instance: "a", logger });
    expect(first[0]).toEqual({ job: "t.flaky", runKey: "2022-07-02", status: "failed", error: "模拟的故障" });
    // One job's failure does not stop the others.
    expect(first[1].status).toBe("ran");
    expect(logger.errors.join("\n")).toContain("t.flaky");
    expect(await claims("t.flaky")).toHaveLength(0);
    expect(await work("t.flaky")).toBe(0);
    const second = await runDueJobs(t.db, [job], { now, instance: "a", logger });
    expect(second[0].status).toBe("ran");
    expect(await claims("t.flaky")).toHaveLength(1);
    expect(await work("t.flaky")).toBe(1);
  });

  it("two instances running the same key at the same time: exactly one runs it", async () => {
    const job = countingJob("t.race");
    const now = new Date("2022-07-03T00:30:00Z");
    const results = await Promise.all([runDueJobs(t.db, [job], { now, instance: "one" }), runDueJobs(t.db, [job], { now, instance: "two" })]);
    expect(results.map((r) => r[0].status).sort()).toEqual(["ran", "skipped"]);
    expect(job.calls).toBe(1);
    expect(await claims("t.race")).toHaveLength(1);
    expect(await work("t.race")).toBe(1);
  });

  it("the scheduler ticks with its injected clock, never overlaps ticks, and runs nothing once stopped", async () => {
    const job = countingJob("t.scheduler");
    let now = new Date("2022-07-04T08:00:00Z");
    const s = startScheduler(t.db, { jobs: [job], intervalMs: 3_600_000, clock: () => now, instance: "s", logger: collectingLogger(), runAtStart: false });
    const [a, b] = await Promise.all([s.tickNow(), s.tickNow()]);
    expect(a).toBe(b);
    expect(a).toEqual([{ job: "t.scheduler", runKey: "2022-07-04", status: "ran", outcome: { day: "2022-07-04" } }]);
    expect((await s.tickNow())[0].status).toBe("skipped");
    now = new Date("2022-07-05T08:00:00Z");
    await s.stop();
    expect(await s.tickNow()).toEqual([]);
    expect(job.calls).toBe(1);
  });
});
