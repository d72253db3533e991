/**
 * The survey's files: the printable QR sheets, the 抽样方案 and 调查结果 workbooks, and the paper-form
 * import (its template and the upload, through the shared table import pipeline).
 */
import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { idParam } from "../../../contracts/ids";
import { errorBodySchema } from "../../../contracts/errors";
import { IMPORT_MAX_BYTES, tableImportQuerySchema, tableImportResultSchema } from "../../../contracts/imports";
import { readUpload } from "../../upload";
import { XLSX_MIME } from "../../xlsx";
import { buildPlanWorkbook, buildResultsWorkbook } from "./export";
import { buildPaperTemplate, importPaperForms } from "./import-paper";
import { buildSurveySheets, SHEET_FORMATS } from "./sheets";
import { baseUrlOf } from "./routes";

const tags = ["居民满意度调查"];
const taskParams = z.object({ taskId: idParam });
const attachment = (fileName: string) => `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;

export const surveyDocumentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/evaluations/:taskId/survey/sheets",
    {
      config: { access: "survey.conduct" },
      schema: {
        operationId: "downloadSurveySheets",
        summary: "下载入户问卷二维码（每个抽样小区一页起，每户一码）：PDF 或 Word",
        tags,
        params: taskParams,
        querystring: z.object({
          format: z.enum(SHEET_FORMATS, { error: "format 应为 pdf 或 docx" }),
          communityId: idParam.optional(),
        }),
      },
    },
    async (req, reply) => {
      const file = await buildSurveySheets(req.ctx(), req.params.taskId, { format: req.query.format, communityId: req.query.communityId, baseUrl: baseUrlOf(req), convert: { log: req.log } });
      return reply.header("content-type", file.mimeType).header("content-disposition", attachment(file.fileName)).send(file.buffer);
    },
  );
  app.get(
    "/evaluations/:taskId/survey/plan.xlsx",
    { config: { access: "survey.read" }, schema: { operationId: "downloadSurveyPlan", summary: "下载抽样方案（.xlsx）：抽样规则、随机种子和抽样小区", tags, params: taskParams } },
    async (req, reply) => {
      const { buffer, fileName } = await buildPlanWorkbook(req.ctx(), req.params.taskId);
      return reply.header("content-type", XLSX_MIME).header("content-disposition", attachment(fileName)).send(buffer);
    },
  );
  app.get(
    "/evaluations/:taskId/survey/results.xlsx",
    { config: { access: "survey.read" }, schema: { operationId: "downloadSurveyResults", summary: "下载调查结果（.xlsx）：各级满意率、各题分布和意见建议", tags, params: taskParams } },
    async (req, reply) => {
      const { buffer, fileName } = await buildResultsWorkbook(req.ctx(), req.params.taskId);
      return reply.header("content-type", XLSX_MIME).header("content-disposition", attachment(fileName)).send(buffer);
    },
  );
  app.get(
    "/evaluations/:taskId/survey/import-template.xlsx",
    { config: { access: "survey.conduct" }, schema: { operationId: "downloadPaperFormTemplate", summary: "下载纸质问卷导入模板（.xlsx）", tags, params: taskParams } },
    async (req, reply) => {
      const { buffer, fileName } = await buildPaperTemplate(req.ctx(), req.params.taskId);
      return reply.header("content-type", XLSX_MIME).header("content-disposition", attachment(fileName)).send(buffer);
    },
  );
  app.post(
    "/evaluations/:taskId/survey/import",
    {
      config: { access: "survey.conduct" },
      schema: {
        operationId: "importPaperForms",
        summary: "从 .xlsx 导入纸质问卷（multipart 字段 file）；dryRun=true 时只预检不写入",
        tags,
        params: taskParams,
        querystring: tableImportQuerySchema,
        consumes: ["multipart/form-data"],
        response: { 200: tableImportResultSchema, 422: errorBodySchema },
      },
    },
    async (req) => {
      const { fileName, data } = await readUpload(req, { maxBytes: IMPORT_MAX_BYTES, extensions: [".xlsx"], hint: "旧版 .xls 或 .csv 请先用 Excel/WPS 另存为 .xlsx" });
      return importPaperForms(req.ctx(), req.params.taskId, { fileName, data, dryRun: req.query.dryRun });
    },
  );
};
