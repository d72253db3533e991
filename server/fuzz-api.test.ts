/**
 * A bounded fuzz of every operation of the app's own OpenAPI document: as anonymous, a 县区 account,
 * finance, the auditor and the evaluator, each operation gets a fixed number of invalid or hostile
 * requests — path parameters of the wrong type or out of range, random query strings, bodies of the
 * wrong shape, near-valid bodies with one field made hostile, prototype keys, wrong content types,
 * broken JSON, with and without the CSRF token and with foreign origins. No request may answer 5xx.
 *
 * The requests come from fast-check with a fixed seed, so a failure is reproducible: it prints the
 * operation, the identity, the request and the server's logged error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { buildApp } from "./app";
import { createTestDb, engine, type TestDb } from "../test/db";
import { DEMO_PASSWORD } from "../db/demo/users";
import { CSRF_HEADER, SESSION_COOKIE } from "../contracts/auth";
import type { FastifyInstance, InjectOptions } from "fastify";
import type { Database } from "../db/open";

/** Fixed, so a failure reproduces; FUZZ_SEED=… explores other requests. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_210_630);
/** Requests per operation per identity (anonymous requests stop at the session check: fewer). */
const RUNS = 10;
const ANONYMOUS_RUNS = 3;

const IDENTITIES = { anonymous: null, county: "lanshan", finance: "caizheng", auditor: "shenji", evaluator: "pingjia" } as const;
type Identity = keyof typeof IDENTITIES;

/**
 * Values a route knows, so that some requests get past their path and reach the body's validation
 * and the handler (see server/access-matrix.test.ts).
 */
const KNOWN_PATH_VALUES: Record<string, string[]> = { key: ["ch1.budget"], code: ["process.org.rules", "central"] };

/**
 * Valid values the fuzz never sends: a PDF runs LibreOffice for seconds (server/modules/reports/pdf.test.ts
 * covers it), which would make the run's time depend on the machine.
 */
const AVOID: Record<string, Record<string, string[]>> = { downloadReport: { format: ["pdf"] }, downloadSurveySheets: { format: ["pdf"] } };

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  default?: unknown;
  $ref?: string;
}

interface Parameter {
  in: "path" | "query";
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

interface Operation {
  operationId: string;
  method: string;
  /** OpenAPI path, e.g. /api/users/{id}. */
  path: string;
  parameters: Parameter[];
  /** The JSON body's schema, or null when the operation takes none. */
  body: JsonSchema | null;
  /** Uploads (multipart field `file`): their summaries say so. */
  multipart: boolean;
}

/** One generated request, before the identity's cookie and token are added. */
interface FuzzRequest {
  url: string;
  contentType: string | null;
  payload: string | Buffer | undefined;
  csrf: "valid" | "missing" | "wrong";
  origin: string | null;
}

// ─── values ──────────────────────────────────────────────────────────────────────────────────────

const HOSTILE_TEXT = [
  "", " ", "0", "-1", "1.5", "1e3", "0x10", "2147483648", "-2147483649", "99999999999999999999", "NaN", "Infinity", "null", "undefined", "true",
  "[]", "{}", "__proto__", "constructor", "2022-02-30", "2022-13-01", "0000-00-00", "9999-12-31", "a\u0000b", "\u202e\u200b兰山区", "🏠👨‍👩‍👧‍👦",
  "\ud800", "' OR '1'='1", "'); DROP TABLE users; --", "<script>alert(1)</script>", "../../../etc/passwd", "%00", "x".repeat(5000),
];
const hostileScalar = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>(...HOSTILE_TEXT) },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, -0.5, 1.5, 2147483648, -2147483649, 9007199254740993, 1e308, [], {}, [null], { $gt: "" }, [1, 2, 3]) },
  { weight: 1, arbitrary: fc.constant<unknown>("长".repeat(100_000)) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
);

const HOSTILE_PATH = [
  "0", "-1", "1.5", "1e3", "0x10", "2147483648", "99999999999999999999", "NaN", "Infinity", "abc", "null", "true", "__proto__", "constructor",
  "%00", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2F..", "'%20OR%201%3D1%20--", "%3Cscript%3E", "%F0%9F%8F%A0", "%E5%85%B0%E5%B1%B1", "9".repeat(400),
  "%ZZ", "%", "%20", "1%20", "%EF%BC%91", "%ED%A0%80",
];

