/**
 * The project library and community registry as figures: a project's status from its dates, and the
 * registry metrics that give a target its actual (改造项目数, 户数, 面积, 开工率 …) as of a date.
 */
import type { IsoDate } from "./dates";
import { divRoundHalfUp, ratioBasisPoints, sumFen, type Fen } from "./money";
import { areaWanM2Quantity, costPerM2Quantity, countQuantity, percentQuantity, type Scaled } from "./targets";

export const PROJECT_STATUSES = ["planned", "started", "completed", "accepted", "settled"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const PROJECT_STATUS_LABEL: Record<ProjectStatus, string> = {
  planned: "计划",
  started: "在建",
  completed: "完工",
  accepted: "已验收",
  settled: "已结算",
};

export interface ProjectDates {
  plannedStartOn: IsoDate | null;
  actualStartOn: IsoDate | null;
  plannedCompletionOn: IsoDate | null;
  actualCompletionOn: IsoDate | null;
  plannedAcceptanceOn: IsoDate | null;
  actualAcceptanceOn: IsoDate | null;
  plannedSettlementOn: IsoDate | null;
  actualSettlementOn: IsoDate | null;
}

/** The stage a project has reached by its actual dates: the latest one recorded. */
export function statusFromDates(d: Pick<ProjectDates, "actualStartOn" | "actualCompletionOn" | "actualAcceptanceOn" | "actualSettlementOn">): ProjectStatus {
  if (d.actualSettlementOn) return "settled";
  if (d.actualAcceptanceOn) return "accepted";
  if (d.actualCompletionOn) return "completed";
  if (d.actualStartOn) return "started";
  return "planned";
}

const STAGES = [
  ["Start", "开工"],
  ["Completion", "完工"],
  ["Acceptance", "竣工验收"],
  ["Settlement", "结算"],
] as const;

/**
 * Problems with the order of a project's dates, in Chinese: a stage cannot happen before the one it
 * follows, and an actual stage needs the actual stage before it.
 */
export function dateOrderProblems(d: ProjectDates): { field: keyof ProjectDates; message: string }[] {
  const out: { field: keyof ProjectDates; message: string }[] = [];
  for (const kind of ["planned", "actual"] as const) {
    const word = kind === "planned" ? "计划" : "实际";
    for (let i = 1; i < STAGES.length; i++) {
      const field = `${kind}${STAGES[i][0]}On` as keyof ProjectDates;
      const value = d[field];
      if (!value) continue;
      const prevField = `${kind}${STAGES[i - 1][0]}On` as keyof ProjectDates;
      const prev = d[prevField];
      if (!prev && kind === "actual") out.push({ field, message: `已填${word}${STAGES[i][1]}日期，但缺少${word}${STAGES[i - 1][1]}日期` });
      else if (prev && value < prev) out.push({ field, message: `${word}${STAGES[i][1]}日期不能早于${word}${STAGES[i - 1][1]}日期` });
    }
  }
  return out;
}

// ---- registry metrics -------------------------------------------------------------------------

export const TARGET_METRICS = [
  "projects",
  "communities",
  "households",
  "floor_area",
  "start_rate",
  "completion_rate",
  "acceptance_rate",
  "property_coverage",
  "non_fiscal_share",
  "cost_per_m2",
  "satisfaction",
] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

/** Name, unit and definition of each metric, as targets and pages show them. */
export const METRIC_INFO: Record<TargetMetric, { label: string; unit: string; rule: string }> = {
  projects: { label: "改造完成项目数", unit: "个", rule: "截至评价日已完工的项目数" },
  communities: { label: "改造完成小区数", unit: "个", rule: "已完工项目所含小区数" },
  households: { label: "惠及户数", unit: "户", rule: "已完工项目所含小区的户数之和" },
  floor_area: { label: "改造建筑面积", unit: "万㎡", rule: "已完工项目所含小区的建筑面积之和" },
  start_rate: { label: "开工率", unit: "%", rule: "已开工项目数 ÷ 项目数" },
  completion_rate: { label: "完工率", unit: "%", rule: "已完工项目数 ÷ 项目数" },
  acceptance_rate: { label: "竣工验收合格率", unit: "%", rule: "验收合格项目数 ÷ 已竣工验收项目数" },
  property_coverage: { label: "物业管理覆盖率", unit: "%", rule: "已改造小区中有物业管理（专业物业、街道社区统管或居民自管）的比例" },
  non_fiscal_share: { label: "非财政资金占比", unit: "%", rule: "非财政资金 ÷ 项目计划总投资" },
  cost_per_m2: { label: "单位面积改造投资", unit: "元/㎡", rule: "已完工项目计划总投资 ÷ 其小区建筑面积" },
  satisfaction: { label: "居民满意度", unit: "%", rule: "居民满意度调查中已审核接受的问卷，总体满意度表示满意的比例" },
};

export interface MetricProject {
  actualStartOn: IsoDate | null;
  actualCompletionOn: IsoDate | null;
  actualAcceptanceOn: IsoDate | null;
  acceptanceResult: "qualified" | "unqualified" | null;
  plannedFen: Fen;
  nonFiscalFen: Fen;
  communities: MetricCommunity[];
}

export interface MetricCommunity {
  households: number;
  floorAreaDm2: number;
  propertyMode: "professional" | "street" | "self" | "none";
}

const on = (d: IsoDate | null, asOf: IsoDate) => d !== null && d <= asOf;

/**
 * Every registry metric of a set of projects (a county's or the city's) as of a date, in target
 * quantities; null where the metric has nothing to measure.
 */
export function registryMetrics(projects: readonly MetricProject[], asOf: IsoDate): Record<TargetMetric, Scaled | null> {
  const done = projects.filter((p) => on(p.actualCompletionOn, asOf));
  const doneCommunities = done.flatMap((p) => p.communities);
  const accepted = projects.filter((p) => on(p.actualAcceptanceOn, asOf));
  const areaDm2 = doneCommunities.reduce((a, c) => a + c.floorAreaDm2, 0);
  const pct = (num: number, den: number) => {
    const bp = ratioBasisPoints(num, den);
    return bp === null ? null : percentQuantity(bp);
  };
  return {
    projects: countQuantity(done.length),
    communities: countQuantity(doneCommunities.length),
    households: countQuantity(doneCommunities.reduce((a, c) => a + c.households, 0)),
    floor_area: areaWanM2Quantity(areaDm2),
    start_rate: pct(projects.filter((p) => on(p.actualStartOn, asOf)).length, projects.length),
    completion_rate: pct(done.length, projects.length),
    acceptance_rate: pct(accepted.filter((p) => p.acceptanceResult === "qualified").length, accepted.length),
    property_coverage: pct(doneCommunities.filter((c) => c.propertyMode !== "none").length, doneCommunities.length),
    non_fiscal_share: pct(sumFen(projects.map((p) => p.nonFiscalFen)), sumFen(projects.map((p) => p.plannedFen))),
    cost_per_m2: costPerM2Quantity(sumFen(done.map((p) => p.plannedFen)), areaDm2),
    // From the survey, not the registry: the service fills it in (projects/service getTargets).
    satisfaction: null,
  };
}

export const PROPERTY_MODES = ["professional", "street", "self", "none"] as const;
export type PropertyMode = (typeof PROPERTY_MODES)[number];
export const PROPERTY_MODE_LABEL: Record<PropertyMode, string> = {
  professional: "专业物业",
  street: "街道社区统管",
  self: "居民自管",
  none: "无物业管理",
};

export const RENOVATION_CATEGORIES = ["basic", "improve", "upgrade"] as const;
export type RenovationCategory = (typeof RENOVATION_CATEGORIES)[number];
export const RENOVATION_CATEGORY_LABEL: Record<RenovationCategory, string> = { basic: "基础类", improve: "完善类", upgrade: "提升类" };

/** 长效管养 of a set of renovated communities: how many are managed, and the fee collection rate. */
export interface MaintenanceFigures {
  communities: number;
  managed: number;
  /** Managed ÷ communities. */
  coverageBp: number | null;
  households: number;
  managedHouseholds: number;
  byMode: Record<PropertyMode, number>;
  /** 物业费收缴率 weighted by households over the communities that report one. */
  feeCollectionBp: number | null;
  feeReported: number;
}

export function maintenanceFigures(list: readonly (MetricCommunity & { feeCollectionBp: number | null })[]): MaintenanceFigures {
  const byMode: Record<PropertyMode, number> = { professional: 0, street: 0, self: 0, none: 0 };
  for (const c of list) byMode[c.propertyMode]++;
  const managedList = list.filter((c) => c.propertyMode !== "none");
  const withFee = list.filter((c) => c.feeCollectionBp !== null);
  // Σ households × rate ÷ Σ households, exact in integers then rounded half-up.
  const feeNum = withFee.reduce((a, c) => a + BigInt(c.households) * BigInt(c.feeCollectionBp!), 0n);
  const feeDen = withFee.reduce((a, c) => a + c.households, 0);
  return {
    communities: list.length,
    managed: managedList.length,
    coverageBp: ratioBasisPoints(managedList.length, list.length),
    households: list.reduce((a, c) => a + c.households, 0),
    managedHouseholds: managedList.reduce((a, c) => a + c.households, 0),
    byMode,
    feeCollectionBp: feeDen === 0 ? null : Number(divRoundHalfUp(feeNum, BigInt(feeDen))),
    feeReported: withFee.length,
  };
}
