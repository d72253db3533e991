/**
 * The demo evaluation: 2021年度老旧小区改造补助资金 scored by a third-party firm, in the 县区意见反馈
 * stage. Computed leaves take their values from the demo ledger and registry (the city's 预算执行率 is
 * the ledger's 81.24%, 居民满意度 the survey's response rows); the evaluator's entries — manual scores
 * with their 扣分原因, the problems found — are data chosen so that the city sheet gives the seed's Table 1 and chapter 四
 * figures and each county sheet its Table 2 score. Which leaf loses how much beyond what the seed
 * prints is synthetic (示例数据).
 */
import type { DbOrTx } from "../open";
import { evaluationComments, evaluationEntries, evaluationScopes, evaluationTasks, users } from "../schema";
import { ensureEvaluationBuiltIns } from "../builtins/evaluations";
import { DEFAULT_GRADE_SCALE } from "../../core/scoring/grades";
import { DEFAULT_TEMPLATE, DEFAULT_TEMPLATE_NAME } from "../../core/scoring/default-template";
import { leavesOf, type IndicatorNode } from "../../core/scoring/template";
import { scoreLeaf } from "../../core/scoring/rules";
import { formatPoints, type Centi, type Fraction } from "../../core/scoring/points";
import { addCounts, communityTotals, completionFraction, registryCounts, registryRates, type RegistryCounts, type RegistryProject } from "../../core/scoring/registry-counts";
import { apportion } from "../../core/money";
import { parseQuantity } from "../../core/targets";
import { seededRandom, type Random } from "./random";
import { DEMO_COUNTIES, DEMO_EVALUATION_DATE, type DemoLedger } from "./linyi";
import { buildDemoRegistry, type DemoRegistry } from "./projects";
import { DEMO_COUNTY_USERS } from "./users";
import { loadDemoSurvey, type DemoCountySurvey } from "./survey";
import { loadDemoRectification } from "./rectification";
import { pushTo } from "../../core/collections";

export const DEMO_EVALUATOR_ORG = "山东明信绩效评价咨询有限公司（示例）";
export const DEMO_TASK_NAME = "2021年度老旧小区改造补助资金全周期跟踪问效";

/** The seed's Table 2: score and mode of each county, in its order. */
export const DEMO_TABLE2: { county: string; total: Centi; mode: "onsite" | "offsite" }[] = [
  { county: "兰山区", total: 9308, mode: "onsite" },
  { county: "罗庄区", total: 9354, mode: "onsite" },
  { county: "河东区", total: 9085, mode: "onsite" },
  { county: "沂南县", total: 9150, mode: "offsite" },
  { county: "郯城县", total: 8950, mode: "onsite" },
  { county: "沂水县", total: 8751, mode: "offsite" },
  { county: "兰陵县", total: 8847, mode: "onsite" },
  { county: "平邑县", total: 8400, mode: "offsite" },
  { county: "费县", total: 8950, mode: "onsite" },
  { county: "莒南县", total: 8550, mode: "offsite" },
  { county: "蒙阴县", total: 9097, mode: "offsite" },
  { county: "临沭县", total: 8993, mode: "onsite" },
];

/** The seed's Table 1 and chapter 四: the city sheet's level-1 and level-2 scores. */
export const DEMO_TABLE1 = {
  total: 9002,
  level1: { decision: 1909, process: 1622, output: 4166, outcome: 1305 },
  level2: {
    "decision.approval": 300,
    "decision.target": 400,
    "decision.input": 1209,
    "process.funds": 1322,
    "process.org": 300,
    "outcome.social": 370,
    "outcome.sustain": 277,
    "outcome.satisfaction": 658,
  },
} as const;

/** The city's survey summary (问卷汇总): 1,128 of 1,200 valid questionnaires satisfied = 94% → 7 × 94% = 6.58. */
const CITY_SURVEY = { satisfied: 1128, answers: 1200 };

export interface DemoEntry {
  code: string;
  value?: Fraction;
  manualScore?: Centi;
  reason?: string;
  note?: string;
}

export interface DemoScopePlan {
  county: string | null;
  mode: "onsite" | "offsite";
  entries: DemoEntry[];
}

export interface DemoComment {
  county: string;
  code: string;
  side: "county" | "evaluator";
  body: string;
  /** Minutes after the first reply, to keep the thread in order. */
  at: number;
}

