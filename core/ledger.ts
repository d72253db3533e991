import { type Fen, ratioBasisPoints, sumFen } from "./money";

/** Allocated (下达) and paid (支付) money of one slice, up to an as-of date. */
export interface LedgerFigures {
  allocatedFen: Fen;
  paidFen: Fen;
}

/** One cell of the ledger: a slice keyed by any dimensions (source, county, project …). */
export interface LedgerCell<K> extends LedgerFigures {
  key: K;
}

export interface LedgerLine<K> extends LedgerFigures {
  key: K;
  /** 预算执行率 = paid ÷ allocated, in hundredths of a percent; null when nothing was allocated. */
  executionBp: number | null;
}

export function executionRate(f: LedgerFigures): number | null {
  return ratioBasisPoints(f.paidFen, f.allocatedFen);
}

export function line<K>(key: K, f: LedgerFigures): LedgerLine<K> {
  return { key, allocatedFen: f.allocatedFen, paidFen: f.paidFen, executionBp: executionRate(f) };
}

/** Adds figures; the rate of a union is computed from the summed money, never averaged. */
export function addFigures(items: Iterable<LedgerFigures>): LedgerFigures {
  const list = [...items];
  return {
    allocatedFen: sumFen(list.map((c) => c.allocatedFen)),
    paidFen: sumFen(list.map((c) => c.paidFen)),
  };
}

/** Groups cells by a derived key and sums each group, keeping the first-seen order of keys. */
export function rollup<K, G>(cells: Iterable<LedgerCell<K>>, groupOf: (key: K) => G): LedgerLine<G>[] {
  const groups = new Map<G, LedgerFigures[]>();
  for (const c of cells) {
    const g = groupOf(c.key);
    const list = groups.get(g);
    if (list) list.push(c);
    else groups.set(g, [c]);
  }
  return [...groups].map(([g, list]) => line(g, addFigures(list)));
}

export interface SourceCountyKey {
  sourceId: number;
  countyId: number;
}

/** The source × county matrix of a fund year, with totals by source, by county and overall. */
export interface LedgerMatrix {
  cells: LedgerLine<SourceCountyKey>[];
  bySource: LedgerLine<number>[];
  byCounty: LedgerLine<number>[];
  total: LedgerLine<null>;
}

/**
 * Builds the matrix from raw cells. Rows and columns follow the order of `sourceIds` and
 * `countyIds` (the caller's display order); cells for ids not listed still count in the total.
 */
export function buildMatrix(
  cells: LedgerCell<SourceCountyKey>[],
  sourceIds: number[],
  countyIds: number[],
): LedgerMatrix {
  const bySource = new Map(rollup(cells, (k) => k.sourceId).map((l) => [l.key, l]));
  const byCounty = new Map(rollup(cells, (k) => k.countyId).map((l) => [l.key, l]));
  const zero = { allocatedFen: 0, paidFen: 0 };
  return {
    cells: cells.map((c) => line(c.key, c)),
    bySource: sourceIds.map((id) => bySource.get(id) ?? line(id, zero)),
    byCounty: countyIds.map((id) => byCounty.get(id) ?? line(id, zero)),
    total: line(null, addFigures(cells)),
  };
}

/** A slice's place among its peers by 预算执行率. */
export interface ExecutionRank {
  /** 1 = highest rate; peers with the same rate (in basis points, as shown) share a place. Null when the slice has nothing allocated. */
  rank: number | null;
  /** Peers that have a rate (something allocated): the "of" in 第 3 / 12 名. */
  ranked: number;
}

/**
 * Where `key` stands among `lines` by 预算执行率 (highest first). Ties are compared on the shown
 * basis points, so two counties showing 82.85% never get different places.
 */
export function executionRank<K>(lines: readonly LedgerLine<K>[], key: K): ExecutionRank {
  const rated = lines.filter((l) => l.executionBp !== null);
  const own = rated.find((l) => l.key === key);
  return {
    rank: own ? 1 + rated.filter((l) => l.executionBp! > own.executionBp!).length : null,
    ranked: rated.length,
  };
}
