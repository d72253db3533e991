/**
 * 项目库汇总: per county and for the city — projects by status, communities, households, area, the
 * funding mix with the projects reaching the non-fiscal threshold, money by source, contents by class
 * and item. Aggregated in SQL by county and status (repository summaryByCountyStatus), so the time
 * follows the rows, never rows × counties; a county user's request reads only that county's rows. Cached as a derived figure
 * (server/derived.ts) under the versions of every table it reads.
 */
import { countyScope } from "../../../core/access";
import { NON_FISCAL_THRESHOLD_BP, type Contribution } from "../../../core/funding";
import { PROJECT_STATUSES, RENOVATION_CATEGORIES } from "../../../core/registry";
import { sumFen } from "../../../core/money";
import type { ProjectsSummary } from "../../../contracts/projects";
import { scopedCounty, type ServiceContext } from "../../context";
import { derived, type TrackedTable } from "../../derived";
import { listCounties } from "../../../db/queries/reference";
import { resolveFundYear } from "../funds/service";
import { presentFunding } from "./presenter";
import * as repo from "./repository";

/** Every table the summary reads (its grouped queries, contentRows, listCounties). */
export const PROJECTS_SUMMARY_TABLES: readonly TrackedTable[] = [
  "projects",
  "project_investments",
  "funding_sources",
  "project_communities",
  "communities",
  "project_contents",
  "renovation_items",
  "regions",
];

type Line = ProjectsSummary["city"];
type Status = (typeof PROJECT_STATUSES)[number];

type Group = Awaited<ReturnType<typeof repo.summaryByCountyStatus>>[number];

/** Adds (county, status) groups; `done()` gives the line of everything added. */
function lineBuilder() {
  const byStatus = Object.fromEntries(PROJECT_STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const contributions: Contribution[] = [];
  let projects = 0;
  let communities = 0;
  let households = 0;
  let floorAreaDm2 = 0;
  let reachingThreshold = 0;
  return {
    add(g: Group) {
      projects += g.projects;
      byStatus[g.status as Status] += g.projects;
      communities += g.communities;
      households += g.households;
      floorAreaDm2 += g.floorAreaDm2;
      contributions.push({ category: "fiscal", amountFen: g.fiscalFen }, { category: "non_fiscal", amountFen: g.nonFiscalFen });
      reachingThreshold += g.reaching;
    },
    done(): Line {
      return { projects, communities, households, floorAreaDm2, funding: presentFunding(contributions), reachingThreshold, byStatus };
    },
  };
}

/** Per county and for the city: projects, communities, households, area, money and contents. */
export async function getProjectsSummary(ctx: ServiceContext, q: { fundYearId: number; countyId?: number }): Promise<ProjectsSummary> {
  const { db } = ctx;
  const { row, fundYear, asOf } = await resolveFundYear(ctx, q.fundYearId);
  const countyId = scopedCounty(ctx.actor, q.countyId);
  const own = countyScope(ctx.actor);
  const figures = await derived(
    db,
    `projects.summary:${fundYear.id}:${row.fy.regionId}:${countyId ?? "all"}:${own ?? "all"}`,
    { tables: PROJECTS_SUMMARY_TABLES, fundYearId: fundYear.id },
    async () => {
      const [all, groups, bySource, contents] = await Promise.all([
        listCounties(db, row.fy.regionId),
        repo.summaryByCountyStatus(db, fundYear.id, NON_FISCAL_THRESHOLD_BP, countyId),
        repo.investmentsBySource(db, fundYear.id, countyId),
        repo.contentRows(db, fundYear.id, countyId),
      ]);
      const counties = own === null ? all : all.filter((c) => c.id === own);
      const shown = countyId === undefined ? counties : counties.filter((c) => c.id === countyId);
      const city = lineBuilder();
      const byCounty = new Map(shown.map((c) => [c.id, lineBuilder()]));
      for (const g of groups) {
        city.add(g);
        byCounty.get(g.countyId)?.add(g);
      }
      const items = new Map<number, { item: ProjectsSummary["byItem"][number]["item"]; projects: Set<number>; costFen: number }>();
      const classes = new Map(RENOVATION_CATEGORIES.map((category) => [category, { projects: new Set<number>(), items: 0, costs: [] as number[] }]));
      for (const c of contents) {
        const e = items.get(c.itemId) ?? { item: { id: c.itemId, code: c.itemCode, name: c.itemName, category: c.category }, projects: new Set<number>(), costFen: 0 };
        e.projects.add(c.projectId);
        e.costFen += c.costFen;
        items.set(c.itemId, e);
        const k = classes.get(c.category);
        if (k) {
          k.projects.add(c.projectId);
          k.items++;
          k.costs.push(c.costFen);
        }
      }
      return {
        thresholdBp: NON_FISCAL_THRESHOLD_BP,
        counties: shown.map((c) => ({ county: c, ...byCounty.get(c.id)!.done() })),
        city: city.done(),
        bySource,
        byCategory: RENOVATION_CATEGORIES.map((category) => {
          const k = classes.get(category)!;
          return { category, projects: k.projects.size, items: k.items, costFen: sumFen(k.costs) };
        }),
        byItem: [...items.values()].map((e) => ({ item: e.item, projects: e.projects.size, costFen: e.costFen })),
      };
    },
  );
  return { fundYear, asOf, ...figures };
}
