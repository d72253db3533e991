/**
 * Imports of the registry (小区, 项目, 改造内容, 绩效目标) from .xlsx, as the ledger imports work: a dry
 * run checks everything and writes nothing; a commit re-checks inside one transaction holding the
 * fund year's lock and writes every row or none. Natural keys (小区编号, 项目编号, 项目+内容+小区,
 * 范围+指标) make a re-import of the same file change nothing; a changed row updates its record.
 */
import { countyScope, type Actor } from "../../../core/access";
import type { Problem } from "../../../contracts/errors";
import { REGISTRY_IMPORT_LABEL, type RegistryImportKind, type RegistryImportResult } from "../../../contracts/projects";
import { IMPORT_MAX_PROBLEMS } from "../../../contracts/imports";
import { formatDateCn } from "../../../core/dates";
import { formatWan } from "../../../core/money";
import { PROPERTY_MODE_LABEL } from "../../../core/registry";
import type { DbOrTx } from "../../../db/open";
import { AppError } from "../../errors";
import type { ServiceContext } from "../../context";
import { normaliseHeader, readUploadedTable } from "../../xlsx";
import { recordAudit } from "../audit/record";
import { listCounties, listSources } from "../../../db/queries/reference";
import { insertBatch, lockFundYear } from "../../../db/queries/imports";
import { openFundYearForWrite, resolveFundYear } from "../funds/service";
import { assertEditable } from "../review/service";
import { importSettings, ledgerSettings } from "../../settings";
import * as repo from "./import-repository";
import {
  REQUIRED_HEADERS,
  validateRegistrySheet,
  type CommunityRecord,
  type ContentRecord,
  type ProjectRecord,
  type RegistryContext,
  type RegistryRecord,
  type TargetRecord,
} from "./validate";

export interface RunRegistryImportOptions {
  ctx: ServiceContext;
  kind: RegistryImportKind;
  fundYearId: number;
  fileName: string;
  data: Buffer | Uint8Array;
  dryRun: boolean;
  /** This year, for "built in the future" (the server's clock; tests pass it). */
  currentYear?: number;
}

const PREVIEW_ROWS = 20;

async function loadContext(db: DbOrTx, actor: Actor, kind: RegistryImportKind, fundYearId: number, currentYear: number): Promise<RegistryContext> {
  const { row, fundYear } = await resolveFundYear({ db, actor }, fundYearId);
  const own = countyScope(actor);
  const counties = await listCounties(db, row.fy.regionId);
  const needs = (k: RegistryImportKind[]) => k.includes(kind);
  const [sources, items, communities, projects, contents, targets] = await Promise.all([
    listSources(db),
    needs(["contents"]) ? repo.listItems(db) : Promise.resolve([]),
    needs(["communities", "projects"]) ? repo.existingCommunities(db, counties.map((c) => c.id)) : Promise.resolve(new Map()),
    needs(["projects", "contents"]) ? repo.existingProjects(db, fundYear.id) : Promise.resolve(new Map()),
    needs(["contents"]) ? repo.existingContents(db, fundYear.id) : Promise.resolve(new Map()),
    needs(["targets"]) ? repo.existingTargets(db, fundYear.id) : Promise.resolve(new Map()),
  ]);
  return {
    fundYear: { id: fundYear.id, year: fundYear.year },
    currentYear,
    onlyCounty: own === null ? null : (counties.find((c) => c.id === own) ?? { id: own, name: "本县区" }),
    counties,
    sources,
    items,
    communities,
    projects,
    contents,
    targets,
    maxRowAmountFen: importSettings().maxRowAmountFen,
    maxYearTotalFen: ledgerSettings().maxYearTotalFen,
  };
}

function preview(kind: RegistryImportKind, records: RegistryRecord[], ctx: RegistryContext): RegistryImportResult["preview"] {
  const county = new Map(ctx.counties.map((c) => [c.id, c.name]));
  const item = new Map(ctx.items.map((i) => [i.id, i.name]));
  const source = new Map(ctx.sources.map((s) => [s.id, s.name]));
  return records.slice(0, PREVIEW_ROWS).map((r) => {
    const head = { 行号: r.rowNumber, 操作: r.op === "new" ? "新增" : "更新" };
    switch (kind) {
      case "communities": {
        const c = r as CommunityRecord;
        return { ...head, 县区: county.get(c.countyId) ?? "", 小区编号: c.code, 小区名称: c.name, 建成年份: c.builtYear, 户数: c.households, "建筑面积（㎡）": (c.floorAreaDm2 / 100).toFixed(2), 物业管理: PROPERTY_MODE_LABEL[c.propertyMode] };
      }
      case "projects": {
        const p = r as ProjectRecord;
        const total = p.investments ? [...p.investments.values()].reduce((a, b) => a + b, 0) : null;
        return {
          ...head,
          县区: county.get(p.countyId) ?? "",
          项目编号: p.code,
          项目名称: p.name,
          小区: p.communityCodes ? p.communityCodes.join("、") || "（无）" : "（不变）",
          实际完工: p.actualCompletionOn ? formatDateCn(p.actualCompletionOn) : "",
          "计划总投资（万元）": total === null ? "（不变）" : formatWan(total, { grouping: true }),
          资金来源: p.investments ? [...p.investments.keys()].map((id) => source.get(id)).join("、") : "",
        };
      }
      case "contents": {
        const c = r as ContentRecord;
        return { ...head, 项目编号: c.projectCode, 小区编号: c.communityCode ?? "（整个项目）", 改造内容: item.get(c.itemId) ?? "", 数量: `${c.quantity} ${c.unit}`, "金额（万元）": formatWan(c.costFen, { grouping: true, decimals: 6 }) };
      }
      case "targets": {
        const t = r as TargetRecord;
        return { ...head, 范围: t.countyId ? (county.get(t.countyId) ?? "") : "全市", 指标: t.indicator, 目标值: `${t.targetValue} ${t.unit}`, 方向: t.direction === "positive" ? "正向" : "反向", 实际值: t.metric ? "系统计算" : (t.manualActual ?? "") };
      }
    }
  });
}

