/**
 * The demo's history up to the 评价日 (示例数据): the imports, project edits, 双监控 reports and
 * 报送审核 steps that would have produced its data, each by the demo account that would have done it
 * on a plausible working day. They go through the audit chain's own append (db/audit.ts), so
 * `audit verify` holds, and the review steps through the state machine of core/review.ts into
 * submissions / submission_events, so 报送审核 shows every state:
 *
 *   资金支付  兰陵县 审核通过 · 临沭县 退回后重报、审核通过 · 沂水县 已送审 · 费县 已退回 · others 填报中
 *   项目库    兰陵县 审核通过 · 沂水县 已送审
 *   双监控    2022年第1季度: 兰陵县、临沭县 审核通过 · 沂水县 已送审
 *
 * The counties that end locked (兰陵县, 临沭县, 沂水县) are ones the tests never write to as their
 * county user; 兰山区, 河东区 and the others stay open.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../open";
import { recordAuditMany, type AuditInput } from "../audit";
import { progressReports, projectDetails, projects, submissionEvents, submissions, users } from "../schema";
import { formatWan } from "../../core/money";
import { parsePeriod, periodOf } from "../../core/monitoring";
import { reviewStepSummary, transition, type ReviewAction, type ReviewState } from "../../core/review";
import { addDays, seededRandom } from "./random";
import { DEMO_COUNTY_USERS } from "./users";
import { DEMO_COUNTIES, DEMO_EVALUATION_DATE, DEMO_YEAR, type DemoLedger } from "./linyi";

type Kind = "payments" | "projects" | "monitoring";
const KIND_LABEL: Record<Kind, string> = { payments: "资金支付", projects: "项目库", monitoring: "双监控进度" };

/** A review step of the demo: who does what to which county's data, on which day. */
interface DemoReviewStep {
  county: string;
  kind: Kind;
  period?: string;
  action: ReviewAction;
  by: string;
  on: string;
  reason?: string;
}

const REVIEW_STEPS: DemoReviewStep[] = [
  { county: "兰陵县", kind: "projects", action: "submit", by: "lanling", on: "2022-05-16" },
  { county: "沂水县", kind: "projects", action: "submit", by: "yishui", on: "2022-06-17" },
  { county: "兰陵县", kind: "projects", action: "approve", by: "zhujian", on: "2022-05-19" },
  { county: "兰陵县", kind: "monitoring", period: "2022-Q1", action: "submit", by: "lanling", on: "2022-04-12" },
  { county: "临沭县", kind: "monitoring", period: "2022-Q1", action: "submit", by: "linshu", on: "2022-04-14" },
  { county: "兰陵县", kind: "monitoring", period: "2022-Q1", action: "approve", by: "zhujian", on: "2022-04-20" },
  { county: "临沭县", kind: "monitoring", period: "2022-Q1", action: "approve", by: "zhujian", on: "2022-04-21" },
  { county: "沂水县", kind: "monitoring", period: "2022-Q1", action: "submit", by: "yishui", on: "2022-04-26" },
  { county: "临沭县", kind: "payments", action: "submit", by: "linshu", on: "2022-06-22" },
  { county: "兰陵县", kind: "payments", action: "submit", by: "lanling", on: "2022-06-23" },
  { county: "费县", kind: "payments", action: "submit", by: "feixian", on: "2022-06-23" },
  { county: "临沭县", kind: "payments", action: "return", by: "zhujian", on: "2022-06-24", reason: "2022年第2季度有3笔支付的凭证号与银行回单不一致，请核对后重新送审" },
  { county: "兰陵县", kind: "payments", action: "approve", by: "caizheng", on: "2022-06-24" },
  { county: "临沭县", kind: "payments", action: "submit", by: "linshu", on: "2022-06-27" },
  { county: "费县", kind: "payments", action: "return", by: "zhujian", on: "2022-06-27", reason: "部分支付未附工程进度款审核单，请补充后重新送审" },
  { county: "沂水县", kind: "payments", action: "submit", by: "yishui", on: "2022-06-28" },
  { county: "临沭县", kind: "payments", action: "approve", by: "caizheng", on: "2022-06-29" },
];

/** Payments paid up to this day were imported before the 评价日; later ones come after the trail ends. */
const LAST_IMPORT_COVERS = "2022-06-20";

interface Planned {
  at: Date;
  audit: AuditInput;
  review?: DemoReviewStep;
}

export interface DemoHistoryContext {
  fundYearId: number;
  countyId: Map<string, number>;
  ledger: DemoLedger;
}

