/**
 * The multi-year renovation goal (十四五 目标), computed from the community registry: by the end year,
 * every community built before one year and a share of those built before another must be renovated.
 * Progress counts every renovation up to the current year; the pace counts those inside the goal's
 * period, and the forecast extends that pace to the end year.
 */
import { ratioBasisPoints } from "./money";

/** One clause: communities built before `builtBefore` (建成年份 < builtBefore), `requiredBp` of them renovated. */
export interface GoalClause {
  builtBefore: number;
  /** 10000 = all of them; 8500 = at least 85%. */
  requiredBp: number;
}

export interface GoalPeriod {
  startYear: number;
  endYear: number;
}

export interface RegistryCommunity {
  builtYear: number;
  /** Year the renovation was completed, null when not renovated (as of the current year). */
  renovatedYear: number | null;
}

export interface ClauseProgress extends GoalClause {
  /** Communities the clause covers. */
  eligible: number;
  /** How many must be renovated: ⌈eligible × required⌉. */
  required: number;
  /** Renovated up to the current year (also before the goal's period). */
  done: number;
  doneBp: number | null;
  /** Share of what is required that is done, capped at 100%. */
  progressBp: number | null;
  remaining: number;
  /** Renovated inside the goal period up to the current year, and the years that took. */
  renovatedInPeriod: number;
  yearsElapsed: number;
  /** Renovations per year at the current pace (may be fractional; for display). */
  pacePerYear: number;
  /** Expected done by the end year at the current pace (whole communities, never above eligible). */
  forecastDone: number;
  forecastBp: number | null;
  onTrack: boolean;
  /** The year the requirement is reached at the current pace; null when it never is (no pace). */
  forecastYear: number | null;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/**
 * Progress of one clause as of `currentYear` (the fund year being tracked). The pace is the number
 * renovated in [startYear, currentYear] divided by the years elapsed; before the period starts
 * there is no pace yet.
 */
export function clauseProgress(clause: GoalClause, period: GoalPeriod, currentYear: number, communities: readonly RegistryCommunity[]): ClauseProgress {
  const mine = communities.filter((c) => c.builtYear < clause.builtBefore);
  const eligible = mine.length;
  const required = Number(ceilDiv(BigInt(eligible) * BigInt(clause.requiredBp), 10000n));
  const done = mine.filter((c) => c.renovatedYear !== null && c.renovatedYear <= currentYear).length;
  const renovatedInPeriod = mine.filter(
    (c) => c.renovatedYear !== null && c.renovatedYear >= period.startYear && c.renovatedYear <= currentYear,
  ).length;
  const yearsElapsed = Math.max(0, Math.min(currentYear, period.endYear) - period.startYear + 1);
  const yearsLeft = Math.max(0, period.endYear - Math.max(currentYear, period.startYear - 1));
  const remaining = Math.max(0, required - done);
  // forecast = done + renovatedInPeriod × yearsLeft ÷ yearsElapsed, in whole communities (floor).
  const projected = yearsElapsed === 0 ? 0 : Math.floor((renovatedInPeriod * yearsLeft) / yearsElapsed);
  const forecastDone = Math.min(eligible, done + projected);
  let forecastYear: number | null = null;
  if (remaining === 0) forecastYear = Math.min(currentYear, period.endYear);
  else if (renovatedInPeriod > 0 && yearsElapsed > 0) {
    forecastYear = currentYear + Number(ceilDiv(BigInt(remaining) * BigInt(yearsElapsed), BigInt(renovatedInPeriod)));
  }
  return {
    ...clause,
    eligible,
    required,
    done,
    doneBp: ratioBasisPoints(done, eligible),
    progressBp: required === 0 ? null : ratioBasisPoints(Math.min(done, required), required),
    remaining,
    renovatedInPeriod,
    yearsElapsed,
    pacePerYear: yearsElapsed === 0 ? 0 : renovatedInPeriod / yearsElapsed,
    forecastDone,
    forecastBp: ratioBasisPoints(forecastDone, eligible),
    onTrack: forecastDone >= required,
    forecastYear,
  };
}
