/**
 * The demo city's 财政困难程度系数 for the 2022 allocation (示例数据: the seed gives none). The urban
 * districts carry 1.0, the counties more the weaker their finances — plausible, not official figures.
 */
import type { DbOrTx } from "../open";
import { difficultyCoefficients } from "../schema";

export const DEMO_ALLOCATION_YEAR = 2022;

export const DEMO_DIFFICULTY: Record<string, string> = {
  兰山区: "1.0000",
  罗庄区: "1.0000",
  河东区: "1.0000",
  沂南县: "1.2000",
  郯城县: "1.2000",
  沂水县: "1.1000",
  兰陵县: "1.3000",
  平邑县: "1.3000",
  费县: "1.2000",
  莒南县: "1.2000",
  蒙阴县: "1.3000",
  临沭县: "1.1000",
};

export async function loadDemoDifficulty(tx: DbOrTx, countyId: Map<string, number>): Promise<void> {
  await tx.insert(difficultyCoefficients).values(
    Object.entries(DEMO_DIFFICULTY).map(([county, coefficient]) => ({
      regionId: countyId.get(county)!,
      year: DEMO_ALLOCATION_YEAR,
      coefficient,
      note: "示例数据",
      updatedByName: "示例数据",
    })),
  );
}