/** Saturday and Sunday move to the Monday after. */
function workday(iso: string): string {
  const dow = new Date(iso + "T00:00:00Z").getUTCDay();
  return dow === 6 ? addDays(iso, 2) : dow === 0 ? addDays(iso, 1) : iso;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

export async function loadDemoHistory(tx: DbOrTx, c: DemoHistoryContext): Promise<void> {
  const rnd = seededRandom(20220630);
  const accounts = new Map(
    (await tx.select({ userId: users.id, username: users.username, displayName: users.displayName, role: users.role }).from(users)).map((u) => [u.username, u]),
  );
  const countyName = new Map([...c.countyId].map(([name, id]) => [id, name]));
  const countyIndex = new Map(DEMO_COUNTIES.map((x, i) => [x.name, i]));
  // Office networks: the city's bureaux on 10.39.1.x, each county's 住建局 on its own subnet.
  const ipOf = (county?: string) => (county ? `10.39.${20 + countyIndex.get(county)!}.${rnd.int(11, 60)}` : `10.39.1.${rnd.int(21, 80)}`);
  const userOfCounty = (county: string) => DEMO_COUNTY_USERS[county];
  const countyOfUser = new Map(Object.entries(DEMO_COUNTY_USERS).map(([county, u]) => [u, county]));
  /** A moment in working hours of a Beijing day. */
  const during = (day: string, from = 9, to = 17) => new Date(`${day}T${pad2(rnd.int(from, to - 1))}:${pad2(rnd.int(0, 59))}:${pad2(rnd.int(0, 59))}+08:00`);

  const planned: Planned[] = [];
  const plan = (username: string, at: Date, a: Omit<AuditInput, "actor" | "ip" | "at">, review?: DemoReviewStep) => {
    const actor = accounts.get(username)!;
    const county = countyOfUser.get(username);
    planned.push({ at, audit: { ...a, actor, ip: ipOf(county), at }, review });
  };

  // 1. Each county's 住建局 imports its 项目库 in March, before the funds are allocated.
  const projectsOf = new Map<string, number>();
  for (const p of c.ledger.projects) projectsOf.set(p.county, (projectsOf.get(p.county) ?? 0) + 1);
  for (const [county, n] of projectsOf) {
    const fileName = `${county}${DEMO_YEAR}年老旧小区改造项目库.xlsx`;
    plan(userOfCounty(county), during(workday(`${DEMO_YEAR}-03-${pad2(rnd.int(8, 26))}`)), {
      action: "import",
      entityType: "projects_batch",
      countyId: c.countyId.get(county),
      summary: `导入项目：${fileName}，新增 ${n} 行，更新 0 行`,
      after: { fileName, rows: n, new: n, updated: 0, unchanged: 0 },
    });
  }

  // 2. 市财政局 imports each allocation document a few days after it is issued.
  const byDoc = new Map<string, { n: number; fen: number; on: string }>();
  for (const a of c.ledger.allocations) {
    const d = byDoc.get(a.docNo) ?? { n: 0, fen: 0, on: a.allocatedOn };
    d.n++;
    d.fen += a.amountFen;
    if (a.allocatedOn > d.on) d.on = a.allocatedOn;
    byDoc.set(a.docNo, d);
  }
  for (const [docNo, d] of byDoc) {
    const fileName = `${docNo}资金分配表.xlsx`;
    plan("caizheng", during(workday(addDays(d.on, rnd.int(2, 5)))), {
      action: "import",
      entityType: "allocation_batch",
      summary: `导入资金下达：${fileName}，新增 ${d.n} 行，合计 ${formatWan(d.fen, { grouping: true })} 万元`,
      after: { fileName, rows: d.n, inserted: d.n, unchanged: 0, amountFen: d.fen },
    });
  }

  // 3. Each county imports its payments once a quarter; the last batch, in June 2022, before 送审.
  const byQuarter = new Map<string, { county: string; period: string; n: number; fen: number }>();
  for (const p of c.ledger.payments) {
    if (p.paidOn > LAST_IMPORT_COVERS) continue;
    const period = periodOf(p.paidOn, "quarter").code;
    const key = `${p.county}|${period}`;
    const q = byQuarter.get(key) ?? { county: p.county, period, n: 0, fen: 0 };
    q.n++;
    q.fen += p.amountFen;
    byQuarter.set(key, q);
  }
  for (const q of byQuarter.values()) {
    const period = parsePeriod(q.period)!;
    const day = period.end > LAST_IMPORT_COVERS ? addDays(LAST_IMPORT_COVERS, rnd.int(1, 2)) : workday(addDays(period.end, rnd.int(3, 9)));
    const fileName = `${q.county}${period.label}资金支付明细.xlsx`;
    plan(userOfCounty(q.county), during(day), {
      action: "import",
      entityType: "payment_batch",
      countyId: c.countyId.get(q.county),
      summary: `导入资金支付：${fileName}，新增 ${q.n} 行，合计 ${formatWan(q.fen, { grouping: true })} 万元`,
      after: { fileName, rows: q.n, inserted: q.n, unchanged: 0, amountFen: q.fen },
    });
  }

  // 4. 双监控: each county reports its projects' progress in the first days after a quarter ends.
  const reports = await tx
    .select({ countyId: projects.countyId, period: progressReports.period, n: sql<number>`count(*)::int` })
    .from(progressReports)
    .innerJoin(projects, eq(projects.id, progressReports.projectId))
    .where(eq(progressReports.fundYearId, c.fundYearId))
    .groupBy(projects.countyId, progressReports.period);
  for (const r of reports) {
    const period = parsePeriod(r.period);
    const county = countyName.get(r.countyId);
    if (!period || !county) continue;
    const day = workday(addDays(period.end, rnd.int(3, 8)));
    if (day >= DEMO_EVALUATION_DATE) continue;
    plan(userOfCounty(county), during(day), {
      action: "submit",
      entityType: "progress_report",
      entityId: period.code,
      countyId: r.countyId,
      summary: `填报${period.label}进度：${r.n} 个项目`,
      after: { period: period.code, projects: r.n },
    });
  }

  // 5. Edits: counties enter the completion date of a finished project a few days after it.
  // Not 费县: its first completed project is the one a test edits and reads the audit of.
  const done = await tx
    .select({ id: projects.id, code: projects.code, name: projects.name, countyId: projects.countyId, on: projectDetails.actualCompletionOn })
    .from(projects)
    .innerJoin(projectDetails, eq(projectDetails.projectId, projects.id))
    .where(and(eq(projects.fundYearId, c.fundYearId), inArray(projects.status, ["completed", "accepted", "settled"]), sql`${projectDetails.actualCompletionOn} < ${addDays(DEMO_EVALUATION_DATE, -10)}`))
    .orderBy(projects.code);
  const editsOf = new Map<number, number>();
  // A county's 项目库 sent for review is locked for it: no edits after that day.
  const sentOn = new Map(REVIEW_STEPS.filter((s) => s.kind === "projects" && s.action === "submit").map((s) => [s.county, s.on]));
  for (const p of done) {
    const county = countyName.get(p.countyId)!;
    if (county === "费县" || (editsOf.get(p.countyId) ?? 0) >= 2 || !p.on) continue;
    const day = workday(addDays(p.on, rnd.int(2, 7)));
    if (day >= (sentOn.get(county) ?? DEMO_EVALUATION_DATE)) continue;
    editsOf.set(p.countyId, (editsOf.get(p.countyId) ?? 0) + 1);
    plan(userOfCounty(county), during(day), {
      action: "update",
      entityType: "project",
      entityId: p.id,
      countyId: p.countyId,
      summary: `修改项目信息：${p.code} ${p.name}`,
      before: { actualCompletionOn: null, status: "started" },
      after: { actualCompletionOn: p.on, status: "completed" },
    });
  }

  // 6. 报送审核.
  for (const s of REVIEW_STEPS) {
    const what = `${s.county}${s.period ? parsePeriod(s.period)!.label : ""}${KIND_LABEL[s.kind]}`;
    plan(s.by, during(s.on), { action: s.action, entityType: `submission:${s.kind}`, countyId: c.countyId.get(s.county), summary: reviewStepSummary(s.action, what, s.reason) }, s);
  }

  // Who works signs in first: one login a day per account, a little before their first act.
  planned.sort((a, b) => a.at.getTime() - b.at.getTime());
  const firstOfDay = new Map<string, Planned>();
  for (const p of planned) {
    const key = `${p.audit.actor.username}|${new Date(p.at.getTime() + 8 * 3600_000).toISOString().slice(0, 10)}`;
    if (!firstOfDay.has(key)) firstOfDay.set(key, p);
  }
  for (const p of firstOfDay.values()) {
    const at = new Date(p.at.getTime() - rnd.int(2, 25) * 60_000);
    planned.push({ at, audit: { actor: p.audit.actor, ip: p.audit.ip, at, action: "login", entityType: "user", entityId: p.audit.actor.userId, summary: "登录成功" } });
  }
  planned.sort((a, b) => a.at.getTime() - b.at.getTime());

  // The review steps, in time order, through the state machine; each records its before/after state.
  const submissionOf = new Map<string, { id: number; state: ReviewState }>();
  for (const p of planned) {
    const s = p.review;
    if (!s) continue;
    const key = `${s.county}|${s.kind}|${s.period ?? ""}`;
    const current = submissionOf.get(key);
    const from = current?.state ?? "draft";
    const t = transition(from, s.action, s.reason);
    if (!t.ok) throw new Error(`demo review step ${key} ${s.action}: ${t.message}`);
    const actor = p.audit.actor;
    const values = { state: t.to, updatedAt: p.at, updatedBy: actor.userId };
    const id = current
      ? (await tx.update(submissions).set(values).where(eq(submissions.id, current.id)).returning({ id: submissions.id }))[0].id
      : (
          await tx
            .insert(submissions)
            .values({ fundYearId: c.fundYearId, countyId: c.countyId.get(s.county)!, kind: s.kind, period: s.period ?? "", ...values })
            .returning({ id: submissions.id })
        )[0].id;
    submissionOf.set(key, { id, state: t.to });
    await tx.insert(submissionEvents).values({
      submissionId: id,
      action: s.action,
      fromState: from,
      toState: t.to,
      reason: s.reason ?? null,
      actorId: actor.userId,
      actorName: `${actor.displayName}（${actor.username}）`,
      at: p.at,
    });
    p.audit = { ...p.audit, entityId: id, before: { state: from }, after: { state: t.to } };
  }
  await recordAuditMany(
    tx,
    planned.map((p) => p.audit),
  );
}