export interface DemoEvaluation {
  scopes: DemoScopePlan[];
  comments: DemoComment[];
  /** Each county's questionnaires and satisfied ones: the survey's response rows give exactly these. */
  survey: DemoCountySurvey[];
}

// ---- the metric values the server will compute, from the same demo data -------------------

interface ScopeFigures {
  execution: Fraction | null;
  arrival: Fraction | null;
  counts: RegistryCounts;
  targets: Map<string, number | null>;
}

function figuresOf(ledger: DemoLedger, registry: DemoRegistry, asOf: string): Map<string | null, ScopeFigures> {
  const allocated = new Map<string, { asOf: number; all: number }>();
  for (const a of ledger.allocations) {
    const x = allocated.get(a.county) ?? { asOf: 0, all: 0 };
    x.all += a.amountFen;
    if (a.allocatedOn <= asOf) x.asOf += a.amountFen;
    allocated.set(a.county, x);
  }
  const paid = new Map<string, number>();
  for (const p of ledger.payments) if (p.paidOn <= asOf) paid.set(p.county, (paid.get(p.county) ?? 0) + p.amountFen);

  const countyOf = new Map(ledger.projects.map((p) => [p.code, p.county]));
  const communities = new Map(registry.communities.map((c) => [c.code, c]));
  const projectsByCounty = new Map<string, RegistryProject[]>();
  for (const plan of registry.plans) {
    const county = countyOf.get(plan.project)!;
    const rp: RegistryProject = {
      ...plan.dates,
      communities: communityTotals(
        plan.communities.map((code) => {
          const c = communities.get(code)!;
          return { households: c.households, floorAreaDm2: c.floorAreaDm2, propertyMode: c.propertyMode };
        }),
      ),
    };
    pushTo(projectsByCounty, county, rp);
  }
  const targetsOf = (county: string | null) =>
    new Map(
      (["projects", "communities", "households", "floor_area"] as const).map((m) => {
        const t = registry.targets.find((x) => x.county === county && x.metric === m);
        return [m, t ? parseQuantity(t.value) : null];
      }),
    );

  const out = new Map<string | null, ScopeFigures>();
  const countyCounts: RegistryCounts[] = [];
  let cityAlloc = { asOf: 0, all: 0 };
  let cityPaid = 0;
  for (const c of DEMO_COUNTIES) {
    const a = allocated.get(c.name) ?? { asOf: 0, all: 0 };
    const p = paid.get(c.name) ?? 0;
    cityAlloc = { asOf: cityAlloc.asOf + a.asOf, all: cityAlloc.all + a.all };
    cityPaid += p;
    const counts = registryCounts(projectsByCounty.get(c.name) ?? [], asOf);
    countyCounts.push(counts);
    out.set(c.name, {
      execution: a.asOf ? { num: p, den: a.asOf } : null,
      arrival: a.all ? { num: a.asOf, den: a.all } : null,
      counts,
      targets: targetsOf(c.name),
    });
  }
  out.set(null, {
    execution: { num: cityPaid, den: cityAlloc.asOf },
    arrival: { num: cityAlloc.asOf, den: cityAlloc.all },
    counts: addCounts(countyCounts),
    targets: targetsOf(null),
  });
  return out;
}

/** The figure each metric-bound leaf of the default template reads, as the server's registry computes it. */
function metricValue(f: ScopeFigures, metric: string): Fraction | null {
  const rates = registryRates(f.counts);
  switch (metric) {
    case "ledger.executionRate":
      return f.execution;
    case "ledger.arrivalRate":
      return f.arrival;
    case "registry.projectCompletion":
      return completionFraction(f.counts, "projects", f.targets.get("projects") ?? null);
    case "registry.communityCompletion":
      return completionFraction(f.counts, "communities", f.targets.get("communities") ?? null);
    case "registry.householdCompletion":
      return completionFraction(f.counts, "households", f.targets.get("households") ?? null);
    case "registry.areaCompletion":
      return completionFraction(f.counts, "floor_area", f.targets.get("floor_area") ?? null);
    case "registry.acceptanceRate":
      return rates.acceptance;
    case "registry.startTimeliness":
      return rates.startTimeliness;
    case "registry.finishTimeliness":
      return rates.finishTimeliness;
    case "registry.propertyCoverage":
      return rates.propertyCoverage;
    default:
      return null;
  }
}

