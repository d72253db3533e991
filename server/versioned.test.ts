/**
 * Lost updates (issue 10): every editable record carries a version. An edit names the version its user
 * saw; a stale one is a 409 naming who changed the record, and an edit writes only its own fields,
 * so two edits of different fields made one after the other both stay.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GradeScaleRecord, Sheet, SheetNodeView, TaskDetail, TaskSummary, TemplateDetail, TemplateSummary } from "../contracts/evaluations";
import type { ProjectDetail, ProjectPage } from "../contracts/projects";
import { auditEvents } from "../db/schema";
import { DEMO_PASSWORD } from "../db/demo/users";
import { CSRF_HEADER, SESSION_COOKIE } from "../contracts/auth";
import { createTestApp, type Client, type TestApp } from "../test/app";
import { engine } from "../test/db";
import { conflictMessage, formatChangedAt } from "./versioned";

let t: TestApp;
let finance: Client;
let housing: Client;
let fy: number;

beforeAll(async () => {
  t = await createTestApp();
  finance = await t.as("caizheng");
  housing = await t.as("zhujian");
  fy = (await finance.get<{ id: number }[]>("/api/fund-years"))[0].id;
});
afterAll(() => t.close());

/** Another signed-in session of a demo account (another browser of the same user). */
async function secondSession(username: string): Promise<Client> {
  const r = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password: DEMO_PASSWORD } });
  const cookie = `${SESSION_COOKIE}=${r.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`;
  const csrfToken = JSON.parse(r.body).csrfToken as string;
  const inject: Client["inject"] = (o) => {
    const opts = typeof o === "string" ? { url: o } : o;
    return t.app.inject({ ...opts, headers: { ...opts.headers, cookie, [CSRF_HEADER]: csrfToken } });
  };
  return { cookie, csrfToken, inject, get: async (url) => JSON.parse((await inject(url)).body) };
}

const error = (body: string) => (JSON.parse(body) as { error: { code: string; message: string } }).error;
const auditCount = async (entityType: string, entityId: string) =>
  (await t.db.db.select({ id: auditEvents.id }).from(auditEvents).where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, entityId)))).length;
/** 该…已被 市财政局绩效科（临沂市财政局）于 2026年…日 10:31 修改… */
const namesEditor = (noun: string, who: string) =>
  new RegExp(`^该${noun}已被 ${who.replace(/[()（）]/g, "\\$&")}于 \\d{4}年\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2} 修改，您看到的是修改前的内容。请刷新后重新修改。$`);

describe("the conflict message", () => {
  it("names the editor with their organisation and the time in Beijing, whatever the server's zone", () => {
    const at = new Date("2026-12-02T02:31:00Z");
    expect(formatChangedAt(at)).toBe("2026年12月2日 10:31");
    expect(conflictMessage("项目", { name: "张三", organisation: "临沂市财政局" }, at)).toBe(
      "该项目已被 张三（临沂市财政局）于 2026年12月2日 10:31 修改，您看到的是修改前的内容。请刷新后重新修改。",
    );
    expect(conflictMessage("项目", { name: null, organisation: null }, new Date("2026-12-31T16:05:00Z"))).toBe(
      "该项目已被他人于 2027年1月1日 00:05 修改，您看到的是修改前的内容。请刷新后重新修改。",
    );
  });
});

