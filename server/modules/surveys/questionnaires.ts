/**
 * 满意度问卷, versioned like indicator templates: a published version never changes; an edit is a new
 * draft version of the family, published when its checks pass. A survey copies the version it uses.
 */
import crypto from "node:crypto";
import type { z } from "zod";
import type { QuestionnaireRecord, questionnaireCreateSchema, questionnaireUpdateSchema } from "../../../contracts/surveys";
import { checkQuestionnaire, type Questionnaire } from "../../../core/survey/questionnaire";
import { ensureSurveyBuiltIns } from "../../../db/builtins/surveys";
import { AppError, notFound } from "../../errors";
import type { ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import { updateVersioned } from "../../versioned";
import * as repo from "./repository";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function present(r: repo.QuestionnaireRow, usedBy: number): QuestionnaireRecord {
  return {
    id: r.id,
    code: r.code,
    version: r.version,
    name: r.name,
    status: r.status,
    builtIn: r.builtIn,
    definition: r.definition as Questionnaire,
    revision: r.revision,
    usedBy,
    updatedAt: r.updatedAt.toISOString(),
    publishedAt: iso(r.publishedAt),
  };
}

export async function listQuestionnaires(ctx: ServiceContext): Promise<QuestionnaireRecord[]> {
  await ensureSurveyBuiltIns(ctx.db);
  const [rows, usage] = await Promise.all([repo.listQuestionnaires(ctx.db), repo.questionnaireUsage(ctx.db)]);
  return rows.map((r) => present(r, usage.get(r.id) ?? 0));
}

export async function getQuestionnaire(ctx: ServiceContext, id: number): Promise<QuestionnaireRecord> {
  const r = await repo.findQuestionnaire(ctx.db, id);
  if (!r) throw notFound("问卷");
  const usage = await repo.questionnaireUsage(ctx.db);
  return present(r, usage.get(r.id) ?? 0);
}

/** A new draft copied from a version: the next version of its family, or a new family. */
export async function createQuestionnaire(ctx: ServiceContext, input: z.infer<typeof questionnaireCreateSchema>): Promise<QuestionnaireRecord> {
  const id = await ctx.db.transaction(async (tx) => {
    const from = await repo.findQuestionnaire(tx, input.fromId);
    if (!from) throw notFound("问卷");
    let code = `q-${crypto.randomBytes(4).toString("hex")}`;
    let version = 1;
    const name = input.name ?? (input.newFamily ? `${from.name}（副本）` : from.name);
    if (!input.newFamily) {
      code = from.code;
      const all = await repo.listQuestionnaires(tx);
      const draft = all.find((q) => q.code === code && q.status === "draft");
      if (draft) throw new AppError("CONFLICT", `「${from.name}」已有未发布的第 ${draft.version} 版草稿，请先编辑或删除该草稿`);
      version = await repo.nextQuestionnaireVersion(tx, code);
    }
    const row = await repo.insertQuestionnaire(tx, { code, version, name, status: "draft", definition: from.definition, createdBy: ctx.actor.userId || null });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "create",
      entityType: "survey_questionnaire",
      entityId: row.id,
      summary: `新建问卷「${name}」第 ${version} 版（草稿）`,
      after: { code, version, name },
    });
    return row.id;
  });
  return getQuestionnaire(ctx, id);
}

async function draftOf(tx: Parameters<typeof repo.findQuestionnaire>[0], id: number) {
  const r = await repo.findQuestionnaire(tx, id);
  if (!r) throw notFound("问卷");
  if (r.status !== "draft") throw new AppError("CONFLICT", `「${r.name}」第 ${r.version} 版已发布，不能修改；请复制为新版本后编辑`);
  return r;
}

export async function saveQuestionnaire(ctx: ServiceContext, id: number, input: z.infer<typeof questionnaireUpdateSchema>): Promise<QuestionnaireRecord> {
  await ctx.db.transaction(async (tx) => {
    const r = await draftOf(tx, id);
    const set: Record<string, unknown> = {};
    if (input.name !== undefined) set.name = input.name;
    if (input.definition !== undefined) set.definition = input.definition;
    await updateVersioned(tx, repo.QUESTIONNAIRE, { where: repo.questionnaireKey(id), expected: input.revision, actorId: ctx.actor.userId || null, set });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "update",
      entityType: "survey_questionnaire",
      entityId: id,
      summary: `修改问卷「${input.name ?? r.name}」第 ${r.version} 版（草稿）`,
    });
  });
  return getQuestionnaire(ctx, id);
}

export async function publishQuestionnaire(ctx: ServiceContext, id: number, revision: number): Promise<QuestionnaireRecord> {
  await ctx.db.transaction(async (tx) => {
    const r = await draftOf(tx, id);
    const problems = checkQuestionnaire(r.definition as Questionnaire);
    if (problems.length) throw new AppError("VALIDATION_FAILED", `问卷尚不能发布：${problems.join("；")}`, problems.map((message) => ({ row: null, column: null, message })));
    await updateVersioned(tx, repo.QUESTIONNAIRE, {
      where: repo.questionnaireKey(id),
      expected: revision,
      actorId: ctx.actor.userId || null,
      set: { status: "published", publishedAt: new Date() },
    });
    await recordAudit(tx, { actor: ctx.actor, ip: ctx.ip, action: "publish", entityType: "survey_questionnaire", entityId: id, summary: `发布问卷「${r.name}」第 ${r.version} 版` });
  });
  return getQuestionnaire(ctx, id);
}

export async function deleteQuestionnaire(ctx: ServiceContext, id: number): Promise<{ ok: true }> {
  await ctx.db.transaction(async (tx) => {
    const r = await draftOf(tx, id);
    await repo.deleteQuestionnaire(tx, id);
    await recordAudit(tx, { actor: ctx.actor, ip: ctx.ip, action: "delete", entityType: "survey_questionnaire", entityId: id, summary: `删除问卷「${r.name}」第 ${r.version} 版草稿` });
  });
  return { ok: true };
}
