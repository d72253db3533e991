import { describe, expect, it } from "vitest";
import type { RectificationItem } from "../../../../contracts/rectification";
import { byUrgency, filterOf, itemOf, lastUpdate } from "./filters";

const item = (id: number, over: Partial<RectificationItem>): RectificationItem =>
  ({ id, state: "pending", overdue: false, deadline: "2022-12-31", createdAt: "2022-07-01T02:00:00.000Z", submittedAt: null, verifiedAt: null, ...over }) as RectificationItem;

describe("the ledger's filters in the URL", () => {
  it("reads county, task, state, overdue, 7日内到期 and the page", () => {
    expect(filterOf(new URLSearchParams("countyId=7&taskId=1&state=submitted&overdue=1&due=7&page=3"))).toEqual({
      countyId: 7,
      taskId: 1,
      state: "submitted",
      overdue: true,
      dueWithinDays: 7,
      page: 3,
      pageSize: 20,
    });
  });
  it("drops what is not a filter the server knows, so a hand-edited link still opens the list", () => {
    expect(filterOf(new URLSearchParams("countyId=abc&state=done&overdue=yes&due=30&page=-2"))).toEqual({
      countyId: undefined,
      taskId: undefined,
      state: undefined,
      overdue: undefined,
      dueWithinDays: undefined,
      page: 1,
      pageSize: 20,
    });
    expect(itemOf(new URLSearchParams("item=12"))).toBe(12);
    expect(itemOf(new URLSearchParams("item=x"))).toBeNull();
  });
});

describe("the order of a county's open items", () => {
  it("puts overdue first, then the nearest deadline, submitted and accepted last", () => {
    const items = [
      item(1, { state: "accepted", deadline: "2022-08-01" }),
      item(2, { deadline: "2022-12-31" }),
      item(3, { state: "submitted", deadline: "2022-09-01" }),
      item(4, { overdue: true, deadline: "2022-10-01" }),
      item(5, { state: "in_progress", deadline: "2022-11-30" }),
      item(6, { overdue: true, state: "returned", deadline: "2022-09-30" }),
    ];
    expect([...items].sort(byUrgency).map((i) => i.id)).toEqual([6, 4, 5, 2, 3, 1]);
  });
  it("dates an item by its latest change", () => {
    expect(lastUpdate(item(1, {}))).toBe("2022-07-01T02:00:00.000Z");
    expect(lastUpdate(item(1, { submittedAt: "2022-08-01T02:00:00.000Z", verifiedAt: "2022-08-03T02:00:00.000Z" }))).toBe("2022-08-03T02:00:00.000Z");
  });
});
