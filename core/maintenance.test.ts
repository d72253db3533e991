import { describe, expect, it } from "vitest";
import { isLatestYear, maintenanceYears, trendOf, yearsOf, type MaintenanceRecord } from "./maintenance";

const rec = (communityId: number, year: number, propertyMode: MaintenanceRecord["propertyMode"], fee: number | null = null, flags: Partial<MaintenanceRecord> = {}): MaintenanceRecord => ({
  communityId,
  year,
  propertyMode,
  feeCollectionBp: fee,
  redProperty: false,
  ownersCommittee: false,
  ...flags,
});

describe("长效管养 by year", () => {
  const communities = [
    { id: 1, households: 100, renovatedYear: 2019 },
    { id: 2, households: 300, renovatedYear: 2020 },
    { id: 3, households: 50, renovatedYear: 2021 },
    { id: 4, households: 80, renovatedYear: null },
  ];
  const records = [
    rec(1, 2019, "none"),
    rec(1, 2020, "street", 6000),
    rec(2, 2020, "self"),
    rec(1, 2021, "professional", 9000, { redProperty: true }),
    rec(2, 2021, "professional", 8000, { ownersCommittee: true }),
    rec(3, 2021, "street", null, { redProperty: true, ownersCommittee: true }),
    // Not renovated: its record does not count.
    rec(4, 2021, "professional", 10000),
  ];

  it("counts the communities renovated by each year, and 专业物业 or 街道社区统管 among them", () => {
    const ys = maintenanceYears(communities, records, [2019, 2020, 2021, 2022]);
    // 2019: 1 renovated, none managed → 0%. 2020: 2 renovated, 1 street → 50%.
    // 2021: 3 renovated, 2 professional + 1 street → 100%. 2022: 3 renovated, no records → 0%, none reported.
    expect(ys.map((y) => [y.year, y.renovated, y.reported, y.professionalOrStreet, y.shareBp])).toEqual([
      [2019, 1, 1, 0, 0],
      [2020, 2, 2, 1, 5000],
      [2021, 3, 3, 3, 10000],
      [2022, 3, 0, 0, 0],
    ]);
    expect(ys[2].byMode).toEqual({ professional: 2, street: 1, self: 0, none: 0 });
    expect([ys[2].redProperty, ys[2].ownersCommittee]).toEqual([2, 2]);
  });

  it("weights the fee collection rate by households over the records that give one", () => {
    const [y2021] = maintenanceYears(communities, records, [2021]);
    // (100 × 90% + 300 × 80%) ÷ 400 = 82.5%; community 3 gives no rate.
    expect(y2021.feeCollectionBp).toBe(8250);
    expect(maintenanceYears(communities, [rec(1, 2019, "none")], [2019])[0].feeCollectionBp).toBeNull();
  });

  it("has no share in a year before anything was renovated", () => {
    expect(maintenanceYears(communities, records, [2018])[0]).toMatchObject({ renovated: 0, shareBp: null });
  });

  it("the trend runs from the first to the last year with a share", () => {
    expect(trendOf([{ year: 2018, shareBp: null }, { year: 2019, shareBp: 0 }, { year: 2020, shareBp: 5000 }, { year: 2021, shareBp: 8750 }])).toEqual({ fromYear: 2019, toYear: 2021, changeBp: 8750, direction: "up" });
    expect(trendOf([{ year: 2020, shareBp: 6000 }, { year: 2021, shareBp: 5500 }])?.direction).toBe("down");
    expect(trendOf([{ year: 2020, shareBp: 6000 }, { year: 2021, shareBp: 6000 }])?.direction).toBe("flat");
    expect(trendOf([{ year: 2021, shareBp: 6000 }])).toBeNull();
  });

  it("years run without gaps from the first record to the last", () => {
    expect(yearsOf([{ year: 2022 }, { year: 2019 }])).toEqual([2019, 2020, 2021, 2022]);
    expect(yearsOf([])).toEqual([]);
    expect(isLatestYear(2022, [2019, 2021])).toBe(true);
    expect(isLatestYear(2020, [2021])).toBe(false);
  });
});
