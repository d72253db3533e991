/**
 * The generated access matrix: every /api route × every role × own county / other county. Routes come
 * from the app itself (each declares its rule), expectations from core/access.ts, so a new route is
 * covered the moment it is registered — and a route whose path parameters have no fixture here fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can, type Actor, type Permission } from "../core/access";
import { FORBIDDEN_COUNTY } from "./context";
import { createTestApp, type Client, type TestApp } from "../test/app";
import { engine } from "../test/db";
import type { CountyLedger, FundsSummary } from "../contracts/funds";

/** One demo account per role; the county account belongs to 兰山区. */
const ACCOUNTS = {
  admin: "admin",
  finance: "caizheng",
  housing: "zhujian",
  county: "lanshan",
  evaluator: "pingjia",
  utility: "zhuanying",
  auditor: "shenji",
} as const;
type Role = keyof typeof ACCOUNTS;

/** Query parameters a route requires besides fundYearId and countyId, so its county check is reached. */
const QUERY_FIXTURES: Record<string, string> = {
  "/api/reviews": "&kind=payments",
};

/**
 * Bodies of edits of versioned records: the version alone (nothing to change), so the edit passes
 * body validation and reaches its county check, and an allowed one writes nothing.
 */
const BODY_FIXTURES: Record<string, object> = {
  "PATCH /api/projects/:projectId": { version: 1 },
  "PATCH /api/evaluations/:taskId": { version: 1 },
  "PATCH /api/works/:id": { version: 1 },
  "POST /api/works/conflicts/:key/confirm": { from: "2021-01-01", to: "2021-01-31" },
  "PUT /api/evaluations/:taskId/scopes/:scopeId/entries/:code": { version: 0 },
  // A version no record has: whoever may write gets 404 after the county check, writing nothing.
  "PUT /api/works/handovers/:communityId/:facilityKind": { version: 99, status: "未移交" },
  "PUT /api/communities/:communityId/maintenance-years/:year": { version: 99, propertyMode: "none", feeCollectionBp: null, redProperty: false, ownersCommittee: false },
};

/** Routes that act on the caller's own session; exercised on a throw-away session. */
const SESSION_ROUTES = new Set(["POST /api/auth/logout"]);

let t: TestApp;
const clients = {} as Record<Role, Client>;
const actors = {} as Record<Role, Actor>;
/** Path-parameter values per county case. Extend when a route brings a new parameter. */
let fixtures: Record<string, { own: string; other: string }>;

beforeAll(async () => {
  t = await createTestApp();
  for (const [role, username] of Object.entries(ACCOUNTS) as [Role, string][]) {
    clients[role] = await t.as(username);
    const me = await clients[role].get<{ id: number; role: Actor["role"]; county: { id: number } | null }>("/api/auth/me");
    actors[role] = { userId: me.id, username, displayName: username, role: me.role, countyId: me.county?.id ?? null, regionId: null, regionPath: null, organisation: null };
  }
  const fin = clients.finance;
  const summary = await fin.get<FundsSummary>("/api/funds/summary?fundYearId=1");
  const own = summary.counties.find((c) => c.name === "兰山区")!.id;
  const other = summary.counties.find((c) => c.name === "罗庄区")!.id;
  const ownProjects = await fin.get<CountyLedger>(`/api/funds/counties/${own}?fundYearId=1`);
  const otherProjects = await fin.get<CountyLedger>(`/api/funds/counties/${other}?fundYearId=1`);
  const users = await fin.get<{ id: number; username: string }[]>("/api/users");
  const userId = String(users.find((u) => u.username === "hedong")!.id);
  fixtures = {
    countyId: { own: String(own), other: String(other) },
    projectId: { own: String(ownProjects.projects[0].id), other: String(otherProjects.projects[0].id) },
    id: { own: userId, other: userId },
    fundYearId: { own: "1", other: "1" },
    // No demo project has attachments: an unknown file answers 404 to whoever may ask, 403 to the rest.
    fileId: { own: "999999", other: "999999" },
    indicatorId: { own: "1", other: "1" },
    // Unknown records answer 404 to whoever may ask, 403 to the rest (a real region would be retired mid-run).
    regionId: { own: "999999", other: "999999" },
    sourceId: { own: "999999", other: "999999" },
    programmeId: { own: "999999", other: "999999" },
    // 专营设施移交 and 长效管养 by year: a community of each county.
    communityId: {
      own: String((await fin.get<{ id: number }[]>(`/api/works/communities?countyId=${own}`))[0].id),
      other: String((await fin.get<{ id: number }[]>(`/api/works/communities?countyId=${other}`))[0].id),
    },
    facilityKind: { own: "供水", other: "供水" },
    year: { own: "2021", other: "2021" },
    // An unknown conflict answers 404 to whoever may ask, 403 to the rest.
    key: { own: "c999999:w999999", other: "c999999:w999999" },
  };
  // 绩效评价: the demo task (in 县区意见反馈, so a county sees its own sheet), 兰山区's scope, a manual leaf.
  const [task] = await fin.get<{ id: number }[]>("/api/evaluations");
  const scopes = (await fin.get<{ scopes: { id: number; name: string }[] }>(`/api/evaluations/${task.id}`)).scopes;
  const [template] = await fin.get<{ id: number }[]>("/api/evaluation/templates");
  const [scale] = await fin.get<{ id: number }[]>("/api/evaluation/grade-scales");
  Object.assign(fixtures, {
    taskId: { own: String(task.id), other: String(task.id) },
    scopeId: { own: String(scopes.find((s) => s.name === "兰山区")!.id), other: String(scopes.find((s) => s.name === "罗庄区")!.id) },
    code: { own: "process.org.rules", other: "process.org.rules" },
    templateId: { own: String(template.id), other: String(template.id) },
    scaleId: { own: String(scale.id), other: String(scale.id) },
    // Unknown evidence: 404 to whoever may ask, 403 to the rest.
    evidenceId: { own: "999999", other: "999999" },
    // 评价报告: a paragraph of chapter 一.
    key: { own: "ch1.budget", other: "ch1.budget" },
    // 居民满意度调查: an unknown response (404 to whoever may ask) and an unknown link (public: 404).
    responseId: { own: "999999", other: "999999" },
    token: { own: "A".repeat(22), other: "A".repeat(22) },
    // 问题与整改: unknown records answer 404 to whoever may ask, 403 to the rest.
    findingId: { own: "999999", other: "999999" },
    itemId: { own: "999999", other: "999999" },
  });
});
afterAll(() => t.close());

