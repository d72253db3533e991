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
  communities: { households: number; floorAreaDm2: number; propertyMode: "professional" | "street" | "self" | "none" }[];
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
  /** Projects whose planned start had come by the date, and of those started on or before it. */
  startDue: number;
  startOnTime: number;
  finishDue: number;
  finishOnTime: number;
  /** Renovated (done) communities under property management (专业物业 / 街道社区统管 / 居民自管). */
  managedDone: number;
}

const by = (d: IsoDate | null, asOf: IsoDate): d is IsoDate => d !== null && d <= asOf;

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
      for (const m of p.communities) {
        c.communitiesDone++;
        c.householdsDone += m.households;
        c.areaDoneDm2 += m.floorAreaDm2;
        if (m.propertyMode !== "none") c.managedDone++;
      }
    }
    if (by(p.actualAcceptanceOn, asOf)) {
      c.accepted++;
      if (p.acceptanceResult === "qualified") c.qualified++;
    }
    if (by(p.plannedStartOn, asOf)) {
      c.startDue++;
      if (by(p.actualStartOn, asOf) && p.actualStartOn <= p.plannedStartOn) c.startOnTime++;
    }
    if (by(p.plannedCompletionOn, asOf)) {
      c.finishDue++;
      if (by(p.actualCompletionOn, asOf) && p.actualCompletionOn <= p.plannedCompletionOn) c.finishOnTime++;
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
