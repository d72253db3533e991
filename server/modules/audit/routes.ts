import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { auditFilterSchema, auditPageSchema, auditQuerySchema, auditVerifySchema } from "../../../contracts/audit";
import { XLSX_MIME } from "../../xlsx";
import { exportAudit, listAudit, verifyAudit } from "./service";

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
    { config: { access: "audit.read" }, schema: { operationId: "verifyAudit", summary: "校验审计日志哈希链（SM3）", tags: ["审计"], response: { 200: auditVerifySchema } } },
    async (req) => verifyAudit(req.ctx().db),
  );
};
