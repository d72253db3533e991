/**
 * The facts of one task's report, through the other modules' services, as of the task's 评价日:
 * the ledger (下达, 支付), the registry (projects, contents, 长效管养), targets and goal, and the scores.
 */
import type { ReportFacts } from "../../../core/report/facts";
import type { TaskDetail } from "../../../contracts/evaluations";
import { SCOPE_MODE_LABEL } from "../../../contracts/evaluations";
import type { ServiceContext } from "../../context";
import { getResults } from "../evaluations/service";
import { getFundsSummary, listFundYearCounties } from "../funds/service";
import { getGoal, getMaintenance, getProjectsSummary, getTargets } from "../projects/service";
import { findSourceInvestments } from "../projects/find-source-investments";
import { findingsForReport } from "../rectification/service";

/** Funding sources the report's 资金筹措 paragraphs name (the demo's and the national list's names). */
const RESIDENTS = "居民出资";
const BANK_LOAN = "银行贷款";
const SPECIAL_BOND = "专项债券";
/** How many co-funded communities the 经验 paragraph names (largest residents' share first). */
const COFUNDED_NAMED = 2;

export async function gatherFacts(ctx: ServiceContext, task: TaskDetail): Promise<ReportFacts> {
  const q = { fundYearId: task.fundYearId };
  const asOf = task.asOf;
  // One after another: several of these run on one transaction when a report is frozen.
  const funds = await getFundsSummary(ctx, { ...q, asOf });
  const projects = await getProjectsSummary(ctx, q);
  const targets = await getTargets(ctx, { ...q, asOf });
  const goal = await getGoal(ctx, q);
  const maintenance = await getMaintenance(ctx, { ...q, scope: "year" });
  const results = await getResults(ctx, task.id);
  const counties = await listFundYearCounties(ctx, task.fundYearId);
  const invested = await findSourceInvestments(ctx, { ...q, sources: [RESIDENTS, BANK_LOAN, SPECIAL_BOND] });
  const findings = await findingsForReport(ctx.db, task.id);

  const cityTargets = targets.scopes.find((s) => s.county === null)?.targets ?? [];
  const actual = (metric: string) => cityTargets.find((t) => t.metric === metric)?.actual ?? null;
  const target = (metric: string) => cityTargets.find((t) => t.metric === metric)?.target ?? undefined;
  const city = results.city;
  const cofunded = invested
    .filter((i) => i.source === RESIDENTS)
    // Largest share first: a·d vs c·b, exactly.
    .sort((a, b) => Number(BigInt(b.amountFen) * BigInt(a.totalFen) - BigInt(a.amountFen) * BigInt(b.totalFen)) || a.projectId - b.projectId)
    .slice(0, COFUNDED_NAMED);
  const sheetPath = (scopeId: number) => `/evaluations/${task.id}/scopes/${scopeId}`;
  const upgrade = projects.byCategory.find((c) => c.category === "upgrade");
  const elevator = projects.byItem.filter((i) => i.item.name.includes("电梯")).reduce((a, i) => a + i.projects, 0);
  const byStatus = projects.city.byStatus;

  return {
    task: { id: task.id, name: task.name, asOf, evaluatorOrg: task.evaluatorOrg, isDemo: task.isDemo },
    fundYear: { id: funds.fundYear.id, year: funds.fundYear.year, region: funds.fundYear.region.name, programme: funds.fundYear.programme, evaluationDate: funds.fundYear.evaluationDate },
    funds: {
      sources: funds.sources
        .map((s) => ({ s, f: funds.bySource.find((b) => b.sourceId === s.id) }))
        .filter((x) => x.f && x.f.allocatedFen > 0)
        .map((x) => ({ id: x.s.id, name: x.s.name, allocatedFen: x.f!.allocatedFen, paidFen: x.f!.paidFen })),
      total: { allocatedFen: funds.total.allocatedFen, paidFen: funds.total.paidFen },
    },
    registry: {
      projects: projects.city.projects,
      accepted: byStatus.accepted + byStatus.settled,
      done: {
        projects: actual("projects"),
        communities: actual("communities"),
        households: actual("households"),
        floorArea: actual("floor_area"),
      },
    },
    targets: { projects: target("projects"), communities: target("communities"), households: target("households"), floor_area: target("floor_area") },
    goal: goal.goals[0]
      ? { name: goal.goals[0].name, endYear: goal.goals[0].endYear, clauses: goal.goals[0].clauses.map((c) => ({ builtBefore: c.city.builtBefore, requiredBp: c.city.requiredBp })) }
      : null,
    counties: counties.length,
    scores: {
      resultsPath: `/evaluations/${task.id}/results`,
      city: city
        ? {
            total: city.total,
            rateBp: city.rateBp,
            grade: city.grade,
            sheetPath: sheetPath(city.scopeId),
            level1: city.level1.map((l) => ({ ...l, children: city.level2.filter((c) => c.parentCode === l.code) })),
          }
        : null,
      counties: results.counties.map((c) => ({
        code: counties.find((x) => x.id === c.regionId)?.code ?? String(c.regionId),
        name: c.name,
        total: c.total,
        mode: SCOPE_MODE_LABEL[c.mode],
        grade: c.grade,
        rank: c.rank,
        sheetPath: sheetPath(c.scopeId),
      })),
    },
    funding: {
      thresholdBp: projects.thresholdBp,
      reaching: projects.city.reachingThreshold,
      bankLoanProjects: new Set(invested.filter((i) => i.source === BANK_LOAN).map((i) => i.projectId)).size,
      bondCounties: counties.filter((c) => invested.some((i) => i.source === SPECIAL_BOND && i.countyId === c.id)).map((c) => c.name),
      cofunded: cofunded.map((i) => ({ id: i.projectId, name: i.projectName, county: i.countyName, residentsFen: i.amountFen, totalFen: i.totalFen })),
    },
    contents: { upgradeProjects: upgrade?.projects ?? 0, elevatorProjects: elevator },
    maintenance: { communities: maintenance.city.communities, managed: maintenance.city.managed, coverageBp: maintenance.city.coverageBp, feeCollectionBp: maintenance.city.feeCollectionBp },
    findings: findings.map((f) => ({ id: f.id, title: f.title, description: f.description, items: f.items.map((i) => ({ ownerLabel: i.ownerLabel, deadline: i.deadline, state: i.state })) })),
  };
}
