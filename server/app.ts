import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from "fastify";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import cookie from "@fastify/cookie";
import multipart from "@fastify/multipart";
import swagger from "@fastify/swagger";
import fastifyStatic from "@fastify/static";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import "../contracts/zod-locale";
import type { Db, Database } from "../db/open";
import { IMPORT_MAX_BYTES } from "../contracts/imports";
import { AppError } from "./errors";
import { fundsRoutes } from "./modules/funds/routes";
import { projectsRoutes } from "./modules/projects/routes";
import { evaluationRoutes } from "./modules/evaluations/routes";
import { reportRoutes } from "./modules/reports/routes";
import { importRoutes } from "./modules/imports/routes";
import { surveyRoutes } from "./modules/surveys/routes";
import { surveyDocumentRoutes } from "./modules/surveys/document-routes";
import { rectificationRoutes } from "./modules/rectification/routes";
import { regionRoutes } from "./modules/regions/routes";
import { authRoutes } from "./modules/auth/routes";
import authPlugin, { type LiveSession } from "./plugins/auth";
import { AUTH_CHANNEL, NotifiedCache } from "./notified-cache";
import { watchVersions } from "./derived";
import { userRoutes } from "./modules/users/routes";
import { setupRoutes } from "./modules/setup/routes";
import { auditRoutes } from "./modules/audit/routes";
import { reviewRoutes } from "./modules/review/routes";
import { fundYearRoutes } from "./modules/fund-years/routes";
import { notificationRoutes } from "./modules/notifications/routes";
import { allocationRoutes } from "./modules/allocation/routes";
import { worksRoutes } from "./modules/works/routes";
import { DEFAULT_AUTH, type AuthSettings } from "./modules/auth/service";

declare module "fastify" {
  interface FastifyInstance {
    db: Db;
    /** The read handle for read-only summary pages (the replica of DATABASE_READ_URL, else `db`). */
    readDb: Db;
  }
}

export interface AppOptions {
  database: Database;
  logger?: FastifyServerOptions["logger"];
  /** Built web app to serve at /; null serves the API only (tests). */
  webDist?: string | null;
  /** Requests per minute per address. */
  rateLimitPerMinute?: number;
  /** Opens and submits of resident survey links per minute per address. */
  surveyRatePerMinute?: number;
  /** Login attempts per minute per address (the per-account lock-out is separate). */
  loginRatePerMinute?: number;
  auth?: Partial<AuthSettings>;
  /** Mark cookies Secure (behind HTTPS). */
  secureCookies?: boolean;
  /**
   * Which X-Forwarded-For hops to believe for the client address (audit, rate limits): false (the
   * default: the socket's peer), a hop count, or the proxies' addresses / CIDRs.
   */
  trustProxy?: boolean | number | string[];
}

/** Believe the nearest `n` proxies (what a hop count means to proxy-addr). */
function trustHops(n: number) {
  return (_address: string, hop: number) => hop < n;
}

/** WENXIAO_TRUST_PROXY: unset → trust no proxy; "1" → one hop; "10.0.0.2,10.1.0.0/16" → those proxies. */
export function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  const v = value?.trim();
  if (!v || v === "0" || v === "false") return false;
  if (v === "true") return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(",").map((x) => x.trim()).filter(Boolean);
}

export const DEFAULT_WEB_DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "web", "dist");

