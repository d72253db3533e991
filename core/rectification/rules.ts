/**
 * 问题与整改: the words, the state machine of a rectification item and who may do what. Pure: the
 * caller passes the actor, the item, the task (and whether the actor is the task's evaluator) and today.
 */
import type { Actor } from "../access";
import type { IsoDate } from "../dates";

export const FINDING_CATEGORIES = ["资金管理", "项目管理", "资金筹措", "长效管养", "绩效管理", "其他"] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

export const SEVERITIES = ["minor", "major", "severe"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABEL: Record<Severity, string> = { minor: "一般", major: "较重", severe: "严重" };

export const FINDING_SCOPES = ["city", "county", "project"] as const;
export type FindingScope = (typeof FINDING_SCOPES)[number];
export const FINDING_ORIGINS = ["leaf", "reply", "manual"] as const;

export const ITEM_STATES = ["pending", "in_progress", "submitted", "accepted", "returned"] as const;
export type ItemState = (typeof ITEM_STATES)[number];
export const ITEM_STATE_LABEL: Record<ItemState, string> = {
  pending: "待整改",
  in_progress: "整改中",
  submitted: "已提交",
  accepted: "已验收",
  returned: "退回",
};

export const ITEM_ACTIONS = ["start", "submit", "accept", "return"] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];
export const ACTION_LABEL: Record<string, string> = {
  create: "创建",
  start: "开始整改",
  submit: "提交",
  accept: "验收",
  return: "退回",
  edit: "修改",
  overdue: "逾期",
  evidence: "上传佐证",
  evidence_delete: "删除佐证",
  remind: "到期提醒",
};

export const OWNER_DEPARTMENTS = ["housing", "finance"] as const;
export type OwnerDepartment = (typeof OWNER_DEPARTMENTS)[number];
export const DEPARTMENT_LABEL: Record<OwnerDepartment, string> = { housing: "市住建局", finance: "市财政局" };

export type Owner = { kind: "county"; countyId: number } | { kind: "department"; department: OwnerDepartment };

/** The task a finding belongs to, as the rules need it. */
export interface TaskFacts {
  state: "draft" | "scoring" | "reply" | "final";
  /** The actor is an evaluator of the task's organisation (server evaluations/access orgMatches). */
  actorIsEvaluator: boolean;
}

const FROM: Record<ItemAction, readonly ItemState[]> = {
  start: ["pending", "returned"],
  submit: ["in_progress", "returned"],
  accept: ["submitted"],
  return: ["submitted"],
};
const TO: Record<ItemAction, ItemState> = { start: "in_progress", submit: "submitted", accept: "accepted", return: "returned" };

/** Whether the actor is the item's owner: a 县区 user of the owning county, or a user of the owning department's role. */
export function isOwner(actor: Actor, owner: Owner): boolean {
  if (actor.role === "system") return true;
  if (owner.kind === "county") return actor.role === "county" && actor.countyId === owner.countyId;
  return actor.role === owner.department;
}

/** 验收 / 退回: housing or finance, never the owning department itself (a housing-owned item is verified by finance). */
export function canVerify(actor: Actor, owner: Owner): boolean {
  if (actor.role === "system") return true;
  if (actor.role !== "housing" && actor.role !== "finance") return false;
  return !(owner.kind === "department" && owner.department === actor.role);
}

/** Record and edit findings: finance or the task's evaluator, until the task is final. */
export function canEditFindings(actor: Actor, task: TaskFacts): boolean {
  if (task.state === "final") return false;
  return actor.role === "system" || actor.role === "finance" || (actor.role === "evaluator" && task.actorIsEvaluator);
}

/** Create items for findings of the task: finance, housing or the task's evaluator (also on a final task). */
export function canAssign(actor: Actor, task: TaskFacts): boolean {
  return actor.role === "system" || actor.role === "finance" || actor.role === "housing" || (actor.role === "evaluator" && task.actorIsEvaluator);
}

/** Edit an item's owner, deadline and measures: an assigner, while the item is pending or returned. */
export function canEditItem(actor: Actor, task: TaskFacts, state: ItemState): boolean {
  return canAssign(actor, task) && (state === "pending" || state === "returned");
}

/** Delete an item: an assigner, while it is pending. */
export function canDeleteItem(actor: Actor, task: TaskFacts, state: ItemState): boolean {
  return canAssign(actor, task) && state === "pending";
}

/** Upload or delete evidence: the owner, before the item is submitted (or after it was returned). */
export function canWorkEvidence(actor: Actor, owner: Owner, state: ItemState): boolean {
  return isOwner(actor, owner) && (state === "pending" || state === "in_progress" || state === "returned");
}

