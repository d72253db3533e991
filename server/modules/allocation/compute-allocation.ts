/**
 * Computes an allocation from the database: the counties' registry factors, 财政困难程度系数, scores and
 * grades of the evaluation task, rectification status and the 核减 rule, through the pure core. Nothing
 * is written here; plans.ts saves what this returns.
 */
import { allocate } from "../../../core/allocation/allocate";
import { explainAllocation, meanScore } from "../../../core/allocation/explain";
import { cutReasons, schemeProblems } from "../../../core/allocation/schemes";
import { AllocationError, FACTOR_KEYS, FACTOR_LABEL, FACTOR_UNIT, type AllocationInput, type AllocationScheme, type CountyInput, type FactorKey } from "../../../core/allocation/types";
import { canSeeFundYear } from "../../../core/access";
import { formatDateCn } from "../../../core/dates";
import { describeAmountProblem, readAmount } from "../../../core/money";
import { gradeOf, type GradeScale } from "../../../core/scoring/grades";
import { formatPoints, type Centi } from "../../../core/scoring/points";
import type { AllocationLine, AllocationRequest, AllocationView } from "../../../contracts/allocation";
import { emptyFactors, registryFactors, type CountyFactors } from "../../../db/registry-factors";
import type { DbOrTx } from "../../../db/open";
import type { ServiceContext } from "../../context";
import { AppError, notFound } from "../../errors";
import { getResults, listTasks, visibleTask } from "../evaluations/service";
import { rectificationStatusByCounty } from "../rectification/service";
import { coefficientsForYear } from "./coefficients";
import { readCutRule, schemeOf } from "./schemes";
import * as repo from "./repository";

const invalid = (message: string) => new AppError("VALIDATION_FAILED", message);

/** 5178000 dm² → "51780.00" ㎡, exact. */
export function areaText(dm2: number): string {
  return `${Math.trunc(dm2 / 100)}.${String(dm2 % 100).padStart(2, "0")}`;
}

function factorTexts(f: CountyFactors): Record<FactorKey, string> {
  return { area: areaText(f.areaDm2), households: String(f.households), buildings: String(f.buildings), communities: String(f.communities) };
}

const factorList = (texts: Record<FactorKey, string>) => FACTOR_KEYS.map((key) => ({ key, label: FACTOR_LABEL[key], value: texts[key], unit: FACTOR_UNIT[key] }));

/** The fund year the allocation is based on (the scored year), as the caller may see it. */
export async function basisFundYear(ctx: ServiceContext, db: DbOrTx, id: number) {
  const row = await repo.findFundYear(db, id);
  if (!row || !canSeeFundYear(ctx.actor, row.regionPath)) throw notFound("资金年度");
  return row;
}

export function readTotal(totalWan: string): number {
  const read = readAmount(totalWan, "wan");
  if (!read.ok) throw invalid(`分配总额（万元）：${describeAmountProblem(totalWan, read.problem, "wan")}`);
  if (read.units <= 0) throw invalid("分配总额（万元）应大于 0");
  return read.units;
}

async function factorsOf(db: DbOrTx, basis: repo.FundYearRow, req: AllocationRequest, asOf: string) {
  if (req.factorBasis === "completed") return { factors: await registryFactors(db, basis.fy.id, asOf), note: `因素取${basis.fy.year}年度截至${formatDateCn(asOf)}已完工项目的改造任务` };
  const target = await repo.findFundYearOf(db, { programmeId: basis.fy.programmeId, regionId: basis.fy.regionId, year: req.year });
  const what = `${basis.regionName}${req.year}年度${basis.programme}`;
  if (!target) throw invalid(`因素口径：没有${what}的资金年度，无法按新年度计划改造任务测算；请先开启${req.year}年度并登记项目，或改按评价年度已完成任务（completed）测算`);
  if ((await repo.countProjects(db, target.fy.id)) === 0) throw invalid(`因素口径：${what}还没有登记项目，无法按新年度计划改造任务测算；请先导入项目库，或改按评价年度已完成任务（completed）测算`);
  return { factors: await registryFactors(db, target.fy.id), note: `因素取${req.year}年度项目库登记的计划改造任务` };
}

