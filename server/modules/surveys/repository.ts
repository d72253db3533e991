/** All SQL of 居民满意度调查. */
import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, ne, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import {
  communities,
  evaluationTasks,
  projectCommunities,
  projectDetails,
  projects,
  regions,
  surveyCommunities,
  surveyQuestionnaires,
  surveyResponses,
  surveys,
  surveyTokens,
} from "../../../db/schema";
import { insertInBatches } from "../../../db/batch";
import type { Versioned } from "../../versioned";

// ---- questionnaires --------------------------------------------------------------------------

export const QUESTIONNAIRE: Versioned<typeof surveyQuestionnaires> = { table: surveyQuestionnaires, noun: "问卷", versionKey: "revision" };
export const questionnaireKey = (id: number) => eq(surveyQuestionnaires.id, id);

export function listQuestionnaires(db: DbOrTx) {
  return db.select().from(surveyQuestionnaires).orderBy(asc(surveyQuestionnaires.code), desc(surveyQuestionnaires.version));
}

export async function findQuestionnaire(db: DbOrTx, id: number) {
  const [r] = await db.select().from(surveyQuestionnaires).where(eq(surveyQuestionnaires.id, id));
  return r ?? null;
}
export type QuestionnaireRow = NonNullable<Awaited<ReturnType<typeof findQuestionnaire>>>;

export async function nextQuestionnaireVersion(db: DbOrTx, code: string): Promise<number> {
  const [r] = await db.select({ v: sql<number>`coalesce(max(${surveyQuestionnaires.version}), 0)::int` }).from(surveyQuestionnaires).where(eq(surveyQuestionnaires.code, code));
  return Number(r?.v ?? 0) + 1;
}

export async function insertQuestionnaire(db: DbOrTx, v: typeof surveyQuestionnaires.$inferInsert) {
  const [r] = await db.insert(surveyQuestionnaires).values(v).returning();
  return r;
}

export async function deleteQuestionnaire(db: DbOrTx, id: number) {
  await db.delete(surveyQuestionnaires).where(eq(surveyQuestionnaires.id, id));
}

export async function questionnaireUsage(db: DbOrTx): Promise<Map<number, number>> {
  const rows = await db
    .select({ id: surveys.questionnaireId, n: sql<number>`count(*)::int` })
    .from(surveys)
    .where(isNotNull(surveys.questionnaireId))
    .groupBy(surveys.questionnaireId);
  return new Map(rows.map((r) => [r.id!, Number(r.n)]));
}

// ---- surveys ---------------------------------------------------------------------------------

export async function findSurveyOfTask(db: DbOrTx, taskId: number) {
  const [r] = await db.select().from(surveys).where(eq(surveys.taskId, taskId));
  return r ?? null;
}
export type SurveyRow = NonNullable<Awaited<ReturnType<typeof findSurveyOfTask>>>;

export const SURVEY: Versioned<typeof surveys> = { table: surveys, noun: "问卷调查" };
export const surveyKey = (id: number) => eq(surveys.id, id);

export async function lockSurvey(tx: DbOrTx, id: number) {
  const [r] = await tx.select().from(surveys).where(eq(surveys.id, id)).for("update");
  return r ?? null;
}

export async function insertSurvey(db: DbOrTx, v: typeof surveys.$inferInsert) {
  const [r] = await db.insert(surveys).values(v).returning();
  return r;
}

export async function updateSurvey(db: DbOrTx, id: number, v: Partial<typeof surveys.$inferInsert>) {
  const [r] = await db.update(surveys).set(v).where(eq(surveys.id, id)).returning();
  return r;
}

/** Removes the sample and its tokens (a redraw before any answer arrived). */
export async function clearSample(tx: DbOrTx, surveyId: number) {
  await tx.delete(surveyTokens).where(eq(surveyTokens.surveyId, surveyId));
  await tx.delete(surveyCommunities).where(eq(surveyCommunities.surveyId, surveyId));
}

