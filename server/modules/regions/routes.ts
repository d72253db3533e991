import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  addNationalResultSchema,
  addNationalSchema,
  addRegionSchema,
  deleteRegionResultSchema,
  nationalEntrySchema,
  nationalQuerySchema,
  regionDetailSchema,
  regionIdParamsSchema,
  regionSchema,
  updateRegionSchema,
} from "../../../contracts/regions";
import { errorBodySchema } from "../../../contracts/errors";
import { IMPORT_MAX_BYTES, tableImportQuerySchema, tableImportResultSchema } from "../../../contracts/imports";
import { readUpload } from "../../upload";
import { XLSX_MIME } from "../../xlsx";
import * as regions from "./service";

const tags = ["行政区划"];
const attachment = (fileName: string) => `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;

export const regionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/regions",
    {
      config: { access: "authenticated" },
      schema: { operationId: "listRegions", summary: "本账户管辖范围内的区划（含已撤销，及其上级路径）", tags, response: { 200: z.array(regionSchema) } },
    },
    async (req) => regions.listRegions(req.ctx()),
  );
  app.get(
    "/regions/national",
    {
      config: { access: "regions.manage" },
      schema: { operationId: "browseNationalRegions", summary: "全国行政区划（GB/T 2260）：按编码浏览下级或按名称搜索", tags, querystring: nationalQuerySchema, response: { 200: z.array(nationalEntrySchema) } },
    },
    async (req) => regions.browseNational(req.ctx(), req.query),
  );
  app.get(
    "/regions/import/template.xlsx",
    { config: { access: "regions.manage" }, schema: { operationId: "downloadRegionTemplate", summary: "下载行政区划导入模板（.xlsx）", tags } },
    async (req, reply) => {
      const { buffer, fileName } = await regions.buildRegionTemplate(req.ctx());
      return reply.header("content-type", XLSX_MIME).header("content-disposition", attachment(fileName)).send(buffer);
    },
  );
  app.post(
    "/regions/import",
    {
      config: { access: "regions.manage" },
      schema: {
        operationId: "importRegions",
        summary: "从 .xlsx 导入区划（multipart 字段 file）；dryRun=true 时只预检不写入",
        tags,
        querystring: tableImportQuerySchema,
        consumes: ["multipart/form-data"],
        response: { 200: tableImportResultSchema, 422: errorBodySchema },
      },
    },
    async (req) => {
      const { fileName, data } = await readUpload(req, { maxBytes: IMPORT_MAX_BYTES, extensions: [".xlsx"], hint: "旧版 .xls 或 .csv 请先用 Excel/WPS 另存为 .xlsx" });
      return regions.importRegions({ ctx: req.ctx(), fileName, data, dryRun: req.query.dryRun });
    },
  );
  app.post(
    "/regions",
    { config: { access: "regions.manage" }, schema: { operationId: "addRegion", summary: "手工添加区划（编码可不填，自动生成）", tags, body: addRegionSchema, response: { 200: regionSchema } } },
    async (req) => regions.addRegion(req.ctx(), req.body),
  );
  app.post(
    "/regions/national",
    {
      config: { access: "regions.manage" },
      schema: { operationId: "addNationalRegion", summary: "从全国区划添加省、市或县区及其下级（可含街道、乡镇）", tags, body: addNationalSchema, response: { 200: addNationalResultSchema } },
    },
    async (req) => regions.addFromNational(req.ctx(), req.body),
  );
  app.get(
    "/regions/:regionId",
    { config: { access: "regions.manage" }, schema: { operationId: "getRegion", summary: "区划详情：改名记录与引用情况", tags, params: regionIdParamsSchema, response: { 200: regionDetailSchema } } },
    async (req) => regions.getRegion(req.ctx(), req.params.regionId),
  );
  app.patch(
    "/regions/:regionId",
    {
      config: { access: "regions.manage" },
      schema: { operationId: "updateRegion", summary: "重命名区划或调整排序（保留改名记录）", tags, params: regionIdParamsSchema, body: updateRegionSchema, response: { 200: regionSchema } },
    },
    async (req) => regions.updateRegion(req.ctx(), req.params.regionId, req.body),
  );
  app.post(
    "/regions/:regionId/retire",
    { config: { access: "regions.manage" }, schema: { operationId: "retireRegion", summary: "撤销区划（连同其下级）", tags, params: regionIdParamsSchema, response: { 200: z.array(regionSchema) } } },
    async (req) => regions.retireRegion(req.ctx(), req.params.regionId),
  );
  app.post(
    "/regions/:regionId/restore",
    { config: { access: "regions.manage" }, schema: { operationId: "restoreRegion", summary: "恢复已撤销的区划（连同一起撤销的下级）", tags, params: regionIdParamsSchema, response: { 200: z.array(regionSchema) } } },
    async (req) => regions.restoreRegion(req.ctx(), req.params.regionId),
  );
  app.delete(
    "/regions/:regionId",
    {
      config: { access: "regions.manage" },
      schema: { operationId: "deleteRegion", summary: "删除未被引用的区划（有数据的只能撤销）", tags, params: regionIdParamsSchema, response: { 200: deleteRegionResultSchema } },
    },
    async (req) => regions.deleteRegion(req.ctx(), req.params.regionId),
  );
};
