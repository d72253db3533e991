import { describe, expect, it } from "vitest";
import { addCounts, communityTotals, completionFraction, registryCounts, registryRates, type RegistryProject } from "./registry-counts";

const project = (over: Partial<RegistryProject> = {}): RegistryProject => ({
  plannedStartOn: "2021-04-01",
  actualStartOn: "2021-04-10",
  plannedCompletionOn: "2021-10-31",
  actualCompletionOn: "2021-10-20",
  actualAcceptanceOn: "2021-11-20",
  acceptanceResult: "qualified",
  communities: communityTotals([{ households: 120, floorAreaDm2: 1_000_000, propertyMode: "street" }]),
  ...over,
});

describe("registry counts as of the 评价日", () => {
  it("counts a start within 30 days of the plan as timely, and a later one as late", () => {
    const c = registryCounts(
      [project({ actualStartOn: "2021-05-01" }), project({ actualStartOn: "2021-05-02" }), project({ actualStartOn: null, actualCompletionOn: null })],
      "2022-06-30",
    );
    // 2021-04-01 + 30 days = 2021-05-01: on time; 05-02 late; never started: late.
    expect([c.startDue, c.startOnTime]).toEqual([3, 1]);
    expect([c.finishDue, c.finishOnTime, c.done]).toEqual([3, 2, 2]);
  });
  it("counts nothing that happens after the 评价日", () => {
    const c = registryCounts([project()], "2021-10-19");
    expect([c.done, c.accepted, c.communitiesDone, c.finishDue]).toEqual([0, 0, 0, 0]);
    expect(c.startOnTime).toBe(1);
  });
  it("rates: acceptance among accepted, coverage among renovated communities", () => {
    const c = registryCounts(
      [project(), project({ acceptanceResult: "unqualified", communities: communityTotals([{ households: 80, floorAreaDm2: 500_000, propertyMode: "none" }]) })],
      "2022-06-30",
    );
    expect(registryRates(c)).toEqual({
      acceptance: { num: 1, den: 2 },
      startTimeliness: { num: 2, den: 2 },
      finishTimeliness: { num: 2, den: 2 },
      propertyCoverage: { num: 1, den: 2 },
    });
    expect(registryRates(registryCounts([], "2022-06-30")).acceptance).toBeNull();
  });
  it("completion against targets: 307 projects of 285; 517.8万㎡ of 458.75万㎡ compares dm² with 万㎡ exactly", () => {
    const city = addCounts([{ ...registryCounts([], "2022-06-30"), done: 300, areaDoneDm2: 500_000_000 }, { ...registryCounts([], "2022-06-30"), done: 7, areaDoneDm2: 17_800_000 }]);
    expect(completionFraction(city, "projects", 2_850_000)).toEqual({ num: 3_070_000, den: 2_850_000 });
    // 458.75万㎡ is 4,587,500 in 1/10,000 万㎡ (= ㎡); × 100 = dm².
    expect(completionFraction(city, "floor_area", 4_587_500)).toEqual({ num: 517_800_000, den: 458_750_000 });
    expect(completionFraction(city, "households", null)).toBeNull();
  });
});
