/**
 * 双监控: progress against elapsed time (时间过半、任务过半). Each indicator has a window in which the work
 * is due; at the end of a reporting period the expected progress is the elapsed share of that window,
 * and an item lags when its progress falls short by the yellow or red gap. Windows and gaps are data.
 */
import { assertFen, divRoundHalfUp, ExactSum, formatBasisPoints, ratioBasisPoints, type Fen } from "./money";
import type { IsoDate } from "./dates";

// ---- periods ----------------------------------------------------------------------------------

export type PeriodKind = "month" | "quarter";

const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A reporting period: '2021-Q2' or '2021-06'. */
export interface Period {
  code: string;
  kind: PeriodKind;
  /** First and last day, inclusive. */
  start: IsoDate;
  end: IsoDate;
  /** 2021年第2季度 / 2021年6月 */
  label: string;
}

const pad2 = (n: number) => String(n).padStart(2, "0");
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function parsePeriod(code: string): Period | null {
  let m = QUARTER.exec(code);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    const first = (q - 1) * 3 + 1;
    return {
      code,
      kind: "quarter",
      start: `${y}-${pad2(first)}-01`,
      end: `${y}-${pad2(first + 2)}-${pad2(lastDay(y, first + 2))}`,
      label: `${y}年第${q}季度`,
    };
  }
  m = MONTH.exec(code);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return { code, kind: "month", start: `${y}-${pad2(mo)}-01`, end: `${y}-${pad2(mo)}-${pad2(lastDay(y, mo))}`, label: `${y}年${mo}月` };
  }
  return null;
}

/** The period of a kind that contains a date. */
export function periodOf(date: IsoDate, kind: PeriodKind): Period {
  const y = Number(date.slice(0, 4));
  const mo = Number(date.slice(5, 7));
  return parsePeriod(kind === "quarter" ? `${y}-Q${Math.floor((mo - 1) / 3) + 1}` : `${y}-${pad2(mo)}`)!;
}

/** Every period of a kind from the one containing `from` to the one containing `to`, in order. */
export function periodsBetween(from: IsoDate, to: IsoDate, kind: PeriodKind): Period[] {
  const out: Period[] = [];
  if (to < from) return out;
  let p = periodOf(from, kind);
  const last = periodOf(to, kind).code;
  for (;;) {
    out.push(p);
    if (p.code === last) return out;
    const next = new Date(Date.parse(p.end + "T00:00:00Z") + 86_400_000).toISOString().slice(0, 10);
    p = periodOf(next, kind);
  }
}

// ---- elapsed time and lag --------------------------------------------------------------------

const DAY = 86_400_000;
const dayNumber = (d: IsoDate) => Math.round(Date.parse(d + "T00:00:00Z") / DAY);

/**
 * Share of a window [from, to] elapsed by the end of day `asOf`, in basis points. Days count whole and
 * inclusive, so the window's last day gives 100% and 30 June of a calendar year gives 181/365 = 49.59%.
 */
export function elapsedShareBp(from: IsoDate, to: IsoDate, asOf: IsoDate): number {
  if (asOf < from) return 0;
  if (asOf >= to) return 10000;
  // A board asks the same window and day for each of a nation's projects: the last answer is kept.
  const e = lastElapsed;
  if (e.from === from && e.to === to && e.asOf === asOf) return e.bp;
  const bp = ratioBasisPoints(dayNumber(asOf) - dayNumber(from) + 1, dayNumber(to) - dayNumber(from) + 1)!;
  lastElapsed = { from, to, asOf, bp };
  return bp;
}
let lastElapsed = { from: "", to: "", asOf: "", bp: 0 };

/** Traffic light of a monitored item; `none` when there is nothing to measure (no denominator). */
export type Light = "green" | "yellow" | "red" | "none";

export const LIGHT_LABEL: Record<Light, string> = { green: "正常", yellow: "黄色预警", red: "红色预警", none: "无数据" };

export interface LagThresholds {
  /** Lag (elapsed − progress, in basis points) from which an item is yellow, e.g. 1000 = 10 个百分点. */
  yellowGapBp: number;
  /** Lag from which it is red; at least the yellow gap. */
  redGapBp: number;
}

export interface Lag {
  progressBp: number | null;
  elapsedBp: number;
  /** elapsed − progress; positive when behind time. Null without progress. */
  gapBp: number | null;
  light: Light;
}

