import { z } from "zod";
import { idParam } from "../../../contracts/ids";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  boardQuerySchema,
  boardSchema,
  cellSchema,
  countyMonitorSchema,
  explanationBodySchema,
  indicatorSchema,
  indicatorUpdateSchema,
  paymentScheduleBodySchema,
  paymentStepSchema,
  periodsSchema,
  progressBodySchema,
} from "../../../contracts/monitoring";
import * as monitoring from "./service";
import { getBoard } from "./get-board";
import { getCountyMonitor } from "./get-county-monitor";
import { readContext } from "../../context";

const id = idParam;

export const monitoringRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["双监控"];

  app.get(
    "/monitoring/board",
    {
      config: { access: "monitoring.read" },
      schema: { operationId: "getMonitoringBoard", summary: "监测看板：各县区 × 监测指标的红黄绿灯（时间过半、任务过半）", tags, querystring: boardQuerySchema, response: { 200: boardSchema } },
    },
    async (req) => getBoard(readContext(req.ctx()), req.query),
  );

  app.get(
    "/monitoring/periods",
    {
      config: { access: "monitoring.read" },
      schema: { operationId: "getMonitoringPeriods", summary: "本年度的监测期次（月或季度）及评价日所在期次", tags, querystring: boardQuerySchema.pick({ fundYearId: true }), response: { 200: periodsSchema } },
    },
    async (req) => monitoring.getPeriods(req.ctx(), req.query),
  );

  app.get(
    "/monitoring/counties/:countyId",
    {
      config: { access: "monitoring.read" },
      schema: {
        operationId: "getCountyMonitor",
        summary: "县区监测：各期趋势、滞后项目及偏差原因",
        tags,
        params: z.object({ countyId: id }),
        querystring: boardQuerySchema,
        response: { 200: countyMonitorSchema },
      },
    },
    async (req) => getCountyMonitor(req.ctx(), { ...req.query, countyId: req.params.countyId }),
  );

  app.put(
    "/monitoring/explanations",
    {
      config: { access: "monitoring.report" },
      schema: { operationId: "saveLagExplanation", summary: "填写预警项的偏差原因与完成可能性", tags, body: explanationBodySchema, response: { 200: cellSchema } },
    },
    async (req) => monitoring.saveExplanation(req.ctx(), req.body),
  );

  app.put(
    "/monitoring/progress",
    {
      config: { access: "monitoring.report" },
      schema: { operationId: "saveProgress", summary: "填报一期的项目进度（形象进度、累计完成投资、实际开工与完工日期）", tags, body: progressBodySchema, response: { 200: z.object({ saved: z.number().int() }) } },
    },
    async (req) => monitoring.saveProgress(req.ctx(), req.body),
  );

  app.put(
    "/monitoring/indicators/:indicatorId",
    {
      config: { access: "monitoring.configure" },
      schema: { operationId: "updateMonitoringIndicator", summary: "修改监测指标的监测期与预警阈值", tags, params: z.object({ indicatorId: id }), body: indicatorUpdateSchema, response: { 200: indicatorSchema } },
    },
    async (req) => monitoring.updateIndicator(req.ctx(), req.params.indicatorId, req.body),
  );

  app.put(
    "/monitoring/payment-schedule",
    {
      config: { access: "monitoring.configure" },
      schema: { operationId: "updatePaymentSchedule", summary: "修改资金支付进度所依据的支付节点（完工、竣工验收、结算后的应付比例与支付期限）", tags, body: paymentScheduleBodySchema, response: { 200: z.array(paymentStepSchema) } },
    },
    async (req) => monitoring.updatePaymentSchedule(req.ctx(), req.body),
  );
};
