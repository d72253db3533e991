/**
 * The lost-update race of issue 10, on two app instances: two Fastify apps over two connection pools
 * of one PostgreSQL database (as two servers behind a balancer would be), firing conflicting edits of
 * one project and one score-sheet entry at the same moment, round after round. In every round exactly
 * one edit is saved and the other is refused with VERSION_CONFLICT; the refused user reloads and redoes
 * it, and then both fields are there. Nothing is ever silently lost. On PGlite (one connection, one
 * database handle per process) both requests go to one app; the outcome must be the same.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sheet, SheetNodeView, TaskDetail, TaskSummary } from "../contracts/evaluations";
import type { ProjectDetail, ProjectPage } from "../contracts/projects";
import { CSRF_HEADER, SESSION_COOKIE } from "../contracts/auth";
import { DEMO_PASSWORD } from "../db/demo/users";
import { openDb, type Database } from "../db/open";
import { auditEvents } from "../db/schema";
import { createTestApp, type TestApp } from "../test/app";
import { engine } from "../test/db";
import { buildApp } from "./app";

const ROUNDS = 20;

let t: TestApp;
/** The second instance: its own pool on the same database (PostgreSQL), else the same app. */
let second: FastifyInstance;
let secondDb: Database | null = null;

/** A signed-in session that can talk to either instance (sessions live in the database). */
interface Session {
  on(app: FastifyInstance, o: InjectOptions): Promise<LightMyRequestResponse>;
}
async function signIn(username: string): Promise<Session> {
  const r = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password: DEMO_PASSWORD } });
  if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.body}`);
  const cookie = `${SESSION_COOKIE}=${r.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`;
  const csrf = JSON.parse(r.body).csrfToken as string;
  return { on: (app, o) => app.inject({ ...o, headers: { ...o.headers, cookie, [CSRF_HEADER]: csrf } }) };
}
const json = async <T>(p: Promise<LightMyRequestResponse>) => {
  const r = await p;
  if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`);
  return JSON.parse(r.body) as T;
};
const code = (body: string) => (JSON.parse(body) as { error?: { code: string } }).error?.code;
const audits = async (entityType: string, entityId: string) =>
  (await t.db.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, entityId))))[0].n;

beforeAll(async () => {
  t = await createTestApp();
  if (engine === "PostgreSQL") {
    const r = (await t.db.db.execute(sql`select current_database() as name`)) as unknown as { rows: { name: string }[] };
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = "/" + r.rows[0].name;
    secondDb = await openDb({ url: url.toString() });
    second = await buildApp({ database: secondDb, webDist: null, rateLimitPerMinute: 100_000, loginRatePerMinute: 100_000 });
  } else second = t.app;
});
afterAll(async () => {
  if (secondDb) {
    await second.close();
    await secondDb.close();
  }
  await t.close();
});

