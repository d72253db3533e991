/**
 * 专营设施产权移交: the fund year's completed communities with each facility kind's handover, counted per
 * county (the same grouped query as the 专营设施移交率 metric, here without a date limit: the page shows
 * today's state), and recording one kind's handover (住建, or a 县区 user for its own county).
 */
import { and, eq } from "drizzle-orm";
import { can } from "../../../core/access";
import type { UtilityKind } from "../../../core/works/kinds";
import { addHandoverCounts, EMPTY_HANDOVER_COUNTS, handoverFigures, handoverProblems, type HandoverStatus } from "../../../core/works/handover";
import type { Handover, HandoverPage, RecordHandover } from "../../../contracts/handovers";
import { handoverTally } from "../../../db/handover-tally";
import { facilityHandovers } from "../../../db/schema";
import { assertCounty, scopedCounty, type ServiceContext } from "../../context";
import { AppError, notFound } from "../../errors";
import { updateVersioned } from "../../versioned";
import { recordAudit } from "../audit/record";
import { listFundYearCounties, resolveFundYear } from "../funds/service";
import * as repo from "./handover-repository";
import { findCommunity } from "./repository";
import { pushTo } from "../../../core/collections";

const NOUN = "设施移交记录";

function present(h: repo.HandoverRow): Handover {
  return {
    communityId: h.communityId,
    kind: h.kind as UtilityKind,
    status: h.status as HandoverStatus,
    handedOverOn: h.handedOverOn,
    operatorId: h.operatorId,
    operatorName: h.operatorName,
    receiver: h.receiver,
    note: h.note,
    version: h.version,
    updatedAt: h.updatedAt.toISOString(),
    updatedBy: h.updatedByName,
  };
}

/** Beijing's calendar day now: a handover cannot be dated later. */
function beijingToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export async function listHandovers(ctx: ServiceContext, q: { fundYearId: number; countyId?: number }): Promise<HandoverPage> {
  const { fundYear } = await resolveFundYear(ctx, q.fundYearId);
  const countyId = scopedCounty(ctx.actor, q.countyId);
  const counties = (await listFundYearCounties(ctx, q.fundYearId)).filter((c) => countyId === undefined || c.id === countyId);
  const tally = await handoverTally(ctx.db, { fundYearId: fundYear.id, countyId });
  const list = await repo.completedCommunities(ctx.db, { fundYearId: fundYear.id, countyId });
  const records = await repo.handoversOf(
    ctx.db,
    list.map((c) => c.id),
  );
  const byCommunity = new Map<number, Handover[]>();
  for (const r of records) pushTo(byCommunity, r.communityId, present(r));
  const countyTally = (id: number) => tally.find((t) => t.countyId === id) ?? EMPTY_HANDOVER_COUNTS;
  return {
    fundYear,
    counties: counties.map((c) => ({ county: { id: c.id, name: c.name }, ...handoverFigures(countyTally(c.id)) })),
    city: handoverFigures(addHandoverCounts(counties.map((c) => countyTally(c.id)))),
    communities: list.map((c) => ({ ...c, completedOn: c.completedOn!, handovers: byCommunity.get(c.id) ?? [] })),
    canRecord: can(ctx.actor, "works.handover"),
  };
}

/** Records (or changes) one kind's handover of a community; the version is 0 when it had no record. */
export async function recordHandover(ctx: ServiceContext, communityId: number, kind: UtilityKind, body: RecordHandover): Promise<Handover> {
  const problems = handoverProblems(body);
  if (body.handedOverOn !== null && body.handedOverOn > beijingToday()) problems.push(`移交日期：${body.handedOverOn} 晚于今天，请填写实际移交的日期`);
  if (problems.length) throw new AppError("VALIDATION_FAILED", problems.join("；"), problems.map((message) => ({ row: null, column: message.split("：")[0], message })));
  return ctx.db.transaction(async (tx) => {
    const community = await findCommunity(tx, communityId);
    if (!community) throw notFound("小区");
    // A county user is refused another county's community as such (its region is the county itself).
    assertCounty(ctx.actor, community.countyId);
    if (ctx.actor.regionPath && !community.path.startsWith(ctx.actor.regionPath)) throw notFound("小区");
    let operatorName: string | null = null;
    if (body.operatorId !== null) {
      const op = await repo.findOperator(tx, body.operatorId);
      // An operator of the community's city (or above it); any other is unknown here.
      if (!op || !community.path.startsWith(op.path)) throw new AppError("VALIDATION_FAILED", "接收单位：该专营单位不存在");
      if (!op.kinds.includes(kind)) throw new AppError("VALIDATION_FAILED", `接收单位：${op.name}的专业为${op.kinds.join("、")}，不接收“${kind}”设施`);
      operatorName = op.name;
    }
    const fields = { status: body.status, handedOverOn: body.handedOverOn, operatorId: body.operatorId, receiver: body.receiver, note: body.note };
    const { before, after } = await updateVersioned(
      tx,
      { table: facilityHandovers, noun: NOUN },
      {
        where: and(eq(facilityHandovers.communityId, communityId), eq(facilityHandovers.kind, kind))!,
        expected: body.version,
        actorId: ctx.actor.userId || null,
        set: fields,
        insert: { communityId, kind, ...fields },
      },
    );
    const receiver = operatorName ?? body.receiver;
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: before ? "update" : "create",
      entityType: "facility_handover",
      entityId: after.id,
      countyId: community.countyId,
      summary: `专营设施移交：${community.name} ${kind}设施 ${body.status}${body.handedOverOn ? `（${body.handedOverOn}${receiver ? `，移交${receiver}` : ""}）` : ""}`,
      before,
      after: fields,
    });
    const [row] = await repo.handoversOf(tx, [communityId], kind);
    return present(row);
  });
}
