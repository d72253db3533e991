/**
 * The metric registry: figures the system computes as of the 评价日, which a template leaf can bind to.
 * Each metric computes every scope of a task at once (one or two grouped queries, not one per county)
 * and returns, per scope, the exact fraction the rule reads and the source figures that explain it.
 * When the scopes are one county's, every query reads only that county's rows (`MetricContext.countyId`),
 * so one county's sheet costs time proportional to the county. Loads shared by several metrics (the
 * ledger, the registry counts, the survey) are made once per computation through `MetricContext.cache`.
 * The metrics load at once (the ledger beside the registry): on the pool each read has its own
 * connection, and on a transaction db/serial-client runs them one after another.
 */
import type { DbOrTx } from "../../../db/open";
import type { MetricInfo } from "../../../contracts/evaluations";
import type { Fraction } from "../../../core/scoring/points";
import { DEFAULT_METRICS } from "../../../core/scoring/default-template";
import { addCounts, completionFraction, registryCounts, type RegistryCounts } from "../../../core/scoring/registry-counts";
import { addFigures, type LedgerFigures } from "../../../core/ledger";
import { formatBasisPoints, formatWan, ratioBasisPoints } from "../../../core/money";
import { areaWanM2Quantity, formatQuantity, parseQuantity } from "../../../core/targets";
import { formatDateCn } from "../../../core/dates";
import { allocatedByCounty, ledgerBySourceCounty } from "../funds/service";
import { surveyTallyOfTask } from "../../../db/survey-tally";
import { handoverTally } from "../../../db/handover-tally";
import { addHandoverCounts, EMPTY_HANDOVER_COUNTS, handoverFigures } from "../../../core/works/handover";
import * as repo from "./repository";
import { pushTo } from "../../../core/collections";

export interface MetricScope {
  scopeId: number;
  /** null: the whole city. */
  countyId: number | null;
}

export interface MetricContext {
  db: DbOrTx;
  fundYearId: number;
  /** The task being scored (the survey metric reads its survey); absent: no survey figures. */
  taskId?: number;
  asOf: string;
  /** Shared loads of one computation (several metrics read the same registry rows). */
  cache?: Map<string, Promise<unknown>>;
  /** Only this county's rows are read (every scope computed is this county's). */
  countyId?: number;
}

function memo<T>(ctx: MetricContext, key: string, load: () => Promise<T>): Promise<T> {
  if (!ctx.cache) return load();
  let p = ctx.cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    ctx.cache.set(key, p);
  }
  return p;
}

export interface Figure {
  label: string;
  text: string;
}

export interface MetricResult {
  value: Fraction;
  figures: Figure[];
}

export interface MetricDefinition extends MetricInfo {
  compute(ctx: MetricContext, scopes: readonly MetricScope[]): Promise<Map<number, MetricResult | null>>;
}

const wan = (fen: number) => `${formatWan(fen, { grouping: true })} 万元`;
const count = (n: number, unit: string) => `${n.toLocaleString("en-US")} ${unit}`;

/** Ledger figures per county (and the city total) as of a date, in one grouped query. */
async function ledgerByCounty(ctx: MetricContext, asOf: string) {
  const cells = await memo(ctx, `ledger|${asOf}|${ctx.countyId ?? "all"}`, () =>
    ledgerBySourceCounty(ctx.db, { fundYearId: ctx.fundYearId, asOf, countyId: ctx.countyId }),
  );
  const byCounty = new Map<number, LedgerFigures[]>();
  for (const c of cells) pushTo(byCounty, c.countyId, c.figures);
  return (countyId: number | null): LedgerFigures =>
    countyId === null ? addFigures(cells.map((c) => c.figures)) : addFigures(byCounty.get(countyId) ?? []);
}

