/**
 * Checks registry spreadsheets (小区, 项目, 改造内容, 绩效目标) against what is already recorded. Pure:
 * the caller loads the context (inside the commit's transaction) and gets back the rows to write,
 * each marked new or updated, the count of unchanged rows, and every problem by row and column.
 */
import type { Problem } from "../../../contracts/errors";
import type { RegistryImportKind } from "../../../contracts/projects";
import { parseDate } from "../../../core/dates";
import { TEXT_LIMITS, tooLongMessage } from "../../../contracts/limits";
import { describeAmountProblem, describeOverLimit, describeOverYearTotal, exactTotal, readAmount, readDecimal, type Fen } from "../../../core/money";
import { clipText } from "../../../core/text";
import {
  dateOrderProblems,
  METRIC_INFO,
  PROPERTY_MODE_LABEL,
  PROPERTY_MODES,
  RENOVATION_CATEGORY_LABEL,
  TARGET_METRICS,
  type ProjectDates,
  type PropertyMode,
  type RenovationCategory,
  type TargetMetric,
} from "../../../core/registry";
import { formatQuantity } from "../../../core/targets";
import { normaliseHeader, type CellValue, type ReadSheet } from "../../xlsx";
import { INVESTMENT_SUFFIX } from "./columns";

export interface Named {
  id: number;
  name: string;
}

export interface ExistingCommunity extends Omit<CommunityRecord, "op" | "rowNumber"> {
  id: number;
}

export interface ExistingProject extends Omit<ProjectRecord, "op" | "rowNumber" | "communityCodes" | "investments"> {
  id: number;
  communityCodes: string[];
  investments: Map<number, Fen>;
}

export interface ExistingContent extends Omit<ContentRecord, "op" | "rowNumber"> {
  id: number;
}

export interface ExistingTarget extends Omit<TargetRecord, "op" | "rowNumber"> {
  id: number;
}

export interface RegistryContext {
  fundYear: { id: number; year: number };
  /** This year, from the server's clock: a community cannot be built in the future. */
  currentYear: number;
  /** A 县区 user may import rows of their own county only. */
  onlyCounty: Named | null;
  counties: Named[];
  sources: (Named & { category: "fiscal" | "non_fiscal" })[];
  items: { id: number; code: string; name: string; category: RenovationCategory; unit: string }[];
  /** The registry, by 小区编号. */
  communities: Map<string, ExistingCommunity>;
  /** This fund year's projects, by 项目编号. */
  projects: Map<string, ExistingProject>;
  /** Contents by contentKey. */
  contents: Map<string, ExistingContent>;
  /** Targets by targetKey. */
  targets: Map<string, ExistingTarget>;
  /** 单笔上限: the largest amount one cell may carry (a setting, `server/settings.ts`). */
  maxRowAmountFen: Fen;
  /** 年度合计上限: the largest total of 计划投资 or of 改造内容金额 the fund year may reach (a setting). */
  maxYearTotalFen: Fen;
}

type Op = "new" | "updated";

export interface CommunityRecord {
  op: Op;
  rowNumber: number;
  code: string;
  countyId: number;
  name: string;
  street: string | null;
  builtYear: number;
  buildings: number;
  households: number;
  floorAreaDm2: number;
  propertyMode: PropertyMode;
  feeCollectionBp: number | null;
  longitude: number | null;
  latitude: number | null;
  priorRenovationYear: number | null;
  note: string | null;
}

export interface ProjectRecord extends ProjectDates {
  op: Op;
  rowNumber: number;
  code: string;
  countyId: number;
  name: string;
  batchYear: number;
  implementingEntity: string | null;
  street: string | null;
  description: string | null;
  acceptanceResult: "qualified" | "unqualified" | null;
  /** Undefined when the sheet has no 小区编号 column: links are left as they are. */
  communityCodes: string[] | undefined;
  /** Undefined when the sheet has no investment column; else every source's amount (0 = none). */
  investments: Map<number, Fen> | undefined;
}

export interface ContentRecord {
  op: Op;
  rowNumber: number;
  projectCode: string;
  itemId: number;
  communityCode: string | null;
  /** Exact decimal as text, e.g. "1250.5". */
  quantity: string;
  unit: string;
  costFen: Fen;
  note: string | null;
}

