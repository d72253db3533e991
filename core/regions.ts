/**
 * Regions (行政区划): province → city → county (县区) → street, coded by GB/T 2260 (six digits) and,
 * for streets, the nine-digit 乡级 code. Pure: the codes' shape, levels and their labels, the next free
 * code under a parent, and the check of a workbook of regions.
 */
export const REGION_LEVELS = ["province", "city", "county", "street"] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const REGION_LEVEL_LABEL: Record<RegionLevel, string> = {
  province: "省级",
  city: "市级",
  county: "县区",
  street: "街道（乡镇）",
};

/** The level a region's parent must have; null: a root (a province, or a city without its province). */
export const PARENT_LEVEL: Record<RegionLevel, RegionLevel | null> = { province: null, city: "province", county: "city", street: "county" };
export const CHILD_LEVEL: Record<RegionLevel, RegionLevel | null> = { province: "city", city: "county", county: "street", street: null };

/**
 * 直辖市 (and the two 特别行政区, whose 区 are county-level): province-format codes that are city-level
 * regions without a parent; their counties share only the first two digits with them.
 */
export const DIRECT_CITY_CODES: readonly string[] = ["110000", "120000", "310000", "500000", "810000", "820000"];
export const isDirectCityCode = (code: string) => DIRECT_CITY_CODES.includes(code);

/** The words a workbook may use for a level (级别 column), and the English keys. */
const LEVEL_WORDS: Record<string, RegionLevel> = {
  省: "province",
  省级: "province",
  市: "city",
  市级: "city",
  地级市: "city",
  县: "county",
  区: "county",
  县区: "county",
  县级: "county",
  街道: "street",
  乡镇: "street",
  "街道(乡镇)": "street",
  街道乡镇: "street",
  province: "province",
  city: "city",
  county: "county",
  street: "street",
};

export const LEVEL_WORDS_HINT = "省、市、县区 或 街道（乡镇）";

/** A level as written in a workbook or on the command line (省/市级/县区/街道（乡镇）…), or null. */
export function parseRegionLevel(text: string): RegionLevel | null {
  const t = text.replace(/\s+/g, "").replace(/（/g, "(").replace(/）/g, ")");
  return LEVEL_WORDS[t] ?? LEVEL_WORDS[t.toLowerCase()] ?? null;
}

const SHAPE_HINT: Record<RegionLevel, string> = {
  province: "省级编码应为6位数字、后4位为0，如 370000",
  city: "市级编码应为6位数字、第3–4位不为00、后2位为0，如 371300（直辖市用其省级格式编码，如 110000）",
  county: "县区编码应为6位数字、后2位不为00，如 371302",
  street: "街道（乡镇）编码应为9位数字、后3位不为000，如 371302001",
};

/** Why a code does not fit its level (GB/T 2260 shape), in Chinese; null when it fits. */
export function codeShapeProblem(code: string, level: RegionLevel): string | null {
  const fits =
    level === "province"
      ? /^\d{2}0000$/.test(code) && !code.startsWith("00")
      : level === "city"
        ? (/^\d{4}00$/.test(code) && code.slice(2, 4) !== "00" && !code.startsWith("00")) || isDirectCityCode(code)
        : level === "county"
          ? /^\d{6}$/.test(code) && code.slice(4) !== "00" && !code.startsWith("00")
          : /^\d{9}$/.test(code) && code.slice(6) !== "000" && code.slice(4, 6) !== "00";
  if (!fits) return `编码「${code}」不符合${REGION_LEVEL_LABEL[level]}编码规则：${SHAPE_HINT[level]}`;
  if (level === "province" && isDirectCityCode(code)) return `编码「${code}」是直辖市（特别行政区），请按市级添加，不设上级`;
  return null;
}

/** The digits every child's code starts with: province 2, city 4 (a 直辖市 2), county 6. */
export function significantPrefix(code: string, level: RegionLevel): string {
  if (level === "province") return code.slice(0, 2);
  if (level === "city") return isDirectCityCode(code) ? code.slice(0, 2) : code.slice(0, 4);
  if (level === "county") return code.slice(0, 6);
  return code;
}

export interface ParentRef {
  code: string;
  name: string;
  level: RegionLevel;
}

/**
 * Why a region of `level` and `code` cannot sit under `parent` (null: at the root), in Chinese; null
 * when it may. The code's own shape is checked separately (codeShapeProblem).
 */
