/**
 * A task's survey: the questionnaire it copies, the sample drawn (core/survey/sampling) and one
 * one-time token per sampled household. Redrawn freely until the first answer arrives.
 */
import crypto from "node:crypto";
import { can } from "../../../core/access";
import type { z } from "zod";
import type { SurveyState, surveySetupSchema } from "../../../contracts/surveys";
import { checkSampling, drawSample, type SamplingRule } from "../../../core/survey/sampling";
import type { Questionnaire } from "../../../core/survey/questionnaire";
import { AppError, notFound } from "../../errors";
import type { ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import { listFundYearCounties } from "../funds/service";
import { lockVersioned } from "../../versioned";
import { assertConduct, mayConduct, ownCounty, surveyTask, type SurveyTask } from "./access";
import * as repo from "./repository";

/** 16 random bytes as base64url: 22 characters, 128 bits nobody can guess. */
export const newToken = () => crypto.randomBytes(16).toString("base64url");

async function candidatesOf(ctx: ServiceContext, row: SurveyTask) {
  const counties = await listFundYearCounties(ctx, row.task.fundYearId);
  const list = await repo.renovatedCommunities(
    ctx.db,
    row.task.fundYearId,
    row.task.asOf,
    counties.map((c) => c.id),
  );
  return { counties, list };
}

export async function getSurveyState(ctx: ServiceContext, taskId: number): Promise<SurveyState> {
  const row = await surveyTask(ctx, taskId);
  const own = ownCounty(ctx.actor);
  const survey = await repo.findSurveyOfTask(ctx.db, taskId);
  const { counties, list } = await candidatesOf(ctx, row);
  const conduct = mayConduct(ctx.actor, row.task) && row.task.state !== "final";
  const candidates = counties
    .filter((c) => own === undefined || c.id === own)
    .map((c) => {
      const mine = list.filter((x) => x.countyId === c.id);
      return { countyId: c.id, county: c.name, communities: mine.length, households: mine.reduce((a, x) => a + x.households, 0) };
    });
  let answered = 0;
  let state: SurveyState["survey"] = null;
  if (survey) {
    const sample = await repo.sampleWithCounts(ctx.db, survey.id, own);
    answered = await repo.countResponses(ctx.db, survey.id);
    const sum = (k: "quota" | "tokens" | "pending" | "accepted" | "rejected") => sample.reduce((a, s) => a + s[k], 0);
    state = {
      id: survey.id,
      version: survey.version,
      questionnaireId: survey.questionnaireId,
      questionnaireName: survey.questionnaireName,
      questionnaireVersion: survey.questionnaireVersion,
      questionnaire: survey.questionnaire as Questionnaire,
      sampling: survey.sampling as SamplingRule,
      closesOn: survey.closesOn,
      createdAt: survey.createdAt.toISOString(),
      communities: sample.map((s) => ({
        communityId: s.communityId,
        code: s.code,
        name: s.name,
        countyId: s.countyId,
        county: s.county,
        households: s.households,
        quota: s.quota,
        tokens: s.tokens,
        opened: s.opened,
        pending: s.pending,
        accepted: s.accepted,
        rejected: s.rejected,
      })),
      totals: { communities: sample.length, quota: sum("quota"), tokens: sum("tokens"), pending: sum("pending"), accepted: sum("accepted"), rejected: sum("rejected") },
    };
  }
  return {
    taskId,
    taskName: row.task.name,
    taskState: row.task.state,
    survey: state,
    candidates,
    can: { setup: conduct && answered === 0, conduct, review: conduct && survey !== null, responses: can(ctx.actor, "survey.responses") },
  };
}

/** Creates the survey of a task, or redraws it while no answer has arrived. */
export async function setupSurvey(ctx: ServiceContext, taskId: number, input: z.infer<typeof surveySetupSchema>): Promise<SurveyState> {
  const row = await surveyTask(ctx, taskId);
  assertConduct(ctx.actor, row.task);
  const problems = checkSampling(input.sampling);
  if (problems.length) throw new AppError("VALIDATION_FAILED", `抽样设置有误：${problems.join("；")}`);
  const q = await repo.findQuestionnaire(ctx.db, input.questionnaireId);
  if (!q) throw notFound("问卷");
  if (q.status !== "published") throw new AppError("CONFLICT", `问卷「${q.name}」第 ${q.version} 版尚未发布，不能用于调查`);
  if (input.closesOn !== null && input.closesOn < row.task.asOf) throw new AppError("VALIDATION_FAILED", "截止日期不能早于评价日");
  const { list } = await candidatesOf(ctx, row);
  const sample = drawSample(input.sampling, list);
  if (!sample.length) throw new AppError("CONFLICT", "截至评价日没有已完工改造的小区，无法抽样");
  await ctx.db.transaction(async (tx) => {
    const existing = await repo.findSurveyOfTask(tx, taskId);
    let surveyId: number;
    const fields = {
      questionnaireId: q.id,
      questionnaireName: q.name,
      questionnaireVersion: q.version,
      questionnaire: q.definition,
      sampling: input.sampling,
      closesOn: input.closesOn,
    };
    if (existing) {
      if (input.version === undefined) throw new AppError("VALIDATION_FAILED", "重新抽样时请提供您看到的版本号（version），以免覆盖他人的设置");
      const locked = await lockVersioned(tx, repo.SURVEY, repo.surveyKey(existing.id), input.version);
      if (!locked) throw notFound("问卷调查");
      if ((await repo.countResponses(tx, existing.id)) > 0) throw new AppError("CONFLICT", "已收到问卷答复，不能重新抽样；如需调整请在审核中退回不符合要求的问卷");
      await repo.clearSample(tx, existing.id);
      await repo.updateSurvey(tx, existing.id, { ...fields, version: locked.version + 1, updatedAt: new Date(), updatedBy: ctx.actor.userId || null });
      surveyId = existing.id;
    } else {
      const created = await repo.insertSurvey(tx, { taskId, ...fields, createdBy: ctx.actor.userId || null, updatedBy: ctx.actor.userId || null });
      surveyId = created.id;
    }
    await repo.insertSample(
      tx,
      sample.map((s, i) => ({ surveyId, communityId: s.communityId, countyId: s.countyId, households: s.households, quota: s.quota, sortOrder: i })),
      sample.flatMap((s) => Array.from({ length: s.quota }, (_, k) => ({ surveyId, communityId: s.communityId, countyId: s.countyId, seq: k + 1, token: newToken() }))),
    );
    const households = sample.reduce((a, s) => a + s.quota, 0);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: existing ? "redraw" : "create",
      entityType: "survey",
      entityId: surveyId,
      summary: `${existing ? "重新抽样" : "设置"}「${row.task.name}」的居民满意度调查：${sample.length} 个小区、${households} 户（${input.sampling.mode === "all" ? "全部已改造小区" : `每县区随机抽取 ${input.sampling.perCounty} 个小区，随机种子 ${input.sampling.seed}`}）`,
      after: { questionnaire: `${q.name} 第 ${q.version} 版`, sampling: input.sampling, closesOn: input.closesOn },
    });
  });
  return getSurveyState(ctx, taskId);
}

