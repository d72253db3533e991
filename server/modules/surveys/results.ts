/**
 * 调查结果: satisfaction rates per question, part, community, county and city from accepted responses
 * (core/survey/rates), and the open comments grouped by theme. The 居民满意度 leaf reads the same
 * figure through db/survey-tally (the scored question of the same accepted responses).
 */
import type { SurveyResults } from "../../../contracts/surveys";
import { addAnswers, emptyGroup, mergeGroups, rateBp, themesOf, type GroupTally, type Tally } from "../../../core/survey/rates";
import { SATISFIED_LABEL, satisfactionQuestions, type Questionnaire } from "../../../core/survey/questionnaire";
import type { ServiceContext } from "../../context";
import { ownCounty } from "./access";
import { requireSurvey } from "./setup-survey";
import * as repo from "./repository";

const tallyOut = (t: Tally) => ({ satisfied: t.satisfied, valid: t.valid, rateBp: rateBp(t), levels: [...t.levels] });

function groupOut(q: Questionnaire, g: GroupTally) {
  return {
    responses: g.responses,
    overall: tallyOut(g.overall),
    parts: q.parts.filter((p) => g.byPart.has(p.name)).map((p) => ({ name: p.name, title: p.title, tally: tallyOut(g.byPart.get(p.name)!) })),
    questions: satisfactionQuestions(q).map(({ part, question }) => ({ name: question.name, title: question.title, part: part.name, tally: tallyOut(g.byQuestion.get(question.name)!) })),
  };
}

export async function getSurveyResults(ctx: ServiceContext, taskId: number): Promise<SurveyResults> {
  const { row, survey, questionnaire: q } = await requireSurvey(ctx, taskId);
  const own = ownCounty(ctx.actor);
  const rated = satisfactionQuestions(q).map((x) => x.question.name);
  const commented = q.parts.flatMap((p) => p.questions).filter((x) => x.kind === "comment").map((x) => x.name);
  const [sample, counts, commentRows] = await Promise.all([
    repo.sampleWithCounts(ctx.db, survey.id, own),
    repo.resultRows(ctx.db, survey.id, own),
    repo.acceptedComments(ctx.db, survey.id, commented, own),
  ]);
  const byCommunity = new Map<number, GroupTally>();
  const group = (id: number) => {
    let g = byCommunity.get(id);
    if (!g) byCommunity.set(id, (g = emptyGroup(q)));
    return g;
  };
  const countyOf = new Map(sample.map((s) => [s.communityId, s.countyId]));
  for (const t of counts.totals) {
    if (!countyOf.has(t.communityId)) countyOf.set(t.communityId, t.countyId);
    if (t.state === "accepted") group(t.communityId).responses += t.n;
  }
  // Digit i of `levels` is the answer to the i-th satisfaction question (0: unanswered): counted per
  // community into one array of question × level, then added to the tallies once.
  const cells = new Map<number, Int32Array>();
  for (const r of counts.accepted) {
    let c = cells.get(r.communityId);
    if (!c) cells.set(r.communityId, (c = new Int32Array(rated.length * 5)));
    for (let i = 0; i < rated.length && i < r.levels.length; i++) {
      const level = r.levels.charCodeAt(i) - 48;
      if (level >= 1 && level <= 5) c[i * 5 + level - 1] += 1;
    }
  }
  for (const [communityId, c] of cells) {
    const g = group(communityId);
    for (let i = 0; i < rated.length; i++) for (let level = 1; level <= 5; level++) if (c[i * 5 + level - 1]) addAnswers(g, q, rated[i], level, c[i * 5 + level - 1]);
  }

  // Paper forms of communities outside the sample still count once accepted: name them too.
  const names = new Map(sample.map((s) => [s.communityId, s]));
  const extraIds = [...countyOf.keys()].filter((id) => !names.has(id));
  const others = new Map((await repo.communitiesById(ctx.db, extraIds)).map((o) => [o.id, o]));
  const countyNames = new Map(sample.map((s) => [s.countyId, s.county]));
  const communityName = (id: number) => names.get(id)?.name ?? others.get(id)?.name ?? `小区 ${id}`;
  const countyName = (id: number) => countyNames.get(id) ?? "";

  const byState = (countyId: number, state: "pending" | "rejected") => counts.totals.filter((t) => t.countyId === countyId && t.state === state).reduce((a, t) => a + t.n, 0);
  const countyIds = [...new Set([...sample.map((s) => s.countyId), ...[...countyOf.values()]])];
  const counties = countyIds.map((countyId) => ({
    countyId,
    county: countyName(countyId),
    quota: sample.filter((s) => s.countyId === countyId).reduce((a, s) => a + s.quota, 0),
    pending: byState(countyId, "pending"),
    rejected: byState(countyId, "rejected"),
    ...groupOut(q, mergeGroups(q, [...byCommunity].filter(([id]) => countyOf.get(id) === countyId).map(([, g]) => g))),
  }));
  const communities = [...sample.map((s) => s.communityId), ...extraIds].map((communityId) => ({
    communityId,
    community: communityName(communityId),
    countyId: countyOf.get(communityId)!,
    county: countyName(countyOf.get(communityId)!),
    quota: names.get(communityId)?.quota ?? 0,
    ...groupOut(q, byCommunity.get(communityId) ?? emptyGroup(q)),
  }));
  const themes = new Map<string, SurveyResults["comments"][number]["items"]>();
  for (const c of commentRows) {
    for (const theme of themesOf(c.text)) {
      const list = themes.get(theme) ?? [];
      list.push({ responseId: c.id, community: communityName(c.communityId), county: countyName(c.countyId), text: c.text });
      themes.set(theme, list);
    }
  }
  return {
    taskId,
    taskName: row.task.name,
    final: row.task.state === "final",
    questionnaire: q,
    satisfiedLabel: SATISFIED_LABEL[q.satisfiedLevels],
    city: own === undefined ? groupOut(q, mergeGroups(q, [...byCommunity.values()])) : null,
    counties,
    communities,
    comments: [...themes].sort((a, b) => b[1].length - a[1].length).map(([theme, items]) => ({ theme, items })),
  };
}
