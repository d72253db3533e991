/**
 * Counts of the project library and community registry that computed leaves read (完成率, 竣工验收合格率,
 * 开工及时率, 完工及时率, 物业覆盖率), as of the 评价日. Pure, so the server's metric registry and the
 * demo generator compute the very same figures.
 */
import type { IsoDate } from "../dates";

export interface RegistryProject {
  plannedStartOn: IsoDate | null;
  actualStartOn: IsoDate | null;
  plannedCompletionOn: IsoDate | null;
  actualCompletionOn: IsoDate | null;
  actualAcceptanceOn: IsoDate | null;
  acceptanceResult: "qualified" | "unqualified" | null;
  /** Its renovated communities, summed (communityTotals of the list; the server sums them in SQL). */
  communities: CommunityTotals;
}

export interface RegistryCommunity {
  households: number;
  floorAreaDm2: number;
  propertyMode: "professional" | "street" | "self" | "none";
}

/** A project's communities as the counts need them: how many, households, area, and how many under management. */
export interface CommunityTotals {
  count: number;
  households: number;
  floorAreaDm2: number;
  /** Under property management (专业物业 / 街道社区统管 / 居民自管): any mode but none. */
  managed: number;
}

export function communityTotals(list: readonly RegistryCommunity[]): CommunityTotals {
  const t: CommunityTotals = { count: 0, households: 0, floorAreaDm2: 0, managed: 0 };
  for (const m of list) {
    t.count++;
    t.households += m.households;
    t.floorAreaDm2 += m.floorAreaDm2;
    if (m.propertyMode !== "none") t.managed++;
  }
  return t;
}

export interface RegistryCounts {
  projects: number;
  /** 已完工 by the date. */
  done: number;
  communitiesDone: number;
  householdsDone: number;
  areaDoneDm2: number;
  /** 已竣工验收, and of those 合格. */
  accepted: number;
  qualified: number;
  /** Projects whose planned start had come by the date, and of those started in time (grace below). */
  startDue: number;
  startOnTime: number;
  finishDue: number;
  finishOnTime: number;
  /** Renovated (done) communities under property management (专业物业 / 街道社区统管 / 居民自管). */
  managedDone: number;
}

const by = (d: IsoDate | null, asOf: IsoDate): d is IsoDate => d !== null && d <= asOf;

/**
 * 及时: a stage done no later than this many days after its planned date. Monthly 调度 reports a
 * start or completion by month, so a few days' slip within a month is not counted late.
 */
export const TIMELINESS_GRACE_DAYS = 30;

function plusDays(iso: IsoDate, days: number): IsoDate {
  const t = Date.parse(iso + "T00:00:00Z") + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function registryCounts(projects: readonly RegistryProject[], asOf: IsoDate): RegistryCounts {
  const c: RegistryCounts = {
    projects: projects.length,
    done: 0,
    communitiesDone: 0,
    householdsDone: 0,
    areaDoneDm2: 0,
    accepted: 0,
    qualified: 0,
    startDue: 0,
    startOnTime: 0,
    finishDue: 0,
    finishOnTime: 0,
    managedDone: 0,
  };
  for (const p of projects) {
    if (by(p.actualCompletionOn, asOf)) {
      c.done++;
      c.communitiesDone += p.communities.count;
      c.householdsDone += p.communities.households;
      c.areaDoneDm2 += p.communities.floorAreaDm2;
      c.managedDone += p.communities.managed;
    }
    if (by(p.actualAcceptanceOn, asOf)) {
      c.accepted++;
      if (p.acceptanceResult === "qualified") c.qualified++;
    }
    if (by(p.plannedStartOn, asOf)) {
      c.startDue++;
      if (by(p.actualStartOn, asOf) && p.actualStartOn <= plusDays(p.plannedStartOn, TIMELINESS_GRACE_DAYS)) c.startOnTime++;
    }
    if (by(p.plannedCompletionOn, asOf)) {
      c.finishDue++;
      if (by(p.actualCompletionOn, asOf) && p.actualCompletionOn <= plusDays(p.plannedCompletionOn, TIMELINESS_GRACE_DAYS)) c.finishOnTime++;
    }
  }
  return c;
}

/** Adds counts of several counties (the city's figures are the sum of its counties'). */
export function addCounts(list: readonly RegistryCounts[]): RegistryCounts {
  const out = registryCounts([], "0000-01-01");
  for (const c of list) for (const k of Object.keys(out) as (keyof RegistryCounts)[]) out[k] += c[k];
  return out;
}

export type CompletionTarget = "projects" | "communities" | "households" | "floor_area";

/**
 * Actual ÷ 绩效目标 as an exact fraction. Targets are quantities in 1/10,000 of their unit (core/targets);
 * area compares dm² with 万㎡ (1/10,000 万㎡ = 1 ㎡ = 100 dm²). Null without a positive target.
 */
export function completionFraction(c: RegistryCounts, kind: CompletionTarget, targetScaled: number | null): { num: number; den: number } | null {
  if (targetScaled === null || targetScaled <= 0) return null;
  if (kind === "floor_area") return { num: c.areaDoneDm2, den: targetScaled * 100 };
  const actual = kind === "projects" ? c.done : kind === "communities" ? c.communitiesDone : c.householdsDone;
  return { num: actual * 10_000, den: targetScaled };
}

/** The rates of the registry as exact fractions; null where nothing was due or done. */
export function registryRates(c: RegistryCounts) {
  const f = (num: number, den: number) => (den === 0 ? null : { num, den });
  return {
    acceptance: f(c.qualified, c.accepted),
    startTimeliness: f(c.startOnTime, c.startDue),
    finishTimeliness: f(c.finishOnTime, c.finishDue),
    propertyCoverage: f(c.managedDone, c.communitiesDone),
  };
}
