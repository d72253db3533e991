import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, like, sql } from "drizzle-orm";
import { auditEvents, users } from "../../../db/schema";
import { createTestApp, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { DEMO_PASSWORD } from "../../../db/demo/users";
import { CSRF_HEADER, SESSION_COOKIE } from "../../../contracts/auth";
import { passwordProblems } from "../../../core/access";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (username: string, password: string) =>
  t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });

describe(`signing in (${engine})`, () => {
  it("opens an httpOnly SameSite=Strict session and says who the user is", async () => {
    const r = await login("lanshan", DEMO_PASSWORD);
    expect(r.statusCode).toBe(200);
    const cookie = r.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Strict");
    const me = JSON.parse(r.body);
    expect(me).toMatchObject({ username: "lanshan", role: "county", roleLabel: "县区", county: { name: "兰山区" } });
    expect(me.permissions).toContain("funds.pay");
    expect(me.permissions).not.toContain("funds.allocate");
  });

  it("answers a wrong password and an unknown user alike", async () => {
    const a = await login("hedong", "Wrong@2021x");
    const b = await login("nobody", "Wrong@2021x");
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(JSON.parse(a.body).error.message).toContain("用户名或密码错误");
    expect(JSON.parse(b.body).error.message).toBe("用户名或密码错误");
  });

  it("locks an account for 15 minutes after 5 failed attempts, even against the right password", async () => {
    for (let i = 1; i <= 4; i++) expect(JSON.parse((await login("yinan", "Bad@pass" + i)).body).error.message).toContain(`再错 ${5 - i} 次`);
    const fifth = await login("yinan", "Bad@pass5");
    expect(JSON.parse(fifth.body).error.message).toContain("账户已锁定 15 分钟");
    const right = await login("yinan", DEMO_PASSWORD);
    expect(right.statusCode).toBe(401);
    expect(JSON.parse(right.body).error.message).toMatch(/账户已锁定，请于 1[45] 分钟后再试/);
    // The lock runs out: move it into the past.
    await t.db.db.execute(sql`update users set locked_until = now() - interval '1 second' where username = 'yinan'`);
    expect((await login("yinan", DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it("a burst of parallel wrong passwords checks no more than 5 of them, and the right one after it is locked out", async () => {
    const burst = await Promise.all(Array.from({ length: 11 }, (_, i) => login("pingyi", `Bad#burst${i}`)));
    expect(burst.map((r) => r.statusCode)).toEqual(Array(11).fill(401));
    const messages = burst.map((r) => JSON.parse(r.body).error.message as string);
    // Five attempts were reserved and checked (the fifth locks); the other six were refused unchecked.
    expect(messages.filter((m) => m.startsWith("用户名或密码错误（再错")).length).toBe(4);
    expect(messages.filter((m) => m === "连续 5 次密码错误，账户已锁定 15 分钟").length).toBe(1);
    expect(messages.filter((m) => m.startsWith("连续登录失败次数过多，账户已锁定")).length).toBe(6);
    const [account] = await t.db.db.select().from(users).where(eq(users.username, "pingyi"));
    expect(account.failedLogins).toBe(5);
    expect(account.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    const checked = await t.db.db.$count(auditEvents, and(eq(auditEvents.entityId, String(account.id)), like(auditEvents.summary, "登录失败：密码错误%")));
    expect(checked).toBe(5);
    const right = await login("pingyi", DEMO_PASSWORD);
    expect(right.statusCode).toBe(401);
    expect(JSON.parse(right.body).error.message).toMatch(/账户已锁定，请于 1[45] 分钟后再试/);
  });

  it("refuses every API call without a session, naming no data", async () => {
    const r = await t.app.inject("/api/funds/summary?fundYearId=1");
    expect(r.statusCode).toBe(401);
    expect(JSON.parse(r.body)).toEqual({ error: { code: "UNAUTHENTICATED", message: "请先登录" } });
  });

  it("ends a session idle past the timeout", async () => {
    const c = await t.as("tancheng");
    expect((await c.inject("/api/auth/me")).statusCode).toBe(200);
    await t.db.db.execute(sql`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = (select id from users where username = 'tancheng')`);
    const r = await c.inject("/api/auth/me");
    expect(r.statusCode).toBe(401);
    expect(JSON.parse(r.body).error.message).toContain("登录已超时");
  });

  it("ends a session at logout", async () => {
    const r = await login("junan", DEMO_PASSWORD);
    const cookie = `${SESSION_COOKIE}=${r.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`;
    const csrf = JSON.parse(r.body).csrfToken;
    const out = await t.app.inject({ method: "POST", url: "/api/auth/logout", headers: { cookie, [CSRF_HEADER]: csrf } });
    expect(out.statusCode).toBe(200);
    expect((await t.app.inject({ url: "/api/auth/me", headers: { cookie } })).statusCode).toBe(401);
  });
});

describe(`CSRF (${engine})`, () => {
  it("refuses a state-changing request without the session's CSRF token", async () => {
    const c = await t.as("caizheng");
    const noToken = await t.app.inject({ method: "POST", url: "/api/auth/logout", headers: { cookie: c.cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(JSON.parse(noToken.body).error.message).toContain("CSRF");
    const wrong = await t.app.inject({ method: "POST", url: "/api/auth/logout", headers: { cookie: c.cookie, [CSRF_HEADER]: "forged" } });
    expect(wrong.statusCode).toBe(403);
    const crossSite = await t.app.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: { cookie: c.cookie, [CSRF_HEADER]: c.csrfToken, origin: "https://evil.example", host: "localhost:3000" },
    });
    expect(crossSite.statusCode).toBe(403);
    // An opaque origin (sandboxed frame, file: page) or anything that is not a URL is foreign too.
    for (const origin of ["null", "not a url", "https://"]) {
      const r = await t.app.inject({ method: "POST", url: "/api/auth/logout", headers: { cookie: c.cookie, [CSRF_HEADER]: c.csrfToken, origin, host: "localhost:3000" } });
      expect(r.statusCode, origin).toBe(403);
      expect(JSON.parse(r.body)).toEqual({ error: { code: "FORBIDDEN", message: "请求来源不被允许" } });
    }
    // Reads need no token.
    expect((await t.app.inject({ url: "/api/auth/me", headers: { cookie: c.cookie } })).statusCode).toBe(200);
  });
});

describe(`passwords (${engine})`, () => {
  it("follow the policy: 8+ characters from 3 of 4 classes, not the user name", () => {
    expect(passwordProblems("short1A", "x")).toContain("长度至少 8 位");
    expect(passwordProblems("alllowercase1", "x")).toContain("须包含大写字母、小写字母、数字、符号中的至少三类");
    expect(passwordProblems("Lanshan@2021", "lanshan")).toContain("不能包含用户名");
    expect(passwordProblems(DEMO_PASSWORD, "caizheng")).toEqual([]);
  });

  it("can be changed by their owner, which ends the owner's other sessions", async () => {
    const first = await login("mengyin", DEMO_PASSWORD);
    const other = `${SESSION_COOKIE}=${first.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`;
    const c = await t.as("mengyin");
    const weak = await c.inject({ method: "POST", url: "/api/auth/password", payload: { currentPassword: DEMO_PASSWORD, newPassword: "password" } });
    expect(weak.statusCode).toBe(400);
    expect(JSON.parse(weak.body).error.message).toContain("新密码不符合要求");
    const wrongCurrent = await c.inject({ method: "POST", url: "/api/auth/password", payload: { currentPassword: "Nope@2021", newPassword: "Mengyin#New2026" } });
    expect(JSON.parse(wrongCurrent.body).error.message).toBe("当前密码不正确");
    const ok = await c.inject({ method: "POST", url: "/api/auth/password", payload: { currentPassword: DEMO_PASSWORD, newPassword: "Meng#New2026" } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await c.inject("/api/auth/me")).statusCode).toBe(200);
    expect((await t.app.inject({ url: "/api/auth/me", headers: { cookie: other } })).statusCode).toBe(401);
    expect((await login("mengyin", DEMO_PASSWORD)).statusCode).toBe(401);
    expect((await login("mengyin", "Meng#New2026")).statusCode).toBe(200);
  });
});

describe(`demo mode (${engine})`, () => {
  it("exempts only the shipped demo accounts: an account created in demo mode must change its initial password", async () => {
    const finance = await t.as("caizheng");
    const summary = await finance.get<{ counties: { id: number; name: string }[] }>("/api/funds/summary?fundYearId=1");
    const created = await finance.inject({
      method: "POST",
      url: "/api/users",
      payload: { username: "lanshan_cz", displayName: "兰山区财政局", role: "county", regionId: summary.counties.find((c) => c.name === "兰山区")!.id, password: "Initial#2026a" },
    });
    expect(created.statusCode, created.body).toBe(200);
    const r = await login("lanshan_cz", "Initial#2026a");
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ mustChangePassword: true, passwordChangeReason: "initial" });
    const cookie = `${SESSION_COOKIE}=${r.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`;
    const blocked = await t.app.inject({ url: "/api/funds/summary?fundYearId=1", headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(JSON.parse(blocked.body).error.message).toBe("请先修改初始密码");
    // The demo accounts keep their published password in demo mode.
    expect(await (await t.as("lanshan")).get("/api/auth/me")).toMatchObject({ mustChangePassword: false, passwordChangeReason: null });
  });
});

describe(`first login and password age outside demo mode (${engine})`, () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await createTestApp({ auth: { demoMode: false, passwordMaxAgeDays: 90 } });
  });
  afterAll(() => strict.close());

  it("requires a new password before anything else", async () => {
    const c = await strict.as("linshu");
    const me = await c.get<{ mustChangePassword: boolean; passwordChangeReason: string }>("/api/auth/me");
    expect(me).toMatchObject({ mustChangePassword: true, passwordChangeReason: "initial" });
    const blocked = await c.inject("/api/funds/summary?fundYearId=1");
    expect(blocked.statusCode).toBe(403);
    expect(JSON.parse(blocked.body).error.message).toBe("请先修改初始密码");
    const changed = await c.inject({ method: "POST", url: "/api/auth/password", payload: { currentPassword: DEMO_PASSWORD, newPassword: "Ls#2026okay" } });
    expect(changed.statusCode).toBe(200);
    expect((await c.inject("/api/funds/summary?fundYearId=1")).statusCode).toBe(200);
  });

  it("requires a new password once the current one is older than the policy allows", async () => {
    await strict.db.db.execute(sql`update users set must_change_password = false, password_changed_at = now() - interval '91 days' where username = 'feixian'`);
    const c = await strict.as("feixian");
    const me = await c.get<{ mustChangePassword: boolean; passwordChangeReason: string; passwordMaxAgeDays: number }>("/api/auth/me");
    expect(me).toMatchObject({ mustChangePassword: true, passwordChangeReason: "expired", passwordMaxAgeDays: 90 });
    const blocked = await c.inject("/api/funds/summary?fundYearId=1");
    expect(blocked.statusCode).toBe(403);
    expect(JSON.parse(blocked.body).error.message).toBe("密码已超过 90 天未修改，请先修改密码");
    await c.inject({ method: "POST", url: "/api/auth/password", payload: { currentPassword: DEMO_PASSWORD, newPassword: "Fx#2026fresh" } });
    expect((await c.get<{ passwordChangeReason: string | null }>("/api/auth/me")).passwordChangeReason).toBeNull();
    expect((await c.inject("/api/funds/summary?fundYearId=1")).statusCode).toBe(200);
    // 89 days is still within the policy.
    await strict.db.db.execute(sql`update users set password_changed_at = now() - interval '89 days' where username = 'feixian'`);
    expect((await c.inject("/api/funds/summary?fundYearId=1")).statusCode).toBe(200);
  });
});

describe(`the previous login (${engine})`, () => {
  it("tells the user when and from where they last signed in, and how many attempts failed since", async () => {
    const first = await login("yishui", DEMO_PASSWORD);
    // Before today's: the last login of the demo's history, before the 评价日 (db/demo/history.ts).
    expect(JSON.parse(first.body).previousLogin).toMatchObject({ failedAttempts: 0 });
    expect(Date.parse(JSON.parse(first.body).previousLogin.at)).toBeLessThan(Date.parse("2022-07-01T00:00:00+08:00"));
    await login("yishui", "Wrong#2021");
    await login("yishui", "Wrong#2022");
    const second = JSON.parse((await login("yishui", DEMO_PASSWORD)).body);
    expect(second.previousLogin).toMatchObject({ ip: "127.0.0.1", failedAttempts: 2 });
    expect(Date.now() - new Date(second.previousLogin.at).getTime()).toBeLessThan(60_000);
    // The next login counts from this one: no failures in between.
    const third = JSON.parse((await login("yishui", DEMO_PASSWORD)).body);
    expect(third.previousLogin.failedAttempts).toBe(0);
    expect(new Date(third.previousLogin.at).getTime()).toBeGreaterThan(new Date(second.previousLogin.at).getTime());
  });
});