const executionRate: MetricDefinition = {
  key: DEFAULT_METRICS.executionRate,
  label: "预算执行率",
  unit: "%",
  source: "资金台账",
  description: "评价日前已支付资金 ÷ 评价日前已下达资金（所有资金来源）。",
  ruleKinds: ["ratio", "bands"],
  async compute(ctx, scopes) {
    const figures = await ledgerByCounty(ctx, ctx.asOf);
    const out = new Map<number, MetricResult | null>();
    for (const s of scopes) {
      const f = figures(s.countyId);
      out.set(
        s.scopeId,
        f.allocatedFen === 0
          ? null
          : {
              value: { num: f.paidFen, den: f.allocatedFen },
              figures: [
                { label: `截至${formatDateCn(ctx.asOf)}已支付`, text: wan(f.paidFen) },
                { label: `截至${formatDateCn(ctx.asOf)}已下达`, text: wan(f.allocatedFen) },
                { label: "预算执行率", text: formatBasisPoints(ratioBasisPoints(f.paidFen, f.allocatedFen)) },
              ],
            },
      );
    }
    return out;
  },
};

const arrivalRate: MetricDefinition = {
  key: DEFAULT_METRICS.arrivalRate,
  label: "资金到位率",
  unit: "%",
  source: "资金台账",
  description: "评价日前已下达到位的资金 ÷ 本年度全部下达文件的资金（到位以下达日期计）。",
  ruleKinds: ["ratio", "bands"],
  async compute(ctx, scopes) {
    const arrived = await ledgerByCounty(ctx, ctx.asOf);
    // the year's whole budget reads only the allocations (not two million payments a second time)
    const budget = await allocatedByCounty(ctx.db, { fundYearId: ctx.fundYearId, countyId: ctx.countyId });
    let cityBudget = 0;
    for (const v of budget.values()) cityBudget += v;
    const out = new Map<number, MetricResult | null>();
    for (const s of scopes) {
      const a = arrived(s.countyId).allocatedFen;
      const b = s.countyId === null ? cityBudget : (budget.get(s.countyId) ?? 0);
      out.set(
        s.scopeId,
        b === 0
          ? null
          : {
              value: { num: a, den: b },
              figures: [
                { label: `截至${formatDateCn(ctx.asOf)}到位资金`, text: wan(a) },
                { label: "年度下达资金", text: wan(b) },
                { label: "资金到位率", text: formatBasisPoints(ratioBasisPoints(a, b)) },
              ],
            },
      );
    }
    return out;
  },
};

/**
 * Registry counts of each county as of the 评价日 (only `ctx.countyId`'s when set), loaded and counted
 * once per computation: every registry metric and the 改造户数 weights read the same map.
 */
export function registryCountsByCounty(ctx: MetricContext): Promise<Map<number, RegistryCounts>> {
  return memo(ctx, `registryCounts|${ctx.asOf}|${ctx.countyId ?? "all"}`, () => repo.registryCountsByCounty(ctx.db, ctx.fundYearId, ctx.asOf, ctx.countyId));
}

/** Ledger cells (source × county) as of the 评价日, shared with the 下达资金 weights of the results. */
export function ledgerCellsAsOf(ctx: MetricContext) {
  return memo(ctx, `ledger|${ctx.asOf}|${ctx.countyId ?? "all"}`, () =>
    ledgerBySourceCounty(ctx.db, { fundYearId: ctx.fundYearId, asOf: ctx.asOf, countyId: ctx.countyId }),
  );
}

/** Registry counts per scope (a county's, or summed for the city). */
async function countsByScope(ctx: MetricContext, scopes: readonly MetricScope[]) {
  const countyCounts = await registryCountsByCounty(ctx);
  const empty = registryCounts([], ctx.asOf);
  return new Map(
    scopes.map((s) => [s.scopeId, s.countyId === null ? addCounts([...countyCounts.values()]) : (countyCounts.get(s.countyId) ?? empty)]),
  );
}

/** A ratio of two registry counts (合格率, 及时率, 覆盖率). */
function countRatio(
  info: Omit<MetricDefinition, "compute" | "unit" | "source" | "ruleKinds">,
  pick: (c: RegistryCounts) => { num: number; den: number; figures: Figure[] },
): MetricDefinition {
  return {
    ...info,
    unit: "%",
    source: "项目库",
    ruleKinds: ["ratio", "bands"],
    async compute(ctx, scopes) {
      const counts = await countsByScope(ctx, scopes);
      const out = new Map<number, MetricResult | null>();
      for (const s of scopes) {
        const r = pick(counts.get(s.scopeId)!);
        out.set(
          s.scopeId,
          r.den === 0 ? null : { value: { num: r.num, den: r.den }, figures: [...r.figures, { label: info.label, text: formatBasisPoints(ratioBasisPoints(r.num, r.den)) }] },
        );
      }
      return out;
    },
  };
}

