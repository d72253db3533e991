/**
 * The resident survey end to end over the API on the demo: one-time links (exactly once, even when two
 * submits arrive together), closed and unknown links, a full quota, review, and the 居民满意度 leaf and
 * target moving with accepted answers until the task is final.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Sheet, SheetNodeView, TaskDetail, TaskSummary } from "../../../contracts/evaluations";
import type { PublicSurvey, SurveyResults, SurveyState } from "../../../contracts/surveys";
import type { Targets } from "../../../contracts/projects";
import { DEFAULT_QUESTIONNAIRE, satisfactionQuestions } from "../../../core/survey/questionnaire";
import type { Answers } from "../../../core/survey/answers";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { buildApp } from "../../app";
import { auditEvents, surveyResponses, surveys, surveyTokens } from "../../../db/schema";

let t: TestApp;
let fin: Client;
let evaluator: Client;
let county: Client;
let task: TaskSummary;
let state: SurveyState;

beforeAll(async () => {
  t = await createTestApp();
  fin = await t.as("caizheng");
  evaluator = await t.as("pingjia");
  county = await t.as("lanshan");
  [task] = await fin.get<TaskSummary[]>("/api/evaluations");
  state = await evaluator.get<SurveyState>(`/api/evaluations/${task.id}/survey`);
});
afterAll(() => t.close());

const base = () => `/api/evaluations/${task.id}/survey`;

/** A complete, varied answer; `overall` is the scored question's level. */
function answers(overall: number, room = "101"): Answers {
  const a: Answers = { building: "7", unit: "1", room, years: "10—20年", age: "60岁及以上", tenure: "自有住房" };
  satisfactionQuestions(DEFAULT_QUESTIONNAIRE).forEach(({ question }, i) => (a[question.name] = i % 2 ? 4 : 5));
  a.overall = overall;
  return a;
}

async function unusedLinks(communityId?: number) {
  const q = communityId ? `?communityId=${communityId}` : "";
  const r = await evaluator.get<{ links: { communityId: number; token: string; url: string; used: boolean; seq: number }[] }>(`${base()}/links${q}`);
  return r.links.filter((l) => !l.used);
}

const open = (token: string) => t.app.inject({ method: "GET", url: `/api/public/surveys/${token}` });
const submit = (token: string, a: Answers) => t.app.inject({ method: "POST", url: `/api/public/surveys/${token}`, payload: { answers: a } });

const find = (nodes: SheetNodeView[], code: string): SheetNodeView | null => {
  for (const n of nodes) {
    if (n.code === code) return n;
    const x = find(n.children, code);
    if (x) return x;
  }
  return null;
};
async function leafOf(name: string) {
  const detail = await fin.get<TaskDetail>(`/api/evaluations/${task.id}`);
  const scope = detail.scopes.find((s) => s.name === name)!;
  const sheet = await fin.get<Sheet>(`/api/evaluations/${task.id}/scopes/${scope.id}/sheet`);
  return find(sheet.nodes, "outcome.satisfaction.residents")!;
}