export async function insertSample(tx: DbOrTx, rows: (typeof surveyCommunities.$inferInsert)[], tokens: (typeof surveyTokens.$inferInsert)[]) {
  await insertInBatches(rows, (b) => tx.insert(surveyCommunities).values(b));
  await insertInBatches(tokens, (b) => tx.insert(surveyTokens).values(b));
}

export async function countResponses(db: DbOrTx, surveyId: number): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(surveyResponses).where(eq(surveyResponses.surveyId, surveyId));
  return Number(r?.n ?? 0);
}

/**
 * Communities renovated by the 评价日: linked to a project of the fund year that was completed on or
 * before it. Each once, with its county and households.
 */
export async function renovatedCommunities(db: DbOrTx, fundYearId: number, asOf: string, countyIds: number[]) {
  if (!countyIds.length) return [];
  return db
    .selectDistinct({ communityId: communities.id, countyId: communities.countyId, households: communities.households })
    .from(projectCommunities)
    .innerJoin(projects, eq(projects.id, projectCommunities.projectId))
    .innerJoin(projectDetails, eq(projectDetails.projectId, projects.id))
    .innerJoin(communities, eq(communities.id, projectCommunities.communityId))
    .where(
      and(
        eq(projectCommunities.fundYearId, fundYearId),
        isNotNull(projectDetails.actualCompletionOn),
        lte(projectDetails.actualCompletionOn, asOf),
        inArray(communities.countyId, countyIds),
      ),
    );
}

/** The sampled communities with names and counts of tokens and responses by state. */
export async function sampleWithCounts(db: DbOrTx, surveyId: number, countyId?: number) {
  const where = countyId === undefined ? eq(surveyCommunities.surveyId, surveyId) : and(eq(surveyCommunities.surveyId, surveyId), eq(surveyCommunities.countyId, countyId));
  const [rows, tokens, responses] = await Promise.all([
    db
      .select({
        communityId: surveyCommunities.communityId,
        countyId: surveyCommunities.countyId,
        households: surveyCommunities.households,
        quota: surveyCommunities.quota,
        sortOrder: surveyCommunities.sortOrder,
        code: communities.code,
        name: communities.name,
        county: regions.name,
      })
      .from(surveyCommunities)
      .innerJoin(communities, eq(communities.id, surveyCommunities.communityId))
      .innerJoin(regions, eq(regions.id, surveyCommunities.countyId))
      .where(where)
      .orderBy(asc(surveyCommunities.sortOrder)),
    db
      .select({
        communityId: surveyTokens.communityId,
        tokens: sql<number>`count(*)::int`,
        opened: sql<number>`count(${surveyTokens.openedAt})::int`,
      })
      .from(surveyTokens)
      .where(eq(surveyTokens.surveyId, surveyId))
      .groupBy(surveyTokens.communityId),
    responseCounts(db, surveyId),
  ]);
  const t = new Map(tokens.map((r) => [r.communityId, r]));
  return rows.map((r) => {
    const c = responses.get(r.communityId) ?? { pending: 0, accepted: 0, rejected: 0 };
    return { ...r, tokens: Number(t.get(r.communityId)?.tokens ?? 0), opened: Number(t.get(r.communityId)?.opened ?? 0), ...c };
  });
}

/** Responses by community and state. */
export async function responseCounts(db: DbOrTx, surveyId: number) {
  const rows = await db
    .select({ communityId: surveyResponses.communityId, state: surveyResponses.state, n: sql<number>`count(*)::int` })
    .from(surveyResponses)
    .where(eq(surveyResponses.surveyId, surveyId))
    .groupBy(surveyResponses.communityId, surveyResponses.state);
  const out = new Map<number, { pending: number; accepted: number; rejected: number }>();
  for (const r of rows) {
    const c = out.get(r.communityId) ?? { pending: 0, accepted: 0, rejected: 0 };
    c[r.state] = Number(r.n);
    out.set(r.communityId, c);
  }
  return out;
}

// ---- tokens and responses -------------------------------------------------------------------

