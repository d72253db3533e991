import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { changePasswordBodySchema, loginBodySchema, meSchema, SESSION_COOKIE, sessionSchema } from "../../../contracts/auth";
import { AppError } from "../../errors";
import { ROLE_LABEL } from "../../../core/access";
import { DEMO_PASSWORD, DEMO_USERS } from "../../../db/demo/users";
import { changePassword, describeMe, login, logout, type AuthSettings } from "./service";

const ok = z.object({ ok: z.literal(true) });

export const authRoutes: FastifyPluginAsyncZod<{ settings: AuthSettings; secureCookies: boolean; loginRatePerMinute: number }> = async (
  app,
  { settings, secureCookies, loginRatePerMinute },
) => {
  const cookieOptions = { path: "/", httpOnly: true, sameSite: "strict" as const, secure: secureCookies };

  app.post(
    "/auth/login",
    {
      config: { access: "public", rateLimit: { max: loginRatePerMinute, timeWindow: "1 minute" } },
      schema: { operationId: "login", summary: "登录", tags: ["账户"], body: loginBodySchema, response: { 200: meSchema } },
    },
    async (req, reply) => {
      const { token, session, user } = await login(app.db, settings, {
        username: req.body.username,
        password: req.body.password,
        ip: req.ip,
        userAgent: req.headers["user-agent"] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: settings.absoluteHours * 3600 });
      return describeMe(app.db, settings, user, session);
    },
  );

  app.get(
    "/auth/options",
    {
      config: { access: "public" },
      schema: {
        operationId: "loginOptions",
        summary: "登录页信息：是否演示模式及演示账户",
        tags: ["账户"],
        response: {
          200: z.object({
            demoMode: z.boolean(),
            demoPassword: z.string().nullable(),
            demoAccounts: z.array(z.object({ username: z.string(), label: z.string() })),
          }),
        },
      },
    },
    // Demo mode publishes the demo accounts (they are in the README too); otherwise nothing.
    async () =>
      settings.demoMode
        ? {
            demoMode: true,
            demoPassword: DEMO_PASSWORD,
            demoAccounts: DEMO_USERS.map((u) => ({ username: u.username, label: u.county ? `${ROLE_LABEL[u.role]} · ${u.county}` : ROLE_LABEL[u.role] })),
          }
        : { demoMode: false, demoPassword: null, demoAccounts: [] },
  );

  app.get(
    "/auth/me",
    { config: { access: "authenticated" }, schema: { operationId: "me", summary: "当前用户", tags: ["账户"], response: { 200: meSchema } } },
    async (req) => describeMe(app.db, settings, req.user!, req.session!),
  );

  // The web app's first question: public, so opening the login page logs no 401. /auth/me stays
  // for the signed-in (and 401 without a session, as every protected route).
  app.get(
    "/auth/session",
    { config: { access: "public" }, schema: { operationId: "session", summary: "当前会话：是否已登录", tags: ["账户"], response: { 200: sessionSchema } } },
    async (req) =>
      req.user && req.session
        ? { signedIn: true as const, me: await describeMe(app.db, settings, req.user, req.session) }
        : { signedIn: false as const, expired: Boolean(req.cookies?.[SESSION_COOKIE]) },
  );

  app.post(
    "/auth/logout",
    { config: { access: "authenticated" }, schema: { operationId: "logout", summary: "退出登录", tags: ["账户"], response: { 200: ok } } },
    async (req, reply) => {
      await logout(app.db, req.sessionId!, req.actor!, req.ip);
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return { ok: true as const };
    },
  );

  app.post(
    "/auth/password",
    {
      config: { access: "authenticated", rateLimit: { max: 10, timeWindow: "1 minute" } },
      schema: { operationId: "changePassword", summary: "修改本人密码", tags: ["账户"], body: changePasswordBodySchema, response: { 200: ok } },
    },
    async (req) => {
      if (!req.user) throw new AppError("UNAUTHENTICATED", "请先登录");
      await changePassword(app.db, { user: req.user, sessionId: req.sessionId!, ...req.body, ip: req.ip });
      return { ok: true as const };
    },
  );
};