describe(`the demo survey (${engine})`, () => {
  it("is 1,200 accepted questionnaires of sampled households: 94% for the city → 6.58, each county from its own rows", async () => {
    expect(state.survey!.totals.accepted).toBe(1200);
    expect(state.survey!.sampling).toMatchObject({ mode: "sample", seed: 20220620, quotaMin: 30, quotaBp: 500 });
    expect(state.survey!.communities.length).toBe(state.survey!.totals.communities);
    const results = await fin.get<SurveyResults>(`${base()}/results`);
    expect(results.city!.overall).toMatchObject({ satisfied: 1128, valid: 1200, rateBp: 9400 });
    expect(results.counties).toHaveLength(12);
    expect(results.counties.reduce((a, c) => a + c.overall.valid, 0)).toBe(1200);
    expect(results.city!.parts.map((p) => p.title)).toEqual(["改造内容", "过程管理", "长效管理", "总体评价"]);
    expect(results.comments.length).toBeGreaterThan(2);
    const city = await leafOf("临沂市");
    expect(city.score).toBe(658);
    expect(city.leaf!.sourceText).toBe("系统计算 · 居民满意度调查 · 居民满意率");
    const lanshan = results.counties.find((c) => c.county === "兰山区")!;
    const leaf = await leafOf("兰山区");
    expect(leaf.leaf!.value).toEqual({ num: lanshan.overall.satisfied, den: lanshan.overall.valid });
  });

  it("the 居民满意度 target reads the survey: 94% against 90% for the city", async () => {
    const targets = await fin.get<Targets>(`/api/targets?fundYearId=${task.fundYearId}`);
    const line = targets.scopes.find((s) => s.county === null)!.targets.find((x) => x.indicator === "居民满意度")!;
    expect(line).toMatchObject({ metric: "satisfaction", actual: "94", actualFrom: "survey", met: true });
  });

  it("a county sees its own communities only, in the state, the responses and the results", async () => {
    const mine = await county.get<SurveyState>(`${base()}`);
    expect(new Set(mine.survey!.communities.map((c) => c.county))).toEqual(new Set(["兰山区"]));
    expect(mine.can).toEqual({ setup: false, conduct: false, review: false, responses: false });
    const results = await county.get<SurveyResults>(`${base()}/results`);
    expect(results.city).toBeNull();
    expect(results.counties.map((c) => c.county)).toEqual(["兰山区"]);
    const other = state.survey!.communities.find((c) => c.county !== "兰山区")!;
    // Single questionnaires are not for the county residents judge: totals only.
    for (const id of [other.countyId, mine.survey!.communities[0].countyId]) expect((await county.inject(`${base()}/responses?countyId=${id}`)).statusCode).toBe(403);
    expect((await (await t.as("shenji")).inject(`${base()}/responses`)).statusCode).toBe(200);
    const links = await county.inject(`${base()}/links`);
    expect(links.statusCode).toBe(403);
  });
});

