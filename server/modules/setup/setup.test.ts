import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../app";
import { createTestDb, engine, type TestDb } from "../../../test/db";
import { appSettings, auditEvents, users } from "../../../db/schema";
import { verifyAudit } from "../audit/service";
import { CLI_SETUP_REFUSED, createFirstAdmin, ensureSetupCode, formatSetupCode, newSetupCode, normaliseSetupCode, SETUP_CODE_KEY } from "./service";
import { SYSTEM_ACTOR } from "../../../core/access";

const PASSWORD = "Shouci@Setup9";

async function emptyApp() {
  const db = await createTestDb();
  const app = await buildApp({ database: db, webDist: null, rateLimitPerMinute: 100_000, loginRatePerMinute: 100_000, auth: { demoMode: false } });
  return { db, app };
}

const submit = (app: FastifyInstance, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  app.inject({ method: "POST", url: "/api/setup", payload: { username: "root", displayName: "信息中心", password: PASSWORD, ...body }, headers });

describe("the setup code", () => {
  it("has 8 characters of an alphabet without I, L, O or U, printed as XXXX-XXXX, typed loosely", () => {
    const codes = new Set(Array.from({ length: 200 }, newSetupCode));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(formatSetupCode("AB12CD34")).toBe("AB12-CD34");
    expect(normaliseSetupCode(" ab12-cd34 ")).toBe("AB12CD34");
    expect(normaliseSetupCode("o1lI-ZZZZ")).toBe("0111ZZZZ");
  });
});

describe(`first run in the browser (${engine})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let code: string;
  beforeAll(async () => {
    ({ db, app } = await emptyApp());
  });
  afterAll(async () => {
    await app.close();
    await db.destroy();
  });

  it("says setup is needed while no account exists, and every instance gets the same code", async () => {
    const r = await app.inject("/api/setup");
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ needed: true });
    code = (await ensureSetupCode(db.db))!;
    expect(code).toMatch(/^[0-9A-Z]{8}$/);
    // A second instance starting on the same database reads the code the first one made.
    expect(await ensureSetupCode(db.db)).toBe(code);
  });

  it("refuses a wrong code, a weak password and a foreign origin, creating nothing", async () => {
    const wrong = await submit(app, { code: code === "00000000" ? "11111111" : "0000-0000" });
    expect(wrong.statusCode).toBe(403);
    expect(JSON.parse(wrong.body).error.message).toBe("设置码不正确");
    const weak = await submit(app, { code, password: "root1234" });
    expect(weak.statusCode).toBe(400);
    expect(JSON.parse(weak.body).error.message).toBe("密码不符合要求：须包含大写字母、小写字母、数字、符号中的至少三类；不能包含用户名");
    const foreign = await submit(app, { code }, { origin: "https://evil.example" });
    expect(foreign.statusCode).toBe(403);
    expect(JSON.parse((await app.inject("/api/setup")).body).needed).toBe(true);
  });

  it("creates the installation-wide administrator with the right code, typed loosely, and deletes the code", async () => {
    const r = await submit(app, { code: formatSetupCode(code).toLowerCase() });
    expect(r.statusCode, r.body).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ username: "root", displayName: "信息中心" });
    const [u] = await db.db.select().from(users);
    expect(u).toMatchObject({ username: "root", role: "admin", regionId: null, mustChangePassword: false });
    expect(u.passwordChangedAt).toBeInstanceOf(Date);
    expect(u.passwordHash).not.toContain(PASSWORD);
    expect(await db.db.select().from(appSettings).where(eq(appSettings.key, SETUP_CODE_KEY))).toEqual([]);
    expect(JSON.parse((await app.inject("/api/setup")).body)).toEqual({ needed: false });
    expect(await ensureSetupCode(db.db)).toBeNull();

    const [event] = await db.db.select().from(auditEvents).where(eq(auditEvents.entityType, "user"));
    expect(event).toMatchObject({ action: "create", actorRole: "anonymous", entityId: String(u.id) });
    expect(event.summary).toBe("首次设置：创建系统管理员账户 root（设置码）");
    expect(JSON.stringify(event)).not.toContain(PASSWORD);
    expect((await verifyAudit(db.db)).ok).toBe(true);

    // They chose the password: they sign in and may work at once, outside demo mode too.
    const login = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "root", password: PASSWORD } });
    expect(login.statusCode).toBe(200);
    expect(JSON.parse(login.body)).toMatchObject({ role: "admin", region: null, mustChangePassword: false, passwordChangeReason: null });
    expect(JSON.parse(login.body).permissions).toContain("users.manage");
  });

  it("refuses a second attempt, with the old code or any other, and the command line after it", async () => {
    for (const c of [code, "0000-0000"]) {
      const again = await submit(app, { code: c, username: "second" });
      expect(again.statusCode).toBe(409);
      expect(JSON.parse(again.body).error.message).toBe("系统已完成首次设置，请直接登录");
    }
    // What `wenxiao admin create` calls.
    await expect(
      createFirstAdmin(db.db, { username: "cliadmin", displayName: "", password: PASSWORD, actor: SYSTEM_ACTOR, ip: null, refusedMessage: CLI_SETUP_REFUSED }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: CLI_SETUP_REFUSED });
    expect(await db.db.select({ username: users.username }).from(users)).toEqual([{ username: "root" }]);
  });
});

describe(`two first-run submissions at once (${engine})`, () => {
  it("let one win; the other is told the setup is done", async () => {
    const { db, app } = await emptyApp();
    try {
      const code = (await ensureSetupCode(db.db))!;
      const answers = await Promise.all([submit(app, { code, username: "first" }), submit(app, { code, username: "other" })]);
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
      expect(await db.db.select().from(users)).toHaveLength(1);
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});
