/**
 * Indicator templates (versioned) and grade scales. A published template version never changes: an
 * edit is a new draft version of the same family, published when its checks pass.
 */
import crypto from "node:crypto";
import type { GradeScaleRecord, TemplateDetail, TemplateSave, TemplateSummary } from "../../../contracts/evaluations";
import { gradeScaleProblems, type GradeScale } from "../../../core/scoring/grades";
import { DEFAULT_TEMPLATE } from "../../../core/scoring/default-template";
import { hasErrors, templateProblems, type IndicatorTree } from "../../../core/scoring/template";
import { ensureEvaluationBuiltIns } from "../../../db/builtins/evaluations";
import { AppError, notFound } from "../../errors";
import type { ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import { METRIC_KEYS } from "./metrics";
import { presentGradeScale, presentTemplateSummary } from "./presenter";
import * as repo from "./repository";
import { updateVersioned } from "../../versioned";

export async function listTemplates(ctx: ServiceContext): Promise<TemplateSummary[]> {
  await ensureEvaluationBuiltIns(ctx.db);
  const [rows, usage] = await Promise.all([repo.listTemplates(ctx.db), repo.templateUsage(ctx.db)]);
  return rows.map((r) => presentTemplateSummary(r, usage.get(r.id) ?? 0));
}

export async function getTemplate(ctx: ServiceContext, id: number): Promise<TemplateDetail> {
  const r = await repo.findTemplate(ctx.db, id);
  if (!r) throw notFound("指标体系模板");
  const [usage, versions] = await Promise.all([repo.templateUsage(ctx.db), repo.templateVersions(ctx.db, r.code)]);
  const tree = r.tree as IndicatorTree;
  return { ...presentTemplateSummary(r, usage.get(r.id) ?? 0), tree, problems: templateProblems(tree, { metricKeys: METRIC_KEYS }), versions };
}

/** Checks a tree without saving it (the editor shows the problems as the user types). */
export function checkTree(tree: IndicatorTree) {
  return { problems: templateProblems(tree, { metricKeys: METRIC_KEYS }) };
}

/** A new draft: the next version of a template's family, a copy as a new family, or the default template. */
export async function createTemplate(ctx: ServiceContext, input: { fromId?: number; newFamily: boolean; name?: string }): Promise<TemplateDetail> {
  const id = await ctx.db.transaction(async (tx) => {
    let tree: IndicatorTree = DEFAULT_TEMPLATE;
    let code = `tpl-${crypto.randomBytes(4).toString("hex")}`;
    let name = input.name ?? "新建指标体系";
    let version = 1;
    if (input.fromId) {
      const from = await repo.findTemplate(tx, input.fromId);
      if (!from) throw notFound("指标体系模板");
      tree = from.tree as IndicatorTree;
      name = input.name ?? (input.newFamily ? `${from.name}（副本）` : from.name);
      if (!input.newFamily) {
        code = from.code;
        const versions = await repo.templateVersions(tx, from.code);
        const draft = versions.find((v) => v.status === "draft");
        if (draft) throw new AppError("CONFLICT", `「${from.name}」已有未发布的第 ${draft.version} 版草稿，请先编辑或删除该草稿`);
        version = await repo.nextTemplateVersion(tx, code);
      }
    }
    const row = await repo.insertTemplate(tx, { code, version, name, status: "draft", tree, createdBy: ctx.actor.userId || null });
    if (!row) throw new AppError("CONFLICT", "有人同时新建了同一模板的新版本，请刷新后重试");
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "create",
      entityType: "indicator_template",
      entityId: row.id,
      summary: `新建指标体系模板「${name}」第 ${version} 版（草稿）`,
      after: { code, version, name },
    });
    return row.id;
  });
  return getTemplate(ctx, id);
}

export async function saveTemplate(ctx: ServiceContext, id: number, input: TemplateSave): Promise<TemplateDetail> {
  await ctx.db.transaction(async (tx) => {
    await repo.lockTemplate(tx, id);
    const r = await repo.findTemplate(tx, id);
    if (!r) throw notFound("指标体系模板");
    if (r.status !== "draft") throw new AppError("CONFLICT", `「${r.name}」第 ${r.version} 版已发布，不能修改；请新建版本后编辑`);
    await updateVersioned(tx, repo.TEMPLATE, {
      where: repo.templateKey(id),
      expected: input.revision,
      actorId: ctx.actor.userId || null,
      set: { name: input.name, ...(input.note != null ? { note: input.note } : {}), tree: input.tree },
    });
    const problems = templateProblems(input.tree, { metricKeys: METRIC_KEYS });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "update",
      entityType: "indicator_template",
      entityId: id,
      summary: `保存指标体系模板「${input.name}」第 ${r.version} 版草稿${hasErrors(problems) ? `（尚有 ${problems.filter((p) => p.level === "error").length} 个问题）` : ""}`,
      before: { name: r.name, tree: r.tree },
      after: { name: input.name, tree: input.tree },
    });
  });
  return getTemplate(ctx, id);
}

