import { describe, expect, it } from "vitest";
import { dateOrderProblems, maintenanceFigures, registryMetrics, statusFromDates, type MetricProject, type ProjectDates } from "./registry";
import { formatQuantity } from "./targets";

const none: ProjectDates = {
  plannedStartOn: null,
  actualStartOn: null,
  plannedCompletionOn: null,
  actualCompletionOn: null,
  plannedAcceptanceOn: null,
  actualAcceptanceOn: null,
  plannedSettlementOn: null,
  actualSettlementOn: null,
};

describe("a project's status comes from its actual dates", () => {
  it("is the latest stage recorded", () => {
    expect(statusFromDates(none)).toBe("planned");
    expect(statusFromDates({ ...none, actualStartOn: "2021-04-01" })).toBe("started");
    expect(statusFromDates({ ...none, actualStartOn: "2021-04-01", actualCompletionOn: "2021-11-01" })).toBe("completed");
    expect(statusFromDates({ ...none, actualStartOn: "2021-04-01", actualCompletionOn: "2021-11-01", actualAcceptanceOn: "2021-12-01" })).toBe("accepted");
    expect(statusFromDates({ ...none, actualSettlementOn: "2022-03-01" })).toBe("settled");
  });

  it("refuses stages out of order, or an actual stage without the one before it", () => {
    expect(dateOrderProblems({ ...none, plannedStartOn: "2021-04-01", plannedCompletionOn: "2021-03-01" })).toEqual([
      { field: "plannedCompletionOn", message: "计划完工日期不能早于计划开工日期" },
    ]);
    expect(dateOrderProblems({ ...none, actualCompletionOn: "2021-11-01" })).toEqual([
      { field: "actualCompletionOn", message: "已填实际完工日期，但缺少实际开工日期" },
    ]);
    // A planned stage may be set without the one before it (plans are filled in gradually).
    expect(dateOrderProblems({ ...none, plannedAcceptanceOn: "2021-12-01" })).toEqual([]);
    expect(dateOrderProblems({ ...none, actualStartOn: "2021-04-01", actualCompletionOn: "2021-04-01" })).toEqual([]);
  });
});

const community = (households: number, floorAreaDm2: number, propertyMode: MetricProject["communities"][number]["propertyMode"] = "none") => ({
  households,
  floorAreaDm2,
  propertyMode,
});

describe("registry metrics as of a date", () => {
  const projects: MetricProject[] = [
    {
      actualStartOn: "2021-04-01",
      actualCompletionOn: "2021-10-31",
      actualAcceptanceOn: "2021-12-10",
      acceptanceResult: "qualified",
      plannedFen: 378_320_000,
      nonFiscalFen: 239_900_000,
      communities: [community(216, 2_100_000, "professional"), community(80, 750_050, "none")],
    },
    {
      actualStartOn: "2021-05-01",
      actualCompletionOn: "2022-03-31",
      actualAcceptanceOn: null,
      acceptanceResult: null,
      plannedFen: 100_000_000,
      nonFiscalFen: 0,
      communities: [community(120, 1_000_000, "street")],
    },
    { actualStartOn: null, actualCompletionOn: null, actualAcceptanceOn: null, acceptanceResult: null, plannedFen: 0, nonFiscalFen: 0, communities: [community(50, 400_000)] },
  ];

  it("counts what was completed by the date", () => {
    const m = registryMetrics(projects, "2021-12-31");
    const text = (k: keyof typeof m) => (m[k] === null ? null : formatQuantity(m[k]!));
    expect(text("projects")).toBe("1");
    expect(text("communities")).toBe("2");
    expect(text("households")).toBe("296");
    // 2,850,050 dm² = 28,500.5 ㎡ → 2.8501万㎡ (to the ㎡, half-up)
    expect(text("floor_area")).toBe("2.8501");
    expect(text("start_rate")).toBe("66.67");
    expect(text("completion_rate")).toBe("33.33");
    expect(text("acceptance_rate")).toBe("100");
    expect(text("property_coverage")).toBe("50");
    // 3,783,200 元 over 28,500.5 ㎡ = 132.74153…元/㎡
    expect(text("cost_per_m2")).toBe("132.7415");
    // 239.9 ÷ 478.32 = 50.15%
    expect(text("non_fiscal_share")).toBe("50.15");
    const later = registryMetrics(projects, "2022-06-30");
    expect(formatQuantity(later.projects!)).toBe("2");
    expect(formatQuantity(later.households!)).toBe("416");
  });

  it("has no rate where nothing was accepted or nothing exists", () => {
    const m = registryMetrics(projects, "2021-11-30");
    expect(m.acceptance_rate).toBeNull();
    const empty = registryMetrics([], "2021-12-31");
    expect(empty.start_rate).toBeNull();
    expect(empty.projects).toBe(0);
    expect(empty.cost_per_m2).toBeNull();
  });
});

describe("长效管养 of renovated communities", () => {
  it("counts managed communities and weights the fee collection rate by households", () => {
    const f = maintenanceFigures([
      { ...community(100, 0, "professional"), feeCollectionBp: 8000 },
      { ...community(300, 0, "street"), feeCollectionBp: 4000 },
      { ...community(50, 0, "none"), feeCollectionBp: null },
    ]);
    expect(f).toMatchObject({ communities: 3, managed: 2, coverageBp: 6667, households: 450, managedHouseholds: 400, feeReported: 2 });
    expect(f.byMode).toEqual({ professional: 1, street: 1, self: 0, none: 1 });
    // (100 × 80% + 300 × 40%) ÷ 400 = 50%
    expect(f.feeCollectionBp).toBe(5000);
    expect(maintenanceFigures([]).coverageBp).toBeNull();
  });
});
