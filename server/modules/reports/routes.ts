import { z } from "zod";
import { idParam } from "../../../contracts/ids";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  checkResultSchema,
  draftingRuleSchema,
  draftingRuleViewSchema,
  paragraphEditSchema,
  paragraphHistorySchema,
  REPORT_FILE_MAX_BYTES,
  REPORT_FORMATS,
  reportSchema,
} from "../../../contracts/reports";
import { readUpload } from "../../upload";
import { getReport } from "./get-report";
import { editParagraph } from "./edit-paragraph";
import { getParagraphHistory } from "./paragraph-history";
import { listDraftingRules, updateDraftingRule } from "./drafting-rules";
import { exportReport } from "./export-report";
import { checkUploadedReport } from "./check-report";
import { readContext } from "../../context";

const id = idParam;
const tags = ["评价报告"];
const key = z.string().min(1).max(80).regex(/^[A-Za-z0-9_.-]+$/, "段落编号有误");
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
const versionQuery = z.object({ version: idParam.optional() });

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/reports/:taskId",
    {
      config: { access: "report.read" },
      schema: { operationId: "getReport", summary: "评价报告（草稿或定稿版本）及勾稽校验", tags, params: z.object({ taskId: id }), querystring: versionQuery, response: { 200: reportSchema } },
    },
    async (req) => getReport(readContext(req.ctx()), req.params.taskId, req.query.version),
  );

  app.get(
    "/reports/:taskId/download",
    {
      config: { access: "report.read" },
      schema: {
        operationId: "downloadReport",
        summary: "下载评价报告：.docx（公文格式）、PDF、HTML 或附表 .xlsx",
        tags,
        params: z.object({ taskId: id }),
        querystring: versionQuery.extend({ format: z.enum(REPORT_FORMATS) }),
      },
    },
    async (req, reply) => {
      const file = await exportReport(req.ctx(), req.params.taskId, req.query.format, req.query.version);
      return reply.header("content-type", file.mimeType).header("content-disposition", attachment(file.fileName)).send(file.data);
    },
  );

  app.put(
    "/reports/:taskId/paragraphs/:key",
    {
      config: { access: "report.edit" },
      schema: { operationId: "editReportParagraph", summary: "修改报告段落（保留版本和审计记录）", tags, params: z.object({ taskId: id, key }), body: paragraphEditSchema, response: { 200: reportSchema } },
    },
    async (req) => editParagraph(req.ctx(), req.params.taskId, req.params.key, req.body),
  );

  app.get(
    "/reports/:taskId/paragraphs/:key/history",
    {
      config: { access: "report.read" },
      schema: { operationId: "reportParagraphHistory", summary: "段落修改历史及差异", tags, params: z.object({ taskId: id, key }), response: { 200: paragraphHistorySchema } },
    },
    async (req) => getParagraphHistory(req.ctx(), req.params.taskId, req.params.key),
  );

  app.get(
    "/reports/:taskId/rules",
    {
      config: { access: "report.read" },
      schema: { operationId: "listDraftingRules", summary: "起草规则及其在本报告中是否触发", tags, params: z.object({ taskId: id }), response: { 200: z.array(draftingRuleViewSchema) } },
    },
    async (req) => listDraftingRules(req.ctx(), req.params.taskId),
  );

  app.put(
    "/reports/:taskId/rules/:code",
    {
      config: { access: "report.rules" },
      schema: {
        operationId: "updateDraftingRule",
        summary: "修改起草规则（条件、标题、段落、启用）",
        tags,
        params: z.object({ taskId: id, code: key }),
        body: draftingRuleSchema,
        response: { 200: z.array(draftingRuleViewSchema) },
      },
    },
    async (req) => updateDraftingRule(req.ctx(), req.params.taskId, req.params.code, req.body),
  );

  app.post(
    "/reports/check",
    {
      config: { access: "report.check" },
      schema: {
        operationId: "checkReportFile",
        summary: "勾稽校验：上传 .docx / .txt / .pdf 报告，核对表内合计、得分率、资金构成、前后一致；指定评价任务时与系统记录核对",
        tags,
        consumes: ["multipart/form-data"],
        querystring: z.object({ taskId: id.optional() }),
        response: { 200: checkResultSchema },
      },
    },
    async (req) => {
      const file = await readUpload(req, { maxBytes: REPORT_FILE_MAX_BYTES, extensions: [".docx", ".txt", ".pdf"], hint: "Word 文档请另存为 .docx" });
      return checkUploadedReport(req.ctx(), { fileName: file.fileName, data: file.data, taskId: req.query.taskId });
    },
  );
};
