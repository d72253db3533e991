/**
 * The legend of a figure map: a few equal bins over the values shown, with round bounds, so the
 * colours separate the counties actually on the map (a 0–100 scale would paint 88 and 95 alike).
 */

export interface LegendPiece {
  /** Lower bound, inclusive. */
  gte: number;
  /** Upper bound: exclusive, except the last piece's, which is inclusive (lte). */
  lt?: number;
  lte?: number;
  label: string;
}

/** Steps a bin may take: 1, 2, 5 times a power of ten. */
function stepsFrom(span: number): number[] {
  const base = 10 ** Math.floor(Math.log10(Math.max(span, 1e-9)) - 1);
  return [1, 2, 5, 10, 20, 50, 100].map((m) => m * base);
}

/**
 * Bins for `values` (display numbers, e.g. 96.5 for 96.5%). `counts`: whole numbers from 0 (conflicts),
 * one piece per value up to five, else ranges. `unit` ends each label (％, 分, 处).
 */
export function legendPieces(values: readonly number[], options: { unit: string; counts?: boolean; maxPieces?: number }): LegendPiece[] {
  const maxPieces = options.maxPieces ?? 5;
  const u = options.unit;
  if (values.length === 0) return [];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (options.counts) {
    const top = Math.max(0, Math.ceil(hi));
    if (top < maxPieces) return Array.from({ length: top + 1 }, (_, v) => ({ gte: v, lt: v + 1, label: `${v} ${u}` })).map(closeLast(top));
    const step = Math.ceil(top / (maxPieces - 1));
    const pieces: LegendPiece[] = [{ gte: 0, lt: 1, label: `0 ${u}` }];
    for (let a = 1; a <= top; a += step) {
      const b = Math.min(a + step - 1, top);
      pieces.push({ gte: a, lt: b + 1, label: a === b ? `${a} ${u}` : `${a}–${b} ${u}` });
    }
    return pieces.map(closeLast(top));
  }
  const step = stepsFrom(hi - lo).find((s) => Math.ceil(hi / s) - Math.floor(lo / s) <= maxPieces) ?? hi - lo;
  const from = Math.floor(lo / step) * step;
  let to = Math.ceil(hi / step) * step;
  if (to === from) to = from + step;
  const n = Math.round((to - from) / step);
  const fmt = (x: number) => String(Number(x.toFixed(6)));
  return Array.from({ length: n }, (_, i) => {
    const a = from + i * step;
    const b = from + (i + 1) * step;
    return i === n - 1 ? { gte: a, lte: b, label: `${fmt(a)}–${fmt(b)}${u}` } : { gte: a, lt: b, label: `${fmt(a)}–${fmt(b)}${u}` };
  });
}

/** The last count piece holds its top value inclusively. */
const closeLast = (top: number) => (p: LegendPiece, i: number, all: LegendPiece[]) => (i === all.length - 1 ? { gte: p.gte, lte: top, label: p.label } : p);