// ---- the evaluator's reasons ----------------------------------------------------------------

/** Reasons an evaluator writes, per manual leaf; {x} is the deduction. */
const REASONS: Record<string, string[]> = {
  "decision.approval.basis": ["个别项目前期摸底调查资料不完整，改造必要性论证不够充分，扣{x}分。"],
  "decision.approval.procedure": ["部分项目居民改造意愿征询书签字比例资料未归档，立项程序资料不完整，扣{x}分。", "个别项目先行施工后补办审批手续，扣{x}分。"],
  "decision.target.reasonable": ["县级绩效目标未结合改造任务量和资金规模细化测算，目标值偏保守，扣{x}分。"],
  "decision.target.clear": ["绩效指标中缺少成本指标和可持续影响指标，部分指标未量化，扣{x}分。"],
  "decision.input.budgeting": [
    "项目预算编制未充分考虑工程结算周期，预算安排与当年实际支出需求匹配度不高，扣{x}分。",
    "部分项目概算编制依据不充分，实施中调整较大，扣{x}分。",
  ],
  "process.funds.compliance": [
    "抽查发现部分支付凭证附件不齐全、拨付审批手续不完备，扣{x}分。",
    "个别项目工程款支付未严格按合同约定进度执行，扣{x}分。",
  ],
  "process.org.rules": ["未制定县级老旧小区改造项目质量安全管理细则，扣{x}分。"],
  "process.org.execution": ["抽查项目中部分监理日志记录不完整、隐蔽工程验收资料缺失，扣{x}分。", "个别项目未严格执行竣工验收备案制度，扣{x}分。"],
  "output.cost.control": ["部分项目结算超出批复概算且未履行调整审批程序，扣{x}分。", "个别项目单位面积改造成本明显偏高，未作合理说明，扣{x}分。"],
  "outcome.social.living": ["个别小区改造后仍存在路面积水、线缆未入地等问题，扣{x}分。"],
  "outcome.social.participation": [
    "居民、原产权单位、专营单位等社会力量出资占比在20%及以上的项目较少，对财政资金依赖程度较高，扣{x}分。",
  ],
  "outcome.sustain.mechanism": [
    "改造后部分小区物业费收取困难，物业企业难以收支平衡，长效管养机制尚不健全，扣{x}分。",
    "部分小区尚未成立业主委员会或物业管理委员会，后续管理责任不明确，扣{x}分。",
  ],
};

/** Where an evaluator tends to take points off a county, and how readily (relative weights). */
const DEDUCTION_PREFERENCE: [string, number][] = [
  ["decision.input.budgeting", 5],
  ["process.funds.compliance", 4],
  ["outcome.sustain.mechanism", 4],
  ["outcome.social.participation", 4],
  ["output.cost.control", 3],
  ["process.org.execution", 2],
  ["outcome.social.living", 1],
  ["decision.target.clear", 1],
  ["decision.target.reasonable", 1],
  ["decision.approval.procedure", 1],
  ["process.org.rules", 1],
];

const reason = (rnd: Random, code: string, lost: Centi) => rnd.pick(REASONS[code] ?? ["存在不足，扣{x}分。"]).replace("{x}", formatPoints(lost, { fixed: true }));

const LEAVES = leavesOf(DEFAULT_TEMPLATE.nodes).map((l) => l.node);
const leaf = (code: string): IndicatorNode => LEAVES.find((n) => n.code === code)!;
const score = (code: string, facts: { value?: Fraction | null; manual?: Centi | null }) => {
  const n = leaf(code);
  return scoreLeaf(n.rule!, n.weight, facts, n.unit).score ?? 0;
};

/** Scores of the metric-bound leaves of a scope. */
function metricScores(f: ScopeFigures): Map<string, Centi> {
  const out = new Map<string, Centi>();
  for (const n of LEAVES) if (n.source?.kind === "metric") out.set(n.code, score(n.code, { value: metricValue(f, n.source.metric) }));
  return out;
}

const sum = (xs: Iterable<number>) => [...xs].reduce((a, b) => a + b, 0);
const under = (prefix: string, scores: Map<string, Centi>) => sum([...scores].filter(([c]) => c.startsWith(prefix + ".")).map(([, s]) => s));

