/**
 * The daily overdue job with an injected clock, on the demo database: an item is overdue the day after
 * its deadline (Beijing date), only open items are marked, a reminder goes out once, and the claim
 * makes a second run of the same day do nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, inArray } from "drizzle-orm";
import { evaluationTasks, findings, notificationOutbox, notifications, rectificationEvents, rectificationItems, scheduledRuns, users } from "../../../db/schema";
import { createTestDb, engine, type TestDb } from "../../../test/db";
import { runDueJobs } from "../../jobs/runner";
import { overdueJob } from "./mark-overdue";

let t: TestDb;
const ids: Record<string, number> = {};
let countyId: number;
let lanshan: number;
let author: number;
let housing: number;

beforeAll(async () => {
  t = await createTestDb({ demo: true });
  const db = t.db;
  // The demo's own findings (if any) would take part in the job; this file builds its own.
  await db.delete(findings);
  await db.delete(notifications);
  const [task] = await db.select({ id: evaluationTasks.id }).from(evaluationTasks).orderBy(asc(evaluationTasks.id)).limit(1);
  const who = async (username: string) => (await db.select().from(users).where(eq(users.username, username)))[0];
  const county = await who("lanshan");
  countyId = county.regionId!;
  lanshan = county.id;
  author = (await who("pingjia")).id;
  housing = (await who("zhujian")).id;
  const [finding] = await db
    .insert(findings)
    .values({ taskId: task.id, scope: "county", countyId, category: "资金管理", severity: "major", title: "专项资金拨付滞后", description: "部分资金未按期拨付。", origin: "manual", createdBy: author, createdByName: "评价机构项目组" })
    .returning();
  const item = async (name: string, v: Partial<typeof rectificationItems.$inferInsert>) => {
    const owner = v.ownerKind === "department" ? { ownerKind: "department" as const, ownerDepartment: "housing" as const } : { ownerKind: "county" as const, ownerCountyId: countyId };
    const [r] = await db
      .insert(rectificationItems)
      .values({ findingId: finding.id, deadline: "2022-06-30", measures: "按期拨付资金", createdByName: "评价机构项目组", ...owner, ...v })
      .returning();
    ids[name] = r.id;
  };
  await item("countyPending", { state: "pending" });
  await item("departmentInProgress", { ownerKind: "department", state: "in_progress" });
  await item("submitted", { state: "submitted", deadline: "2022-06-20" });
  await item("accepted", { state: "accepted", deadline: "2022-06-20" });
  await item("returnedDueSoon", { state: "returned", deadline: "2022-07-05" });
  await item("later", { state: "pending", deadline: "2022-08-31" });
});
afterAll(() => t.destroy());

const run = (iso: string, instance = "test") => runDueJobs(t.db, [overdueJob], { now: new Date(iso), instance });
const itemRow = async (name: string) => (await t.db.select().from(rectificationItems).where(eq(rectificationItems.id, ids[name])))[0];
const notificationsOf = (userId: number) => t.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(asc(notifications.id));

describe(`rectification overdue job (${engine})`, () => {
  it("on the deadline day (23:59 in Beijing) nothing is overdue; items due within 7 days are reminded", async () => {
    const [r] = await run("2022-06-30T15:59:00Z");
    expect(r).toEqual({ job: "rectification.overdue", runKey: "2022-06-30", status: "ran", outcome: { date: "2022-06-30", markedOverdue: 0, reminded: 3, notifications: 3 } });
    expect((await itemRow("countyPending")).overdueSince).toBeNull();
    expect((await itemRow("countyPending")).remindedOn).toBe("2022-06-30");
    expect((await itemRow("returnedDueSoon")).remindedOn).toBe("2022-06-30");
    expect((await itemRow("later")).remindedOn).toBeNull();
    const mine = await notificationsOf(lanshan);
    expect(mine.map((n) => n.title)).toEqual(["整改期限临近", "整改期限临近"]);
    expect(mine[0]).toMatchObject({ kind: "rectification.due_soon", link: `/rectification/items/${ids.countyPending}`, entityType: "rectification_item", entityId: String(ids.countyPending) });
    expect(mine[0].body).toContain("2022年6月30日");
  });

  it("the day after the deadline (00:00 in Beijing) open items become overdue, with an event and notifications to owner and author", async () => {
    const [r] = await run("2022-06-30T16:00:00Z");
    expect(r).toMatchObject({ runKey: "2022-07-01", status: "ran", outcome: { date: "2022-07-01", markedOverdue: 2, reminded: 0 } });
    expect((await itemRow("countyPending")).overdueSince).toBe("2022-07-01");
    expect((await itemRow("departmentInProgress")).overdueSince).toBe("2022-07-01");
    const [event] = await t.db.select().from(rectificationEvents).where(and(eq(rectificationEvents.itemId, ids.countyPending), eq(rectificationEvents.action, "overdue")));
    expect(event).toMatchObject({ actorName: "系统", actorRole: "system", actorId: null, note: "已超过整改期限（2022年6月30日）" });
    // The county owner, the department owner (住建) and the finding's author (评价机构) are told.
    expect((await notificationsOf(lanshan)).filter((n) => n.kind === "rectification.overdue").map((n) => n.entityId)).toEqual([String(ids.countyPending)]);
    expect((await notificationsOf(housing)).filter((n) => n.kind === "rectification.overdue").map((n) => n.entityId)).toEqual([String(ids.departmentInProgress)]);
    expect((await notificationsOf(author)).filter((n) => n.kind === "rectification.overdue")).toHaveLength(2);
    const outbox = await t.db
      .select()
      .from(notificationOutbox)
      .innerJoin(notifications, eq(notifications.id, notificationOutbox.notificationId))
      .where(and(eq(notifications.userId, lanshan), eq(notifications.kind, "rectification.overdue")));
    expect(outbox.map((o) => o.notification_outbox)).toMatchObject([{ channel: "mail", recipient: "lanshan", subject: "整改事项已逾期" }]);
  });

  it("a second run on the same Beijing day does nothing", async () => {
    const before = (await t.db.select().from(notifications)).length;
    const [r] = await run("2022-07-01T09:00:00Z", "another-instance");
    expect(r).toEqual({ job: "rectification.overdue", runKey: "2022-07-01", status: "skipped" });
    expect((await t.db.select().from(notifications)).length).toBe(before);
    expect(await t.db.select().from(rectificationEvents).where(inArray(rectificationEvents.itemId, Object.values(ids)))).toHaveLength(5);
  });

  it("submitted and accepted items are never marked; a reminded item is not reminded again and becomes overdue after its deadline", async () => {
    const [r] = await run("2022-07-06T02:00:00Z");
    expect(r).toMatchObject({ status: "ran", outcome: { date: "2022-07-06", markedOverdue: 1, reminded: 0 } });
    expect((await itemRow("returnedDueSoon")).overdueSince).toBe("2022-07-06");
    expect((await itemRow("submitted")).overdueSince).toBeNull();
    expect((await itemRow("accepted")).overdueSince).toBeNull();
    expect((await itemRow("later")).overdueSince).toBeNull();
    const reminders = (await notificationsOf(lanshan)).filter((n) => n.kind === "rectification.due_soon");
    expect(reminders).toHaveLength(2);
  });

  it("two instances running the job at the same moment: one runs it, its outcome stored once", async () => {
    const now = "2022-08-25T03:00:00Z";
    const results = await Promise.all([run(now, "one"), run(now, "two")]);
    expect(results.map((r) => r[0].status).sort()).toEqual(["ran", "skipped"]);
    const runs = await t.db.select().from(scheduledRuns).where(and(eq(scheduledRuns.job, "rectification.overdue"), eq(scheduledRuns.runKey, "2022-08-25")));
    expect(runs).toHaveLength(1);
    expect(runs[0].outcome).toEqual({ date: "2022-08-25", markedOverdue: 0, reminded: 1, notifications: 1 });
    expect((await itemRow("later")).remindedOn).toBe("2022-08-25");
  });
});
