import { countyScope } from "../../../core/access";
import type { ServiceContext } from "../../context";
import { IMPORT_KIND_LABEL, type ImportKind } from "../../../contracts/imports";
import { formatDateCn } from "../../../core/dates";
import { addTableSheet, newWorkbook, workbookBuffer } from "../../xlsx";
import { listCounties, listProjects, listSources } from "../../../db/queries/reference";
import { resolveFundYear } from "../funds/service";
import { ALLOCATION_COLUMNS, PAYMENT_COLUMNS } from "./columns";

/**
 * An empty import template for a fund year: the data sheet with Chinese headers and drop-down lists
 * for 县区 and 资金来源, a 填写说明 sheet, and the reference lists (counties, sources, projects).
 */
export async function buildTemplate(ctx: ServiceContext, kind: ImportKind, fundYearId: number) {
  const { db } = ctx;
  const { row, fundYear } = await resolveFundYear(ctx, fundYearId);
  const own = countyScope(ctx.actor) ?? undefined;
  const [allCounties, sources, projects] = await Promise.all([
    listCounties(db, row.fy.regionId),
    listSources(db),
    listProjects(db, fundYear.id, own),
  ]);
  const counties = own === undefined ? allCounties : allCounties.filter((c) => c.id === own);
  const countyName = new Map(counties.map((c) => [c.id, c.name]));
  const label = IMPORT_KIND_LABEL[kind];
  // The notes' examples name this city's county and this year's 文号, not the demo city's.
  const columns = (kind === "payments" ? PAYMENT_COLUMNS : ALLOCATION_COLUMNS).map((c) => ({
    ...c,
    note: c.note
      ?.replace("兰山区", counties[0]?.name ?? "兰山区")
      .replace("临财建〔2021〕36号", `${fundYear.region.name.slice(0, 1)}财建〔${fundYear.year}〕36号`)
      .replace(/20\d\d-(\d\d-\d\d)/, (_, md: string) => `${kind === "payments" ? fundYear.year + 1 : fundYear.year}-${md}`),
  }));
  const wb = newWorkbook();
  const data = addTableSheet(wb, label, columns, []);
  const window = kind === "payments" ? [fundYear.paymentFrom, fundYear.paymentTo] : [fundYear.allocationFrom, fundYear.allocationTo];

  const lists = addTableSheet(
    wb,
    "参照",
    [{ header: "县区", width: 12 }, { header: "资金来源", width: 16 }, { header: "项目编号", width: 20 }, { header: "项目名称", width: 36 }, { header: "项目所属县区", width: 14 }],
    Array.from({ length: Math.max(counties.length, sources.length, projects.length) }, (_, i) => [
      counties[i]?.name ?? null,
      sources[i]?.name ?? null,
      projects[i]?.code ?? null,
      projects[i]?.name ?? null,
      projects[i] ? (countyName.get(projects[i].countyId) ?? null) : null,
    ]),
  );
  lists.state = "visible";
  const col = (letter: string, n: number) => `参照!$${letter}$2:$${letter}$${n + 1}`;
  const pick = (header: string) => columns.findIndex((c) => c.header === header) + 1;
  for (let r = 2; r <= 2000; r++) {
    data.getCell(r, pick("县区")).dataValidation = {
      type: "list",
      allowBlank: false,
      formulae: [col("A", counties.length)],
      showErrorMessage: true,
      errorTitle: "县区",
      error: "请从下拉列表中选择本市县区",
    };
    data.getCell(r, pick("资金来源")).dataValidation = {
      type: "list",
      allowBlank: false,
      formulae: [col("B", sources.length)],
      showErrorMessage: true,
      errorTitle: "资金来源",
      error: "请从下拉列表中选择资金来源",
    };
  }

  const help = wb.addWorksheet("填写说明");
  help.getColumn(1).width = 100;
  const lines = [
    `${fundYear.region.name}${fundYear.year}年度${fundYear.programme}——${label}导入模板`,
    "",
    `1. 在「${label}」工作表第2行起逐行填写，一行一笔；不要修改表头。`,
    ...columns.map((c, i) => `   ${String.fromCharCode(65 + i)}列 ${c.header}：${c.note ?? "选填"}`),
    `2. ${kind === "payments" ? "支付" : "下达"}日期须在 ${formatDateCn(window[0])} 至 ${formatDateCn(window[1])} 之间。`,
    kind === "payments"
      ? "3. 凭证号是每笔支付的唯一标识：同一文件重复导入不会重复记账；某县区某资金来源的累计支付不得超过已下达金额。"
      : "3. 同一文号对同一县区、资金来源（和项目）只能下达一笔；重复导入同一文件不会重复记账。",
    "4. 上传后系统先进行试导入（预检），逐行列出问题；全部无误后才能确认导入，要么全部导入，要么全部不导入。",
    "5. 县区、资金来源和项目编号可在「参照」工作表中查到。",
  ];
  lines.forEach((t, i) => {
    const cell = help.getCell(i + 1, 1);
    cell.value = t;
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
  wb.views = [{ activeTab: 0, x: 0, y: 0, width: 10000, height: 20000, firstSheet: 0, visibility: "visible" }];
  return {
    buffer: await workbookBuffer(wb),
    fileName: `${label}导入模板_${fundYear.region.name}${fundYear.year}.xlsx`,
  };
}