const FIELD_NAMES: Record<string, string> = {
  fundYearId: "资金年度",
  asOf: "评价日",
  countyId: "县区",
  projectId: "项目",
  sourceId: "资金来源",
  page: "页码",
  pageSize: "每页条数",
  kind: "导入类型",
  dryRun: "试导入",
  programmeId: "资金项目",
  regionId: "地区",
  year: "年度",
  evaluationDate: "评价日",
  allocationFrom: "资金下达期开始",
  allocationTo: "资金下达期结束",
  paymentFrom: "资金支付期开始",
  paymentTo: "资金支付期结束",
  reason: "原因",
  communityId: "小区",
  facilityKind: "设施类别",
  status: "状态",
  handedOverOn: "移交日期",
  operatorId: "接收专营单位",
  receiver: "接收单位",
  note: "备注",
  version: "版本号",
  propertyMode: "物业管理模式",
  feeCollectionBp: "物业费收缴率",
  redProperty: "红色物业",
  ownersCommittee: "业委会",
  windowFrom: "监测期开始",
  windowTo: "监测期结束",
  yellowGapBp: "黄色预警",
  redGapBp: "红色预警",
  steps: "支付节点",
  paymentSchedule: "支付节点",
  stage: "支付节点",
  shareBp: "应付比例",
  termDays: "支付期限",
};

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    // Believing any X-Forwarded-For would let a client write its own address into the audit trail.
    trustProxy: typeof options.trustProxy === "number" ? trustHops(options.trustProxy) : (options.trustProxy ?? false),
    // The router refuses a malformed path before any hook runs; it is answered in Chinese too.
    frameworkErrors: (err, _req, reply) => {
      const tooLong = (err as { code?: string }).code === "FST_ERR_MAX_PARAM_LENGTH";
      const message = tooLong ? "请求路径中的参数过长，请检查链接" : "请求路径无效（含有无法识别的字符编码），请检查链接";
      void (reply as unknown as FastifyReply).status(tooLong ? 414 : 400).send(new AppError("VALIDATION_FAILED", message).toBody());
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate("db", options.database.db);
  app.decorate("readDb", options.database.readDb ?? options.database.db);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // antd writes its styles at run time (CSS-in-JS).
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? 1200,
    timeWindow: "1 minute",
    // The API only: the web app's own files cost nothing and a page load fetches dozens of them.
    allowList: (req) => !req.url.startsWith("/api/"),
    errorResponseBuilder: () => new AppError("RATE_LIMITED", "请求过于频繁，请稍后再试"),
  });
  await app.register(cookie);
  const authSettings = { ...DEFAULT_AUTH, ...options.auth };
  // Who sent a request, and the versions of the derived figures' inputs, without a query per request
  // on PGlite (server/notified-cache.ts).
  const sessions = new NotifiedCache<LiveSession>(AUTH_CHANNEL);
  const stops = [await sessions.attach(options.database), await watchVersions(options.database)];
  app.addHook("onClose", async () => {
    for (const stop of stops) await stop();
  });
  await app.register(authPlugin, { settings: authSettings, sessions });
  await app.register(multipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: { title: "问效 Wenxiao API", description: "财政补助资金全周期跟踪问效系统接口", version: "0.1.0" },
      tags: [
        { name: "资金", description: "资金下达、支付与预算执行率" },
        { name: "导入", description: "Excel 导入与模板" },
        { name: "账户", description: "登录、会话、密码与账户管理" },
        { name: "审计", description: "审计日志与哈希链校验" },
        { name: "审核", description: "县区报送与市级审核" },
        { name: "项目与小区", description: "项目库、小区库、资金结构、绩效目标与长效管养" },
        { name: "双监控", description: "进度填报、红黄灯预警与偏差原因" },
        { name: "绩效评价", description: "指标体系、等级标准、评价任务、评分表与评价结果" },
        { name: "行政区划", description: "省、市、县区、街道（乡镇）：全国区划、手工添加、Excel 导入、改名与撤销" },
        { name: "居民满意度调查", description: "问卷、抽样、入户链接与二维码、纸质问卷、审核与满意率" },
        { name: "基础设置", description: "资金来源、资金项目与资金年度（新建、开启下一年度、关闭与重新打开）" },
      ],
    },
    transform: jsonSchemaTransform,
  });

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) return reply.status(err.status).send(err.toBody());
    if (hasZodFastifySchemaValidationErrors(err)) {
      const problems = err.validation.map((v) => {
        // A field without a Chinese name goes unnamed: the message itself (zod's zh-CN text, or the
        // contract's own) is what the user reads, never an identifier.
        // The innermost named part of the path: steps/0/shareBp reads 应付比例.
        const parts = String(v.instancePath || "").replace(/^\//, "").split("/");
        const name = parts.reverse().map((p) => (Object.hasOwn(FIELD_NAMES, p) ? FIELD_NAMES[p] : undefined)).find((n) => n !== undefined);
        // A message that already names its field (the contracts' limits do: 「支付期限」应在…) keeps its words.
        const named = name !== undefined && !(v.message ?? "").includes(`「${name}」`);
        return { row: null, column: name ?? null, message: `${named ? name + "：" : ""}${v.message}` };
      });
      return reply
        .status(400)
        .send(new AppError("VALIDATION_FAILED", `请求参数有误：${problems.map((p) => p.message).join("；")}`, problems).toBody());
    }
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status === 413) return reply.status(413).send(new AppError("PAYLOAD_TOO_LARGE", "上传内容过大").toBody());
    if (status === 429) return reply.status(429).send(new AppError("RATE_LIMITED", "请求过于频繁，请稍后再试").toBody());
    if (status >= 400 && status < 500) {
      return reply.status(status).send(new AppError("VALIDATION_FAILED", `请求有误：${(err as Error).message}`).toBody());
    }
    // 5xx: the details stay in the log.
    req.log.error(err);
    return reply.status(500).send(new AppError("INTERNAL", "服务器内部错误，请稍后重试；如持续出现请联系管理员").toBody());
  });

  await app.register(
    async (api) => {
      await api.register(authRoutes, { settings: authSettings, loginRatePerMinute: options.loginRatePerMinute ?? 20, secureCookies: options.secureCookies ?? process.env.WENXIAO_SECURE_COOKIES === "1" });
      await api.register(userRoutes);
      await api.register(setupRoutes, { ratePerMinute: Math.min(10, options.loginRatePerMinute ?? 10) });
      await api.register(auditRoutes);
      await api.register(reviewRoutes);
      await api.register(fundsRoutes);
      await api.register(fundYearRoutes);
      await api.register(projectsRoutes);
      await api.register(evaluationRoutes);
      await api.register(reportRoutes);
      await api.register(importRoutes);
      await api.register(regionRoutes);
      await api.register(surveyRoutes, { publicRatePerMinute: options.surveyRatePerMinute ?? 60 });
      await api.register(surveyDocumentRoutes);
      await api.register(rectificationRoutes);
      await api.register(notificationRoutes);
      await api.register(worksRoutes);
      await api.register(allocationRoutes);
      api.get("/openapi.json", { config: { access: "public" }, schema: { hide: true } }, async () => app.swagger());
      api.get("/health", { config: { access: "public" }, schema: { hide: true } }, async () => ({ ok: true, database: options.database.kind }));
    },
    { prefix: "/api" },
  );

  const dist = options.webDist === undefined ? DEFAULT_WEB_DIST : options.webDist;
  if (dist && fs.existsSync(path.join(dist, "index.html"))) {
    await app.register(fastifyStatic, {
      root: dist,
      wildcard: false,
      index: ["index.html"],
      // The build writes .br and .gz beside each file (web/vite.config.ts): sent as they are, by Accept-Encoding.
      preCompressed: true,
      cacheControl: false,
      // Hashed file names under /assets never change their content: cached for a year. Everything else
      // (index.html, which names the current hashes) is revalidated on every visit.
      setHeaders: (reply, filePath) => {
        const hashed = path.resolve(filePath).startsWith(path.join(path.resolve(dist), "assets") + path.sep);
        reply.header("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
      },
    });
    app.setNotFoundHandler((req, reply) => {
      if (req.method === "GET" && !req.url.startsWith("/api/")) return reply.type("text/html").sendFile("index.html");
      return reply.status(404).send(new AppError("NOT_FOUND", `接口不存在：${req.method} ${req.url.split("?")[0]}`).toBody());
    });
  } else {
    app.setNotFoundHandler((req, reply) =>
      reply.status(404).send(new AppError("NOT_FOUND", `接口不存在：${req.method} ${req.url.split("?")[0]}`).toBody()),
    );
  }
  return app;
}
