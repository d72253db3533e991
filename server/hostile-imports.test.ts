/**
 * Every hostile workbook of test/hostile-workbooks.ts against every import kind, as an account allowed
 * to import it (finance; and a 县区 account where a county may import), in dry run and in commit: the
 * answer is a 4xx with a Chinese message or a 200 naming row problems (or nothing to import) — never a
 * 5xx — within the test's timeout, and nothing in the database changes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import { createTestApp, type Client, type TestApp } from "../test/app";
import { engine } from "../test/db";
import { multipart } from "../test/xlsx";
import { buildHostileFile, HOSTILE_WORKBOOKS, IMPORT_KIND_NAMES, SHEETS, sheetWorkbook, type ImportKindName } from "../test/hostile-workbooks";

/** The time one case may take on one kind: both modes, both accounts. */
const CASE_TIMEOUT_MS = 20_000;

const url: Record<ImportKindName, (dryRun: boolean) => string> = {
  allocations: (dry) => `/api/imports/allocations?fundYearId=1&dryRun=${dry}`,
  payments: (dry) => `/api/imports/payments?fundYearId=1&dryRun=${dry}`,
  communities: (dry) => `/api/registry-imports/communities?fundYearId=1&dryRun=${dry}`,
  projects: (dry) => `/api/registry-imports/projects?fundYearId=1&dryRun=${dry}`,
  contents: (dry) => `/api/registry-imports/contents?fundYearId=1&dryRun=${dry}`,
  targets: (dry) => `/api/registry-imports/targets?fundYearId=1&dryRun=${dry}`,
  regions: (dry) => `/api/regions/import?dryRun=${dry}`,
  users: (dry) => `/api/users/import?dryRun=${dry}`,
  surveyForms: (dry) => `/api/evaluations/1/survey/import?dryRun=${dry}`,
  works: (dry) => `/api/works/import?dryRun=${dry}`,
};

const ACCOUNTS = { finance: "caizheng", county: "lanshan", operator: "ranqi" } as const;
type Identity = keyof typeof ACCOUNTS;

const CJK = /[\u4e00-\u9fff]/;

let t: TestApp;
const clients = {} as Record<Identity, Client>;
/** The database before the first upload. */
let initial: string;
/** The counts after the last case, which are the next case's before (uploads are one at a time). */
let lastCounts: string | null = null;

beforeAll(async () => {
  t = await createTestApp();
  for (const [identity, username] of Object.entries(ACCOUNTS) as [Identity, string][]) clients[identity] = await t.as(username);
  initial = await fingerprint();
});
afterAll(async () => {
  printOutcomes();
  await t?.close();
});

/** The rows of a query (PGlite and node-postgres both answer `{ rows }`). */
async function query<T>(statement: SQL): Promise<T[]> {
  return ((await t.db.db.execute(statement)) as unknown as { rows: T[] }).rows;
}

/** Every table but sessions (a request slides its session). */
async function tables(): Promise<string[]> {
  const rows = await query<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'sessions' order by 1`,
  );
  return rows.map((r) => r.name);
}

/**
 * Whether anything was written, cheaply: the row count of every table and the audit chain's head
 * (every import that writes appends to the chain in its transaction, an update of a row too).
 */
async function counts(): Promise<string> {
  const parts = (await tables()).map((name) => `select '${name}' as t, count(*)::int as n from "${name}"`);
  parts.push("select 'audit_head', seq from audit_head");
  const rows = await query<{ t: string; n: number }>(sql.raw(parts.join(" union all ")));
  return rows.map((r) => `${r.t}:${r.n}`).sort().join("\n");
}

/** Everything, exactly: the content of every table, users without their login counters. Taken at the start and the end. */
async function fingerprint(): Promise<string> {
  const parts = (await tables())
    .filter((name) => name !== "users")
    .map((name) => `select '${name}' as t, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${name}" x`);
  parts.push(
    "select 'users', md5(coalesce(string_agg(concat_ws(',', id, username, display_name, password_hash, role, region_id, organisation, phone, disabled, must_change_password), '|' order by id), '')) from users",
  );
  const rows = await query<{ t: string; h: string }>(sql.raw(parts.join(" union all ")));
  return rows.map((r) => `${r.t}:${r.h}`).sort().join("\n");
}

/** What each request answered, printed after the run with HOSTILE_IMPORTS_REPORT=1: the corpus's behaviour at a glance. */
const outcomes: string[] = [];
function printOutcomes() {
  if (outcomes.length && process.env.HOSTILE_IMPORTS_REPORT) console.log(`hostile workbooks (${engine}): case · kind · account · dry run · commit\n${outcomes.join("\n")}`);
}

interface Answer {
  mode: "dry run" | "commit";
  status: number;
  summary: string;
  failure: string | null;
}

/** Uploads a file and judges the answer: 4xx with a Chinese message, or 200 with row problems or nothing new. */
async function upload(client: Client, kind: ImportKindName, dryRun: boolean, fileName: string, data: Buffer): Promise<Answer> {
  const mode = dryRun ? "dry run" : "commit";
  const started = performance.now();
  const r = await client.inject({ method: "POST", url: url[kind](dryRun), ...multipart(fileName, data) });
  const ms = Math.round(performance.now() - started);
  const a = judge(mode, r.statusCode, r.body);
  return { ...a, summary: `${a.summary}（${ms} ms）` };
}