/** A token with its survey, community and county names (the public page). */
export async function findToken(db: DbOrTx, token: string) {
  const [r] = await db
    .select({
      token: surveyTokens,
      community: communities.name,
      county: regions.name,
    })
    .from(surveyTokens)
    .innerJoin(communities, eq(communities.id, surveyTokens.communityId))
    .innerJoin(regions, eq(regions.id, surveyTokens.countyId))
    .where(eq(surveyTokens.token, token));
  return r ?? null;
}

/** A survey with its task's name and state (the public page knows nothing else of the task). */
export async function findSurvey(db: DbOrTx, id: number) {
  const [r] = await db
    .select({ survey: surveys, taskState: evaluationTasks.state, taskName: evaluationTasks.name })
    .from(surveys)
    .innerJoin(evaluationTasks, eq(evaluationTasks.id, surveys.taskId))
    .where(eq(surveys.id, id));
  return r ?? null;
}

export async function markOpened(db: DbOrTx, tokenId: number) {
  await db.update(surveyTokens).set({ openedAt: sql`now()` }).where(and(eq(surveyTokens.id, tokenId), isNull(surveyTokens.openedAt)));
}

/** Takes the token for one submit: only the first caller gets the row back. */
export async function claimToken(tx: DbOrTx, tokenId: number) {
  const [r] = await tx
    .update(surveyTokens)
    .set({ usedAt: sql`now()`, openedAt: sql`coalesce(${surveyTokens.openedAt}, now())` })
    .where(and(eq(surveyTokens.id, tokenId), isNull(surveyTokens.usedAt)))
    .returning();
  return r ?? null;
}

/** A sampled community of a survey (its quota), or null when not sampled. */
export async function findSampledCommunity(db: DbOrTx, surveyId: number, communityId: number) {
  const [r] = await db.select().from(surveyCommunities).where(and(eq(surveyCommunities.surveyId, surveyId), eq(surveyCommunities.communityId, communityId)));
  return r ?? null;
}

/** Locks a sampled community of a survey (serialises the quota and duplicate checks); null when not sampled. */
export async function lockSampledCommunity(tx: DbOrTx, surveyId: number, communityId: number) {
  const [r] = await tx
    .select()
    .from(surveyCommunities)
    .where(and(eq(surveyCommunities.surveyId, surveyId), eq(surveyCommunities.communityId, communityId)))
    .for("update");
  return r ?? null;
}

/** Responses of a community that still count toward its quota (pending or accepted). */
export async function countedInCommunity(db: DbOrTx, surveyId: number, communityId: number): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(surveyResponses)
    .where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.communityId, communityId), ne(surveyResponses.state, "rejected")));
  return Number(r?.n ?? 0);
}

/** Other responses (not rejected) of the same household. */
export async function sameHousehold(db: DbOrTx, surveyId: number, communityId: number, householdKey: string) {
  return db
    .select({ id: surveyResponses.id, flags: surveyResponses.flags })
    .from(surveyResponses)
    .where(
      and(
        eq(surveyResponses.surveyId, surveyId),
        eq(surveyResponses.communityId, communityId),
        eq(surveyResponses.householdKey, householdKey),
        ne(surveyResponses.state, "rejected"),
      ),
    );
}

export async function insertResponse(db: DbOrTx, v: typeof surveyResponses.$inferInsert) {
  const [r] = await db.insert(surveyResponses).values(v).returning();
  return r;
}

export async function setFlags(db: DbOrTx, id: number, flags: string[]) {
  await db.update(surveyResponses).set({ flags }).where(eq(surveyResponses.id, id));
}

export interface ResponseFilter {
  surveyId: number;
  state?: "pending" | "accepted" | "rejected";
  countyId?: number;
  communityId?: number;
  flag?: string;
  channel?: "online" | "paper";
}

function responseWhere(f: ResponseFilter, withStateAndFlag = true): SQL {
  const parts: SQL[] = [eq(surveyResponses.surveyId, f.surveyId)];
  if (f.countyId !== undefined) parts.push(eq(surveyResponses.countyId, f.countyId));
  if (f.communityId !== undefined) parts.push(eq(surveyResponses.communityId, f.communityId));
  if (f.channel) parts.push(eq(surveyResponses.channel, f.channel));
  if (withStateAndFlag) {
    if (f.state) parts.push(eq(surveyResponses.state, f.state));
    if (f.flag) parts.push(sql`${surveyResponses.flags} ? ${f.flag}`);
  }
  return and(...parts)!;
}