export async function runRegistryImport(o: RunRegistryImportOptions): Promise<RegistryImportResult> {
  const label = REGISTRY_IMPORT_LABEL[o.kind];
  const sheet = await readUploadedTable(o.fileName, o.data, REQUIRED_HEADERS[o.kind], label);
  const currentYear = o.currentYear ?? new Date().getFullYear();
  // A county's 项目库 of a fund year is locked once sent for review (communities are a standing registry).
  // In a commit the package's lock is held to the end, taken before the fund year's (review/service.lockSubmission).
  const assertPackageEditable = async (db: DbOrTx) => {
    const own = countyScope(o.ctx.actor);
    if (own !== null && o.kind !== "communities") await assertEditable(db, o.ctx.actor, { fundYearId: o.fundYearId, countyId: own, kind: "projects" });
  };
  const check = async (db: DbOrTx) => {
    // The community registry is standing data, not the year's: a closed year still takes it.
    if (o.kind !== "communities") await openFundYearForWrite({ db, actor: o.ctx.actor }, o.fundYearId);
    const ctx = await loadContext(db, o.ctx.actor, o.kind, o.fundYearId, currentYear);
    return { ctx, outcome: validateRegistrySheet(o.kind, sheet, ctx) };
  };
  const result = (ctx: RegistryContext, outcome: ReturnType<typeof validateRegistrySheet>): RegistryImportResult => ({
    kind: o.kind,
    fileName: o.fileName,
    dryRun: o.dryRun,
    rowCount: sheet.rows.length,
    newCount: outcome.records.filter((r) => r.op === "new").length,
    updatedCount: outcome.records.filter((r) => r.op === "updated").length,
    unchangedCount: outcome.unchanged,
    problems: outcome.problems.slice(0, IMPORT_MAX_PROBLEMS),
    moreProblems: Math.max(0, outcome.problems.length - IMPORT_MAX_PROBLEMS),
    preview: outcome.problems.length ? [] : preview(o.kind, outcome.records, ctx),
  });
  const refuse = (problems: Problem[]) =>
    new AppError("IMPORT_INVALID", `${o.fileName}：发现 ${problems.length} 处问题，未导入任何数据。请按提示修改后重新上传。`, problems.slice(0, IMPORT_MAX_PROBLEMS));

  if (o.dryRun) {
    await assertPackageEditable(o.ctx.db);
    const { ctx, outcome } = await check(o.ctx.db);
    return result(ctx, outcome);
  }
  return o.ctx.db.transaction(async (tx) => {
    await assertPackageEditable(tx);
    await lockFundYear(tx, o.fundYearId);
    const { ctx, outcome } = await check(tx);
    if (outcome.problems.length) throw refuse(outcome.problems);
    const records = outcome.records;
    if (records.length) {
      switch (o.kind) {
        case "communities":
          await repo.upsertCommunities(tx, records as CommunityRecord[]);
          break;
        case "projects":
          await repo.writeProjects(tx, ctx.fundYear.id, records as ProjectRecord[], ctx.projects);
          break;
        case "contents":
          await repo.writeContents(tx, ctx.fundYear.id, records as ContentRecord[], ctx.contents);
          break;
        case "targets":
          await repo.writeTargets(tx, ctx.fundYear.id, records as TargetRecord[], ctx.targets);
          break;
      }
      const r = result(ctx, outcome);
      const batchId = await insertBatch(tx, {
        fundYearId: ctx.fundYear.id,
        kind: o.kind,
        fileName: o.fileName,
        rowCount: sheet.rows.length,
        insertedCount: r.newCount,
        summary: { updated: r.updatedCount, unchanged: r.unchangedCount },
      });
      await recordAudit(tx, {
        actor: o.ctx.actor,
        ip: o.ctx.ip,
        action: "import",
        entityType: `${o.kind}_batch`,
        entityId: batchId,
        countyId: countyScope(o.ctx.actor),
        summary: `导入${label}：${o.fileName}，新增 ${r.newCount} 行，更新 ${r.updatedCount} 行`,
        after: { fileName: o.fileName, rows: sheet.rows.length, new: r.newCount, updated: r.updatedCount, unchanged: r.unchangedCount },
      });
    }
    return result(ctx, outcome);
  });
}