describe(`a project edit over a stale version (${engine})`, () => {
  let id: number;
  const read = async () => (await finance.get<ProjectDetail>(`/api/projects/${id}`)).project;
  const patch = (c: Client, body: object) => c.inject({ method: "PATCH", url: `/api/projects/${id}`, payload: body });

  beforeAll(async () => {
    const page = await finance.get<ProjectPage>(`/api/projects?fundYearId=${fy}&status=completed&pageSize=1`);
    id = page.items[0].id;
  });

  it("of two edits from one version, the first is saved and the second is refused naming the first editor", async () => {
    const seen = await read();
    const audits = await auditCount("project", String(id));
    const first = await patch(finance, { name: `${seen.name}（财政改）`, version: seen.version });
    expect(first.statusCode, first.body).toBe(200);
    expect((JSON.parse(first.body) as ProjectDetail).project.version).toBe(seen.version + 1);
    const second = await patch(housing, { name: `${seen.name}（住建改）`, version: seen.version });
    expect(second.statusCode).toBe(409);
    expect(error(second.body).code).toBe("VERSION_CONFLICT");
    expect(error(second.body).message).toMatch(namesEditor("项目", "市财政局绩效科（临沂市财政局）"));
    expect((await read()).name).toBe(`${seen.name}（财政改）`);
    // One audit record: the refused edit left none.
    expect(await auditCount("project", String(id))).toBe(audits + 1);
  });

  it("two edits of different date fields, each over the version before it, both stay", async () => {
    const seen = await read();
    const a = await patch(finance, { plannedStartOn: "2021-03-01", version: seen.version });
    expect(a.statusCode, a.body).toBe(200);
    const fresh = await read();
    const b = await patch(housing, { plannedCompletionOn: "2021-10-31", version: fresh.version });
    expect(b.statusCode, b.body).toBe(200);
    const now = await read();
    expect(now).toMatchObject({ plannedStartOn: "2021-03-01", plannedCompletionOn: "2021-10-31", version: seen.version + 2 });
    // Fields neither edit named are as they were.
    expect({ ...now, plannedStartOn: seen.plannedStartOn, plannedCompletionOn: seen.plannedCompletionOn, version: 0, updatedAt: "" }).toEqual({
      ...seen,
      version: 0,
      updatedAt: "",
    });
  });

  it("an edit without a version is refused in Chinese, and a no-op over a stale version is told too", async () => {
    const seen = await read();
    const none = await patch(finance, { name: "无版本" });
    expect(none.statusCode).toBe(400);
    expect(error(none.body).message).toContain("版本号");
    const stale = await patch(finance, { version: seen.version - 1 });
    expect(stale.statusCode).toBe(409);
    expect(error(stale.body).code).toBe("VERSION_CONFLICT");
    expect((await patch(finance, { version: seen.version })).statusCode).toBe(200);
    expect((await read()).version).toBe(seen.version);
  });
});