export interface TargetRecord {
  op: Op;
  rowNumber: number;
  countyId: number | null;
  indicator: string;
  metric: TargetMetric | null;
  unit: string;
  direction: "positive" | "negative";
  targetValue: string;
  manualActual: string | null;
  note: string | null;
}

export type RegistryRecord = CommunityRecord | ProjectRecord | ContentRecord | TargetRecord;

export interface RegistryOutcome<R> {
  records: R[];
  unchanged: number;
  problems: Problem[];
}

export const contentKey = (projectCode: string, itemId: number, communityCode: string | null) => `${projectCode}|${itemId}|${communityCode ?? ""}`;
export const targetKey = (countyId: number | null, indicator: string) => `${countyId ?? 0}|${indicator}`;

/** The headers each kind requires. */
export const REQUIRED_HEADERS: Record<RegistryImportKind, string[]> = {
  communities: ["县区", "小区编号", "小区名称", "建成年份", "楼栋数", "户数", "建筑面积（㎡）"],
  projects: ["县区", "项目编号", "项目名称"],
  contents: ["项目编号", "改造内容", "数量", "金额（万元）"],
  targets: ["范围", "指标名称", "单位", "目标值"],
};

/** The header as the template writes it (full-width brackets), for messages. */
const shown = (h: string) => h.replace(/\(/g, "（").replace(/\)/g, "）");

function cellText(v: CellValue): string | null {
  if (v === null || v instanceof Date) return null;
  const s = String(v).trim();
  return s === "" ? null : s;
}

/** A cell that should hold a plain number: say so plainly when a unit or words were typed in it. */
function numberProblem(raw: CellValue, header: string): string {
  const s = String(raw).trim();
  if (/^[+-]?[\d,]*\.?\d+\s*\S+$/.test(s)) return `「${clipText(s)}」不是数字：只填数字，不要带单位（单位见列名「${shown(header)}」）`;
  return `「${clipText(s)}」不是数字`;
}

/** A number cell's commas: thousands separators only, in groups of three (10,50 is no number). */
function badGrouping(s: string): boolean {
  return s.includes(",") && !/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s);
}
const groupingProblem = (s: string) => `「${clipText(s)}」中的逗号不是千位分隔符：逗号只能每三位一组（如 1,234,567），请删去逗号或改正`;

/** The longest text of each column (contracts/limits.ts); a column not named takes `lookup`. */
type Limits = Record<string, number>;
const LIMITS = {
  communities: { 小区编号: TEXT_LIMITS.code, 小区名称: TEXT_LIMITS.name, 街道: TEXT_LIMITS.street, 备注: TEXT_LIMITS.note },
  projects: {
    项目编号: TEXT_LIMITS.code,
    项目名称: TEXT_LIMITS.projectName,
    实施主体: TEXT_LIMITS.entity,
    街道: TEXT_LIMITS.street,
    项目简介: TEXT_LIMITS.description,
    小区编号: TEXT_LIMITS.codeList,
  },
  contents: { 项目编号: TEXT_LIMITS.code, 小区编号: TEXT_LIMITS.code, 单位: TEXT_LIMITS.unit, 备注: TEXT_LIMITS.note },
  targets: { 指标名称: TEXT_LIMITS.indicator, 单位: TEXT_LIMITS.unit, 备注: TEXT_LIMITS.note },
} satisfies Record<RegistryImportKind, Limits>;