/** encodeURIComponent, with a lone surrogate sent as the bytes a careless client would send (invalid UTF-8, ED A0 80). */
function encode(value: string): string {
  // A lone surrogate is what encodeURIComponent refuses (URIError): mark it, encode, then swap the mark.
  return encodeURIComponent(value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\u0001")).replace(/%01/g, "%ED%A0%80");
}

function pathValue(name: string, schema: JsonSchema): fc.Arbitrary<string> {
  const known = KNOWN_PATH_VALUES[name] ?? (schema.type === "integer" ? ["1", "2", "3", "2147483647"] : ["1", "a"]);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_PATH) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map(encode) },
  );
}

/** A value the schema accepts (the first choice of each enum, union, …), to mutate one field of. */
function valid(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || schema.$ref || depth > 6) return {};
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return valid(union[0], depth + 1);
  switch (schema.type) {
    case "object":
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, valid(s, depth + 1)]));
    case "array":
      return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => valid(schema.items, depth + 1));
    case "integer":
    case "number": {
      const min = (schema.minimum ?? 1) + (schema.exclusiveMinimum === true ? 1 : 0);
      return Math.min(Math.max(1, min), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    }
    case "boolean":
      return false;
    case "string": {
      if (schema.pattern) {
        const re = new RegExp(schema.pattern);
        return ["2022-06-30", "2022-Q2", "2022-06", "1", "a", "ch1.budget", "371302", "Aa1!aaaaaaaa"].find((c) => re.test(c)) ?? "a";
      }
      return "试".repeat(Math.max(1, schema.minLength ?? 1));
    }
    default:
      return null;
  }
}

/** Every path to a leaf (and to each object or array on the way), for picking one to mutate. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = prefix.length ? [prefix] : [];
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, Array.isArray(value) ? Number(k) : k]));
  }
  return out;
}

function setAt(value: unknown, at: (string | number)[], replacement: unknown): unknown {
  if (!at.length) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const k of at.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[at[at.length - 1]] = replacement;
  return copy;
}

/** Every string of a valid value replaced by text holding NUL and other code points a database may refuse. */
function withHostileStrings(value: unknown, schema: JsonSchema | undefined): unknown {
  if (!schema || schema.enum || schema.pattern) return value;
  if (typeof value === "string") return (schema.maxLength ?? 100) >= 4 ? "试\u0000\ud800验" : value;
  if (Array.isArray(value)) return value.map((v) => withHostileStrings(v, schema.items));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withHostileStrings(v, schema.properties?.[k] ?? schema.anyOf?.find((s) => s.properties)?.properties?.[k])]));
  }
  return value;
}

const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
const BROKEN_JSON = ['{"a":', "{'a':1}", "NaN", "\u0000", "[1,2", "{}}", '{"a":1,}', '"\\ud800"', "1".repeat(400), '{"__proto__":{"polluted":true}}', deep(100_000)];

function bodyText(op: Operation): fc.Arbitrary<{ text: string | Buffer; json: boolean }> {
  const base = valid(op.body ?? { type: "object" });
  const asJson = (v: unknown) => ({ text: JSON.stringify(v) ?? "null", json: true });
  const mutated = fc.record({ pick: fc.nat(), value: hostileScalar, drop: fc.boolean() }).map(({ pick, value, drop }) => {
    const all = paths(base);
    if (!all.length) return asJson(value);
    const at = all[pick % all.length];
    if (drop && at.length === 1 && typeof at[0] === "string") {
      const { [at[0]]: _gone, ...rest } = base as Record<string, unknown>;
      return asJson(rest);
    }
    return asJson(setAt(base, at, value));
  });
  const prototypeKeys = fc.constantFrom(
    // Written as text: JSON.stringify would never write __proto__ as an own key.
    `{"__proto__":{"polluted":true},${JSON.stringify(base).slice(1)}`,
    `{"constructor":{"prototype":{"polluted":true}},${JSON.stringify(base).slice(1)}`,
    JSON.stringify({ ...(base as object), extra: "多余", "": 1, "a.b": { "$where": "1" } }),
  );
  return fc.oneof(
    { weight: 5, arbitrary: mutated },
    { weight: 2, arbitrary: fc.constant(asJson(withHostileStrings(base, op.body ?? undefined))) },
    { weight: 1, arbitrary: fc.constant(asJson(base)) },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(null, [], "x", 0, true, [{}], [base], { data: base }).map(asJson) },
    { weight: 1, arbitrary: prototypeKeys.map((text) => ({ text, json: true })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map(asJson) },
    { weight: 2, arbitrary: fc.constantFrom(...BROKEN_JSON).map((text) => ({ text, json: true })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => ({ text: Buffer.from(b), json: false })) },
  );
}

