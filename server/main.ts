import { openDbFromEnv } from "../db/open";
import { loadDemo } from "../db/demo/load";
import { saveDemoAllocationPlan } from "./modules/allocation/service";
import { DataDirLockedError } from "../db/lock";
import { buildApp, parseTrustProxy } from "./app";
import { ensureSetupCode, setupNotice } from "./modules/setup/service";
import { JOBS, startScheduler } from "./jobs";

/** Starts Wenxiao: opens the database, migrates, loads the demo city on first start, listens. */
async function main() {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  let database;
  try {
    database = await openDbFromEnv("server");
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  await database.migrate();
  if (process.env.WENXIAO_DEMO !== "0") {
    const demo = await loadDemo(database.db);
    if (demo.loaded) {
      await saveDemoAllocationPlan(database.db, demo.fundYearId);
      console.log(`已载入示例数据：临沂市2021年度（${demo.counts.projects}个项目，${demo.counts.payments}笔支付）`);
    }
  }
  const app = await buildApp({
    database,
    logger: { level: process.env.LOG_LEVEL ?? "info" },
    trustProxy: parseTrustProxy(process.env.WENXIAO_TRUST_PROXY),
    rateLimitPerMinute: Number(process.env.WENXIAO_RATE_LIMIT_PER_MINUTE) || undefined,
    surveyRatePerMinute: Number(process.env.WENXIAO_SURVEY_RATE_PER_MINUTE) || undefined,
  });
  // Scheduled jobs (the daily 整改逾期 check …) run on the database: every instance may tick, one runs each
  // run (server/jobs/runner.ts). WENXIAO_JOBS=0 turns them off on this instance (e.g. one that only serves
  // requests); `npx wenxiao jobs run` runs them once by hand.
  if (process.env.WENXIAO_JOBS !== "0") {
    const scheduler = startScheduler(database.db, { jobs: JOBS, intervalMs: Number(process.env.WENXIAO_JOBS_INTERVAL_MS) || undefined, logger: { info: (m) => app.log.info(m), error: (m) => app.log.error(m) } });
    app.addHook("onClose", () => scheduler.stop());
  }
  const shutdown = async (signal: string) => {
    app.log.info(`${signal}：正在停止`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  await app.listen({ port, host });
  console.log(`问效 Wenxiao 已启动：http://localhost:${port}（数据库：${database.kind === "pglite" ? "嵌入式 PGlite，" : "PostgreSQL，"}${database.location}）`);
  // No account yet (not the demo): the first administrator is created with this one-time code.
  const setupCode = await ensureSetupCode(database.db);
  if (setupCode) {
    const notice = setupNotice(setupCode, port);
    console.log(`\n${"=".repeat(72)}\n${notice}\n${"=".repeat(72)}\n`);
    app.log.warn(notice);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
