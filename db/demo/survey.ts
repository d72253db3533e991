/**
 * The demo task's resident survey, as response rows: the default questionnaire, a stratified sample of
 * the communities renovated by the 评价日 (drawn by core/survey/sampling with a recorded seed, as the
 * server draws it), one token per sampled household, and 1,200 accepted questionnaires whose 总体满意度
 * gives each county's satisfied count of the seed's split (1,128 of 1,200 = 94% → 7 × 94% = 6.58 for the
 * city). A handful more are waiting for review or were rejected, as in a real survey; they do not count.
 * Answers, households and comments are synthetic (示例数据).
 */
import crypto from "node:crypto";
import { inArray } from "drizzle-orm";
import type { DbOrTx } from "../open";
import { communities, surveyCommunities, surveyResponses, surveys, surveyTokens } from "../schema";
import { insertInBatches } from "../batch";
import { ensureSurveyBuiltIns } from "../builtins/surveys";
import { DEFAULT_QUESTIONNAIRE, satisfactionQuestions } from "../../core/survey/questionnaire";
import { flagsOf, householdOf, levelString, overallLevel, type Answers } from "../../core/survey/answers";
import { drawSample, type SampledCommunity, type SamplingRule } from "../../core/survey/sampling";
import { apportion } from "../../core/money";
import { seededRandom, type Random } from "./random";
import { DEMO_EVALUATION_DATE, type DemoLedger } from "./linyi";
import type { DemoRegistry } from "./projects";

export interface DemoCountySurvey {
  county: string;
  mode: "onsite" | "offsite";
  satisfied: number;
  answers: number;
}

export interface DemoSurveyContext {
  taskId: number;
  countyId: Map<string, number>;
  ledger: DemoLedger;
  registry: DemoRegistry;
  counties: DemoCountySurvey[];
  evaluator: { id: number; displayName: string } | null;
}

/** The smallest communities-per-county whose quotas leave each county a tenth more room than its answers. */
function samplingFor(candidates: { communityId: number; countyId: number; households: number }[], need: Map<number, number>): SamplingRule {
  for (let perCounty = 4; perCounty <= 40; perCounty++) {
    const rule: SamplingRule = { mode: "sample", perCounty, seed: 20220620, quotaMin: 30, quotaBp: 500 };
    const sample = drawSample(rule, candidates);
    const room = new Map<number, number>();
    for (const s of sample) room.set(s.countyId, (room.get(s.countyId) ?? 0) + s.quota);
    if ([...need].every(([county, n]) => (room.get(county) ?? 0) >= Math.ceil(n * 1.1))) return rule;
  }
  throw new Error("示例问卷：抽样配额不足以容纳示例答卷");
}

const COMMENTS: Record<"good" | "bad", string[]> = {
  good: [
    "改造后小区环境好多了，路面平整，晚上路灯也亮了。",
    "加装电梯解决了老人上下楼难的问题，非常感谢。",
    "施工队很文明，每天收工都打扫干净。",
    "希望继续增加停车位，现在车位还是紧张。",
    "物业服务比以前规范了，有事打电话很快就来。",
    "雨污分流以后下水道不再返味了。",
    "健身器材和活动场地很好，老人孩子都喜欢。",
  ],
  bad: [
    "施工工期拖得太长，噪音扰民，希望以后提前告知。",
    "楼顶防水做完还有漏水，报修后一直没人处理。",
    "停车位太少，改造后乱停车问题还是没解决。",
    "物业费收了但保洁跟不上，垃圾清运不及时。",
    "管网改造后水压还是偏低，高层用水困难。",
    "改造前没有充分征求我们单元的意见，电梯位置有争议。",
    "道路刚修好又被开挖铺燃气管，反复施工。",
  ],
};

function answersOf(rnd: Random, satisfied: boolean, community: { buildings: number }, used: Set<string>): Answers {
  const a: Answers = {};
  // A household not yet in the sample: building, unit, room.
  for (;;) {
    const building = String(rnd.int(1, Math.max(1, Math.min(community.buildings, 30))));
    const unit = String(rnd.int(1, 3));
    const room = `${rnd.int(1, 6)}0${rnd.int(1, 2)}`;
    const key = `${building}|${unit}|${room}`;
    if (used.has(key)) continue;
    used.add(key);
    Object.assign(a, { building, unit, room });
    break;
  }
  a.years = rnd.pick(["不满5年", "5—10年", "10—20年", "10—20年", "20年以上", "20年以上"]);
  a.age = rnd.pick(["35岁以下", "35—59岁", "35—59岁", "60岁及以上", "60岁及以上"]);
  a.tenure = rnd.next() < 0.86 ? "自有住房" : "租住";
  const overall = satisfied ? (rnd.next() < 0.62 ? 5 : 4) : rnd.next() < 0.7 ? 3 : rnd.next() < 0.8 ? 2 : 1;
  const offset: Record<string, number> = { content: 0, process: -0.25, maintenance: -0.45 };
  for (const { part, question } of satisfactionQuestions(DEFAULT_QUESTIONNAIRE)) {
    if (question.name === DEFAULT_QUESTIONNAIRE.overall) continue;
    const drift = (rnd.next() - 0.5) * 2.2 + (offset[part.name] ?? 0);
    a[question.name] = Math.max(1, Math.min(5, Math.round(overall + drift)));
  }
  a.overall = overall;
  // Never the same level everywhere (作答过快 and 答案完全相同 are for the flagged ones below).
  const first = satisfactionQuestions(DEFAULT_QUESTIONNAIRE)[0].question.name;
  if (satisfactionQuestions(DEFAULT_QUESTIONNAIRE).every(({ question }) => a[question.name] === overall)) a[first] = overall === 5 ? 4 : overall + 1;
  if (rnd.next() < 0.22) a.comments = rnd.pick(COMMENTS[satisfied ? (rnd.next() < 0.8 ? "good" : "bad") : "bad"]);
  return a;
}