class Row {
  constructor(
    readonly rowNumber: number,
    private readonly cells: Map<string, CellValue>,
    private readonly add: (row: number, column: string | null, message: string) => void,
    private readonly limits: Limits,
  ) {}
  problems = 0;
  fail(column: string | null, message: string) {
    this.problems++;
    this.add(this.rowNumber, column, message);
  }
  raw(header: string): CellValue {
    return this.cells.get(normaliseHeader(header)) ?? null;
  }
  has(header: string): boolean {
    return this.cells.has(normaliseHeader(header));
  }
  /** A text cell, trimmed; null when empty or over its column's length limit (then a problem of the row). */
  text(header: string, required = false): string | null {
    const v = cellText(this.raw(header));
    if (required && v === null) this.fail(header, `${shown(header)}不能为空`);
    const max = this.limits[header] ?? TEXT_LIMITS.lookup;
    if (v !== null && v.length > max) return this.fail(header, tooLongMessage(shown(header), v.length, max)), null;
    return v;
  }
  /** A whole number in [min, max]. */
  int(header: string, o: { required?: boolean; min?: number; max?: number; what?: string } = {}): number | null {
    const raw = this.raw(header);
    if (raw === null || cellText(raw) === null) {
      if (o.required) this.fail(header, `${shown(header)}不能为空`);
      return null;
    }
    const typed = String(raw).trim();
    if (typeof raw !== "number" && badGrouping(typed)) return this.fail(header, groupingProblem(typed)), null;
    const s = typed.replace(/,/g, "");
    if (typeof raw !== "number" && !/^[+-]?\d+(\.\d+)?$/.test(s)) {
      this.fail(header, numberProblem(raw, header));
      return null;
    }
    const read = readDecimal(s, 0);
    if (!read.ok) {
      this.fail(header, `${o.what ?? shown(header)}「${clipText(s)}」${read.problem === "too_large" ? "过大，请核对" : "不是整数"}`);
      return null;
    }
    const n = read.units;
    if (o.min !== undefined && n < o.min) return this.fail(header, `${o.what ?? shown(header)}不能小于${o.min}，本行为 ${n}`), null;
    if (o.max !== undefined && n > o.max) return this.fail(header, `${o.what ?? shown(header)}不能大于${o.max}，本行为 ${n}`), null;
    return n;
  }
  /** A decimal with at most `scale` places, as an integer of 1/10^scale. */
  decimal(header: string, scale: number, o: { required?: boolean; min?: number; max?: number } = {}): number | null {
    const raw = this.raw(header);
    if (raw === null || cellText(raw) === null) {
      if (o.required) this.fail(header, `${shown(header)}不能为空`);
      return null;
    }
    let s = typeof raw === "number" ? String(raw) : String(raw).trim();
    if (typeof raw !== "number" && badGrouping(s) && /^[+-]?[\d,]*\.?\d+$/.test(s)) return this.fail(header, groupingProblem(s)), null;
    if (/e/i.test(s) || (typeof raw !== "number" && !/^[+-]?[\d,]*\.?\d+$/.test(s))) {
      this.fail(header, numberProblem(raw, header));
      return null;
    }
    s = s.replace(/,/g, "");
    const read = readDecimal(s, scale);
    if (!read.ok) return this.fail(header, `「${clipText(s)}」${read.problem === "too_large" ? "过大，请核对" : `超出精度：最多${scale}位小数`}`), null;
    const n = read.units;
    const one = 10 ** scale;
    if (o.min !== undefined && n < o.min * one) return this.fail(header, `${shown(header)}不能小于${o.min}，本行为 ${s}`), null;
    if (o.max !== undefined && n > o.max * one) return this.fail(header, `${shown(header)}不能大于${o.max}，本行为 ${s}`), null;
    return n;
  }
  /** An amount in 万元, exact to the 分, not negative and at most `maxFen` (单笔上限). */
  amountWan(header: string, required: boolean, maxFen: Fen): Fen | null {
    const raw = this.raw(header);
    if (raw === null || cellText(raw) === null) {
      if (required) this.fail(header, `${shown(header)}不能为空`);
      return null;
    }
    if (typeof raw !== "number" && typeof raw !== "string") return this.fail(header, numberProblem(raw, header)), null;
    const read = readAmount(raw, "wan");
    if (!read.ok) return this.fail(header, read.problem === "format" ? numberProblem(raw, header) : describeAmountProblem(String(raw), read.problem, "wan")), null;
    const fen = read.units;
    if (fen < 0) return this.fail(header, `金额不能为负数，本行为「${clipText(String(raw))}」`), null;
    if (fen > maxFen) return this.fail(header, describeOverLimit(fen, maxFen)), null;
    return fen;
  }
  date(header: string): string | null {
    const raw = this.raw(header);
    if (raw === null || (typeof raw === "string" && raw.trim() === "")) return null;
    const d = parseDate(raw as string | number | Date);
    if (!d) this.fail(header, `「${raw instanceof Date ? raw.toISOString() : clipText(String(raw))}」不是有效日期，请写成 2021-06-30 的形式`);
    return d;
  }
}

function rows(sheet: ReadSheet, problems: Problem[], limits: Limits): Row[] {
  const add = (row: number | null, column: string | null, message: string) => problems.push({ row, column: column && shown(column), message });
  return sheet.rows.map((r) => new Row(r.rowNumber, r.cells, add, limits));
}

