/**
 * Responses: the review list, one response, paper forms entered by an evaluator, and the review
 * decision (接受 / 退回 with a reason / 恢复待审核). Only accepted responses count in the rates.
 */
import type { z } from "zod";
import type { paperEntrySchema, responsesQuerySchema, ResponseSummary, reviewSchema } from "../../../contracts/surveys";
import { checkAnswers, flagsOf, levelString, overallLevel, type Answers, type Flag } from "../../../core/survey/answers";
import type { Questionnaire } from "../../../core/survey/questionnaire";
import type { DbOrTx } from "../../../db/open";
import { AppError, notFound } from "../../errors";
import { assertCounty, scopedCounty, type ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import { assertConduct } from "./access";
import { flagEarlier, householdFacts } from "./answer-online";
import { requireSurvey } from "./setup-survey";
import * as repo from "./repository";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentResponse(r: repo.ResponseListRow): ResponseSummary {
  return {
    id: r.r.id,
    communityId: r.r.communityId,
    community: r.community,
    countyId: r.r.countyId,
    county: r.county,
    channel: r.r.channel,
    household: r.r.householdLabel,
    seq: r.seq ?? null,
    formNo: r.r.formNo,
    overallLevel: r.r.overallLevel,
    seconds: r.r.seconds,
    flags: (r.r.flags as Flag[]) ?? [],
    state: r.r.state,
    reviewReason: r.r.reviewReason,
    reviewedByName: r.r.reviewedByName,
    reviewedAt: iso(r.r.reviewedAt),
    enteredByName: r.r.enteredByName,
    submittedAt: r.r.submittedAt.toISOString(),
  };
}

export async function listResponses(ctx: ServiceContext, taskId: number, q: z.infer<typeof responsesQuerySchema>) {
  const { survey } = await requireSurvey(ctx, taskId);
  const countyId = scopedCounty(ctx.actor, q.countyId);
  const { items, total, counts } = await repo.listResponses(ctx.db, { surveyId: survey.id, state: q.state, countyId, communityId: q.communityId, flag: q.flag, channel: q.channel }, q.page, q.pageSize);
  return { total, page: q.page, pageSize: q.pageSize, items: items.map(presentResponse), counts };
}

export async function getResponse(ctx: ServiceContext, taskId: number, id: number) {
  const { survey, questionnaire } = await requireSurvey(ctx, taskId);
  const r = await repo.findResponse(ctx.db, survey.id, id);
  if (!r) throw notFound("问卷");
  assertCounty(ctx.actor, r.r.countyId);
  return { ...presentResponse(r), answers: r.r.answers as Answers, questionnaire };
}

export interface PaperForm {
  communityId: number;
  formNo: string | null;
  answers: Answers;
}

/** Writes one checked paper form inside a transaction: flags as for an online answer, minus timing. */
export async function writePaperForm(tx: DbOrTx, ctx: Pick<ServiceContext, "actor">, surveyId: number, countyId: number, q: Questionnaire, f: PaperForm) {
  const facts = await householdFacts(tx, surveyId, f.communityId, f.answers, q);
  const outsideQuota = !facts.sampled || facts.counted >= facts.sampled.quota;
  const flags = flagsOf(q, f.answers, { seconds: null, duplicate: facts.same.length > 0, outsideQuota });
  const row = await repo.insertResponse(tx, {
    surveyId,
    communityId: f.communityId,
    countyId,
    channel: "paper",
    answers: f.answers,
    householdKey: facts.household.key,
    householdLabel: facts.household.label,
    overallLevel: overallLevel(q, f.answers),
    levels: levelString(q, f.answers),
    flags,
    formNo: f.formNo,
    enteredBy: ctx.actor.userId || null,
    enteredByName: ctx.actor.displayName || ctx.actor.username,
  });
  await flagEarlier(tx, facts.same);
  return row;
}

/** 纸质问卷录入: one form typed in by the evaluator, checked like an online answer. */
export async function enterPaperForm(ctx: ServiceContext, taskId: number, input: z.infer<typeof paperEntrySchema>): Promise<ResponseSummary> {
  const { row, survey, questionnaire } = await requireSurvey(ctx, taskId);
  assertConduct(ctx.actor, row.task);
  const [community] = await repo.communitiesById(ctx.db, [input.communityId]);
  if (!community) throw notFound("小区");
  const { answers, problems } = checkAnswers(questionnaire, input.answers);
  if (problems.length) {
    throw new AppError(
      "IMPORT_INVALID",
      `纸质问卷有 ${problems.length} 处需要修改：${problems.slice(0, 5).map((p) => p.message).join("；")}`,
      problems.map((p) => ({ row: null, column: p.title, message: p.message })),
    );
  }
  const id = await ctx.db.transaction(async (tx) => {
    const written = await writePaperForm(tx, ctx, survey.id, community.countyId, questionnaire, { communityId: community.id, formNo: input.formNo?.trim() || null, answers });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "create",
      entityType: "survey_response",
      entityId: written.id,
      countyId: community.countyId,
      summary: `录入纸质问卷：${community.name} ${written.householdLabel || "（未填门牌）"}`,
    });
    return written.id;
  });
  const r = await repo.findResponse(ctx.db, survey.id, id);
  return presentResponse(r!);
}

const DECISION_LABEL = { accept: "接受", reject: "退回", reopen: "恢复待审核" } as const;

/** 审核: accept, reject (with a reason) or reopen responses; one audit record per decision. */
export async function reviewResponses(ctx: ServiceContext, taskId: number, input: z.infer<typeof reviewSchema>) {
  const { row, survey } = await requireSurvey(ctx, taskId);
  assertConduct(ctx.actor, row.task);
  const reason = input.reason?.trim() || null;
  if (input.decision === "reject" && !reason) throw new AppError("VALIDATION_FAILED", "退回问卷须填写理由");
  const target = input.decision === "accept" ? "accepted" : input.decision === "reject" ? "rejected" : "pending";
  const ids = [...new Set(input.ids)];
  return ctx.db.transaction(async (tx) => {
    const rows = await repo.lockResponses(tx, survey.id, ids);
    if (rows.length !== ids.length) throw notFound("问卷");
    const changed = rows.filter((r) => r.state !== target).map((r) => r.id);
    await repo.setReview(tx, changed, { state: target, reason: target === "rejected" ? reason : target === "accepted" ? reason : null, by: ctx.actor.userId || null, byName: ctx.actor.displayName || ctx.actor.username });
    if (changed.length) {
      await recordAudit(tx, {
        actor: ctx.actor,
        ip: ctx.ip,
        action: "review",
        entityType: "survey_response",
        entityId: changed.length === 1 ? changed[0] : null,
        summary: `${DECISION_LABEL[input.decision]}居民问卷 ${changed.length} 份（「${row.task.name}」）${reason ? `：${reason}` : ""}`,
        after: { ids: changed, state: target, reason },
      });
    }
    return { changed: changed.length, unchanged: rows.length - changed.length };
  });
}
