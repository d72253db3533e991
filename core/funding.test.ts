import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fundingMix, reachesNonFiscalShare } from "./funding";

const wan = (x: number) => Math.round(x * 1_000_000);

describe("the non-fiscal share of a project", () => {
  it("gives the seed's 河东法院家属院: 239.9万元 from residents = 63.41%", () => {
    // total 378.32万元: 239.9 ÷ 378.32 = 0.634114… → 63.41%
    const mix = fundingMix([
      { category: "fiscal", amountFen: wan(39.28) },
      { category: "fiscal", amountFen: wan(99.14) },
      { category: "non_fiscal", amountFen: wan(239.9) },
    ]);
    expect(mix.totalFen).toBe(wan(378.32));
    expect(mix.nonFiscalBp).toBe(6341);
    expect(reachesNonFiscalShare(mix)).toBe(true);
  });

  it("gives the seed's 九曲街道家属院: 16.16万元 = 10.44%, below 20%", () => {
    // 16.16 ÷ 154.79 = 0.104399… → 10.44%
    const mix = fundingMix([
      { category: "fiscal", amountFen: wan(138.63) },
      { category: "non_fiscal", amountFen: wan(16.16) },
    ]);
    expect(mix.nonFiscalBp).toBe(1044);
    expect(reachesNonFiscalShare(mix)).toBe(false);
  });

  it("compares the threshold on the exact fraction, not the rounded rate", () => {
    // 1,999.6 of 10,000 shows as 20% but is below it.
    const below = fundingMix([
      { category: "non_fiscal", amountFen: 19_996 },
      { category: "fiscal", amountFen: 80_004 },
    ]);
    expect(below.nonFiscalBp).toBe(2000);
    expect(reachesNonFiscalShare(below)).toBe(false);
    const at = fundingMix([
      { category: "non_fiscal", amountFen: 20_000 },
      { category: "fiscal", amountFen: 80_000 },
    ]);
    expect(reachesNonFiscalShare(at)).toBe(true);
  });

  it("has no share without investment", () => {
    const mix = fundingMix([]);
    expect(mix.nonFiscalBp).toBeNull();
    expect(reachesNonFiscalShare(mix)).toBe(false);
  });

  it("splits the total exactly into fiscal and non-fiscal (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ category: fc.constantFrom("fiscal" as const, "non_fiscal" as const), amountFen: fc.integer({ min: 0, max: 10 ** 11 }) })),
        (cs) => {
          const m = fundingMix(cs);
          expect(m.fiscalFen + m.nonFiscalFen).toBe(m.totalFen);
          if (m.nonFiscalBp !== null) expect(m.nonFiscalBp).toBeGreaterThanOrEqual(0);
          if (m.nonFiscalBp !== null) expect(m.nonFiscalBp).toBeLessThanOrEqual(10000);
        },
      ),
    );
  });
});
