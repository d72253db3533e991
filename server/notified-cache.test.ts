/**
 * Sessions cached in the process on PGlite (server/notified-cache.ts): a cached session answers without
 * the database, and every change that ends a session or changes what it carries is seen by the very
 * next request. On PostgreSQL the cache is off.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSRF_HEADER } from "../contracts/auth";
import type { FundsSummary } from "../contracts/funds";
import { users } from "../db/schema";
import { createTestApp, type Client, type TestApp } from "../test/app";
import { engine } from "../test/db";
import { AUTH_CHANNEL, NotifiedCache, sessionUsable } from "./notified-cache";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 120_000);
afterAll(async () => t?.close());

/** Deletes a user's sessions with the triggers off (as a replica would apply it): no notification. */
async function deleteSessionsSilently(username: string) {
  await t.db.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`delete from sessions where user_id = (select id from users where username = ${username})`);
  });
}

const status = async (c: Client, url = "/api/auth/me") => (await c.inject(url)).statusCode;

describe(`session cache (${engine})`, () => {
  it(engine === "PGlite" ? "answers a known session from the cache" : "is off: every request reads the session", async () => {
    const c = await t.as("linshu");
    expect(await status(c)).toBe(200);
    await deleteSessionsSilently("linshu");
    // Without a notification, only a cache can still know the session.
    expect(await status(c)).toBe(engine === "PGlite" ? 200 : 401);
  });

  it("ends a session at logout before the logout is answered", async () => {
    const c = await t.as("junan");
    expect(await status(c)).toBe(200);
    const out = await c.inject({ method: "POST", url: "/api/auth/logout" });
    expect(out.statusCode).toBe(200);
    expect(await status(c)).toBe(401);
  });

  it("sees an idle clock set back, a disabled account and a changed role at the next request", async () => {
    const idle = await t.as("tancheng");
    expect(await status(idle)).toBe(200);
    await t.db.db.execute(sql`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = (select id from users where username = 'tancheng')`);
    expect(await status(idle)).toBe(401);

    const disabled = await t.as("yishui");
    expect(await status(disabled)).toBe(200);
    await t.db.db.update(users).set({ disabled: true }).where(eq(users.username, "yishui"));
    expect(await status(disabled)).toBe(401);

    const auditor = await t.as("shenji");
    expect(await status(auditor, "/api/audit/verify")).toBe(200);
    await t.db.db.update(users).set({ role: "evaluator" }).where(eq(users.username, "shenji"));
    expect(await status(auditor, "/api/audit/verify")).toBe(403);
  });

  it("shows a renamed user's new name at once", async () => {
    const c = await t.as("pingjia");
    await c.get("/api/auth/me");
    await t.db.db.update(users).set({ displayName: "第三方评价机构（改名）" }).where(eq(users.username, "pingjia"));
    expect((await c.get<{ displayName: string }>("/api/auth/me")).displayName).toBe("第三方评价机构（改名）");
  });

  it("a sign-in of another user does not end anyone's session", async () => {
    const c = await t.as("caizheng");
    expect(await status(c)).toBe(200);
    await t.as("zhujian");
    expect(await status(c)).toBe(200);
    expect(c.csrfToken).toBeTruthy();
    expect((await c.inject({ method: "GET", url: "/api/auth/me", headers: { [CSRF_HEADER]: c.csrfToken } })).statusCode).toBe(200);
  });
});

describe(`derived figures' versions (${engine})`, () => {
  const summary = async (c: Client, fy: number) => (await c.get<FundsSummary>(`/api/funds/summary?fundYearId=${fy}&asOf=2022-12-31`)).total.paidFen;

  it(engine === "PGlite" ? "are kept in the process until a bump commits" : "are asked of the database at every read", async () => {
    const c = await t.as("caizheng");
    const [{ id: fy }] = await c.get<{ id: number }[]>("/api/fund-years");
    const before = await summary(c, fy);
    expect(await summary(c, fy)).toBe(before);
    // A payment changed and its version bumped with the triggers off: no notification.
    await t.db.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update payments set amount_fen = amount_fen + 100 where id = (select min(id) from payments where fund_year_id = ${fy})`);
      await tx.execute(sql`update data_versions set version = version + 1 where key = ${`payments:${fy}`}`);
    });
    // Only versions kept in the process still find the figure cached before.
    expect(await summary(c, fy)).toBe(engine === "PGlite" ? before : before + 100);
  });

  it("a write that commits is in the next read's figure", async () => {
    const c = await t.as("caizheng");
    const [{ id: fy }] = await c.get<{ id: number }[]>("/api/fund-years");
    await summary(c, fy); // cached
    const result = (await t.db.db.execute(sql`select sum(amount_fen)::text as paid from payments where fund_year_id = ${fy} and paid_on <= '2022-12-31'`)) as unknown as { rows: { paid: string }[] };
    const live = result.rows[0].paid;
    await t.db.db.execute(sql`update payments set amount_fen = amount_fen + 7 where id = (select min(id) from payments where fund_year_id = ${fy} and paid_on <= '2022-12-31')`);
    expect(await summary(c, fy)).toBe(Number(live) + 7);
  });
});

describe("NotifiedCache of sessions", () => {
  const row = (id: string, at = Date.now()) => ({ id, session: { expiresAt: new Date(at + 3_600_000), lastSeenAt: new Date(at) } });
  const live = async () => {
    const cache = new NotifiedCache<ReturnType<typeof row>>(AUTH_CHANNEL, 2);
    let notify = () => {};
    await cache.attach({ listen: async (_c, on) => ((notify = on), async () => {}) });
    return { cache, notify: () => notify() };
  };

  it("loads once, then answers from memory until notified", async () => {
    const { cache, notify } = await live();
    let loads = 0;
    const load = async () => (loads++, row("a"));
    await cache.lookup("a", load);
    await cache.lookup("a", load);
    expect(loads).toBe(1);
    notify();
    await cache.lookup("a", load);
    expect(loads).toBe(2);
  });

  it("does not keep a row read before a notification that arrived while it was read", async () => {
    const { cache, notify } = await live();
    let loads = 0;
    await cache.lookup("a", async () => {
      loads++;
      notify(); // the logout commits while this lookup waits for the database
      return row("a");
    });
    await cache.lookup("a", async () => (loads++, null));
    expect(loads).toBe(2);
  });

  it("checks the idle timeout and expiry on the cached row, and keeps at most `max` rows", async () => {
    const { cache } = await live();
    const now = Date.now();
    let loads = 0;
    const load = (r: ReturnType<typeof row>) => async () => (loads++, r);
    const usable = sessionUsable(30);
    await cache.lookup("old", load(row("old", now - 29 * 60_000)), usable, now);
    await cache.lookup("old", load(row("old", now)), usable, now + 2 * 60_000); // idle by its cached clock: read again
    expect(loads).toBe(2);
    await cache.lookup("b", load(row("b")), usable, now);
    await cache.lookup("c", load(row("c")), usable, now);
    expect(cache.size).toBe(2);
  });

  it("is off without notifications (PostgreSQL)", async () => {
    const cache = new NotifiedCache<ReturnType<typeof row>>(AUTH_CHANNEL);
    await cache.attach({});
    let loads = 0;
    for (let i = 0; i < 3; i++) await cache.lookup("a", async () => (loads++, row("a")));
    expect(loads).toBe(3);
  });
});
