import { createHash } from "node:crypto";

/** The genesis of the chain: the hash before the first record. */
export const GENESIS = "0".repeat(64);

/** The fields a record's hash covers, in a fixed order. */
export interface ChainedFields {
  seq: number;
  at: string;
  actorId: number | null;
  actorName: string;
  actorRole: string;
  ip: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  countyId: number | null;
  summary: string;
  before: unknown;
  after: unknown;
}

/** JSON with object keys sorted at every depth, so the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** SM3 (GB/T 32905), China's standard hash, over the previous hash and the canonical record. */
export function chainHash(prevHash: string, f: ChainedFields): string {
  const body = canonicalJson({
    seq: f.seq,
    at: f.at,
    actorId: f.actorId,
    actorName: f.actorName,
    actorRole: f.actorRole,
    ip: f.ip,
    action: f.action,
    entityType: f.entityType,
    entityId: f.entityId,
    countyId: f.countyId,
    summary: f.summary,
    before: f.before ?? null,
    after: f.after ?? null,
  });
  return createHash("sm3").update(prevHash).update("\n").update(body, "utf8").digest("hex");
}

export interface ChainProblem {
  seq: number;
  /** The record found wrong; null when what is wrong is a record that is no longer there. */
  id: number | null;
  message: string;
}

/**
 * Checks records in seq order: no gap in seq, each prev_hash equal to the hash before it, each hash
 * equal to the recomputed one. Returns the first problem, or null.
 */
export function verifyChain(
  records: Iterable<ChainedFields & { id: number; prevHash: string; hash: string }>,
  start: { seq: number; hash: string } = { seq: 0, hash: GENESIS },
): ChainProblem | null {
  let expectedSeq = start.seq + 1;
  let prev = start.hash;
  for (const r of records) {
    if (r.seq !== expectedSeq) {
      const range = r.seq - 1 > expectedSeq ? `${expectedSeq}–${r.seq - 1}` : `${expectedSeq}`;
      return { seq: expectedSeq, id: r.id, message: `第 ${range} 条审计记录缺失（可能被删除）` };
    }
    if (r.prevHash !== prev) return { seq: r.seq, id: r.id, message: `第 ${r.seq} 条审计记录的前序哈希与上一条不符（上一条被修改或删除）` };
    if (chainHash(r.prevHash, r) !== r.hash) return { seq: r.seq, id: r.id, message: `第 ${r.seq} 条审计记录的内容与哈希不符（记录被篡改）` };
    prev = r.hash;
    expectedSeq++;
  }
  return null;
}