/** The survey of a task, or 404 saying it has not been set up. */
export async function requireSurvey(ctx: ServiceContext, taskId: number) {
  const row = await surveyTask(ctx, taskId);
  const survey = await repo.findSurveyOfTask(ctx.db, taskId);
  if (!survey) throw new AppError("NOT_FOUND", "该评价任务尚未设置居民满意度调查");
  return { row, survey, questionnaire: survey.questionnaire as Questionnaire };
}

/** The links of a survey's households (the evaluator hands them out or prints them). */
export async function listLinks(ctx: ServiceContext, taskId: number, q: { communityId?: number; baseUrl: string }) {
  const { row, survey } = await requireSurvey(ctx, taskId);
  assertConduct(ctx.actor, row.task);
  const tokens = await repo.listTokens(ctx.db, survey.id, q.communityId);
  return {
    links: tokens.map((t) => ({
      communityId: t.communityId,
      community: t.community,
      county: t.county,
      seq: t.seq,
      token: t.token,
      url: surveyLink(q.baseUrl, t.token),
      opened: t.openedAt !== null,
      used: t.usedAt !== null,
    })),
  };
}

/** The short link printed beside a household's QR code. */
export const surveyLink = (baseUrl: string, token: string) => `${baseUrl.replace(/\/+$/, "")}/s/${token}`;