function county(row: Row, ctx: RegistryContext, header = "县区"): Named | null {
  const name = row.text(header, true);
  if (!name) return null;
  const c = ctx.counties.find((x) => x.name === name);
  if (!c) return row.fail(header, `未知县区「${clipText(name)}」，应为本市县区之一：${ctx.counties.map((x) => x.name).join("、")}`), null;
  if (ctx.onlyCounty && c.id !== ctx.onlyCounty.id) {
    return row.fail(header, `县区「${name}」不是您所属的县区（${ctx.onlyCounty.name}），不能导入其他县区的数据`), null;
  }
  return c;
}

/** Canonical text of a record's content, to tell unchanged rows from updates. */
function same<T extends object>(a: T, b: T, keys: (keyof T)[]): boolean {
  const norm = (v: unknown) => (v instanceof Map ? JSON.stringify([...v].filter(([, x]) => x !== 0).sort()) : JSON.stringify(v ?? null));
  return keys.every((k) => norm(a[k]) === norm(b[k]));
}

/** Keys are registered even on rows with other problems, so a repeat is always named. */
function duplicate(seen: Map<string, number>, key: string, row: Row, column: string, what: string): void {
  const first = seen.get(key);
  if (first !== undefined) row.fail(column, `${what}与第${first}行重复`);
  else seen.set(key, row.rowNumber);
}

// ---- 小区 ----------------------------------------------------------------------------------------

const MODE_BY_LABEL = new Map<string, PropertyMode>([
  ...PROPERTY_MODES.map((m) => [PROPERTY_MODE_LABEL[m], m] as [string, PropertyMode]),
  ["无", "none"],
  ["街道统管", "street"],
  ["社区统管", "street"],
  ["物业公司", "professional"],
]);

export function validateCommunities(sheet: ReadSheet, ctx: RegistryContext): RegistryOutcome<CommunityRecord> {
  const problems: Problem[] = [];
  const records: CommunityRecord[] = [];
  let unchanged = 0;
  const seen = new Map<string, number>();
  for (const row of rows(sheet, problems, LIMITS.communities)) {
    const c = county(row, ctx);
    const code = row.text("小区编号", true);
    if (code) duplicate(seen, code, row, "小区编号", `小区编号「${code}」`);
    const name = row.text("小区名称", true);
    const builtYear = row.int("建成年份", { required: true, min: 1900, what: "建成年份" });
    if (builtYear !== null && builtYear > ctx.currentYear) row.fail("建成年份", `建成年份 ${builtYear} 晚于今年（${ctx.currentYear}年），请核对`);
    const buildings = row.int("楼栋数", { required: true, min: 0, what: "楼栋数" });
    const households = row.int("户数", { required: true, min: 0, what: "户数" });
    const area = row.decimal("建筑面积（㎡）", 2, { required: true, min: 0 });
    const modeText = row.text("物业管理模式");
    const propertyMode = modeText ? MODE_BY_LABEL.get(modeText) : "none";
    if (modeText && !propertyMode) row.fail("物业管理模式", `未知物业管理模式「${modeText}」，可选：${Object.values(PROPERTY_MODE_LABEL).join("、")}`);
    const fee = row.decimal("物业费收缴率（%）", 2, { min: 0, max: 100 });
    const lng = row.decimal("经度", 6, { min: -180, max: 180 });
    const lat = row.decimal("纬度", 6, { min: -90, max: 90 });
    if ((lng === null) !== (lat === null) && row.problems === 0) row.fail(lng === null ? "经度" : "纬度", "经度和纬度须同时填写或同时空白");
    const prior = row.int("此前改造年度", { min: 1990, what: "此前改造年度" });
    if (prior !== null && prior > ctx.currentYear) row.fail("此前改造年度", `此前改造年度 ${prior} 晚于今年（${ctx.currentYear}年）`);
    if (prior !== null && builtYear !== null && prior < builtYear) row.fail("此前改造年度", `此前改造年度 ${prior} 早于建成年份 ${builtYear}`);
    const note = row.text("备注");
    const street = row.text("街道");
    if (row.problems || !c || !code || !name || builtYear === null || buildings === null || households === null || area === null || !propertyMode) continue;
    const existing = ctx.communities.get(code);
    if (existing && existing.countyId !== c.id) {
      // A 县区 user learns no more of another county's record than that the number is taken.
      row.fail(
        "小区编号",
        ctx.onlyCounty
          ? `小区编号「${code}」已被其他县区的小区使用，请换一个编号`
          : `小区编号「${code}」已是${ctx.counties.find((x) => x.id === existing.countyId)?.name ?? "其他县区"}的小区「${existing.name}」，不能改到${c.name}`,
      );
      continue;
    }
    const rec: CommunityRecord = {
      op: existing ? "updated" : "new",
      rowNumber: row.rowNumber,
      code,
      countyId: c.id,
      name,
      street,
      builtYear,
      buildings,
      households,
      floorAreaDm2: area,
      propertyMode,
      feeCollectionBp: fee,
      longitude: lng === null ? null : lng / 1e6,
      latitude: lat === null ? null : lat / 1e6,
      priorRenovationYear: prior,
      note,
    };
    if (existing && same(rec, { ...existing, op: rec.op, rowNumber: rec.rowNumber } as CommunityRecord, COMMUNITY_FIELDS)) unchanged++;
    else records.push(rec);
  }
  return { records, unchanged, problems };
}
const COMMUNITY_FIELDS: (keyof CommunityRecord)[] = [
  "countyId", "name", "street", "builtYear", "buildings", "households", "floorAreaDm2", "propertyMode", "feeCollectionBp", "longitude", "latitude", "priorRenovationYear", "note",
];