export function placementProblem(code: string, level: RegionLevel, parent: ParentRef | null): string | null {
  const want = PARENT_LEVEL[level];
  if (parent === null) {
    if (level === "county" || level === "street") return `${REGION_LEVEL_LABEL[level]}须有上级（${REGION_LEVEL_LABEL[want!]}区划）`;
    return null;
  }
  if (level === "province") return "省级区划没有上级";
  if (level === "city" && isDirectCityCode(code)) return `「${code}」是直辖市（特别行政区），不设上级`;
  if (parent.level !== want) {
    return `上级「${parent.name}」是${REGION_LEVEL_LABEL[parent.level]}，${REGION_LEVEL_LABEL[level]}的上级应为${REGION_LEVEL_LABEL[want!]}`;
  }
  const prefix = significantPrefix(parent.code, parent.level);
  if (!code.startsWith(prefix)) return `编码「${code}」应以上级「${parent.name}」的编码前${prefix.length}位「${prefix}」开头`;
  return null;
}

/** Shape and placement together: why this region cannot be added, or null. */
export function regionCodeProblem(code: string, level: RegionLevel, parent: ParentRef | null): string | null {
  return codeShapeProblem(code, level) ?? placementProblem(code, level, parent);
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** Every code a new region of `level` under `parent` may take, in order. */
function candidateCodes(level: RegionLevel, parent: ParentRef | null): string[] {
  const out: string[] = [];
  if (level === "province") {
    if (parent) return out;
    for (let x = 11; x <= 99; x++) if (!isDirectCityCode(`${x}0000`)) out.push(`${x}0000`);
  } else if (level === "city") {
    if (parent?.level !== "province") return out;
    for (let y = 1; y <= 99; y++) out.push(`${parent.code.slice(0, 2)}${pad2(y)}00`);
  } else if (level === "county") {
    if (parent?.level !== "city") return out;
    if (isDirectCityCode(parent.code)) {
      for (let y = 1; y <= 99; y++) for (let z = 1; z <= 99; z++) out.push(`${parent.code.slice(0, 2)}${pad2(y)}${pad2(z)}`);
    } else for (let z = 1; z <= 99; z++) out.push(`${parent.code.slice(0, 4)}${pad2(z)}`);
  } else {
    if (parent?.level !== "county") return out;
    for (let t = 1; t <= 999; t++) out.push(`${parent.code}${String(t).padStart(3, "0")}`);
  }
  return out;
}

/**
 * A code for a region added without one: the next after the highest code taken under the parent (so a
 * hand-made street follows the national ones instead of taking a gap a later national code may fill),
 * else the first free one; null when none is left or the level needs a parent it lacks (a city
 * without its province). `taken` holds the existing codes and the national list's.
 */
export function nextRegionCode(level: RegionLevel, parent: ParentRef | null, taken: ReadonlySet<string>): string | null {
  const all = candidateCodes(level, parent);
  let highest = -1;
  all.forEach((c, i) => {
    if (taken.has(c)) highest = i;
  });
  for (let i = highest + 1; i < all.length; i++) if (!taken.has(all[i])) return all[i];
  return all.find((c) => !taken.has(c)) ?? null;
}

// ---- The workbook of regions (编码, 名称, 级别, 上级编码) ----

export const REGION_COLUMNS = { code: "编码", name: "名称", level: "级别", parentCode: "上级编码" } as const;
/** Longest region name accepted (the longest national one, 新疆维吾尔自治区…, is shorter). */
export const REGION_NAME_MAX = 50;

/** One data row as read: the cells' text, trimmed, null when empty. */
export interface RegionRowInput {
  /** Excel row number. */
  row: number;
  code: string | null;
  name: string | null;
  level: string | null;
  parentCode: string | null;
}

export interface ExistingRegion {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  retired: boolean;
  /** In the importing actor's subtree: a parent must be; a region outside names nothing. */
  inScope: boolean;
}

export interface RegionRecord {
  row: number;
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

/** The shape of contracts' Problem (core imports no contracts). */
export interface RowProblem {
  row: number | null;
  column: string | null;
  message: string;
}

export interface RegionRowsOutcome {
  /** New regions, parents before children. */
  records: RegionRecord[];
  /** Rows equal to an existing region: importing them changes nothing. */
  unchanged: number;
  problems: RowProblem[];
}

/**
 * Checks a workbook's regions against each other and the existing ones: codes present, unique and of
 * their level's shape, names, levels, parents that exist (in the file or already) with the level above
 * and the code prefix, no cycles, a root only when `mayAddRoot`. Every problem names row and column.
 */
export function checkRegionRows(rows: RegionRowInput[], existing: ExistingRegion[], options: { mayAddRoot: boolean }): RegionRowsOutcome {
  const C = REGION_COLUMNS;
  const problems: RowProblem[] = [];
  const bad = new Set<number>();
  const add = (row: number, column: string, message: string) => {
    problems.push({ row, column, message });
    bad.add(row);
  };
  const existingByCode = new Map(existing.map((e) => [e.code, e]));

  // Pass 1: each row on its own, and codes unique within the file.
  const parsed: RegionRecord[] = [];
  const firstRowOfCode = new Map<string, number>();
  let unchanged = 0;
  const unchangedRows = new Set<number>();
  for (const r of rows) {
    const code = r.code?.replace(/\s+/g, "") ?? null;
    const parentCode = r.parentCode?.replace(/\s+/g, "") || null;
    if (!code) add(r.row, C.code, "请填写编码");
    if (!r.name) add(r.row, C.name, "请填写名称");
    else if (r.name.length > REGION_NAME_MAX) add(r.row, C.name, `名称不能超过${REGION_NAME_MAX}个字`);
    const level = r.level ? parseRegionLevel(r.level) : null;
    if (!r.level) add(r.row, C.level, `请填写级别：${LEVEL_WORDS_HINT}`);
    else if (!level) add(r.row, C.level, `级别「${r.level}」无法识别，应为${LEVEL_WORDS_HINT}`);
    if (!code) continue;
    const first = firstRowOfCode.get(code);
    if (first !== undefined) {
      add(r.row, C.code, `编码「${code}」与第${first}行重复`);
      continue;
    }
    firstRowOfCode.set(code, r.row);
    if (!level || !r.name) continue;
    const shape = codeShapeProblem(code, level);
    if (shape) add(r.row, C.code, shape);
    const old = existingByCode.get(code);
    if (old) {
      if (old.name === r.name && old.level === level && old.parentCode === parentCode) {
        unchanged++;
        unchangedRows.add(r.row);
      } else if (!old.inScope) add(r.row, C.code, `编码「${code}」已被其他区划使用`);
      else {
        const where = `${REGION_LEVEL_LABEL[old.level]}${old.parentCode ? `，上级编码 ${old.parentCode}` : ""}`;
        add(r.row, C.code, `编码「${code}」已用于「${old.name}」（${where}），与本行不一致；改名请在区划管理中重命名`);
      }
      continue;
    }
    parsed.push({ row: r.row, code, name: r.name, level, parentCode });
  }

  // Pass 2: parents. A parent is a row of the file (new) or an existing region.
  const fileByCode = new Map(parsed.map((p) => [p.code, p]));
  const inCycle = new Set<number>();
  for (const p of parsed) {
    if (inCycle.has(p.row)) continue;
    const seen: RegionRecord[] = [p];
    let at = p.parentCode ? fileByCode.get(p.parentCode) : undefined;
    while (at && !seen.includes(at)) {
      seen.push(at);
      at = at.parentCode ? fileByCode.get(at.parentCode) : undefined;
    }
    if (at) {
      const loop = seen.slice(seen.indexOf(at));
      const text = [...loop, at].map((x) => x.code).join(" → ");
      for (const x of loop) {
        if (inCycle.has(x.row)) continue;
        inCycle.add(x.row);
        add(x.row, C.parentCode, `上级编码形成循环：${text}`);
      }
    }
  }
  for (const p of parsed) {
    if (inCycle.has(p.row) || bad.has(p.row)) continue;
    if (!p.parentCode) {
      const problem = placementProblem(p.code, p.level, null);
      if (problem) add(p.row, C.parentCode, `请填写上级编码：${problem}`);
      else if (!options.mayAddRoot) add(p.row, C.parentCode, "请填写上级编码：只有全辖范围的管理员可以添加没有上级的省级或市级区划");
      continue;
    }
    const inFile = fileByCode.get(p.parentCode);
    const old = existingByCode.get(p.parentCode);
    let parent: ParentRef;
    if (inFile) parent = inFile;
    else if (old && old.inScope) {
      if (old.retired) {
        add(p.row, C.parentCode, `上级「${old.name}」（${old.code}）已撤销，不能再添加下级`);
        continue;
      }
      parent = old;
    } else if (old) {
      add(p.row, C.parentCode, `上级编码「${p.parentCode}」不在本账户的管辖范围内`);
      continue;
    } else {
      add(p.row, C.parentCode, `上级编码「${p.parentCode}」不存在：既不在本文件中，也不是已有区划`);
      continue;
    }
    const problem = placementProblem(p.code, p.level, parent);
    if (problem) add(p.row, problem.startsWith("编码") ? C.code : C.parentCode, problem);
  }

  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const records = problems.length ? parsed.filter((p) => !bad.has(p.row)) : parsed;
  return { records: parentsFirst(records), unchanged, problems };
}

/** The records ordered so that a parent in the file comes before its children (then by row). */
export function parentsFirst<R extends { code: string; parentCode: string | null; row: number }>(records: R[]): R[] {
  const byCode = new Map(records.map((r) => [r.code, r]));
  const depth = new Map<R, number>();
  const depthOf = (r: R, guard: number): number => {
    const known = depth.get(r);
    if (known !== undefined) return known;
    const parent = r.parentCode ? byCode.get(r.parentCode) : undefined;
    const d = parent && guard < records.length ? depthOf(parent, guard + 1) + 1 : 0;
    depth.set(r, d);
    return d;
  };
  return [...records].sort((a, b) => depthOf(a, 0) - depthOf(b, 0) || a.row - b.row);
}