describe(`one-time links (${engine})`, () => {
  it("open on a phone without an account, in Chinese; unknown and malformed tokens are refused clearly", async () => {
    const [link] = await unusedLinks();
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(link.token, "base64url")).toHaveLength(16);
    expect(link.url).toMatch(new RegExp(`/s/${link.token}$`));
    const r = await open(link.token);
    expect(r.statusCode).toBe(200);
    const body = JSON.parse(r.body) as PublicSurvey;
    expect(body.state).toBe("open");
    expect(body.questionnaire!.title).toBe("城镇老旧小区改造居民满意度调查问卷");
    expect((body.surveyJson as { locale: string }).locale).toBe("zh-cn");
    const unknown = await open("A".repeat(22));
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body).error.message).toContain("链接无效");
    expect((await open("x")).statusCode).toBe(400);
  });

  it("the public link is rate-limited per address, answered in Chinese", async () => {
    const limited = await buildApp({ database: t.db, webDist: null, surveyRatePerMinute: 2 });
    try {
      const [link] = await unusedLinks();
      const codes: number[] = [];
      let last = "";
      for (let i = 0; i < 3; i++) {
        const r = await limited.inject({ method: "GET", url: `/api/public/surveys/${link.token}` });
        codes.push(r.statusCode);
        last = r.body;
      }
      expect(codes).toEqual([200, 200, 429]);
      expect(JSON.parse(last).error.message).toBe("请求过于频繁，请稍后再试");
    } finally {
      await limited.close();
    }
  });

  it("a token is accepted exactly once, even when five submits arrive at once", async () => {
    const [link] = await unusedLinks();
    const replies = await Promise.all(Array.from({ length: 5 }, (_, i) => submit(link.token, answers(5, `20${i}`))));
    const codes = replies.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409, 409, 409, 409]);
    const refused = replies.find((r) => r.statusCode === 409)!;
    expect(JSON.parse(refused.body).error.message).toContain("已经提交过");
    const [token] = await t.db.db.select().from(surveyTokens).where(eq(surveyTokens.token, link.token));
    expect(token.usedAt).not.toBeNull();
    expect(await t.db.db.$count(surveyResponses, eq(surveyResponses.tokenId, token.id))).toBe(1);
    const again = JSON.parse((await open(link.token)).body) as PublicSurvey;
    expect(again.state).toBe("used");
    expect(again.message).toContain("已经提交过");
  });

  it("answers are checked against the questionnaire: a missing answer or a level it does not offer is refused by question", async () => {
    const [link] = await unusedLinks();
    const bad = answers(5);
    delete bad.room;
    bad.content_roads = 9;
    const r = await submit(link.token, bad);
    expect(r.statusCode).toBe(422);
    const msg = JSON.parse(r.body).error.message as string;
    expect(msg).toContain("「室号」未作答");
    expect(msg).toContain("道路、停车设施改造");
    const extra = await submit(link.token, { ...answers(5), name: "张三" });
    expect(extra.statusCode).toBe(422);
    // Nothing was taken: the link still opens.
    expect((JSON.parse((await open(link.token)).body) as PublicSurvey).state).toBe("open");
  });

  it("a full community quota and a closed survey say so", async () => {
    const community = state.survey!.communities.find((c) => c.accepted + c.pending < c.quota && c.county !== "兰山区")!;
    const free = await unusedLinks(community.communityId);
    // Paper forms fill the rest of the quota.
    const room = community.quota - (community.accepted + community.pending);
    for (let i = 0; i < room; i++) {
      const r = await evaluator.inject({ method: "POST", url: `${base()}/responses`, payload: { communityId: community.communityId, answers: answers(4, `9${String(i).padStart(2, "0")}`) } });
      expect(r.statusCode, r.body).toBe(200);
    }
    const full = JSON.parse((await open(free[0].token)).body) as PublicSurvey;
    expect(full.state).toBe("closed");
    expect(full.message).toContain(`已经收满（${community.quota} 户）`);
    const refused = await submit(free[0].token, answers(5));
    expect(refused.statusCode).toBe(409);
    expect(JSON.parse(refused.body).error.message).toContain("已经收满");
    // A paper form past the quota is kept but flagged 超出配额.
    const over = await evaluator.inject({ method: "POST", url: `${base()}/responses`, payload: { communityId: community.communityId, answers: answers(4, "999") } });
    expect(JSON.parse(over.body).flags).toContain("outside_quota");

    const [s] = await t.db.db.select().from(surveys);
    await t.db.db.update(surveys).set({ closesOn: "2022-07-10" }).where(eq(surveys.id, s.id));
    const other = (await unusedLinks()).find((l) => l.communityId !== community.communityId)!;
    const closed = JSON.parse((await open(other.token)).body) as PublicSurvey;
    expect(closed).toMatchObject({ state: "closed" });
    expect(closed.message).toContain("已于2022年7月10日截止");
    expect((await submit(other.token, answers(5))).statusCode).toBe(409);
    await t.db.db.update(surveys).set({ closesOn: null }).where(eq(surveys.id, s.id));
  });
});

