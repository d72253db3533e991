import { desc, sql } from "drizzle-orm";
import type { DbOrTx } from "./open";
import { auditEvents, auditHead } from "./schema";
import type { Actor } from "../core/access";
import { chainHash, GENESIS } from "../core/audit-chain";
import { insertInBatches } from "./batch";

// Any constant: all writers of the chain, in every app instance, take turns on it.
const AUDIT_CHAIN_LOCK = 7_420_612;

export interface AuditInput {
  actor: Pick<Actor, "userId" | "username" | "displayName" | "role"> | { userId: null; username: string; displayName: string; role: string };
  ip: string | null;
  action: string;
  entityType: string;
  entityId?: string | number | null;
  countyId?: number | null;
  /** One line in Chinese: what happened. */
  summary: string;
  before?: unknown;
  after?: unknown;
  /** When it happened; now unless given. Only the demo loader gives it, to replay the demo's history. */
  at?: Date;
}

/**
 * Appends one record to the audit chain. Call it inside the transaction of the change it records:
 * the record and the change commit together or not at all. The advisory lock (held to the end of the
 * transaction) keeps seq gapless and the chain linear across app instances.
 */
export async function recordAudit(tx: DbOrTx, e: AuditInput): Promise<void> {
  await recordAuditMany(tx, [e]);
}

/** Appends records in the order given, under one turn on the chain's lock (the demo's history). */
export async function recordAuditMany(tx: DbOrTx, list: AuditInput[]): Promise<void> {
  if (list.length === 0) return;
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await tx.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS;
  const rows = list.map((e) => {
    // Milliseconds survive a round trip through timestamptz exactly; microseconds would not from JS.
    const at = (e.at ?? new Date()).toISOString();
    const fields = {
      seq: ++seq,
      at,
      actorId: e.actor.userId || null,
      actorName: e.actor.displayName ? `${e.actor.displayName}（${e.actor.username}）` : e.actor.username,
      actorRole: e.actor.role,
      ip: e.ip,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
      countyId: e.countyId ?? null,
      summary: e.summary,
      before: normalise(e.before),
      after: normalise(e.after),
    };
    const hash = chainHash(prevHash, fields);
    const row = { ...fields, at: new Date(at), prevHash, hash };
    prevHash = hash;
    return row;
  });
  await insertInBatches(rows, (batch) => tx.insert(auditEvents).values(batch));
  const end = rows[rows.length - 1];
  const head = { seq: end.seq, hash: end.hash, updatedAt: end.at };
  await tx.insert(auditHead).values({ id: 1, ...head }).onConflictDoUpdate({ target: auditHead.id, set: head });
}

/** What jsonb gives back: a JSON round trip (dates become strings, undefined keys vanish). */
function normalise(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}
