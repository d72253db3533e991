/**
 * The report's appendices as one workbook: the evaluation's tables and score sheets (表1, 表2, every
 * sheet), then 下达、支付 and 预算执行率 by county × source as of the 评价日, and the project list.
 */
import { PAGE_SIZE_MAX, type ProjectListItem } from "../../../contracts/projects";
import { PROJECT_STATUS_LABEL } from "../../../core/registry";
import { formatBasisPoints } from "../../../core/money";
import type { ServiceContext } from "../../context";
import { addTableSheet, workbookBuffer } from "../../xlsx";
import { buildTaskWorkbook } from "../evaluations/export";
import { getFundsSummary } from "../funds/service";
import { listProjectsPage } from "../projects/service";

/** 万元 as a number cell (the 分 are summed exactly before this one division for display). */
const wan = (fen: number) => fen / 1_000_000;
const WAN = "#,##0.00";

async function allProjects(ctx: ServiceContext, fundYearId: number): Promise<ProjectListItem[]> {
  const out: ProjectListItem[] = [];
  for (let page = 1; ; page++) {
    const p = await listProjectsPage(ctx, { fundYearId, page, pageSize: PAGE_SIZE_MAX, sort: "code" });
    out.push(...p.items);
    if (out.length >= p.total || p.items.length === 0) return out;
  }
}

export async function appendixWorkbook(ctx: ServiceContext, taskId: number): Promise<Buffer> {
  const { wb, task, subtitle } = await buildTaskWorkbook(ctx, taskId);
  const funds = await getFundsSummary(ctx, { fundYearId: task.fundYearId, asOf: task.asOf });
  const cell = (countyId: number, sourceId: number) => funds.cells.find((c) => c.countyId === countyId && c.sourceId === sourceId);
  const sources = funds.sources.filter((s) => funds.bySource.some((b) => b.sourceId === s.id && b.allocatedFen > 0));
  addTableSheet(
    wb,
    "附表 资金（县区×来源）",
    [
      { header: "县区", width: 10 },
      ...sources.flatMap((s) => [
        { header: `${s.name}下达（万元）`, numFmt: WAN, width: 14 },
        { header: `${s.name}支付（万元）`, numFmt: WAN, width: 14 },
        { header: `${s.name}执行率`, width: 10 },
      ]),
      { header: "下达合计（万元）", numFmt: WAN, width: 14 },
      { header: "支付合计（万元）", numFmt: WAN, width: 14 },
      { header: "预算执行率", width: 10 },
    ],
    [
      ...funds.counties.map((c) => {
        const line = funds.byCounty.find((b) => b.countyId === c.id);
        return [
          c.name,
          ...sources.flatMap((s) => {
            const f = cell(c.id, s.id);
            return [wan(f?.allocatedFen ?? 0), wan(f?.paidFen ?? 0), formatBasisPoints(f?.executionBp ?? null)];
          }),
          wan(line?.allocatedFen ?? 0),
          wan(line?.paidFen ?? 0),
          formatBasisPoints(line?.executionBp ?? null),
        ];
      }),
      [
        "合计",
        ...sources.flatMap((s) => {
          const f = funds.bySource.find((b) => b.sourceId === s.id);
          return [wan(f?.allocatedFen ?? 0), wan(f?.paidFen ?? 0), formatBasisPoints(f?.executionBp ?? null)];
        }),
        wan(funds.total.allocatedFen),
        wan(funds.total.paidFen),
        formatBasisPoints(funds.total.executionBp),
      ],
    ],
    { title: `${task.year}年度资金下达、支付及预算执行率（截至评价日）`, subtitle },
  );
  const projects = await allProjects(ctx, task.fundYearId);
  addTableSheet(
    wb,
    "附表 项目清单",
    [
      { header: "项目编号", width: 18 },
      { header: "项目名称", width: 26 },
      { header: "县区", width: 10 },
      { header: "状态", width: 10 },
      { header: "实施主体", width: 24 },
      { header: "小区数", width: 8 },
      { header: "户数", width: 8 },
      { header: "计划总投资（万元）", numFmt: WAN, width: 14 },
      { header: "非财政资金（万元）", numFmt: WAN, width: 14 },
      { header: "非财政资金占比", width: 12 },
    ],
    projects.map((p) => [
      p.code,
      p.name,
      p.county.name,
      PROJECT_STATUS_LABEL[p.status],
      p.implementingEntity ?? "",
      p.communityCount,
      p.households,
      wan(p.funding.totalFen),
      wan(p.funding.nonFiscalFen),
      formatBasisPoints(p.funding.nonFiscalBp),
    ]),
    { title: `${task.year}年度项目清单`, subtitle },
  );
  return workbookBuffer(wb);
}
