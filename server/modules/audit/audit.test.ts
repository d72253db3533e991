import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestApp, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { makeXlsx, multipart, readXlsx } from "../../../test/xlsx";
import { verifyAudit } from "./service";
import type { AuditEvent } from "../../../contracts/audit";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // Some history: logins, a failed login, an import, an account change.
  const fin = await t.as("caizheng");
  await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "hedong", password: "Wrong@1234" } });
  const county = await t.as("hedong");
  const summary = await fin.get<{ counties: { id: number; name: string }[] }>("/api/funds/summary?fundYearId=1");
  const hedong = summary.counties.find((c) => c.name === "河东区")!;
  const ledger = await fin.get<{ projects: { code: string }[] }>(`/api/funds/counties/${hedong.id}?fundYearId=1`);
  const file = await makeXlsx(["县区", "项目编号", "资金来源", "金额（元）", "支付日期", "凭证号"], [["河东区", ledger.projects[0].code, "省级补助", 100, "2022-05-01", "AUD-1"]]);
  const { payload, headers } = multipart("河东支付.xlsx", file);
  const r = await county.inject({ method: "POST", url: "/api/imports/payments?fundYearId=1&dryRun=false", payload, headers: { ...headers } });
  expect(r.statusCode, r.body).toBe(200);
  const users = await fin.get<{ id: number; username: string; version: number }[]>("/api/users");
  const feixian = users.find((u) => u.username === "feixian")!;
  const edit = await fin.inject({ method: "PATCH", url: `/api/users/${feixian.id}`, payload: { phone: "0539-1234567", version: feixian.version } });
  expect(edit.statusCode, edit.body).toBe(200);
});
afterAll(() => t.close());

describe(`the audit trail (${engine})`, () => {
  it("records logins, failed logins, imports and account changes with actor, address and values", async () => {
    const audit = await t.as("shenji");
    const page = await audit.get<{ total: number; items: AuditEvent[] }>("/api/audit?pageSize=100");
    const actions = page.items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["login", "login_failed", "import", "update"]));
    const imp = page.items.find((e) => e.action === "import")!;
    expect(imp.actorName).toContain("hedong");
    expect(imp.summary).toContain("河东支付.xlsx");
    expect(imp.ip).toBeTruthy();
    const upd = page.items.find((e) => e.action === "update" && e.summary.includes("feixian"))!;
    expect(upd.before).toMatchObject({ phone: null });
    expect(upd.after).toMatchObject({ phone: "0539-1234567" });
    expect(JSON.stringify(upd)).not.toContain("scrypt");
    const filtered = await audit.get<{ items: AuditEvent[] }>("/api/audit?action=login_failed");
    expect(filtered.items.length).toBeGreaterThan(0);
    expect(filtered.items.every((e) => e.action === "login_failed")).toBe(true);
  });

  it("exports to .xlsx, and the export is itself recorded", async () => {
    const audit = await t.as("shenji");
    const r = await audit.inject("/api/audit/export.xlsx");
    expect(r.statusCode).toBe(200);
    const wb = await readXlsx(r.rawPayload);
    expect(wb.worksheets[0].name).toBe("审计日志");
    const last = await audit.get<{ items: AuditEvent[] }>("/api/audit?pageSize=1");
    expect(last.items[0]).toMatchObject({ action: "export", entityType: "audit_log" });
  });

  it("verifies an untouched chain", async () => {
    const r = await verifyAudit(t.db.db);
    expect(r.ok).toBe(true);
    expect(r.count).toBeGreaterThan(5);
  });

  /** Runs `tamper` and a verification in one transaction that is then rolled back. */
  async function verifyAfter(tamper: string[], anchor?: { seq: number; hash: string }) {
    let result: Awaited<ReturnType<typeof verifyAudit>> | undefined;
    await t.db.db
      .transaction(async (tx) => {
        for (const statement of tamper) await tx.execute(sql.raw(statement));
        result = await verifyAudit(tx, { anchor });
        throw new Error("rollback");
      })
      .catch((e: Error) => {
        if (e.message !== "rollback") throw e;
      });
    return result!;
  }

  it("detects records deleted from the end of the chain, which leave no gap behind them", async () => {
    const before = await verifyAudit(t.db.db);
    const r = await verifyAfter([`delete from audit_events where seq > ${before.headSeq - 2}`]);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatchObject({ seq: before.headSeq - 1, id: null });
    expect(r.problem!.message).toBe(`第 ${before.headSeq - 1}–${before.headSeq} 条审计记录缺失：链头记录到第 ${before.headSeq} 条，日志末尾的记录被删除`);
    // Deleting the head as well still leaves the chain's end disagreeing with nothing to point to.
    const both = await verifyAfter(["delete from audit_head", `delete from audit_events where seq > ${before.headSeq - 2}`]);
    expect(both.ok).toBe(false);
    expect(both.problem!.message).toContain("与链头不符");
    expect((await verifyAudit(t.db.db)).ok).toBe(true);
  });

  it("checks an anchor noted earlier: its record must still carry the same hash and be there", async () => {
    const head = await verifyAudit(t.db.db);
    expect((await verifyAudit(t.db.db, { anchor: { seq: head.headSeq, hash: head.headHash } })).ok).toBe(true);
    const wrong = await verifyAudit(t.db.db, { anchor: { seq: 2, hash: "b".repeat(64) } });
    expect(wrong.problem!.message).toBe("第 2 条审计记录的哈希与所给锚点不符：锚点之前的日志被整体改写");
    // The whole tail and the head deleted together: only the anchor still knows how long the chain was.
    const gone = await verifyAfter(["delete from audit_events where seq > 3", "update audit_head set seq = 3, hash = (select hash from audit_events where seq = 3)"], { seq: head.headSeq, hash: head.headHash });
    expect(gone.problem!.message).toBe(`找不到锚点所指的第 ${head.headSeq} 条审计记录：日志只有 3 条，其后的记录被删除`);
    const shenji = await t.as("shenji");
    const r = await shenji.inject(`/api/audit/verify?anchor=${head.headSeq}:${head.headHash}`);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, anchor: { seq: head.headSeq } });
    const bad = await shenji.inject("/api/audit/verify?anchor=12:abc");
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error.message).toContain("锚点格式应为");
  });

  it("detects an edited record and names it", async () => {
    await t.db.db.execute(sql`update audit_events set summary = summary || '（改）' where seq = 3`);
    const r = await verifyAudit(t.db.db);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatchObject({ seq: 3, message: expect.stringContaining("第 3 条审计记录的内容与哈希不符") });
    await t.db.db.execute(sql`update audit_events set summary = replace(summary, '（改）', '') where seq = 3`);
    expect((await verifyAudit(t.db.db)).ok).toBe(true);
  });

  it("detects a deleted record", async () => {
    await t.db.db.execute(sql`delete from audit_events where seq = 4`);
    const r = await verifyAudit(t.db.db);
    expect(r.ok).toBe(false);
    expect(r.problem!.message).toContain("第 4 条审计记录缺失");
  });

  it("detects a record rewritten with a fresh hash: the next one no longer links", async () => {
    await t.db.db.execute(sql`update audit_events set hash = repeat('a', 64) where seq = 6`);
    const r = await verifyAudit(t.db.db, { pageSize: 2 });
    expect(r.ok).toBe(false);
    expect(r.problem!.seq).toBeLessThanOrEqual(6);
  });
});
