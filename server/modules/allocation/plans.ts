/** Saved allocation plans (分配方案测算结果): computed and stored with their inputs, listed, read, deleted; audited. */
import { canSeeFundYear } from "../../../core/access";
import { formatWan } from "../../../core/money";
import { allocationViewSchema, type AllocationView, type CreatePlanInput, type PlanSummary, type PlanView } from "../../../contracts/allocation";
import type { DbOrTx } from "../../../db/open";
import type { ServiceContext } from "../../context";
import { notFound } from "../../errors";
import { recordAudit } from "../audit/record";
import { computeAllocation } from "./compute-allocation";
import * as repo from "./repository";

function summary(r: repo.PlanRow): PlanSummary {
  return {
    id: r.id,
    name: r.name,
    year: r.year,
    totalFen: r.totalFen,
    schemeCode: r.schemeCode,
    factorBasis: r.factorBasis,
    basisFundYearId: r.basisFundYearId,
    taskId: r.taskId,
    createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(),
  };
}

const present = (r: repo.PlanRow): PlanView => ({ ...summary(r), result: r.result as AllocationView });

/** The plan, when the caller may see its city; else it does not exist for them. */
export async function visiblePlan(ctx: ServiceContext, id: number, db: DbOrTx = ctx.db): Promise<repo.PlanRow> {
  const row = await repo.findPlan(db, id);
  const city = row ? await repo.findRegion(db, row.cityRegionId) : null;
  if (!row || !city || !canSeeFundYear(ctx.actor, city.path)) throw notFound("分配方案测算结果");
  return row;
}

/** Computes and saves a plan with its audit record; `demo`: the demo loader's plan, data like the rest of the demo (not audited). */
export async function createPlan(ctx: ServiceContext, input: CreatePlanInput, options: { demo?: boolean } = {}): Promise<PlanView> {
  const { name, ...req } = input;
  // Computing only reads (through other modules' services, on their own connection); the plan and its
  // audit record are then written together.
  const { view, basis } = await computeAllocation(ctx, req);
  // What is stored is exactly what the contract describes (a jsonb round trip).
  const result = allocationViewSchema.parse(JSON.parse(JSON.stringify(view)));
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertPlan(tx, {
      programmeId: basis.fy.programmeId,
      cityRegionId: basis.fy.regionId,
      year: req.year,
      basisFundYearId: basis.fy.id,
      taskId: view.task?.id ?? null,
      name,
      totalFen: view.totalFen,
      schemeCode: view.scheme.code,
      scheme: view.scheme,
      factorBasis: req.factorBasis,
      result,
      createdBy: ctx.actor.userId || null,
      createdByName: ctx.actor.displayName || ctx.actor.username,
    });
    if (options.demo) return present(row);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "create",
      entityType: "allocation_plan",
      entityId: row.id,
      summary: `保存${basis.regionName}${req.year}年度资金分配测算「${name}」：${view.scheme.name}，合计 ${formatWan(view.totalFen, { grouping: true })} 万元`,
      after: { name, year: req.year, totalFen: view.totalFen, schemeCode: view.scheme.code, factorBasis: req.factorBasis, lines: view.lines.map((l) => ({ countyId: l.countyId, amountFen: l.amountFen })) },
    });
    return present(row);
  });
}

export async function listPlans(ctx: ServiceContext, q: { cityRegionId?: number; year?: number }): Promise<PlanSummary[]> {
  const rows = await repo.listPlans(ctx.db, q);
  const visible: PlanSummary[] = [];
  const paths = new Map<number, string | null>();
  for (const r of rows) {
    if (!paths.has(r.cityRegionId)) paths.set(r.cityRegionId, (await repo.findRegion(ctx.db, r.cityRegionId))?.path ?? null);
    const path = paths.get(r.cityRegionId);
    if (path && canSeeFundYear(ctx.actor, path)) visible.push(summary(r));
  }
  return visible;
}

export async function getPlan(ctx: ServiceContext, id: number): Promise<PlanView> {
  return present(await visiblePlan(ctx, id));
}

export async function deletePlan(ctx: ServiceContext, id: number): Promise<{ ok: true }> {
  await ctx.db.transaction(async (tx) => {
    const row = await visiblePlan(ctx, id, tx);
    await repo.deletePlan(tx, id);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "delete",
      entityType: "allocation_plan",
      entityId: id,
      summary: `删除${row.year}年度资金分配测算「${row.name}」`,
      before: { name: row.name, year: row.year, totalFen: row.totalFen, schemeCode: row.schemeCode },
    });
  });
  return { ok: true };
}
