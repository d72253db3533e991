import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { buildApp } from "../server/app";
import { DEMO_PASSWORD } from "../db/demo/users";
import { CSRF_HEADER, SESSION_COOKIE } from "../contracts/auth";
import { createTestDb, type TestDb } from "./db";

/** A signed-in client: `inject` with the session cookie and the CSRF header of one user. */
export interface Client {
  inject(options: InjectOptions | string): Promise<LightMyRequestResponse>;
  /** GET and parse, expecting 200. */
  get<T>(url: string): Promise<T>;
  csrfToken: string;
  cookie: string;
}

export interface TestApp {
  app: FastifyInstance;
  db: TestDb;
  /** Signs in a demo user (password DEMO_PASSWORD) and returns their client; cached per user. */
  as(username: string): Promise<Client>;
  close(): Promise<void>;
}

/** An app over a fresh demo database, for `inject` tests. */
export async function createTestApp(options: { auth?: Parameters<typeof buildApp>[0]["auth"] } = {}): Promise<TestApp> {
  const db = await createTestDb({ demo: true });
  const app = await buildApp({ database: db, webDist: null, rateLimitPerMinute: 100_000, loginRatePerMinute: 100_000, auth: options.auth });
  const clients = new Map<string, Client>();
  return {
    app,
    db,
    async as(username: string) {
      const cached = clients.get(username);
      if (cached) return cached;
      const r = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password: DEMO_PASSWORD } });
      if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode} ${r.body}`);
      const token = r.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
      const csrfToken = JSON.parse(r.body).csrfToken as string;
      const cookie = `${SESSION_COOKIE}=${token}`;
      const client: Client = {
        csrfToken,
        cookie,
        inject(o) {
          const opts: InjectOptions = typeof o === "string" ? { url: o } : o;
          return app.inject({ ...opts, headers: { ...opts.headers, cookie, [CSRF_HEADER]: csrfToken } });
        },
        async get<T>(url: string) {
          const res = await client.inject(url);
          if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`);
          return JSON.parse(res.body) as T;
        },
      };
      clients.set(username, client);
      return client;
    },
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}