/** Multipart bodies for uploads: no file, the wrong field, two files, junk with many names. */
function multipartBody(): fc.Arbitrary<{ text: Buffer; contentType: string }> {
  const part = (field: string, fileName: string, data: Buffer) =>
    Buffer.concat([Buffer.from(`--fz\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`), data, Buffer.from("\r\n")]);
  const end = Buffer.from("--fz--\r\n");
  return fc
    .record({
      field: fc.constantFrom("file", "file", "files", "", "__proto__"),
      fileName: fc.constantFrom("a.xlsx", "a.docx", "a.pdf", "a.txt", "a.png", "a", "../../../etc/passwd.xlsx", "<img src=x>.xlsx", "长".repeat(300) + ".xlsx", ".xlsx", "a.XLSX"),
      data: fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b)),
      shape: fc.constantFrom("one", "two", "truncated", "no-boundary", "empty"),
    })
    .map(({ field, fileName, data, shape }) => {
      const one = part(field, fileName, data);
      const text =
        shape === "two" ? Buffer.concat([one, part("file", "b.xlsx", data), end]) : shape === "truncated" ? one.subarray(0, Math.max(10, one.length >> 1)) : shape === "empty" ? end : Buffer.concat([one, end]);
      return { text, contentType: shape === "no-boundary" ? "multipart/form-data" : "multipart/form-data; boundary=fz" };
    });
}

function queryString(op: Operation): fc.Arbitrary<string> {
  const params = op.parameters.filter((p) => p.in === "query");
  const avoid = AVOID[op.operationId] ?? {};
  const one = (p: Parameter) => {
    const validValue = String(valid(p.schema) ?? "1");
    const safe = (avoid[p.name] ?? []).includes(validValue) ? "docx" : validValue;
    return fc.oneof(
      { weight: 2, arbitrary: fc.constant<string[]>([]) },
      { weight: 2, arbitrary: fc.constant([safe]) },
      { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT).map((v) => [v]) },
      { weight: 1, arbitrary: fc.tuple(fc.constant(safe), fc.constantFrom(...HOSTILE_TEXT)).map((vs) => [...vs]) },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((v) => [v]) },
    ).map((values) => values.map((v) => `${encode(p.name)}=${encode(v)}`));
  };
  const extra = fc.constantFrom(
    [],
    [],
    ["__proto__[polluted]=1"],
    ["constructor[prototype][polluted]=1"],
    ["a[b][c]=1"],
    ["%E0%A4%A=1"],
    ["&&&="],
    [`q=${"%27".repeat(200)}`],
    [`page=${"9".repeat(30)}`],
  );
  return fc.tuple(fc.tuple(...params.map(one)), extra).map(([values, more]) => [...values.flat(), ...more].join("&"));
}

function requestArb(op: Operation): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const path = fc.tuple(...pathParams.map((p) => pathValue(p.name, p.schema))).map((values) =>
    values.reduce((url, v, i) => url.replace(`{${pathParams[i].name}}`, v), op.path),
  );
  const takesBody = !["GET", "HEAD", "DELETE"].includes(op.method) || op.body !== null;
  const body: fc.Arbitrary<{ text: string | Buffer | undefined; contentType: string | null }> = !takesBody
    ? fc.constantFrom({ text: undefined, contentType: null }, { text: "{}", contentType: "application/json" })
    : op.multipart
      ? fc.oneof(
          { weight: 4, arbitrary: multipartBody() },
          { weight: 1, arbitrary: bodyText(op).map(({ text }) => ({ text, contentType: "application/json" })) },
        )
      : fc
          .tuple(
            bodyText(op),
            fc.constantFrom<string | null>(
              "application/json",
              "application/json",
              "application/json",
              "application/json; charset=utf-16",
              "text/plain",
              "application/x-www-form-urlencoded",
              "multipart/form-data; boundary=fz",
              "application/xml",
              null,
            ),
          )
          .map(([{ text, json }, contentType]) => ({ text, contentType: json ? contentType : "application/octet-stream" }));
  return fc
    .record({
      path,
      query: queryString(op),
      body,
      // Most requests carry the token and no foreign origin, so that they reach the handlers; the rest probe the checks.
      csrf: fc.constantFrom<FuzzRequest["csrf"]>("valid", "valid", "valid", "valid", "valid", "missing", "wrong"),
      origin: fc.constantFrom<string | null>(null, null, null, null, null, null, "https://evil.example", "null", "::::", "http://localhost:80@evil.example"),
    })
    .map(({ path, query, body, csrf, origin }) => ({ url: query ? `${path}?${query}` : path, contentType: body.contentType, payload: body.text, csrf, origin }));
}

