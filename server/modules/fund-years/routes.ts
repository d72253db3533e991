import { z } from "zod";
import { idParam } from "../../../contracts/ids";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  fundYearCloseSchema,
  fundYearCreateSchema,
  fundYearDetailSchema,
  fundYearNextSchema,
  fundYearReopenSchema,
  programmeCreateSchema,
  programmeSchema,
  programmeUpdateSchema,
  setupSourceSchema,
  sourceCreateSchema,
  sourceUpdateSchema,
} from "../../../contracts/setup";
import * as setup from "./service";

const id = idParam;
const ok = z.object({ ok: z.literal(true) });
const tags = ["基础设置"];

export const fundYearRoutes: FastifyPluginAsyncZod = async (app) => {
  // ---- 资金来源 ----
  app.get(
    "/funding-sources",
    { config: { access: "authenticated" }, schema: { operationId: "listFundingSources", summary: "资金来源", tags, response: { 200: z.array(setupSourceSchema) } } },
    async (req) => setup.listSetupSources(req.ctx()),
  );
  app.post(
    "/funding-sources",
    { config: { access: "programmes.manage" }, schema: { operationId: "createFundingSource", summary: "新增资金来源", tags, body: sourceCreateSchema, response: { 200: setupSourceSchema } } },
    async (req) => setup.createSource(req.ctx(), req.body),
  );
  app.patch(
    "/funding-sources/:sourceId",
    {
      config: { access: "programmes.manage" },
      schema: { operationId: "updateFundingSource", summary: "修改资金来源（名称、类别、排序）", tags, params: z.object({ sourceId: id }), body: sourceUpdateSchema, response: { 200: setupSourceSchema } },
    },
    async (req) => setup.updateSource(req.ctx(), req.params.sourceId, req.body),
  );
  app.delete(
    "/funding-sources/:sourceId",
    { config: { access: "programmes.manage" }, schema: { operationId: "deleteFundingSource", summary: "删除未使用的资金来源", tags, params: z.object({ sourceId: id }), response: { 200: ok } } },
    async (req) => setup.deleteSource(req.ctx(), req.params.sourceId),
  );

  // ---- 资金项目 ----
  app.get(
    "/programmes",
    { config: { access: "authenticated" }, schema: { operationId: "listProgrammes", summary: "资金项目", tags, response: { 200: z.array(programmeSchema) } } },
    async (req) => setup.listProgrammes(req.ctx()),
  );
  app.post(
    "/programmes",
    { config: { access: "programmes.manage" }, schema: { operationId: "createProgramme", summary: "新增资金项目", tags, body: programmeCreateSchema, response: { 200: programmeSchema } } },
    async (req) => setup.createProgramme(req.ctx(), req.body),
  );
  app.patch(
    "/programmes/:programmeId",
    {
      config: { access: "programmes.manage" },
      schema: { operationId: "updateProgramme", summary: "修改资金项目（名称、模板、改造内容、监测默认设置）", tags, params: z.object({ programmeId: id }), body: programmeUpdateSchema, response: { 200: programmeSchema } },
    },
    async (req) => setup.updateProgramme(req.ctx(), req.params.programmeId, req.body),
  );

  // ---- 资金年度 ----
  app.get(
    "/fund-years/:fundYearId",
    { config: { access: "authenticated" }, schema: { operationId: "getFundYear", summary: "资金年度详情", tags, params: z.object({ fundYearId: id }), response: { 200: fundYearDetailSchema } } },
    async (req) => setup.getFundYearDetail(req.ctx(), req.params.fundYearId),
  );
  app.post(
    "/fund-years",
    { config: { access: "fundyears.manage" }, schema: { operationId: "createFundYear", summary: "新建资金年度", tags, body: fundYearCreateSchema, response: { 200: fundYearDetailSchema } } },
    async (req) => setup.createFundYear(req.ctx(), req.body),
  );
  app.post(
    "/fund-years/:fundYearId/next",
    {
      config: { access: "fundyears.manage" },
      schema: { operationId: "startNextFundYear", summary: "开启下一年度（沿用设置，不含资金）", tags, params: z.object({ fundYearId: id }), body: fundYearNextSchema, response: { 200: fundYearDetailSchema } },
    },
    async (req) => setup.startNextFundYear(req.ctx(), req.params.fundYearId, req.body),
  );
  app.post(
    "/fund-years/:fundYearId/close",
    {
      config: { access: "fundyears.manage" },
      schema: { operationId: "closeFundYear", summary: "关闭资金年度（只读）", tags, params: z.object({ fundYearId: id }), body: fundYearCloseSchema, response: { 200: fundYearDetailSchema } },
    },
    async (req) => setup.closeFundYear(req.ctx(), req.params.fundYearId, req.body),
  );
  app.post(
    "/fund-years/:fundYearId/reopen",
    {
      config: { access: "fundyears.manage" },
      schema: { operationId: "reopenFundYear", summary: "重新打开资金年度", tags, params: z.object({ fundYearId: id }), body: fundYearReopenSchema, response: { 200: fundYearDetailSchema } },
    },
    async (req) => setup.reopenFundYear(req.ctx(), req.params.fundYearId, req.body),
  );
};