// ---- 项目 ----------------------------------------------------------------------------------------

const DATE_COLUMNS: [keyof ProjectDates, string][] = [
  ["plannedStartOn", "计划开工日期"],
  ["actualStartOn", "实际开工日期"],
  ["plannedCompletionOn", "计划完工日期"],
  ["actualCompletionOn", "实际完工日期"],
  ["plannedAcceptanceOn", "计划竣工验收日期"],
  ["actualAcceptanceOn", "实际竣工验收日期"],
  ["plannedSettlementOn", "计划结算日期"],
  ["actualSettlementOn", "实际结算日期"],
];
const PROJECT_FIELDS: (keyof ProjectRecord)[] = [
  "countyId", "name", "batchYear", "implementingEntity", "street", "description", "acceptanceResult", ...DATE_COLUMNS.map(([k]) => k),
];

export function validateProjects(sheet: ReadSheet, ctx: RegistryContext): RegistryOutcome<ProjectRecord> {
  const problems: Problem[] = [];
  const records: ProjectRecord[] = [];
  let unchanged = 0;
  const seen = new Map<string, number>();
  // Which project of this import (row) or of the year (code) each community is in.
  const communityRow = new Map<string, { row: number; project: string }>();
  const linkedTo = new Map<string, string>();
  for (const p of ctx.projects.values()) for (const code of p.communityCodes) linkedTo.set(code, p.code);
  const sourceColumns = ctx.sources.filter((s) => sheet.headers.includes(normaliseHeader(s.name + INVESTMENT_SUFFIX)));
  const unknownMoney = sheet.headers.filter((h) => h.endsWith("(万元)") && !ctx.sources.some((s) => normaliseHeader(s.name + INVESTMENT_SUFFIX) === h));
  for (const h of unknownMoney) problems.push({ row: null, column: shown(h), message: `未知资金来源列「${shown(h)}」，资金来源应为：${ctx.sources.map((s) => s.name).join("、")}` });
  const hasCommunities = sheet.headers.includes(normaliseHeader("小区编号"));
  // A project re-imported releases its own links first, so moving a community between two projects of one file works.
  const importedCodes = new Set(sheet.rows.map((r) => cellText(r.cells.get(normaliseHeader("项目编号")) ?? null)).filter((x): x is string => !!x));

  for (const row of rows(sheet, problems, LIMITS.projects)) {
    const c = county(row, ctx);
    const code = row.text("项目编号", true);
    if (code) duplicate(seen, code, row, "项目编号", `项目编号「${code}」`);
    const name = row.text("项目名称", true);
    const batchYear = row.int("批次年度", { min: 2000, max: 2100, what: "批次年度" }) ?? ctx.fundYear.year;
    const dates = Object.fromEntries(DATE_COLUMNS.map(([k, h]) => [k, row.date(h)])) as unknown as ProjectDates;
    if (row.problems === 0) for (const p of dateOrderProblems(dates)) row.fail(DATE_COLUMNS.find(([k]) => k === p.field)![1], p.message);
    const resultText = row.text("验收结果");
    const acceptanceResult = resultText === "合格" ? "qualified" : resultText === "不合格" ? "unqualified" : null;
    if (resultText && !acceptanceResult) row.fail("验收结果", `验收结果应为「合格」或「不合格」，本行为「${resultText}」`);
    if (acceptanceResult && !dates.actualAcceptanceOn) row.fail("验收结果", "填写验收结果前须先填写实际竣工验收日期");
    let investments: Map<number, Fen> | undefined;
    if (sourceColumns.length) {
      investments = new Map();
      for (const s of sourceColumns) {
        const fen = row.amountWan(s.name + INVESTMENT_SUFFIX, false, ctx.maxRowAmountFen);
        if (fen) investments.set(s.id, fen);
      }
    }
    let communityCodes: string[] | undefined;
    if (hasCommunities) {
      communityCodes = (row.text("小区编号") ?? "").split(/[、,，;；\s]+/).filter(Boolean);
      const dup = communityCodes.find((x, i) => communityCodes!.indexOf(x) !== i);
      if (dup) row.fail("小区编号", `小区编号「${dup}」在本行重复出现`);
      for (const cc of communityCodes) {
        if (cc.length > TEXT_LIMITS.code) {
          row.fail("小区编号", tooLongMessage(`小区编号「${clipText(cc)}」`, cc.length, TEXT_LIMITS.code));
          continue;
        }
        const known = ctx.communities.get(cc);
        if (!known) {
          row.fail("小区编号", `小区库中没有小区编号「${cc}」，请先导入小区`);
          continue;
        }
        // A 县区 user learns nothing of another county's community (its name, its project), whatever the row's 县区.
        if (ctx.onlyCounty && known.countyId !== ctx.onlyCounty.id) {
          row.fail("小区编号", `小区编号「${cc}」不是本县区（${ctx.onlyCounty.name}）的小区`);
          continue;
        }
        if (c && known.countyId !== c.id) {
          row.fail(
            "小区编号",
            ctx.onlyCounty
              ? `小区编号「${cc}」不是${c.name}的小区`
              : `小区「${cc} ${known.name}」属于${ctx.counties.find((x) => x.id === known.countyId)?.name ?? "其他县区"}，不能列入${c.name}的项目`,
          );
          continue;
        }
        const inFile = communityRow.get(cc);
        if (inFile && inFile.project !== code) {
          row.fail("小区编号", `小区「${cc} ${known.name}」同时列在第${inFile.row}行的项目「${inFile.project}」中：同一小区一年只能属于一个项目`);
          continue;
        }
        const other = linkedTo.get(cc);
        if (other && other !== code && !importedCodes.has(other)) {
          row.fail("小区编号", `小区「${cc} ${known.name}」已属于本年度项目「${other}」：同一小区一年只能属于一个项目`);
          continue;
        }
        if (code) communityRow.set(cc, { row: row.rowNumber, project: code });
      }
    }
    const implementingEntity = row.text("实施主体");
    const street = row.text("街道");
    const description = row.text("项目简介");
    if (row.problems || !c || !code || !name) continue;
    const existing = ctx.projects.get(code);
    if (existing && existing.countyId !== c.id) {
      row.fail(
        "项目编号",
        ctx.onlyCounty
          ? `项目编号「${code}」已被其他县区的项目使用，请换一个编号`
          : `项目编号「${code}」已是${ctx.counties.find((x) => x.id === existing.countyId)?.name ?? "其他县区"}的项目「${existing.name}」`,
      );
      continue;
    }
    const rec: ProjectRecord = {
      op: existing ? "updated" : "new",
      rowNumber: row.rowNumber,
      code,
      countyId: c.id,
      name,
      batchYear,
      implementingEntity,
      street,
      description,
      acceptanceResult,
      ...dates,
      communityCodes,
      investments,
    };
    const unchangedFields = existing && same(rec, { ...existing, op: rec.op, rowNumber: rec.rowNumber } as unknown as ProjectRecord, PROJECT_FIELDS);
    const sameLinks = !communityCodes || !existing || JSON.stringify([...communityCodes].sort()) === JSON.stringify([...existing.communityCodes].sort());
    const sameMoney = !investments || !existing || same({ m: investments }, { m: existing.investments }, ["m"]);
    if (unchangedFields && sameLinks && sameMoney) unchanged++;
    else records.push(rec);
  }
  // The year's 计划投资 after the file (a project's listed investments replace its stored ones), exactly.
  const replaced = new Map(records.filter((r) => r.investments).map((r) => [r.code, r.investments!]));
  const kept = [...ctx.projects.values()].filter((p) => !replaced.has(p.code)).map((p) => p.investments);
  const yearTotal = [...kept, ...replaced.values()].reduce((sum, m) => sum + exactTotal(m.values()), 0n);
  if (yearTotal > BigInt(ctx.maxYearTotalFen)) return overYearTotal(problems, unchanged, "计划投资", yearTotal, ctx);
  return { records, unchanged, problems };
}

