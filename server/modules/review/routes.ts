import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { reviewActionBodySchema, submissionQuerySchema, submissionSchema } from "../../../contracts/review";
import { actOnSubmission, listSubmissions } from "./service";

export const reviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/reviews",
    {
      config: { access: "review.read" },
      schema: {
        operationId: "listSubmissions",
        summary: "各县区报送与审核状态（填报 → 送审 → 审核通过 / 退回）",
        tags: ["审核"],
        querystring: submissionQuerySchema,
        response: { 200: z.array(submissionSchema) },
      },
    },
    async (req) => listSubmissions(req.ctx(), req.query),
  );
  app.post(
    "/reviews/actions",
    {
      config: { access: "review.act" },
      schema: {
        operationId: "actOnSubmission",
        summary: "送审、审核通过、退回或重新打开（退回和重新打开须填写原因）",
        tags: ["审核"],
        body: reviewActionBodySchema,
        response: { 200: submissionSchema },
      },
    },
    async (req) => actOnSubmission(req.ctx(), req.body),
  );
};
