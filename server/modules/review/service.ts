import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import { submissionEvents, submissions } from "../../../db/schema";
import { can, countyScope, type Actor } from "../../../core/access";
import { parsePeriod } from "../../../core/monitoring";
import { editableByCounty, REVIEW_ACTION_LABEL, REVIEW_STATE_LABEL, reviewStepSummary, transition, type ReviewAction, type ReviewState } from "../../../core/review";
import { SUBMISSION_KINDS, type ReviewStatus, type Submission, type SubmissionKind } from "../../../contracts/review";
import { assertCounty, scopedCounty, type ServiceContext } from "../../context";
import { AppError } from "../../errors";
import { recordAudit } from "../audit/record";
import { listCounties } from "../../../db/queries/reference";
import { resolveFundYear } from "../funds/service";
import { resolveMonitoring } from "../monitoring/periods";

/** 2021-Q3 → 2021年第3季度; empty for yearly kinds. */
function periodLabel(code: string | undefined): string {
  return code ? (parsePeriod(code)?.label ?? code) : "";
}

export interface SubmissionKey {
  fundYearId: number;
  countyId: number;
  kind: SubmissionKind;
  period?: string;
}

function submissionWhere(k: SubmissionKey) {
  return and(
    eq(submissions.fundYearId, k.fundYearId),
    eq(submissions.countyId, k.countyId),
    eq(submissions.kind, k.kind),
    eq(submissions.period, k.period ?? ""),
  );
}

async function findSubmission(db: DbOrTx, k: SubmissionKey) {
  const [row] = await db.select().from(submissions).where(submissionWhere(k));
  return row ?? null;
}

/** The class of the two-key advisory locks on review packages (any constant; the second key is the package's hash). */
export const SUBMISSION_LOCK_CLASS = 7_420_615;

/** The text the package lock hashes: one per fund year × county × kind × period. */
export const submissionLockKey = (k: SubmissionKey) => `${k.fundYearId}|${k.countyId}|${k.kind}|${k.period ?? ""}`;

/**
 * Locks a county's review package to the end of the transaction and reads it: the county's writes
 * (assertEditable) and the review actions (送审, 审核, 退回, 重新打开) take this same lock, so on several
 * app instances a write either commits before the package moves or sees it moved. The advisory lock
 * covers a package that has no row yet (never submitted); the row, once there, is held FOR UPDATE too.
 * Lock order everywhere: this package, then the fund year's row, then the audit chain.
 */
export async function lockSubmission(tx: DbOrTx, k: SubmissionKey) {
  await tx.execute(sql`select pg_advisory_xact_lock(${SUBMISSION_LOCK_CLASS}, hashtext(${submissionLockKey(k)}))`);
  const [row] = await tx.select().from(submissions).where(submissionWhere(k)).for("update");
  return row ?? null;
}

/**
 * Refuses a county's change to data it has sent for review or that was approved. City-side users may
 * still correct it (their changes are audited). Call it inside the transaction of the change, before
 * locking the fund year: it holds the package's lock (`lockSubmission`) to the end of that transaction.
 */
export async function assertEditable(db: DbOrTx, actor: Actor, k: SubmissionKey): Promise<void> {
  if (countyScope(actor) === null) return;
  const row = await lockSubmission(db, k);
  const state = (row?.state ?? "draft") as ReviewState;
  if (!editableByCounty(state)) {
    const label = SUBMISSION_KINDS[k.kind].label;
    throw new AppError(
      "FORBIDDEN",
      `本县区${periodLabel(k.period)}${label}${state === "approved" ? "已审核通过并锁定" : "已送审，等待审核"}，不能再修改；如需修改请联系市财政局${state === "approved" ? "重新打开" : "退回"}`,
    );
  }
}

/** Where a county's data stands in review (never submitted: 填报中). */
export async function reviewStatus(db: DbOrTx, k: SubmissionKey): Promise<ReviewStatus> {
  const state = ((await findSubmission(db, k))?.state ?? "draft") as ReviewState;
  return { state, stateLabel: REVIEW_STATE_LABEL[state], editableByCounty: editableByCounty(state) };
}