/** Refuses a file that would take a fund year's total past its bound; its rows are not returned. */
function overYearTotal<R>(problems: Problem[], unchanged: number, what: string, total: bigint, ctx: RegistryContext): RegistryOutcome<R> {
  problems.push({ row: null, column: null, message: describeOverYearTotal(what, total, ctx.maxYearTotalFen) });
  return { records: [], unchanged, problems };
}

// ---- 改造内容 ----------------------------------------------------------------------------------

const CATEGORY_BY_LABEL = new Map(Object.entries(RENOVATION_CATEGORY_LABEL).map(([k, v]) => [v, k as RenovationCategory]));

export function validateContents(sheet: ReadSheet, ctx: RegistryContext): RegistryOutcome<ContentRecord> {
  const problems: Problem[] = [];
  const records: ContentRecord[] = [];
  let unchanged = 0;
  const seen = new Map<string, number>();
  const itemByName = new Map(ctx.items.map((i) => [i.name, i]));
  for (const row of rows(sheet, problems, LIMITS.contents)) {
    const projectCode = row.text("项目编号", true);
    let project = projectCode ? ctx.projects.get(projectCode) : undefined;
    // A 县区 user learns nothing of another county's project (its name, its communities), not even that it exists.
    if (projectCode && ctx.onlyCounty && (!project || project.countyId !== ctx.onlyCounty.id)) {
      row.fail("项目编号", `项目编号「${projectCode}」不是本县区（${ctx.onlyCounty.name}）本年度的项目，请核对；新项目请先导入项目`);
      project = undefined;
    } else if (projectCode && !project) row.fail("项目编号", `未知项目编号「${projectCode}」：本年度没有这个项目，请先导入项目`);
    const communityCode = row.text("小区编号");
    if (communityCode && project && !project.communityCodes.includes(communityCode)) {
      row.fail("小区编号", `小区编号「${communityCode}」不在项目「${projectCode}」的小区中（该项目的小区：${project.communityCodes.join("、") || "无"}）`);
    }
    const itemName = row.text("改造内容", true);
    const item = itemName ? itemByName.get(itemName) : undefined;
    if (itemName && !item) row.fail("改造内容", `改造内容目录中没有「${itemName}」，请从「参照」工作表中选择`);
    const categoryText = row.text("改造类别");
    if (categoryText) {
      const category = CATEGORY_BY_LABEL.get(categoryText);
      if (!category) row.fail("改造类别", `改造类别应为基础类、完善类或提升类，本行为「${categoryText}」`);
      else if (item && item.category !== category) row.fail("改造类别", `「${item.name}」属于${RENOVATION_CATEGORY_LABEL[item.category]}，不是${categoryText}`);
    }
    if (projectCode && item) duplicate(seen, contentKey(projectCode, item.id, communityCode), row, "改造内容", `「${item.name}」${communityCode ? `（小区 ${communityCode}）` : ""}`);
    const quantity = row.decimal("数量", 4, { required: true, min: 0 });
    const costFen = row.amountWan("金额（万元）", true, ctx.maxRowAmountFen);
    const unit = row.text("单位");
    const note = row.text("备注");
    if (row.problems || !project || !projectCode || !item || quantity === null || costFen === null) continue;
    const key = contentKey(projectCode, item.id, communityCode);
    const existing = ctx.contents.get(key);
    const rec: ContentRecord = {
      op: existing ? "updated" : "new",
      rowNumber: row.rowNumber,
      projectCode,
      itemId: item.id,
      communityCode,
      quantity: formatQuantity(quantity),
      unit: unit ?? item.unit,
      costFen,
      note,
    };
    if (existing && same(rec, { ...existing, op: rec.op, rowNumber: rec.rowNumber }, ["quantity", "unit", "costFen", "note"])) unchanged++;
    else records.push(rec);
  }
  // The year's 改造内容金额 after the file (a row replaces the stored content of its key), exactly.
  const costs = new Map([...ctx.contents].map(([key, c]) => [key, c.costFen]));
  for (const r of records) costs.set(contentKey(r.projectCode, r.itemId, r.communityCode), r.costFen);
  const yearTotal = exactTotal(costs.values());
  if (yearTotal > BigInt(ctx.maxYearTotalFen)) return overYearTotal(problems, unchanged, "改造内容金额", yearTotal, ctx);
  return { records, unchanged, problems };
}

