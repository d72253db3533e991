import type { Db, DbOrTx } from "../db/open";
import { canSeeCounty, countyScope, type Actor } from "../core/access";
import { AppError } from "./errors";

/** What every service receives: the database, who asks, and from where (for the audit trail). */
export interface ServiceContext {
  db: Db;
  /**
   * For the read-only summary pages (funds and projects summaries, monitoring board, evaluation
   * results, report preview): the read replica when DATABASE_READ_URL is set, else `db`. Never used
   * by a write or by a read that decides a write.
   */
  readDb?: Db;
  actor: Actor;
  /** Source address of the request; null from the command line. */
  ip: string | null;
}

/** The same context bound to a transaction, for writes that must commit with their audit record. */
export interface TxContext extends Omit<ServiceContext, "db"> {
  db: DbOrTx;
}

/** The context whose `db` is the read handle: for a read-only page's GET route. */
export function readContext(ctx: ServiceContext): ServiceContext {
  return ctx.readDb && ctx.readDb !== ctx.db ? { ...ctx, db: ctx.readDb } : ctx;
}

export const FORBIDDEN_COUNTY = "无权访问其他县区的数据";

/** Throws unless the actor may see or change data of this county. The message names no data. */
export function assertCounty(actor: Actor, countyId: number): void {
  if (!canSeeCounty(actor, countyId)) throw new AppError("FORBIDDEN", FORBIDDEN_COUNTY);
}

/**
 * The county filter a query must apply: the actor's own county for a 县区 user (refusing a request
 * for another), else what was asked (possibly none).
 */
export function scopedCounty(actor: Actor, requested?: number): number | undefined {
  const own = countyScope(actor);
  if (own === null) return requested;
  if (requested !== undefined && requested !== own) throw new AppError("FORBIDDEN", FORBIDDEN_COUNTY);
  return own;
}