/** Milliseconds of a moment between 2022-06-20 08:00 and 2022-07-05 20:00 (China time). */
const when = (rnd: Random) => Date.parse("2022-06-20T00:00:00Z") + rnd.int(0, 15 * 24 * 60) * 60_000 + rnd.int(0, 59) * 1000;

export async function loadDemoSurvey(tx: DbOrTx, c: DemoSurveyContext): Promise<void> {
  const { questionnaireId } = await ensureSurveyBuiltIns(tx);
  const rnd = seededRandom(2022_06_20);
  const renovated = new Set(c.registry.plans.filter((p) => p.dates.actualCompletionOn <= DEMO_EVALUATION_DATE).flatMap((p) => p.communities));
  const byCode = new Map(c.registry.communities.map((x) => [x.code, x]));
  const ids = await tx.select({ id: communities.id, code: communities.code }).from(communities).where(inArray(communities.code, [...renovated]));
  const idOf = new Map(ids.map((r) => [r.code, r.id]));
  const codeOf = new Map(ids.map((r) => [r.id, r.code]));
  const candidates = [...renovated].map((code) => {
    const x = byCode.get(code)!;
    return { communityId: idOf.get(code)!, countyId: c.countyId.get(x.county)!, households: x.households };
  });
  const need = new Map(c.counties.map((s) => [c.countyId.get(s.county)!, s.answers]));
  const sampling = samplingFor(candidates, need);
  const sample = drawSample(sampling, candidates);

  const [survey] = await tx
    .insert(surveys)
    .values({
      taskId: c.taskId,
      questionnaireId,
      questionnaireName: DEFAULT_QUESTIONNAIRE.title,
      questionnaireVersion: 1,
      questionnaire: DEFAULT_QUESTIONNAIRE,
      sampling,
      closesOn: null,
      createdBy: c.evaluator?.id ?? null,
      updatedBy: c.evaluator?.id ?? null,
      createdAt: new Date("2022-06-15T02:00:00Z"),
    })
    .returning();
  await insertInBatches(
    sample.map((s, i) => ({ surveyId: survey.id, communityId: s.communityId, countyId: s.countyId, households: s.households, quota: s.quota, sortOrder: i })),
    (b) => tx.insert(surveyCommunities).values(b),
  );
  // Households answer online in the order of their number on the sheet.
  const nextSeq = new Map(sample.map((s) => [s.communityId, 1]));
  const quotaOf = new Map(sample.map((s) => [s.communityId, s.quota]));
  const takeToken = (communityId: number) => {
    const seq = nextSeq.get(communityId)!;
    if (seq > quotaOf.get(communityId)!) return undefined;
    nextSeq.set(communityId, seq + 1);
    return { seq };
  };

  const reviewer = c.evaluator;
  const rows: (typeof surveyResponses.$inferInsert)[] = [];
  const usedTokens = new Map<string, { openedAt: Date; usedAt: Date }>();
  const households = new Map<number, Set<string>>();
  const formNo = new Map<string, number>();
  const add = (o: {
    s: SampledCommunity;
    county: DemoCountySurvey;
    satisfied: boolean;
    state: "accepted" | "pending" | "rejected";
    answers?: Answers;
    fast?: boolean;
    reason?: string;
    duplicate?: boolean;
  }) => {
    const used = households.get(o.s.communityId) ?? new Set<string>();
    households.set(o.s.communityId, used);
    const community = byCode.get(codeOf.get(o.s.communityId)!)!;
    const answers = o.answers ?? answersOf(rnd, o.satisfied, community, used);
    const paper = o.county.mode === "onsite" && rnd.next() < 0.55 && !o.fast;
    const token = paper ? undefined : takeToken(o.s.communityId);
    if (!paper && !token) throw new Error("示例问卷：小区的入户链接不够");
    const submitted = when(rnd);
    const seconds = paper ? null : o.fast ? rnd.int(15, 45) : rnd.int(95, 720);
    if (token) usedTokens.set(`${o.s.communityId}:${token.seq}`, { openedAt: new Date(submitted - seconds! * 1000), usedAt: new Date(submitted) });
    const household = householdOf(DEFAULT_QUESTIONNAIRE, answers);
    const flags = flagsOf(DEFAULT_QUESTIONNAIRE, answers, { seconds, duplicate: o.duplicate ?? false, outsideQuota: false });
    const prefix = o.county.county.slice(0, 2);
    const n = (formNo.get(prefix) ?? 0) + 1;
    formNo.set(prefix, n);
    rows.push({
      surveyId: survey.id,
      communityId: o.s.communityId,
      countyId: o.s.countyId,
      // Resolved to the token's id once the tokens are written (below).
      tokenId: token ? -token.seq : null,
      channel: paper ? "paper" : "online",
      answers,
      householdKey: household.key,
      householdLabel: household.label,
      overallLevel: overallLevel(DEFAULT_QUESTIONNAIRE, answers),
      levels: levelString(DEFAULT_QUESTIONNAIRE, answers),
      seconds,
      flags,
      state: o.state,
      reviewReason: o.reason ?? null,
      reviewedBy: o.state === "pending" ? null : (reviewer?.id ?? null),
      reviewedByName: o.state === "pending" ? null : (reviewer?.displayName ?? "评价机构项目组"),
      reviewedAt: o.state === "pending" ? null : new Date(submitted + rnd.int(12, 40) * 3_600_000),
      enteredBy: paper ? (reviewer?.id ?? null) : null,
      enteredByName: paper ? (reviewer?.displayName ?? "评价机构项目组") : null,
      formNo: paper ? `${prefix}-${String(n).padStart(4, "0")}` : null,
      submittedAt: new Date(submitted),
    });
    return rows[rows.length - 1];
  };

  for (const county of c.counties) {
    const countyId = c.countyId.get(county.county)!;
    const mine = sample.filter((s) => s.countyId === countyId);
    // Answers spread over the county's sampled communities by quota; the unhappy ones at random among them.
    const per = apportion(county.answers, mine.map((s) => s.quota));
    const slots = mine.flatMap((s, i) => Array.from({ length: per[i] }, () => s));
    const unhappy = new Set<number>();
    while (unhappy.size < county.answers - county.satisfied) unhappy.add(rnd.int(0, slots.length - 1));
    slots.forEach((s, i) => add({ s, county, satisfied: !unhappy.has(i), state: "accepted" }));
  }
  // Waiting for review (not counted yet): a too-fast answer, one with the same level throughout, a
  // second questionnaire from a household already answered, and a few ordinary ones.
  const some = (k: number) => sample[(k * 7919) % sample.length];
  const byCounty = (s: SampledCommunity) => c.counties.find((x) => c.countyId.get(x.county) === s.countyId)!;
  for (let k = 0; k < 9; k++) {
    const s = some(k);
    add({ s, county: byCounty(s), satisfied: k % 3 !== 0, state: "pending", fast: k === 0 || k === 4 });
  }
  {
    const s = some(11);
    const flat: Answers = { building: "3", unit: "2", room: "402", years: "10—20年", age: "35—59岁", tenure: "自有住房" };
    for (const { question } of satisfactionQuestions(DEFAULT_QUESTIONNAIRE)) flat[question.name] = 5;
    add({ s, county: byCounty(s), satisfied: true, state: "pending", answers: flat });
    const earlier = rows.find((r) => r.communityId === some(12).communityId && r.state === "accepted");
    if (earlier) {
      const again = { ...(earlier.answers as Answers), overall: 3 };
      const dup = add({ s: some(12), county: byCounty(some(12)), satisfied: false, state: "pending", answers: again, duplicate: true });
      earlier.flags = [...(earlier.flags as string[]), "duplicate_household"];
      void dup;
    }
  }
  // Rejected by the evaluator, with the reason.
  const REJECTED = ["作答时间不足 30 秒，答案前后矛盾，判定为无效问卷", "经电话回访，该户不在本小区居住，问卷无效", "同一户提交了两份问卷，保留入户调查的一份"];
  for (let k = 0; k < 3; k++) {
    const s = some(20 + k);
    add({ s, county: byCounty(s), satisfied: k !== 1, state: "rejected", fast: k === 0, reason: REJECTED[k] });
  }
  const tokenRows = sample.flatMap((s) =>
    Array.from({ length: s.quota }, (_, k) => {
      const used = usedTokens.get(`${s.communityId}:${k + 1}`);
      return { surveyId: survey.id, communityId: s.communityId, countyId: s.countyId, seq: k + 1, token: crypto.randomBytes(16).toString("base64url"), openedAt: used?.openedAt ?? null, usedAt: used?.usedAt ?? null };
    }),
  );
  const tokenId = new Map<string, number>();
  await insertInBatches(tokenRows, async (b) => {
    for (const t of await tx.insert(surveyTokens).values(b).returning({ id: surveyTokens.id, communityId: surveyTokens.communityId, seq: surveyTokens.seq })) tokenId.set(`${t.communityId}:${t.seq}`, t.id);
  });
  for (const r of rows) if (r.tokenId) r.tokenId = tokenId.get(`${r.communityId}:${-r.tokenId}`)!;
  await insertInBatches(rows, (b) => tx.insert(surveyResponses).values(b));
}
