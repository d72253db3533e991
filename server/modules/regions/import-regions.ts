/** 从 Excel 导入 regions (编码, 名称, 级别, 上级编码) through the one table import pipeline. */
import { regionInScope } from "../../../core/access";
import { checkRegionRows, LEVEL_WORDS_HINT, REGION_COLUMNS, REGION_LEVEL_LABEL, type ExistingRegion, type RegionRecord } from "../../../core/regions";
import type { TableImportResult } from "../../../contracts/imports";
import type { ServiceContext } from "../../context";
import { cellText, runTableImport, type TableImportKind } from "../../import-pipeline";
import { addTableSheet, newWorkbook, workbookBuffer } from "../../xlsx";
import * as repo from "./repository";

interface RegionImportContext {
  existing: ExistingRegion[];
  idByCode: Map<string, number>;
  mayAddRoot: boolean;
}

const C = REGION_COLUMNS;

export const regionImportKind: TableImportKind<RegionRecord, RegionImportContext> = {
  label: "行政区划",
  entityType: "region_import",
  required: [C.code, C.name, C.level, C.parentCode],
  lock: repo.lockRegions,
  async load(db, ctx) {
    const rows = await repo.allRegionsWithParentCode(db);
    return {
      existing: rows.map((r) => ({
        code: r.code,
        name: r.name,
        level: r.level,
        parentCode: r.parentCode,
        retired: r.retiredAt !== null,
        inScope: regionInScope(ctx.actor, r.path),
      })),
      idByCode: new Map(rows.map((r) => [r.code, r.id])),
      mayAddRoot: ctx.actor.regionPath === null,
    };
  },
  check(sheet, context) {
    const rows = sheet.rows.map((r) => ({
      row: r.rowNumber,
      code: cellText(r, C.code),
      name: cellText(r, C.name),
      level: cellText(r, C.level),
      parentCode: cellText(r, C.parentCode),
    }));
    return checkRegionRows(rows, context.existing, { mayAddRoot: context.mayAddRoot });
  },
  preview: (r) => ({ [C.code]: r.code, [C.name]: r.name, [C.level]: REGION_LEVEL_LABEL[r.level], [C.parentCode]: r.parentCode }),
  async write(tx, records, context) {
    const ids = new Map(context.idByCode);
    const nextOrder = new Map<number | null, number>();
    // Records come parents first: each parent's id is known when its children are written.
    for (const r of records) {
      const parentId = r.parentCode ? ids.get(r.parentCode)! : null;
      if (!nextOrder.has(parentId)) nextOrder.set(parentId, await repo.nextSortOrder(tx, parentId));
      const sortOrder = nextOrder.get(parentId)!;
      nextOrder.set(parentId, sortOrder + 1);
      const row = await repo.insertRegion(tx, { code: r.code, name: r.name, level: r.level, parentId, sortOrder });
      ids.set(row.code, row.id);
    }
    return { summary: `新增 ${records.length} 个区划`, after: records.map((r) => ({ code: r.code, name: r.name })) };
  },
};

export function importRegions(o: { ctx: ServiceContext; fileName: string; data: Buffer | Uint8Array; dryRun: boolean }): Promise<TableImportResult> {
  return runTableImport(regionImportKind, o);
}

/**
 * The import template: the 行政区划 sheet holding the actor's regions already there (importing them
 * again changes nothing, and their codes are the parents to write under), and a 填写说明 sheet.
 */
export async function buildRegionTemplate(ctx: ServiceContext): Promise<{ buffer: Buffer; fileName: string }> {
  const rows = (await repo.allRegionsWithParentCode(ctx.db)).filter((r) => regionInScope(ctx.actor, r.path) && r.retiredAt === null);
  const rank = { province: 0, city: 1, county: 2, street: 3 } as const;
  rows.sort((a, b) => rank[a.level] - rank[b.level] || a.code.localeCompare(b.code));
  const wb = newWorkbook();
  addTableSheet(
    wb,
    "行政区划",
    [
      { header: C.code, width: 14, note: "6位（省、市、县区）或9位（街道、乡镇）数字，GB/T 2260" },
      { header: C.name, width: 24 },
      { header: C.level, width: 14, note: LEVEL_WORDS_HINT },
      { header: C.parentCode, width: 14, note: "上级区划的编码；省级和直辖市不填" },
    ],
    rows.map((r) => [r.code, r.name, REGION_LEVEL_LABEL[r.level], r.parentCode]),
  );
  const help = wb.addWorksheet("填写说明");
  help.getColumn(1).width = 100;
  [
    "行政区划导入模板",
    "",
    "1. 在「行政区划」工作表逐行填写，一行一个区划；不要修改表头。表中已列出的是现有区划，可保留（重复导入不会改变它们）。",
    `2. 编码：省级如 370000，市级如 371300（直辖市用 110000 等），县区如 371302，街道（乡镇）为9位如 371302001；编码不能重复。`,
    `3. 级别：${LEVEL_WORDS_HINT}（也可写 省级、市级、地级市、县、区、县级、街道、乡镇）。`,
    "4. 上级编码：上级区划的编码，可以是本文件中的行，也可以是已有区划；下级编码须以上级编码开头（市4位、县区6位、省2位）。",
    "5. 上传后系统先试导入（预检），逐行列出问题；全部无误后才能确认导入，要么全部导入，要么全部不导入。",
    "6. 已有区划改名请在「区划管理」中重命名，以保留改名记录。",
  ].forEach((t, i) => {
    const cell = help.getCell(i + 1, 1);
    cell.value = t;
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
  return { buffer: await workbookBuffer(wb), fileName: "行政区划导入模板.xlsx" };
}