describe(`concurrent edits on two app instances (${engine})`, () => {
  it(`one project, ${ROUNDS} rounds: one edit saved, the other refused and then redone; both fields stay`, async () => {
    const finance = await signIn("caizheng");
    const housing = await signIn("zhujian");
    const fy = (await json<{ id: number }[]>(finance.on(t.app, { url: "/api/fund-years" })))[0].id;
    const page = await json<ProjectPage>(finance.on(t.app, { url: `/api/projects?fundYearId=${fy}&pageSize=1` }));
    const id = page.items[0].id;
    const url = `/api/projects/${id}`;
    const read = async () => (await json<ProjectDetail>(finance.on(t.app, { url }))).project;
    // Later planned stages out of the way, so any start before any completion is a valid pair.
    const clear = await finance.on(t.app, { method: "PATCH", url, payload: { plannedAcceptanceOn: null, plannedSettlementOn: null, version: (await read()).version } });
    expect(clear.statusCode, clear.body).toBe(200);

    for (let round = 0; round < ROUNDS; round++) {
      const day = String(round + 1).padStart(2, "0");
      const start = `2021-02-${day}`;
      const completion = `2021-09-${day}`;
      const before = await read();
      const auditsBefore = await audits("project", String(id));
      const [a, b] = await Promise.all([
        finance.on(t.app, { method: "PATCH", url, payload: { plannedStartOn: start, version: before.version } }),
        housing.on(second, { method: "PATCH", url, payload: { plannedCompletionOn: completion, version: before.version } }),
      ]);
      const statuses = [a.statusCode, b.statusCode].sort();
      expect(statuses, `round ${round}: ${a.body.slice(0, 120)} | ${b.body.slice(0, 120)}`).toEqual([200, 409]);
      const [lost, who, redo] = a.statusCode === 409 ? [a, finance, { plannedStartOn: start }] : [b, housing, { plannedCompletionOn: completion }];
      expect(code(lost.body)).toBe("VERSION_CONFLICT");
      expect(JSON.parse(lost.body).error.message).toContain(a.statusCode === 409 ? "市住建局城建科（临沂市住房和城乡建设局）" : "市财政局绩效科（临沂市财政局）");
      const mid = await read();
      expect(mid.version).toBe(before.version + 1);
      // The refused user reloads and redoes their edit, from another instance than before.
      const again = await who.on(who === finance ? second : t.app, { method: "PATCH", url, payload: { ...redo, version: mid.version } });
      expect(again.statusCode, again.body).toBe(200);
      expect(await read()).toMatchObject({ plannedStartOn: start, plannedCompletionOn: completion, version: before.version + 2 });
      expect(await audits("project", String(id))).toBe(auditsBefore + 2);
    }
  });

  it(`one score-sheet entry, ${ROUNDS} rounds: one edit saved, the other refused and then redone; both fields stay`, async () => {
    const finance = await signIn("caizheng");
    const one = await signIn("pingjia");
    const other = await signIn("pingjia");
    const [task] = await json<TaskSummary[]>(finance.on(t.app, { url: "/api/evaluations" }));
    const scopeId = (await json<TaskDetail>(finance.on(t.app, { url: `/api/evaluations/${task.id}` }))).scopes.find((s) => s.name === "兰陵县")!.id;
    const CODE = "process.org.rules";
    const url = `/api/evaluations/${task.id}/scopes/${scopeId}/entries/${CODE}`;
    const find = (nodes: SheetNodeView[]): SheetNodeView | null => {
      for (const n of nodes) {
        if (n.code === CODE) return n;
        const x = find(n.children);
        if (x) return x;
      }
      return null;
    };
    const leaf = async () => find((await json<Sheet>(finance.on(t.app, { url: `/api/evaluations/${task.id}/scopes/${scopeId}/sheet` }))).nodes)!.leaf!;
    const reasonOf = (round: number) => `制度不全，扣分（第 ${round} 轮复核）`;
    const weight = find((await json<Sheet>(finance.on(t.app, { url: `/api/evaluations/${task.id}/scopes/${scopeId}/sheet` }))).nodes)!.weight;

    for (let round = 0; round < ROUNDS; round++) {
      const before = await leaf();
      const entity = `${scopeId}:${CODE}`;
      const auditsBefore = await audits("evaluation_entry", entity);
      const note = `抽查 ${round + 1} 个小区`;
      const [a, b] = await Promise.all([
        one.on(t.app, { method: "PUT", url, payload: { note, version: before.version } }),
        other.on(second, { method: "PUT", url, payload: { manualScore: weight - 10, reason: reasonOf(round), version: before.version } }),
      ]);
      expect([a.statusCode, b.statusCode].sort(), `round ${round}: ${a.body.slice(0, 120)} | ${b.body.slice(0, 120)}`).toEqual([200, 409]);
      const lost = a.statusCode === 409 ? a : b;
      expect(code(lost.body)).toBe("VERSION_CONFLICT");
      expect(JSON.parse(lost.body).error.message).toContain("评价机构项目组");
      const mid = await leaf();
      expect(mid.version).toBe(before.version + 1);
      const redo =
        a.statusCode === 409
          ? one.on(second, { method: "PUT", url, payload: { note, version: mid.version } })
          : other.on(t.app, { method: "PUT", url, payload: { manualScore: weight - 10, reason: reasonOf(round), version: mid.version } });
      const again = await redo;
      expect(again.statusCode, again.body).toBe(200);
      expect(await leaf()).toMatchObject({ note, reason: reasonOf(round), manualScore: weight - 10, version: before.version + 2 });
      expect(await audits("evaluation_entry", entity)).toBe(auditsBefore + 2);
    }
  });
});