// ---- the city sheet: the seed's figures ------------------------------------------------------

function cityPlan(f: ScopeFigures): DemoScopePlan {
  const rnd = seededRandom(2022_07_01);
  const m = metricScores(f);
  const entries: DemoEntry[] = [];
  const manual = (code: string, s: Centi, why?: string) => {
    const n = leaf(code);
    const lost = n.weight - s;
    entries.push({ code, manualScore: s, reason: lost > 0 ? (why ?? reason(rnd, code, lost)) : undefined });
  };
  const t = DEMO_TABLE1.level2;
  // 决策: 项目立项 3, 绩效目标 4 in full; 资金投入 12.09 = 资金分配合理性 (2 problems × 0.5) 6 + 预算编制科学性 6.09.
  for (const code of ["decision.approval.basis", "decision.approval.procedure", "decision.target.reasonable", "decision.target.clear"]) manual(code, leaf(code).weight);
  entries.push({
    code: "decision.input.allocation",
    value: { num: 2, den: 1 },
    reason: "市级资金在县区间分配时，对改造任务量差异和县级配套能力考虑不足；个别县区资金下达后二次分配至项目不及时。",
    note: "查阅市级资金分配文件及县区分配台账",
  });
  manual("decision.input.budgeting", t["decision.input"] - score("decision.input.allocation", { value: { num: 2, den: 1 } }), undefined);
  // 过程: 资金管理 13.22 = 资金到位率 + 预算执行率 (from the ledger) + 资金使用合规性.
  manual("process.funds.compliance", t["process.funds"] - m.get("process.funds.arrival")! - m.get("process.funds.execution")!);
  manual("process.org.rules", leaf("process.org.rules").weight);
  manual("process.org.execution", leaf("process.org.execution").weight);
  // 产出 41.66: the registry's leaves, and 成本控制 for the rest.
  manual("output.cost.control", DEMO_TABLE1.level1.output - under("output", m));
  // 效益: 社会效益 3.70, 可持续影响 2.77 (物业覆盖率 from the registry + 长效管护机制), 满意度 6.58.
  manual("outcome.social.living", leaf("outcome.social.living").weight);
  manual("outcome.social.participation", t["outcome.social"] - leaf("outcome.social.living").weight);
  manual("outcome.sustain.mechanism", t["outcome.sustain"] - m.get("outcome.sustain.property")!);
  return { county: null, mode: "onsite", entries };
}

// ---- county sheets: Table 2 ------------------------------------------------------------------