export interface ComputedAllocation {
  view: AllocationView;
  input: AllocationInput;
  basis: repo.FundYearRow;
}

/** The allocation a request describes, with every explanation column; nothing is saved. */
export async function computeAllocation(ctx: ServiceContext, req: AllocationRequest, db: DbOrTx = ctx.db): Promise<ComputedAllocation> {
  const totalFen = readTotal(req.totalWan);
  const basis = await basisFundYear(ctx, db, req.basisFundYearId);
  if (req.year <= basis.fy.year) throw invalid(`分配年度（${req.year}）应晚于评价年度（${basis.fy.year}）`);
  const schemeRow = await schemeOf(db, req.schemeCode);
  const scheme = schemeRow.definition as AllocationScheme;
  const schemeIssues = schemeProblems(scheme);
  if (schemeIssues.length) throw invalid(`分配方案「${schemeRow.name}」有误：${schemeIssues.join("；")}`);
  const cut = await readCutRule(db);
  const notes: string[] = [];

  // The evaluation task whose county scores are used: the one named, or the latest of the basis year.
  const tasks = await listTasks(ctx, { fundYearId: basis.fy.id });
  const task = req.taskId === undefined ? (tasks[0] ?? null) : tasks.find((t) => t.id === req.taskId);
  if (task === undefined) throw invalid(`评价任务（编号 ${req.taskId}）不是${basis.regionName}${basis.fy.year}年度的评价任务`);
  const scores = new Map<number, { total: Centi; grade: string }>();
  let scale: GradeScale | null = null;
  if (task) {
    // The scores need every sheet computed once; the grade scale is the task row's (no second computation).
    const results = await getResults(ctx, task.id);
    for (const c of results.counties) scores.set(c.regionId, { total: c.total, grade: c.grade });
    scale = (await visibleTask(ctx, task.id)).task.gradeScale as GradeScale;
    if (results.live) notes.push(`评价任务「${task.name}」尚未定稿，得分为实时结果，定稿后可能变化`);
  } else notes.push(`${basis.fy.year}年度没有评价任务，绩效部分没有得分可依`);
  const rectification = task ? await rectificationStatusByCounty(db, task.id) : new Map<number, { overdue: number; returned: number; open: number; accepted: number }>();

  const { factors, note } = await factorsOf(db, basis, req, task?.asOf ?? basis.fy.evaluationDate);
  notes.push(note);
  const counties = await repo.countiesOf(db, basis.fy.regionId, [...factors.keys(), ...scores.keys()]);
  const coefficients = await coefficientsForYear(db, basis.fy.regionId, req.year, counties);
  const missing = coefficients.filter((c) => !c.recorded).map((c) => c.name);
  if (missing.length) notes.push(`${missing.join("、")}未录入${req.year}年度财政困难程度系数，按 1 计算`);

  const overrides = new Map<number, Centi>();
  for (const o of req.scoreOverrides ?? []) {
    if (!counties.some((c) => c.id === o.countyId)) throw invalid(`测算得分：县区（编号 ${o.countyId}）不在${basis.regionName}的分配名单中`);
    overrides.set(o.countyId, o.score);
  }
  const regrade = (score: Centi) => (scale ? gradeOf(scale, score) : null);

  const inputs: CountyInput[] = counties.map((c, i) => {
    const actual = scores.get(c.id) ?? null;
    const override = overrides.get(c.id);
    const score = override ?? actual?.total ?? null;
    const grade = override !== undefined ? regrade(override) : (actual?.grade ?? null);
    const r = rectification.get(c.id);
    return {
      countyId: c.id,
      name: c.name,
      factors: factorTexts(factors.get(c.id) ?? emptyFactors()),
      difficulty: coefficients[i].coefficient,
      score,
      grade,
      cutReasons: cutReasons(cut, { grade, overdueItems: r?.overdue ?? 0, returnedItems: r?.returned ?? 0 }),
    };
  });
  for (const [id, score] of overrides) {
    const c = inputs.find((x) => x.countyId === id)!;
    notes.push(`测算：${c.name}得分按 ${formatPoints(score, { fixed: true })} 分计算（${c.grade ?? "无等级"}）`);
  }
  const unscored = inputs.filter((c) => c.score === null).map((c) => c.name);
  if (task && unscored.length) notes.push(`${unscored.join("、")}在评价任务中没有得分，绩效部分按 0 计`);

  const input: AllocationInput = { totalFen, scheme, cut, counties: inputs };
  let result, explained;
  try {
    result = allocate(input);
    explained = explainAllocation(input, scale ? (s) => gradeOf(scale, s) : undefined);
  } catch (e) {
    if (e instanceof AllocationError) throw invalid(e.message);
    throw e;
  }
  notes.push(...result.notes);

  const lines: AllocationLine[] = inputs.map((c, i) => {
    const line = result.lines[i];
    const ex = explained[i];
    const r = rectification.get(c.countyId) ?? { overdue: 0, returned: 0, open: 0, accepted: 0 };
    return {
      countyId: c.countyId,
      name: c.name,
      factors: factorList(c.factors),
      difficulty: c.difficulty,
      score: c.score,
      actualScore: scores.get(c.countyId)?.total ?? null,
      scoreOverridden: overrides.has(c.countyId),
      grade: c.grade,
      rectification: { overdue: r.overdue, returned: r.returned, open: r.open, accepted: r.accepted },
      cutReasons: c.cutReasons,
      factorFen: line.factorFen,
      performanceFen: line.performanceFen,
      computedFen: line.computedFen,
      cutFen: line.cutFen,
      amountFen: line.amountFen,
      shareBp: line.shareBp,
      atMeanScoreFen: ex.atMeanScoreFen,
      withoutPerformanceFen: ex.withoutPerformanceFen,
      movedByScoreFen: ex.movedByScoreFen,
    };
  });
  const sum = (f: (l: AllocationLine) => number) => lines.reduce((a, l) => a + f(l), 0);
  const factorSums = emptyFactors();
  for (const c of counties) {
    const f = factors.get(c.id);
    if (!f) continue;
    factorSums.areaDm2 += f.areaDm2;
    factorSums.households += f.households;
    factorSums.buildings += f.buildings;
    factorSums.communities += f.communities;
  }
  const view: AllocationView = {
    year: req.year,
    totalFen,
    programme: { id: basis.fy.programmeId, name: basis.programme },
    city: { id: basis.fy.regionId, name: basis.regionName },
    basisFundYear: { id: basis.fy.id, year: basis.fy.year, evaluationDate: basis.fy.evaluationDate },
    factorBasis: req.factorBasis,
    scheme: { code: schemeRow.code, name: schemeRow.name, revision: schemeRow.revision, definition: scheme },
    cutRule: cut,
    task: task ? { id: task.id, name: task.name } : null,
    meanScore: meanScore(input),
    lines,
    totals: {
      factors: factorList(factorTexts(factorSums)),
      factorFen: sum((l) => l.factorFen),
      performanceFen: sum((l) => l.performanceFen),
      computedFen: sum((l) => l.computedFen),
      cutFen: sum((l) => l.cutFen),
      amountFen: sum((l) => l.amountFen),
      atMeanScoreFen: sum((l) => l.atMeanScoreFen),
      withoutPerformanceFen: sum((l) => l.withoutPerformanceFen),
    },
    notes,
  };
  return { view, input, basis };
}

/** POST /allocation/preview: the allocation of a request with its explanation; nothing saved. */
export async function previewAllocation(ctx: ServiceContext, req: AllocationRequest): Promise<AllocationView> {
  return (await computeAllocation(ctx, req)).view;
}