describe(`review and the score (${engine})`, () => {
  it("flags: too fast, the same answer everywhere, a household answering twice", async () => {
    const now = await evaluator.get<SurveyState>(base());
    const community = now.survey!.communities.find((c) => c.accepted + c.pending < c.quota - 3 && c.county === "罗庄区")!;
    const [a, b] = await unusedLinks(community.communityId);
    const flat = answers(5, "501");
    for (const { question } of satisfactionQuestions(DEFAULT_QUESTIONNAIRE)) flat[question.name] = 3;
    await open(a.token);
    expect((await submit(a.token, flat)).statusCode).toBe(200);
    await open(b.token);
    expect((await submit(b.token, answers(2, "501"))).statusCode).toBe(200);
    const page = await evaluator.get<{ items: { household: string; flags: string[] }[] }>(`${base()}/responses?communityId=${community.communityId}&state=pending`);
    const mine = page.items.filter((x) => x.household === "7号楼1单元501室");
    expect(mine).toHaveLength(2);
    for (const x of mine) expect(x.flags).toEqual(expect.arrayContaining(["too_fast", "duplicate_household"]));
    expect(mine.some((x) => x.flags.includes("same_answers"))).toBe(true);
  });

  it("only accepted responses count: the leaf moves when one is accepted or rejected, and a rejection needs a reason", async () => {
    const community = state.survey!.communities.find((c) => c.county === "沂南县" && c.accepted + c.pending < c.quota)!;
    const before = (await leafOf("沂南县")).leaf!.value!;
    const [link] = await unusedLinks(community.communityId);
    await open(link.token);
    expect((await submit(link.token, answers(1, "301"))).statusCode).toBe(200);
    // Pending: not counted.
    expect((await leafOf("沂南县")).leaf!.value).toEqual(before);
    const page = await evaluator.get<{ items: { id: number; household: string }[] }>(`${base()}/responses?communityId=${community.communityId}&state=pending`);
    const id = page.items.find((x) => x.household === "7号楼1单元301室")!.id;
    const noReason = await evaluator.inject({ method: "POST", url: `${base()}/review`, payload: { ids: [id], decision: "reject" } });
    expect(noReason.statusCode).toBe(400);
    expect(JSON.parse(noReason.body).error.message).toContain("须填写理由");
    const accept = await evaluator.inject({ method: "POST", url: `${base()}/review`, payload: { ids: [id], decision: "accept" } });
    expect(JSON.parse(accept.body)).toEqual({ changed: 1, unchanged: 0 });
    expect((await leafOf("沂南县")).leaf!.value).toEqual({ num: before.num, den: before.den + 1 });
    const reject = await evaluator.inject({ method: "POST", url: `${base()}/review`, payload: { ids: [id], decision: "reject", reason: "回访核实非本户填写" } });
    expect(reject.statusCode).toBe(200);
    expect((await leafOf("沂南县")).leaf!.value).toEqual(before);
    const audit = await t.db.db.select().from(auditEvents).where(eq(auditEvents.entityType, "survey_response"));
    expect(audit.some((e) => e.summary.includes("退回居民问卷 1 份") && e.summary.includes("回访核实非本户填写"))).toBe(true);
    // Finance may review; a county, the auditor and another firm's evaluator may not.
    expect((await county.inject({ method: "POST", url: `${base()}/review`, payload: { ids: [id], decision: "accept" } })).statusCode).toBe(403);
    expect((await (await t.as("shenji")).inject({ method: "POST", url: `${base()}/review`, payload: { ids: [id], decision: "accept" } })).statusCode).toBe(403);
  });

  it("the sample cannot be redrawn once answers arrived; a redraw needs the version seen", async () => {
    const q = state.survey!.questionnaireId!;
    const body = { questionnaireId: q, sampling: state.survey!.sampling, closesOn: null, version: state.survey!.version };
    const r = await evaluator.inject({ method: "PUT", url: base(), payload: body });
    expect(r.statusCode).toBe(409);
    expect(JSON.parse(r.body).error.message).toContain("不能重新抽样");
  });

  it("once the task is final the score stops moving and answers are refused", async () => {
    const community = state.survey!.communities.find((c) => c.county === "费县" && c.accepted + c.pending < c.quota)!;
    const [link] = await unusedLinks(community.communityId);
    const pending = await evaluator.get<{ items: { id: number }[] }>(`${base()}/responses?state=pending&pageSize=200`);
    const done = await fin.inject({ method: "POST", url: `/api/evaluations/${task.id}/advance`, payload: { to: "final" } });
    expect(done.statusCode, done.body).toBe(200);
    const frozen = (await leafOf("费县")).score;
    expect((await submit(link.token, answers(1, "808"))).statusCode).toBe(409);
    const review = await evaluator.inject({ method: "POST", url: `${base()}/review`, payload: { ids: [pending.items[0].id], decision: "accept" } });
    expect(review.statusCode).toBe(409);
    expect((await leafOf("费县")).score).toBe(frozen);
  });
});
