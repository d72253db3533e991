/** 整改台账.xlsx: the filtered ledger as a workbook (every row of the filter, no paging). */
import type { LedgerQuery } from "../../../contracts/rectification";
import { formatDateCn } from "../../../core/dates";
import { ITEM_STATE_LABEL, isOverdue, ownerLabel, SEVERITY_LABEL } from "../../../core/rectification/rules";
import type { ServiceContext } from "../../context";
import { addTableSheet, newWorkbook, workbookBuffer, type CellValue } from "../../xlsx";
import { beijingToday, itemVisibility, ownerOf } from "./access";
import { ledgerFilter, type LedgerOptions } from "./list-ledger";
import * as repo from "./repository";

export const LEDGER_HEADERS = ["问题", "类别", "严重程度", "责任单位", "整改措施", "整改期限", "状态", "是否逾期", "整改情况", "验收人", "验收时间"] as const;

const TIME = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "numeric", day: "numeric" });
const dateCn = (d: Date) => {
  const p = Object.fromEntries(TIME.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}年${p.month}月${p.day}日`;
};

export async function exportLedger(ctx: ServiceContext, q: Omit<LedgerQuery, "page" | "pageSize">, o: LedgerOptions = {}): Promise<{ fileName: string; data: Buffer }> {
  const today = o.today ?? beijingToday();
  const rows = await repo.listItems(ctx.db, itemVisibility(ctx.actor), ledgerFilter(ctx, q, today));
  const cells: CellValue[][] = rows.map((r) => {
    const i = r.item;
    return [
      r.findingTitle,
      r.findingCategory,
      SEVERITY_LABEL[r.findingSeverity],
      ownerLabel(ownerOf(i), r.countyName),
      i.measures,
      formatDateCn(i.deadline),
      ITEM_STATE_LABEL[i.state],
      isOverdue(i.state, i.deadline, i.overdueSince, today) ? "是" : i.overdueSince ? "逾期后已提交" : "否",
      i.progress,
      i.state === "accepted" ? (i.verifiedByName ?? "") : "",
      i.state === "accepted" && i.verifiedAt ? dateCn(i.verifiedAt) : "",
    ];
  });
  const wb = newWorkbook();
  const widths = [30, 10, 10, 14, 40, 16, 10, 12, 40, 16, 16];
  addTableSheet(
    wb,
    "整改台账",
    LEDGER_HEADERS.map((header, k) => ({ header, width: widths[k] })),
    cells,
    { title: "整改台账", subtitle: `导出日期 ${formatDateCn(today)}　共 ${rows.length} 项` },
  );
  return { fileName: "整改台账.xlsx", data: await workbookBuffer(wb) };
}
