import fp from "fastify-plugin";
import type { FastifyReply, FastifyRequest } from "fastify";
import { can, type Actor, type Permission, PERMISSIONS } from "../../core/access";
import { CSRF_HEADER, SESSION_COOKIE } from "../../contracts/auth";
import { AppError } from "../errors";
import type { ServiceContext } from "../context";
import {
  actorOf,
  findLiveSession,
  findLiveSessionWithVersions,
  passwordChangeReason,
  sessionIdOf,
  touchSession,
  type AuthSettings,
  type SessionRow,
  type UserRow,
} from "../modules/auth/service";
import { sessionUsable, type NotifiedCache } from "../notified-cache";
import { setRequestVersions, wantsRequestVersions, withRequestVersions } from "../derived";

export type LiveSession = NonNullable<Awaited<ReturnType<typeof findLiveSession>>>;

/**
 * Who may call a route. Every route under /api names one: a permission of core/access.ts,
 * `authenticated` (any signed-in user, e.g. their own profile) or `public` (login, health).
 */
export type Access = Permission | "authenticated" | "public";

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** Every /api route with its access rule, in registration order (the access-matrix test reads it). */
    accessRules: { method: string; url: string; access: Access; countyFilter: boolean }[];
  }
  interface FastifyRequest {
    actor: Actor | null;
    user: UserRow | null;
    sessionId: string | null;
    session: SessionRow | null;
    csrfToken: string | null;
    /** The service context of this request; only on routes that require a signed-in user. */
    ctx(): ServiceContext;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The host of an Origin header; null for `null` (sandboxed frames, file: pages) and anything not a URL. */
function originHost(origin: string): string | null {
  if (!URL.canParse(origin)) return null;
  return new URL(origin).host || null;
}
const ALLOWED_WHEN_MUST_CHANGE = new Set(["/api/auth/me", "/api/auth/password", "/api/auth/logout"]);

/** Parsed request parts are at most this deep before a NUL is looked for no further (every schema is shallower). */
const MAX_SCAN_DEPTH = 64;

/** Whether a string of a parsed request part (or one of its keys) holds NUL, which a PostgreSQL text cannot store. */
function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (value === null || typeof value !== "object" || depth > MAX_SCAN_DEPTH) return false;
  for (const [key, v] of Object.entries(value)) if (key.includes("\u0000") || holdsNul(v, depth + 1)) return true;
  return false;
}

export default fp<{ settings: AuthSettings; sessions?: NotifiedCache<LiveSession> }>(async (app, { settings, sessions }) => {
  const usable = sessionUsable(settings.idleMinutes);
  app.decorateRequest("actor", null);
  app.decorateRequest("user", null);
  app.decorateRequest("sessionId", null);
  app.decorateRequest("csrfToken", null);
  app.decorateRequest("session", null);
  app.decorateRequest("ctx", function (this: FastifyRequest): ServiceContext {
    if (!this.actor) throw new AppError("UNAUTHENTICATED", "请先登录");
    return { db: app.db, readDb: app.readDb, actor: this.actor, ip: this.ip };
  });

  const rules: { method: string; url: string; access: Access; countyFilter: boolean }[] = [];
  app.decorate("accessRules", rules);
  // A route without an access rule is a bug: refuse to start.
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/")) return;
    const access = route.config?.access;
    if (!access) throw new Error(`路由 ${String(route.method)} ${route.url} 没有声明访问规则（config.access）`);
    if (access !== "public" && access !== "authenticated" && !(access in PERMISSIONS)) {
      throw new Error(`路由 ${String(route.method)} ${route.url} 的访问规则 ${access} 不存在`);
    }
    // A route filters by county when its query schema has countyId (zod object shape).
    const query = route.schema?.querystring as { shape?: Record<string, unknown> } | undefined;
    const countyFilter = !!query?.shape && "countyId" in query.shape;
    for (const method of [route.method].flat()) if (method !== "HEAD") rules.push({ method, url: route.url, access, countyFilter });
  });

  // A read-only request gets room for the versions its derived figures depend on (server/derived.ts),
  // read below with its session. The rest of the request runs inside it.
  app.addHook("onRequest", (req, _reply, done) => {
    if (SAFE_METHODS.has(req.method) && req.url.startsWith("/api/")) withRequestVersions(done);
    else done();
  });

  app.addHook("onRequest", async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.url.startsWith("/api/")) return;
    const access = req.routeOptions.config?.access;
    if (!access) return; // 404s reach the not-found handler
    const token = req.cookies?.[SESSION_COOKIE];
    if (token) {
      const id = sessionIdOf(token);
      const load = async () => {
        if (!wantsRequestVersions(app.db)) return findLiveSession(app.db, id, settings.idleMinutes);
        const found = await findLiveSessionWithVersions(app.db, id, settings.idleMinutes);
        if (!found) return null;
        setRequestVersions(app.db, found.versions);
        return { session: found.session, user: found.user };
      };
      const row = sessions ? await sessions.lookup(id, load, usable) : await load();
      if (row) {
        req.user = row.user;
        req.actor = actorOf(row.user);
        req.sessionId = id;
        req.session = row.session;
        req.csrfToken = row.session.csrfToken;
        // Sliding idle timeout; written at most once a minute per session.
        if (Date.now() - row.session.lastSeenAt.getTime() > 60_000) {
          await touchSession(app.db, id);
          row.session.lastSeenAt = new Date(); // the cached row too
        }
      }
    }
    if (access === "public") return;
    if (!req.actor) {
      throw new AppError("UNAUTHENTICATED", token ? "登录已超时或已在别处退出，请重新登录" : "请先登录");
    }
    if (!SAFE_METHODS.has(req.method)) {
      const origin = req.headers.origin;
      if (origin && originHost(origin) !== req.headers.host) throw new AppError("FORBIDDEN", "请求来源不被允许");
      if (req.headers[CSRF_HEADER] !== req.csrfToken) throw new AppError("FORBIDDEN", "安全校验失败（CSRF），请刷新页面后重试");
    }
    const reason = passwordChangeReason(req.user!, settings);
    if (reason && !ALLOWED_WHEN_MUST_CHANGE.has(req.routeOptions.url ?? "")) {
      throw new AppError("FORBIDDEN", reason === "initial" ? "请先修改初始密码" : `密码已超过 ${settings.passwordMaxAgeDays} 天未修改，请先修改密码`);
    }
    if (access !== "authenticated" && !can(req.actor, access)) throw new AppError("FORBIDDEN", "无权执行此操作");
  });

  // A NUL anywhere in a request would reach the first query as a database error (a 500): refuse it
  // here, once for every route, before the schemas run. Uploaded files are read later and checked by their readers.
  app.addHook("preValidation", async (req: FastifyRequest) => {
    if (!req.url.startsWith("/api/")) return;
    if (holdsNul(req.params) || holdsNul(req.query) || holdsNul(req.body)) {
      throw new AppError("VALIDATION_FAILED", "请求中含有空字符（NUL），请删除后重试");
    }
  });
});
