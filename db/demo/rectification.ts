/**
 * The demo task's findings (问题): the seed's four problems of chapter 六, worded as its drafting rules
 * word them (figures stay placeholders), each with rectification items (整改) for the departments and
 * counties concerned — some verified, one awaiting verification, some past their deadline. The
 * counties of 预算执行率不够高 are the three with the lowest rate at the 评价日, from the ledger.
 * Dates are of 2022–2023, when this would have happened; overdue items carry the day after their deadline.
 */
import { createHash } from "node:crypto";
import { formatDateCn } from "../../core/dates";
import { DEFAULT_DRAFTING_RULES } from "../../core/report/drafting";
import type { DbOrTx } from "../open";
import { findings, rectificationEvents, rectificationEvidence, rectificationItems } from "../schema";
import { DEMO_EVALUATION_DATE, type DemoLedger } from "./linyi";

export interface DemoRectificationContext {
  taskId: number;
  countyId: Map<string, number>;
  ledger: DemoLedger;
  people: { id: number; username: string; displayName: string }[];
}

type State = "pending" | "in_progress" | "submitted" | "accepted" | "returned";

interface DemoItem {
  owner: { county: string } | { department: "housing" | "finance" };
  deadline: string;
  measures: string;
  state: State;
  started?: string;
  submitted?: { on: string; progress: string; file: string };
  verified?: { on: string; by: "caizheng" | "zhujian"; note: string };
  returned?: { on: string; by: "caizheng" | "zhujian"; reason: string };
  overdueSince?: string;
}

interface DemoFinding {
  rule: string;
  category: string;
  severity: "minor" | "major" | "severe";
  evidence: string;
  items: DemoItem[];
}

/** The counties with the lowest 预算执行率 at the 评价日 (paid ÷ allocated, compared exactly), lowest first. */
export function lowestExecutionCounties(ledger: DemoLedger, n: number): string[] {
  const by = new Map<string, { allocated: bigint; paid: bigint }>();
  const of = (c: string) => by.get(c) ?? by.set(c, { allocated: 0n, paid: 0n }).get(c)!;
  for (const a of ledger.allocations) of(a.county).allocated += BigInt(a.amountFen);
  for (const p of ledger.payments) if (p.paidOn <= DEMO_EVALUATION_DATE) of(p.county).paid += BigInt(p.amountFen);
  return [...by.entries()]
    .filter(([, v]) => v.allocated > 0n)
    .sort(([an, a], [bn, b]) => {
      const d = a.paid * b.allocated - b.paid * a.allocated;
      return d < 0n ? -1 : d > 0n ? 1 : an.localeCompare(bn, "zh-CN");
    })
    .slice(0, n)
    .map(([c]) => c);
}

