import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { createTestDb, engine, type TestDb } from "../../test/db";
import { auditEvents, fundYears, regions, submissionEvents, submissions } from "../schema";
import { verifyAudit } from "../../server/modules/audit/service";
import { loadDemo } from "./load";

let d: TestDb;
beforeAll(async () => {
  d = await createTestDb();
});
afterAll(() => d.destroy());

describe(`loading the demo (${engine})`, () => {
  it("two instances starting together on an empty database: one loads, the other waits and finds it loaded", async () => {
    // Two transactions at once on separate connections (PostgreSQL), as two app instances would run them.
    const results = await Promise.all([loadDemo(d.db), loadDemo(d.db)]);
    expect(results.map((r) => r.loaded).sort()).toEqual([false, true]);
    expect(results[0].fundYearId).toBe(results[1].fundYearId);
    expect(await d.db.$count(fundYears, eq(fundYears.isDemo, true))).toBe(1);
    // And a later start changes nothing.
    expect((await loadDemo(d.db)).loaded).toBe(false);
  });
});

describe(`the demo's history before the 评价日 (${engine})`, () => {
  it("shows every state of 报送审核 in some county, each step by the right account and with its reason", async () => {
    const rows = await d.db
      .select({ county: regions.name, kind: submissions.kind, period: submissions.period, state: submissions.state })
      .from(submissions)
      .innerJoin(regions, eq(regions.id, submissions.countyId));
    const payments = Object.fromEntries(rows.filter((r) => r.kind === "payments").map((r) => [r.county, r.state]));
    expect(payments).toEqual({ 兰陵县: "approved", 临沭县: "approved", 沂水县: "submitted", 费县: "returned" });
    expect(rows.filter((r) => r.kind === "monitoring").every((r) => r.period === "2022-Q1")).toBe(true);
    // 兰山区 and 河东区 are where the tests import and submit as the county: still 填报中.
    expect(rows.some((r) => r.county === "兰山区" || r.county === "河东区")).toBe(false);
    const steps = await d.db.select().from(submissionEvents).orderBy(asc(submissionEvents.at));
    const returned = steps.filter((e) => e.action === "return");
    expect(returned.length).toBe(2);
    for (const e of returned) {
      expect(e.reason).toBeTruthy();
      expect(e.actorName).toBe("市住建局城建科（zhujian）");
    }
    expect(steps.every((e) => e.at < new Date("2022-06-30T16:00:00Z"))).toBe(true);
  });

  it("holds a trail of imports, edits, reports and review steps before the 评价日, and its SM3 chain verifies", async () => {
    const trail = await d.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
    const actions = new Set(trail.map((e) => e.action));
    for (const a of ["login", "import", "update", "submit", "approve", "return"]) expect(actions).toContain(a);
    expect(trail.every((e) => e.at < new Date("2022-06-30T16:00:00Z"))).toBe(true);
    // Time runs forward with the chain.
    expect(trail.every((e, i) => i === 0 || e.at >= trail[i - 1].at)).toBe(true);
    const allocations = trail.filter((e) => e.entityType === "allocation_batch");
    expect(allocations.map((e) => e.actorName)).toEqual(Array(3).fill("市财政局绩效科（caizheng）"));
    expect(allocations.map((e) => e.summary).join("\n")).toContain("新增 307 行，合计 16,158 万元");
    const payments = trail.filter((e) => e.entityType === "payment_batch");
    expect(payments.every((e) => e.actorRole === "county" && e.countyId !== null)).toBe(true);
    const check = await verifyAudit(d.db);
    expect(check).toMatchObject({ ok: true, count: trail.length });
  });
});
