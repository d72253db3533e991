/**
 * 消息 over the API and the service: a user sees and marks only their own notifications (another's is
 * 404), the unread count follows, recipients are the active accounts of an owner, and every
 * notification has one outbox row a gateway claims and marks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import type { NotificationPage } from "../../../contracts/notifications";
import { notificationOutbox, notifications, users } from "../../../db/schema";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { claimOutbox, listOutbox, markFailed, markSent, notify, recipientsOf } from "./service";

let t: TestApp;
let lanshan: Client;
let hedong: Client;
const uid: Record<string, number> = {};
let lanshanCounty: number;

beforeAll(async () => {
  t = await createTestApp();
  lanshan = await t.as("lanshan");
  hedong = await t.as("hedong");
  await t.db.db.delete(notifications);
  for (const u of await t.db.db.select().from(users)) uid[u.username] = u.id;
  lanshanCounty = (await t.db.db.select().from(users).where(eq(users.username, "lanshan")))[0].regionId!;
});
afterAll(() => t.close());

const message = (title: string) => ({ kind: "test.note", title, body: `${title}的内容`, link: "/rectification", entityType: "rectification_item", entityId: "7" });

describe(`notifications (${engine})`, () => {
  it("recipientsOf: the active accounts of a county, or of a department's role (optionally one organisation)", async () => {
    const [disabled] = await t.db.db
      .insert(users)
      .values({ username: "lanshan-old", displayName: "兰山区（停用）", passwordHash: "x", role: "county", regionId: lanshanCounty, disabled: true })
      .returning();
    expect(await recipientsOf(t.db.db, { county: lanshanCounty })).toEqual([uid.lanshan]);
    expect(await recipientsOf(t.db.db, { role: "housing" })).toEqual([uid.zhujian]);
    expect(await recipientsOf(t.db.db, { role: "evaluator", organisation: "山东明信绩效评价咨询有限公司（示例）" })).toEqual([uid.pingjia]);
    expect(await recipientsOf(t.db.db, { role: "evaluator", organisation: "别的机构" })).toEqual([]);
    await t.db.db.delete(users).where(eq(users.id, disabled.id));
  });

  it("notify writes one notification per distinct user and one mail row in the outbox for each, in the caller's transaction", async () => {
    await t.db.db.transaction(async (tx) => {
      await notify(tx, [uid.lanshan, uid.lanshan, uid.hedong], message("第一条"));
    });
    await expect(
      t.db.db.transaction(async (tx) => {
        await notify(tx, [uid.lanshan], message("回滚的一条"));
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    const rows = await t.db.db.select().from(notifications);
    expect(rows.map((r) => [r.userId, r.title]).sort()).toEqual([
      [uid.lanshan, "第一条"],
      [uid.hedong, "第一条"],
    ].sort());
    const outbox = await t.db.db.select().from(notificationOutbox).where(inArray(notificationOutbox.notificationId, rows.map((r) => r.id)));
    expect(outbox.map((o) => [o.recipient, o.channel, o.subject, o.body]).sort()).toEqual([
      ["hedong", "mail", "第一条", "第一条的内容"],
      ["lanshan", "mail", "第一条", "第一条的内容"],
    ]);
    await notify(t.db.db, [], message("无人"));
    expect(await t.db.db.select().from(notifications)).toHaveLength(2);
  });

  it("a user lists only their own notifications, newest first, paged, and unread=1 filters", async () => {
    await notify(t.db.db, [uid.lanshan], message("第二条"));
    await notify(t.db.db, [uid.lanshan], message("第三条"));
    const page = await lanshan.get<NotificationPage>("/api/notifications");
    expect(page.total).toBe(3);
    expect(page.unread).toBe(3);
    expect(page.items.map((n) => n.title)).toEqual(["第三条", "第二条", "第一条"]);
    expect(page.items[0]).toMatchObject({ kind: "test.note", body: "第三条的内容", link: "/rectification", readAt: null });
    const second = await lanshan.get<NotificationPage>("/api/notifications?page=2&pageSize=2");
    expect(second.items.map((n) => n.title)).toEqual(["第一条"]);
    expect((await hedong.get<NotificationPage>("/api/notifications")).items.map((n) => n.title)).toEqual(["第一条"]);
  });

  it("the unread count is one's own; marking one's own notification read lowers it, and unread=1 no longer lists it", async () => {
    expect(await lanshan.get("/api/notifications/unread-count")).toEqual({ unread: 3 });
    expect(await hedong.get("/api/notifications/unread-count")).toEqual({ unread: 1 });
    const [newest] = (await lanshan.get<NotificationPage>("/api/notifications")).items;
    const r = await lanshan.inject({ method: "POST", url: `/api/notifications/${newest.id}/read` });
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.body).readAt).not.toBeNull();
    expect(await lanshan.get("/api/notifications/unread-count")).toEqual({ unread: 2 });
    expect((await lanshan.get<NotificationPage>("/api/notifications?unread=1")).items.map((n) => n.title)).toEqual(["第二条", "第一条"]);
  });

  it("marking another user's notification is 404 and leaves it unread", async () => {
    const [theirs] = (await hedong.get<NotificationPage>("/api/notifications")).items;
    const r = await lanshan.inject({ method: "POST", url: `/api/notifications/${theirs.id}/read` });
    expect(r.statusCode).toBe(404);
    expect(JSON.parse(r.body).error).toEqual({ code: "NOT_FOUND", message: "消息不存在" });
    expect(await hedong.get("/api/notifications/unread-count")).toEqual({ unread: 1 });
    expect((await lanshan.inject({ method: "POST", url: "/api/notifications/999999/read" })).statusCode).toBe(404);
  });

  it("全部标为已读 marks only one's own", async () => {
    const r = await lanshan.inject({ method: "POST", url: "/api/notifications/read-all" });
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ marked: 2 });
    expect(await lanshan.get("/api/notifications/unread-count")).toEqual({ unread: 0 });
    expect(await hedong.get("/api/notifications/unread-count")).toEqual({ unread: 1 });
  });

  it("refuses a bad page size naming the field, and anyone not signed in", async () => {
    const r = await lanshan.inject("/api/notifications?pageSize=1000");
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain("每页条数");
    expect((await t.app.inject("/api/notifications/unread-count")).statusCode).toBe(401);
  });

  it("a gateway claims unsent outbox rows oldest first, marks them sent or failed, and sent rows are not claimed again", async () => {
    const claimed = await claimOutbox(t.db.db, 2);
    expect(claimed).toHaveLength(2);
    expect(claimed[0].id).toBeLessThan(claimed[1].id);
    expect(claimed.every((c) => c.attempts === 1)).toBe(true);
    expect(await markSent(t.db.db, claimed[0].id)).toBe(true);
    expect(await markFailed(t.db.db, claimed[1].id, "邮件服务器无响应")).toBe(true);
    const unsent = await listOutbox(t.db.db, { unsentOnly: true });
    expect(unsent.map((o) => o.id)).not.toContain(claimed[0].id);
    expect(unsent.find((o) => o.id === claimed[1].id)).toMatchObject({ lastError: "邮件服务器无响应", sentAt: null });
    // A sent row cannot be marked failed.
    expect(await markFailed(t.db.db, claimed[0].id, "迟到的错误")).toBe(false);
    const next = await claimOutbox(t.db.db, 100);
    expect(next.map((o) => o.id)).not.toContain(claimed[0].id);
    expect(next.find((o) => o.id === claimed[1].id)?.attempts).toBe(2);
  });
});
