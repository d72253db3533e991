/**
 * 长效管养 over the years: a community's yearly records, recording one year (versioned; the latest year's
 * record also sets the community's own property_mode and fee_collection_bp, in the same transaction),
 * and the share of renovated communities under 专业物业 or 街道社区统管 by county and year, with its trend.
 */
import { and, eq } from "drizzle-orm";
import { can, countyScope } from "../../../core/access";
import { maintenanceYears, trendOf, yearsOf, type TrendCommunity } from "../../../core/maintenance";
import { PROPERTY_MODE_LABEL } from "../../../core/registry";
import { formatBasisPoints } from "../../../core/money";
import type { CommunityMaintenance, MaintenanceTrend, MaintenanceYearRecord, RecordMaintenanceYear } from "../../../contracts/maintenance";
import { communityMaintenanceYears } from "../../../db/schema";
import { assertCounty, type ServiceContext } from "../../context";
import { AppError, notFound } from "../../errors";
import { updateVersioned } from "../../versioned";
import { recordAudit } from "../audit/record";
import { listFundYearCounties, resolveFundYear } from "../funds/service";
import { registryWithRenovation } from "./service";
import * as repo from "./maintenance-repository";

function present(r: repo.MaintenanceYearRow): MaintenanceYearRecord {
  return {
    communityId: r.communityId,
    year: r.year,
    propertyMode: r.propertyMode,
    feeCollectionBp: r.feeCollectionBp,
    redProperty: r.redProperty,
    ownersCommittee: r.ownersCommittee,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
    updatedBy: r.updatedByName,
  };
}

/** The community, if the actor may see it: 404 outside the actor's region, 403 for another county. */
async function communityFor(ctx: ServiceContext, db: ServiceContext["db"], communityId: number) {
  const c = await repo.findCommunity(db, communityId);
  if (!c) throw notFound("小区");
  // A county user's region is the county itself: another county's community is refused as such.
  assertCounty(ctx.actor, c.countyId);
  if (ctx.actor.regionPath && !c.path.startsWith(ctx.actor.regionPath)) throw notFound("小区");
  return c;
}

export async function getCommunityMaintenance(ctx: ServiceContext, communityId: number): Promise<CommunityMaintenance> {
  const c = await communityFor(ctx, ctx.db, communityId);
  const years = await repo.yearsOf(ctx.db, communityId);
  const { path: _path, ...community } = c;
  return { community, years: years.map(present), canEdit: can(ctx.actor, "communities.write") };
}

/** Beijing's calendar year now: a year still to come has no record yet. */
const thisYear = () => Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

export async function recordMaintenanceYear(ctx: ServiceContext, communityId: number, year: number, body: RecordMaintenanceYear): Promise<MaintenanceYearRecord> {
  if (year > thisYear()) throw new AppError("VALIDATION_FAILED", `年度：${year}年尚未到来，只能填报今年及以前的管养情况`, [{ row: null, column: "年度", message: `年度：${year}年尚未到来` }]);
  if (body.propertyMode === "none" && body.feeCollectionBp !== null) {
    throw new AppError("VALIDATION_FAILED", "物业费收缴率：无物业管理的小区不填物业费收缴率", [{ row: null, column: "物业费收缴率", message: "物业费收缴率：无物业管理的小区不填物业费收缴率" }]);
  }
  return ctx.db.transaction(async (tx) => {
    const c = await communityFor(ctx, tx, communityId);
    const fields = { propertyMode: body.propertyMode, feeCollectionBp: body.feeCollectionBp, redProperty: body.redProperty, ownersCommittee: body.ownersCommittee };
    const { before } = await updateVersioned(
      tx,
      { table: communityMaintenanceYears, noun: `${year}年度管养记录` },
      {
        where: and(eq(communityMaintenanceYears.communityId, communityId), eq(communityMaintenanceYears.year, year))!,
        expected: body.version,
        actorId: ctx.actor.userId || null,
        set: fields,
        insert: { communityId, year, ...fields },
      },
    );
    // The latest year's record is the community's current state.
    const latest = await repo.latestYear(tx, communityId);
    if (latest === year) await repo.setLatest(tx, communityId, fields);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: before ? "update" : "create",
      entityType: "community_maintenance_year",
      entityId: `${communityId}:${year}`,
      countyId: c.countyId,
      summary: `长效管养填报：${c.name} ${year}年度 ${PROPERTY_MODE_LABEL[body.propertyMode]}，物业费收缴率 ${formatBasisPoints(body.feeCollectionBp)}${body.redProperty ? "，红色物业" : ""}${body.ownersCommittee ? "，已成立业委会" : ""}`,
      before,
      after: fields,
    });
    const [row] = await repo.yearsOf(tx, communityId, year);
    return present(row);
  });
}

/** The share of renovated communities under 专业物业 or 街道社区统管 by county and year, and the trend. */
export async function getMaintenanceTrend(ctx: ServiceContext, q: { fundYearId: number }): Promise<MaintenanceTrend> {
  const { row, fundYear, asOf } = await resolveFundYear(ctx, q.fundYearId);
  const own = countyScope(ctx.actor);
  const counties = (await listFundYearCounties(ctx, q.fundYearId)).filter((c) => own === null || c.id === own);
  const ids = counties.map((c) => c.id);
  const registry = await registryWithRenovation(ctx.db, row.fy, ids, asOf);
  const renovated: (TrendCommunity & { countyId: number })[] = registry
    .filter((c) => c.renovatedYear !== null)
    .map((c) => ({ id: c.id, countyId: c.countyId, households: c.households, renovatedYear: c.renovatedYear }));
  const renovatedIds = new Set(renovated.map((c) => c.id));
  const records = (await repo.recordsOfCounties(ctx.db, ids)).filter((r) => renovatedIds.has(r.communityId));
  const years = yearsOf(records);
  const line = (list: typeof renovated) => {
    const ys = maintenanceYears(list, records, years);
    return { years: ys, trend: trendOf(ys) };
  };
  return {
    fundYear,
    years,
    city: line(renovated),
    counties: counties.map((county) => ({ county: { id: county.id, code: county.code, name: county.name }, ...line(renovated.filter((c) => c.countyId === county.id)) })),
  };
}
