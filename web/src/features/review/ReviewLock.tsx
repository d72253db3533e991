/** Data sent for review or approved is locked for the county that reported it; pages say so beside the data. */
import { Alert } from "antd";
import type { Me } from "../../../../contracts/auth";
import type { ReviewStatus } from "../../../../contracts/review";

/** Locked for this user: a county's own data under review (the city may still correct it; the server decides either way). */
export function lockedFor(me: Me, review: ReviewStatus): boolean {
  return me.role === "county" && !review.editableByCounty;
}

/** `what` names the data, e.g. 本县区2021年度项目库 or 2021年第4季度进度. */
export function ReviewLockAlert({ review, what }: { review: ReviewStatus; what: string }) {
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={`${what}${review.stateLabel}，已锁定`}
      description={
        review.state === "approved"
          ? `${what}不能再修改；如需修改，请联系市财政局在「报送审核」中重新打开。`
          : `审核期间${what}不能修改；如需修改，请联系市住建局或市财政局退回。`
      }
    />
  );
}
