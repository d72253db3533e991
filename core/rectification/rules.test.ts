import { describe, expect, it } from "vitest";
import type { Actor } from "../access";
import { availableActions, canAssign, canEditFindings, canEditItem, canVerify, dueInDays, isOverdue, ITEM_ACTIONS, ITEM_STATES, leafFindingText, pastDeadline, transition, type Owner } from "./rules";

const actor = (role: Actor["role"], countyId: number | null = null): Actor => ({ userId: 1, username: "u", displayName: "u", role, countyId, regionId: null, regionPath: null, organisation: null });
const county7: Owner = { kind: "county", countyId: 7 };
const housingDept: Owner = { kind: "department", department: "housing" };
const ok = { evidenceCount: 1, progress: "已完成", note: "" };

describe("the rectification state machine", () => {
  it("goes 待整改 → 整改中 → 已提交 → 已验收, or 退回 and again", () => {
    const owner = actor("county", 7);
    expect(transition(owner, county7, { state: "pending", action: "start", ...ok })).toEqual({ ok: true, to: "in_progress" });
    expect(transition(owner, county7, { state: "in_progress", action: "submit", ...ok })).toEqual({ ok: true, to: "submitted" });
    expect(transition(actor("finance"), county7, { state: "submitted", action: "return", ...ok, note: "佐证不全" })).toEqual({ ok: true, to: "returned" });
    expect(transition(owner, county7, { state: "returned", action: "submit", ...ok })).toEqual({ ok: true, to: "submitted" });
    expect(transition(actor("housing"), county7, { state: "submitted", action: "accept", ...ok })).toEqual({ ok: true, to: "accepted" });
  });
  it("needs evidence and a progress account to submit, and a reason to return", () => {
    const owner = actor("county", 7);
    expect(transition(owner, county7, { state: "in_progress", action: "submit", evidenceCount: 0, progress: "已完成", note: "" })).toMatchObject({ ok: false, code: "VALIDATION_FAILED", field: "evidence" });
    expect(transition(owner, county7, { state: "in_progress", action: "submit", evidenceCount: 2, progress: "  ", note: "" })).toMatchObject({ ok: false, field: "progress" });
    expect(transition(actor("finance"), county7, { state: "submitted", action: "return", ...ok, note: " " })).toMatchObject({ ok: false, message: "退回时请填写退回理由（note）" });
  });
  it("lets only the owner start and submit, and never the owning department verify", () => {
    for (const a of [actor("county", 8), actor("finance"), actor("housing"), actor("evaluator"), actor("auditor"), actor("utility")])
      expect(transition(a, county7, { state: "pending", action: "start", ...ok })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(transition(actor("housing"), housingDept, { state: "pending", action: "start", ...ok })).toEqual({ ok: true, to: "in_progress" });
    expect(transition(actor("housing"), housingDept, { state: "submitted", action: "accept", ...ok })).toMatchObject({ ok: false, code: "FORBIDDEN", message: expect.stringContaining("另一部门") });
    expect(canVerify(actor("finance"), housingDept)).toBe(true);
    expect(canVerify(actor("county", 7), county7)).toBe(false);
  });
  it("refuses a move from the wrong state with the current state named", () => {
    let refused = 0;
    const owner = actor("county", 7);
    const verifier = actor("finance");
    for (const state of ITEM_STATES)
      for (const action of ITEM_ACTIONS) {
        const who = action === "start" || action === "submit" ? owner : verifier;
        const r = transition(who, county7, { state, action, ...ok, note: "理由" });
        if (!r.ok) {
          refused++;
          expect(r.code).toBe("CONFLICT");
          expect(r.message).toMatch(/^整改事项当前为「.+」/);
        }
      }
    // allowed: start ×2, submit ×2, accept ×1, return ×1
    expect(refused).toBe(ITEM_STATES.length * ITEM_ACTIONS.length - 6);
    expect(availableActions(owner, county7, "returned")).toEqual(["start", "submit"]);
    expect(availableActions(verifier, county7, "submitted")).toEqual(["accept", "return"]);
  });
});

describe("who records findings and assigns items", () => {
  it("finance and the task's evaluator edit findings until the task is final", () => {
    expect(canEditFindings(actor("finance"), { state: "reply", actorIsEvaluator: false })).toBe(true);
    expect(canEditFindings(actor("evaluator"), { state: "scoring", actorIsEvaluator: true })).toBe(true);
    expect(canEditFindings(actor("evaluator"), { state: "scoring", actorIsEvaluator: false })).toBe(false);
    expect(canEditFindings(actor("housing"), { state: "scoring", actorIsEvaluator: false })).toBe(false);
    expect(canEditFindings(actor("finance"), { state: "final", actorIsEvaluator: false })).toBe(false);
  });
  it("items are assigned on a final task too, and edited only while pending or returned", () => {
    expect(canAssign(actor("housing"), { state: "final", actorIsEvaluator: false })).toBe(true);
    expect(canAssign(actor("county", 7), { state: "final", actorIsEvaluator: false })).toBe(false);
    expect(canEditItem(actor("finance"), { state: "final", actorIsEvaluator: false }, "returned")).toBe(true);
    expect(canEditItem(actor("finance"), { state: "final", actorIsEvaluator: false }, "in_progress")).toBe(false);
  });
});

describe("deadlines", () => {
  it("is past the deadline from the day after", () => {
    expect(pastDeadline("2022-06-30", "2022-06-30")).toBe(false);
    expect(pastDeadline("2022-06-30", "2022-07-01")).toBe(true);
  });
  it("is overdue once marked and until submitted", () => {
    expect(isOverdue("in_progress", "2022-06-30", null, "2022-07-05")).toBe(false);
    expect(isOverdue("in_progress", "2022-06-30", "2022-07-01", "2022-07-05")).toBe(true);
    expect(isOverdue("returned", "2022-06-30", "2022-07-01", "2022-07-05")).toBe(true);
    expect(isOverdue("submitted", "2022-06-30", "2022-07-01", "2022-07-05")).toBe(false);
    expect(isOverdue("accepted", "2022-06-30", "2022-07-01", "2022-07-05")).toBe(false);
  });
  it("counts days to the deadline across months and years", () => {
    expect(dueInDays("2022-07-01", "2022-06-30")).toBe(1);
    expect(dueInDays("2022-06-30", "2022-06-30")).toBe(0);
    expect(dueInDays("2022-12-31", "2023-01-02")).toBe(-2);
  });
});

describe("a finding from a leaf", () => {
  it("is titled by the leaf and describes its figures", () => {
    // 分值 5.00, 得分 3.50 → 失 1.50
    const t = leafFindingText({ leafName: "预算执行率", weight: 500, score: 350, lost: 150, valueText: "81.24%", deductions: ["执行率低于 90%"] }, "临潼区");
    expect(t.title).toBe("预算执行率失分");
    expect(t.description).toBe("临潼区「预算执行率」指标分值 5 分，得 3.5 分，失 1.5 分。指标值为 81.24%。执行率低于 90%。");
  });
});
