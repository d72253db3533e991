import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  allocationRequestSchema,
  allocationSchemeSchema,
  allocationViewSchema,
  coefficientSchema,
  coefficientsQuerySchema,
  createPlanSchema,
  cutRuleSchema,
  draftBatchQuerySchema,
  draftBatchTrialQuerySchema,
  draftBatchTrialSchema,
  planParams,
  planSchema,
  plansQuerySchema,
  planSummarySchema,
  schemeCodeParams,
  updateCoefficientsSchema,
  updateSchemeSchema,
} from "../../../contracts/allocation";
import * as allocation from "./service";

const tags = ["资金分配（因素法）"];
const ok = z.object({ ok: z.literal(true) });
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

export const allocationRoutes: FastifyPluginAsyncZod = async (app) => {
  // ---- schemes and the 核减 rule ---------------------------------------------------------------
  app.get(
    "/allocation/schemes",
    { config: { access: "allocation.read" }, schema: { operationId: "listAllocationSchemes", summary: "分配方案（因素及权重）", tags, response: { 200: z.array(allocationSchemeSchema) } } },
    async (req) => allocation.listSchemes(req.ctx()),
  );
  app.put(
    "/allocation/schemes/:code",
    {
      config: { access: "allocation.manage" },
      schema: { operationId: "updateAllocationScheme", summary: "修改分配方案的权重（版本不符时拒绝）", tags, params: schemeCodeParams, body: updateSchemeSchema, response: { 200: allocationSchemeSchema } },
    },
    async (req) => allocation.updateScheme(req.ctx(), req.params.code, req.body),
  );
  app.get(
    "/allocation/cut-rule",
    { config: { access: "allocation.read" }, schema: { operationId: "getAllocationCutRule", summary: "核减规则（财预〔2020〕10号）", tags, response: { 200: cutRuleSchema } } },
    async (req) => allocation.getCutRule(req.ctx()),
  );
  app.put(
    "/allocation/cut-rule",
    { config: { access: "allocation.manage" }, schema: { operationId: "updateAllocationCutRule", summary: "修改核减规则", tags, body: cutRuleSchema, response: { 200: cutRuleSchema } } },
    async (req) => allocation.updateCutRule(req.ctx(), req.body),
  );

  // ---- 财政困难程度系数 ----------------------------------------------------------------------------
  app.get(
    "/allocation/coefficients",
    {
      config: { access: "allocation.read" },
      schema: { operationId: "listDifficultyCoefficients", summary: "各县区财政困难程度系数（未录入按 1）", tags, querystring: coefficientsQuerySchema, response: { 200: z.array(coefficientSchema) } },
    },
    async (req) => allocation.listCoefficients(req.ctx(), req.query),
  );
  app.put(
    "/allocation/coefficients",
    {
      config: { access: "allocation.manage" },
      schema: { operationId: "updateDifficultyCoefficients", summary: "录入各县区财政困难程度系数", tags, body: updateCoefficientsSchema, response: { 200: z.array(coefficientSchema) } },
    },
    async (req) => allocation.updateCoefficients(req.ctx(), req.body),
  );

  // ---- preview --------------------------------------------------------------------------------
  app.post(
    "/allocation/preview",
    {
      config: { access: "allocation.read" },
      schema: { operationId: "previewAllocation", summary: "测算分配结果（不保存；可按某县区假设得分测算）", tags, body: allocationRequestSchema, response: { 200: allocationViewSchema } },
    },
    async (req) => allocation.previewAllocation(req.ctx(), req.body),
  );
  app.post(
    "/allocation/preview/export",
    { config: { access: "allocation.read" }, schema: { operationId: "exportAllocationPreview", summary: "导出测算结果 .xlsx（不保存）", tags, body: allocationRequestSchema } },
    async (req, reply) => {
      const file = await allocation.exportPreview(req.ctx(), req.body);
      return reply.header("content-type", file.mimeType).header("content-disposition", attachment(file.fileName)).send(file.data);
    },
  );

  // ---- plans ----------------------------------------------------------------------------------
  app.get(
    "/allocation/plans",
    { config: { access: "allocation.read" }, schema: { operationId: "listAllocationPlans", summary: "已保存的分配测算", tags, querystring: plansQuerySchema, response: { 200: z.array(planSummarySchema) } } },
    async (req) => allocation.listPlans(req.ctx(), req.query),
  );
  app.post(
    "/allocation/plans",
    { config: { access: "allocation.manage" }, schema: { operationId: "createAllocationPlan", summary: "测算并保存分配结果", tags, body: createPlanSchema, response: { 200: planSchema } } },
    async (req) => allocation.createPlan(req.ctx(), req.body),
  );
  app.get(
    "/allocation/plans/:id",
    { config: { access: "allocation.read" }, schema: { operationId: "getAllocationPlan", summary: "一次保存的分配测算及其结果", tags, params: planParams, response: { 200: planSchema } } },
    async (req) => allocation.getPlan(req.ctx(), req.params.id),
  );
  app.delete(
    "/allocation/plans/:id",
    { config: { access: "allocation.manage" }, schema: { operationId: "deleteAllocationPlan", summary: "删除分配测算", tags, params: planParams, response: { 200: ok } } },
    async (req) => allocation.deletePlan(req.ctx(), req.params.id),
  );
  app.get(
    "/allocation/plans/:id/export",
    { config: { access: "allocation.read" }, schema: { operationId: "exportAllocationPlan", summary: "导出分配测算 .xlsx（分配结果、参数）", tags, params: planParams } },
    async (req, reply) => {
      const file = await allocation.exportPlan(req.ctx(), req.params.id);
      return reply.header("content-type", file.mimeType).header("content-disposition", attachment(file.fileName)).send(file.data);
    },
  );
  app.get(
    "/allocation/plans/:id/draft-batch",
    {
      config: { access: "allocation.read" },
      schema: { operationId: "allocationDraftBatch", summary: "下载资金下达草稿 .xlsx（资金下达导入格式）", tags, params: planParams, querystring: draftBatchQuerySchema },
    },
    async (req, reply) => {
      const file = await allocation.draftBatchWorkbook(req.ctx(), req.params.id, req.query.sourceCode);
      return reply.header("content-type", file.mimeType).header("content-disposition", attachment(file.fileName)).send(file.data);
    },
  );
  app.post(
    "/allocation/plans/:id/draft-batch/trial",
    {
      config: { access: "allocation.manage" },
      schema: {
        operationId: "tryAllocationDraftBatch",
        summary: "下达草稿试导入下一年度（commit=1 时全部导入或全部不导入）",
        tags,
        params: planParams,
        querystring: draftBatchTrialQuerySchema,
        response: { 200: draftBatchTrialSchema },
      },
    },
    async (req) => allocation.tryDraftBatch(req.ctx(), req.params.id, req.query),
  );
};
