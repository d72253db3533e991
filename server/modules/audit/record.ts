import { desc, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import { auditEvents, auditHead } from "../../../db/schema";
import type { Actor } from "../../../core/access";
import { chainHash, GENESIS } from "./chain";

// Any constant: all writers of the chain, in every app instance, take turns on it.
const AUDIT_CHAIN_LOCK = 7_420_612;

export interface AuditInput {
  actor: Actor | { userId: null; username: string; displayName: string; role: string };
  ip: string | null;
  action: string;
  entityType: string;
  entityId?: string | number | null;
  countyId?: number | null;
  /** One line in Chinese: what happened. */
  summary: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends one record to the audit chain. Call it inside the transaction of the change it records:
 * the record and the change commit together or not at all. The advisory lock (held to the end of the
 * transaction) keeps seq gapless and the chain linear across app instances.
 */
export async function recordAudit(tx: DbOrTx, e: AuditInput): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await tx.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
  // Milliseconds survive a round trip through timestamptz exactly; microseconds would not from JS.
  const at = new Date().toISOString();
  const fields = {
    seq: (last?.seq ?? 0) + 1,
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
  const prevHash = last?.hash ?? GENESIS;
  const hash = chainHash(prevHash, fields);
  await tx.insert(auditEvents).values({ ...fields, at: new Date(at), prevHash, hash });
  const head = { seq: fields.seq, hash, updatedAt: new Date(at) };
  await tx.insert(auditHead).values({ id: 1, ...head }).onConflictDoUpdate({ target: auditHead.id, set: head });
}

/** What jsonb gives back: a JSON round trip (dates become strings, undefined keys vanish). */
function normalise(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}
