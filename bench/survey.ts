/**
 * `npm run bench` (part of it): the resident survey at the size of a province — the demo task's survey
 * grown to 100,000 accepted questionnaires — times the results page (every rate from the answers), the
 * grouped tally the 居民满意度 leaf reads, a county's score sheet, and 200 residents submitting at once.
 * Prints a Markdown table for BENCHMARKS.md.
 */
import crypto from "node:crypto";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { median } from "./median";
import { eq } from "drizzle-orm";
import { openDb } from "../db/open";
import { loadDemo } from "../db/demo/load";
import { insertInBatches } from "../db/batch";
import { surveyResponses, surveyTokens, surveyCommunities, surveys } from "../db/schema";
import { surveyTallyOfTask } from "../db/survey-tally";
import { SYSTEM_ACTOR } from "../core/access";
import type { ServiceContext } from "../server/context";
import { getTask, getSheet, listTasks } from "../server/modules/evaluations/service";
import { getSurveyResults, openSurveyLink, submitSurveyLink } from "../server/modules/surveys/service";
import { DEFAULT_QUESTIONNAIRE, satisfactionQuestions } from "../core/survey/questionnaire";
import { householdOf, levelString, overallLevel, type Answers } from "../core/survey/answers";
import { seededRandom } from "../core/random";

const TARGET = Number(process.env.BENCH_SURVEY_RESPONSES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function answers(rnd: ReturnType<typeof seededRandom>, i: number): Answers {
  const a: Answers = { building: String(1 + (i % 40)), unit: String(1 + (i % 3)), room: String(100 + (i % 700)), years: "10—20年", age: "35—59岁", tenure: "自有住房" };
  for (const { question } of satisfactionQuestions(DEFAULT_QUESTIONNAIRE)) a[question.name] = rnd.int(2, 5);
  if (i % 7 === 0) a.comments = "希望增加停车位，物业服务再改进。";
  return a;
}

async function main() {
  const url = process.env.DATABASE_URL || undefined;
  const d = await openDb(url ? { url } : { dataDir: "memory" });
  await d.migrate();
  await loadDemo(d.db);
  const ctx: ServiceContext = { db: d.db, actor: SYSTEM_ACTOR, ip: null };
  const [task] = await listTasks(ctx, { year: 2021 });
  const [survey] = await d.db.select().from(surveys).where(eq(surveys.taskId, task.id));
  const sample = await d.db.select().from(surveyCommunities).where(eq(surveyCommunities.surveyId, survey.id));
  const have = await d.db.$count(surveyResponses);
  const rnd = seededRandom(7);
  const rows = Array.from({ length: Math.max(0, TARGET - have) }, (_, i) => {
    const s = sample[i % sample.length];
    const a = answers(rnd, i);
    const h = householdOf(DEFAULT_QUESTIONNAIRE, a);
    return {
      surveyId: survey.id,
      communityId: s.communityId,
      countyId: s.countyId,
      channel: "paper" as const,
      answers: a,
      householdKey: h.key,
      householdLabel: h.label,
      overallLevel: overallLevel(DEFAULT_QUESTIONNAIRE, a),
      levels: levelString(DEFAULT_QUESTIONNAIRE, a),
      state: "accepted" as const,
      flags: [],
    };
  });
  let t = performance.now();
  await insertInBatches(rows, (b) => d.db.insert(surveyResponses).values(b));
  const loadMs = performance.now() - t;
  const total = await d.db.$count(surveyResponses);

  const detail = await getTask(ctx, task.id);
  const lanshan = detail.scopes.find((s) => s.name === "兰山区")!;
  const out: [string, number, string][] = [];
  out.push([`调查结果（${total.toLocaleString("en-US")} 份问卷，全部题目、部分、小区、县区、全市）`, await median(RUNS, () => getSurveyResults(ctx, task.id)), `${RUNS} 次中位数`]);
  out.push(["居民满意度指标取数（按县区分组计数）", await median(RUNS * 4, () => surveyTallyOfTask(d.db, task.id)), `${RUNS * 4} 次中位数`]);
  out.push(["兰山区评分表（含满意度实时计算）", await median(RUNS, () => getSheet(ctx, task.id, lanshan.id)), `${RUNS} 次中位数`]);

  // 200 residents at once: new links in one community, each opened then submitted concurrently.
  const s = sample[0];
  const tokens = Array.from({ length: 200 }, () => crypto.randomBytes(16).toString("base64url"));
  await d.db.update(surveyCommunities).set({ quota: 1_000_000 }).where(eq(surveyCommunities.id, s.id));
  await d.db.insert(surveyTokens).values(tokens.map((token, i) => ({ surveyId: survey.id, communityId: s.communityId, countyId: s.countyId, seq: 100_000 + i, token })));
  await Promise.all(tokens.map((tk) => openSurveyLink(d.db, tk)));
  t = performance.now();
  const results = await Promise.allSettled(tokens.map((tk, i) => submitSurveyLink(d.db, tk, answers(rnd, i + 1))));
  const submitMs = performance.now() - t;
  const ok = results.filter((r) => r.status === "fulfilled").length;
  out.push([`200 户同时提交问卷（${ok} 份成功）`, submitMs, `约 ${Math.round((ok / submitMs) * 1000)} 份/秒`]);

  console.log(`\n居民满意度调查（${url ? "PostgreSQL" : "PGlite"}，${os.cpus().length} 核 ${os.cpus()[0]?.model ?? ""}，Node ${process.version}；写入 ${rows.length.toLocaleString("en-US")} 份问卷用时 ${(loadMs / 1000).toFixed(1)} s）\n`);
  console.log("| 操作 | 耗时 | 说明 |\n|---|---|---|");
  for (const [name, ms, note] of out) console.log(`| ${name} | ${ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`} | ${note} |`);
  await d.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