export async function listSubmissions(
  ctx: ServiceContext,
  q: { fundYearId: number; kind: SubmissionKind; period?: string; countyId?: number },
): Promise<Submission[]> {
  const { row } = await resolveFundYear(ctx, q.fundYearId);
  const countyId = scopedCounty(ctx.actor, q.countyId);
  const counties = (await listCounties(ctx.db, row.fy.regionId)).filter((c) => countyId === undefined || c.id === countyId);
  const rows = await ctx.db
    .select()
    .from(submissions)
    .where(and(eq(submissions.fundYearId, q.fundYearId), eq(submissions.kind, q.kind), eq(submissions.period, q.period ?? "")));
  const byCounty = new Map(rows.map((r) => [r.countyId, r]));
  const events = rows.length
    ? await ctx.db
        .select()
        .from(submissionEvents)
        .where(inArray(submissionEvents.submissionId, rows.map((r) => r.id)))
        .orderBy(asc(submissionEvents.at), asc(submissionEvents.id))
    : [];
  return counties.map((c) => {
    const s = byCounty.get(c.id);
    const state = (s?.state ?? "draft") as ReviewState;
    return {
      fundYearId: q.fundYearId,
      county: { id: c.id, name: c.name },
      kind: q.kind,
      kindLabel: SUBMISSION_KINDS[q.kind].label,
      period: q.period ?? "",
      state,
      stateLabel: REVIEW_STATE_LABEL[state],
      editableByCounty: editableByCounty(state),
      updatedAt: s?.updatedAt.toISOString() ?? null,
      events: events
        .filter((e) => e.submissionId === s?.id)
        .map((e) => ({
          action: e.action as ReviewAction,
          actionLabel: REVIEW_ACTION_LABEL[e.action as ReviewAction],
          fromState: e.fromState as ReviewState,
          toState: e.toState as ReviewState,
          reason: e.reason,
          actorName: e.actorName,
          at: e.at.toISOString(),
        })),
    };
  });
}

/** Who may take each action: the county submits its own; the city decides; only finance reopens. */
function mayAct(actor: Actor, action: ReviewAction, countyId: number): boolean {
  if (action === "submit") return actor.role === "county" && actor.countyId === countyId;
  if (action === "reopen") return can(actor, "review.reopen");
  return can(actor, "review.decide");
}

export async function actOnSubmission(
  ctx: ServiceContext,
  input: SubmissionKey & { action: ReviewAction; reason?: string | null },
): Promise<Submission> {
  assertCounty(ctx.actor, input.countyId);
  if (!mayAct(ctx.actor, input.action, input.countyId)) throw new AppError("FORBIDDEN", "无权执行此操作");
  const { row: fy } = await resolveFundYear(ctx, input.fundYearId);
  const county = (await listCounties(ctx.db, fy.fy.regionId)).find((c) => c.id === input.countyId);
  if (!county) throw new AppError("NOT_FOUND", "县区不存在");
  if (SUBMISSION_KINDS[input.kind].periodic) {
    if (!input.period) throw new AppError("VALIDATION_FAILED", "请指明报送期次");
    await resolveMonitoring(ctx, input.fundYearId, input.period);
  } else if (input.period) {
    throw new AppError("VALIDATION_FAILED", `${SUBMISSION_KINDS[input.kind].label}按年度报送，不分期次`);
  }
  await ctx.db.transaction(async (tx) => {
    // The lock the county's writes take: a write in flight commits first, or waits and sees the new state.
    const existing = await lockSubmission(tx, input);
    const from = (existing?.state ?? "draft") as ReviewState;
    const t = transition(from, input.action, input.reason);
    if (!t.ok) throw new AppError("CONFLICT", t.message);
    const values = { state: t.to, updatedAt: new Date(), updatedBy: ctx.actor.userId || null };
    const [s] = existing
      ? await tx.update(submissions).set(values).where(eq(submissions.id, existing.id)).returning()
      : await tx
          .insert(submissions)
          .values({ fundYearId: input.fundYearId, countyId: input.countyId, kind: input.kind, period: input.period ?? "", ...values })
          .returning();
    await tx.insert(submissionEvents).values({
      submissionId: s.id,
      action: input.action,
      fromState: from,
      toState: t.to,
      reason: input.reason?.trim() || null,
      actorId: ctx.actor.userId || null,
      actorName: `${ctx.actor.displayName}（${ctx.actor.username}）`,
    });
    const what = `${county.name}${periodLabel(input.period)}${SUBMISSION_KINDS[input.kind].label}`;
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: input.action,
      entityType: `submission:${input.kind}`,
      entityId: s.id,
      countyId: input.countyId,
      summary: reviewStepSummary(input.action, what, input.reason),
      before: { state: from },
      after: { state: t.to },
    });
  });
  const [result] = await listSubmissions(ctx, { fundYearId: input.fundYearId, kind: input.kind, period: input.period, countyId: input.countyId });
  return result;
}
