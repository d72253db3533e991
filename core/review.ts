/**
 * 填报 → 送审 → 审核通过 / 退回: how a county's data goes to the city for review. Approved data is
 * locked for the county and only the finance side can reopen it, with a reason. Pure state machine.
 */
export const REVIEW_STATES = ["draft", "submitted", "approved", "returned"] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];
export const REVIEW_STATE_LABEL: Record<ReviewState, string> = {
  draft: "填报中",
  submitted: "已送审",
  approved: "审核通过",
  returned: "已退回",
};

export const REVIEW_ACTIONS = ["submit", "approve", "return", "reopen"] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];
export const REVIEW_ACTION_LABEL: Record<ReviewAction, string> = { submit: "送审", approve: "审核通过", return: "退回", reopen: "重新打开" };

/** What each action needs: the states it starts from, where it leads, whether a reason is required. */
const TRANSITIONS: Record<ReviewAction, { from: ReviewState[]; to: ReviewState; reason: boolean }> = {
  submit: { from: ["draft", "returned"], to: "submitted", reason: false },
  approve: { from: ["submitted"], to: "approved", reason: false },
  return: { from: ["submitted"], to: "returned", reason: true },
  reopen: { from: ["approved"], to: "draft", reason: true },
};

export type TransitionResult = { ok: true; to: ReviewState } | { ok: false; message: string };

export function transition(from: ReviewState, action: ReviewAction, reason?: string | null): TransitionResult {
  const t = TRANSITIONS[action];
  if (!t.from.includes(from)) {
    return { ok: false, message: `当前状态为「${REVIEW_STATE_LABEL[from]}」，不能${REVIEW_ACTION_LABEL[action]}` };
  }
  if (t.reason && !reason?.trim()) return { ok: false, message: `${REVIEW_ACTION_LABEL[action]}须填写原因` };
  return { ok: true, to: t.to };
}

/** A county may change its data only while it is being filled in or was returned. */
export function editableByCounty(state: ReviewState): boolean {
  return state === "draft" || state === "returned";
}

/** The audit line of a review step, e.g. 退回：兰山区资金支付（原因：凭证附件不全）; `what` names the county's data. */
export function reviewStepSummary(action: ReviewAction, what: string, reason?: string | null): string {
  return `${REVIEW_ACTION_LABEL[action]}：${what}${reason?.trim() ? `（原因：${reason.trim()}）` : ""}`;
}