function plan(ledger: DemoLedger): DemoFinding[] {
  const [low1, low2, low3] = lowestExecutionCounties(ledger, 3);
  const settle = "加快项目工程结算审计，按项目实施进度及时拨付省级、市级补助资金，2022年底前补助资金预算执行率达到90%以上。";
  return [
    {
      rule: "problems.execution",
      category: "资金管理",
      severity: "major",
      evidence: "截至评价日的资金下达与支付台账；各县区财政国库支付凭证抽查记录。",
      items: [
        { owner: { county: low1 }, deadline: "2022-12-31", measures: settle, state: "in_progress", started: "2022-08-15", overdueSince: "2023-01-01" },
        {
          owner: { county: low2 },
          deadline: "2022-12-31",
          measures: settle,
          state: "accepted",
          started: "2022-08-10",
          submitted: { on: "2022-12-20", progress: "已完成全部项目结算审计，补助资金已按进度拨付，执行率达到96.3%。", file: "整改情况报告.txt" },
          verified: { on: "2022-12-28", by: "caizheng", note: "经核对国库支付记录，整改到位。" },
        },
        {
          owner: { county: low3 },
          deadline: "2022-12-31",
          measures: settle,
          state: "submitted",
          started: "2022-08-12",
          submitted: { on: "2022-12-26", progress: "结算审计已完成，剩余资金已于12月下旬拨付完毕。", file: "资金拨付明细.txt" },
        },
      ],
    },
    {
      rule: "problems.dependence",
      category: "资金筹措",
      severity: "minor",
      evidence: "项目资金筹措明细；各县区改造项目出资结构统计。",
      items: [
        {
          owner: { department: "housing" },
          deadline: "2023-03-31",
          measures: "研究制定社会资本参与老旧小区改造的支持政策，探索居民出资、专营单位出资、住宅专项维修资金和金融支持等渠道。",
          state: "accepted",
          started: "2022-09-01",
          submitted: { on: "2023-03-20", progress: "已印发《关于引导社会资本参与城镇老旧小区改造的指导意见》（示例）。", file: "指导意见.txt" },
          verified: { on: "2023-03-28", by: "caizheng", note: "政策文件已印发，整改到位。" },
        },
      ],
    },
    {
      rule: "problems.contents",
      category: "项目管理",
      severity: "minor",
      evidence: "项目改造内容清单；居民满意度调查意见。",
      items: [
        {
          owner: { department: "housing" },
          deadline: "2023-06-30",
          measures: "总结加装电梯、养老托育等完善类和提升类改造试点经验，编制2023年度提升类改造计划。",
          state: "returned",
          started: "2022-10-10",
          submitted: { on: "2023-06-20", progress: "已汇总各县区加装电梯意向。", file: "加装电梯意向汇总.txt" },
          returned: { on: "2023-06-25", by: "caizheng", reason: "未提供提升类改造计划，请补充后重新提交。" },
          overdueSince: "2023-07-01",
        },
      ],
    },
    {
      rule: "problems.maintenance",
      category: "长效管养",
      severity: "major",
      evidence: "改造小区物业管理情况台账；物业费收缴情况抽查。",
      items: [
        { owner: { county: "平邑县" }, deadline: "2022-12-31", measures: "对已改造小区逐一明确管理模式，推行专业化物业或街道社区统管，年底前实现物业管理全覆盖。", state: "pending", overdueSince: "2023-01-01" },
        {
          owner: { county: "蒙阴县" },
          deadline: "2022-12-31",
          measures: "对已改造小区逐一明确管理模式，推行专业化物业或街道社区统管，年底前实现物业管理全覆盖。",
          state: "accepted",
          started: "2022-08-20",
          submitted: { on: "2022-12-15", progress: "已改造小区全部落实街道社区统管，物业费收缴率提高到85%。", file: "长效管养情况.txt" },
          verified: { on: "2022-12-27", by: "zhujian", note: "现场抽查5个小区，管理到位。" },
        },
      ],
    },
  ];
}

/** A time of a day in Beijing (hh:30). */
const at = (day: string, hour = 9) => new Date(Date.parse(`${day}T00:00:00+08:00`) + (hour * 60 + 30) * 60_000);

