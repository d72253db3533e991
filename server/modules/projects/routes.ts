import { z } from "zod";
import { idParam } from "../../../contracts/ids";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Permission } from "../../../core/access";
import { errorBodySchema } from "../../../contracts/errors";
import { importQuerySchema, IMPORT_MAX_BYTES } from "../../../contracts/imports";
import {
  communityListQuerySchema,
  communityPageSchema,
  FILE_MAX_BYTES,
  goalSchema,
  maintenanceSchema,
  projectDetailSchema,
  projectFileSchema,
  projectListQuerySchema,
  projectPageSchema,
  projectsSummarySchema,
  projectUpdateSchema,
  REGISTRY_IMPORT_KINDS,
  REGISTRY_IMPORT_LABEL,
  registryImportResultSchema,
  targetsQuerySchema,
  targetsSchema,
  type RegistryImportKind,
} from "../../../contracts/projects";
import { AppError } from "../../errors";
import { readUpload } from "../../upload";
import { XLSX_MIME } from "../../xlsx";
import { monitoringRoutes } from "../monitoring/routes";
import { runRegistryImport } from "./import";
import * as projects from "./service";
import { buildRegistryTemplate, exportRegistryWorkbook } from "./workbook";
import { readContext } from "../../context";
import { communityMaintenanceSchema, communityParamsSchema, maintenanceTrendSchema, maintenanceYearParamsSchema, maintenanceYearSchema, recordMaintenanceYearSchema } from "../../../contracts/maintenance";
import { getCommunityMaintenance, getMaintenanceTrend, recordMaintenanceYear } from "./maintenance-years";

const id = idParam;
const fundYearQuery = z.object({ fundYearId: id });
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Who may import what: the registry and the library (a county its own), targets the city. */
const IMPORT_PERMISSION: Record<RegistryImportKind, Permission> = {
  communities: "communities.write",
  projects: "projects.write",
  contents: "projects.write",
  targets: "targets.write",
};

