import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { ANCHOR_FORMAT_MESSAGE, auditFilterSchema, auditPageSchema, auditQuerySchema, auditVerifyQuerySchema, auditVerifySchema } from "../../../contracts/audit";
import { AppError } from "../../errors";
import { XLSX_MIME } from "../../xlsx";
import { exportAudit, listAudit, parseAnchor, verifyAudit } from "./service";

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/audit",
    {
      config: { access: "audit.read" },
      schema: { operationId: "listAudit", summary: "审计日志（筛选、分页）", tags: ["审计"], querystring: auditQuerySchema, response: { 200: auditPageSchema } },
    },
    async (req) => listAudit(req.ctx(), req.query),
  );
  app.get(
    "/audit/export.xlsx",
    { config: { access: "audit.read" }, schema: { operationId: "exportAudit", summary: "导出审计日志（.xlsx）", tags: ["审计"], querystring: auditFilterSchema } },
    async (req, reply) => {
      const { buffer, fileName } = await exportAudit(req.ctx(), req.query);
      return reply
        .header("content-type", XLSX_MIME)
        .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .send(buffer);
    },
  );
  app.get(
    "/audit/verify",
    {
      config: { access: "audit.read" },
      schema: {
        operationId: "verifyAudit",
        summary: "校验审计日志哈希链（SM3）；anchor=序号:哈希 时同时核对此前抄录的锚点",
        tags: ["审计"],
        querystring: auditVerifyQuerySchema,
        response: { 200: auditVerifySchema },
      },
    },
    async (req) => {
      const anchor = req.query.anchor ? parseAnchor(req.query.anchor) : undefined;
      if (anchor === null) throw new AppError("VALIDATION_FAILED", ANCHOR_FORMAT_MESSAGE);
      return verifyAudit(req.ctx().db, { anchor });
    },
  );
};
