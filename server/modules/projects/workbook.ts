/**
 * Workbooks of the registry: the import templates (with a 参照 sheet and 填写说明) and the export of
 * projects, communities, contents and targets under the templates' headers, so that an exported
 * workbook imports again unchanged.
 */
import { countyScope } from "../../../core/access";
import { FEN_PER_WAN } from "../../../core/money";
import { METRIC_INFO, PROPERTY_MODE_LABEL, RENOVATION_CATEGORY_LABEL, TARGET_METRICS } from "../../../core/registry";
import { parseQuantity } from "../../../core/targets";
import { REGISTRY_IMPORT_LABEL, type RegistryImportKind } from "../../../contracts/projects";
import type { ServiceContext } from "../../context";
import { addTableSheet, excelDate, newWorkbook, workbookBuffer, type CellValue, type ColumnSpec } from "../../xlsx";
import { listCounties, listSources } from "../../../db/queries/reference";
import { resolveFundYear } from "../funds/service";
import { COMMUNITY_COLUMNS, CONTENT_COLUMNS, INVESTMENT_SUFFIX, investmentNote, PROJECT_COLUMNS, TARGET_COLUMNS } from "./columns";
import * as importRepo from "./import-repository";
import * as repo from "./repository";
import type ExcelJS from "exceljs";

const WAN_FMT = "#,##0.00####";
// Cells hold 万元 for reading; sums were made in 分 before the division.
const wan = (fen: number) => fen / FEN_PER_WAN;
const date = (d: string | null) => (d ? excelDate(d) : null);
const quantity = (q: string | null) => (q === null ? null : (parseQuantity(q) ?? 0) / 10_000);

async function projectColumns(ctx: ServiceContext) {
  const sources = await listSources(ctx.db);
  const columns: ColumnSpec[] = [
    ...PROJECT_COLUMNS.slice(0, -1),
    ...sources.map((s) => ({ header: s.name + INVESTMENT_SUFFIX, width: 14, numFmt: WAN_FMT, note: investmentNote(s.category) })),
    PROJECT_COLUMNS[PROJECT_COLUMNS.length - 1],
  ];
  return { sources, columns };
}

