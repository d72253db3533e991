/** 问题: list a task's findings and record one — from a leaf that lost points, from a county reply, or by hand. */
import type { Sheet, SheetNodeView } from "../../../contracts/evaluations";
import type { Finding, FindingCreate, FindingFigures, FindingList } from "../../../contracts/rectification";
import { can } from "../../../core/access";
import { formatBasisPoints } from "../../../core/money";
import { canAssign, canEditFindings, leafFindingText } from "../../../core/rectification/rules";
import type { DbOrTx } from "../../../db/open";
import { AppError, notFound } from "../../errors";
import type { ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import { getSheet, lockTaskState } from "../evaluations/service";
import { taskInfo, type TaskInfo } from "./access";
import { presentFinding } from "./presenter";
import * as repo from "./repository";

export function findingRights(ctx: ServiceContext, task: TaskInfo) {
  return { edit: can(ctx.actor, "findings.write") && canEditFindings(ctx.actor, task), assign: can(ctx.actor, "rectification.assign") && canAssign(ctx.actor, task) };
}

export async function presentFindings(db: DbOrTx, ctx: ServiceContext, task: TaskInfo, rows: repo.FindingRow[]): Promise<Finding[]> {
  const summaries = await repo.itemSummaries(db, rows.map((r) => r.finding.id));
  const rights = findingRights(ctx, task);
  return rows.map((r) => presentFinding(r, summaries.get(r.finding.id), rights));
}

/** A task's findings in their order; a county sees only those it owns items of. */
export async function listFindings(ctx: ServiceContext, taskId: number): Promise<FindingList> {
  const task = await taskInfo(ctx, taskId);
  const rows = await repo.listFindings(ctx.db, taskId, ctx.actor.role === "county" ? (ctx.actor.countyId ?? -1) : undefined);
  const rights = findingRights(ctx, task);
  return { taskId, taskName: task.name, taskState: task.state, locked: task.state === "final", findings: await presentFindings(ctx.db, ctx, task, rows), can: { create: rights.edit, assign: rights.assign } };
}

/** Refuses unless the actor may edit the task's findings now (the state is read under the task's lock). */
export function assertFindingsEditable(ctx: ServiceContext, task: TaskInfo): void {
  if (task.state === "final") throw new AppError("CONFLICT", `评价任务「${task.name}」已定稿，问题清单已锁定，不能再修改（仍可新建和办理整改事项）`);
  if (!can(ctx.actor, "findings.write") || !canEditFindings(ctx.actor, task)) throw new AppError("FORBIDDEN", "只有市财政局或本任务的评价机构可以记录和修改问题");
}

function findNode(nodes: SheetNodeView[], code: string): SheetNodeView | null {
  for (const n of nodes) {
    if (n.code === code) return n;
    const x = findNode(n.children, code);
    if (x) return x;
  }
  return null;
}

/** The figures of a leaf as the sheet shows them, or null when the code is no leaf of the sheet. */
export function leafFigures(sheet: Sheet, code: string): FindingFigures | null {
  const node = findNode(sheet.nodes, code);
  if (!node || !node.leaf) return null;
  const l = node.leaf;
  const unit = l.unit && l.unit !== "%" ? l.unit : "";
  const valueText = l.rateBp !== null ? formatBasisPoints(l.rateBp) : l.value ? `${l.value.den === 1 ? l.value.num : `${l.value.num}/${l.value.den}`}${unit}` : null;
  const deductions = [l.ruleText ? `评分规则：${l.ruleText}` : "", l.formula ? `计算：${l.formula}` : "", l.reason ? `扣分理由：${l.reason}` : "", l.missing ? `缺少数据：${l.missing}` : ""].filter((s) => s !== "");
  return { leafCode: node.code, leafName: node.name, weight: node.weight, score: node.score, lost: node.lost, valueText, deductions, figures: l.figures };
}

interface Placement {
  scope: "city" | "county" | "project";
  countyId: number | null;
  projectId: number | null;
  evaluationScopeId: number | null;
  leafCode: string | null;
  commentId: number | null;
  figures: FindingFigures | null;
  title: string;
  description: string;
}

const fromSheet = (sheet: Sheet) => ({ scope: sheet.scope.kind === "city" ? ("city" as const) : ("county" as const), countyId: sheet.scope.kind === "city" ? null : sheet.scope.countyId });

/** Reads what the finding rests on (outside the write's transaction: the sheet is computed from many tables). */
async function placementOf(ctx: ServiceContext, task: TaskInfo, input: FindingCreate): Promise<Placement> {
  if (input.origin === "leaf") {
    const scope = await repo.findScope(ctx.db, input.evaluationScopeId);
    if (!scope || scope.taskId !== task.id) throw notFound("评价范围");
    const sheet = await getSheet(ctx, task.id, scope.id);
    const figures = leafFigures(sheet, input.leafCode);
    if (!figures) throw new AppError("VALIDATION_FAILED", `指标 ${input.leafCode} 不是「${sheet.scope.name}」评分表的末级指标（leafCode）`);
    if (figures.lost <= 0) throw new AppError("CONFLICT", `「${figures.leafName}」未失分，不能据此记录问题；如有问题请手工添加`);
    const text = leafFindingText(figures, sheet.scope.name);
    return { ...fromSheet(sheet), projectId: null, evaluationScopeId: scope.id, leafCode: figures.leafCode, commentId: null, figures, title: input.title || text.title, description: input.description || text.description };
  }
  if (input.origin === "reply") {
    const comment = await repo.findComment(ctx.db, input.commentId);
    if (!comment || comment.taskId !== task.id) throw notFound("反馈意见");
    const sheet = await getSheet(ctx, task.id, comment.scopeId);
    const figures = leafFigures(sheet, comment.code);
    const about = figures ? `「${figures.leafName}」` : "";
    return {
      ...fromSheet(sheet),
      projectId: null,
      evaluationScopeId: comment.scopeId,
      leafCode: comment.code,
      commentId: comment.id,
      figures,
      title: input.title || `${sheet.scope.name}${about}反馈问题`.slice(0, 200),
      description: input.description || `${sheet.scope.name}${about}${comment.authorName}反馈：${comment.body}`.slice(0, 4000),
    };
  }
  const base = { evaluationScopeId: null, leafCode: null, commentId: null, figures: null, title: input.title, description: input.description };
  if (input.scope === "city") {
    if (input.countyId || input.projectId) throw new AppError("VALIDATION_FAILED", "全市范围的问题不填县区（countyId）和项目（projectId）");
    return { ...base, scope: "city", countyId: null, projectId: null };
  }
  if (input.scope === "county") {
    if (!input.countyId) throw new AppError("VALIDATION_FAILED", "请选择问题所在县区（countyId）");
    if (input.projectId) throw new AppError("VALIDATION_FAILED", "县区范围的问题不填项目（projectId）；问题在某个项目上请选择范围「项目」");
    const county = await repo.findCounty(ctx.db, input.countyId);
    if (!county || !county.path.startsWith(task.regionPath)) throw new AppError("VALIDATION_FAILED", "县区（countyId）不是本任务所在市的县区");
    return { ...base, scope: "county", countyId: county.id, projectId: null };
  }
  if (!input.projectId) throw new AppError("VALIDATION_FAILED", "请选择问题所在项目（projectId）");
  const project = await repo.findProject(ctx.db, input.projectId);
  if (!project || project.fundYearId !== task.fundYearId) throw new AppError("VALIDATION_FAILED", "项目（projectId）不是本任务年度的项目");
  if (input.countyId && input.countyId !== project.countyId) throw new AppError("VALIDATION_FAILED", "县区（countyId）与项目所属县区不一致");
  return { ...base, scope: "project", countyId: project.countyId, projectId: project.id };
}

export async function recordFinding(ctx: ServiceContext, taskId: number, input: FindingCreate): Promise<Finding> {
  const seen = await taskInfo(ctx, taskId);
  assertFindingsEditable(ctx, seen);
  const place = await placementOf(ctx, seen, input);
  const id = await ctx.db.transaction(async (tx) => {
    await lockTaskState(tx, taskId);
    const task = await taskInfo(ctx, taskId, tx);
    assertFindingsEditable(ctx, task);
    const row = await repo.insertFinding(tx, {
      taskId,
      ...place,
      category: input.category,
      severity: input.severity,
      evidence: input.evidence ?? "",
      origin: input.origin,
      sortOrder: await repo.nextSortOrder(tx, taskId),
      createdBy: ctx.actor.userId || null,
      createdByName: ctx.actor.displayName,
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "create",
      entityType: "finding",
      entityId: row!.id,
      countyId: place.countyId,
      summary: `记录问题「${task.name}」：${place.title}（${input.category}）`,
      after: { ...place, category: input.category, severity: input.severity },
    });
    return row!.id;
  });
  const row = (await repo.findFinding(ctx.db, id))!;
  return (await presentFindings(ctx.db, ctx, seen, [row]))[0]!;
}
