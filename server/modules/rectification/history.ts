/** One change of an item: its history row and its audit record, in the change's transaction; notifications of the owner or the verifiers. */
import type { Owner } from "../../../core/rectification/rules";
import type { DbOrTx } from "../../../db/open";
import type { ServiceContext } from "../../context";
import { recordAudit } from "../audit/record";
import { notify, recipientsOf } from "../notifications/service";
import * as repo from "./repository";

export interface ItemChange {
  itemId: number;
  /** create | start | submit | accept | return | edit | evidence | evidence_delete */
  action: string;
  fromState?: string | null;
  toState?: string | null;
  note?: string;
  countyId: number | null;
  /** The audit line in Chinese. */
  summary: string;
  before?: unknown;
  after?: unknown;
}

export async function recordItemChange(tx: DbOrTx, ctx: ServiceContext, c: ItemChange): Promise<void> {
  await repo.insertEvent(tx, {
    itemId: c.itemId,
    action: c.action,
    fromState: c.fromState ?? null,
    toState: c.toState ?? null,
    note: c.note ?? "",
    actorId: ctx.actor.userId || null,
    actorName: ctx.actor.displayName,
    actorRole: ctx.actor.role,
  });
  await recordAudit(tx, {
    actor: ctx.actor,
    ip: ctx.ip,
    action: c.action === "create" ? "create" : c.action === "evidence_delete" ? "delete" : "update",
    entityType: "rectification_item",
    entityId: c.itemId,
    countyId: c.countyId,
    summary: c.summary,
    before: c.before,
    after: c.after,
  });
}

export const itemLink = (id: number) => `/rectification/items/${id}`;

/** The owner's active accounts. */
export function ownerRecipients(tx: DbOrTx, owner: Owner): Promise<number[]> {
  return recipientsOf(tx, owner.kind === "county" ? { county: owner.countyId } : { role: owner.department });
}

/** The verifiers of an item: housing and finance accounts, except the owning department. */
export async function verifierRecipients(tx: DbOrTx, owner: Owner): Promise<number[]> {
  const roles = (["housing", "finance"] as const).filter((r) => !(owner.kind === "department" && owner.department === r));
  const ids: number[] = [];
  for (const role of roles) ids.push(...(await recipientsOf(tx, { role })));
  return ids;
}

export async function notifyItem(tx: DbOrTx, userIds: number[], itemId: number, kind: string, title: string, body: string): Promise<void> {
  await notify(tx, userIds, { kind, title, body, link: itemLink(itemId), entityType: "rectification_item", entityId: String(itemId) });
}