type TargetKind = "projects" | "communities" | "households" | "floor_area";

/** Actual from the registry ÷ the scope's 绩效目标 (performance_targets.metric). */
function completion(key: string, label: string, target: TargetKind, unit: string): MetricDefinition {
  return {
    key,
    label,
    unit: "%",
    source: "项目库、绩效目标",
    description: `截至评价日已完工项目的${unit === "万㎡" ? "建筑面积" : label.replace("完成率", "")} ÷ 年度绩效目标。`,
    ruleKinds: ["ratio", "bands"],
    async compute(ctx, scopes) {
      const counts = await countsByScope(ctx, scopes);
      const targets = await repo.registryTargets(ctx.db, ctx.fundYearId, target, ctx.countyId);
      const out = new Map<number, MetricResult | null>();
      for (const s of scopes) {
        const c = counts.get(s.scopeId)!;
        const t = targets.find((x) => x.countyId === s.countyId);
        // A target 待设定 (null) gives no completion rate.
        const targetScaled = t && t.targetValue !== null ? parseQuantity(t.targetValue) : null;
        if (!t || targetScaled === null || targetScaled === 0) {
          out.set(s.scopeId, null);
          continue;
        }
        const f = completionFraction(c, target, targetScaled)!;
        const { num, den } = f;
        const actualText =
          target === "floor_area"
            ? `${formatQuantity(areaWanM2Quantity(c.areaDoneDm2), { grouping: true })} 万㎡`
            : count(target === "projects" ? c.done : target === "communities" ? c.communitiesDone : c.householdsDone, unit);
        out.set(s.scopeId, {
          value: { num, den },
          figures: [
            { label: "实际完成", text: actualText },
            { label: "年度目标", text: `${formatQuantity(targetScaled, { grouping: true })} ${unit}` },
            { label: "完成率", text: formatBasisPoints(ratioBasisPoints(num, den)) },
          ],
        });
      }
      return out;
    },
  };
}

/** 居民满意率 from the task's survey: accepted questionnaires only, by the county of the community. */
const residentSatisfaction: MetricDefinition = {
  key: DEFAULT_METRICS.residentSatisfaction,
  label: "居民满意率",
  unit: "%",
  source: "居民满意度调查",
  description: "已审核接受的居民问卷中，总体满意度表示满意（口径由问卷设定，默认很满意、比较满意）的份数 ÷ 回答了总体满意度的份数。",
  ruleKinds: ["survey", "ratio", "bands"],
  async compute(ctx, scopes) {
    const tally = ctx.taskId === undefined ? null : await memo(ctx, `survey|${ctx.countyId ?? "all"}`, () => surveyTallyOfTask(ctx.db, ctx.taskId!, ctx.countyId));
    const out = new Map<number, MetricResult | null>();
    for (const s of scopes) {
      const rows = tally ? tally.counties.filter((c) => s.countyId === null || c.countyId === s.countyId) : [];
      const satisfied = rows.reduce((a, c) => a + c.satisfied, 0);
      const valid = rows.reduce((a, c) => a + c.valid, 0);
      out.set(
        s.scopeId,
        valid === 0
          ? null
          : {
              value: { num: satisfied, den: valid },
              figures: [
                { label: "有效问卷（已接受）", text: count(valid, "份") },
                { label: tally!.satisfiedLevels === 3 ? "满意（含一般）" : "满意（很满意、比较满意）", text: count(satisfied, "份") },
                { label: "满意率", text: formatBasisPoints(ratioBasisPoints(satisfied, valid)) },
              ],
            },
      );
    }
    return out;
  },
};