/** Classifies progress against elapsed time; a gap exactly at a threshold takes that colour. */
export function classifyLag(progressBp: number | null, elapsedBp: number, t: LagThresholds): Lag {
  if (progressBp === null) return { progressBp, elapsedBp, gapBp: null, light: "none" };
  const gapBp = elapsedBp - progressBp;
  const light: Light = gapBp >= t.redGapBp ? "red" : gapBp >= t.yellowGapBp ? "yellow" : "green";
  return { progressBp, elapsedBp, gapBp, light };
}

export function thresholdProblems(t: LagThresholds): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(t.yellowGapBp) || t.yellowGapBp <= 0) problems.push("黄色预警偏差须为大于0的百分点");
  if (!Number.isInteger(t.redGapBp) || t.redGapBp <= 0) problems.push("红色预警偏差须为大于0的百分点");
  if (t.redGapBp < t.yellowGapBp) problems.push("红色预警偏差不能小于黄色预警偏差");
  if (t.redGapBp > 10000) problems.push("红色预警偏差不能超过100个百分点");
  return problems;
}

// ---- indicators ------------------------------------------------------------------------------

/** What a monitoring indicator measures; each is computed from project records and the ledger. */
export const MONITOR_MEASURES = ["start", "completion", "physical", "investment", "payment"] as const;
export type MonitorMeasure = (typeof MONITOR_MEASURES)[number];

export const MEASURE_LABEL: Record<MonitorMeasure, string> = {
  start: "开工进度",
  completion: "完工进度",
  physical: "形象进度",
  investment: "投资完成进度",
  payment: "资金支付进度",
};

/** How each measure is computed, for the page that explains a figure. */
export const MEASURE_RULE: Record<MonitorMeasure, string> = {
  start: "已开工项目数 ÷ 项目数",
  completion: "已完工项目数 ÷ 项目数",
  physical: "各项目形象进度按计划投资加权",
  investment: "累计完成投资 ÷ 计划总投资",
  payment: "截至期末已支付 ÷ 已下达资金（资金台账）",
};

/** How the expected progress (应达进度) of a measure is set, for the page that explains a light. */
export function describeExpectation(measure: MonitorMeasure, schedule: readonly PaymentStep[] = DEFAULT_PAYMENT_SCHEDULE): string {
  if (measure === "payment") return `按项目支付节点：${describePaymentSchedule(schedule)}。县区、全市按各项目下达资金加权`;
  const time = "时间进度 = 期末已过天数 ÷ 监测期天数";
  if (measure === "start" || measure === "completion") return `${time}；单个项目按其计划${measure === "start" ? "开工" : "完工"}日期，到期应为100%`;
  return time;
}

/** One project as monitoring sees it at the end of a period. */
export interface ProjectProgress {
  plannedFen: Fen;
  /** Planned 开工 / 完工 dates: a single project is expected to keep its own plan. */
  plannedStartOn?: IsoDate | null;
  plannedCompletionOn?: IsoDate | null;
  /** Actual 开工 / 完工 dates, if any. */
  startedOn: IsoDate | null;
  completedOn: IsoDate | null;
  /** Actual 竣工验收 and 结算 dates, and the planned 结算 date: the payment schedule's stages. */
  acceptedOn?: IsoDate | null;
  settledOn?: IsoDate | null;
  plannedSettlementOn?: IsoDate | null;
  /** Latest report up to the period: 形象进度 and 累计完成投资; null when never reported. */
  physicalBp: number | null;
  investedFen: Fen | null;
  /** Ledger as of the period end. */
  allocatedFen: Fen;
  paidFen: Fen;
}

/**
 * Progress of a set of projects (a county, the city, or one project) on one measure at a period end,
 * in basis points; null when there is nothing to measure (no projects, no planned investment, nothing
 * allocated yet). Unreported projects count as no progress: a missing report must not hide a lag.
 */
export function measureProgress(measure: MonitorMeasure, projects: readonly ProjectProgress[], periodEnd: IsoDate): number | null {
  const n = projects.length;
  if (n === 0) return null;
  switch (measure) {
    case "start": {
      let started = 0;
      for (const p of projects) if (p.startedOn !== null && p.startedOn <= periodEnd) started++;
      return ratioBasisPoints(started, n);
    }
    case "completion": {
      let completed = 0;
      for (const p of projects) if (p.completedOn !== null && p.completedOn <= periodEnd) completed++;
      return ratioBasisPoints(completed, n);
    }
    case "physical": {
      // Weighted by planned investment; when some project has no plan yet, every project weighs the same.
      // One project: its own 形象进度 (w·bp·10000 ÷ w·10000 is bp exactly, whatever its weight).
      if (n === 1) return projects[0].physicalBp ?? 0;
      let weighted = true;
      for (const p of projects) if (!(p.plannedFen > 0)) weighted = false;
      const num = new ExactSum();
      const den = new ExactSum();
      for (const p of projects) {
        const w = weighted ? p.plannedFen : 1;
        num.addProduct(w, p.physicalBp ?? 0);
        den.addProduct(w, 10000);
      }
      const d = den.value();
      return d === 0n ? null : Number(divRoundHalfUp(num.value() * 10000n, d));
    }
    case "investment": {
      let invested = 0;
      let planned = 0;
      for (const p of projects) {
        invested += p.investedFen ?? 0;
        planned += p.plannedFen;
      }
      return ratioBasisPoints(assertFen(invested), assertFen(planned));
    }
    case "payment": {
      let paid = 0;
      let allocated = 0;
      for (const p of projects) {
        paid += p.paidFen;
        allocated += p.allocatedFen;
      }
      return ratioBasisPoints(assertFen(paid), assertFen(allocated));
    }
  }
}