/** Whether the actor's role may take the action on an item of this owner (the state aside). */
export function mayAct(actor: Actor, owner: Owner, action: ItemAction): boolean {
  return action === "start" || action === "submit" ? isOwner(actor, owner) : canVerify(actor, owner);
}

export interface TransitionInput {
  state: ItemState;
  action: ItemAction;
  /** Evidence files the item has. */
  evidenceCount: number;
  /** The owner's account of what was done (submit). */
  progress: string;
  /** A verifier's note: the reason of a return. */
  note: string;
}

export type TransitionOutcome =
  | { ok: true; to: ItemState }
  | { ok: false; code: "FORBIDDEN" | "CONFLICT" | "VALIDATION_FAILED"; message: string; field?: string };

/** The actions the actor may take on the item now. */
export function availableActions(actor: Actor, owner: Owner, state: ItemState): ItemAction[] {
  return ITEM_ACTIONS.filter((a) => FROM[a].includes(state) && mayAct(actor, owner, a));
}

/**
 * One state change: who may (the owner starts and submits, a verifier accepts and returns), from which
 * state, and what it needs (submit: at least one evidence file and a progress account; return: a reason).
 */
export function transition(actor: Actor, owner: Owner, input: TransitionInput): TransitionOutcome {
  const { action, state } = input;
  if (!mayAct(actor, owner, action)) {
    const message =
      action === "start" || action === "submit"
        ? "只有责任单位可以开始整改或提交整改情况"
        : owner.kind === "department" && owner.department === actor.role
          ? "责任部门不能验收本部门的整改事项，请由另一部门验收"
          : "只有市住建局或市财政局可以验收或退回整改事项";
    return { ok: false, code: "FORBIDDEN", message };
  }
  if (!FROM[action].includes(state)) {
    const allowed = FROM[action].map((s) => ITEM_STATE_LABEL[s]).join("或");
    return { ok: false, code: "CONFLICT", message: `整改事项当前为「${ITEM_STATE_LABEL[state]}」，只有「${allowed}」的事项可以${ACTION_LABEL[action]}` };
  }
  if (action === "submit") {
    if (input.evidenceCount < 1) return { ok: false, code: "VALIDATION_FAILED", message: "提交前请至少上传一份整改佐证材料", field: "evidence" };
    if (input.progress.trim() === "") return { ok: false, code: "VALIDATION_FAILED", message: "请填写整改情况（progress）", field: "progress" };
  }
  if (action === "return" && input.note.trim() === "") return { ok: false, code: "VALIDATION_FAILED", message: "退回时请填写退回理由（note）", field: "note" };
  return { ok: true, to: TO[action] };
}

/** After its deadline: today is later than the deadline (ISO dates, Beijing time). The daily job marks such items. */
export function pastDeadline(deadline: IsoDate, today: IsoDate): boolean {
  return today > deadline;
}

/** Overdue (逾期): marked by the daily job and not yet submitted or accepted. */
// The deadline and today are taken so that callers read as the rule; the job has already compared them.
export function isOverdue(state: ItemState, _deadline: IsoDate, overdueSince: IsoDate | null, _today: IsoDate): boolean {
  return overdueSince !== null && state !== "submitted" && state !== "accepted";
}

const dayNumber = (iso: IsoDate) => Math.round(Date.parse(iso + "T00:00:00Z") / 86_400_000);

/** Days from today to the deadline: 0 on the day, negative once past. */
export function dueInDays(deadline: IsoDate, today: IsoDate): number {
  return dayNumber(deadline) - dayNumber(today);
}

/** 县区名, 市住建局 or 市财政局. */
export function ownerLabel(owner: Owner, countyName: string | null): string {
  return owner.kind === "county" ? (countyName ?? "县区") : DEPARTMENT_LABEL[owner.department];
}

/** The default title and description of a finding made from a leaf that lost points. */
export function leafFindingText(f: { leafName: string; weight: number; score: number; lost: number; valueText: string | null; deductions: string[] }, scopeName: string): { title: string; description: string } {
  const pts = (c: number) => (c / 100).toFixed(2).replace(/\.?0+$/, "");
  const parts = [`${scopeName}「${f.leafName}」指标分值 ${pts(f.weight)} 分，得 ${pts(f.score)} 分，失 ${pts(f.lost)} 分。`];
  if (f.valueText) parts.push(`指标值为 ${f.valueText}。`);
  const reasons = f.deductions.filter((d) => d.trim() !== "");
  if (reasons.length > 0) parts.push(reasons.join("；") + "。");
  return { title: `${f.leafName}失分`, description: parts.join("").replace(/。。/g, "。") };
}