export async function publishTemplate(ctx: ServiceContext, id: number): Promise<TemplateDetail> {
  await ctx.db.transaction(async (tx) => {
    await repo.lockTemplate(tx, id);
    const r = await repo.findTemplate(tx, id);
    if (!r) throw notFound("指标体系模板");
    if (r.status !== "draft") throw new AppError("CONFLICT", `「${r.name}」第 ${r.version} 版已发布`);
    const problems = templateProblems(r.tree as IndicatorTree, { metricKeys: METRIC_KEYS }).filter((p) => p.level === "error");
    if (problems.length) throw new AppError("CONFLICT", `模板未通过校验，不能发布：${problems.map((p) => p.message).join("；")}`);
    for (const v of await repo.templateVersions(tx, r.code)) if (v.status === "published") await repo.updateTemplate(tx, v.id, { status: "retired" });
    await repo.updateTemplate(tx, id, { status: "published", publishedAt: new Date() });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "approve",
      entityType: "indicator_template",
      entityId: id,
      summary: `发布指标体系模板「${r.name}」第 ${r.version} 版`,
      before: { status: "draft" },
      after: { status: "published" },
    });
  });
  return getTemplate(ctx, id);
}

export async function deleteTemplate(ctx: ServiceContext, id: number): Promise<{ ok: true }> {
  await ctx.db.transaction(async (tx) => {
    await repo.lockTemplate(tx, id);
    const r = await repo.findTemplate(tx, id);
    if (!r) throw notFound("指标体系模板");
    if (r.status !== "draft") throw new AppError("CONFLICT", "只能删除未发布的草稿版本");
    await repo.deleteTemplate(tx, id);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "delete",
      entityType: "indicator_template",
      entityId: id,
      summary: `删除指标体系模板「${r.name}」第 ${r.version} 版草稿`,
      before: { name: r.name, version: r.version },
    });
  });
  return { ok: true };
}

// ---- grade scales ----------------------------------------------------------------------------

export async function listGradeScales(ctx: ServiceContext): Promise<GradeScaleRecord[]> {
  await ensureEvaluationBuiltIns(ctx.db);
  const [rows, usage] = await Promise.all([repo.listGradeScales(ctx.db), repo.scaleUsage(ctx.db)]);
  return rows.map((r) => presentGradeScale(r, usage.get(r.id) ?? 0));
}

function checkScale(scale: GradeScale) {
  const problems = gradeScaleProblems(scale);
  if (problems.length) {
    throw new AppError(
      "VALIDATION_FAILED",
      `等级标准有误：${problems.join("；")}`,
      problems.map((message) => ({ row: null, column: null, message })),
    );
  }
}

export async function createGradeScale(ctx: ServiceContext, scale: GradeScale): Promise<GradeScaleRecord> {
  checkScale(scale);
  const row = await ctx.db.transaction(async (tx) => {
    const r = await repo.insertGradeScale(tx, { code: `scale-${crypto.randomBytes(4).toString("hex")}`, name: scale.name, definition: scale });
    if (!r) throw new AppError("CONFLICT", "请重试");
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "create",
      entityType: "grade_scale",
      entityId: r.id,
      summary: `新建等级标准「${scale.name}」`,
      after: scale,
    });
    return r;
  });
  return presentGradeScale(row, 0);
}

/** Replaces a scale's definition, over the version the user saw (VERSION_CONFLICT otherwise). */
export async function updateGradeScale(ctx: ServiceContext, id: number, input: GradeScale & { version: number }): Promise<GradeScaleRecord> {
  const { version, ...scale } = input;
  checkScale(scale);
  await ctx.db.transaction(async (tx) => {
    const found = await repo.findGradeScale(tx, id);
    if (!found) throw notFound("等级标准");
    if (found.builtIn) throw new AppError("CONFLICT", "内置等级标准不能修改，可新建一个等级标准");
    const { before: r } = await updateVersioned(tx, repo.GRADE_SCALE, {
      where: repo.gradeScaleKey(id),
      expected: version,
      actorId: ctx.actor.userId || null,
      set: { name: scale.name, definition: scale },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "update",
      entityType: "grade_scale",
      entityId: id,
      // Tasks keep their own copy: editing a scale never regrades an existing task.
      summary: `修改等级标准「${scale.name}」（已建任务保留原等级标准副本）`,
      before: r!.definition,
      after: scale,
    });
  });
  const usage = await repo.scaleUsage(ctx.db);
  return presentGradeScale((await repo.findGradeScale(ctx.db, id))!, usage.get(id) ?? 0);
}

export async function deleteGradeScale(ctx: ServiceContext, id: number): Promise<{ ok: true }> {
  await ctx.db.transaction(async (tx) => {
    const r = await repo.findGradeScale(tx, id);
    if (!r) throw notFound("等级标准");
    if (r.builtIn) throw new AppError("CONFLICT", "内置等级标准不能删除");
    if ((await repo.scaleUsage(tx)).get(id)) throw new AppError("CONFLICT", "已有评价任务使用该等级标准，不能删除");
    await repo.deleteGradeScale(tx, id);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "delete",
      entityType: "grade_scale",
      entityId: id,
      summary: `删除等级标准「${r.name}」`,
      before: r.definition,
    });
  });
  return { ok: true };
}