function countyPlans(figures: Map<string | null, ScopeFigures>): { plans: DemoScopePlan[]; survey: DemoCountySurvey[] } {
  const rnd = seededRandom(2022_07_02);
  // Survey: 1,200 answers split by households; the 72 not satisfied lean toward the lower-scoring counties.
  const households = DEMO_COUNTIES.map((c) => Math.max(1, figures.get(c.name)!.counts.householdsDone));
  const answers = apportion(CITY_SURVEY.answers, households);
  const unhappy = apportion(
    CITY_SURVEY.answers - CITY_SURVEY.satisfied,
    DEMO_TABLE2.map((r, i) => answers[i] * (800 + (9354 - r.total))),
  );
  const plans: DemoScopePlan[] = [];
  const survey: DemoCountySurvey[] = [];
  DEMO_TABLE2.forEach((row, i) => {
    const f = figures.get(row.county)!;
    const m = metricScores(f);
    const entries: DemoEntry[] = [];
    const sat = { num: answers[i] - unhappy[i], den: answers[i] };
    // 居民满意度 is computed from the survey's response rows (survey.ts), which give exactly this split.
    survey.push({ county: row.county, mode: row.mode, satisfied: sat.num, answers: sat.den });
    // 资金分配合理性: the counties further down the table had a problem or two in passing money on to projects.
    const problems = row.total < 8600 ? 2 : row.total < 9000 ? 1 : 0;
    entries.push({
      code: "decision.input.allocation",
      value: { num: problems, den: 1 },
      reason: problems ? `县级资金二次分配至项目不及时，${problems > 1 ? "2个批次" : "1个批次"}资金滞留县级财政超过规定时限。` : undefined,
      note: "查阅县级资金分配文件及拨付凭证",
    });
    const fixed = sum(m.values()) + score("outcome.satisfaction.residents", { value: sat }) + score("decision.input.allocation", { value: { num: problems, den: 1 } });
    const manualMax = sum(LEAVES.filter((n) => n.rule?.kind === "manual").map((n) => n.weight));
    // What the evaluator's manual scores must take off so the sheet totals the seed's score.
    let toDeduct = fixed + manualMax - row.total;
    if (toDeduct < 0 || toDeduct > manualMax) throw new Error(`示例评价：${row.county}的计算项得分无法得到表2的 ${formatPoints(row.total)} 分`);
    const deductions = new Map<string, Centi>();
    // Several leaves carry the deductions, in tenths of a point, none losing more than 60% of its
    // weight (an evaluator rarely zeroes a leaf); the last hundredths go to 预算编制科学性.
    const soft = (code: string) => Math.floor((leaf(code).weight * 6) / 100) * 10;
    const count = Math.min(DEDUCTION_PREFERENCE.length, Math.max(3, Math.ceil(toDeduct / 150) + 1));
    const picks = DEDUCTION_PREFERENCE.map(([code, w]) => ({ code, key: rnd.next() * w }))
      .sort((a, b) => b.key - a.key)
      .slice(0, count)
      .map((p) => p.code);
    if (!picks.includes("decision.input.budgeting")) picks.push("decision.input.budgeting");
    const tenths = Math.floor(toDeduct / 10);
    const rest = toDeduct - tenths * 10;
    const shares = apportion(tenths, picks.map(() => rnd.int(2, 9)));
    let overflow = 0;
    picks.forEach((code, k) => {
      const want = shares[k] * 10 + overflow;
      const take = Math.min(soft(code), want);
      overflow = want - take;
      deductions.set(code, take);
    });
    for (const limit of [soft, (code: string) => leaf(code).weight - (code === "decision.input.budgeting" ? 10 : 0)]) {
      for (const [code] of DEDUCTION_PREFERENCE) {
        if (overflow <= 0) break;
        const have = deductions.get(code) ?? 0;
        const take = Math.max(0, Math.min(limit(code) - have, overflow));
        deductions.set(code, have + take);
        overflow -= take;
      }
    }
    const budgeting = deductions.get("decision.input.budgeting") ?? 0;
    deductions.set("decision.input.budgeting", budgeting + rest);
    toDeduct -= sum(deductions.values());
    if (toDeduct !== 0) throw new Error(`示例评价：${row.county}的扣分分配有误`);
    for (const n of LEAVES) {
      if (n.rule?.kind !== "manual") continue;
      const lost = deductions.get(n.code) ?? 0;
      entries.push({ code: n.code, manualScore: n.weight - lost, reason: lost > 0 ? reason(rnd, n.code, lost) : undefined });
    }
    plans.push({ county: row.county, mode: row.mode, entries });
  });
  return { plans, survey };
}

const DEMO_COMMENTS: DemoComment[] = [
  {
    county: "平邑县",
    code: "process.funds.execution",
    side: "county",
    at: 0,
    body: "我县预算执行率偏低，主要原因是项目工程结算审计尚未完成，省级补助资金已于7月上旬拨付至项目单位。请评价组予以考虑。",
  },
  {
    county: "平邑县",
    code: "process.funds.execution",
    side: "evaluator",
    at: 90,
    body: "预算执行率按评价日（2022年6月30日）前实际支付计算，评价日后的支付不计入本次评分，维持原得分；结算进度原因已在问题清单中注明。",
  },
  {
    county: "兰陵县",
    code: "outcome.sustain.mechanism",
    side: "county",
    at: 30,
    body: "我县已于2021年11月印发《老旧小区改造后长效管理办法》，相关文件已补充上传，请核实。",
  },
  {
    county: "兰陵县",
    code: "outcome.sustain.mechanism",
    side: "evaluator",
    at: 150,
    body: "已核实该办法。考虑到抽查小区物业费收缴率仍偏低、部分小区未落实管理主体，维持原扣分。",
  },
  {
    county: "莒南县",
    code: "output.timeliness.finish",
    side: "county",
    at: 45,
    body: "部分项目因冬季停工顺延完工，已于2022年4月全部完工，请予以说明。",
  },
  {
    county: "莒南县",
    code: "output.timeliness.finish",
    side: "evaluator",
    at: 200,
    body: "完工及时率以项目库登记的计划完工日期和实际完工日期计算；冬季停工未办理工期顺延手续，按原计划日期计，维持原得分。",
  },
];

