/**
 * The resident's side: a one-time link opens the questionnaire on a phone without an account, once.
 * A token is taken by exactly one submit (a conditional UPDATE inside the transaction that also locks
 * the community's quota row), so two submits arriving together give one answer and one refusal.
 */
import type { PublicSurvey } from "../../../contracts/surveys";
import { formatDateCn } from "../../../core/dates";
import { checkAnswers, flagsOf, householdOf, levelString, overallLevel, type Answers } from "../../../core/survey/answers";
import { toSurveyJson, type Questionnaire } from "../../../core/survey/questionnaire";
import type { Db, DbOrTx } from "../../../db/open";
import { AppError } from "../../errors";
import * as repo from "./repository";

const UNKNOWN = "链接无效：没有找到这份问卷。请核对链接，或扫描入户问卷上的二维码。";
export const USED_MESSAGE = "这份问卷已经提交过了，感谢您的参与！每户只能提交一次。";

const DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });
/** Today in China, as YYYY-MM-DD, whatever the server's zone. */
export const chinaToday = (now = new Date()) => DAY.format(now);

type SurveyRef = NonNullable<Awaited<ReturnType<typeof repo.findSurvey>>>;

/** Why a survey takes no more answers, or null while it is open. */
export function closedReason(s: SurveyRef, now = new Date()): string | null {
  if (s.taskState === "final") return "本次居民满意度调查已经结束，感谢您的关注！";
  if (s.survey.closesOn && chinaToday(now) > s.survey.closesOn) return `本次居民满意度调查已于${formatDateCn(s.survey.closesOn)}截止，感谢您的关注！`;
  return null;
}

const quotaFull = (quota: number) => `本小区的抽样问卷已经收满（${quota} 户），无需再填写，感谢您的支持！`;

async function resolve(db: DbOrTx, token: string) {
  const t = await repo.findToken(db, token);
  if (!t) throw new AppError("NOT_FOUND", UNKNOWN);
  const s = await repo.findSurvey(db, t.token.surveyId);
  if (!s) throw new AppError("NOT_FOUND", UNKNOWN);
  return { t, s, questionnaire: s.survey.questionnaire as Questionnaire };
}

export async function openSurveyLink(db: Db, token: string): Promise<PublicSurvey> {
  const { t, s, questionnaire } = await resolve(db, token);
  const base = { community: t.community, county: t.county, seq: t.token.seq };
  if (t.token.usedAt) return { ...base, state: "used", message: USED_MESSAGE, questionnaire: null, surveyJson: null };
  const closed = closedReason(s);
  if (closed) return { ...base, state: "closed", message: closed, questionnaire: null, surveyJson: null };
  const sampled = await repo.findSampledCommunity(db, s.survey.id, t.token.communityId);
  if (sampled && (await repo.countedInCommunity(db, s.survey.id, t.token.communityId)) >= sampled.quota) {
    return { ...base, state: "closed", message: quotaFull(sampled.quota), questionnaire: null, surveyJson: null };
  }
  await repo.markOpened(db, t.token.id);
  return { ...base, state: "open", message: null, questionnaire, surveyJson: toSurveyJson(questionnaire) };
}

/** Duplicate-household and quota facts, read under the community's lock. */
export async function householdFacts(tx: DbOrTx, surveyId: number, communityId: number, answers: Answers, q: Questionnaire) {
  const sampled = await repo.lockSampledCommunity(tx, surveyId, communityId);
  const counted = await repo.countedInCommunity(tx, surveyId, communityId);
  const household = householdOf(q, answers);
  const same = await repo.sameHousehold(tx, surveyId, communityId, household.key);
  return { sampled, counted, household, same };
}

/** Marks the earlier responses of a household as duplicates too, so the reviewer sees both. */
export async function flagEarlier(tx: DbOrTx, same: { id: number; flags: unknown }[]) {
  for (const r of same) {
    const flags = (r.flags as string[]) ?? [];
    if (!flags.includes("duplicate_household")) await repo.setFlags(tx, r.id, [...flags, "duplicate_household"]);
  }
}

export async function submitSurveyLink(db: Db, token: string, raw: unknown, now = new Date()): Promise<{ ok: true; message: string }> {
  const { t, s, questionnaire } = await resolve(db, token);
  const { answers, problems } = checkAnswers(questionnaire, raw);
  if (problems.length) {
    throw new AppError(
      "IMPORT_INVALID",
      `问卷有 ${problems.length} 处需要修改：${problems.slice(0, 5).map((p) => p.message).join("；")}`,
      problems.map((p) => ({ row: null, column: p.title, message: p.message })),
    );
  }
  await db.transaction(async (tx) => {
    const facts = await householdFacts(tx, s.survey.id, t.token.communityId, answers, questionnaire);
    const closed = closedReason(s, now);
    if (closed) throw new AppError("CONFLICT", closed);
    const claimed = await repo.claimToken(tx, t.token.id);
    if (!claimed) throw new AppError("CONFLICT", USED_MESSAGE);
    if (facts.sampled && facts.counted >= facts.sampled.quota) throw new AppError("CONFLICT", quotaFull(facts.sampled.quota));
    const opened = claimed.openedAt ?? now;
    const seconds = Math.max(0, Math.round((now.getTime() - new Date(opened).getTime()) / 1000));
    const flags = flagsOf(questionnaire, answers, { seconds, duplicate: facts.same.length > 0, outsideQuota: !facts.sampled });
    await repo.insertResponse(tx, {
      surveyId: s.survey.id,
      communityId: t.token.communityId,
      countyId: t.token.countyId,
      tokenId: t.token.id,
      channel: "online",
      answers,
      householdKey: facts.household.key,
      householdLabel: facts.household.label,
      overallLevel: overallLevel(questionnaire, answers),
      levels: levelString(questionnaire, answers),
      seconds,
      flags,
      submittedAt: now,
    });
    await flagEarlier(tx, facts.same);
  });
  return { ok: true, message: "提交成功，感谢您参与本次居民满意度调查！您的意见将作为改进老旧小区改造工作的依据。" };
}
