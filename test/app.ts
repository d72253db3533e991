import type { FastifyInstance } from "fastify";
import { buildApp } from "../server/app";
import { createTestDb, type TestDb } from "./db";

/** An app over a fresh demo database, for `inject` tests. */
export async function createTestApp(): Promise<{ app: FastifyInstance; db: TestDb; close(): Promise<void> }> {
  const db = await createTestDb({ demo: true });
  const app = await buildApp({ database: db, webDist: null, rateLimitPerMinute: 100_000 });
  return {
    app,
    db,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}