const responseColumns = {
  r: surveyResponses,
  community: communities.name,
  county: regions.name,
  seq: surveyTokens.seq,
};

export async function listResponses(db: DbOrTx, f: ResponseFilter, page: number, pageSize: number) {
  const where = responseWhere(f);
  const [items, [total], counts] = await Promise.all([
    db
      .select(responseColumns)
      .from(surveyResponses)
      .innerJoin(communities, eq(communities.id, surveyResponses.communityId))
      .innerJoin(regions, eq(regions.id, surveyResponses.countyId))
      .leftJoin(surveyTokens, eq(surveyTokens.id, surveyResponses.tokenId))
      .where(where)
      .orderBy(desc(surveyResponses.submittedAt), desc(surveyResponses.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(surveyResponses).where(where),
    db
      .select({
        pending: sql<number>`(count(*) filter (where ${surveyResponses.state} = 'pending'))::int`,
        accepted: sql<number>`(count(*) filter (where ${surveyResponses.state} = 'accepted'))::int`,
        rejected: sql<number>`(count(*) filter (where ${surveyResponses.state} = 'rejected'))::int`,
        flagged: sql<number>`(count(*) filter (where jsonb_array_length(${surveyResponses.flags}) > 0))::int`,
      })
      .from(surveyResponses)
      .where(responseWhere(f, false)),
  ]);
  const c = counts[0];
  return {
    items,
    total: Number(total?.n ?? 0),
    counts: { pending: Number(c?.pending ?? 0), accepted: Number(c?.accepted ?? 0), rejected: Number(c?.rejected ?? 0), flagged: Number(c?.flagged ?? 0) },
  };
}
export type ResponseListRow = Awaited<ReturnType<typeof listResponses>>["items"][number];

export async function findResponse(db: DbOrTx, surveyId: number, id: number) {
  const [r] = await db
    .select(responseColumns)
    .from(surveyResponses)
    .innerJoin(communities, eq(communities.id, surveyResponses.communityId))
    .innerJoin(regions, eq(regions.id, surveyResponses.countyId))
    .leftJoin(surveyTokens, eq(surveyTokens.id, surveyResponses.tokenId))
    .where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.id, id)));
  return r ?? null;
}

/** Locks responses of a survey by id for a review decision. */
export async function lockResponses(tx: DbOrTx, surveyId: number, ids: number[]) {
  return tx
    .select({ id: surveyResponses.id, state: surveyResponses.state, countyId: surveyResponses.countyId })
    .from(surveyResponses)
    .where(and(eq(surveyResponses.surveyId, surveyId), inArray(surveyResponses.id, ids)))
    .orderBy(asc(surveyResponses.id))
    .for("update");
}

export async function setReview(
  tx: DbOrTx,
  ids: number[],
  v: { state: "pending" | "accepted" | "rejected"; reason: string | null; by: number | null; byName: string | null },
) {
  if (!ids.length) return;
  await tx
    .update(surveyResponses)
    .set({
      state: v.state,
      reviewReason: v.reason,
      reviewedBy: v.state === "pending" ? null : v.by,
      reviewedByName: v.state === "pending" ? null : v.byName,
      reviewedAt: v.state === "pending" ? null : sql`now()`,
    })
    .where(inArray(surveyResponses.id, ids));
}

