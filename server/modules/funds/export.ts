import { countyScope } from "../../../core/access";
import type { ServiceContext } from "../../context";
import { FEN_PER_WAN, FEN_PER_YUAN, formatBasisPoints } from "../../../core/money";
import { formatDateCn } from "../../../core/dates";
import { addTableSheet, excelDate, newWorkbook, workbookBuffer, type CellValue } from "../../xlsx";
import { ALLOCATION_COLUMNS, PAYMENT_COLUMNS } from "../imports/columns";
import * as repo from "./repository";
import { getFundsSummary } from "./service";

// Cells hold 万元 for reading; every total was summed in 分 before the division.
const wan = (fen: number) => fen / FEN_PER_WAN;
const yuan = (fen: number) => fen / FEN_PER_YUAN;
// The 汇总 sheet shows 万元 with two decimals, as every table of the web does (the cell keeps the
// exact value); the detail sheets keep the import templates' formats, exact to the 分.
const WAN_FMT = "#,##0.00";

/**
 * The ledger as a workbook: 汇总 (county × source with rates), 下达明细 and 支付明细. The two detail
 * sheets carry the import templates' headers, so an exported sheet can be imported again unchanged.
 */
export async function exportLedgerWorkbook(ctx: ServiceContext, q: { fundYearId: number; asOf?: string }) {
  const s = await getFundsSummary(ctx, q);
  const { db } = ctx;
  const wb = newWorkbook();
  const title = `${s.fundYear.region.name}${s.fundYear.year}年度${s.fundYear.programme}执行情况`;
  const subtitle = `截至${formatDateCn(s.asOf)}　金额单位：万元${s.fundYear.isDemo ? "　（示例数据）" : ""}`;

  const cell = (sourceId: number, countyId: number) => s.cells.find((c) => c.sourceId === sourceId && c.countyId === countyId);
  const columns = [
    { header: "县区", width: 12 },
    ...s.sources.flatMap((src) => [
      { header: `${src.name}下达`, numFmt: WAN_FMT, width: 14 },
      { header: `${src.name}支付`, numFmt: WAN_FMT, width: 14 },
      { header: `${src.name}执行率`, width: 12 },
    ]),
    { header: "合计下达", numFmt: WAN_FMT, width: 14 },
    { header: "合计支付", numFmt: WAN_FMT, width: 14 },
    { header: "预算执行率", width: 12 },
  ];
  const rows: CellValue[][] = s.counties.map((county) => {
    const total = s.byCounty.find((c) => c.countyId === county.id)!;
    return [
      county.name,
      ...s.sources.flatMap((src) => {
        const c = cell(src.id, county.id);
        return c ? [wan(c.allocatedFen), wan(c.paidFen), formatBasisPoints(c.executionBp)] : [0, 0, "—"];
      }),
      wan(total.allocatedFen),
      wan(total.paidFen),
      formatBasisPoints(total.executionBp),
    ];
  });
  rows.push([
    "合计",
    ...s.bySource.flatMap((b) => [wan(b.allocatedFen), wan(b.paidFen), formatBasisPoints(b.executionBp)]),
    wan(s.total.allocatedFen),
    wan(s.total.paidFen),
    formatBasisPoints(s.total.executionBp),
  ]);
  const summary = addTableSheet(wb, "汇总", columns, rows, { title, subtitle });
  summary.lastRow!.font = { bold: true };

  const filter = { fundYearId: s.fundYear.id, asOf: s.asOf, countyId: countyScope(ctx.actor) ?? undefined, page: null };
  const [allocs, pays] = await Promise.all([repo.listAllocations(db, filter), repo.listPayments(db, filter)]);
  addTableSheet(
    wb,
    "下达明细",
    ALLOCATION_COLUMNS,
    allocs.items.map((a) => [a.county, a.source, wan(a.amountFen), a.docNo, excelDate(a.allocatedOn), a.projectCode, a.note]),
  );
  addTableSheet(
    wb,
    "支付明细",
    PAYMENT_COLUMNS,
    pays.items.map((p) => [p.county, p.projectCode, p.source, yuan(p.amountFen), excelDate(p.paidOn), p.voucherNo, p.note]),
  );
  return {
    buffer: await workbookBuffer(wb),
    fileName: `${s.counties.length === 1 && countyScope(ctx.actor) ? s.counties[0].name : s.fundYear.region.name}${s.fundYear.year}年度资金台账_截至${s.asOf}.xlsx`,
  };
}
