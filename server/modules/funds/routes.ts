import { z } from "zod";
import { idParam } from "../../../contracts/ids";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  allocationPageSchema,
  countyLedgerSchema,
  fundsSummarySchema,
  fundYearSchema,
  ledgerQuerySchema,
  listQuerySchema,
  paymentPageSchema,
  projectLedgerSchema,
  isoDate,
  countySchema,
} from "../../../contracts/funds";
import * as funds from "./service";
import { exportLedgerWorkbook } from "./export";
import { readContext } from "../../context";

const id = idParam;

export const fundsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/fund-years",
    { config: { access: "authenticated" }, schema: { operationId: "listFundYears", summary: "资金年度列表", tags: ["资金"], response: { 200: z.array(fundYearSchema) } } },
    async (req) => funds.listFundYears(req.ctx()),
  );

  app.get(
    "/fund-years/:fundYearId/counties",
    {
      // The city's list of counties is reference data (names, codes), like the fund years.
      config: { access: "authenticated" },
      schema: {
        operationId: "listCounties",
        summary: "资金年度所属城市的县区列表",
        tags: ["资金"],
        params: z.object({ fundYearId: id }),
        response: { 200: z.array(countySchema) },
      },
    },
    async (req) => funds.listFundYearCounties(req.ctx(), req.params.fundYearId),
  );

  app.get(
    "/funds/summary",
    {
      config: { access: "funds.read" },
      schema: {
        operationId: "getFundsSummary",
        summary: "资金下达与支付汇总（资金来源 × 县区）及预算执行率",
        tags: ["资金"],
        querystring: ledgerQuerySchema,
        response: { 200: fundsSummarySchema },
      },
    },
    async (req) => funds.getFundsSummary(readContext(req.ctx()), req.query),
  );

  app.get(
    "/funds/counties/:countyId",
    {
      config: { access: "funds.read" },
      schema: {
        operationId: "getCountyLedger",
        summary: "县区资金情况及项目明细",
        tags: ["资金"],
        params: z.object({ countyId: id }),
        querystring: ledgerQuerySchema,
        response: { 200: countyLedgerSchema },
      },
    },
    async (req) => funds.getCountyLedger(req.ctx(), { ...req.query, countyId: req.params.countyId }),
  );

  app.get(
    "/funds/projects/:projectId",
    {
      config: { access: "funds.read" },
      schema: {
        operationId: "getProjectLedger",
        summary: "项目资金情况、下达与支付记录",
        tags: ["资金"],
        params: z.object({ projectId: id }),
        querystring: z.object({ asOf: isoDate.optional() }),
        response: { 200: projectLedgerSchema },
      },
    },
    async (req) => funds.getProjectLedger(req.ctx(), { projectId: req.params.projectId, asOf: req.query.asOf }),
  );

  app.get(
    "/funds/payments",
    {
      config: { access: "funds.read" },
      schema: {
        operationId: "listPayments",
        summary: "支付明细（分页）",
        tags: ["资金"],
        querystring: listQuerySchema,
        response: { 200: paymentPageSchema },
      },
    },
    async (req) => funds.listPaymentsPage(req.ctx(), req.query),
  );

  app.get(
    "/funds/allocations",
    {
      config: { access: "funds.read" },
      schema: {
        operationId: "listAllocations",
        summary: "下达明细（分页）",
        tags: ["资金"],
        querystring: listQuerySchema,
        response: { 200: allocationPageSchema },
      },
    },
    async (req) => funds.listAllocationsPage(req.ctx(), req.query),
  );

  app.get(
    "/funds/export.xlsx",
    {
      config: { access: "funds.export" },
      schema: {
        operationId: "exportLedger",
        summary: "导出资金台账（.xlsx：汇总、下达明细、支付明细）",
        tags: ["资金"],
        querystring: ledgerQuerySchema,
      },
    },
    async (req, reply) => {
      const { buffer, fileName } = await exportLedgerWorkbook(req.ctx(), req.query);
      return reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .send(buffer);
    },
  );
};
