/**
 * 反复开挖: in one community, digging works (and the renovation project) in separate windows. Pure:
 * windows in, conflicts out. Windows that overlap, or lie at most `gapDays` days apart, are one
 * excavation; a community with more than one excavation has a conflict among all its digging parties.
 */
import { DEFAULT_DIGGING_KINDS, DEFAULT_GAP_DAYS } from "./kinds";

export interface ConflictRule {
  /** Windows at most this many days apart (between one's last and the next's first day) are one excavation. */
  gapDays: number;
  /** Kinds that dig unless a work says otherwise. */
  diggingKinds: readonly string[];
}
export const DEFAULT_RULE: ConflictRule = { gapDays: DEFAULT_GAP_DAYS, diggingKinds: DEFAULT_DIGGING_KINDS };

export interface WorkWindow {
  id: number;
  communityId: number;
  operatorId: number;
  from: string; // YYYY-MM-DD, inclusive
  to: string;
  digs: boolean;
  cancelled: boolean;
}

/** The renovation project of a community: planned 开工..完工, or the actual dates when known. */
export interface RenovationWindow {
  projectId: number;
  communityId: number;
  from: string;
  to: string;
}

export interface DetectedConflict {
  key: string;
  communityId: number;
  workIds: number[];
  projectId: number | null;
  /** Operators among the parties (sorted); housing is a party when projectId is set. */
  operatorIds: number[];
  proposedFrom: string;
  proposedTo: string;
}

const DAY = 86_400_000;
const dayNumber = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;

/** Days strictly between two windows (negative when they overlap, 0 when one ends the day before the other starts). */
export function daysBetween(a: { from: string; to: string }, b: { from: string; to: string }): number {
  const [first, second] = a.from <= b.from ? [a, b] : [b, a];
  return dayNumber(second.from) - dayNumber(first.to) - 1;
}

/** The stable identity of a conflict: the community, its works and its project. */
export function conflictKey(communityId: number, workIds: number[], projectId: number | null): string {
  const works = [...workIds].sort((x, y) => x - y).map((id) => `w${id}`).join("-");
  return `c${communityId}:${works}${projectId === null ? "" : `:p${projectId}`}`;
}

/** Groups windows into excavations: overlapping or within gapDays of the group's end. */
export function excavations<T extends { from: string; to: string }>(windows: T[], gapDays: number): T[][] {
  const sorted = [...windows].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  const groups: { end: string; items: T[] }[] = [];
  for (const w of sorted) {
    const last = groups[groups.length - 1];
    if (last && daysBetween({ from: last.items[0].from, to: last.end }, w) <= gapDays) {
      last.items.push(w);
      if (w.to > last.end) last.end = w.to;
    } else groups.push({ end: w.to, items: [w] });
  }
  return groups.map((g) => g.items);
}

/**
 * The joint window proposed to the parties: the overlap of every window if there is one, else the
 * renovation's 开工..完工 (the works join it), else the span of the works.
 */
export function proposeJointWindow(windows: { from: string; to: string }[], renovation: { from: string; to: string } | null): { from: string; to: string } {
  const from = windows.map((w) => w.from).reduce((a, b) => (a > b ? a : b));
  const to = windows.map((w) => w.to).reduce((a, b) => (a < b ? a : b));
  if (from <= to) return { from, to };
  if (renovation) return { from: renovation.from, to: renovation.to };
  return { from: windows.map((w) => w.from).reduce((a, b) => (a < b ? a : b)), to: windows.map((w) => w.to).reduce((a, b) => (a > b ? a : b)) };
}

/** Every conflict among the works and renovation windows given (one per community at most). */
export function detectConflicts(works: WorkWindow[], renovations: RenovationWindow[], rule: ConflictRule): DetectedConflict[] {
  type Item = { from: string; to: string; work?: WorkWindow; project?: RenovationWindow };
  const byCommunity = new Map<number, Item[]>();
  const add = (communityId: number, item: Item) => {
    const list = byCommunity.get(communityId) ?? [];
    list.push(item);
    byCommunity.set(communityId, list);
  };
  for (const w of works) if (w.digs && !w.cancelled && w.from <= w.to) add(w.communityId, { from: w.from, to: w.to, work: w });
  for (const r of renovations) if (r.from <= r.to && byCommunity.has(r.communityId)) add(r.communityId, { from: r.from, to: r.to, project: r });

  const out: DetectedConflict[] = [];
  for (const [communityId, items] of [...byCommunity].sort((a, b) => a[0] - b[0])) {
    if (excavations(items, rule.gapDays).length < 2) continue;
    const ws = items.filter((i) => i.work).map((i) => i.work!);
    const project = items.find((i) => i.project)?.project ?? null;
    const joint = proposeJointWindow(items, project);
    out.push({
      key: conflictKey(communityId, ws.map((w) => w.id), project?.projectId ?? null),
      communityId,
      workIds: ws.map((w) => w.id).sort((a, b) => a - b),
      projectId: project?.projectId ?? null,
      operatorIds: [...new Set(ws.map((w) => w.operatorId))].sort((a, b) => a - b),
      proposedFrom: joint.from,
      proposedTo: joint.to,
    });
  }
  return out;
}

/** The party keys of a conflict: each operator, and housing for the renovation. */
export function conflictParties(c: Pick<DetectedConflict, "operatorIds" | "projectId">): string[] {
  return [...c.operatorIds.map((id) => `operator:${id}`), ...(c.projectId !== null ? ["renovation"] : [])];
}

/**
 * Whether an operator's acknowledgement of the joint window still holds after its work moved from
 * `before` to `after`. Acknowledging is agreeing to dig inside the joint window: a new window outside
 * it withdraws the acknowledgement; an unchanged window (a new scope or status) or one inside keeps it.
 */
export function acknowledgementHolds(before: { from: string; to: string }, after: { from: string; to: string }, joint: { from: string; to: string }): boolean {
  if (before.from === after.from && before.to === after.to) return true;
  return joint.from <= after.from && after.to <= joint.to;
}

/** Open: no confirmed joint schedule yet, or a party has not acknowledged it. */
export function isOpen(parties: string[], state: { confirmed: boolean; acknowledged: ReadonlySet<string> } | null): boolean {
  if (!state || !state.confirmed) return true;
  return parties.some((p) => !state.acknowledged.has(p));
}
