/** 问题与整改 over HTTP: a task's findings, items and their state changes, evidence, the 整改台账 and its export. */
import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { idParam } from "../../../contracts/ids";
import {
  findingCreateSchema,
  findingListSchema,
  findingReorderSchema,
  findingSchema,
  findingUpdateSchema,
  itemCreateSchema,
  itemDetailSchema,
  itemEvidenceSchema,
  itemSchema,
  itemTransitionSchema,
  itemUpdateSchema,
  ledgerQuerySchema,
  ledgerSchema,
  RECTIFICATION_LIMITS,
} from "../../../contracts/rectification";
import { readUpload } from "../../upload";
import { XLSX_MIME } from "../../xlsx";
import { EVIDENCE_TYPES } from "../../../contracts/evaluations";
import * as rectification from "./service";
import { writeOutFigures } from "../reports/write-out-figures";

const ok = z.object({ ok: z.literal(true) });
const tags = ["问题与整改"];
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
const taskParams = z.object({ taskId: idParam });
const findingParams = z.object({ findingId: idParam });
const itemParams = z.object({ itemId: idParam });
const evidenceParams = z.object({ evidenceId: idParam });

export const rectificationRoutes: FastifyPluginAsyncZod = async (app) => {
  // ---- findings -------------------------------------------------------------------------------

  app.get(
    "/evaluations/tasks/:taskId/findings",
    { config: { access: "rectification.read" }, schema: { operationId: "listFindings", summary: "评价任务的问题清单", tags, params: taskParams, response: { 200: findingListSchema } } },
    async (req) => {
      const list = await rectification.listFindings(req.ctx(), req.params.taskId);
      const texts = await writeOutFigures(req.ctx(), list.taskId, list.findings.map((f) => f.description));
      return { ...list, findings: list.findings.map((f, i) => ({ ...f, descriptionText: texts[i] })) };
    },
  );

  app.post(
    "/evaluations/tasks/:taskId/findings",
    { config: { access: "findings.write" }, schema: { operationId: "recordFinding", summary: "记录问题（来自失分指标、县区反馈或手工）", tags, params: taskParams, body: findingCreateSchema, response: { 200: findingSchema } } },
    async (req) => rectification.recordFinding(req.ctx(), req.params.taskId, req.body),
  );

  app.put(
    "/evaluations/tasks/:taskId/findings/order",
    { config: { access: "findings.write" }, schema: { operationId: "reorderFindings", summary: "调整问题顺序", tags, params: taskParams, body: findingReorderSchema, response: { 200: ok } } },
    async (req) => rectification.reorderFindings(req.ctx(), req.params.taskId, req.body.ids),
  );

  app.patch(
    "/findings/:findingId",
    { config: { access: "findings.write" }, schema: { operationId: "updateFinding", summary: "修改问题", tags, params: findingParams, body: findingUpdateSchema, response: { 200: findingSchema } } },
    async (req) => rectification.updateFinding(req.ctx(), req.params.findingId, req.body),
  );

  app.delete(
    "/findings/:findingId",
    { config: { access: "findings.write" }, schema: { operationId: "deleteFinding", summary: "删除问题（整改事项尚未办理时）", tags, params: findingParams, response: { 200: ok } } },
    async (req) => rectification.deleteFinding(req.ctx(), req.params.findingId),
  );

  // ---- items ----------------------------------------------------------------------------------

  app.post(
    "/findings/:findingId/items",
    { config: { access: "rectification.assign" }, schema: { operationId: "createRectificationItems", summary: "分派整改事项", tags, params: findingParams, body: itemCreateSchema, response: { 200: z.array(itemSchema) } } },
    async (req) => rectification.createItems(req.ctx(), req.params.findingId, req.body),
  );

  app.get(
    "/rectification/items",
    { config: { access: "rectification.read" }, schema: { operationId: "listRectificationItems", summary: "整改台账", tags, querystring: ledgerQuerySchema, response: { 200: ledgerSchema } } },
    async (req) => rectification.listLedger(req.ctx(), req.query),
  );

  app.get(
    "/rectification/items/export.xlsx",
    { config: { access: "rectification.read" }, schema: { operationId: "exportRectificationItems", summary: "导出整改台账（.xlsx）", tags, querystring: ledgerQuerySchema } },
    async (req, reply) => {
      const { fileName, data } = await rectification.exportLedger(req.ctx(), req.query);
      return reply.header("content-type", XLSX_MIME).header("content-disposition", attachment(fileName)).send(data);
    },
  );

  app.get(
    "/rectification/items/:itemId",
    { config: { access: "rectification.read" }, schema: { operationId: "getRectificationItem", summary: "整改事项（含历史和佐证）", tags, params: itemParams, response: { 200: itemDetailSchema } } },
    async (req) => {
      const item = await rectification.getItem(req.ctx(), req.params.itemId);
      const [text] = await writeOutFigures(req.ctx(), item.taskId, [item.findingDescription]);
      return { ...item, findingDescriptionText: text };
    },
  );

  app.patch(
    "/rectification/items/:itemId",
    { config: { access: "rectification.assign" }, schema: { operationId: "updateRectificationItem", summary: "修改整改事项（待整改或退回时）", tags, params: itemParams, body: itemUpdateSchema, response: { 200: itemSchema } } },
    async (req) => rectification.updateItem(req.ctx(), req.params.itemId, req.body),
  );

  app.delete(
    "/rectification/items/:itemId",
    { config: { access: "rectification.assign" }, schema: { operationId: "deleteRectificationItem", summary: "删除整改事项（待整改时）", tags, params: itemParams, response: { 200: ok } } },
    async (req) => rectification.deleteItem(req.ctx(), req.params.itemId),
  );

  app.post(
    "/rectification/items/:itemId/transition",
    // Work or verify: the service checks which one the action needs.
    { config: { access: "rectification.read" }, schema: { operationId: "transitionRectificationItem", summary: "开始整改、提交、验收或退回", tags, params: itemParams, body: itemTransitionSchema, response: { 200: itemSchema } } },
    async (req) => rectification.transitionItem(req.ctx(), req.params.itemId, req.body),
  );

  // ---- evidence -------------------------------------------------------------------------------

  app.post(
    "/rectification/items/:itemId/evidence",
    {
      config: { access: "rectification.work" },
      schema: { operationId: "uploadRectificationEvidence", summary: "上传整改佐证（multipart 字段 file）", tags, params: itemParams, consumes: ["multipart/form-data"], response: { 200: itemEvidenceSchema } },
    },
    async (req) => {
      const file = await readUpload(req, { maxBytes: RECTIFICATION_LIMITS.evidenceBytes, extensions: EVIDENCE_TYPES });
      return rectification.uploadItemEvidence(req.ctx(), { itemId: req.params.itemId, ...file });
    },
  );

  app.get(
    "/rectification/evidence/:evidenceId",
    { config: { access: "rectification.read" }, schema: { operationId: "downloadRectificationEvidence", summary: "下载整改佐证", tags, params: evidenceParams } },
    async (req, reply) => {
      const f = await rectification.downloadItemEvidence(req.ctx(), req.params.evidenceId);
      return reply.header("content-type", f.mimeType).header("content-disposition", attachment(f.fileName)).header("x-content-type-options", "nosniff").send(f.data);
    },
  );

  app.delete(
    "/rectification/evidence/:evidenceId",
    { config: { access: "rectification.work" }, schema: { operationId: "deleteRectificationEvidence", summary: "删除整改佐证（提交前）", tags, params: evidenceParams, response: { 200: ok } } },
    async (req) => rectification.deleteItemEvidence(req.ctx(), req.params.evidenceId),
  );
};
