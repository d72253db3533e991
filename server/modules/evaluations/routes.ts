import { z } from "zod";
import { idParam } from "../../../contracts/ids";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  advanceSchema,
  checkTreeResultSchema,
  commentCreateSchema,
  entryUpdateSchema,
  EVIDENCE_MAX_BYTES,
  evidenceSchema,
  gradeScaleDefSchema,
  gradeScaleUpdateSchema,
  gradeScaleSchema,
  indicatorTreeSchema,
  metricInfoSchema,
  resultsSchema,
  sheetSchema,
  taskCreateSchema,
  taskDetailSchema,
  taskSummarySchema,
  taskUpdateSchema,
  templateCreateSchema,
  templateDetailSchema,
  templateSaveSchema,
  templateSummarySchema,
  whatIfResultSchema,
  whatIfSchema,
} from "../../../contracts/evaluations";
import { AppError } from "../../errors";
import { XLSX_MIME } from "../../xlsx";
import { metricInfo } from "./metrics";
import * as evaluations from "./service";
import * as templates from "./templates";
import { exportTaskWorkbook } from "./export";
import { readContext } from "../../context";

const id = idParam;
const ok = z.object({ ok: z.literal(true) });
const tags = ["绩效评价"];
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

export const evaluationRoutes: FastifyPluginAsyncZod = async (app) => {
  // ---- templates, grade scales, metrics -------------------------------------------------------

  app.get(
    "/evaluation/metrics",
    { config: { access: "evaluation.read" }, schema: { operationId: "listMetrics", summary: "可绑定的系统计算指标", tags, response: { 200: z.array(metricInfoSchema) } } },
    async () => metricInfo(),
  );

  app.get(
    "/evaluation/templates",
    { config: { access: "evaluation.read" }, schema: { operationId: "listTemplates", summary: "指标体系模板（各版本）", tags, response: { 200: z.array(templateSummarySchema) } } },
    async (req) => templates.listTemplates(req.ctx()),
  );

  app.post(
    "/evaluation/templates",
    {
      config: { access: "evaluation.manage" },
      schema: { operationId: "createTemplate", summary: "新建模板草稿（新版本、副本或默认模板）", tags, body: templateCreateSchema, response: { 200: templateDetailSchema } },
    },
    async (req) => templates.createTemplate(req.ctx(), req.body),
  );

  app.post(
    "/evaluation/templates/check",
    {
      config: { access: "evaluation.manage" },
      schema: { operationId: "checkTemplate", summary: "校验指标体系（不保存）", tags, body: z.object({ tree: indicatorTreeSchema }), response: { 200: checkTreeResultSchema } },
    },
    async (req) => templates.checkTree(req.body.tree),
  );

  app.get(
    "/evaluation/templates/:templateId",
    {
      config: { access: "evaluation.read" },
      schema: { operationId: "getTemplate", summary: "模板内容与校验结果", tags, params: z.object({ templateId: id }), response: { 200: templateDetailSchema } },
    },
    async (req) => templates.getTemplate(req.ctx(), req.params.templateId),
  );

  app.put(
    "/evaluation/templates/:templateId",
    {
      config: { access: "evaluation.manage" },
      schema: { operationId: "saveTemplate", summary: "保存模板草稿", tags, params: z.object({ templateId: id }), body: templateSaveSchema, response: { 200: templateDetailSchema } },
    },
    async (req) => templates.saveTemplate(req.ctx(), req.params.templateId, req.body),
  );

  app.post(
    "/evaluation/templates/:templateId/publish",
    {
      config: { access: "evaluation.manage" },
      schema: { operationId: "publishTemplate", summary: "发布模板版本（须通过校验）", tags, params: z.object({ templateId: id }), response: { 200: templateDetailSchema } },
    },
    async (req) => templates.publishTemplate(req.ctx(), req.params.templateId),
  );

  app.delete(
    "/evaluation/templates/:templateId",
    {
      config: { access: "evaluation.manage" },
      schema: { operationId: "deleteTemplate", summary: "删除未发布的模板草稿", tags, params: z.object({ templateId: id }), response: { 200: ok } },
    },
    async (req) => templates.deleteTemplate(req.ctx(), req.params.templateId),
  );

  app.get(
    "/evaluation/grade-scales",
    { config: { access: "evaluation.read" }, schema: { operationId: "listGradeScales", summary: "等级标准", tags, response: { 200: z.array(gradeScaleSchema) } } },
    async (req) => templates.listGradeScales(req.ctx()),
  );

  app.post(
    "/evaluation/grade-scales",
    {
      config: { access: "evaluation.manage" },
      schema: { operationId: "createGradeScale", summary: "新建等级标准", tags, body: gradeScaleDefSchema, response: { 200: gradeScaleSchema } },
    },
    async (req) => templates.createGradeScale(req.ctx(), req.body),
  );

  app.put(
    "/evaluation/grade-scales/:scaleId",
    {
      config: { access: "evaluation.manage" },
      schema: { operationId: "updateGradeScale", summary: "修改等级标准", tags, params: z.object({ scaleId: id }), body: gradeScaleUpdateSchema, response: { 200: gradeScaleSchema } },
    },
    async (req) => templates.updateGradeScale(req.ctx(), req.params.scaleId, req.body),
  );

  app.delete(
    "/evaluation/grade-scales/:scaleId",
    {
      config: { access: "evaluation.manage" },
      schema: { operationId: "deleteGradeScale", summary: "删除未使用的等级标准", tags, params: z.object({ scaleId: id }), response: { 200: ok } },
    },
    async (req) => templates.deleteGradeScale(req.ctx(), req.params.scaleId),
  );

  // ---- tasks ---------------------------------------------------------------------------------

  app.get(
    "/evaluations",
    {
      config: { access: "evaluation.read" },
      schema: {
        operationId: "listEvaluations",
        summary: "评价任务列表（按角色过滤）",
        tags,
        querystring: z.object({ fundYearId: id.optional(), year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: { 200: z.array(taskSummarySchema) },
      },
    },
    async (req) => evaluations.listTasks(req.ctx(), req.query),
  );

  app.post(
    "/evaluations",
    {
      config: { access: "evaluation.manage" },
      schema: { operationId: "createEvaluation", summary: "新建评价任务（复制模板与等级标准）", tags, body: taskCreateSchema, response: { 200: taskDetailSchema } },
    },
    async (req) => evaluations.createTask(req.ctx(), req.body),
  );

  const taskParams = z.object({ taskId: id });
  const scopeParams = z.object({ taskId: id, scopeId: id });

  app.get(
    "/evaluations/:taskId",
    {
      config: { access: "evaluation.read" },
      schema: { operationId: "getEvaluation", summary: "评价任务：评价范围、方式、得分与状态", tags, params: taskParams, response: { 200: taskDetailSchema } },
    },
    async (req) => evaluations.getTask(req.ctx(), req.params.taskId),
  );

  app.patch(
    "/evaluations/:taskId",
    {
      config: { access: "evaluation.manage" },
      schema: { operationId: "updateEvaluation", summary: "修改评价任务", tags, params: taskParams, body: taskUpdateSchema, response: { 200: taskDetailSchema } },
    },
    async (req) => evaluations.updateTask(req.ctx(), req.params.taskId, req.body),
  );

  app.delete(
    "/evaluations/:taskId",
    {
      config: { access: "evaluation.manage" },
      schema: { operationId: "deleteEvaluation", summary: "删除草稿评价任务", tags, params: taskParams, response: { 200: ok } },
    },
    async (req) => evaluations.deleteTask(req.ctx(), req.params.taskId),
  );

  app.post(
    "/evaluations/:taskId/advance",
    {
      config: { access: "evaluation.advance" },
      schema: { operationId: "advanceEvaluation", summary: "推进任务状态：开始评分、征求县区意见、退回、定稿", tags, params: taskParams, body: advanceSchema, response: { 200: taskDetailSchema } },
    },
    async (req) => evaluations.advanceTask(req.ctx(), req.params.taskId, req.body.to, req.body.note),
  );

  app.get(
    "/evaluations/:taskId/results",
    {
      config: { access: "evaluation.read" },
      schema: { operationId: "getEvaluationResults", summary: "评价结果：表1、表2、排名、区域总体得分、失分说明", tags, params: taskParams, response: { 200: resultsSchema } },
    },
    async (req) => evaluations.getResults(readContext(req.ctx()), req.params.taskId),
  );

  app.get(
    "/evaluations/:taskId/export.xlsx",
    { config: { access: "evaluation.read" }, schema: { operationId: "exportEvaluation", summary: "导出全部评分表（.xlsx）", tags, params: taskParams } },
    async (req, reply) => {
      const { buffer, fileName } = await exportTaskWorkbook(req.ctx(), req.params.taskId);
      return reply.header("content-type", XLSX_MIME).header("content-disposition", attachment(fileName)).send(buffer);
    },
  );

  // ---- sheets --------------------------------------------------------------------------------

  app.get(
    "/evaluations/:taskId/scopes/:scopeId/sheet",
    {
      config: { access: "evaluation.read" },
      schema: { operationId: "getScoreSheet", summary: "评分表（定稿前为实时预览）", tags, params: scopeParams, response: { 200: sheetSchema } },
    },
    async (req) => evaluations.getSheet(req.ctx(), req.params.taskId, req.params.scopeId),
  );

  app.put(
    "/evaluations/:taskId/scopes/:scopeId/entries/:code",
    {
      config: { access: "evaluation.score" },
      schema: {
        operationId: "updateScoreEntry",
        summary: "评分：录入数值、打分、调整得分及扣分原因",
        tags,
        params: scopeParams.extend({ code: z.string().min(1).max(40) }),
        body: entryUpdateSchema,
        response: { 200: sheetSchema },
      },
    },
    async (req) => evaluations.updateEntry(req.ctx(), req.params.taskId, req.params.scopeId, req.params.code, req.body),
  );

  app.post(
    "/evaluations/:taskId/scopes/:scopeId/comments",
    {
      config: { access: "evaluation.reply" },
      schema: { operationId: "addReply", summary: "意见反馈：县区提出意见，评价机构答复", tags, params: scopeParams, body: commentCreateSchema, response: { 200: sheetSchema } },
    },
    async (req) => evaluations.addComment(req.ctx(), req.params.taskId, req.params.scopeId, req.body.code, req.body.body),
  );

  app.post(
    "/evaluations/:taskId/scopes/:scopeId/what-if",
    {
      config: { access: "evaluation.read" },
      schema: { operationId: "whatIf", summary: "假设分析（不保存）", tags, params: scopeParams, body: whatIfSchema, response: { 200: whatIfResultSchema } },
    },
    async (req) => evaluations.whatIf(req.ctx(), req.params.taskId, req.params.scopeId, req.body.changes),
  );

  app.post(
    "/evaluations/:taskId/scopes/:scopeId/evidence",
    {
      config: { access: "evaluation.evidence" },
      schema: {
        operationId: "uploadEvidence",
        summary: "上传佐证材料（multipart 字段 file）",
        tags,
        params: scopeParams,
        querystring: z.object({ code: z.string().min(1).max(40) }),
        consumes: ["multipart/form-data"],
        response: { 200: evidenceSchema },
      },
    },
    async (req) => {
      const file = await req.file({ limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1 } }).catch(() => undefined);
      if (!file) throw new AppError("VALIDATION_FAILED", "请选择要上传的文件（表单字段 file）");
      let data: Buffer;
      try {
        data = await file.toBuffer();
      } catch {
        throw new AppError("PAYLOAD_TOO_LARGE", `文件 ${file.filename} 超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB`);
      }
      return evaluations.uploadEvidence(req.ctx(), {
        taskId: req.params.taskId,
        scopeId: req.params.scopeId,
        code: req.query.code,
        fileName: file.filename,
        mimeType: file.mimetype,
        data,
      });
    },
  );

  app.get(
    "/evaluations/evidence/:evidenceId",
    { config: { access: "evaluation.read" }, schema: { operationId: "downloadEvidence", summary: "下载佐证材料", tags, params: z.object({ evidenceId: id }) } },
    async (req, reply) => {
      const f = await evaluations.downloadEvidence(req.ctx(), req.params.evidenceId);
      return reply
        .header("content-type", f.mimeType)
        .header("content-disposition", attachment(f.fileName))
        .header("x-content-type-options", "nosniff")
        .send(f.data);
    },
  );

  app.delete(
    "/evaluations/evidence/:evidenceId",
    {
      config: { access: "evaluation.evidence" },
      schema: { operationId: "deleteEvidence", summary: "删除本方上传的佐证材料（定稿前）", tags, params: z.object({ evidenceId: id }), response: { 200: ok } },
    },
    async (req) => evaluations.deleteEvidence(req.ctx(), req.params.evidenceId),
  );
};