/** 专营设施移交率: facility kinds of the year's completed communities handed over by the 评价日. */
const handoverRate: MetricDefinition = {
  key: "works.handoverRate",
  label: "专营设施移交率",
  unit: "%",
  source: "专营设施移交",
  description: "评价日前完工项目的小区中，评价日前已移交专营单位的设施（供水、排水、供电、燃气、供热、通信）数 ÷ 应移交设施数（每个小区六类，减去不涉及的）。",
  ruleKinds: ["ratio", "bands"],
  async compute(ctx, scopes) {
    const rows = await handoverTally(ctx.db, { fundYearId: ctx.fundYearId, asOf: ctx.asOf, countyId: ctx.countyId });
    const out = new Map<number, MetricResult | null>();
    for (const s of scopes) {
      const f = handoverFigures(s.countyId === null ? addHandoverCounts(rows) : (rows.find((r) => r.countyId === s.countyId) ?? EMPTY_HANDOVER_COUNTS));
      out.set(
        s.scopeId,
        f.required === 0
          ? null
          : {
              value: { num: f.handedOver, den: f.required },
              figures: [
                { label: "已完工小区", text: count(f.communities, "个") },
                { label: "已移交设施", text: count(f.handedOver, "项") },
                { label: "应移交设施", text: count(f.required, "项") },
                { label: "专营设施移交率", text: formatBasisPoints(f.shareBp) },
              ],
            },
      );
    }
    return out;
  },
};

/** Every metric a leaf may bind to, by key. */
export const METRICS: ReadonlyMap<string, MetricDefinition> = new Map(
  [
    executionRate,
    arrivalRate,
    residentSatisfaction,
    handoverRate,
    completion("registry.projectCompletion", "项目完成率", "projects", "个"),
    completion("registry.communityCompletion", "小区完成率", "communities", "个"),
    completion("registry.householdCompletion", "户数完成率", "households", "户"),
    completion("registry.areaCompletion", "面积完成率", "floor_area", "万㎡"),
    countRatio(
      { key: "registry.acceptanceRate", label: "竣工验收合格率", description: "评价日前竣工验收合格的项目数 ÷ 已竣工验收的项目数。" },
      (c) => ({ num: c.qualified, den: c.accepted, figures: [{ label: "验收合格", text: count(c.qualified, "个") }, { label: "已竣工验收", text: count(c.accepted, "个") }] }),
    ),
    countRatio(
      { key: "registry.startTimeliness", label: "开工及时率", description: "实际开工不晚于计划开工日期后 30 日的项目数 ÷ 计划开工日期已到的项目数。" },
      (c) => ({ num: c.startOnTime, den: c.startDue, figures: [{ label: "按期开工", text: count(c.startOnTime, "个") }, { label: "应开工", text: count(c.startDue, "个") }] }),
    ),
    countRatio(
      { key: "registry.finishTimeliness", label: "完工及时率", description: "实际完工不晚于计划完工日期后 30 日的项目数 ÷ 计划完工日期已到的项目数。" },
      (c) => ({ num: c.finishOnTime, den: c.finishDue, figures: [{ label: "按期完工", text: count(c.finishOnTime, "个") }, { label: "应完工", text: count(c.finishDue, "个") }] }),
    ),
    countRatio(
      { key: "registry.propertyCoverage", label: "物业管理覆盖率", description: "已改造小区中实行专业物业、街道社区统管或居民自管的小区数 ÷ 已改造小区数。" },
      (c) => ({ num: c.managedDone, den: c.communitiesDone, figures: [{ label: "有物业管理的小区", text: count(c.managedDone, "个") }, { label: "已改造小区", text: count(c.communitiesDone, "个") }] }),
    ),
  ].map((m) => [m.key, m]),
);

export const METRIC_KEYS: ReadonlySet<string> = new Set(METRICS.keys());

export function metricInfo(): MetricInfo[] {
  return [...METRICS.values()].map(({ compute: _compute, ...info }) => info);
}

/**
 * Computes the metrics a tree binds to, for the given scopes: key → scopeId → result. Scopes of one
 * county only read that county's rows; any other set reads the fund year's.
 */
export async function computeMetrics(ctx: MetricContext, keys: Iterable<string>, scopes: readonly MetricScope[]) {
  const out = new Map<string, Map<number, MetricResult | null>>();
  const counties = new Set(scopes.map((s) => s.countyId));
  const only = counties.size === 1 ? [...counties][0] : null;
  const shared: MetricContext = { ...ctx, cache: ctx.cache ?? new Map(), countyId: ctx.countyId ?? (only === null ? undefined : only) };
  const known = [...new Set(keys)].filter((key) => METRICS.has(key));
  const computed = await Promise.all(known.map((key) => METRICS.get(key)!.compute(shared, scopes)));
  known.forEach((key, i) => out.set(key, computed[i]));
  return out;
}