// ---- the payment schedule (支付节点) ------------------------------------------------------------

/**
 * The stages of a project after which part of its money falls due. Money follows the work: a
 * project started this year is usually paid next year (当年开工、次年支付), so 开工 alone makes nothing due.
 */
export const PAYMENT_STAGES = ["completion", "acceptance", "settlement"] as const;
export type PaymentStage = (typeof PAYMENT_STAGES)[number];
export const PAYMENT_STAGE_LABEL: Record<PaymentStage, string> = { completion: "完工", acceptance: "竣工验收", settlement: "结算" };

export interface PaymentStep {
  stage: PaymentStage;
  /** Share of the project's allocated money expected paid once the step is due, in basis points. */
  shareBp: number;
  /** Days after the stage the payment may take (支付期限) before it counts as due. */
  termDays: number;
}

/**
 * The default schedule of a renovation contract as 双监控 measures it: 完工 half a year later 50%,
 * 竣工验收 half a year later 70%, 结算 (or its planned date, once passed) three months later 97% — all
 * but the 3% 质量保证金 kept through the warranty.
 */
export const DEFAULT_PAYMENT_SCHEDULE: readonly PaymentStep[] = [
  { stage: "completion", shareBp: 5000, termDays: 180 },
  { stage: "acceptance", shareBp: 7000, termDays: 180 },
  { stage: "settlement", shareBp: 9700, termDays: 90 },
];

/** The schedule in words, for the tooltip that explains a payment light. */
export function describePaymentSchedule(schedule: readonly PaymentStep[]): string {
  const steps = schedule.map((s) => `${PAYMENT_STAGE_LABEL[s.stage]}${s.stage === "settlement" ? "（或计划结算日）" : ""}后 ${s.termDays} 天内付至 ${formatBasisPoints(s.shareBp)}`);
  return `${steps.join("，")}；开工后尚不要求支付（当年开工、次年支付）`;
}

/** What is wrong with a schedule: shares within 0–100% and never falling, terms of 0–730 days. */
export function paymentScheduleProblems(schedule: readonly PaymentStep[]): string[] {
  const problems: string[] = [];
  let last = 0;
  for (const s of schedule) {
    if (!Number.isInteger(s.shareBp) || s.shareBp <= 0 || s.shareBp > 10000) problems.push(`${PAYMENT_STAGE_LABEL[s.stage]}后的应付比例须在0到100%之间`);
    if (!Number.isInteger(s.termDays) || s.termDays < 0 || s.termDays > 730) problems.push(`${PAYMENT_STAGE_LABEL[s.stage]}后的支付期限须为0到730天`);
    if (s.shareBp < last) problems.push(`${PAYMENT_STAGE_LABEL[s.stage]}后的应付比例不能低于前一节点`);
    last = s.shareBp;
  }
  return problems;
}

const addDays = (d: IsoDate, n: number): IsoDate => new Date(Date.parse(d + "T00:00:00Z") + n * DAY).toISOString().slice(0, 10);

/** The day a stage counts as reached for payment: its actual date; for 结算 the planned date too, once it passed (a late settlement does not defer what is owed). */
function stageReachedOn(p: ProjectProgress, stage: PaymentStage): IsoDate | null {
  if (stage === "completion") return p.completedOn;
  if (stage === "acceptance") return p.acceptedOn ?? null;
  const actual = p.settledOn ?? null;
  const planned = p.plannedSettlementOn ?? null;
  return actual && planned ? (actual < planned ? actual : planned) : (actual ?? planned);
}

/** The window of an indicator: the days in which its work is due. */
export interface MonitorWindow {
  from: IsoDate;
  to: IsoDate;
}