// ─── the run ─────────────────────────────────────────────────────────────────────────────────────

type OpenApiDocument = { paths: Record<string, Record<string, { operationId: string; summary?: string; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>> };

function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, o]) => ({
      operationId: o.operationId,
      method: method.toUpperCase(),
      path,
      parameters: o.parameters ?? [],
      body: o.requestBody?.content["application/json"]?.schema ?? null,
      multipart: /multipart/.test(o.summary ?? ""),
    })),
  );
}

/** The operations, read when the file is collected (so each test is named by its operation): the document needs no database. */
const operations = await (async () => {
  const docOnly = await buildApp({ database: { kind: "pglite" } as unknown as Database, webDist: null });
  await docOnly.ready();
  const ops = operationsOf(docOnly.swagger() as unknown as OpenApiDocument);
  await docOnly.close();
  return ops;
})();


/** 4xx answers without a Chinese message, over the whole run. */
const notChinese: string[] = [];
/** How many requests got which status, per identity: printed at the end, to see how far the fuzz reached. */
const statuses = new Map<string, number>();

let app: FastifyInstance;
let db: TestDb;
/** Lines the server logged at level error (a 5xx logs its error and stack). */
const logged: string[] = [];
const cookies = {} as Record<Identity, { cookie: string; csrf: string } | null>;
/** The identities' accounts as loaded, restored after each operation (a fuzzed request may disable one or reset its password). */
let accounts: Record<string, unknown>[] = [];

