/**
 * 资金结构: how a project is funded. The non-fiscal share (非财政资金占比) is the money from residents,
 * former owners, enterprises, utilities and banks over the project's total investment (SPEC §4).
 */
import { ratioBasisPoints, sumFen, type Fen } from "./money";

export type SourceCategory = "fiscal" | "non_fiscal";

export interface Contribution {
  category: SourceCategory;
  amountFen: Fen;
}

export interface FundingMix {
  totalFen: Fen;
  fiscalFen: Fen;
  nonFiscalFen: Fen;
  /** Non-fiscal ÷ total in basis points (63.41% = 6341); null when the project has no investment. */
  nonFiscalBp: number | null;
}

/** The seed counts projects whose non-fiscal share is 20% or more (社会力量及居民出资占比在20%及以上). */
export const NON_FISCAL_THRESHOLD_BP = 2000;

export function fundingMix(contributions: readonly Contribution[]): FundingMix {
  const fiscalFen = sumFen(contributions.filter((c) => c.category === "fiscal").map((c) => c.amountFen));
  const nonFiscalFen = sumFen(contributions.filter((c) => c.category === "non_fiscal").map((c) => c.amountFen));
  const totalFen = fiscalFen + nonFiscalFen;
  return { totalFen, fiscalFen, nonFiscalFen, nonFiscalBp: ratioBasisPoints(nonFiscalFen, totalFen) };
}

/**
 * Whether a project reaches the threshold. Compared on the exact fraction, not the rounded rate, so
 * 19.996% (shown as 20%) does not count.
 */
export function reachesNonFiscalShare(mix: FundingMix, thresholdBp = NON_FISCAL_THRESHOLD_BP): boolean {
  return mix.totalFen > 0 && BigInt(mix.nonFiscalFen) * 10000n >= BigInt(thresholdBp) * BigInt(mix.totalFen);
}
