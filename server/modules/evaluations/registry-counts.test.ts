/**
 * The registry counts the metrics read are counted in SQL (repository.registryCountsByCounty); they must
 * equal core's registryCounts over the same projects and communities, for every county and the whole
 * city, on any 评价日 — including dates exactly at and one day past the grace of 开工/完工及时, unset
 * dates and projects without communities.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { communities, fundYears, projectCommunities, projectDetails, projects } from "../../../db/schema";
import { communityTotals, registryCounts, TIMELINESS_GRACE_DAYS, type RegistryCounts, type RegistryProject } from "../../../core/scoring/registry-counts";
import { createTestDb, engine, type TestDb } from "../../../test/db";
import { pushTo } from "../../../core/collections";
import * as repo from "./repository";

let t: TestDb;
let fundYearId: number;

beforeAll(async () => {
  t = await createTestDb({ demo: true });
  [{ id: fundYearId }] = await t.db.select({ id: fundYears.id }).from(fundYears).limit(1);
});
afterAll(() => t.destroy());

const plus = (iso: string, days: number) => new Date(Date.parse(iso + "T00:00:00Z") + days * 86_400_000).toISOString().slice(0, 10);

/** core's counts per county, from every project and community row read plainly. */
async function coreCounts(asOf: string): Promise<Map<number, RegistryCounts>> {
  const rows = await t.db
    .select({ id: projects.id, countyId: projects.countyId, d: projectDetails })
    .from(projects)
    .leftJoin(projectDetails, eq(projectDetails.projectId, projects.id))
    .where(eq(projects.fundYearId, fundYearId));
  const links = await t.db
    .select({ projectId: projectCommunities.projectId, households: communities.households, floorAreaDm2: communities.floorAreaDm2, propertyMode: communities.propertyMode })
    .from(projectCommunities)
    .innerJoin(communities, eq(communities.id, projectCommunities.communityId))
    .where(eq(projectCommunities.fundYearId, fundYearId));
  const byProject = new Map<number, typeof links>();
  for (const l of links) pushTo(byProject, l.projectId, l);
  const byCounty = new Map<number, RegistryProject[]>();
  for (const r of rows) {
    pushTo(byCounty, r.countyId, {
      plannedStartOn: r.d?.plannedStartOn ?? null,
      actualStartOn: r.d?.actualStartOn ?? null,
      plannedCompletionOn: r.d?.plannedCompletionOn ?? null,
      actualCompletionOn: r.d?.actualCompletionOn ?? null,
      actualAcceptanceOn: r.d?.actualAcceptanceOn ?? null,
      acceptanceResult: r.d?.acceptanceResult ?? null,
      communities: communityTotals(byProject.get(r.id) ?? []),
    });
  }
  return new Map([...byCounty].map(([id, list]) => [id, registryCounts(list, asOf)]));
}

describe(`registry counts in SQL equal core's (${engine})`, () => {
  it("on the demo registry, at the grace boundaries and with unset dates, on several 评价日", async () => {
    const list = await t.db
      .select({ id: projects.id, d: projectDetails })
      .from(projects)
      .innerJoin(projectDetails, eq(projectDetails.projectId, projects.id))
      .where(eq(projects.fundYearId, fundYearId))
      .orderBy(projects.id);
    const planned = list.filter((p) => p.d.plannedStartOn && p.d.plannedCompletionOn);
    expect(planned.length).toBeGreaterThan(8);
    // Push some projects onto the edges core decides on: exactly the grace, one day past it, not started.
    const edits: { id: number; set: Partial<typeof projectDetails.$inferInsert> }[] = [
      { id: planned[0].id, set: { actualStartOn: plus(planned[0].d.plannedStartOn!, TIMELINESS_GRACE_DAYS) } },
      { id: planned[1].id, set: { actualStartOn: plus(planned[1].d.plannedStartOn!, TIMELINESS_GRACE_DAYS + 1) } },
      { id: planned[2].id, set: { actualStartOn: null, actualCompletionOn: null, actualAcceptanceOn: null, acceptanceResult: null } },
      { id: planned[3].id, set: { actualCompletionOn: plus(planned[3].d.plannedCompletionOn!, TIMELINESS_GRACE_DAYS) } },
      { id: planned[4].id, set: { actualCompletionOn: plus(planned[4].d.plannedCompletionOn!, TIMELINESS_GRACE_DAYS + 1) } },
      { id: planned[5].id, set: { acceptanceResult: "unqualified" } },
    ];
    for (const e of edits) await t.db.update(projectDetails).set(e.set).where(eq(projectDetails.projectId, e.id));
    // A project with no communities and no details at all.
    const [bare] = await t.db
      .insert(projects)
      .values({ fundYearId, countyId: (await t.db.select({ c: projects.countyId }).from(projects).limit(1))[0].c, code: "TEST-BARE", name: "无小区项目", batchYear: 2021 })
      .returning({ id: projects.id });
    expect(bare.id).toBeGreaterThan(0);

    const days = new Set<string>(["2021-01-01", "2021-10-19", "2022-06-30", "2030-12-31"]);
    for (const e of edits.slice(0, 2)) days.add(plus(planned[edits.indexOf(e)].d.plannedStartOn!, TIMELINESS_GRACE_DAYS));
    for (const asOf of days) {
      const expected = await coreCounts(asOf);
      const counted = await repo.registryCountsByCounty(t.db, fundYearId, asOf);
      expect(Object.fromEntries(counted), asOf).toEqual(Object.fromEntries(expected));
      // one county alone reads the same figures
      const [countyId] = expected.keys();
      expect((await repo.registryCountsByCounty(t.db, fundYearId, asOf, countyId)).get(countyId), `${asOf} 单县`).toEqual(expected.get(countyId));
    }
  });
});
