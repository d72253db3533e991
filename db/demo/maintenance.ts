/**
 * Demo 长效管养 history (示例数据): a record for each year 2019–2022 of every community renovated (before
 * the system or by a project of the demo year), ending at the community's current mode and fee
 * collection — the latest record is what the community's own columns say. Going back in time a
 * community steps down the ladder 专业物业 → 街道社区统管 → 居民自管 → 无 now and then (more often before
 * its renovation), and its fee collection was lower. 红色物业 and 业委会 come with management and, once
 * there, stay. Deterministic (its own seed: the rest of the demo's draws do not move).
 */
import { asc, eq, inArray, isNotNull, or } from "drizzle-orm";
import type { DbOrTx } from "../open";
import { insertInBatches } from "../batch";
import { communities, communityMaintenanceYears, projectCommunities, users } from "../schema";
import type { PropertyMode } from "../../core/registry";
import { seededRandom } from "./random";

const SEED = 20_190_101;
export const DEMO_MAINTENANCE_YEARS = [2019, 2020, 2021, 2022] as const;
const LADDER: PropertyMode[] = ["none", "self", "street", "professional"];

export async function loadDemoMaintenance(tx: DbOrTx, o: { fundYearId: number; year: number }): Promise<void> {
  const inProjects = tx.select({ id: projectCommunities.communityId }).from(projectCommunities).where(eq(projectCommunities.fundYearId, o.fundYearId));
  const list = await tx
    .select({ id: communities.id, mode: communities.propertyMode, fee: communities.feeCollectionBp, prior: communities.priorRenovationYear })
    .from(communities)
    .where(or(isNotNull(communities.priorRenovationYear), inArray(communities.id, inProjects)))
    .orderBy(asc(communities.id));
  const [housing] = await tx.select({ id: users.id }).from(users).where(eq(users.username, "zhujian"));
  const rnd = seededRandom(SEED);
  const rows: (typeof communityMaintenanceYears.$inferInsert)[] = [];
  for (const c of list) {
    const renovated = c.prior ?? o.year;
    const managed = c.mode === "professional" || c.mode === "street";
    // The flags of the latest year; earlier years may not have them yet.
    let red = managed && rnd.next() < (c.mode === "street" ? 0.45 : 0.25);
    let committee = c.mode === "professional" && rnd.next() < 0.4;
    let rank = LADDER.indexOf(c.mode);
    let fee = c.fee;
    for (let i = DEMO_MAINTENANCE_YEARS.length - 1; i >= 0; i--) {
      const year = DEMO_MAINTENANCE_YEARS[i];
      const mode = LADDER[rank];
      rows.push({
        communityId: c.id,
        year,
        propertyMode: mode,
        feeCollectionBp: mode === "none" ? null : fee,
        redProperty: mode !== "none" && red,
        ownersCommittee: mode !== "none" && committee,
        updatedBy: housing?.id ?? null,
      });
      // One year earlier: before the renovation management was rarer.
      const stepDown = rnd.next() < (year <= renovated ? 0.5 : 0.2);
      if (stepDown && rank > 0) rank--;
      if (fee !== null) fee = Math.max(2000, fee - rnd.int(0, 8) * 100);
      if (rnd.next() < 0.3) red = false;
      if (rnd.next() < 0.3) committee = false;
    }
  }
  await insertInBatches(rows, (batch) => tx.insert(communityMaintenanceYears).values(batch));
}