/**
 * The share of one project's allocated money expected paid by a period end, in basis points: the
 * largest share of the schedule whose stage was reached at least its term before. Nothing is due
 * before the payment window opens. A project with no date at all (no schedule to measure against)
 * is expected to keep pace with the window, as a county is.
 */
export function paymentExpectationBp(p: ProjectProgress, schedule: readonly PaymentStep[], window: MonitorWindow, periodEnd: IsoDate): number {
  if (periodEnd < window.from) return 0;
  const dated = p.startedOn || p.completedOn || p.acceptedOn || p.settledOn || p.plannedStartOn || p.plannedCompletionOn || p.plannedSettlementOn;
  if (!dated) return elapsedShareBp(window.from, window.to, periodEnd);
  // reached + term ≤ period end ⇔ reached ≤ period end − term: one date per step, not one per project.
  const latest = latestReachedOn(schedule, periodEnd);
  let due = 0;
  for (let i = 0; i < schedule.length; i++) {
    const step = schedule[i];
    const reached = stageReachedOn(p, step.stage);
    if (reached && reached <= latest[i] && step.shareBp > due) due = step.shareBp;
  }
  return due;
}

/** For each step, the last day its stage may be reached to be due by `periodEnd` (kept for the last schedule and day asked). */
function latestReachedOn(schedule: readonly PaymentStep[], periodEnd: IsoDate): IsoDate[] {
  const c = lastLatest;
  if (c.periodEnd === periodEnd && c.terms.length === schedule.length && schedule.every((s, i) => s.termDays === c.terms[i])) return c.latest;
  const terms = schedule.map((s) => s.termDays);
  lastLatest = { periodEnd, terms, latest: terms.map((t) => addDays(periodEnd, -t)) };
  return lastLatest.latest;
}
let lastLatest: { periodEnd: IsoDate; terms: number[]; latest: IsoDate[] } = { periodEnd: "", terms: [], latest: [] };

/**
 * What one project is expected to have reached by a period end. 开工 and 完工 happen on a day, so a
 * project is measured against its own planned date (due: 100%, not yet due: 0%); 资金支付进度 against
 * its payment schedule; other measures, and a project without a planned date, against the elapsed
 * share of the indicator's window.
 */
export function projectExpectationBp(measure: MonitorMeasure, p: ProjectProgress, window: MonitorWindow, periodEnd: IsoDate, schedule: readonly PaymentStep[] = DEFAULT_PAYMENT_SCHEDULE): number {
  if (measure === "payment") return paymentExpectationBp(p, schedule, window, periodEnd);
  const planned = measure === "start" ? p.plannedStartOn : measure === "completion" ? p.plannedCompletionOn : null;
  if (!planned) return elapsedShareBp(window.from, window.to, periodEnd);
  return planned <= periodEnd ? 10000 : 0;
}

/**
 * What a set of projects (a county, the city) is expected to have reached: the elapsed share of the
 * window, except 资金支付进度, where each project's due share counts by its allocated money — the
 * money the set should have paid ÷ the money it was allocated. Without allocated money, the window.
 */
export function groupExpectationBp(measure: MonitorMeasure, projects: readonly ProjectProgress[], window: MonitorWindow, periodEnd: IsoDate, schedule: readonly PaymentStep[] = DEFAULT_PAYMENT_SCHEDULE): number {
  const elapsed = elapsedShareBp(window.from, window.to, periodEnd);
  if (measure !== "payment") return elapsed;
  const due = new ExactSum();
  const allocated = new ExactSum();
  for (const p of projects) {
    if (p.allocatedFen === 0) continue;
    due.addProduct(p.allocatedFen, paymentExpectationBp(p, schedule, window, periodEnd));
    allocated.addProduct(p.allocatedFen, 1);
  }
  const a = allocated.value();
  return a === 0n ? elapsed : Number(divRoundHalfUp(due.value(), a));
}

// ---- deviation causes ------------------------------------------------------------------------

export const DEVIATION_CAUSES = ["funding", "institution", "staff", "hardware", "other"] as const;
export type DeviationCause = (typeof DEVIATION_CAUSES)[number];
export const DEVIATION_CAUSE_LABEL: Record<DeviationCause, string> = {
  funding: "经费",
  institution: "制度",
  staff: "人员",
  hardware: "硬件",
  other: "其他",
};

export const LIKELIHOODS = ["certain", "possible", "impossible"] as const;
export type Likelihood = (typeof LIKELIHOODS)[number];
export const LIKELIHOOD_LABEL: Record<Likelihood, string> = {
  certain: "确定能",
  possible: "有可能",
  impossible: "完全不可能",
};
