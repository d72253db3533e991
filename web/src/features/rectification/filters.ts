/** The pure parts of the ledger: its filters as the URL holds them, and the order of urgency. */
import { ITEM_STATES, type ItemState } from "../../../../core/rectification/rules";
import type { RectificationItem } from "../../../../contracts/rectification";
import type { LedgerFilter } from "./api";

export const PAGE_SIZE = 20;
/** 7日内到期 */
export const DUE_SOON_DAYS = 7;

const int = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
const isState = (v: string | null): v is ItemState => v !== null && (ITEM_STATES as readonly string[]).includes(v);

/** The filters of the URL as the ledger query reads them. */
export function filterOf(search: URLSearchParams): LedgerFilter {
  const state = search.get("state");
  return {
    countyId: int(search.get("countyId")),
    taskId: int(search.get("taskId")),
    state: isState(state) ? state : undefined,
    overdue: search.get("overdue") === "1" ? true : undefined,
    dueWithinDays: search.get("due") === "7" ? DUE_SOON_DAYS : undefined,
    page: int(search.get("page")) ?? 1,
    pageSize: PAGE_SIZE,
  };
}

/** The item the URL opens in the drawer (?item=12), if any. */
export function itemOf(search: URLSearchParams): number | null {
  return int(search.get("item")) ?? null;
}

/** The latest moment an item changed: verified, submitted, else created. */
export function lastUpdate(item: RectificationItem): string {
  const moments = [item.verifiedAt, item.submittedAt, item.createdAt].filter((x): x is string => x !== null);
  return moments.sort().at(-1) ?? item.createdAt;
}

/** Open items first by how late they are: overdue, then the nearest deadline; done ones last. */
export function byUrgency(a: RectificationItem, b: RectificationItem): number {
  const rank = (i: RectificationItem) => (i.overdue ? 0 : i.state === "accepted" ? 3 : i.state === "submitted" ? 2 : 1);
  return rank(a) - rank(b) || a.deadline.localeCompare(b.deadline) || a.id - b.id;
}
