import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { setupBodySchema, setupResultSchema, setupStateSchema } from "../../../contracts/firstrun";
import { errorBodySchema } from "../../../contracts/errors";
import { AppError } from "../../errors";
import { createFirstAdmin, SETUP_PAGE_ACTOR, setupNeeded } from "./service";

/**
 * 首次设置 before any session exists: both routes are public. The POST is guarded by the setup code,
 * a rate limit of its own and the same-origin rule the signed-in routes follow.
 */
export const setupRoutes: FastifyPluginAsyncZod<{ ratePerMinute: number }> = async (app, { ratePerMinute }) => {
  app.get(
    "/setup",
    {
      config: { access: "public" },
      schema: { operationId: "setupState", summary: "是否需要首次设置（尚无任何账户）", tags: ["账户"], response: { 200: setupStateSchema } },
    },
    async () => ({ needed: await setupNeeded(app.db) }),
  );

  app.post(
    "/setup",
    {
      config: { access: "public", rateLimit: { max: ratePerMinute, timeWindow: "1 minute" } },
      schema: {
        operationId: "setupFirstAdmin",
        summary: "首次设置：凭启动时显示的设置码创建系统管理员账户",
        tags: ["账户"],
        body: setupBodySchema,
        response: { 200: setupResultSchema, 403: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (req) => {
      const origin = req.headers.origin;
      if (origin && (!URL.canParse(origin) || new URL(origin).host !== req.headers.host)) throw new AppError("FORBIDDEN", "请求来源不被允许");
      const u = await createFirstAdmin(app.db, { ...req.body, actor: SETUP_PAGE_ACTOR, ip: req.ip });
      return { username: u.username, displayName: u.displayName };
    },
  );
};
