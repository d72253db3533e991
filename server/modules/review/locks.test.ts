/**
 * What 送审 and 审核通过 lock for a county beyond its payments: the 项目库 of the year (project edits,
 * attachments, registry imports) and each period's 双监控 report (progress and causes). The city may
 * still correct; finance reopens.
 */
import { desc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../../core/access";
import { auditEvents, submissions } from "../../../db/schema";
import { assertEditable, lockSubmission } from "./service";
import type { FundsSummary } from "../../../contracts/funds";
import type { CountyMonitor, Periods } from "../../../contracts/monitoring";
import type { ProjectDetail } from "../../../contracts/projects";
import type { Submission } from "../../../contracts/review";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { makeXlsx, multipart } from "../../../test/xlsx";

let t: TestApp;
let pingyi: Client;
let finance: Client;
let housing: Client;
let fy: number;
let own: number;
let monitor: CountyMonitor;

beforeAll(async () => {
  t = await createTestApp();
  pingyi = await t.as("pingyi");
  finance = await t.as("caizheng");
  housing = await t.as("zhujian");
  fy = (await finance.get<{ id: number }[]>("/api/fund-years"))[0].id;
  own = (await finance.get<FundsSummary>(`/api/funds/summary?fundYearId=${fy}`)).counties.find((c) => c.name === "平邑县")!.id;
  monitor = await pingyi.get<CountyMonitor>(`/api/monitoring/counties/${own}?fundYearId=${fy}&period=2021-Q4`);
});
afterAll(() => t.close());

const act = (c: Client, kind: string, action: string, extra: Record<string, unknown> = {}) =>
  c.inject({ method: "POST", url: "/api/reviews/actions", payload: { fundYearId: fy, countyId: own, kind, period: "", action, ...extra } });
const message = (body: string) => (JSON.parse(body) as { error: { message: string } }).error.message;

const progressRow = (p: CountyMonitor["projects"][number]) => ({
  projectId: p.project.id,
  physicalBp: p.report?.physicalBp ?? 0,
  investedFen: p.report?.investedFen ?? 0,
  actualStartOn: p.project.actualStartOn && p.project.actualStartOn <= "2021-12-31" ? p.project.actualStartOn : null,
  actualCompletionOn: p.project.actualCompletionOn && p.project.actualCompletionOn <= "2021-12-31" ? p.project.actualCompletionOn : null,
});

describe(`review locks on projects and 双监控 (${engine})`, () => {
  it("lists the fund year's reporting periods, the 评价日's first", async () => {
    const p = await pingyi.get<Periods>(`/api/monitoring/periods?fundYearId=${fy}`);
    expect(p.periodKind).toBe("quarter");
    expect(p.current).toMatchObject({ code: "2022-Q2", label: "2022年第2季度" });
    expect(p.periods.map((x) => x.code)).toContain("2021-Q4");
  });

  it("refuses a 双监控 submission without a known period, and a period on a yearly kind", async () => {
    let r = await act(pingyi, "monitoring", "submit");
    expect(r.statusCode).toBe(400);
    expect(message(r.body)).toBe("请指明报送期次");
    r = await act(pingyi, "monitoring", "submit", { period: "2021Q4" });
    expect(r.statusCode).toBe(400);
    expect(message(r.body)).toContain("不在本年度的监测期内");
    r = await act(pingyi, "projects", "submit", { period: "2021-Q4" });
    expect(r.statusCode).toBe(400);
    expect(message(r.body)).toBe("项目库按年度报送，不分期次");
  });

  it("a period's report, once sent, is locked for the county: progress and causes; other periods stay open", async () => {
    const rows = monitor.projects.filter((p) => p.project.actualStartOn && p.project.actualStartOn <= "2021-12-31").slice(0, 2).map(progressRow);
    const save = (period: string) => pingyi.inject({ method: "PUT", url: "/api/monitoring/progress", payload: { fundYearId: fy, period, rows } });
    expect((await save("2021-Q4")).statusCode).toBe(200);

    const sent = await act(pingyi, "monitoring", "submit", { period: "2021-Q4" });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(JSON.parse(sent.body)).toMatchObject({ period: "2021-Q4", state: "submitted" });

    const refused = await save("2021-Q4");
    expect(refused.statusCode).toBe(403);
    expect(message(refused.body)).toBe("本县区2021年第4季度双监控进度已送审，等待审核，不能再修改；如需修改请联系市财政局退回");
    const flagged = monitor.projects.flatMap((p) => p.cells.map((c) => ({ p, c }))).find(({ c }) => c.light === "red" || c.light === "yellow");
    expect(flagged, "平邑县 has a flagged item in 2021-Q4").toBeDefined();
    const cause = await pingyi.inject({
      method: "PUT",
      url: "/api/monitoring/explanations",
      payload: { fundYearId: fy, period: "2021-Q4", measure: flagged!.c.measure, countyId: own, projectId: flagged!.p.project.id, cause: "funding", likelihood: "possible", note: "" },
    });
    expect(cause.statusCode).toBe(403);
    expect(message(cause.body)).toContain("已送审");
    const view = await pingyi.get<CountyMonitor>(`/api/monitoring/counties/${own}?fundYearId=${fy}&period=2021-Q4`);
    expect(view.review).toEqual({ state: "submitted", stateLabel: "已送审", editableByCounty: false });
    // Another period is another submission.
    expect((await pingyi.get<CountyMonitor>(`/api/monitoring/counties/${own}?fundYearId=${fy}&period=2022-Q1`)).review.state).toBe("draft");

    expect(JSON.parse((await act(housing, "monitoring", "return", { period: "2021-Q4", reason: "形象进度与照片不符" })).body).state).toBe("returned");
    expect((await save("2021-Q4")).statusCode).toBe(200);
    const mine = await pingyi.get<Submission[]>(`/api/reviews?fundYearId=${fy}&kind=monitoring&period=2021-Q4`);
    expect(mine.map((s) => [s.county.name, s.state])).toEqual([["平邑县", "returned"]]);
  });

  it("an approved 项目库 is locked for the county (edits, attachments, imports) but not for the city, until finance reopens it", async () => {
    const projectId = monitor.projects[0].project.id;
    const rename = async (c: Client, name: string) => {
      const { version } = (await c.get<ProjectDetail>(`/api/projects/${projectId}`)).project;
      return c.inject({ method: "PATCH", url: `/api/projects/${projectId}`, payload: { name, version } });
    };
    expect((await rename(pingyi, "平邑县测试项目甲")).statusCode).toBe(200);

    expect((await act(pingyi, "projects", "submit")).statusCode).toBe(200);
    expect((await act(finance, "projects", "approve")).statusCode).toBe(200);

    const edit = await rename(pingyi, "平邑县测试项目乙");
    expect(edit.statusCode).toBe(403);
    expect(message(edit.body)).toBe("本县区项目库已审核通过并锁定，不能再修改；如需修改请联系市财政局重新打开");
    const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");
    expect((await pingyi.inject({ method: "POST", url: `/api/projects/${projectId}/files`, ...multipart("竣工照片.png", PNG) })).statusCode).toBe(403);
    const template = await pingyi.inject(`/api/registry-imports/contents/template.xlsx?fundYearId=${fy}`);
    expect(template.statusCode).toBe(200);
    const dry = await pingyi.inject({ method: "POST", url: `/api/registry-imports/contents?fundYearId=${fy}&dryRun=true`, ...multipart("改造内容.xlsx", template.rawPayload) });
    expect(dry.statusCode).toBe(403);
    expect(message(dry.body)).toContain("项目库已审核通过并锁定");

    const detail = await pingyi.get<ProjectDetail>(`/api/projects/${projectId}`);
    expect(detail.review).toEqual({ state: "approved", stateLabel: "审核通过", editableByCounty: false });
    expect(detail.project.name).toBe("平邑县测试项目甲");

    // The city corrects an approved record; the change is audited like any other.
    expect((await rename(housing, "平邑县测试项目丙")).statusCode).toBe(200);
    expect((await act(finance, "projects", "reopen", { reason: "补录竣工验收资料" })).statusCode).toBe(200);
    expect((await rename(pingyi, "平邑县测试项目丁")).statusCode).toBe(200);
  });
});

/**
 * The race of issue 10: a county's payments import and its 送审 on two app instances. Both run here as
 * concurrent requests of one app; on PostgreSQL they are two connections of the pool, as two instances
 * would be (the lock lives in the database, not the process). PGlite runs one transaction at a time, so
 * there the rounds only check the outcome; the lock itself is shown on PostgreSQL.
 */
describe(`the payments package lock: an import and a 送审 at once (${engine})`, () => {
  const PAY = ["县区", "项目编号", "资金来源", "金额（元）", "支付日期", "凭证号", "备注"];
  const key = () => ({ fundYearId: fy, countyId: own, kind: "payments" as const });
  const importPayments = (voucher: string, row: { code: string; source: string }) =>
    makeXlsx(PAY, [["平邑县", row.code, row.source, 1, "2022-03-15", voucher, null]]).then((file) =>
      pingyi.inject({ method: "POST", url: `/api/imports/payments?fundYearId=${fy}&dryRun=false`, ...multipart("支付.xlsx", file) }),
    );
  const target = async () => {
    const summary = await finance.get<FundsSummary>(`/api/funds/summary?fundYearId=${fy}&asOf=2022-12-31`);
    const cell = summary.cells.find((c) => c.countyId === own && c.allocatedFen - c.paidFen >= 10_000)!;
    expect(cell, "平邑县 has a source with money left to pay").toBeDefined();
    return { code: monitor.projects[0].project.code, source: summary.sources.find((s) => s.id === cell.sourceId)!.name };
  };
  const lastTwo = async () =>
    (
      await t.db.db
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(inArray(auditEvents.action, ["import", "submit"]))
        .orderBy(desc(auditEvents.seq))
        .limit(2)
    ).map((r) => r.action);
  /** Waits until some connection waits for a package lock (PostgreSQL only). */
  const someoneWaits = async () => {
    for (let i = 0; i < 400; i++) {
      const r = await t.db.db.execute(
        sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%pg_advisory_xact_lock%'`,
      );
      if ((r as unknown as { rows: { n: number }[] }).rows[0].n > 0) return true;
      await new Promise((r) => setTimeout(r, 25));
    }
    return false;
  };

  it("in every round the import either commits before the package is sent or is refused, never after", async () => {
    const row = await target();
    for (let round = 0; round < 12; round++) {
      const [imp, sent] = await Promise.all([importPayments(`RACE-${round}`, row), act(pingyi, "payments", "submit")]);
      expect(sent.statusCode, sent.body).toBe(200);
      if (imp.statusCode === 200) {
        // Both succeeded: the audit chain is in commit order (its lock is held to the commit).
        expect(await lastTwo()).toEqual(["submit", "import"]);
      } else {
        expect(imp.statusCode, imp.body).toBe(403);
        expect(message(imp.body)).toContain("资金支付已送审");
      }
      expect((await act(finance, "payments", "return", { reason: "并发测试：退回" })).statusCode).toBe(200);
    }
  });

  it.skipIf(engine !== "PostgreSQL")("送审 waits for a county write that holds the package, even one never submitted before", async () => {
    const county = { role: "county", countyId: own } as Actor;
    // A package never submitted: no row to lock yet, only the advisory lock.
    const fresh = { fundYearId: fy, countyId: own, kind: "monitoring" as const, period: "2022-Q1" };
    let release!: () => void;
    let sentAt = 0;
    let committedAt = 0;
    const writing = t.db.db.transaction(async (tx) => {
      await assertEditable(tx, county, fresh);
      await new Promise<void>((r) => (release = r));
      committedAt = performance.now();
    });
    const sending = act(pingyi, "monitoring", "submit", { period: "2022-Q1" }).then((r) => ((sentAt = performance.now()), r));
    expect(await someoneWaits()).toBe(true);
    expect(sentAt).toBe(0);
    release();
    await writing;
    expect((await sending).statusCode).toBe(200);
    expect(sentAt).toBeGreaterThan(committedAt);
    expect((await act(finance, "monitoring", "return", { period: "2022-Q1", reason: "并发测试：退回" })).statusCode).toBe(200);
  });

  it.skipIf(engine !== "PostgreSQL")("an import waits for a 送审 in flight, then sees the package sent and writes nothing", async () => {
    const row = await target();
    // The package has its row (sent and returned once), which 送审 holds FOR UPDATE.
    expect((await act(pingyi, "payments", "submit")).statusCode).toBe(200);
    expect((await act(finance, "payments", "return", { reason: "并发测试：退回" })).statusCode).toBe(200);
    let release!: () => void;
    const sending = t.db.db.transaction(async (tx) => {
      const existing = await lockSubmission(tx, key());
      await tx.update(submissions).set({ state: "submitted" }).where(eq(submissions.id, existing!.id));
      await new Promise<void>((r) => (release = r));
    });
    const importing = importPayments("RACE-WAIT", row);
    expect(await someoneWaits()).toBe(true);
    release();
    await sending;
    const imp = await importing;
    expect(imp.statusCode, imp.body).toBe(403);
    expect(message(imp.body)).toContain("资金支付已送审");
    expect((await act(finance, "payments", "return", { reason: "并发测试：退回" })).statusCode).toBe(200);
  });
});