/** Inserts the findings, items, their history and evidence, inside loadDemo's transaction. */
export async function loadDemoRectification(tx: DbOrTx, c: DemoRectificationContext): Promise<void> {
  const person = (username: string) => c.people.find((p) => p.username === username) ?? null;
  const evaluator = person("pingjia");
  const evaluatorName = evaluator?.displayName ?? "评价机构项目组";
  const rules = new Map(DEFAULT_DRAFTING_RULES.map((r) => [r.code, r]));
  for (const [order, f] of plan(c.ledger).entries()) {
    const rule = rules.get(f.rule)!;
    const [finding] = await tx
      .insert(findings)
      .values({
        taskId: c.taskId,
        scope: "city",
        category: f.category,
        severity: f.severity,
        title: rule.title,
        description: rule.paragraphs.map((p) => p.text).join(""),
        evidence: f.evidence,
        origin: "manual",
        sortOrder: order + 1,
        createdBy: evaluator?.id ?? null,
        createdByName: evaluatorName,
        createdAt: at("2022-07-15"),
        updatedAt: at("2022-07-15"),
      })
      .returning({ id: findings.id });
    for (const item of f.items) {
      const owner = "county" in item.owner ? { ownerKind: "county" as const, ownerCountyId: c.countyId.get(item.owner.county)! } : { ownerKind: "department" as const, ownerDepartment: item.owner.department };
      const ownerUser = "county" in item.owner ? null : person(item.owner.department === "housing" ? "zhujian" : "caizheng");
      const ownerName = "county" in item.owner ? `${item.owner.county}住建局` : (ownerUser?.displayName ?? "市住建局");
      const ownerRole = "county" in item.owner ? "county" : item.owner.department;
      const verifier = item.verified ? person(item.verified.by) : item.returned ? person(item.returned.by) : null;
      const [row] = await tx
        .insert(rectificationItems)
        .values({
          findingId: finding.id,
          ...owner,
          deadline: item.deadline,
          measures: item.measures,
          state: item.state,
          progress: item.submitted?.progress ?? "",
          overdueSince: item.overdueSince ?? null,
          submittedAt: item.submitted ? at(item.submitted.on, 15) : null,
          verifiedAt: item.verified ? at(item.verified.on, 16) : null,
          verifiedByName: item.verified ? (verifier?.displayName ?? null) : null,
          createdBy: evaluator?.id ?? null,
          createdByName: evaluatorName,
          createdAt: at("2022-07-20"),
          updatedAt: at(item.verified?.on ?? item.returned?.on ?? item.submitted?.on ?? item.started ?? "2022-07-20", 16),
        })
        .returning({ id: rectificationItems.id });
      const events: (typeof rectificationEvents.$inferInsert)[] = [
        { itemId: row.id, action: "create", fromState: null, toState: "pending", note: `整改期限：${formatDateCn(item.deadline)}`, actorId: evaluator?.id ?? null, actorName: evaluatorName, actorRole: "evaluator", at: at("2022-07-20") },
      ];
      if (item.started) events.push({ itemId: row.id, action: "start", fromState: "pending", toState: "in_progress", note: "", actorName: ownerName, actorRole: ownerRole, at: at(item.started) });
      if (item.submitted) {
        const text = `${item.submitted.progress}\n（示例数据）\n`;
        await tx.insert(rectificationEvidence).values({
          itemId: row.id,
          fileName: item.submitted.file,
          mimeType: "text/plain; charset=utf-8",
          sizeBytes: Buffer.byteLength(text),
          sha256: createHash("sha256").update(text).digest("hex"),
          data: Buffer.from(text),
          uploadedByName: ownerName,
          uploadedAt: at(item.submitted.on, 14),
        });
        events.push({ itemId: row.id, action: "evidence", fromState: null, toState: null, note: `上传佐证材料「${item.submitted.file}」`, actorName: ownerName, actorRole: ownerRole, at: at(item.submitted.on, 14) });
        events.push({ itemId: row.id, action: "submit", fromState: "in_progress", toState: "submitted", note: item.submitted.progress, actorName: ownerName, actorRole: ownerRole, at: at(item.submitted.on, 15) });
      }
      if (item.verified) events.push({ itemId: row.id, action: "accept", fromState: "submitted", toState: "accepted", note: item.verified.note, actorId: verifier?.id ?? null, actorName: verifier?.displayName ?? "市财政局", actorRole: item.verified.by === "caizheng" ? "finance" : "housing", at: at(item.verified.on, 16) });
      if (item.returned) events.push({ itemId: row.id, action: "return", fromState: "submitted", toState: "returned", note: item.returned.reason, actorId: verifier?.id ?? null, actorName: verifier?.displayName ?? "市财政局", actorRole: item.returned.by === "caizheng" ? "finance" : "housing", at: at(item.returned.on, 16) });
      if (item.overdueSince) events.push({ itemId: row.id, action: "overdue", fromState: null, toState: null, note: `已超过整改期限（${formatDateCn(item.deadline)}）`, actorName: "系统", actorRole: "system", at: at(item.overdueSince, 1) });
      await tx.insert(rectificationEvents).values(events);
    }
  }
}
