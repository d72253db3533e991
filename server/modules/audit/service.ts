import { and, asc, count, desc, eq, gte, ilike, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "../../../db/open";
import { auditEvents, auditHead } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import type { Actor } from "../../../core/access";
import { addTableSheet, newWorkbook, workbookBuffer } from "../../xlsx";
import { recordAudit } from "../../../db/audit";
import { AUDIT_ACTION_LABEL } from "../../../contracts/audit";
import { GENESIS, verifyChain, type ChainProblem } from "../../../core/audit-chain";

export interface AuditQuery {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  entityType?: string;
  q?: string;
  page: number;
  pageSize: number;
}


/**
 * The records an actor of a region may read: those of accounts of their subtree and those about a
 * county of it. An installation-wide actor reads all.
 */
function inScope(actor: Actor): SQL | undefined {
  if (actor.regionPath === null) return undefined;
  const subtree = `${actor.regionPath}%`;
  return sql`(${auditEvents.actorId} in (select u.id from users u join regions r on r.id = u.region_id where r.path like ${subtree})
    or ${auditEvents.countyId} in (select id from regions where path like ${subtree}))`;
}

function where(q: Omit<AuditQuery, "page" | "pageSize">, actor: Actor): SQL | undefined {
  const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => "\\" + c)}%`;
  return and(
    inScope(actor),
    q.from ? gte(auditEvents.at, new Date(q.from + "T00:00:00+08:00")) : undefined,
    q.to ? lte(auditEvents.at, new Date(q.to + "T23:59:59.999+08:00")) : undefined,
    q.actor ? ilike(auditEvents.actorName, like(q.actor)) : undefined,
    q.action ? eq(auditEvents.action, q.action) : undefined,
    q.entityType ? eq(auditEvents.entityType, q.entityType) : undefined,
    q.q ? or(ilike(auditEvents.summary, like(q.q)), ilike(auditEvents.entityId, like(q.q)), ilike(auditEvents.ip, like(q.q))) : undefined,
  );
}

function present(r: typeof auditEvents.$inferSelect) {
  return {
    id: r.id,
    seq: r.seq,
    at: r.at.toISOString(),
    actorName: r.actorName,
    actorRole: r.actorRole,
    ip: r.ip,
    action: r.action,
    actionLabel: AUDIT_ACTION_LABEL[r.action] ?? r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    countyId: r.countyId,
    summary: r.summary,
    before: r.before ?? null,
    after: r.after ?? null,
    hash: r.hash,
  };
}

/** The audit trail, newest first, filtered and paged. */
export async function listAudit(ctx: ServiceContext, q: AuditQuery) {
  const w = where(q, ctx.actor);
  const [items, [n]] = await Promise.all([
    ctx.db
      .select()
      .from(auditEvents)
      .where(w)
      .orderBy(desc(auditEvents.seq))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(auditEvents).where(w),
  ]);
  return { total: Number(n.n), items: items.map(present) };
}

/** The filtered trail as a workbook; the export itself is recorded. */
export async function exportAudit(ctx: ServiceContext, q: Omit<AuditQuery, "page" | "pageSize">) {
  const rows = await ctx.db.select().from(auditEvents).where(where(q, ctx.actor)).orderBy(asc(auditEvents.seq));
  const wb = newWorkbook();
  addTableSheet(
    wb,
    "审计日志",
    [
      { header: "序号", width: 8 },
      { header: "时间", width: 20 },
      { header: "操作人", width: 24 },
      { header: "角色", width: 10 },
      { header: "来源地址", width: 16 },
      { header: "操作", width: 10 },
      { header: "对象类型", width: 16 },
      { header: "对象编号", width: 10 },
      { header: "说明", width: 50 },
      { header: "修改前", width: 40 },
      { header: "修改后", width: 40 },
      { header: "哈希（SM3）", width: 66 },
    ],
    rows.map((r) => [
      r.seq,
      formatBeijing(r.at),
      r.actorName,
      r.actorRole,
      r.ip,
      AUDIT_ACTION_LABEL[r.action] ?? r.action,
      r.entityType,
      r.entityId,
      r.summary,
      r.before == null ? null : JSON.stringify(r.before),
      r.after == null ? null : JSON.stringify(r.after),
      r.hash,
    ]),
    { title: "审计日志", subtitle: `导出时间 ${formatBeijing(new Date())}，共 ${rows.length} 条` },
  );
  await ctx.db.transaction((tx) =>
    recordAudit(tx, { actor: ctx.actor, ip: ctx.ip, action: "export", entityType: "audit_log", summary: `导出审计日志 ${rows.length} 条`, after: q }),
  );
  return { buffer: await workbookBuffer(wb), fileName: `审计日志_${new Date().toISOString().slice(0, 10)}.xlsx` };
}

/** 2026-11-26T04:00:00Z → 2026-11-26 12:00:00 (Beijing time, as users read it). */
export function formatBeijing(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().replace("T", " ").slice(0, 19);
}

export interface VerifyResult {
  ok: boolean;
  count: number;
  headSeq: number;
  headHash: string;
  problem: ChainProblem | null;
  /** The anchor checked, when one was given. */
  anchor: AuditAnchor | null;
}

/** A chain head noted outside the system earlier (printed, signed, filed): `seq:hash`. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

/** Reads `123:ab12…` (the form `audit verify` prints); null when it is not one. */
export function parseAnchor(text: string): AuditAnchor | null {
  const m = /^\s*(\d+)\s*[:：]\s*([0-9a-fA-F]{64})\s*$/.exec(text);
  return m ? { seq: Number(m[1]), hash: m[2].toLowerCase() } : null;
}

/**
 * Walks the whole chain in pages and reports the first record that was edited, removed or
 * reordered; then checks the end of the chain against the head kept beside it (records deleted from
 * the end) and, when given, against an anchor noted outside the system (the chain rewritten whole).
 */
export async function verifyAudit(db: Db | DbOrTx, options: { pageSize?: number; anchor?: AuditAnchor } = {}): Promise<VerifyResult> {
  const pageSize = options.pageSize ?? 5000;
  const anchor = options.anchor ?? null;
  let start = { seq: 0, hash: GENESIS };
  let total = 0;
  let anchorSeen = anchor === null || anchor.seq === 0;
  const fail = (problem: ChainProblem): VerifyResult => ({ ok: false, count: total, headSeq: start.seq, headHash: start.hash, problem, anchor });
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.seq} > ${start.seq}`)
      .orderBy(asc(auditEvents.seq))
      .limit(pageSize);
    if (rows.length === 0) break;
    const problem = verifyChain(
      rows.map((r) => ({ ...r, at: r.at.toISOString() })),
      start,
    );
    if (problem) return fail(problem);
    if (anchor && !anchorSeen) {
      const at = rows.find((r) => r.seq === anchor.seq);
      if (at) {
        if (at.hash !== anchor.hash) {
          return fail({ seq: at.seq, id: at.id, message: `第 ${at.seq} 条审计记录的哈希与所给锚点不符：锚点之前的日志被整体改写` });
        }
        anchorSeen = true;
      }
    }
    total += rows.length;
    const last = rows[rows.length - 1];
    start = { seq: last.seq, hash: last.hash };
  }
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  if (head && head.seq > start.seq) {
    const range = head.seq > start.seq + 1 ? `${start.seq + 1}–${head.seq}` : `${head.seq}`;
    return fail({ seq: start.seq + 1, id: null, message: `第 ${range} 条审计记录缺失：链头记录到第 ${head.seq} 条，日志末尾的记录被删除` });
  }
  if (head ? head.seq < start.seq || head.hash !== start.hash : start.seq > 0) {
    return fail({ seq: start.seq, id: null, message: `第 ${start.seq} 条审计记录与链头不符：日志末尾的记录被改写或绕过系统写入` });
  }
  if (anchor && !anchorSeen) {
    return fail({ seq: anchor.seq, id: null, message: `找不到锚点所指的第 ${anchor.seq} 条审计记录：日志只有 ${start.seq} 条，其后的记录被删除` });
  }
  return { ok: true, count: total, headSeq: start.seq, headHash: start.hash, problem: null, anchor };
}
