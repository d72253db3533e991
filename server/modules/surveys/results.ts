/**
 * 调查结果: satisfaction rates per question, part, community, county and city from accepted responses
 * (core/survey/rates), and the open comments grouped by theme. The 居民满意度 leaf reads the same
 * figure through db/survey-tally (the scored question of the same accepted responses).
 */
import type { SurveyResults } from "../../../contracts/surveys";
import { addResponse, emptyGroup, mergeGroups, rateBp, themesOf, type GroupTally, type Tally } from "../../../core/survey/rates";
import { SATISFIED_LABEL, satisfactionQuestions, type Questionnaire } from "../../../core/survey/questionnaire";
import type { Answers } from "../../../core/survey/answers";
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
  const [sample, responses] = await Promise.all([repo.sampleWithCounts(ctx.db, survey.id, own), repo.responsesForResults(ctx.db, survey.id, own)]);
  const byCommunity = new Map<number, GroupTally>();
  const commentRows: { responseId: number; communityId: number; text: string }[] = [];
  const commentQuestions = q.parts.flatMap((p) => p.questions).filter((x) => x.kind === "comment");
  const names = new Map(sample.map((s) => [s.communityId, s]));
  const extra = new Map<number, { countyId: number }>();
  for (const r of responses) {
    if (r.state !== "accepted") continue;
    let g = byCommunity.get(r.communityId);
    if (!g) byCommunity.set(r.communityId, (g = emptyGroup(q)));
    addResponse(g, q, r.answers as Answers);
    if (!names.has(r.communityId)) extra.set(r.communityId, { countyId: r.countyId });
    for (const c of commentQuestions) {
      const text = (r.answers as Answers)[c.name];
      if (typeof text === "string" && text.trim()) commentRows.push({ responseId: r.id, communityId: r.communityId, text: text.trim() });
    }
  }
  // Paper forms of communities outside the sample still count once accepted: name them too.
  const others = await repo.communitiesById(ctx.db, [...extra.keys()]);
  const countyNames = new Map(sample.map((s) => [s.countyId, s.county]));
  const communityName = (id: number) => names.get(id)?.name ?? others.find((o) => o.id === id)?.name ?? `小区 ${id}`;
  const countyOfCommunity = (id: number) => names.get(id)?.countyId ?? extra.get(id)!.countyId;

  const countyIds = [...new Set([...sample.map((s) => s.countyId), ...[...extra.values()].map((e) => e.countyId)])];
  const pendingBy = new Map<number, number>();
  const rejectedBy = new Map<number, number>();
  for (const r of responses) {
    if (r.state === "pending") pendingBy.set(r.countyId, (pendingBy.get(r.countyId) ?? 0) + 1);
    if (r.state === "rejected") rejectedBy.set(r.countyId, (rejectedBy.get(r.countyId) ?? 0) + 1);
  }
  const counties = countyIds.map((countyId) => {
    const groups = [...byCommunity].filter(([id]) => countyOfCommunity(id) === countyId).map(([, g]) => g);
    return {
      countyId,
      county: countyNames.get(countyId) ?? "",
      quota: sample.filter((s) => s.countyId === countyId).reduce((a, s) => a + s.quota, 0),
      pending: pendingBy.get(countyId) ?? 0,
      rejected: rejectedBy.get(countyId) ?? 0,
      ...groupOut(q, mergeGroups(q, groups)),
    };
  });
  const communityIds = [...sample.map((s) => s.communityId), ...[...extra.keys()]];
  const communities = communityIds.map((communityId) => {
    const countyId = countyOfCommunity(communityId);
    return {
      communityId,
      community: communityName(communityId),
      countyId,
      county: countyNames.get(countyId) ?? "",
      quota: names.get(communityId)?.quota ?? 0,
      ...groupOut(q, byCommunity.get(communityId) ?? emptyGroup(q)),
    };
  });
  const themes = new Map<string, SurveyResults["comments"][number]["items"]>();
  for (const c of commentRows) {
    const countyId = countyOfCommunity(c.communityId);
    for (const theme of themesOf(c.text)) {
      const list = themes.get(theme) ?? [];
      list.push({ responseId: c.responseId, community: communityName(c.communityId), county: countyNames.get(countyId) ?? "", text: c.text });
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