/** 项目库, 小区库, 绩效目标 and their imports; 双监控 is registered here too (one plugin in app.ts). */
export const projectsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["项目与小区"];

  app.get(
    "/projects",
    {
      config: { access: "projects.read" },
      schema: { operationId: "listProjects", summary: "项目库（筛选、分页，附合计）", tags, querystring: projectListQuerySchema, response: { 200: projectPageSchema } },
    },
    async (req) => projects.listProjectsPage(req.ctx(), req.query),
  );

  app.get(
    "/projects/summary",
    {
      config: { access: "projects.read" },
      schema: {
        operationId: "getProjectsSummary",
        summary: "项目汇总：各县区项目、小区、户数、面积、资金结构与改造内容",
        tags,
        querystring: fundYearQuery.extend({ countyId: id.optional() }),
        response: { 200: projectsSummarySchema },
      },
    },
    async (req) => projects.getProjectsSummary(readContext(req.ctx()), req.query),
  );

  app.get(
    "/projects/export.xlsx",
    { config: { access: "projects.read" }, schema: { operationId: "exportProjects", summary: "导出项目、小区、改造内容和绩效目标（.xlsx，可再导入）", tags, querystring: fundYearQuery } },
    async (req, reply) => {
      const { buffer, fileName } = await exportRegistryWorkbook(req.ctx(), req.query.fundYearId);
      return reply.header("content-type", XLSX_MIME).header("content-disposition", attachment(fileName)).send(buffer);
    },
  );

  app.get(
    "/projects/:projectId",
    {
      config: { access: "projects.read" },
      schema: { operationId: "getProject", summary: "项目详情：小区、改造内容、资金结构、附件、进度", tags, params: z.object({ projectId: id }), response: { 200: projectDetailSchema } },
    },
    async (req) => projects.getProject(req.ctx(), req.params.projectId),
  );

  app.patch(
    "/projects/:projectId",
    {
      config: { access: "projects.write" },
      schema: {
        operationId: "updateProject",
        summary: "修改项目信息与计划、实际日期（项目状态随实际日期确定）",
        tags,
        params: z.object({ projectId: id }),
        body: projectUpdateSchema,
        response: { 200: projectDetailSchema },
      },
    },
    async (req) => projects.updateProject(req.ctx(), req.params.projectId, req.body),
  );

  app.post(
    "/projects/:projectId/files",
    {
      config: { access: "projects.write" },
      schema: {
        operationId: "uploadProjectFile",
        summary: "上传项目照片或文档（multipart 字段 file）",
        tags,
        params: z.object({ projectId: id }),
        consumes: ["multipart/form-data"],
        response: { 200: projectFileSchema },
      },
    },
    async (req) => {
      // Refuse another county's project before reading the upload.
      await projects.projectInScope(req.ctx(), req.params.projectId);
      const file = await req.file({ limits: { fileSize: FILE_MAX_BYTES, files: 1 } }).catch(() => undefined);
      if (!file) throw new AppError("VALIDATION_FAILED", "请选择要上传的文件（表单字段 file）");
      let data: Buffer;
      try {
        data = await file.toBuffer();
      } catch {
        throw new AppError("PAYLOAD_TOO_LARGE", `文件 ${file.filename} 超过 ${FILE_MAX_BYTES / 1024 / 1024} MB`);
      }
      return projects.uploadProjectFile(req.ctx(), { projectId: req.params.projectId, fileName: file.filename, mimeType: file.mimetype, data, note: null });
    },
  );

  app.get(
    "/projects/files/:fileId",
    { config: { access: "projects.read" }, schema: { operationId: "getProjectFile", summary: "下载或查看项目附件", tags, params: z.object({ fileId: id }) } },
    async (req, reply) => {
      const f = await projects.getProjectFile(req.ctx(), req.params.fileId);
      const disposition = f.kind === "photo" ? `inline; filename*=UTF-8''${encodeURIComponent(f.fileName)}` : attachment(f.fileName);
      return reply.header("content-type", f.mimeType).header("content-disposition", disposition).header("cache-control", "private, max-age=3600").send(f.data);
    },
  );

  app.delete(
    "/projects/files/:fileId",
    {
      config: { access: "projects.write" },
      schema: { operationId: "deleteProjectFile", summary: "删除项目附件", tags, params: z.object({ fileId: id }), response: { 200: z.object({ ok: z.literal(true) }) } },
    },
    async (req) => {
      await projects.deleteProjectFile(req.ctx(), req.params.fileId);
      return { ok: true as const };
    },
  );

  app.get(
    "/communities",
    {
      config: { access: "communities.read" },
      schema: { operationId: "listCommunities", summary: "小区库（筛选、分页）", tags, querystring: communityListQuerySchema, response: { 200: communityPageSchema } },
    },
    async (req) => projects.listCommunitiesPage(req.ctx(), req.query),
  );

  app.get(
    "/communities/goal",
    {
      config: { access: "communities.read" },
      schema: { operationId: "getRenovationGoal", summary: "十四五改造目标：进度与按当前进度的预测", tags, querystring: fundYearQuery, response: { 200: goalSchema } },
    },
    async (req) => projects.getGoal(req.ctx(), req.query),
  );

  app.get(
    "/communities/maintenance",
    {
      config: { access: "communities.read" },
      schema: {
        operationId: "getMaintenance",
        summary: "长效管养：已改造小区的物业管理覆盖率与物业费收缴率",
        tags,
        querystring: fundYearQuery.extend({ scope: z.enum(["all", "year"]).default("all") }),
        response: { 200: maintenanceSchema },
      },
    },
    async (req) => projects.getMaintenance(req.ctx(), req.query),
  );

  app.get(
    "/communities/maintenance/trend",
    {
      config: { access: "communities.read" },
      schema: {
        operationId: "getMaintenanceTrend",
        summary: "长效管养逐年变化：各县区已改造小区中专业物业、街道社区统管的占比，红色物业与业委会",
        tags,
        querystring: fundYearQuery,
        response: { 200: maintenanceTrendSchema },
      },
    },
    async (req) => getMaintenanceTrend(readContext(req.ctx()), req.query),
  );

  app.get(
    "/communities/:communityId/maintenance-years",
    {
      config: { access: "communities.read" },
      schema: { operationId: "getCommunityMaintenance", summary: "小区逐年管养记录", tags, params: communityParamsSchema, response: { 200: communityMaintenanceSchema } },
    },
    async (req) => getCommunityMaintenance(req.ctx(), req.params.communityId),
  );

  app.put(
    "/communities/:communityId/maintenance-years/:year",
    {
      config: { access: "communities.write" },
      schema: {
        operationId: "recordMaintenanceYear",
        summary: "填报小区某年度的管养情况（带上所见版本号，新填报为 0）；最新年度的记录同时更新小区的物业管理模式和收缴率",
        tags,
        params: maintenanceYearParamsSchema,
        body: recordMaintenanceYearSchema,
        response: { 200: maintenanceYearSchema, 400: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (req) => recordMaintenanceYear(req.ctx(), req.params.communityId, req.params.year, req.body),
  );

  app.get(
    "/targets",
    {
      config: { access: "projects.read" },
      schema: { operationId: "getTargets", summary: "绩效目标：目标值、实际值（由小区库和项目库计算）与完成率", tags, querystring: targetsQuerySchema, response: { 200: targetsSchema } },
    },
    async (req) => projects.getTargets(req.ctx(), req.query),
  );

  for (const kind of REGISTRY_IMPORT_KINDS) {
    const label = REGISTRY_IMPORT_LABEL[kind];
    app.get(
      `/registry-imports/${kind}/template.xlsx`,
      { config: { access: IMPORT_PERMISSION[kind] }, schema: { operationId: `download${kind}Template`, summary: `下载${label}导入模板（.xlsx）`, tags: ["导入"], querystring: fundYearQuery } },
      async (req, reply) => {
        const { buffer, fileName } = await buildRegistryTemplate(req.ctx(), kind, req.query.fundYearId);
        return reply.header("content-type", XLSX_MIME).header("content-disposition", attachment(fileName)).send(buffer);
      },
    );
    app.post(
      `/registry-imports/${kind}`,
      {
        config: { access: IMPORT_PERMISSION[kind] },
        schema: {
          operationId: `import${kind}`,
          summary: `导入${label}（.xlsx，multipart 字段 file）；dryRun=true 时只预检不写入`,
          tags: ["导入"],
          querystring: importQuerySchema,
          consumes: ["multipart/form-data"],
          response: { 200: registryImportResultSchema, 422: errorBodySchema },
        },
      },
      async (req) => {
        const { fileName, data } = await readUpload(req, {
          maxBytes: IMPORT_MAX_BYTES,
          extensions: [".xlsx"],
          hint: "旧版 .xls 或 .csv 请先用 Excel/WPS 另存为 .xlsx",
        });
        return runRegistryImport({ ctx: req.ctx(), kind, fundYearId: req.query.fundYearId, fileName, data, dryRun: req.query.dryRun });
      },
    );
  }

  await app.register(monitoringRoutes);
};
