/**
 * 抽样: which communities of an evaluation are surveyed and how many households each. Either every
 * renovated community, or a stratified random sample per county drawn with a recorded seed, so the same
 * seed over the same list gives the same sample on any machine. A community's quota is the larger of a
 * minimum count and a share of its households, never more than its households.
 */
import { seededRandom } from "../random";
import { pushTo } from "../collections";

export interface SamplingRule {
  mode: "all" | "sample";
  /** mode sample: communities drawn per county (a county with fewer gives them all). */
  perCounty: number;
  /** Recorded so the draw can be repeated. */
  seed: number;
  /** Quota: at least this many households per community … */
  quotaMin: number;
  /** … or this share of its households, in basis points (500 = 5%), whichever is larger. */
  quotaBp: number;
}

export const DEFAULT_SAMPLING: SamplingRule = { mode: "sample", perCounty: 8, seed: 20220620, quotaMin: 30, quotaBp: 500 };

export interface SampleCandidate {
  communityId: number;
  countyId: number;
  households: number;
}

export interface SampledCommunity extends SampleCandidate {
  quota: number;
}

/** Households to survey in a community of `households`. */
export function quotaOf(rule: Pick<SamplingRule, "quotaMin" | "quotaBp">, households: number): number {
  const share = Math.ceil((households * rule.quotaBp) / 10000);
  return Math.max(0, Math.min(households, Math.max(rule.quotaMin, share)));
}

export function checkSampling(rule: SamplingRule): string[] {
  const out: string[] = [];
  if (rule.mode === "sample" && !(Number.isInteger(rule.perCounty) && rule.perCounty >= 1 && rule.perCounty <= 1000)) out.push("每个县区抽取的小区数应为 1 到 1000 之间的整数");
  if (!(Number.isInteger(rule.seed) && rule.seed >= 0 && rule.seed <= 2 ** 31 - 1)) out.push("随机种子应为 0 到 2147483647 之间的整数");
  if (!(Number.isInteger(rule.quotaMin) && rule.quotaMin >= 0 && rule.quotaMin <= 10000)) out.push("每个小区的最少户数应为 0 到 10000 之间的整数");
  if (!(Number.isInteger(rule.quotaBp) && rule.quotaBp >= 0 && rule.quotaBp <= 10000)) out.push("每个小区的抽样比例应在 0 到 100% 之间");
  if (rule.quotaMin === 0 && rule.quotaBp === 0) out.push("最少户数和抽样比例不能都为 0");
  return out;
}

/**
 * Draws the sample. Candidates are put in a canonical order (county, community id) first, so the
 * result depends on the seed and the list only, not on the order the database returned them.
 */
export function drawSample(rule: SamplingRule, candidates: readonly SampleCandidate[]): SampledCommunity[] {
  const sorted = [...candidates].sort((a, b) => a.countyId - b.countyId || a.communityId - b.communityId);
  let chosen: SampleCandidate[];
  if (rule.mode === "all") chosen = sorted;
  else {
    const rnd = seededRandom(rule.seed);
    chosen = [];
    const byCounty = new Map<number, SampleCandidate[]>();
    for (const c of sorted) pushTo(byCounty, c.countyId, c);
    for (const list of byCounty.values()) {
      // A partial Fisher–Yates shuffle: the first perCounty of a random permutation.
      const pool = [...list];
      const n = Math.min(rule.perCounty, pool.length);
      for (let i = 0; i < n; i++) {
        const j = i + Math.floor(rnd.next() * (pool.length - i));
        [pool[i], pool[j]] = [pool[j], pool[i]];
      }
      chosen.push(...pool.slice(0, n).sort((a, b) => a.communityId - b.communityId));
    }
  }
  return chosen.map((c) => ({ ...c, quota: quotaOf(rule, c.households) })).filter((c) => c.quota > 0);
}
