/**
 * 长效管养 over the years: from each community's yearly record (property mode, fee collection, 红色物业,
 * 业委会), the share of renovated communities under 专业物业 or 街道社区统管 in each year, and its trend.
 * Pure: the service gives the communities (with the year each was renovated) and the records.
 */
import { divRoundHalfUp, ratioBasisPoints } from "./money";
import type { PropertyMode } from "./registry";

export interface TrendCommunity {
  id: number;
  households: number;
  /** The year its renovation was done; null: not renovated. */
  renovatedYear: number | null;
}

export interface MaintenanceRecord {
  communityId: number;
  year: number;
  propertyMode: PropertyMode;
  feeCollectionBp: number | null;
  redProperty: boolean;
  ownersCommittee: boolean;
}

/** One year of a set of communities (a county, or the city). */
export interface MaintenanceYear {
  year: number;
  /** Communities renovated in or before the year. */
  renovated: number;
  /** Of those, with a record of the year. */
  reported: number;
  byMode: Record<PropertyMode, number>;
  /** 专业物业 + 街道社区统管 */
  professionalOrStreet: number;
  /** (专业物业 + 街道社区统管) ÷ renovated; a renovated community without a record counts as not managed. */
  shareBp: number | null;
  /** 红色物业 */
  redProperty: number;
  /** 业委会 */
  ownersCommittee: number;
  /** 物业费收缴率 weighted by households over the records that give one. */
  feeCollectionBp: number | null;
}

/** The years of a set, in order: every record's year (of the renovated communities), from the first to the last. */
export function yearsOf(records: readonly Pick<MaintenanceRecord, "year">[]): number[] {
  if (!records.length) return [];
  const ys = records.map((r) => r.year);
  const [from, to] = [Math.min(...ys), Math.max(...ys)];
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function maintenanceYears(communities: readonly TrendCommunity[], records: readonly MaintenanceRecord[], years: readonly number[]): MaintenanceYear[] {
  const byKey = new Map(records.map((r) => [`${r.communityId}:${r.year}`, r]));
  return years.map((year) => {
    const renovated = communities.filter((c) => c.renovatedYear !== null && c.renovatedYear <= year);
    const byMode: Record<PropertyMode, number> = { professional: 0, street: 0, self: 0, none: 0 };
    let reported = 0;
    let redProperty = 0;
    let ownersCommittee = 0;
    let feeNum = 0n;
    let feeDen = 0;
    for (const c of renovated) {
      const r = byKey.get(`${c.id}:${year}`);
      if (!r) continue;
      reported++;
      byMode[r.propertyMode]++;
      if (r.redProperty) redProperty++;
      if (r.ownersCommittee) ownersCommittee++;
      if (r.feeCollectionBp !== null) {
        feeNum += BigInt(c.households) * BigInt(r.feeCollectionBp);
        feeDen += c.households;
      }
    }
    const professionalOrStreet = byMode.professional + byMode.street;
    return {
      year,
      renovated: renovated.length,
      reported,
      byMode,
      professionalOrStreet,
      shareBp: ratioBasisPoints(professionalOrStreet, renovated.length),
      redProperty,
      ownersCommittee,
      feeCollectionBp: feeDen === 0 ? null : Number(divRoundHalfUp(feeNum, BigInt(feeDen))),
    };
  });
}

export interface Trend {
  fromYear: number;
  toYear: number;
  /** Share in the last year minus the first (percentage points × 100). */
  changeBp: number;
  direction: "up" | "down" | "flat";
}

/** From the first to the last year that has a share; null with fewer than two such years. */
export function trendOf(years: readonly Pick<MaintenanceYear, "year" | "shareBp">[]): Trend | null {
  const points = years.filter((y): y is { year: number; shareBp: number } => y.shareBp !== null);
  if (points.length < 2) return null;
  const first = points[0];
  const last = points[points.length - 1];
  const changeBp = last.shareBp - first.shareBp;
  return { fromYear: first.year, toYear: last.year, changeBp, direction: changeBp > 0 ? "up" : changeBp < 0 ? "down" : "flat" };
}

/** The record that is a community's latest: the one of the greatest year. */
export function isLatestYear(year: number, otherYears: readonly number[]): boolean {
  return otherYears.every((y) => y <= year);
}
