import { z } from "zod";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { idParam } from "../../../contracts/ids";
import { errorBodySchema } from "../../../contracts/errors";
import {
  paperEntrySchema,
  publicSubmitResultSchema,
  publicSubmitSchema,
  publicSurveySchema,
  publicTokenParam,
  questionnaireCreateSchema,
  questionnaireRecordSchema,
  questionnaireUpdateSchema,
  responseDetailSchema,
  responsePageSchema,
  responsesQuerySchema,
  responseSummarySchema,
  reviewResultSchema,
  reviewSchema,
  surveyResultsSchema,
  surveySetupSchema,
  surveyLinksSchema,
  surveyStateSchema,
} from "../../../contracts/surveys";
import { publicBaseUrl } from "../../settings";
import { AppError } from "../../errors";
import * as surveys from "./service";

const tags = ["居民满意度调查"];
const ok = z.object({ ok: z.literal(true) });
const taskParams = z.object({ taskId: idParam });

/** The address residents open: WENXIAO_PUBLIC_URL, else the address this request came to. */
export const baseUrlOf = (req: { protocol: string; headers: { host?: string } }) => publicBaseUrl() ?? `${req.protocol}://${req.headers.host ?? "localhost:3000"}`;

export const surveyRoutes: FastifyPluginAsyncZod<{ publicRatePerMinute: number }> = async (app, { publicRatePerMinute }) => {
  // ---- questionnaires ----------------------------------------------------------------------
  app.get(
    "/surveys/questionnaires",
    { config: { access: "survey.read" }, schema: { operationId: "listQuestionnaires", summary: "满意度问卷（各版本）", tags, response: { 200: z.array(questionnaireRecordSchema) } } },
    async (req) => surveys.listQuestionnaires(req.ctx()),
  );
  app.get(
    "/surveys/questionnaires/:id",
    { config: { access: "survey.read" }, schema: { operationId: "getQuestionnaire", summary: "问卷内容", tags, params: z.object({ id: idParam }), response: { 200: questionnaireRecordSchema } } },
    async (req) => surveys.getQuestionnaire(req.ctx(), req.params.id),
  );
  app.post(
    "/surveys/questionnaires",
    {
      config: { access: "survey.design" },
      schema: { operationId: "createQuestionnaire", summary: "复制问卷为新版本（或新问卷）草稿", tags, body: questionnaireCreateSchema, response: { 200: questionnaireRecordSchema } },
    },
    async (req) => surveys.createQuestionnaire(req.ctx(), req.body),
  );
  app.patch(
    "/surveys/questionnaires/:id",
    {
      config: { access: "survey.design" },
      schema: { operationId: "saveQuestionnaire", summary: "修改问卷草稿", tags, params: z.object({ id: idParam }), body: questionnaireUpdateSchema, response: { 200: questionnaireRecordSchema } },
    },
    async (req) => surveys.saveQuestionnaire(req.ctx(), req.params.id, req.body),
  );
  app.post(
    "/surveys/questionnaires/:id/publish",
    {
      config: { access: "survey.design" },
      schema: { operationId: "publishQuestionnaire", summary: "发布问卷草稿", tags, params: z.object({ id: idParam }), body: z.object({ revision: z.number().int().min(0) }), response: { 200: questionnaireRecordSchema } },
    },
    async (req) => surveys.publishQuestionnaire(req.ctx(), req.params.id, req.body.revision),
  );
  app.delete(
    "/surveys/questionnaires/:id",
    { config: { access: "survey.design" }, schema: { operationId: "deleteQuestionnaire", summary: "删除问卷草稿", tags, params: z.object({ id: idParam }), response: { 200: ok } } },
    async (req) => surveys.deleteQuestionnaire(req.ctx(), req.params.id),
  );

  // ---- a task's survey -----------------------------------------------------------------------
  app.get(
    "/evaluations/:taskId/survey",
    { config: { access: "survey.read" }, schema: { operationId: "getSurvey", summary: "评价任务的居民满意度调查：问卷、抽样和回收情况", tags, params: taskParams, response: { 200: surveyStateSchema } } },
    async (req) => surveys.getSurveyState(req.ctx(), req.params.taskId),
  );
  app.put(
    "/evaluations/:taskId/survey",
    {
      config: { access: "survey.conduct" },
      schema: { operationId: "setupSurvey", summary: "设置调查并抽样（收到答复前可重新抽样）", tags, params: taskParams, body: surveySetupSchema, response: { 200: surveyStateSchema } },
    },
    async (req) => surveys.setupSurvey(req.ctx(), req.params.taskId, req.body),
  );
  app.get(
    "/evaluations/:taskId/survey/links",
    {
      config: { access: "survey.conduct" },
      schema: {
        operationId: "listSurveyLinks",
        summary: "入户问卷链接（每户一个，一次有效）",
        tags,
        params: taskParams,
        querystring: z.object({ communityId: idParam.optional() }),
        response: { 200: surveyLinksSchema },
      },
    },
    async (req) => surveys.listLinks(req.ctx(), req.params.taskId, { communityId: req.query.communityId, baseUrl: baseUrlOf(req) }),
  );
  app.get(
    "/evaluations/:taskId/survey/responses",
    {
      config: { access: "survey.responses" },
      schema: { operationId: "listSurveyResponses", summary: "回收的问卷（筛选、分页）", tags, params: taskParams, querystring: responsesQuerySchema, response: { 200: responsePageSchema } },
    },
    async (req) => surveys.listResponses(req.ctx(), req.params.taskId, req.query),
  );
  app.get(
    "/evaluations/:taskId/survey/responses/:responseId",
    {
      config: { access: "survey.responses" },
      schema: { operationId: "getSurveyResponse", summary: "一份问卷的全部答案", tags, params: taskParams.extend({ responseId: idParam }), response: { 200: responseDetailSchema } },
    },
    async (req) => surveys.getResponse(req.ctx(), req.params.taskId, req.params.responseId),
  );
  app.post(
    "/evaluations/:taskId/survey/responses",
    {
      config: { access: "survey.conduct" },
      schema: { operationId: "enterPaperForm", summary: "录入一份纸质问卷", tags, params: taskParams, body: paperEntrySchema, response: { 200: responseSummarySchema, 422: errorBodySchema } },
    },
    async (req) => surveys.enterPaperForm(req.ctx(), req.params.taskId, req.body),
  );
  app.post(
    "/evaluations/:taskId/survey/review",
    {
      config: { access: "survey.conduct" },
      schema: { operationId: "reviewSurveyResponses", summary: "审核问卷：接受、退回（须填理由）或恢复待审核", tags, params: taskParams, body: reviewSchema, response: { 200: reviewResultSchema } },
    },
    async (req) => surveys.reviewResponses(req.ctx(), req.params.taskId, req.body),
  );
  app.get(
    "/evaluations/:taskId/survey/results",
    { config: { access: "survey.read" }, schema: { operationId: "getSurveyResults", summary: "满意率：按题目、部分、小区、县区和全市", tags, params: taskParams, response: { 200: surveyResultsSchema } } },
    async (req) => surveys.getSurveyResults(req.ctx(), req.params.taskId),
  );

  // ---- the resident's link: no account, rate-limited ------------------------------------------
  const limit = { max: publicRatePerMinute, timeWindow: "1 minute" };
  app.get(
    "/public/surveys/:token",
    {
      config: { access: "public", rateLimit: limit },
      schema: { operationId: "openSurveyLink", summary: "居民打开入户问卷链接（无需账户）", tags, params: publicTokenParam, response: { 200: publicSurveySchema, 404: errorBodySchema } },
    },
    async (req) => surveys.openSurveyLink(app.db, req.params.token),
  );
  app.post(
    "/public/surveys/:token",
    {
      config: { access: "public", rateLimit: limit },
      schema: {
        operationId: "submitSurveyLink",
        summary: "居民提交问卷（每个链接只能提交一次）",
        tags,
        params: publicTokenParam,
        body: publicSubmitSchema,
        response: { 200: publicSubmitResultSchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema },
      },
    },
    async (req) => {
      assertSameOrigin(req);
      return surveys.submitSurveyLink(app.db, req.params.token, req.body.answers);
    },
  );
};

/** A public form is posted from this site's own page only (no session, so no CSRF token to check). */
function assertSameOrigin(req: FastifyRequest) {
  const origin = req.headers.origin;
  if (origin && (!URL.canParse(origin) || new URL(origin).host !== req.headers.host)) throw new AppError("FORBIDDEN", "请求来源不被允许");
}
