import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { clauseProgress, type RegistryCommunity } from "./goal";

const period = { startYear: 2021, endYear: 2025 };
const built = (builtYear: number, renovatedYear: number | null = null): RegistryCommunity => ({ builtYear, renovatedYear });
const many = (n: number, c: RegistryCommunity) => Array.from({ length: n }, () => c);

describe("the 十四五 goal", () => {
  // 100 built before 2001: 30 renovated before 2021, 20 in 2021, 50 not yet.
  // 40 built 2001–2005: 5 renovated in 2021. 10 built 2010: outside every clause.
  const registry = [
    ...many(30, built(1995, 2019)),
    ...many(20, built(1990, 2021)),
    ...many(50, built(1998)),
    ...many(5, built(2003, 2021)),
    ...many(35, built(2004)),
    ...many(10, built(2010, 2021)),
  ];

  it("all communities built before 2001: progress and forecast at the current pace", () => {
    const p = clauseProgress({ builtBefore: 2001, requiredBp: 10000 }, period, 2021, registry);
    expect(p).toMatchObject({ eligible: 100, required: 100, done: 50, remaining: 50, renovatedInPeriod: 20, yearsElapsed: 1 });
    expect(p.doneBp).toBe(5000);
    // 20 a year for the 4 years left: 50 + 80 → capped at the 100 eligible.
    expect(p.forecastDone).toBe(100);
    expect(p.onTrack).toBe(true);
    // 50 left at 20 a year: ⌈2.5⌉ = 3 more years → 2024.
    expect(p.forecastYear).toBe(2024);
  });

  it("at least 85% of those built before 2006 (the later ones count too)", () => {
    const p = clauseProgress({ builtBefore: 2006, requiredBp: 8500 }, period, 2021, registry);
    // 140 eligible, ⌈140 × 85%⌉ = 119 required; done 55; pace 25 a year → 55 + 100 = 155 → capped 140.
    expect(p).toMatchObject({ eligible: 140, required: 119, done: 55, renovatedInPeriod: 25, forecastDone: 140, onTrack: true });
    expect(p.progressBp).toBe(4622); // 55 ÷ 119
  });

  it("is off track when the pace is too slow, and has no forecast year without any pace", () => {
    const slow = [...many(2, built(1990, 2021)), ...many(98, built(1990))];
    const p = clauseProgress({ builtBefore: 2001, requiredBp: 10000 }, period, 2021, slow);
    expect(p.forecastDone).toBe(2 + 8);
    expect(p.onTrack).toBe(false);
    expect(p.forecastYear).toBe(2021 + 49);
    const none = clauseProgress({ builtBefore: 2001, requiredBp: 10000 }, period, 2021, many(3, built(1990)));
    expect(none.forecastYear).toBeNull();
    expect(none.onTrack).toBe(false);
  });

  it("rounds the required number up: 85% of 7 is 6", () => {
    expect(clauseProgress({ builtBefore: 2006, requiredBp: 8500 }, period, 2021, many(7, built(2000))).required).toBe(6);
  });

  it("has nothing to do for an empty registry", () => {
    const p = clauseProgress({ builtBefore: 2001, requiredBp: 10000 }, period, 2021, []);
    expect(p).toMatchObject({ eligible: 0, required: 0, remaining: 0, onTrack: true, doneBp: null, progressBp: null });
  });

  it("never forecasts fewer than done nor more than eligible (property)", () => {
    const community = fc.record({
      builtYear: fc.integer({ min: 1970, max: 2010 }),
      renovatedYear: fc.option(fc.integer({ min: 2015, max: 2025 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(community, { maxLength: 80 }), fc.integer({ min: 2019, max: 2027 }), (cs, year) => {
        const p = clauseProgress({ builtBefore: 2001, requiredBp: 8500 }, period, year, cs);
        expect(p.forecastDone).toBeGreaterThanOrEqual(p.done);
        expect(p.forecastDone).toBeLessThanOrEqual(p.eligible);
        expect(p.required).toBeLessThanOrEqual(p.eligible);
      }),
    );
  });
});
