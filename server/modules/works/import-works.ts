/** 从 Excel 导入施工计划: an operator's planned works through the one table import pipeline. */
import { checkWorkRows, sameKey, WORK_COLUMNS, type WorkCheckContext, type WorkRecord } from "../../../core/works/import";
import { UTILITY_KINDS, WORK_STATUSES, type UtilityKind } from "../../../core/works/kinds";
import type { TableImportResult } from "../../../contracts/imports";
import type { ServiceContext } from "../../context";
import { AppError } from "../../errors";
import { cellText, runTableImport, type TableImportKind } from "../../import-pipeline";
import { addTableSheet, newWorkbook, workbookBuffer } from "../../xlsx";
import * as repo from "./repository";
import { notifyNewConflicts, operatorOf, ruleOf, scopeOf } from "./service";

interface Context extends WorkCheckContext {
  operator: repo.OperatorRow;
}

const C = WORK_COLUMNS;

export const workImportKind: TableImportKind<WorkRecord, Context> = {
  label: "施工计划",
  entityType: "utility_work_import",
  required: [C.community, C.kind, C.scope, C.from, C.to],
  async load(db, ctx) {
    const operator = await operatorOf(db, ctx.actor);
    if (!operator) throw new AppError("FORBIDDEN", "本账户未关联专营单位，不能导入施工计划");
    const [shared, works, rule] = [await repo.sharedCommunities(db, scopeOf(ctx.actor)), await repo.listWorks(db, { regionPath: ctx.actor.regionPath }), await ruleOf(db)];
    return {
      operator,
      communities: new Map(shared.map((c) => [c.code, { id: c.id, name: c.name }])),
      kinds: operator.kinds as UtilityKind[],
      diggingKinds: rule.diggingKinds,
      existing: new Set(works.filter((w) => w.operatorId === operator.id).map(sameKey)),
    };
  },
  check(sheet, context) {
    const rows = sheet.rows.map((r) => ({
      row: r.rowNumber,
      community: cellText(r, C.community),
      kind: cellText(r, C.kind),
      scope: cellText(r, C.scope),
      from: cellText(r, C.from),
      to: cellText(r, C.to),
      digs: cellText(r, C.digs),
      status: cellText(r, C.status),
    }));
    return checkWorkRows(rows, context);
  },
  preview: (r) => ({
    [C.community]: r.communityCode,
    小区: r.communityName,
    [C.kind]: r.kind,
    [C.scope]: r.scope,
    [C.from]: r.plannedFrom,
    [C.to]: r.plannedTo,
    [C.digs]: r.digs ? "是" : "否",
    [C.status]: r.status,
  }),
  async write(tx, records, context, ctx) {
    for (const r of records) {
      await repo.insertWork(tx, {
        operatorId: context.operator.id,
        communityId: r.communityId,
        kind: r.kind,
        scope: r.scope,
        plannedFrom: r.plannedFrom,
        plannedTo: r.plannedTo,
        digs: r.digs,
        status: r.status,
        updatedBy: ctx.actor.userId || null,
      });
    }
    const rule = await ruleOf(tx);
    for (const communityId of new Set(records.map((r) => r.communityId))) await notifyNewConflicts(tx, communityId, rule);
    return {
      summary: `${context.operator.name}新增 ${records.length} 项施工计划`,
      after: records.map((r) => ({ community: r.communityCode, kind: r.kind, from: r.plannedFrom, to: r.plannedTo })),
    };
  },
};

export function importWorks(o: { ctx: ServiceContext; fileName: string; data: Buffer | Uint8Array; dryRun: boolean }): Promise<TableImportResult> {
  return runTableImport(workImportKind, o);
}

/** The template: the 施工计划 sheet holding the operator's works already registered, the 小区 list and 填写说明. */
export async function buildWorkTemplate(ctx: ServiceContext): Promise<{ buffer: Buffer; fileName: string }> {
  const operator = await operatorOf(ctx.db, ctx.actor);
  if (!operator) throw new AppError("FORBIDDEN", "本账户未关联专营单位，不能导入施工计划");
  const shared = await repo.sharedCommunities(ctx.db, scopeOf(ctx.actor));
  const codeOf = new Map(shared.map((c) => [c.id, c.code]));
  const own = (await repo.listWorks(ctx.db, { regionPath: ctx.actor.regionPath })).filter((w) => w.operatorId === operator.id);
  const rule = await ruleOf(ctx.db);
  const wb = newWorkbook();
  addTableSheet(
    wb,
    "施工计划",
    [
      { header: C.community, width: 16, note: "见「小区」工作表" },
      { header: C.kind, width: 10, note: `本单位：${operator.kinds.join("、")}` },
      { header: C.scope, width: 36, note: "管线、表具、线缆或设备，500 字以内" },
      { header: C.from, width: 14, note: "如 2021-03-15" },
      { header: C.to, width: 14, note: "如 2021-04-30" },
      { header: C.digs, width: 10, note: `是 或 否；不填时${rule.diggingKinds.join("、")}按开挖计` },
      { header: C.status, width: 10, note: `${WORK_STATUSES.join("、")}；不填为 计划` },
    ],
    own.map((w) => [codeOf.get(w.communityId) ?? "", w.kind, w.scope, w.plannedFrom, w.plannedTo, w.digs ? "是" : "否", w.status]),
  );
  addTableSheet(
    wb,
    "小区",
    [
      { header: "小区编码", width: 16 },
      { header: "小区名称", width: 28 },
      { header: "县区", width: 10 },
      { header: "街道", width: 16 },
    ],
    shared.map((c) => [c.code, c.name, c.countyName, c.street ?? ""]),
  );
  const help = wb.addWorksheet("填写说明");
  help.getColumn(1).width = 100;
  [
    `${operator.name} 施工计划导入模板`,
    "",
    "1. 在「施工计划」工作表逐行填写，一行一项施工；不要修改表头。表中已列出本单位已登记的施工计划，保留不会重复登记。",
    "2. 小区编码：见「小区」工作表（本单位服务区域内的全部小区）。",
    `3. 专业：${UTILITY_KINDS.join("、")}之一，且须为本单位的专业（${operator.kinds.join("、")}）。`,
    `4. 计划开始日期、计划完成日期：如 2021-03-15；完成日期不能早于开始日期。`,
    `5. 是否开挖：是 或 否。同一小区内多项开挖施工（或与改造项目）窗口相隔不超过 ${rule.gapDays} 天视为一次开挖，否则提示反复开挖冲突。`,
    "6. 上传后系统先试导入（预检），逐行列出问题；全部无误后才能确认导入，要么全部导入，要么全部不导入。已登记的计划请在「施工计划」页修改。",
  ].forEach((t, i) => {
    const cell = help.getCell(i + 1, 1);
    cell.value = t;
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
  return { buffer: await workbookBuffer(wb), fileName: "施工计划导入模板.xlsx" };
}
