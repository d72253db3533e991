/**
 * 专营设施产权移交: after renovation each kind of utility facility of a community is handed over to its
 * operator. Pure: the states, the check of one record, and the share of a county (or the city).
 */
import { ratioBasisPoints } from "../money";
import { UTILITY_KINDS } from "./kinds";

/** 未移交 / 移交中 / 已移交 / 不涉及 (the community has no such facility: not required). */
export const HANDOVER_STATUSES = ["未移交", "移交中", "已移交", "不涉及"] as const;
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number];

/** Longest free-text receiver (接收单位) and note. */
export const HANDOVER_RECEIVER_MAX = 100;
export const HANDOVER_NOTE_MAX = 500;

export interface HandoverInput {
  status: HandoverStatus;
  handedOverOn: string | null;
  operatorId: number | null;
  receiver: string | null;
}

/** What is wrong with a record, in Chinese naming the field; empty when it may be stored. */
export function handoverProblems(h: HandoverInput): string[] {
  const problems: string[] = [];
  if (h.operatorId !== null && h.receiver !== null) problems.push("接收单位：请选择专营单位或填写其他接收单位，不能同时填写");
  if (h.status === "已移交") {
    if (h.handedOverOn === null) problems.push("移交日期：已移交的设施须填写移交日期");
    if (h.operatorId === null && h.receiver === null) problems.push("接收单位：已移交的设施须填写接收单位");
  } else if (h.handedOverOn !== null) {
    problems.push(`移交日期：状态为“${h.status}”时不填移交日期`);
  }
  if (h.status === "不涉及" && (h.operatorId !== null || h.receiver !== null)) problems.push("接收单位：不涉及的设施不填接收单位");
  return problems;
}

/** Counts of one county's renovated communities and their handover records. */
export interface HandoverCounts {
  /** Renovated (completed) communities. */
  communities: number;
  /** Records 已移交 (by the date counted). */
  handedOver: number;
  /** Records 移交中. */
  inProgress: number;
  /** Records 不涉及. */
  notApplicable: number;
}

export interface HandoverFigures extends HandoverCounts {
  /** Facility kinds to hand over: each community's six kinds except those 不涉及. */
  required: number;
  /** 专营设施移交率 = 已移交 ÷ required, basis points half-up; null when nothing is required. */
  shareBp: number | null;
}

export const EMPTY_HANDOVER_COUNTS: HandoverCounts = { communities: 0, handedOver: 0, inProgress: 0, notApplicable: 0 };

export function addHandoverCounts(list: readonly HandoverCounts[]): HandoverCounts {
  return list.reduce(
    (a, c) => ({ communities: a.communities + c.communities, handedOver: a.handedOver + c.handedOver, inProgress: a.inProgress + c.inProgress, notApplicable: a.notApplicable + c.notApplicable }),
    EMPTY_HANDOVER_COUNTS,
  );
}

export function handoverFigures(c: HandoverCounts): HandoverFigures {
  const required = c.communities * UTILITY_KINDS.length - c.notApplicable;
  return { ...c, required, shareBp: required > 0 ? ratioBasisPoints(c.handedOver, required) : null };
}
