import { describe, expect, it } from "vitest";
import { editableByCounty, REVIEW_ACTIONS, REVIEW_STATES, transition } from "./review";

describe("the review workflow", () => {
  it("goes 填报 → 送审 → 审核通过, or back to the county when returned", () => {
    expect(transition("draft", "submit")).toEqual({ ok: true, to: "submitted" });
    expect(transition("submitted", "approve")).toEqual({ ok: true, to: "approved" });
    expect(transition("submitted", "return", "附件不全")).toEqual({ ok: true, to: "returned" });
    expect(transition("returned", "submit")).toEqual({ ok: true, to: "submitted" });
  });
  it("needs a reason to return or reopen", () => {
    expect(transition("submitted", "return", " ")).toEqual({ ok: false, message: "退回须填写原因" });
    expect(transition("approved", "reopen")).toEqual({ ok: false, message: "重新打开须填写原因" });
    expect(transition("approved", "reopen", "结算审计调整")).toEqual({ ok: true, to: "draft" });
  });
  it("refuses every other move with the current state in the message", () => {
    let refused = 0;
    for (const s of REVIEW_STATES)
      for (const a of REVIEW_ACTIONS) {
        const r = transition(s, a, "原因");
        if (!r.ok) {
          refused++;
          expect(r.message).toMatch(/^当前状态为「.+」，不能/);
        }
      }
    expect(refused).toBe(REVIEW_STATES.length * REVIEW_ACTIONS.length - 5);
  });
  it("locks submitted and approved data for the county", () => {
    expect(REVIEW_STATES.filter(editableByCounty)).toEqual(["draft", "returned"]);
  });
});
