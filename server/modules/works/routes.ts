import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { errorBodySchema } from "../../../contracts/errors";
import {
  acknowledgeConflictSchema,
  confirmConflictSchema,
  conflictKeyParamsSchema,
  conflictSchema,
  conflictSettingsSchema,
  conflictsQuerySchema,
  countyFiguresQuerySchema,
  countyWorksFigureSchema,
  createWorkSchema,
  operatorSchema,
  sharedCommunitiesQuerySchema,
  sharedCommunitySchema,
  updateWorkSchema,
  workIdParamsSchema,
  workSchema,
  worksQuerySchema,
} from "../../../contracts/works";
import { IMPORT_MAX_BYTES, tableImportQuerySchema, tableImportResultSchema } from "../../../contracts/imports";
import { readContext } from "../../context";
import { readUpload } from "../../upload";
import { XLSX_MIME } from "../../xlsx";
import * as works from "./service";
import { buildWorkTemplate, importWorks } from "./import-works";
import { handoverPageSchema, handoverParamsSchema, handoverQuerySchema, handoverSchema, recordHandoverSchema } from "../../../contracts/handovers";
import { listHandovers, recordHandover } from "./handovers";

const attachment = (fileName: string) => `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;

const tags = ["专营单位施工"];

/** 专营单位: the shared community database, planned works, 反复开挖 conflicts and the county figures of the map. */
export const worksRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/works/communities",
    { config: { access: "communities.read" }, schema: { operationId: "listSharedCommunities", summary: "共享小区库（只读）：小区信息及改造项目计划开工、完工日期", tags, querystring: sharedCommunitiesQuerySchema, response: { 200: z.array(sharedCommunitySchema) } } },
    async (req) => works.listSharedCommunities(readContext(req.ctx()), req.query),
  );
  app.get(
    "/works/operators",
    { config: { access: "works.read" }, schema: { operationId: "listUtilityOperators", summary: "专营单位名录", tags, response: { 200: z.array(operatorSchema) } } },
    async (req) => works.listOperators(req.ctx()),
  );
  app.get(
    "/works/settings",
    { config: { access: "works.read" }, schema: { operationId: "worksConflictSettings", summary: "反复开挖判定规则（间隔天数、默认开挖专业）", tags, response: { 200: conflictSettingsSchema } } },
    async (req) => works.conflictSettings(req.ctx()),
  );
  app.get(
    "/works",
    { config: { access: "works.read" }, schema: { operationId: "listWorks", summary: "施工计划（专营单位只见本单位的）", tags, querystring: worksQuerySchema, response: { 200: z.array(workSchema) } } },
    async (req) => works.listWorks(req.ctx(), req.query),
  );
  app.post(
    "/works",
    { config: { access: "works.write" }, schema: { operationId: "createWork", summary: "登记施工计划", tags, body: createWorkSchema, response: { 200: workSchema, 400: errorBodySchema } } },
    async (req) => works.createWork(req.ctx(), req.body),
  );
  app.get(
    "/works/import/template.xlsx",
    { config: { access: "works.write" }, schema: { operationId: "downloadWorksTemplate", summary: "下载施工计划导入模板（.xlsx，含本单位已登记的计划和可选小区）", tags } },
    async (req, reply) => {
      const { buffer, fileName } = await buildWorkTemplate(req.ctx());
      return reply.header("content-type", XLSX_MIME).header("content-disposition", attachment(fileName)).send(buffer);
    },
  );
  app.post(
    "/works/import",
    {
      config: { access: "works.write" },
      schema: {
        operationId: "importWorks",
        summary: "从 .xlsx 导入本单位的施工计划（multipart 字段 file）；dryRun=true 时只预检不写入",
        tags,
        querystring: tableImportQuerySchema,
        consumes: ["multipart/form-data"],
        response: { 200: tableImportResultSchema, 422: errorBodySchema },
      },
    },
    async (req) => {
      const { fileName, data } = await readUpload(req, { maxBytes: IMPORT_MAX_BYTES, extensions: [".xlsx"], hint: "旧版 .xls 或 .csv 请先用 Excel/WPS 另存为 .xlsx" });
      return importWorks({ ctx: req.ctx(), fileName, data, dryRun: req.query.dryRun });
    },
  );
  app.patch(
    "/works/:id",
    { config: { access: "works.write" }, schema: { operationId: "updateWork", summary: "修改施工计划（仅本单位的；带上所见版本号）", tags, params: workIdParamsSchema, body: updateWorkSchema, response: { 200: workSchema, 409: errorBodySchema } } },
    async (req) => works.updateWork(req.ctx(), req.params.id, req.body),
  );
  app.get(
    "/works/conflicts",
    { config: { access: "works.read" }, schema: { operationId: "listWorksConflicts", summary: "反复开挖冲突及建议联合施工窗口", tags, querystring: conflictsQuerySchema, response: { 200: z.array(conflictSchema) } } },
    async (req) => works.listConflicts(req.ctx(), req.query),
  );
  app.post(
    "/works/conflicts/:key/confirm",
    { config: { access: "works.coordinate" }, schema: { operationId: "confirmWorksConflict", summary: "住建确认联合施工窗口", tags, params: conflictKeyParamsSchema, body: confirmConflictSchema, response: { 200: conflictSchema } } },
    async (req) => works.confirmConflict(req.ctx(), req.params.key, req.body),
  );
  app.post(
    "/works/conflicts/:key/acknowledge",
    { config: { access: "works.acknowledge" }, schema: { operationId: "acknowledgeWorksConflict", summary: "当事方确认知悉联合施工窗口", tags, params: conflictKeyParamsSchema, body: acknowledgeConflictSchema, response: { 200: conflictSchema } } },
    async (req) => works.acknowledgeConflict(req.ctx(), req.params.key, req.body),
  );
  app.get(
    "/works/county-figures",
    { config: { access: "works.read" }, schema: { operationId: "worksCountyFigures", summary: "各县区施工计划数、冲突数及未闭环冲突数（地图用）", tags, querystring: countyFiguresQuerySchema, response: { 200: z.array(countyWorksFigureSchema) } } },
    async (req) => works.countyFigures(readContext(req.ctx()), req.query),
  );
  app.get(
    "/works/handovers",
    { config: { access: "works.read" }, schema: { operationId: "listFacilityHandovers", summary: "专营设施产权移交：本年度已完工小区各类设施的移交情况及各县区移交率", tags, querystring: handoverQuerySchema, response: { 200: handoverPageSchema } } },
    async (req) => listHandovers(readContext(req.ctx()), req.query),
  );
  app.put(
    "/works/handovers/:communityId/:facilityKind",
    {
      config: { access: "works.handover" },
      schema: { operationId: "recordFacilityHandover", summary: "登记小区某类专营设施的移交情况（带上所见版本号，新登记为 0）", tags, params: handoverParamsSchema, body: recordHandoverSchema, response: { 200: handoverSchema, 400: errorBodySchema, 409: errorBodySchema } },
    },
    async (req) => recordHandover(req.ctx(), req.params.communityId, req.params.facilityKind, req.body),
  );
};