function judge(mode: Answer["mode"], statusCode: number, text: string): Answer {
  const r = { statusCode, body: text };
  const body = (() => {
    try {
      return JSON.parse(r.body);
    } catch {
      return null;
    }
  })();
  if (r.statusCode >= 500) return { mode, status: r.statusCode, summary: "5xx", failure: `${mode} → ${r.statusCode} ${r.body.slice(0, 300)}` };
  if (r.statusCode >= 400) {
    const message: string = body?.error?.message ?? "";
    const failure = CJK.test(message) ? null : `${mode} → ${r.statusCode} without a Chinese message: ${r.body.slice(0, 300)}`;
    return { mode, status: r.statusCode, summary: `${r.statusCode} ${body?.error?.code ?? ""}`, failure };
  }
  if (r.statusCode !== 200 || !body) return { mode, status: r.statusCode, summary: String(r.statusCode), failure: `${mode} → ${r.statusCode} ${r.body.slice(0, 300)}` };
  const problems = (body.problems?.length ?? 0) + (body.moreProblems ?? 0);
  if (problems > 0) {
    const failure = (body.problems as { message: string }[]).every((p) => CJK.test(p.message)) ? null : `${mode} → a problem without a Chinese message: ${r.body.slice(0, 300)}`;
    return { mode, status: 200, summary: `200 ${problems} 处问题`, failure };
  }
  if (body.newCount + (body.updatedCount ?? 0) === 0) return { mode, status: 200, summary: `200 无新数据（${body.rowCount} 行）`, failure: null };
  return { mode, status: 200, summary: `200 接受 ${body.newCount} 行`, failure: `${mode} → accepted ${body.newCount} new rows of a hostile file: ${r.body.slice(0, 300)}` };
}

describe(`hostile workbooks × every import kind (${engine})`, () => {
  it("the corpus has at least 50 cases, each named once and described", () => {
    expect(HOSTILE_WORKBOOKS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(HOSTILE_WORKBOOKS.map((c) => c.name)).size).toBe(HOSTILE_WORKBOOKS.length);
    for (const c of HOSTILE_WORKBOOKS) expect(c.description, c.name).toMatch(CJK);
  });

  it("covers every import route the app registers", () => {
    const imports = t.app.accessRules.filter((r) => r.method === "POST" && /import/.test(r.url)).map((r) => r.url);
    const covered = IMPORT_KIND_NAMES.map((k) => url[k](true).split("?")[0]);
    // A route's path parameters (/evaluations/:taskId/…) match the kind's concrete address.
    const isCovered = (route: string) => covered.some((u) => new RegExp(`^${route.replace(/:\w+/g, "[^/]+")}$`).test(u));
    expect(imports.filter((u) => !isCovered(u))).toEqual([]);
  });

  // The controls: a case is hostile because of its attack, not because the base rows are wrong.
  for (const kind of IMPORT_KIND_NAMES) {
    it(`${kind}: the base rows pass a dry run and the poison row does not`, async () => {
      for (const identity of identitiesFor(kind)) {
        const ok = await clients[identity].inject({ method: "POST", url: url[kind](true), ...multipart("base.xlsx", await sheetWorkbook(kind, ["base", "other"])) });
        expect(ok.statusCode, ok.body).toBe(200);
        expect(JSON.parse(ok.body).problems, `${kind} as ${identity}`).toEqual([]);
        expect(JSON.parse(ok.body).newCount).toBe(2);
        const bad = await clients[identity].inject({ method: "POST", url: url[kind](true), ...multipart("poison.xlsx", await sheetWorkbook(kind, ["poison"])) });
        expect(bad.statusCode, bad.body).toBe(200);
        expect(JSON.parse(bad.body).problems.length).toBeGreaterThan(0);
      }
    });
  }

  for (const c of HOSTILE_WORKBOOKS) {
    describe(`${c.name}: ${c.description}`, () => {
      for (const kind of IMPORT_KIND_NAMES) {
        // An operator's kind stands where a case names finance (the city-wide account of other kinds).
        const identities = identitiesFor(kind).filter((i) => (c.identities ?? ["finance"]).includes(i === "operator" ? "finance" : i));
        if (!identities.length) continue;
        it(
          `${kind}: refused in dry run and commit, nothing written`,
          async () => {
            const { fileName, data } = await buildHostileFile(c, kind);
            const before = lastCounts ?? (await counts());
            lastCounts = null;
            const failures: string[] = [];
            for (const identity of identities) {
              const answers: Answer[] = [];
              for (const dryRun of [true, false]) answers.push(await upload(clients[identity], kind, dryRun, fileName, data));
              outcomes.push(`${c.name} · ${kind} · ${identity} · ${answers.map((a) => a.summary).join(" · ")}`);
              for (const a of answers) if (a.failure) failures.push(`${c.name} × ${kind} as ${ACCOUNTS[identity]}: ${a.failure}`);
            }
            const after = await counts();
            lastCounts = after;
            if (after !== before) failures.push(`${c.name} × ${kind}: the database changed:\n${diffLines(before, after)}`);
            expect(failures).toEqual([]);
          },
          CASE_TIMEOUT_MS,
        );
      }
    });
  }

  it("after the whole corpus, every table reads as it did before the first upload", async () => {
    expect(diffLines(initial, await fingerprint())).toBe("");
  });
});

function identitiesFor(kind: ImportKindName): Identity[] {
  if (SHEETS[kind].operatorOnly) return ["operator"];
  return SHEETS[kind].countyScoped ? ["finance", "county"] : ["finance"];
}

function diffLines(before: string, after: string): string {
  const b = new Set(before.split("\n"));
  return after
    .split("\n")
    .filter((l) => !b.has(l))
    .map((l) => `  ${l.replace(":", ": ")}`)
    .join("\n");
}
