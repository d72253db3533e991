import { describe, expect, it } from "vitest";
import { acknowledgementHolds, conflictKey, daysBetween, detectConflicts, isOpen, proposeJointWindow, type WorkWindow } from "./conflicts";

const rule = { gapDays: 30, diggingKinds: ["供水"] };
let nextId = 1;
const work = (from: string, to: string, o: Partial<WorkWindow> = {}): WorkWindow => ({ id: nextId++, communityId: 1, operatorId: 1, from, to, digs: true, cancelled: false, ...o });

describe("excavation conflicts (反复开挖)", () => {
  it("windows that touch are one excavation, not a conflict", () => {
    expect(detectConflicts([work("2021-03-01", "2021-03-31"), work("2021-04-01", "2021-04-30", { operatorId: 2 })], [], { ...rule, gapDays: 0 })).toEqual([]);
  });
  it("overlapping windows and one inside another are one excavation", () => {
    expect(detectConflicts([work("2021-03-01", "2021-05-31"), work("2021-04-01", "2021-06-30", { operatorId: 2 })], [], rule)).toEqual([]);
    expect(detectConflicts([work("2021-03-01", "2021-09-30"), work("2021-05-01", "2021-05-10", { operatorId: 2 })], [], rule)).toEqual([]);
  });
  it("windows further apart than gapDays conflict; exactly gapDays apart do not", () => {
    // 2021-03-31 → 2021-05-01: 30 days strictly between (April).
    expect(daysBetween({ from: "2021-03-01", to: "2021-03-31" }, { from: "2021-05-01", to: "2021-05-31" })).toBe(30);
    expect(detectConflicts([work("2021-03-01", "2021-03-31"), work("2021-05-01", "2021-05-31")], [], rule)).toEqual([]);
    const [c] = detectConflicts([work("2021-03-01", "2021-03-31"), work("2021-05-02", "2021-05-31")], [], rule);
    expect(c).toBeDefined();
    expect(c.workIds).toHaveLength(2);
  });
  it("a work that does not dig, or is cancelled, conflicts with nothing", () => {
    expect(detectConflicts([work("2021-03-01", "2021-03-31"), work("2021-09-01", "2021-09-30", { digs: false })], [], rule)).toEqual([]);
    expect(detectConflicts([work("2021-03-01", "2021-03-31"), work("2021-09-01", "2021-09-30", { cancelled: true })], [], rule)).toEqual([]);
  });
  it("works in different communities do not conflict", () => {
    expect(detectConflicts([work("2021-03-01", "2021-03-31"), work("2021-09-01", "2021-09-30", { communityId: 2 })], [], rule)).toEqual([]);
  });
  it("a work and the renovation in separate windows conflict; the joint window is the renovation's 开工..完工", () => {
    const w = work("2021-02-01", "2021-02-28", { operatorId: 7 });
    const [c] = detectConflicts([w], [{ projectId: 9, communityId: 1, from: "2021-06-01", to: "2021-10-31" }], rule);
    expect(c).toMatchObject({ projectId: 9, operatorIds: [7], proposedFrom: "2021-06-01", proposedTo: "2021-10-31", key: conflictKey(1, [w.id], 9) });
  });
  it("a renovation alone (no works) is no conflict", () => {
    expect(detectConflicts([], [{ projectId: 9, communityId: 1, from: "2021-06-01", to: "2021-10-31" }], rule)).toEqual([]);
  });
  it("without a renovation the joint window is the span of the works; with an overlap, the overlap", () => {
    expect(proposeJointWindow([{ from: "2021-03-01", to: "2021-03-31" }, { from: "2021-08-01", to: "2021-08-31" }], null)).toEqual({ from: "2021-03-01", to: "2021-08-31" });
    expect(proposeJointWindow([{ from: "2021-03-01", to: "2021-06-30" }, { from: "2021-05-01", to: "2021-08-31" }], null)).toEqual({ from: "2021-05-01", to: "2021-06-30" });
  });
  it("the key is stable whatever the order of the works", () => {
    expect(conflictKey(3, [5, 2], null)).toBe(conflictKey(3, [2, 5], null));
    expect(conflictKey(3, [2, 5], 4)).toBe("c3:w2-w5:p4");
  });
  it("a conflict leaves the open list once confirmed and acknowledged by every party", () => {
    const parties = ["operator:1", "operator:2", "renovation"];
    expect(isOpen(parties, null)).toBe(true);
    expect(isOpen(parties, { confirmed: false, acknowledged: new Set(parties) })).toBe(true);
    expect(isOpen(parties, { confirmed: true, acknowledged: new Set(["operator:1", "renovation"]) })).toBe(true);
    expect(isOpen(parties, { confirmed: true, acknowledged: new Set(parties) })).toBe(false);
  });
  it("an acknowledgement holds while the work keeps its window or moves inside the joint window, and lapses when it moves out", () => {
    const joint = { from: "2021-04-01", to: "2021-10-15" };
    const before = { from: "2021-11-01", to: "2021-11-30" };
    // Acknowledged while still planned outside: a change of scope or status keeps it.
    expect(acknowledgementHolds(before, before, joint)).toBe(true);
    // Moved into the joint window, both ends inclusive.
    expect(acknowledgementHolds(before, { from: "2021-04-01", to: "2021-10-15" }, joint)).toBe(true);
    // Moved, but one day past either end.
    expect(acknowledgementHolds(before, { from: "2021-03-31", to: "2021-05-01" }, joint)).toBe(false);
    expect(acknowledgementHolds(before, { from: "2021-10-01", to: "2021-10-16" }, joint)).toBe(false);
  });
});