describe(`a score-sheet entry edit over a stale version (${engine})`, () => {
  let task: TaskSummary;
  let scopeId: number;
  let evaluator: Client;
  let colleague: Client;
  const CODE = "process.org.rules";
  const find = (nodes: SheetNodeView[]): SheetNodeView | null => {
    for (const n of nodes) {
      if (n.code === CODE) return n;
      const x = find(n.children);
      if (x) return x;
    }
    return null;
  };
  const leaf = async () => find((await finance.get<Sheet>(`/api/evaluations/${task.id}/scopes/${scopeId}/sheet`)).nodes)!.leaf!;
  const put = (c: Client, body: object) => c.inject({ method: "PUT", url: `/api/evaluations/${task.id}/scopes/${scopeId}/entries/${CODE}`, payload: body });

  beforeAll(async () => {
    evaluator = await t.as("pingjia");
    // The same evaluator's account in a second browser: a conflict is about versions, not people.
    colleague = await secondSession("pingjia");
    [task] = await finance.get<TaskSummary[]>("/api/evaluations");
    scopeId = (await finance.get<TaskDetail>(`/api/evaluations/${task.id}`)).scopes.find((s) => s.name === "费县")!.id;
  });

  it("of two edits from one version, the first is saved and the second is refused naming the first editor", async () => {
    const seen = await leaf();
    const entity = `${scopeId}:${CODE}`;
    const audits = await auditCount("evaluation_entry", entity);
    const first = await put(evaluator, { note: "现场查阅制度文件 12 份", version: seen.version });
    expect(first.statusCode, first.body).toBe(200);
    const second = await put(colleague, { note: "另一人的说明", version: seen.version });
    expect(second.statusCode).toBe(409);
    expect(error(second.body).message).toMatch(namesEditor("评分项", "评价机构项目组（山东明信绩效评价咨询有限公司（示例））"));
    const now = await leaf();
    expect(now).toMatchObject({ note: "现场查阅制度文件 12 份", version: seen.version + 1 });
    expect(await auditCount("evaluation_entry", entity)).toBe(audits + 1);
  });

  it("two edits of different fields, each over the version before it, both stay", async () => {
    const seen = await leaf();
    expect((await put(evaluator, { note: "抽查 3 个小区", version: seen.version })).statusCode).toBe(200);
    const fresh = await leaf();
    const b = await put(colleague, { reason: `${seen.reason ?? ""}（复核）`, version: fresh.version });
    expect(b.statusCode, b.body).toBe(200);
    expect(await leaf()).toMatchObject({ note: "抽查 3 个小区", reason: `${seen.reason ?? ""}（复核）`, manualScore: seen.manualScore, version: seen.version + 2 });
  });

  it("a leaf nothing was entered for is version 0; a second first entry is refused", async () => {
    const sheet = await finance.get<Sheet>(`/api/evaluations/${task.id}/scopes/${scopeId}/sheet`);
    const bonus = sheet.adjustments.find((a) => a.version === 0 && a.perOccurrence === null)!;
    const url = `/api/evaluations/${task.id}/scopes/${scopeId}/entries/${bonus.code}`;
    const a = await evaluator.inject({ method: "PUT", url, payload: { points: 10, reason: "经验做法被推广", version: 0 } });
    expect(a.statusCode, a.body).toBe(200);
    const b = await colleague.inject({ method: "PUT", url, payload: { points: 20, reason: "另一人的理由", version: 0 } });
    expect(b.statusCode).toBe(409);
    const after = (JSON.parse(a.body) as Sheet).adjustments.find((x) => x.code === bonus.code)!;
    expect(after).toMatchObject({ points: 10, version: 1 });
    // Put it back (no bonus) so later files see the seed's totals.
    expect((await evaluator.inject({ method: "PUT", url, payload: { points: null, reason: null, version: 1 } })).statusCode).toBe(200);
  });
});

describe(`an evaluation task edit over a stale version (${engine})`, () => {
  it("of two edits from one version, the first is saved and the second is refused; different fields in turn both stay", async () => {
    const [task] = await finance.get<TaskSummary[]>("/api/evaluations");
    const url = `/api/evaluations/${task.id}`;
    const seen = await finance.get<TaskDetail>(url);
    const first = await finance.inject({ method: "PATCH", url, payload: { name: `${seen.name}（改）`, version: seen.version } });
    expect(first.statusCode, first.body).toBe(200);
    const second = await finance.inject({ method: "PATCH", url, payload: { name: `${seen.name}（又改）`, version: seen.version } });
    expect(second.statusCode).toBe(409);
    expect(error(second.body).message).toMatch(namesEditor("评价任务", "市财政局绩效科（临沂市财政局）"));
    const fresh = await finance.get<TaskDetail>(url);
    const method = seen.overallMethod === "mean" ? "city_sheet" : "mean";
    expect((await finance.inject({ method: "PATCH", url, payload: { overallMethod: method, version: fresh.version } })).statusCode).toBe(200);
    expect(await finance.get<TaskDetail>(url)).toMatchObject({ name: `${seen.name}（改）`, overallMethod: method, version: seen.version + 2 });
    await finance.inject({ method: "PATCH", url, payload: { name: seen.name, overallMethod: seen.overallMethod, version: seen.version + 2 } });
  });
});

