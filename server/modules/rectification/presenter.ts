/** The fields a client sees of findings, items, their history and evidence. */
import type { Finding, FindingFigures, RectificationItem, RectificationItemDetail } from "../../../contracts/rectification";
import { can, type Actor } from "../../../core/access";
import {
  ACTION_LABEL,
  availableActions,
  canDeleteItem,
  canEditItem,
  canWorkEvidence,
  dueInDays,
  isOverdue,
  ITEM_STATE_LABEL,
  ownerLabel,
  SEVERITY_LABEL,
  type TaskFacts,
} from "../../../core/rectification/rules";
import type * as repo from "./repository";
import { ownerOf } from "./access";

export function scopeLabelOf(scope: "city" | "county" | "project", countyName: string | null, projectName: string | null): string {
  if (scope === "city") return "全市";
  if (scope === "county") return countyName ?? "县区";
  return `${countyName ?? ""} ${projectName ?? "项目"}`.trim();
}

export function presentFinding(row: repo.FindingRow, summary: { total: number; accepted: number; overdue: number } | undefined, rights: { edit: boolean; assign: boolean }): Finding {
  const f = row.finding;
  return {
    id: f.id,
    taskId: f.taskId,
    taskName: row.taskName,
    scope: f.scope,
    scopeLabel: scopeLabelOf(f.scope, row.countyName, row.projectName),
    countyId: f.countyId,
    countyName: row.countyName,
    projectId: f.projectId,
    projectName: row.projectName,
    category: f.category,
    severity: f.severity,
    severityLabel: SEVERITY_LABEL[f.severity],
    title: f.title,
    description: f.description,
    descriptionText: f.description,
    evidence: f.evidence,
    origin: f.origin,
    evaluationScopeId: f.evaluationScopeId,
    leafCode: f.leafCode,
    commentId: f.commentId,
    figures: (f.figures as FindingFigures | null) ?? null,
    sortOrder: f.sortOrder,
    version: f.version,
    createdByName: f.createdByName,
    createdAt: f.createdAt.toISOString(),
    items: summary ?? { total: 0, accepted: 0, overdue: 0 },
    can: rights,
  };
}

export function presentItem(row: repo.ItemRow, actor: Actor, task: TaskFacts, today: string): RectificationItem {
  const i = row.item;
  const owner = ownerOf(i);
  const actions = availableActions(actor, owner, i.state);
  const work = can(actor, "rectification.work");
  const verify = can(actor, "rectification.verify");
  const assign = can(actor, "rectification.assign");
  return {
    id: i.id,
    findingId: i.findingId,
    findingTitle: row.findingTitle,
    findingCategory: row.findingCategory,
    findingSeverity: row.findingSeverity,
    taskId: row.taskId,
    taskName: row.taskName,
    ownerKind: i.ownerKind,
    countyId: i.ownerCountyId,
    countyName: row.countyName,
    department: i.ownerDepartment,
    ownerLabel: ownerLabel(owner, row.countyName),
    deadline: i.deadline,
    measures: i.measures,
    state: i.state,
    stateLabel: ITEM_STATE_LABEL[i.state],
    progress: i.progress,
    overdue: isOverdue(i.state, i.deadline, i.overdueSince, today),
    overdueSince: i.overdueSince,
    dueInDays: dueInDays(i.deadline, today),
    submittedAt: i.submittedAt?.toISOString() ?? null,
    verifiedAt: i.verifiedAt?.toISOString() ?? null,
    verifiedByName: i.verifiedByName,
    evidenceCount: row.evidenceCount,
    version: i.version,
    createdByName: i.createdByName,
    createdAt: i.createdAt.toISOString(),
    can: {
      edit: assign && canEditItem(actor, task, i.state),
      delete: assign && canDeleteItem(actor, task, i.state),
      start: work && actions.includes("start"),
      submit: work && actions.includes("submit"),
      accept: verify && actions.includes("accept"),
      return: verify && actions.includes("return"),
      evidence: work && canWorkEvidence(actor, owner, i.state),
    },
  };
}

export function presentEvidence(e: repo.EvidenceMeta) {
  return { id: e.id, fileName: e.fileName, mimeType: e.mimeType, sizeBytes: e.sizeBytes, uploadedByName: e.uploadedByName, uploadedAt: e.uploadedAt.toISOString() };
}

type EventRow = Awaited<ReturnType<typeof repo.listEvents>>[number];
type State = RectificationItem["state"];

export function presentEvent(e: EventRow): RectificationItemDetail["history"][number] {
  return {
    id: e.id,
    action: e.action,
    actionLabel: ACTION_LABEL[e.action] ?? e.action,
    fromState: (e.fromState as State | null) ?? null,
    toState: (e.toState as State | null) ?? null,
    note: e.note,
    actorName: e.actorName,
    actorRole: e.actorRole,
    at: e.at.toISOString(),
  };
}
