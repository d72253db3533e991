/**
 * 问题与整改 over the API on the demo: the evaluator turns a lost leaf into a finding with its figures,
 * items are assigned and worked through 待整改 → 整改中 → 已提交 → 退回 → 已提交 → 已验收, every state
 * change allowed only to its role and county, evidence before 已提交, a reason for 退回, history and
 * audit of each change, the ledger confined to a county's own items, and its .xlsx export.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Sheet, SheetNodeView, TaskDetail, TaskSummary } from "../../../contracts/evaluations";
import type { Finding, FindingList, Ledger, RectificationItem, RectificationItemDetail } from "../../../contracts/rectification";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { multipart, readXlsx } from "../../../test/xlsx";
import { auditEvents, evaluationTasks, notifications, users } from "../../../db/schema";
import { plainValue } from "../../xlsx";
import { findingsForReport, rectificationStatusByCounty } from "./service";
import { LEDGER_HEADERS } from "./export-ledger";

let t: TestApp;
const c = {} as Record<"finance" | "housing" | "evaluator" | "county" | "otherCounty" | "auditor" | "utility", Client>;
let task: TaskSummary;
let lanshanId: number;
let luozhuangId: number;
let lanshanScope: number;
let sheet: Sheet;
let lostLeaf: SheetNodeView;
let finding: Finding;

const leaves = (nodes: SheetNodeView[]): SheetNodeView[] => nodes.flatMap((n) => (n.leaf ? [n] : leaves(n.children)));
const json = <T>(r: { statusCode: number; body: string }, status = 200): T => {
  expect(r.statusCode, r.body).toBe(status);
  return JSON.parse(r.body) as T;
};
const post = (who: Client, url: string, payload: object) => who.inject({ method: "POST", url, payload });
const act = (who: Client, item: { id: number; version: number }, action: string, extra: object = {}) => post(who, `/api/rectification/items/${item.id}/transition`, { action, version: item.version, ...extra });
const getItem = (id: number) => c.finance.get<RectificationItemDetail>(`/api/rectification/items/${id}`);
const upload = (who: Client, id: number, name = "整改照片.pdf") => {
  const m = multipart(name, Buffer.from("%PDF-1.4 rectification evidence"));
  return who.inject({ method: "POST", url: `/api/rectification/items/${id}/evidence`, payload: m.payload, headers: m.headers });
};
const errorOf = (r: { body: string }) => JSON.parse(r.body).error as { code: string; message: string };

beforeAll(async () => {
  t = await createTestApp();
  c.finance = await t.as("caizheng");
  c.housing = await t.as("zhujian");
  c.evaluator = await t.as("pingjia");
  c.county = await t.as("lanshan");
  c.otherCounty = await t.as("luozhuang");
  c.auditor = await t.as("shenji");
  c.utility = await t.as("zhuanying");
  [task] = await c.finance.get<TaskSummary[]>("/api/evaluations");
  const detail = await c.finance.get<TaskDetail>(`/api/evaluations/${task.id}`);
  const lanshan = detail.scopes.find((s) => s.name === "兰山区")!;
  lanshanScope = lanshan.id;
  lanshanId = lanshan.countyId!;
  luozhuangId = detail.scopes.find((s) => s.name === "罗庄区")!.countyId!;
  sheet = await c.evaluator.get<Sheet>(`/api/evaluations/${task.id}/scopes/${lanshanScope}/sheet`);
  lostLeaf = leaves(sheet.nodes).find((n) => n.lost > 0)!;
});
afterAll(() => t.close());

describe(`findings (${engine})`, () => {
  it("the evaluator turns a lost leaf into a finding with its figures", async () => {
    expect(lostLeaf, "the demo sheet of 兰山区 has a leaf that lost points").toBeDefined();
    finding = json<Finding>(await post(c.evaluator, `/api/evaluations/tasks/${task.id}/findings`, { origin: "leaf", evaluationScopeId: lanshanScope, leafCode: lostLeaf.code, category: "资金管理", severity: "major" }));
    expect(finding).toMatchObject({ scope: "county", countyId: lanshanId, countyName: "兰山区", origin: "leaf", leafCode: lostLeaf.code, title: `${lostLeaf.name}失分`, severityLabel: "较重", version: 1 });
    expect(finding.figures).toMatchObject({ leafName: lostLeaf.name, weight: lostLeaf.weight, score: lostLeaf.score, lost: lostLeaf.lost });
    expect(finding.figures!.weight - finding.figures!.score).toBe(finding.figures!.lost);
    expect(finding.description).toContain(`「${lostLeaf.name}」`);
    const list = await c.finance.get<FindingList>(`/api/evaluations/tasks/${task.id}/findings`);
    expect(list.findings.map((f) => f.id)).toContain(finding.id);
    expect(list.can.create).toBe(true);
    // The demo's findings are worded with the report's figures; read outside the report they are written out.
    const execution = list.findings.find((f) => f.title === "预算执行率不够高")!;
    expect(execution.description).toContain("{{funds.rate}}");
    expect(execution.descriptionText).not.toContain("{{");
    expect(execution.descriptionText).toContain("平均预算执行率为81.24%");
  });

  it("refuses a leaf that lost nothing, and anyone but finance and the task's evaluator", async () => {
    const full = leaves(sheet.nodes).find((n) => n.lost === 0 && n.weight > 0)!;
    const r = await post(c.evaluator, `/api/evaluations/tasks/${task.id}/findings`, { origin: "leaf", evaluationScopeId: lanshanScope, leafCode: full.code, category: "资金管理", severity: "minor" });
    expect(r.statusCode).toBe(409);
    expect(errorOf(r).message).toContain("未失分");
    for (const who of [c.county, c.housing, c.auditor, c.utility]) {
      const d = await post(who, `/api/evaluations/tasks/${task.id}/findings`, { origin: "manual", scope: "city", category: "其他", severity: "minor", title: "x", description: "y" });
      expect(d.statusCode).toBe(403);
    }
  });

  it("records a finding by hand and from a county reply, naming a missing field", async () => {
    const bad = await post(c.finance, `/api/evaluations/tasks/${task.id}/findings`, { origin: "manual", scope: "county", category: "项目管理", severity: "minor", title: "台账不全", description: "部分项目台账缺失" });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).message).toContain("countyId");
    const manual = json<Finding>(await post(c.finance, `/api/evaluations/tasks/${task.id}/findings`, { origin: "manual", scope: "county", countyId: luozhuangId, category: "项目管理", severity: "minor", title: "台账不全", description: "部分项目台账缺失" }));
    expect(manual).toMatchObject({ scope: "county", countyName: "罗庄区", origin: "manual", figures: null });
    const replied = json<Sheet>(await post(c.county, `/api/evaluations/${task.id}/scopes/${lanshanScope}/comments`, { code: lostLeaf.code, body: "该项资金已于6月底前拨付完毕" }));
    const comment = leaves(replied.nodes).find((n) => n.code === lostLeaf.code)!.leaf!.comments.at(-1)!;
    const fromReply = json<Finding>(await post(c.evaluator, `/api/evaluations/tasks/${task.id}/findings`, { origin: "reply", commentId: comment.id, category: "资金管理", severity: "minor" }));
    expect(fromReply).toMatchObject({ origin: "reply", commentId: comment.id, countyId: lanshanId, leafCode: lostLeaf.code });
    expect(fromReply.description).toContain("该项资金已于6月底前拨付完毕");
  });

  it("refuses an edit on a stale version with 409", async () => {
    const edited = json<Finding>(await c.evaluator.inject({ method: "PATCH", url: `/api/findings/${finding.id}`, payload: { version: finding.version, title: "预算执行进度偏慢" } }));
    expect(edited).toMatchObject({ title: "预算执行进度偏慢", version: finding.version + 1 });
    const stale = await c.finance.inject({ method: "PATCH", url: `/api/findings/${finding.id}`, payload: { version: finding.version, severity: "severe" } });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale)).toMatchObject({ code: "VERSION_CONFLICT" });
    expect(errorOf(stale).message).toContain("请刷新后重新修改");
    finding = edited;
  });
});

describe(`rectification items (${engine})`, () => {
  let countyItem: RectificationItem;
  let deptItem: RectificationItem;

  it("finance assigns items to a county and to a department, and the owner is notified", async () => {
    const denied = await post(c.county, `/api/findings/${finding.id}/items`, { items: [{ owner: { kind: "county", countyId: lanshanId }, deadline: "2022-12-31", measures: "加快拨付" }] });
    expect(denied.statusCode).toBe(403);
    const created = json<RectificationItem[]>(
      await post(c.finance, `/api/findings/${finding.id}/items`, {
        items: [
          { owner: { kind: "county", countyId: lanshanId }, deadline: "2099-12-31", measures: "加快资金拨付，年底前完成结算" },
          { owner: { kind: "department", department: "housing" }, deadline: "2099-12-31", measures: "督促县区加快项目进度" },
        ],
      }),
    );
    [countyItem, deptItem] = created;
    expect(countyItem).toMatchObject({ ownerLabel: "兰山区", state: "pending", stateLabel: "待整改", overdue: false, version: 1 });
    expect(deptItem).toMatchObject({ ownerLabel: "市住建局", department: "housing" });
    const [lanshanUser] = await t.db.db.select({ id: users.id }).from(users).where(eq(users.username, "lanshan"));
    const sent = await t.db.db.select().from(notifications).where(and(eq(notifications.userId, lanshanUser!.id), eq(notifications.entityId, String(countyItem.id))));
    expect(sent.map((n) => n.kind)).toEqual(["rectification.assigned"]);
  });

  it("lets only the owning county start its item", async () => {
    for (const [who, status] of [[c.otherCounty, 403], [c.housing, 403], [c.finance, 403], [c.evaluator, 403], [c.auditor, 403], [c.utility, 403]] as const) {
      const r = await act(who, countyItem, "start");
      expect(r.statusCode, r.body).toBe(status);
      expect(errorOf(r).message).toMatch(/[\u4e00-\u9fa5]/);
    }
    countyItem = json<RectificationItem>(await act(c.county, countyItem, "start"));
    expect(countyItem).toMatchObject({ state: "in_progress", stateLabel: "整改中" });
    const again = await act(c.county, countyItem, "start");
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).message).toContain("「整改中」");
  });

  it("needs evidence and a progress account before 已提交, uploaded by the owner only", async () => {
    const noEvidence = await act(c.county, countyItem, "submit", { progress: "已拨付 80%" });
    expect(noEvidence.statusCode).toBe(400);
    expect(errorOf(noEvidence).message).toBe("提交前请至少上传一份整改佐证材料");
    for (const who of [c.otherCounty, c.finance, c.housing]) expect((await upload(who, countyItem.id)).statusCode).toBe(403);
    for (const who of [c.evaluator, c.auditor, c.utility]) expect((await upload(who, countyItem.id)).statusCode).toBe(403);
    expect((await upload(c.county, countyItem.id, "说明.exe")).statusCode).toBeGreaterThanOrEqual(400);
    const ev = json<{ id: number; fileName: string }>(await upload(c.county, countyItem.id));
    expect(ev.fileName).toBe("整改照片.pdf");
    const noProgress = await act(c.county, countyItem, "submit", { progress: " " });
    expect(noProgress.statusCode).toBe(400);
    expect(errorOf(noProgress).message).toContain("整改情况");
    const stale = await act(c.county, { id: countyItem.id, version: countyItem.version - 1 }, "submit", { progress: "已拨付 80%" });
    expect(stale.statusCode).toBe(409);
    countyItem = json<RectificationItem>(await act(c.county, countyItem, "submit", { progress: "已拨付 80%，剩余资金 10 月底前拨付" }));
    expect(countyItem).toMatchObject({ state: "submitted", evidenceCount: 1 });
    expect((await upload(c.county, countyItem.id)).statusCode).toBe(409);
    const file = await c.auditor.inject(`/api/rectification/evidence/${ev.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.body).toContain("%PDF");
  });

  it("is verified by housing or finance only; 退回 requires a reason", async () => {
    for (const who of [c.county, c.otherCounty, c.evaluator, c.auditor, c.utility]) expect((await act(who, countyItem, "accept")).statusCode).toBe(403);
    const noReason = await act(c.finance, countyItem, "return", { note: "" });
    expect(noReason.statusCode).toBe(400);
    expect(errorOf(noReason).message).toBe("退回时请填写退回理由（note）");
    countyItem = json<RectificationItem>(await act(c.finance, countyItem, "return", { note: "缺少拨付凭证" }));
    expect(countyItem).toMatchObject({ state: "returned", stateLabel: "退回" });
    expect((await upload(c.county, countyItem.id, "拨付凭证.pdf")).statusCode).toBe(200);
    countyItem = json<RectificationItem>(await act(c.county, countyItem, "submit", { progress: "已补充拨付凭证" }));
    countyItem = json<RectificationItem>(await act(c.housing, countyItem, "accept", { note: "同意" }));
    expect(countyItem).toMatchObject({ state: "accepted", stateLabel: "已验收", verifiedByName: "市住建局城建科" });
  });

  it("a department's item is worked by that department and verified by the other", async () => {
    expect((await act(c.finance, deptItem, "start")).statusCode).toBe(403);
    expect((await act(c.county, deptItem, "start")).statusCode).toBe(404);
    deptItem = json<RectificationItem>(await act(c.housing, deptItem, "start"));
    expect((await upload(c.housing, deptItem.id)).statusCode).toBe(200);
    deptItem = json<RectificationItem>(await act(c.housing, deptItem, "submit", { progress: "已督促各县区" }));
    const self = await act(c.housing, deptItem, "accept");
    expect(self.statusCode).toBe(403);
    expect(errorOf(self).message).toContain("另一部门");
    deptItem = json<RectificationItem>(await act(c.finance, deptItem, "accept"));
    expect(deptItem.state).toBe("accepted");
  });

  it("records each change in the history and the audit trail", async () => {
    const d = await getItem(countyItem.id);
    expect(d.history.map((h) => h.action)).toEqual(["create", "start", "evidence", "submit", "return", "evidence", "submit", "accept"]);
    expect(d.history.find((h) => h.action === "return")).toMatchObject({ fromState: "submitted", toState: "returned", note: "缺少拨付凭证", actorName: "市财政局绩效科", actionLabel: "退回" });
    expect(d.evidence.map((e) => e.fileName)).toEqual(["整改照片.pdf", "拨付凭证.pdf"]);
    const audit = await t.db.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, "rectification_item"), eq(auditEvents.entityId, String(countyItem.id))));
    expect(audit.length).toBe(d.history.length);
    expect(audit.every((a) => a.countyId === lanshanId)).toBe(true);
  });

  it("an item cannot be edited once worked on, and is deleted only while pending", async () => {
    const r = await c.finance.inject({ method: "PATCH", url: `/api/rectification/items/${countyItem.id}`, payload: { version: countyItem.version, measures: "改" } });
    expect(r.statusCode).toBe(409);
    const [fresh] = json<RectificationItem[]>(await post(c.housing, `/api/findings/${finding.id}/items`, { items: [{ owner: { kind: "county", countyId: lanshanId }, deadline: "2099-06-30", measures: "临时" }] }));
    const edited = json<RectificationItem>(await c.housing.inject({ method: "PATCH", url: `/api/rectification/items/${fresh!.id}`, payload: { version: fresh!.version, deadline: "2099-07-31" } }));
    expect(edited).toMatchObject({ deadline: "2099-07-31", version: 2 });
    expect((await c.county.inject({ method: "DELETE", url: `/api/rectification/items/${fresh!.id}` })).statusCode).toBe(403);
    expect((await c.housing.inject({ method: "DELETE", url: `/api/rectification/items/${fresh!.id}` })).statusCode).toBe(200);
  });

  it("a county lists only its own items, and is refused another county's", async () => {
    const mine = await c.county.get<Ledger>("/api/rectification/items?pageSize=500");
    expect(mine.rows.length).toBeGreaterThan(0);
    expect(mine.rows.every((r) => r.countyId === lanshanId)).toBe(true);
    expect(mine.rows.map((r) => r.id)).toContain(countyItem.id);
    expect(Object.values(mine.counts).reduce((a, b) => a + b, 0)).toBe(mine.total);
    const other = await c.otherCounty.get<Ledger>("/api/rectification/items?pageSize=500");
    expect(other.rows.map((r) => r.id)).not.toContain(countyItem.id);
    expect((await c.county.inject(`/api/rectification/items?countyId=${luozhuangId}`)).statusCode).toBe(403);
    expect((await c.county.inject(`/api/rectification/items/${deptItem.id}`)).statusCode).toBe(404);
    const foreign = other.rows.find(() => true);
    if (foreign) expect((await c.county.inject(`/api/rectification/items/${foreign.id}`)).statusCode).toBe(403);
    const all = await c.finance.get<Ledger>("/api/rectification/items?pageSize=500");
    expect(all.total).toBeGreaterThan(mine.total);
    const accepted = await c.finance.get<Ledger>(`/api/rectification/items?state=accepted&countyId=${lanshanId}`);
    expect(accepted.rows.every((r) => r.state === "accepted" && r.countyId === lanshanId)).toBe(true);
    expect(accepted.rows.map((r) => r.id)).toContain(countyItem.id);
    const overdue = await c.finance.get<Ledger>("/api/rectification/items?overdue=true");
    expect(overdue.rows.every((r) => r.overdue)).toBe(true);
    expect(overdue.total).toBe(all.overdue);
  });

  it("exports the rows of the filter to 整改台账.xlsx", async () => {
    const filter = `taskId=${task.id}&countyId=${lanshanId}`;
    const ledger = await c.finance.get<Ledger>(`/api/rectification/items?${filter}&pageSize=500`);
    const r = await c.finance.inject(`/api/rectification/items/export.xlsx?${filter}`);
    expect(r.statusCode).toBe(200);
    expect(decodeURIComponent(String(r.headers["content-disposition"]))).toContain("整改台账.xlsx");
    const ws = (await readXlsx(r.rawPayload)).worksheets[0]!;
    const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1).map((v) => plainValue(v as never));
    expect(values(3)).toEqual([...LEDGER_HEADERS]);
    const body = Array.from({ length: ws.rowCount - 3 }, (_, k) => values(k + 4));
    expect(body.length).toBe(ledger.total);
    const mineRow = body.find((row) => row[4] === "加快资金拨付，年底前完成结算")!;
    expect(mineRow).toEqual(["预算执行进度偏慢", "资金管理", "较重", "兰山区", "加快资金拨付，年底前完成结算", "2099年12月31日", "已验收", "否", "已补充拨付凭证", "市住建局城建科", expect.stringMatching(/^\d{4}年\d{1,2}月\d{1,2}日$/)]);
  });

  it("tells the allocation and the report what became of the findings", async () => {
    const status = await rectificationStatusByCounty(t.db.db, task.id);
    const lanshan = status.get(lanshanId)!;
    const ledger = await c.finance.get<Ledger>(`/api/rectification/items?taskId=${task.id}&countyId=${lanshanId}&pageSize=500`);
    expect(lanshan.accepted).toBe(ledger.counts.accepted);
    expect(lanshan.open).toBe(ledger.total - ledger.counts.accepted);
    const report = await findingsForReport(t.db.db, task.id);
    const mine = report.find((f) => f.id === finding.id)!;
    expect(mine).toMatchObject({ title: "预算执行进度偏慢", category: "资金管理", scope: "兰山区", countyName: "兰山区" });
    expect(mine.items.map((i) => `${i.ownerLabel}:${i.state}`)).toEqual(["兰山区:已验收", "市住建局:已验收"]);
  });
});

describe(`another evaluator (${engine})`, () => {
  it("an evaluator of another organisation sees neither the task's findings nor its items", async () => {
    const [pingjia] = await t.db.db.select().from(users).where(eq(users.username, "pingjia"));
    await t.db.db.insert(users).values({ username: "pingjia2", displayName: "另一评价机构", passwordHash: pingjia!.passwordHash, role: "evaluator", regionId: pingjia!.regionId, organisation: "另一评价咨询公司（示例）", mustChangePassword: false });
    const other = await t.as("pingjia2");
    expect((await other.inject(`/api/evaluations/tasks/${task.id}/findings`)).statusCode).toBe(404);
    expect((await post(other, `/api/evaluations/tasks/${task.id}/findings`, { origin: "manual", scope: "city", category: "其他", severity: "minor", title: "x", description: "y" })).statusCode).toBe(404);
    const ledger = await other.get<Ledger>("/api/rectification/items");
    expect(ledger.total).toBe(0);
    const some = (await c.evaluator.get<Ledger>("/api/rectification/items")).rows[0]!;
    expect((await other.inject(`/api/rectification/items/${some.id}`)).statusCode).toBe(404);
  });
});

describe(`a final task (${engine})`, () => {
  it("locks its findings, while items can still be created", async () => {
    // The county's reply of the findings test is answered first: no task is final with a thread open.
    await post(c.evaluator, `/api/evaluations/${task.id}/scopes/${lanshanScope}/comments`, { code: lostLeaf.code, body: "已核实，记为问题跟踪整改" });
    const done = await c.finance.inject({ method: "POST", url: `/api/evaluations/${task.id}/advance`, payload: { to: "final" } });
    expect(done.statusCode, done.body).toBe(200);
    const r = await post(c.finance, `/api/evaluations/tasks/${task.id}/findings`, { origin: "manual", scope: "city", category: "其他", severity: "minor", title: "定稿后", description: "定稿后新增" });
    expect(r.statusCode).toBe(409);
    expect(errorOf(r).message).toContain("已定稿");
    const edit = await c.finance.inject({ method: "PATCH", url: `/api/findings/${finding.id}`, payload: { version: finding.version, title: "改" } });
    expect(edit.statusCode).toBe(409);
    const list = await c.finance.get<FindingList>(`/api/evaluations/tasks/${task.id}/findings`);
    expect(list).toMatchObject({ locked: true, can: { create: false, assign: true } });
    const items = json<RectificationItem[]>(await post(c.finance, `/api/findings/${finding.id}/items`, { items: [{ owner: { kind: "county", countyId: luozhuangId }, deadline: "2099-03-31", measures: "定稿后分派" }] }));
    expect(items[0]).toMatchObject({ ownerLabel: "罗庄区", state: "pending" });
  });
});