export function buildDemoEvaluation(ledger: DemoLedger, registry: DemoRegistry = buildDemoRegistry(ledger)): DemoEvaluation {
  const figures = figuresOf(ledger, registry, DEMO_EVALUATION_DATE);
  const city = cityPlan(figures.get(null)!);
  const { plans, survey } = countyPlans(figures);
  return { scopes: [city, ...plans], comments: DEMO_COMMENTS, survey };
}

export interface DemoEvaluationContext {
  fundYearId: number;
  cityId: number;
  countyId: Map<string, number>;
  ledger: DemoLedger;
}

/** Loads the demo task inside loadDemo's transaction (after the ledger and the registry). */
export async function loadDemoEvaluation(tx: DbOrTx, c: DemoEvaluationContext): Promise<void> {
  const registry = buildDemoRegistry(c.ledger);
  const plan = buildDemoEvaluation(c.ledger, registry);
  const { scaleId, templateId } = await ensureEvaluationBuiltIns(tx);
  const people = await tx.select({ id: users.id, username: users.username, displayName: users.displayName }).from(users);
  const evaluator = people.find((u) => u.username === "pingjia") ?? null;
  const byCounty = new Map<string, { id: number; displayName: string }>();
  for (const [county, username] of Object.entries(DEMO_COUNTY_USERS)) {
    const u = people.find((p) => p.username === username);
    if (u) byCounty.set(county, u);
  }
  const [task] = await tx
    .insert(evaluationTasks)
    .values({
      fundYearId: c.fundYearId,
      name: DEMO_TASK_NAME,
      templateId,
      templateName: DEFAULT_TEMPLATE_NAME,
      templateVersion: 1,
      tree: DEFAULT_TEMPLATE,
      gradeScaleId: scaleId,
      gradeScale: DEFAULT_GRADE_SCALE,
      asOf: DEMO_EVALUATION_DATE,
      evaluatorOrg: DEMO_EVALUATOR_ORG,
      overallMethod: "city_sheet",
      state: "reply",
    })
    .returning();
  const scopes = await tx
    .insert(evaluationScopes)
    .values(
      plan.scopes.map((s, i) => ({
        taskId: task.id,
        regionId: s.county === null ? c.cityId : c.countyId.get(s.county)!,
        countyId: s.county === null ? null : c.countyId.get(s.county)!,
        mode: s.mode,
        sortOrder: i,
      })),
    )
    .returning();
  const scopeOf = (county: string | null) => scopes[plan.scopes.findIndex((s) => s.county === county)];
  const updatedByName = evaluator?.displayName ?? "评价机构项目组";
  await tx.insert(evaluationEntries).values(
    plan.scopes.flatMap((s) =>
      s.entries.map((e) => ({
        scopeId: scopeOf(s.county).id,
        code: e.code,
        valueNum: e.value?.num ?? null,
        valueDen: e.value?.den ?? null,
        manualScore: e.manualScore ?? null,
        reason: e.reason ?? null,
        note: e.note ?? null,
        updatedBy: evaluator?.id ?? null,
        updatedByName,
      })),
    ),
  );
  const base = Date.parse("2022-07-11T01:30:00Z");
  await tx.insert(evaluationComments).values(
    plan.comments.map((m) => {
      const author = m.side === "county" ? byCounty.get(m.county) : evaluator;
      return {
        taskId: task.id,
        scopeId: scopeOf(m.county).id,
        code: m.code,
        side: m.side,
        authorId: author?.id ?? null,
        authorName: author?.displayName ?? (m.side === "county" ? `${m.county}住建局` : updatedByName),
        body: m.body,
        createdAt: new Date(base + m.at * 60_000),
      };
    }),
  );
  await loadDemoSurvey(tx, { taskId: task.id, countyId: c.countyId, ledger: c.ledger, registry, counties: plan.survey, evaluator });
  await loadDemoRectification(tx, { taskId: task.id, countyId: c.countyId, ledger: c.ledger, people });
}