// ---- 绩效目标 ----------------------------------------------------------------------------------

const METRIC_BY_LABEL = new Map<string, TargetMetric>(TARGET_METRICS.map((m) => [METRIC_INFO[m].label, m]));

export function validateTargets(sheet: ReadSheet, ctx: RegistryContext): RegistryOutcome<TargetRecord> {
  const problems: Problem[] = [];
  const records: TargetRecord[] = [];
  let unchanged = 0;
  const seen = new Map<string, number>();
  for (const row of rows(sheet, problems, LIMITS.targets)) {
    const scopeText = row.text("范围", true);
    let countyId: number | null = null;
    if (scopeText && scopeText !== "全市") {
      const c = ctx.counties.find((x) => x.name === scopeText);
      if (!c) row.fail("范围", `范围应为「全市」或本市县区名称，本行为「${scopeText}」`);
      else countyId = c.id;
    }
    const indicator = row.text("指标名称", true);
    if (scopeText && indicator) duplicate(seen, targetKey(countyId, indicator), row, "指标名称", `「${scopeText}」的指标「${indicator}」`);
    const metricText = row.text("计算口径");
    const metric = metricText ? (METRIC_BY_LABEL.get(metricText) ?? null) : null;
    if (metricText && !metric) row.fail("计算口径", `未知计算口径「${metricText}」，可选：${[...METRIC_BY_LABEL.keys()].join("、")}；空白表示手工填写实际值`);
    const unit = row.text("单位", true);
    if (metric && unit && unit !== METRIC_INFO[metric].unit) row.fail("单位", `「${metricText}」的单位应为「${METRIC_INFO[metric].unit}」，本行为「${unit}」`);
    const directionText = row.text("指标方向");
    const direction = !directionText || directionText === "正向" ? "positive" : directionText === "反向" ? "negative" : null;
    if (!direction) row.fail("指标方向", `指标方向应为「正向」或「反向」，本行为「${directionText}」`);
    const target = row.decimal("目标值", 4, { required: true, min: 0 });
    const manual = row.decimal("实际值", 4, { min: 0 });
    if (manual !== null && metric) row.fail("实际值", `「${metricText}」由系统计算实际值，不能手工填写`);
    const note = row.text("备注");
    if (row.problems || !scopeText || !indicator || !unit || !direction || target === null) continue;
    const key = targetKey(countyId, indicator);
    const existing = ctx.targets.get(key);
    const rec: TargetRecord = {
      op: existing ? "updated" : "new",
      rowNumber: row.rowNumber,
      countyId,
      indicator,
      metric,
      unit,
      direction,
      targetValue: formatQuantity(target),
      manualActual: manual === null ? null : formatQuantity(manual),
      note,
    };
    if (existing && same(rec, { ...existing, op: rec.op, rowNumber: rec.rowNumber }, ["metric", "unit", "direction", "targetValue", "manualActual", "note"])) unchanged++;
    else records.push(rec);
  }
  return { records, unchanged, problems };
}

export function validateRegistrySheet(kind: RegistryImportKind, sheet: ReadSheet, ctx: RegistryContext): RegistryOutcome<RegistryRecord> {
  if (sheet.rows.length === 0) return { records: [], unchanged: 0, problems: [{ row: null, column: null, message: `工作表「${sheet.sheetName}」中没有数据行` }] };
  switch (kind) {
    case "communities":
      return validateCommunities(sheet, ctx);
    case "projects":
      return validateProjects(sheet, ctx);
    case "contents":
      return validateContents(sheet, ctx);
    case "targets":
      return validateTargets(sheet, ctx);
  }
}