function help(wb: ExcelJS.Workbook, lines: string[]) {
  const ws = wb.addWorksheet("填写说明");
  ws.getColumn(1).width = 110;
  lines.forEach((t, i) => {
    const cell = ws.getCell(i + 1, 1);
    cell.value = t;
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
}

/** An empty import template of one kind for a fund year. */
export async function buildRegistryTemplate(ctx: ServiceContext, kind: RegistryImportKind, fundYearId: number) {
  const { db } = ctx;
  const { row, fundYear } = await resolveFundYear(ctx, fundYearId);
  const own = countyScope(ctx.actor);
  const counties = (await listCounties(db, row.fy.regionId)).filter((c) => own === null || c.id === own);
  const label = REGISTRY_IMPORT_LABEL[kind];
  const wb = newWorkbook();
  let columns: ColumnSpec[];
  const reference: { columns: ColumnSpec[]; rows: CellValue[][] } = { columns: [{ header: "县区", width: 12 }], rows: counties.map((c) => [c.name]) };
  if (kind === "communities") {
    columns = COMMUNITY_COLUMNS;
    reference.columns.push({ header: "物业管理模式", width: 16 });
    Object.values(PROPERTY_MODE_LABEL).forEach((m, i) => ((reference.rows[i] ??= [null])[1] = m));
  } else if (kind === "projects") {
    columns = (await projectColumns(ctx)).columns;
  } else if (kind === "contents") {
    columns = CONTENT_COLUMNS;
    const items = await importRepo.listItems(db);
    reference.columns = [{ header: "改造类别", width: 10 }, { header: "改造内容", width: 30 }, { header: "单位", width: 8 }];
    reference.rows = items.map((i) => [RENOVATION_CATEGORY_LABEL[i.category], i.name, i.unit]);
  } else {
    columns = TARGET_COLUMNS;
    reference.columns = [{ header: "范围", width: 12 }, { header: "计算口径", width: 18 }, { header: "单位", width: 8 }, { header: "计算方法", width: 60 }];
    const scopes = ["全市", ...counties.map((c) => c.name)];
    reference.rows = Array.from({ length: Math.max(scopes.length, TARGET_METRICS.length) }, (_, i) => {
      const m = TARGET_METRICS[i];
      return [scopes[i] ?? null, m ? METRIC_INFO[m].label : null, m ? METRIC_INFO[m].unit : null, m ? METRIC_INFO[m].rule : null];
    });
  }
  addTableSheet(wb, label, columns, []);
  addTableSheet(wb, "参照", reference.columns, reference.rows);
  help(wb, [
    `${fundYear.region.name}${fundYear.year}年度${fundYear.programme}——${label}导入模板`,
    "",
    `1. 在「${label}」工作表第2行起逐行填写，一行一条；不要修改表头。列名中的单位（㎡、万元、%）只写在表头，单元格只填数字。`,
    ...columns.map((c, i) => `   ${columnLetter(i)}列 ${c.header}：${c.note ?? "选填"}`),
    "2. 上传后系统先试导入（预检），逐行列出问题；全部无误后才能确认导入，要么全部导入，要么全部不导入。",
    "3. 编号相同的行会更新已有记录；内容完全相同的行不会重复写入，因此同一文件可以放心重复导入。",
    "4. 可选值见「参照」工作表。",
  ]);
  wb.views = [{ activeTab: 0, x: 0, y: 0, width: 10000, height: 20000, firstSheet: 0, visibility: "visible" }];
  return { buffer: await workbookBuffer(wb), fileName: `${label}导入模板_${fundYear.region.name}${fundYear.year}.xlsx` };
}

function columnLetter(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : String.fromCharCode(64 + Math.floor(i / 26)) + String.fromCharCode(65 + (i % 26));
}

/** 项目, 小区, 改造内容 and 绩效目标 of a fund year (a county user: their county), re-importable. */
export async function exportRegistryWorkbook(ctx: ServiceContext, fundYearId: number) {
  const { db } = ctx;
  const { row, fundYear } = await resolveFundYear(ctx, fundYearId);
  const own = countyScope(ctx.actor) ?? undefined;
  const counties = (await listCounties(db, row.fy.regionId)).filter((c) => own === undefined || c.id === own);
  const countyName = new Map(counties.map((c) => [c.id, c.name]));
  const [{ sources, columns }, projects, communities, contents, targets] = await Promise.all([
    projectColumns(ctx),
    importRepo.existingProjects(db, fundYear.id),
    importRepo.existingCommunities(db, counties.map((c) => c.id)),
    importRepo.existingContents(db, fundYear.id),
    repo.listTargets(db, fundYear.id, own),
  ]);
  const items = new Map((await importRepo.listItems(db)).map((i) => [i.id, i]));
  const mine = [...projects.values()].filter((p) => countyName.has(p.countyId));
  const wb = newWorkbook();
  addTableSheet(
    wb,
    "项目",
    columns,
    mine.map((p) => [
      countyName.get(p.countyId)!,
      p.code,
      p.name,
      p.batchYear,
      p.implementingEntity,
      p.street,
      p.communityCodes.join("、"),
      date(p.plannedStartOn),
      date(p.actualStartOn),
      date(p.plannedCompletionOn),
      date(p.actualCompletionOn),
      date(p.plannedAcceptanceOn),
      date(p.actualAcceptanceOn),
      p.acceptanceResult === "qualified" ? "合格" : p.acceptanceResult === "unqualified" ? "不合格" : null,
      date(p.plannedSettlementOn),
      date(p.actualSettlementOn),
      ...sources.map((s) => (p.investments.get(s.id) ? wan(p.investments.get(s.id)!) : null)),
      p.description,
    ]),
  );
  addTableSheet(
    wb,
    "小区",
    COMMUNITY_COLUMNS,
    [...communities.values()].map((c) => [
      countyName.get(c.countyId)!,
      c.code,
      c.name,
      c.street,
      c.builtYear,
      c.buildings,
      c.households,
      c.floorAreaDm2 / 100,
      PROPERTY_MODE_LABEL[c.propertyMode],
      c.feeCollectionBp === null ? null : c.feeCollectionBp / 100,
      c.longitude,
      c.latitude,
      c.priorRenovationYear,
      c.note,
    ]),
  );
  const mineCodes = new Set(mine.map((p) => p.code));
  addTableSheet(
    wb,
    "改造内容",
    CONTENT_COLUMNS,
    [...contents.values()]
      .filter((c) => mineCodes.has(c.projectCode))
      .map((c) => {
        const item = items.get(c.itemId)!;
        return [c.projectCode, c.communityCode, RENOVATION_CATEGORY_LABEL[item.category], item.name, quantity(c.quantity), c.unit, wan(c.costFen), c.note];
      }),
  );
  addTableSheet(
    wb,
    "绩效目标",
    TARGET_COLUMNS,
    targets.map((t) => [
      t.countyId === null ? "全市" : (countyName.get(t.countyId) ?? ""),
      t.indicator,
      t.metric && t.metric in METRIC_INFO ? METRIC_INFO[t.metric as keyof typeof METRIC_INFO].label : null,
      t.unit,
      t.direction === "positive" ? "正向" : "反向",
      quantity(t.targetValue),
      quantity(t.manualActual),
      t.note,
    ]),
  );
  const scopeName = own !== undefined ? counties[0]?.name : fundYear.region.name;
  return {
    buffer: await workbookBuffer(wb),
    fileName: `${scopeName}${fundYear.year}年度项目库${fundYear.isDemo ? "（示例数据）" : ""}.xlsx`,
  };
}
