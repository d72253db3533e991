/**
 * How the web app's files are sent: the build's .br/.gz siblings by Accept-Encoding, hashed assets
 * cached for a year, index.html (and the SPA fallback) revalidated on every visit.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "./app";
import { createTestDb, type TestDb } from "../test/db";

let dir: string;
let db: TestDb;
let app: FastifyInstance;
const script = `console.log(${JSON.stringify("问效".repeat(800))});\n`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "wx-dist-"));
  fs.mkdirSync(path.join(dir, "assets"));
  const html = `<!doctype html><html><head><script type="module" src="/assets/index-AbC123xy.js"></script></head><body>${"<div></div>".repeat(200)}</body></html>`;
  fs.writeFileSync(path.join(dir, "index.html"), html);
  fs.writeFileSync(path.join(dir, "index.html.br"), zlib.brotliCompressSync(html));
  fs.writeFileSync(path.join(dir, "index.html.gz"), zlib.gzipSync(html));
  const js = path.join(dir, "assets", "index-AbC123xy.js");
  fs.writeFileSync(js, script);
  fs.writeFileSync(`${js}.br`, zlib.brotliCompressSync(script));
  fs.writeFileSync(`${js}.gz`, zlib.gzipSync(script));
  db = await createTestDb();
  app = await buildApp({ database: db, webDist: dir });
});
afterAll(async () => {
  await app.close();
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("web app delivery", () => {
  it("sends the brotli file to a client that accepts br, gzip to one that accepts only gzip, and plain to others", async () => {
    const url = "/assets/index-AbC123xy.js";
    const br = await app.inject({ url, headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(script);
    const gz = await app.inject({ url, headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(script);
    expect(gz.rawPayload.length).toBeLessThan(Buffer.byteLength(script));
    const plain = await app.inject({ url, headers: { "accept-encoding": "identity" } });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it("caches hashed assets as immutable for a year", async () => {
    const r = await app.inject({ url: "/assets/index-AbC123xy.js", headers: { "accept-encoding": "br" } });
    expect(r.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("revalidates index.html at /, by name, and as the fallback of a page path", async () => {
    for (const url of ["/", "/index.html", "/funds/counties/3"]) {
      const r = await app.inject({ url, headers: { "accept-encoding": "br, gzip" } });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers["cache-control"], url).toBe("no-cache");
      expect(r.headers["content-type"], url).toMatch(/text\/html/);
    }
    const fallback = await app.inject({ url: "/funds", headers: { "accept-encoding": "br" } });
    expect(fallback.headers["content-encoding"]).toBe("br");
  });

  it("still answers an unknown API path with a Chinese 404", async () => {
    const r = await app.inject({ url: "/api/nothing-here" });
    expect(r.statusCode).toBe(404);
    expect(JSON.parse(r.body).error.message).toContain("接口不存在");
  });
});
