/**
 * The evaluation as a workbook: 表1 (the city's level-1 scores laid out as the seed does), 表2 (the
 * counties with score and mode, plus grade and rank), the regional overall, then one sheet per scope
 * with every indicator, its figures, how it was scored and why points were lost.
 */
import type { SheetNodeView } from "../../../contracts/evaluations";
import { SCOPE_MODE_LABEL, TASK_STATE_LABEL } from "../../../contracts/evaluations";
import { formatBasisPoints } from "../../../core/money";
import { formatDateCn } from "../../../core/dates";
import type { ServiceContext } from "../../context";
import { addTableSheet, newWorkbook, workbookBuffer, type CellValue } from "../../xlsx";
import { exportData } from "./service";

/** Points as a number cell (two decimals shown); summed in hundredths before this division. */
const num = (c: number) => c / 100;
const PTS = "0.00";

/** The evaluation's sheets as a workbook (the report's appendix adds the ledger and the project list to it). */
export async function buildTaskWorkbook(ctx: ServiceContext, taskId: number) {
  const { task, scopes, bodies, results } = await exportData(ctx, taskId);
  const wb = newWorkbook();
  const subtitle = `评价日 ${formatDateCn(task.asOf)}　状态：${TASK_STATE_LABEL[task.state]}${task.state === "final" ? "" : "（实时预览，定稿前随数据变化）"}　指标体系：${task.templateName} 第 ${task.templateVersion} 版　等级标准：${task.gradeScaleName}${task.isDemo ? "　（示例数据）" : ""}`;

  if (results.city) {
    const c = results.city;
    const ws = addTableSheet(
      wb,
      "表1 各指标得分情况",
      [{ header: "项目", width: 10 }, ...c.level1.map((l) => ({ header: l.name, width: 12 })), { header: "合计", width: 12 }],
      [
        ["分值", ...c.level1.map((l) => num(l.weight)), num(c.level1.reduce((a, l) => a + l.weight, 0))],
        ["得分", ...c.level1.map((l) => num(l.score)), num(c.total)],
        ["得分率", ...c.level1.map((l) => formatBasisPoints(l.rateBp)), formatBasisPoints(c.rateBp)],
      ],
      { title: `表 1 各指标得分情况表（${c.name}）`, subtitle },
    );
    ws.getRow(4).numFmt = "0.##";
    ws.getRow(5).numFmt = PTS;
    addTableSheet(
      wb,
      "表1附 二级指标得分",
      [{ header: "一级指标", width: 10 }, { header: "二级指标", width: 14 }, { header: "分值", numFmt: "0.##", width: 8 }, { header: "得分", numFmt: PTS, width: 8 }, { header: "得分率", width: 10 }],
      c.level2.map((l) => [c.level1.find((x) => x.code === l.parentCode)?.name ?? "", l.name, num(l.weight), num(l.score), formatBasisPoints(l.rateBp)]),
      { title: `${c.name}二级指标得分`, subtitle },
    );
  }

  addTableSheet(
    wb,
    "表2 各县区得分",
    [
      { header: "序号", width: 6 },
      { header: "名称", width: 12 },
      { header: "实际得分", numFmt: PTS, width: 10 },
      { header: "备注", width: 18 },
      { header: "等级", width: 8 },
      { header: "排名", width: 6 },
    ],
    results.counties.map((c, i) => [i + 1, c.name, num(c.total), SCOPE_MODE_LABEL[c.mode], c.grade, c.rank]),
    { title: "表 2 各县区综合评价得分情况表", subtitle },
  );

  if (results.alternatives.length) {
    addTableSheet(
      wb,
      "区域总体得分",
      [{ header: "计算方式", width: 22 }, { header: "得分", numFmt: PTS, width: 10 }, { header: "等级", width: 8 }, { header: "本任务采用", width: 10 }, { header: "说明", width: 40 }],
      results.alternatives.map((a) => [a.label, a.score === null ? null : num(a.score), a.grade, a.method === results.overall.method ? "是" : "", a.note]),
      { title: "区域总体得分（各计算方式对照）", subtitle: `等级标准：${results.gradeScaleDescription}` },
    );
  }

  for (const s of scopes) {
    const body = bodies.get(s.scope.id);
    if (!body) continue;
    const rows: CellValue[][] = [];
    const bold: number[] = [];
    const walk = (list: SheetNodeView[], names: string[]) => {
      for (const n of list) {
        const p = [...names, n.name];
        const cols = [p[0] ?? "", n.level >= 2 ? p[1] : "", n.level >= 3 ? p[2] : ""];
        if (n.leaf) {
          const l = n.leaf;
          rows.push([
            ...cols,
            num(n.weight),
            l.score === null ? null : num(l.score),
            formatBasisPoints(n.rateBp),
            l.sourceText,
            l.figures.map((f) => `${f.label} ${f.text}`).join("；"),
            l.formula || l.missing || "",
            l.reason ?? "",
            l.evidence.map((e) => e.fileName).join("；"),
            l.updatedByName ?? "",
          ]);
        } else {
          bold.push(rows.length);
          rows.push([...cols, num(n.weight), num(n.score), formatBasisPoints(n.rateBp), "", "", `下级指标得分合计`, "", "", ""]);
          walk(n.children, p);
        }
      }
    };
    walk(body.nodes, []);
    for (const a of body.adjustments) {
      rows.push([a.kind === "bonus" ? "加分项" : "扣分项", a.name, "", num(a.max), num(a.kind === "bonus" ? a.points : -a.points), "", "评价人员录入", a.count !== null ? `次数 ${a.count}` : "", a.standard ?? "", a.reason ?? "", a.evidence.map((e) => e.fileName).join("；"), a.updatedByName ?? ""]);
    }
    for (const v of body.vetoes) {
      rows.push(["一票否决", v.name, "", null, null, "", "评价人员认定", v.triggered ? "已触发" : "未触发", v.standard ?? "", v.reason ?? "", v.evidence.map((e) => e.fileName).join("；"), v.updatedByName ?? ""]);
    }
    const totalRow = rows.length;
    rows.push(["合计", "", "", num(body.treeWeight), num(body.total), formatBasisPoints(body.rateBp), "", "", `等级：${body.grade}${body.grade !== body.gradeByScore ? `（按分数为${body.gradeByScore}，因一票否决调整）` : ""}`, "", "", ""]);
    const ws = addTableSheet(
      wb,
      `评分表-${s.name}`.slice(0, 31),
      [
        { header: "一级指标", width: 8 },
        { header: "二级指标", width: 10 },
        { header: "三级指标", width: 18 },
        { header: "分值", numFmt: "0.##", width: 7 },
        { header: "得分", numFmt: PTS, width: 7 },
        { header: "得分率", width: 9 },
        { header: "数据来源", width: 24 },
        { header: "取值", width: 36 },
        { header: "计分过程", width: 40 },
        { header: "扣分原因 / 说明", width: 40 },
        { header: "佐证材料", width: 24 },
        { header: "评分人", width: 12 },
      ],
      rows,
      { title: `${task.name} · ${s.name}评分表（${SCOPE_MODE_LABEL[s.scope.mode]}）`, subtitle },
    );
    const headerRows = 3;
    for (const i of [...bold, totalRow]) ws.getRow(headerRows + 1 + i).font = { bold: true };
    ws.eachRow((row, n) => {
      if (n > headerRows) row.alignment = { vertical: "top", wrapText: true };
    });
  }

  return { wb, task, subtitle };
}

export async function exportTaskWorkbook(ctx: ServiceContext, taskId: number) {
  const { wb, task } = await buildTaskWorkbook(ctx, taskId);
  return {
    buffer: await workbookBuffer(wb),
    fileName: `${task.name}_评分表${task.state === "final" ? "" : "_预览"}.xlsx`,
  };
}