describe(`a grade scale and a template draft over a stale version (${engine})`, () => {
  it("a grade scale: the second change from one version is refused naming the first editor", async () => {
    const scale = { name: "三级（测试）", grades: [{ label: "好", min: 8000, inclusive: true }, { label: "中", min: 6000, inclusive: true }, { label: "差", min: null, inclusive: false }], vetoGrade: "差" };
    const created = JSON.parse((await finance.inject({ method: "POST", url: "/api/evaluation/grade-scales", payload: scale })).body) as GradeScaleRecord;
    expect(created.version).toBe(1);
    const url = `/api/evaluation/grade-scales/${created.id}`;
    const first = await finance.inject({ method: "PUT", url, payload: { ...scale, name: "三级（财政改）", version: 1 } });
    expect(first.statusCode, first.body).toBe(200);
    expect((JSON.parse(first.body) as GradeScaleRecord).version).toBe(2);
    const second = await finance.inject({ method: "PUT", url, payload: { ...scale, name: "三级（又改）", version: 1 } });
    expect(second.statusCode).toBe(409);
    expect(error(second.body).message).toMatch(namesEditor("等级标准", "市财政局绩效科（临沂市财政局）"));
    expect(await auditCount("grade_scale", String(created.id))).toBe(2);
  });

  it("a template draft: the second save from one revision is refused; its 第 n 版 is untouched", async () => {
    const [base] = (await finance.get<TemplateSummary[]>("/api/evaluation/templates")).filter((x) => x.status === "published");
    const draft = JSON.parse((await finance.inject({ method: "POST", url: "/api/evaluation/templates", payload: { fromId: base.id } })).body) as TemplateDetail;
    const url = `/api/evaluation/templates/${draft.id}`;
    const first = await finance.inject({ method: "PUT", url, payload: { name: `${draft.name}（甲）`, tree: draft.tree, revision: draft.revision } });
    expect(first.statusCode, first.body).toBe(200);
    expect(JSON.parse(first.body) as TemplateDetail).toMatchObject({ revision: draft.revision + 1, version: draft.version });
    const second = await finance.inject({ method: "PUT", url, payload: { name: `${draft.name}（乙）`, tree: draft.tree, revision: draft.revision } });
    expect(second.statusCode).toBe(409);
    expect(error(second.body).message).toMatch(namesEditor("指标体系模板", "市财政局绩效科（临沂市财政局）"));
    expect((await finance.get<TemplateDetail>(url)).name).toBe(`${draft.name}（甲）`);
    expect((await finance.inject({ method: "DELETE", url })).statusCode).toBe(200);
  });
});

describe(`an account edit over a stale version (${engine})`, () => {
  it("refuses the second administrator's edit naming the first; actions need no version; particulars without one are refused", async () => {
    type Account = { id: number; username: string; displayName: string; organisation: string | null; phone: string | null; disabled: boolean; version: number };
    const accounts = await finance.get<Account[]>("/api/users");
    const me = accounts.find((u) => u.username === "caizheng")!;
    const target = accounts.find((u) => u.username === "feixian")!;
    const other = await secondSession("caizheng");
    const url = `/api/users/${target.id}`;
    const first = await finance.inject({ method: "PATCH", url, payload: { phone: "0539-7654321", version: target.version } });
    expect(first.statusCode, first.body).toBe(200);
    const stale = await other.inject({ method: "PATCH", url, payload: { organisation: "费县住建局", version: target.version } });
    expect(stale.statusCode).toBe(409);
    expect(error(stale.body)).toMatchObject({ code: "VERSION_CONFLICT" });
    expect(error(stale.body).message).toMatch(namesEditor("账户", `${me.displayName}${me.organisation ? `（${me.organisation}）` : " "}`));
    const missing = await other.inject({ method: "PATCH", url, payload: { organisation: "费县住建局" } });
    expect(missing.statusCode).toBe(400);
    expect(error(missing.body).message).toContain("版本号");
    // 停用 is an action: no version, and it writes only itself.
    const disable = await other.inject({ method: "PATCH", url, payload: { disabled: true } });
    expect(disable.statusCode, disable.body).toBe(200);
    const now = (await finance.get<Account[]>("/api/users")).find((u) => u.id === target.id)!;
    expect(now).toMatchObject({ phone: "0539-7654321", organisation: target.organisation, disabled: true, version: target.version + 1 });
    const redo = await other.inject({ method: "PATCH", url, payload: { organisation: "费县住建局", disabled: false, version: now.version } });
    expect(redo.statusCode, redo.body).toBe(200);
    expect(JSON.parse(redo.body)).toMatchObject({ phone: "0539-7654321", organisation: "费县住建局", disabled: false, version: now.version + 1 });
  });
});