/** Tokens of a survey (for the printed sheets and the link list), by community and number. */
export async function listTokens(db: DbOrTx, surveyId: number, communityId?: number, countyId?: number) {
  const parts: SQL[] = [eq(surveyTokens.surveyId, surveyId)];
  if (communityId !== undefined) parts.push(eq(surveyTokens.communityId, communityId));
  if (countyId !== undefined) parts.push(eq(surveyTokens.countyId, countyId));
  return db
    .select({
      id: surveyTokens.id,
      communityId: surveyTokens.communityId,
      countyId: surveyTokens.countyId,
      seq: surveyTokens.seq,
      token: surveyTokens.token,
      openedAt: surveyTokens.openedAt,
      usedAt: surveyTokens.usedAt,
      community: communities.name,
      communityCode: communities.code,
      street: communities.street,
      county: regions.name,
    })
    .from(surveyTokens)
    .innerJoin(communities, eq(communities.id, surveyTokens.communityId))
    .innerJoin(regions, eq(regions.id, surveyTokens.countyId))
    .where(and(...parts))
    .orderBy(asc(regions.name), asc(surveyTokens.communityId), asc(surveyTokens.seq));
}

/** Names of communities by id (paper entries name the community). */
export async function communitiesById(db: DbOrTx, ids: number[]) {
  if (!ids.length) return [];
  return db.select({ id: communities.id, code: communities.code, name: communities.name, countyId: communities.countyId }).from(communities).where(inArray(communities.id, ids));
}

// ---- paper-form import (import-paper.ts) ------------------------------------------------------

/** Communities of some counties by code: what a paper form's 小区编号 may name. */
export async function communitiesOfCounties(db: DbOrTx, countyIds: number[]) {
  if (!countyIds.length) return [];
  return db
    .select({ id: communities.id, code: communities.code, name: communities.name, countyId: communities.countyId, county: regions.name })
    .from(communities)
    .innerJoin(regions, eq(regions.id, communities.countyId))
    .where(inArray(communities.countyId, countyIds));
}

/** The paper forms of a survey that carry a 问卷编号 (the import's key), with what they hold. */
export async function numberedPaperForms(db: DbOrTx, surveyId: number) {
  return db
    .select({ formNo: surveyResponses.formNo, communityId: surveyResponses.communityId, answers: surveyResponses.answers })
    .from(surveyResponses)
    .where(and(eq(surveyResponses.surveyId, surveyId), isNotNull(surveyResponses.formNo)));
}

/**
 * What the results count: the satisfaction digits (`levels`) of accepted responses per community, and
 * responses per community and state. A province's 100,000 questionnaires arrive as short strings, not
 * as their JSON answers.
 */
export async function resultRows(db: DbOrTx, surveyId: number, countyId?: number) {
  const where = countyId === undefined ? eq(surveyResponses.surveyId, surveyId) : and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.countyId, countyId));
  const [accepted, totals] = await Promise.all([
    db
      .select({ communityId: surveyResponses.communityId, levels: surveyResponses.levels })
      .from(surveyResponses)
      .where(and(where, eq(surveyResponses.state, "accepted"))),
    db
      .select({ communityId: surveyResponses.communityId, countyId: surveyResponses.countyId, state: surveyResponses.state, n: sql<number>`count(*)::int` })
      .from(surveyResponses)
      .where(where)
      .groupBy(surveyResponses.communityId, surveyResponses.countyId, surveyResponses.state),
  ]);
  return { accepted, totals: totals.map((t) => ({ ...t, n: Number(t.n) })) };
}

/** The open comments of accepted responses (non-empty answers to the comment questions), newest first. */
export async function acceptedComments(db: DbOrTx, surveyId: number, questions: string[], countyId?: number) {
  if (!questions.length) return [];
  const where = countyId === undefined ? eq(surveyResponses.surveyId, surveyId) : and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.countyId, countyId));
  const text = sql<string>`concat_ws('；', ${sql.join(questions.map((q) => sql`nullif(btrim(${surveyResponses.answers} ->> ${q}), '')`), sql`, `)})`;
  const rows = await db
    .select({ id: surveyResponses.id, communityId: surveyResponses.communityId, countyId: surveyResponses.countyId, text })
    .from(surveyResponses)
    .where(and(where, eq(surveyResponses.state, "accepted"), sql`${surveyResponses.answers} ?| array[${sql.join(questions.map((q) => sql`${q}`), sql`, `)}]::text[]`))
    .orderBy(desc(surveyResponses.submittedAt), desc(surveyResponses.id));
  return rows.filter((r) => r.text && r.text.trim()).map((r) => ({ ...r, text: r.text.trim() }));
}
