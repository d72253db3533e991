/** Whose address the audit trail and the rate limits see: the socket's peer unless a proxy is trusted. */
import { desc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../db/schema";
import { DEMO_PASSWORD } from "../db/demo/users";
import { createTestDb, engine, type TestDb } from "../test/db";
import { buildApp, parseTrustProxy } from "./app";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb({ demo: true });
});
afterAll(() => db.destroy());

async function loginFrom(trustProxy: boolean | number | string[] | undefined, forwardedFor: string) {
  const app = await buildApp({ database: db, webDist: null, trustProxy });
  try {
    const r = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      remoteAddress: "10.0.0.2",
      headers: { "x-forwarded-for": forwardedFor },
      payload: { username: "shenji", password: DEMO_PASSWORD },
    });
    expect(r.statusCode, r.body).toBe(200);
    const [last] = await db.db.select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
    return last.ip;
  } finally {
    await app.close();
  }
}

describe(`client address (${engine})`, () => {
  it("reads WENXIAO_TRUST_PROXY as nothing, a hop count, or a list of proxies", () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy("")).toBe(false);
    expect(parseTrustProxy("0")).toBe(false);
    expect(parseTrustProxy("1")).toBe(1);
    expect(parseTrustProxy("10.0.0.2, 10.1.0.0/16")).toEqual(["10.0.0.2", "10.1.0.0/16"]);
  });

  it("by default records the peer's address, not what a client writes in X-Forwarded-For", async () => {
    expect(await loginFrom(undefined, "203.0.113.9")).toBe("10.0.0.2");
  });

  it("behind a trusted proxy records the client the proxy names", async () => {
    expect(await loginFrom(["10.0.0.2"], "203.0.113.9")).toBe("203.0.113.9");
    expect(await loginFrom(1, "198.51.100.7, 203.0.113.9")).toBe("203.0.113.9");
    // A proxy that is not trusted is the client.
    expect(await loginFrom(["10.9.9.9"], "203.0.113.9")).toBe("10.0.0.2");
  });
});