function urlFor(route: string, countyCase: "own" | "other"): string {
  const path = route.replace(/:(\w+)/g, (_, name: string) => {
    const f = fixtures[name];
    if (!f) throw new Error(`访问矩阵缺少路径参数 ${name} 的取值（${route}）：请在 server/access-matrix.test.ts 的 fixtures 中补充`);
    return f[countyCase];
  });
  return `${path}?fundYearId=1&countyId=${fixtures.countyId[countyCase]}${QUERY_FIXTURES[route] ?? ""}`;
}

/** Whether a route's data is tied to a county through its path or a countyId filter. */
function countyBound(rule: { url: string; countyFilter: boolean }) {
  return /:(countyId|projectId|scopeId|communityId)\b/.test(rule.url) || rule.countyFilter;
}

describe(`access matrix (${engine})`, () => {
  it("covers every route, and every route has a rule", () => {
    expect(t.app.accessRules.length).toBeGreaterThan(15);
    for (const r of t.app.accessRules) expect(r.access, `${r.method} ${r.url}`).toBeTruthy();
  });

  for (const role of Object.keys(ACCOUNTS) as Role[]) {
    it(`${ACCOUNTS[role]} (${role}) is allowed exactly what core/access.ts grants, on own and other county`, async () => {
      const failures: string[] = [];
      for (const rule of t.app.accessRules) {
        const key = `${rule.method} ${rule.url}`;
        const cases: ("own" | "other")[] = countyBound(rule) ? ["own", "other"] : ["own"];
        for (const countyCase of cases) {
          let client = clients[role];
          if (SESSION_ROUTES.has(key)) client = await freshClient(role);
          const r = await client.inject({ method: rule.method as "GET", url: urlFor(rule.url, countyCase), payload: rule.method === "GET" ? undefined : (BODY_FIXTURES[key] ?? {}) });
          const permitted =
            rule.access === "public" || rule.access === "authenticated" || can(actors[role], rule.access as Permission);
          const countyDenied = role === "county" && countyCase === "other" && countyBound(rule);
          const expectAllowed = permitted && !countyDenied;
          if (r.statusCode >= 500) failures.push(`${key} [${countyCase}] → ${r.statusCode} ${r.body}`);
          if (expectAllowed && (r.statusCode === 401 || r.statusCode === 403)) failures.push(`${key} [${countyCase}] 应允许，实际 ${r.statusCode} ${r.body}`);
          // A write with the matrix's empty body may fail its body validation before the service's
          // county check runs: 400 with only a validation error is a refusal too (nothing read or written).
          const refusedByValidation = countyDenied && permitted && rule.method !== "GET" && r.statusCode === 400 && JSON.parse(r.body).error?.code === "VALIDATION_FAILED";
          if (!expectAllowed && !refusedByValidation) {
            if (r.statusCode !== 403) failures.push(`${key} [${countyCase}] 应拒绝，实际 ${r.statusCode}`);
            else {
              // A denial says no more than that: no counts, no names, no records.
              const body = JSON.parse(r.body);
              const allowedMessages = ["无权执行此操作", FORBIDDEN_COUNTY];
              if (Object.keys(body).join() !== "error" || Object.keys(body.error).sort().join() !== "code,message" || !allowedMessages.includes(body.error.message)) {
                failures.push(`${key} [${countyCase}] 拒绝时泄露了信息：${r.body}`);
              }
            }
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

async function freshClient(role: Role): Promise<Client> {
  const r = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: ACCOUNTS[role], password: "Wenxiao@2021" } });
  if (r.statusCode !== 200) throw new Error(`login ${ACCOUNTS[role]}: ${r.body}`);
  const cookie = `wx_session=${r.cookies.find((c) => c.name === "wx_session")!.value}`;
  const csrf = JSON.parse(r.body).csrfToken;
  return {
    cookie,
    csrfToken: csrf,
    inject: (o) => t.app.inject({ ...(typeof o === "string" ? { url: o } : o), headers: { cookie, "x-csrf-token": csrf } }),
    get: async () => {
      throw new Error("unused");
    },
  };
}
