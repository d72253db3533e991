/** SQL of the registry imports: what is already recorded (the context) and the writes of a commit. */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import { insertInBatches } from "../../../db/batch";
import {
  communities,
  performanceTargets,
  projectCommunities,
  projectContents,
  projectDetails,
  projectInvestments,
  projects,
  renovationItems,
} from "../../../db/schema";
import { toFen, type Fen } from "../../../core/money";
import { formatQuantity, parseQuantity } from "../../../core/targets";
import { statusFromDates } from "../../../core/registry";
import {
  contentKey,
  targetKey,
  type CommunityRecord,
  type ContentRecord,
  type ExistingCommunity,
  type ExistingContent,
  type ExistingProject,
  type ExistingTarget,
  type ProjectRecord,
  type TargetRecord,
} from "./validate";
import { pushTo } from "../../../core/collections";

const quantityText = (q: string | null) => (q === null ? null : formatQuantity(parseQuantity(q) ?? 0));

export function listItems(db: DbOrTx) {
  return db.select({ id: renovationItems.id, code: renovationItems.code, name: renovationItems.name, category: renovationItems.category, unit: renovationItems.unit }).from(renovationItems).orderBy(renovationItems.sortOrder);
}

export async function existingCommunities(db: DbOrTx, countyIds: number[]): Promise<Map<string, ExistingCommunity>> {
  if (!countyIds.length) return new Map();
  const rows = await db.select().from(communities).where(inArray(communities.countyId, countyIds));
  return new Map(
    rows.map((r) => [
      r.code,
      {
        id: r.id,
        code: r.code,
        countyId: r.countyId,
        name: r.name,
        street: r.street,
        builtYear: r.builtYear,
        buildings: r.buildings,
        households: r.households,
        floorAreaDm2: r.floorAreaDm2,
        propertyMode: r.propertyMode,
        feeCollectionBp: r.feeCollectionBp,
        longitude: r.longitude,
        latitude: r.latitude,
        priorRenovationYear: r.priorRenovationYear,
        note: r.note,
      },
    ]),
  );
}

export async function existingProjects(db: DbOrTx, fundYearId: number): Promise<Map<string, ExistingProject>> {
  const [rows, links, money] = await Promise.all([
    db.select({ p: projects, d: projectDetails }).from(projects).leftJoin(projectDetails, eq(projectDetails.projectId, projects.id)).where(eq(projects.fundYearId, fundYearId)),
    db
      .select({ projectId: projectCommunities.projectId, code: communities.code })
      .from(projectCommunities)
      .innerJoin(communities, eq(communities.id, projectCommunities.communityId))
      .where(eq(projectCommunities.fundYearId, fundYearId)),
    db
      .select({ projectId: projectInvestments.projectId, sourceId: projectInvestments.sourceId, amountFen: projectInvestments.amountFen })
      .from(projectInvestments)
      .innerJoin(projects, eq(projects.id, projectInvestments.projectId))
      .where(eq(projects.fundYearId, fundYearId)),
  ]);
  const codes = new Map<number, string[]>();
  for (const l of links) pushTo(codes, l.projectId, l.code);
  const inv = new Map<number, Map<number, Fen>>();
  for (const m of money) {
    const e = inv.get(m.projectId) ?? new Map<number, Fen>();
    if (m.amountFen) e.set(m.sourceId, toFen(m.amountFen));
    inv.set(m.projectId, e);
  }
  return new Map(
    rows.map(({ p, d }) => [
      p.code,
      {
        id: p.id,
        code: p.code,
        countyId: p.countyId,
        name: p.name,
        batchYear: p.batchYear,
        implementingEntity: p.implementingEntity,
        street: d?.street ?? null,
        description: d?.description ?? null,
        acceptanceResult: d?.acceptanceResult ?? null,
        plannedStartOn: d?.plannedStartOn ?? null,
        actualStartOn: d?.actualStartOn ?? null,
        plannedCompletionOn: d?.plannedCompletionOn ?? null,
        actualCompletionOn: d?.actualCompletionOn ?? null,
        plannedAcceptanceOn: d?.plannedAcceptanceOn ?? null,
        actualAcceptanceOn: d?.actualAcceptanceOn ?? null,
        plannedSettlementOn: d?.plannedSettlementOn ?? null,
        actualSettlementOn: d?.actualSettlementOn ?? null,
        communityCodes: codes.get(p.id) ?? [],
        investments: inv.get(p.id) ?? new Map(),
      },
    ]),
  );
}

