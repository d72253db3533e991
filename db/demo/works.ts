/**
 * Demo 专营单位 works (issue 14): the water company (zhuanying) has works in several communities; in
 * one it and the gas company (ranqi) dig months apart, in another it digs before the renovation.
 */
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../open";
import { communities, projectCommunities, projectDetails, utilityOperators, utilityWorks, worksSettings } from "../schema";
import { DEFAULT_DIGGING_KINDS, DEFAULT_GAP_DAYS } from "../../core/works/kinds";

export const DEMO_OPERATORS = [
  { name: "临沂市供水有限公司（示例）", kinds: ["供水", "排水"] },
  { name: "临沂市燃气有限公司（示例）", kinds: ["燃气"] },
  { name: "国网临沂供电公司（示例）", kinds: ["供电"] },
] as const;

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export async function loadDemoWorks(tx: DbOrTx, o: { cityId: number; fundYearId: number }): Promise<void> {
  await tx.insert(worksSettings).values({ regionId: o.cityId, gapDays: DEFAULT_GAP_DAYS, diggingKinds: [...DEFAULT_DIGGING_KINDS] }).onConflictDoNothing();
  const ops = await tx
    .insert(utilityOperators)
    .values(DEMO_OPERATORS.map((d) => ({ regionId: o.cityId, name: d.name, kinds: [...d.kinds] })))
    .onConflictDoNothing()
    .returning();
  if (ops.length < DEMO_OPERATORS.length) return; // loaded before
  const [water, gas, power] = ops;
  // Renovated communities of the year with planned dates, in a fixed order.
  const renovated = await tx
    .select({ communityId: projectCommunities.communityId, from: projectDetails.plannedStartOn, to: projectDetails.plannedCompletionOn })
    .from(projectCommunities)
    .innerJoin(projectDetails, eq(projectDetails.projectId, projectCommunities.projectId))
    .where(and(eq(projectCommunities.fundYearId, o.fundYearId), isNotNull(projectDetails.plannedStartOn), isNotNull(projectDetails.plannedCompletionOn)))
    .orderBy(asc(projectCommunities.communityId));
  const unrenovated = await tx
    .select({ id: communities.id })
    .from(communities)
    .where(sql`not exists (select 1 from ${projectCommunities} pc where pc.community_id = ${communities.id})`)
    .orderBy(asc(communities.id))
    .limit(2);
  if (renovated.length < 3) return;
  const [a, b, c] = renovated;
  const quiet = unrenovated[0]?.id ?? renovated[3]?.communityId;
  const w = (operatorId: number, communityId: number, kind: string, scope: string, from: string, to: string, digs: boolean) => ({ operatorId, communityId, kind, scope, plannedFrom: from, plannedTo: to, digs, status: "计划" });
  const rows = [
    // a: the water company digs three months before the renovation starts → conflict with the renovation.
    w(water.id, a.communityId, "供水", "更换小区供水主管 DN100 约 600 米，户表改造", addDays(a.from!, -120), addDays(a.from!, -90), true),
    // b: water inside the renovation window (one excavation), gas four months after it ends → conflict of the two operators and the renovation.
    w(water.id, b.communityId, "排水", "雨污分流改造，新建污水管 DN300 约 400 米", addDays(b.from!, 10), addDays(b.from!, 40), true),
    w(gas.id, b.communityId, "燃气", "庭院燃气管网改造，更换调压箱 2 台", addDays(b.to!, 120), addDays(b.to!, 150), true),
    // c: a meter replacement that does not dig: no conflict.
    w(water.id, c.communityId, "供水", "更换智能远传水表", addDays(c.from!, -60), addDays(c.from!, -45), false),
    // power cables inside the renovation window of c: one excavation with it.
    w(power.id, c.communityId, "供电", "架空线入地，更换箱式变电站 1 台", addDays(c.from!, 5), addDays(c.from!, 35), true),
  ];
  if (quiet) {
    // An unrenovated community: water and gas dig half a year apart → conflict between the two operators.
    rows.push(w(water.id, quiet, "供水", "老旧供水管网更新", "2021-04-01", "2021-04-30", true));
    rows.push(w(gas.id, quiet, "燃气", "燃气立管改造", "2021-10-08", "2021-11-08", true));
  }
  await tx.insert(utilityWorks).values(rows);
}