async function signIn(identity: Identity) {
  const username = IDENTITIES[identity];
  if (!username) return (cookies[identity] = null);
  const r = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password: DEMO_PASSWORD } });
  if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode} ${r.body}`);
  cookies[identity] = { cookie: `${SESSION_COOKIE}=${r.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`, csrf: JSON.parse(r.body).csrfToken };
}

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/** Puts the identities' accounts back as they were, and signs in again whoever lost their session. */
async function restoreIdentities() {
  for (const a of accounts) {
    await db.db.execute(
      sql`update users set role = ${a.role}, region_id = ${a.region_id}, password_hash = ${a.password_hash}, disabled = false, must_change_password = ${a.must_change_password}, failed_logins = 0, locked_until = null where id = ${a.id}`,
    );
  }
  for (const identity of Object.keys(IDENTITIES) as Identity[]) {
    const c = cookies[identity];
    if (!c) continue;
    const me = await app.inject({ url: "/api/auth/me", headers: { cookie: c.cookie } });
    if (me.statusCode !== 200) await signIn(identity);
  }
}

beforeAll(async () => {
  db = await createTestDb({ demo: true });
  app = await buildApp({
    database: db,
    webDist: null,
    rateLimitPerMinute: 1_000_000,
    loginRatePerMinute: 1_000_000,
    logger: { level: "error", stream: { write: (line: string) => void logged.push(line) } },
  });
  await app.ready();
  for (const identity of Object.keys(IDENTITIES) as Identity[]) await signIn(identity);
  const names = Object.values(IDENTITIES).filter(Boolean) as string[];
  accounts = rowsOf<Record<string, unknown>>(await db.db.execute(sql`select id, role, region_id, password_hash, must_change_password from users where username in ${names}`));
});
afterAll(async () => {
  const total = [...statuses.values()].reduce((a, b) => a + b, 0);
  console.log(`fuzz (seed ${SEED}): ${total} requests; by identity and status: ${[...statuses].sort().map(([k, n]) => `${k}: ${n}`).join(", ")}`);
  await app?.close();
  await db?.destroy();
});

function describeRequest(identity: Identity, op: Operation, r: FuzzRequest): string {
  const payload = r.payload === undefined ? "" : Buffer.isBuffer(r.payload) ? `<${r.payload.length} bytes>` : r.payload.length > 300 ? `${r.payload.slice(0, 300)}…（${r.payload.length} 字符）` : r.payload;
  return `${op.operationId} as ${identity}: ${op.method} ${r.url.length > 300 ? r.url.slice(0, 300) + "…" : r.url} [content-type ${r.contentType ?? "none"}, csrf ${r.csrf}, origin ${r.origin ?? "none"}] ${payload}`;
}

describe(`fuzz of every OpenAPI operation (${engine})`, () => {
  it("the document lists every /api route the app registers (besides the document itself and health)", () => {
    const documented = new Set(operations.map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ":$1")}`));
    const hidden = new Set(["GET /api/openapi.json", "GET /api/health"]);
    const missing = app.accessRules.map((r) => `${r.method} ${r.url}`).filter((k) => !documented.has(k) && !hidden.has(k));
    expect(operations.length).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  // One test per operation, so a slow or failing operation is named; each runs every identity.
  for (const [index, op] of operations.entries()) {
    it(`${op.operationId} (${op.method} ${op.path}): no 5xx`, async () => {
      const failures: string[] = [];
      for (const [n, identity] of (Object.keys(IDENTITIES) as Identity[]).entries()) {
        const requests = fc.sample(requestArb(op), { seed: SEED + index * 16 + n, numRuns: identity === "anonymous" ? ANONYMOUS_RUNS : RUNS });
        for (const r of requests) {
          const session = cookies[identity];
          const headers: Record<string, string> = {};
          if (r.contentType) headers["content-type"] = r.contentType;
          if (r.origin) headers.origin = r.origin;
          if (session) {
            headers.cookie = session.cookie;
            if (r.csrf !== "missing") headers[CSRF_HEADER] = r.csrf === "valid" ? session.csrf : "0".repeat(43);
          }
          const before = logged.length;
          const res = await app.inject({ method: op.method as InjectOptions["method"], url: r.url, headers, payload: r.payload });
          const key = `${identity} ${res.statusCode}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          if (res.statusCode >= 500) {
            const log = logged.slice(before).map((l) => {
              const e = JSON.parse(l) as { err?: { stack?: string; message?: string } };
              return e.err?.stack?.split("\n").slice(0, 8).join("\n") ?? l;
            });
            failures.push(`${describeRequest(identity, op, r)}\n  → ${res.statusCode} ${res.body.slice(0, 200)}\n  ${log.join("\n  ")}`);
          } else if (res.statusCode >= 400) {
            const body = (() => {
              try {
                return JSON.parse(res.body) as { code?: string; error?: { message?: string } };
              } catch {
                return null;
              }
            })();
            if (!/[\u4e00-\u9fff]/.test(body?.error?.message ?? "")) {
              notChinese.push(`${describeRequest(identity, op, r)}\n  → ${res.statusCode} ${res.body.slice(0, 200)}`);
            }
          }
        }
      }
      await restoreIdentities();
      expect(failures).toEqual([]);
    }, 60_000);
  }

  it("a NUL in a body, a query string or a path is a 400 in Chinese, never a database error", async () => {
    const finance = cookies.finance!;
    const write = { cookie: finance.cookie, [CSRF_HEADER]: finance.csrf };
    const probes: InjectOptions[] = [
      // Found by this fuzz: each was a 500 (PostgreSQL cannot store U+0000) before the guard in server/plugins/auth.ts.
      { method: "POST", url: "/api/auth/login", payload: { username: "a\u0000b", password: "x" } },
      { method: "POST", url: "/api/funding-sources", headers: write, payload: { code: "nul", name: "试\u0000验", category: "fiscal" } },
      { method: "GET", url: "/api/funds/payments?fundYearId=1&q=%00", headers: write },
      { method: "GET", url: "/api/reports/1/paragraphs/ch1.budget%00/history", headers: write },
    ];
    for (const probe of probes) {
      const r = await app.inject(probe);
      expect(r.statusCode, `${probe.method} ${probe.url}: ${r.body}`).toBe(400);
      expect(JSON.parse(r.body).error.message).toContain("空字符");
    }
  });

  it("every refusal carries a Chinese message", () => {
    expect(notChinese).toEqual([]);
  });

  it("afterwards no prototype is polluted, the server answers and the audit chain verifies", async () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect((await app.inject("/api/health")).statusCode).toBe(200);
    const verify = await app.inject({ url: "/api/audit/verify", headers: { cookie: cookies.auditor!.cookie } });
    expect(verify.statusCode, verify.body).toBe(200);
    expect(JSON.parse(verify.body).ok, verify.body).toBe(true);
  });
});