export async function existingContents(db: DbOrTx, fundYearId: number): Promise<Map<string, ExistingContent>> {
  const rows = await db
    .select({ c: projectContents, projectCode: projects.code, communityCode: communities.code })
    .from(projectContents)
    .innerJoin(projects, eq(projects.id, projectContents.projectId))
    .leftJoin(communities, eq(communities.id, projectContents.communityId))
    .where(eq(projects.fundYearId, fundYearId));
  return new Map(
    rows.map(({ c, projectCode, communityCode }) => [
      contentKey(projectCode, c.itemId, communityCode),
      { id: c.id, projectCode, itemId: c.itemId, communityCode, quantity: quantityText(c.quantity)!, unit: c.unit, costFen: toFen(c.costFen), note: c.note },
    ]),
  );
}

export async function existingTargets(db: DbOrTx, fundYearId: number): Promise<Map<string, ExistingTarget>> {
  const rows = await db.select().from(performanceTargets).where(eq(performanceTargets.fundYearId, fundYearId));
  return new Map(
    rows.map((t) => [
      targetKey(t.countyId, t.indicator),
      {
        id: t.id,
        countyId: t.countyId,
        indicator: t.indicator,
        metric: t.metric as ExistingTarget["metric"],
        unit: t.unit,
        direction: t.direction,
        targetValue: quantityText(t.targetValue)!,
        manualActual: quantityText(t.manualActual),
        note: t.note,
      },
    ]),
  );
}

// ---- writes ------------------------------------------------------------------------------------

export async function upsertCommunities(tx: DbOrTx, records: CommunityRecord[]) {
  await insertInBatches(records, (batch) =>
    tx
      .insert(communities)
      .values(batch.map(({ op: _op, rowNumber: _row, ...r }) => r))
      .onConflictDoUpdate({
        target: communities.code,
        set: {
          countyId: sql`excluded.county_id`,
          name: sql`excluded.name`,
          street: sql`excluded.street`,
          builtYear: sql`excluded.built_year`,
          buildings: sql`excluded.buildings`,
          households: sql`excluded.households`,
          floorAreaDm2: sql`excluded.floor_area_dm2`,
          propertyMode: sql`excluded.property_mode`,
          feeCollectionBp: sql`excluded.fee_collection_bp`,
          longitude: sql`excluded.longitude`,
          latitude: sql`excluded.latitude`,
          priorRenovationYear: sql`excluded.prior_renovation_year`,
          note: sql`excluded.note`,
          updatedAt: sql`now()`,
        },
      }),
  );
}

/**
 * Writes projects: the ledger's project row (status from the dates), its details, and — when the
 * sheet has those columns — its community links and planned investment, replaced as a whole.
 */
