/** 整改台账: the items a caller sees, filtered, with counts by state; one item with its history and evidence. */
import type { FindingFigures, Ledger, LedgerQuery, RectificationItemDetail } from "../../../contracts/rectification";
import { scopedCounty, type ServiceContext } from "../../context";
import { beijingToday, factsOfItem, itemVisibility, visibleItem } from "./access";
import { presentEvent, presentEvidence, presentItem, scopeLabelOf } from "./presenter";
import * as repo from "./repository";

export interface LedgerOptions {
  /** Today in Beijing (injected by tests); the overdue flag and days to the deadline are counted from it. */
  today?: string;
}

function addDays(iso: string, n: number): string {
  return new Date(Date.parse(iso + "T00:00:00Z") + n * 86_400_000).toISOString().slice(0, 10);
}

/** The repository's filter of a ledger query: a county user is confined to its own county (another is refused). */
export function ledgerFilter(ctx: ServiceContext, q: Omit<LedgerQuery, "page" | "pageSize">, today: string): repo.LedgerFilter {
  return {
    taskId: q.taskId,
    fundYearId: q.fundYearId,
    countyId: scopedCounty(ctx.actor, q.countyId),
    state: q.state,
    overdue: q.overdue,
    dueWithin: q.dueWithinDays === undefined ? undefined : { today, until: addDays(today, q.dueWithinDays) },
  };
}

export async function listLedger(ctx: ServiceContext, q: LedgerQuery, o: LedgerOptions = {}): Promise<Ledger> {
  const today = o.today ?? beijingToday();
  const filter = ledgerFilter(ctx, q, today);
  const visibility = itemVisibility(ctx.actor);
  const [rows, counts] = await Promise.all([
    repo.listItems(ctx.db, visibility, filter, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
    repo.countItems(ctx.db, visibility, filter),
  ]);
  const n = (s: string) => counts.byState.get(s as never) ?? 0;
  return {
    rows: rows.map((r) => presentItem(r, ctx.actor, factsOfItem(ctx.actor, r), today)),
    total: counts.total,
    page: q.page,
    pageSize: q.pageSize,
    counts: { pending: n("pending"), in_progress: n("in_progress"), submitted: n("submitted"), accepted: n("accepted"), returned: n("returned") },
    overdue: counts.overdue,
    today,
  };
}

export async function getItem(ctx: ServiceContext, id: number, o: LedgerOptions = {}): Promise<RectificationItemDetail> {
  const today = o.today ?? beijingToday();
  const row = await visibleItem(ctx, id);
  // One after another: a transaction's client takes one query at a time.
  const evidence = await repo.listEvidence(ctx.db, id);
  const history = await repo.listEvents(ctx.db, id);
  const finding = await repo.findFinding(ctx.db, row.item.findingId);
  return {
    ...presentItem(row, ctx.actor, factsOfItem(ctx.actor, row), today),
    findingDescription: row.findingDescription,
    findingDescriptionText: row.findingDescription,
    findingFigures: (finding?.finding.figures as FindingFigures | null) ?? null,
    findingEvidence: finding?.finding.evidence ?? "",
    findingScopeLabel: finding ? scopeLabelOf(finding.finding.scope, finding.countyName, finding.projectName) : "",
    evidence: evidence.map(presentEvidence),
    history: history.map(presentEvent),
  };
}
