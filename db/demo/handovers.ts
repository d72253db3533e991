/**
 * Demo 专营设施产权移交 (示例数据): for the completed communities of the demo year, some kinds handed over
 * to the demo operators (or a named receiver) after completion and before the 评价日, some in progress,
 * 供热 and 燃气 not present in part of them, the rest not yet handed over. Deterministic (its own seed,
 * so the rest of the demo's draws do not move).
 */
import { and, asc, eq, isNotNull, lte } from "drizzle-orm";
import type { DbOrTx } from "../open";
import { insertInBatches } from "../batch";
import { facilityHandovers, fundYears, projectCommunities, projectDetails, users, utilityOperators } from "../schema";
import { UTILITY_KINDS, type UtilityKind } from "../../core/works/kinds";
import type { HandoverStatus } from "../../core/works/handover";
import { addDays, seededRandom } from "./random";

const SEED = 20_220_614;

/** Receivers without an account in the demo. */
const OTHER_RECEIVERS: Partial<Record<UtilityKind, string>> = {
  供热: "临沂市热力有限公司（示例）",
  通信: "中国联通临沂市分公司（示例）",
};

/** Kinds a community may simply not have (no district heating, no gas main). */
const ABSENT_SHARE: Partial<Record<UtilityKind, number>> = { 供热: 0.55, 燃气: 0.1 };

export async function loadDemoHandovers(tx: DbOrTx, o: { fundYearId: number }): Promise<void> {
  const [fy] = await tx.select({ asOf: fundYears.evaluationDate }).from(fundYears).where(eq(fundYears.id, o.fundYearId));
  const done = await tx
    .select({ communityId: projectCommunities.communityId, completedOn: projectDetails.actualCompletionOn })
    .from(projectCommunities)
    .innerJoin(projectDetails, eq(projectDetails.projectId, projectCommunities.projectId))
    .where(and(eq(projectCommunities.fundYearId, o.fundYearId), isNotNull(projectDetails.actualCompletionOn), lte(projectDetails.actualCompletionOn, fy.asOf)))
    .orderBy(asc(projectCommunities.communityId));
  const operators = await tx.select().from(utilityOperators).orderBy(asc(utilityOperators.id));
  const operatorOf = (kind: UtilityKind) => operators.find((op) => op.kinds.includes(kind)) ?? null;
  const [housing] = await tx.select({ id: users.id }).from(users).where(eq(users.username, "zhujian"));
  const rnd = seededRandom(SEED);
  const rows: (typeof facilityHandovers.$inferInsert)[] = [];
  for (const c of done) {
    // Counties move at their own pace: a community's handovers mostly go together.
    const pace = rnd.next();
    for (const kind of UTILITY_KINDS) {
      const roll = rnd.next();
      const days = rnd.int(20, 240);
      let status: HandoverStatus | null;
      if (rnd.next() < (ABSENT_SHARE[kind] ?? 0)) status = "不涉及";
      else if (roll < 0.35 + 0.5 * pace) status = "已移交";
      else if (roll < 0.55 + 0.4 * pace) status = "移交中";
      else status = null; // 未移交: no record yet
      if (status === null) continue;
      const handedOverOn = status === "已移交" ? addDays(c.completedOn!, days) : null;
      // Handed over after the 评价日 is still 移交中 as of it.
      if (handedOverOn !== null && handedOverOn > fy.asOf) status = "移交中";
      const op = status === "不涉及" ? null : operatorOf(kind);
      rows.push({
        communityId: c.communityId,
        kind,
        status,
        handedOverOn: status === "已移交" ? handedOverOn : null,
        operatorId: op?.id ?? null,
        receiver: status === "不涉及" || op ? null : (OTHER_RECEIVERS[kind] ?? null),
        note: status === "不涉及" ? "小区无此类设施" : null,
        updatedBy: housing?.id ?? null,
      });
    }
  }
  await insertInBatches(rows, (batch) => tx.insert(facilityHandovers).values(batch));
}
