/**
 * Which projects of a fund year put money of given sources in (居民出资, 专项债券, 银行贷款 …), with the
 * project's total planned investment: the facts behind the report's 资金筹措 paragraphs.
 */
import { scopedCounty, type ServiceContext } from "../../context";
import { listFundYearCounties, resolveFundYear } from "../funds/service";
import * as repo from "./repository";
import { loadSlice } from "./service";

export interface SourceInvestment {
  projectId: number;
  projectName: string;
  countyId: number;
  countyName: string;
  source: string;
  amountFen: number;
  /** The project's 计划总投资. */
  totalFen: number;
}

export async function findSourceInvestments(ctx: ServiceContext, q: { fundYearId: number; sources: string[] }): Promise<SourceInvestment[]> {
  const { fundYear } = await resolveFundYear(ctx, q.fundYearId);
  const countyId = scopedCounty(ctx.actor);
  const [rows, slice, counties] = await Promise.all([
    repo.investmentsOfSources(ctx.db, fundYear.id, q.sources),
    loadSlice(ctx.db, fundYear.id, countyId),
    listFundYearCounties(ctx, fundYear.id),
  ]);
  const projects = new Map(slice.map((p) => [p.row.id, p]));
  const countyName = new Map(counties.map((c) => [c.id, c.name]));
  return rows.flatMap((r) => {
    const p = projects.get(r.projectId);
    if (!p) return [];
    return [{ projectId: r.projectId, projectName: p.row.name, countyId: r.countyId, countyName: countyName.get(r.countyId) ?? "", source: r.source, amountFen: r.amountFen, totalFen: p.funding.totalFen }];
  });
}
