import { z } from "zod";
import { idParam } from "../../../contracts/ids";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { createUserSchema, updateUserSchema, userSchema } from "../../../contracts/users";
import { createUser, listUsers, updateUser } from "./service";
import { IMPORT_MAX_BYTES, tableImportQuerySchema, tableImportResultSchema } from "../../../contracts/imports";
import { errorBodySchema } from "../../../contracts/errors";
import { readUpload } from "../../upload";
import { XLSX_MIME } from "../../xlsx";
import { buildUserImportTemplate, importUsers } from "./import-users";

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/users",
    { config: { access: "users.manage" }, schema: { operationId: "listUsers", summary: "账户列表", tags: ["账户"], response: { 200: z.array(userSchema) } } },
    async (req) => listUsers(req.ctx()),
  );
  app.post(
    "/users",
    {
      config: { access: "users.manage" },
      schema: { operationId: "createUser", summary: "新建账户", tags: ["账户"], body: createUserSchema, response: { 200: userSchema } },
    },
    async (req) => createUser(req.ctx(), req.body),
  );
  app.patch(
    "/users/:id",
    {
      config: { access: "users.manage" },
      schema: {
        operationId: "updateUser",
        summary: "修改账户（角色、县区、停用、解锁、重置密码）",
        tags: ["账户"],
        params: z.object({ id: idParam }),
        body: updateUserSchema,
        response: { 200: userSchema },
      },
    },
    async (req) => updateUser(req.ctx(), req.params.id, req.body),
  );
  app.post(
    "/users/import",
    {
      config: { access: "users.manage" },
      schema: {
        operationId: "importUsers",
        summary: "批量导入账户（.xlsx，multipart 字段 file）；dryRun=true 时只预检不写入，导入后初始密码只显示一次",
        tags: ["账户"],
        querystring: tableImportQuerySchema,
        consumes: ["multipart/form-data"],
        response: { 200: tableImportResultSchema, 422: errorBodySchema },
      },
    },
    async (req) => {
      const { fileName, data } = await readUpload(req, { maxBytes: IMPORT_MAX_BYTES, extensions: [".xlsx"], hint: "请先用 Excel/WPS 另存为 .xlsx" });
      return importUsers({ ctx: req.ctx(), fileName, data, dryRun: req.query.dryRun });
    },
  );
  app.get(
    "/users/import/template.xlsx",
    { config: { access: "users.manage" }, schema: { operationId: "downloadUserImportTemplate", summary: "下载账户导入模板（.xlsx，含本级及下级区划）", tags: ["账户"] } },
    async (req, reply) => {
      const { buffer, fileName } = await buildUserImportTemplate(req.ctx());
      return reply.header("content-type", XLSX_MIME).header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`).send(buffer);
    },
  );
};