export async function writeProjects(tx: DbOrTx, fundYearId: number, records: ProjectRecord[], existing: Map<string, ExistingProject>) {
  const ids = new Map<string, number>();
  for (const r of records) {
    const fields = { countyId: r.countyId, name: r.name, batchYear: r.batchYear, implementingEntity: r.implementingEntity, status: statusFromDates(r) };
    const known = existing.get(r.code);
    if (known) {
      // A re-import is a write of the project too: an edit based on the earlier version is refused.
      await tx
        .update(projects)
        .set({ ...fields, version: sql`${projects.version} + 1`, updatedAt: new Date(), updatedBy: null })
        .where(eq(projects.id, known.id));
      ids.set(r.code, known.id);
    } else {
      const [row] = await tx.insert(projects).values({ fundYearId, code: r.code, ...fields }).returning({ id: projects.id });
      ids.set(r.code, row.id);
    }
  }
  const details = records.map((r) => ({
    projectId: ids.get(r.code)!,
    street: r.street,
    description: r.description,
    acceptanceResult: r.acceptanceResult,
    plannedStartOn: r.plannedStartOn,
    actualStartOn: r.actualStartOn,
    plannedCompletionOn: r.plannedCompletionOn,
    actualCompletionOn: r.actualCompletionOn,
    plannedAcceptanceOn: r.plannedAcceptanceOn,
    actualAcceptanceOn: r.actualAcceptanceOn,
    plannedSettlementOn: r.plannedSettlementOn,
    actualSettlementOn: r.actualSettlementOn,
  }));
  await insertInBatches(details, (batch) =>
    tx
      .insert(projectDetails)
      .values(batch)
      .onConflictDoUpdate({
        target: projectDetails.projectId,
        set: Object.fromEntries(
          Object.keys(batch[0])
            .filter((k) => k !== "projectId")
            .map((k) => [k, sql.raw(`excluded.${k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase())}`)]),
        ),
      }),
  );
  // Links: release every relinked project's communities first, so one file may move a community.
  const relinked = records.filter((r) => r.communityCodes !== undefined);
  if (relinked.length) {
    await tx.delete(projectCommunities).where(inArray(projectCommunities.projectId, relinked.map((r) => ids.get(r.code)!)));
    const codes = [...new Set(relinked.flatMap((r) => r.communityCodes!))];
    const found = codes.length ? await tx.select({ id: communities.id, code: communities.code }).from(communities).where(inArray(communities.code, codes)) : [];
    const cid = new Map(found.map((c) => [c.code, c.id]));
    const links = relinked.flatMap((r) => r.communityCodes!.map((code) => ({ fundYearId, projectId: ids.get(r.code)!, communityId: cid.get(code)! })));
    await insertInBatches(links, (batch) => tx.insert(projectCommunities).values(batch));
  }
  const refunded = records.filter((r) => r.investments !== undefined);
  if (refunded.length) {
    await tx.delete(projectInvestments).where(inArray(projectInvestments.projectId, refunded.map((r) => ids.get(r.code)!)));
    const rows = refunded.flatMap((r) => [...r.investments!].filter(([, fen]) => fen > 0).map(([sourceId, amountFen]) => ({ projectId: ids.get(r.code)!, sourceId, amountFen })));
    await insertInBatches(rows, (batch) => tx.insert(projectInvestments).values(batch));
  }
}

export async function writeContents(tx: DbOrTx, fundYearId: number, records: ContentRecord[], existing: Map<string, ExistingContent>) {
  const projectIds = new Map(
    (await tx.select({ id: projects.id, code: projects.code }).from(projects).where(eq(projects.fundYearId, fundYearId))).map((p) => [p.code, p.id]),
  );
  const codes = [...new Set(records.map((r) => r.communityCode).filter((c): c is string => !!c))];
  const cid = new Map(
    (codes.length ? await tx.select({ id: communities.id, code: communities.code }).from(communities).where(inArray(communities.code, codes)) : []).map((c) => [c.code, c.id]),
  );
  const fresh: (typeof projectContents.$inferInsert)[] = [];
  for (const r of records) {
    const values = { quantity: r.quantity, unit: r.unit, costFen: r.costFen, note: r.note };
    const known = existing.get(contentKey(r.projectCode, r.itemId, r.communityCode));
    if (known) await tx.update(projectContents).set(values).where(eq(projectContents.id, known.id));
    else fresh.push({ projectId: projectIds.get(r.projectCode)!, itemId: r.itemId, communityId: r.communityCode ? cid.get(r.communityCode)! : null, ...values });
  }
  await insertInBatches(fresh, (batch) => tx.insert(projectContents).values(batch));
}

export async function writeTargets(tx: DbOrTx, fundYearId: number, records: TargetRecord[], existing: Map<string, ExistingTarget>) {
  const fresh: (typeof performanceTargets.$inferInsert)[] = [];
  for (const r of records) {
    const values = { metric: r.metric, unit: r.unit, direction: r.direction, targetValue: r.targetValue, manualActual: r.manualActual, note: r.note };
    const known = existing.get(targetKey(r.countyId, r.indicator));
    if (known) await tx.update(performanceTargets).set(values).where(and(eq(performanceTargets.id, known.id), eq(performanceTargets.fundYearId, fundYearId)));
    else fresh.push({ fundYearId, countyId: r.countyId, indicator: r.indicator, sortOrder: 100 + r.rowNumber, ...values });
  }
  await insertInBatches(fresh, (batch) => tx.insert(performanceTargets).values(batch));
}
