/**
 * Use cases of the project library and the community registry: lists, a project's page, its funding
 * mix, the registry's multi-year goal, 长效管养 and the targets with their actuals. Figures are
 * computed by core/ from the records as of a date; nothing here is a typed total.
 */
import { countyScope } from "../../../core/access";
import { clauseProgress, type RegistryCommunity } from "../../../core/goal";
import { reachesNonFiscalShare, type Contribution } from "../../../core/funding";
import { parsePeriod } from "../../../core/monitoring";
import {
  dateOrderProblems,
  maintenanceFigures,
  METRIC_INFO,
  registryMetrics,
  statusFromDates,
  TARGET_METRICS,
  type MetricProject,
  type ProjectDates,
  type TargetMetric,
} from "../../../core/registry";
import { completionBp, formatQuantity, meetsTarget, parseQuantity, percentQuantity } from "../../../core/targets";
import { ratioBasisPoints } from "../../../core/money";
import { surveyTallyOfFundYear } from "../../../db/survey-tally";
import type {
  CommunityListQuery,
  CommunityPage,
  Goal,
  Maintenance,
  ProjectDetail,
  ProjectListQuery,
  ProjectPage,
  ProjectUpdate,
  TargetLine,
  Targets,
} from "../../../contracts/projects";
import { FILE_TYPES, FILE_MAX_BYTES } from "../../../contracts/projects";
import type { DbOrTx } from "../../../db/open";
import { AppError, notFound } from "../../errors";
import { assertCounty, scopedCounty, type ServiceContext } from "../../context";
import { assertEditable, reviewStatus, type SubmissionKey } from "../review/service";
import { recordAudit } from "../audit/record";
import { listCounties } from "../../../db/queries/reference";
import { openFundYearForWrite, resolveFundYear } from "../funds/service";
import * as repo from "./repository";
import { lockVersioned, updateVersioned } from "../../versioned";
import { presentCommunity, presentFile, presentFunding, presentProjectItem, type FundingFigures } from "./presenter";
import { pushTo } from "../../../core/collections";

// ---- the slice: every project of a fund year (or one county) with its money and communities ----

export interface SliceProject {
  row: repo.ProjectRow;
  contributions: Contribution[];
  funding: FundingFigures;
  communities: repo.CommunityRow[];
}

/**
 * Loads a fund year's projects (one county's, or all) with funding mix and communities: three queries.
 * `withCommunities: false` leaves the communities empty (the board needs none, and they are the
 * widest rows).
 */
export async function loadSlice(db: DbOrTx, fundYearId: number, countyId?: number, withCommunities = true): Promise<SliceProject[]> {
  const [rows, sums, links] = await Promise.all([
    repo.loadProjects(db, fundYearId, countyId),
    repo.investmentSums(db, fundYearId, countyId),
    withCommunities ? repo.projectCommunityRows(db, fundYearId, countyId) : Promise.resolve([]),
  ]);
  const contributions = new Map<number, Contribution[]>();
  for (const s of sums) pushTo(contributions, s.projectId, { category: s.category, amountFen: s.amountFen });
  const byProject = new Map<number, repo.CommunityRow[]>();
  for (const { projectId, ...c } of links) pushTo(byProject, projectId, c as repo.CommunityRow);
  return rows.map((row) => {
    const own = contributions.get(row.id) ?? [];
    return { row, contributions: own, funding: presentFunding(own), communities: byProject.get(row.id) ?? [] };
  });
}

/** Each project's county, stage dates and planned investment: what 双监控's lights read (repository.progressBasics). */
export function loadProgressBasics(db: DbOrTx, fundYearId: number, countyId?: number) {
  return repo.progressBasics(db, fundYearId, countyId);
}
export type ProgressBasics = repo.ProgressBasics;

/** A slice project's basics (its row and funding), for a caller that has the slice already. */
export const basicsOf = (p: SliceProject): ProgressBasics => ({
  id: p.row.id,
  countyId: p.row.countyId,
  plannedStartOn: p.row.plannedStartOn,
  actualStartOn: p.row.actualStartOn,
  plannedCompletionOn: p.row.plannedCompletionOn,
  actualCompletionOn: p.row.actualCompletionOn,
  actualAcceptanceOn: p.row.actualAcceptanceOn,
  plannedSettlementOn: p.row.plannedSettlementOn,
  actualSettlementOn: p.row.actualSettlementOn,
  plannedFen: p.funding.totalFen,
});

/** A slice project as the registry metrics see it. */
export function metricProject(p: SliceProject): MetricProject {
  return {
    actualStartOn: p.row.actualStartOn,
    actualCompletionOn: p.row.actualCompletionOn,
    actualAcceptanceOn: p.row.actualAcceptanceOn,
    acceptanceResult: p.row.acceptanceResult,
    plannedFen: p.funding.totalFen,
    nonFiscalFen: p.funding.nonFiscalFen,
    communities: p.communities,
  };
}

async function countiesOf(db: DbOrTx, cityId: number, actor: ServiceContext["actor"]) {
  const all = await listCounties(db, cityId);
  const own = countyScope(actor);
  return own === null ? all : all.filter((c) => c.id === own);
}

// ---- project library -------------------------------------------------------------------------

const text = (s: string | null | undefined) => (s ?? "").toLowerCase();

export async function listProjectsPage(ctx: ServiceContext, q: ProjectListQuery): Promise<ProjectPage> {
  const { db } = ctx;
  const { fundYear } = await resolveFundYear(ctx, q.fundYearId);
  const countyId = scopedCounty(ctx.actor, q.countyId);
  const [slice, contents] = await Promise.all([loadSlice(db, fundYear.id, countyId), q.category ? repo.contentRows(db, fundYear.id, countyId) : Promise.resolve([])]);
  const withCategory = new Set(contents.filter((c) => c.category === q.category).map((c) => c.projectId));
  const needle = q.q?.trim().toLowerCase();
  let list = slice.filter(
    (p) =>
      (!q.status || p.row.status === q.status) &&
      (!q.category || withCategory.has(p.row.id)) &&
      (q.minNonFiscalBp === undefined || reachesNonFiscalShare(p.funding, q.minNonFiscalBp)) &&
      (!needle ||
        text(p.row.code).includes(needle) ||
        text(p.row.name).includes(needle) ||
        text(p.row.implementingEntity).includes(needle) ||
        p.communities.some((c) => text(c.name).includes(needle))),
  );
  const households = (p: SliceProject) => p.communities.reduce((a, c) => a + c.households, 0);
  const by: Record<ProjectListQuery["sort"], (a: SliceProject, b: SliceProject) => number> = {
    code: () => 0,
    // Exact comparison of non-fiscal shares: a/b vs c/d as a·d vs c·b.
    nonFiscal: (a, b) => {
      const x = BigInt(b.funding.nonFiscalFen) * BigInt(a.funding.totalFen) - BigInt(a.funding.nonFiscalFen) * BigInt(b.funding.totalFen);
      return x > 0n ? 1 : x < 0n ? -1 : 0;
    },
    investment: (a, b) => b.funding.totalFen - a.funding.totalFen,
    households: (a, b) => households(b) - households(a),
  };
  if (q.sort !== "code") list = [...list].sort((a, b) => by[q.sort](a, b) || a.row.code.localeCompare(b.row.code));
  const page = list.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  const all = list.flatMap((p) => p.contributions);
  return {
    total: list.length,
    totals: {
      communities: list.reduce((a, p) => a + p.communities.length, 0),
      households: list.reduce((a, p) => a + households(p), 0),
      floorAreaDm2: list.reduce((a, p) => a + p.communities.reduce((b, c) => b + c.floorAreaDm2, 0), 0),
      funding: presentFunding(all),
      reachingThreshold: list.filter((p) => p.funding.reachesThreshold).length,
    },
    items: page.map((p) => presentProjectItem(p.row, p.funding, p.communities)),
  };
}

export { getProjectsSummary } from "./get-projects-summary";

/** The 报送审核 package a project belongs to: its county's 项目库 of its fund year. */
const libraryOf = (p: { fundYearId: number; countyId: number }): SubmissionKey => ({ fundYearId: p.fundYearId, countyId: p.countyId, kind: "projects" });

/** The project, or NOT_FOUND; FORBIDDEN when it belongs to another county than the actor's. */
export async function projectInScope(ctx: ServiceContext, projectId: number) {
  const project = await repo.findProject(ctx.db, projectId);
  if (!project) throw notFound("项目");
  // Another region's project does not exist for the actor; another county's of the city is refused.
  await resolveFundYear(ctx, project.fundYearId);
  assertCounty(ctx.actor, project.countyId);
  return project;
}

export async function getProject(ctx: ServiceContext, projectId: number): Promise<ProjectDetail> {
  const { db } = ctx;
  const project = await projectInScope(ctx, projectId);
  const { row, fundYear, asOf } = await resolveFundYear(ctx, project.fundYearId);
  const [details, counties, own, contents, investments, files, progress, review] = await Promise.all([
    repo.findDetails(db, project.id),
    listCounties(db, row.fy.regionId),
    repo.communitiesOfProject(db, project.id),
    repo.listContents(db, project.id),
    repo.listInvestments(db, project.id),
    repo.listFiles(db, project.id),
    repo.listProgress(db, project.id),
    reviewStatus(db, libraryOf(project)),
  ]);
  const renovations = await repo.renovationsOf(db, own.map((c) => c.id));
  const county = counties.find((c) => c.id === project.countyId) ?? { id: project.countyId, code: "", name: "" };
  return {
    fundYear,
    review,
    project: {
      id: project.id,
      code: project.code,
      name: project.name,
      county,
      batchYear: project.batchYear,
      status: project.status,
      implementingEntity: project.implementingEntity,
      street: details?.street ?? null,
      description: details?.description ?? null,
      plannedStartOn: details?.plannedStartOn ?? null,
      actualStartOn: details?.actualStartOn ?? null,
      plannedCompletionOn: details?.plannedCompletionOn ?? null,
      actualCompletionOn: details?.actualCompletionOn ?? null,
      plannedAcceptanceOn: details?.plannedAcceptanceOn ?? null,
      actualAcceptanceOn: details?.actualAcceptanceOn ?? null,
      acceptanceResult: details?.acceptanceResult ?? null,
      plannedSettlementOn: details?.plannedSettlementOn ?? null,
      actualSettlementOn: details?.actualSettlementOn ?? null,
      version: project.version,
      updatedAt: project.updatedAt.toISOString(),
    },
    communities: own.map((c) => presentCommunity(c as repo.CommunityRow, renovations.filter((r) => r.communityId === c.id), asOf)),
    contents: contents.map((c) => ({
      id: c.id,
      item: { id: c.itemId, code: c.itemCode, name: c.itemName, category: c.category },
      community: c.communityId ? { id: c.communityId, code: c.communityCode!, name: c.communityName! } : null,
      quantity: formatQuantity(parseQuantity(c.quantity) ?? 0),
      unit: c.unit,
      costFen: c.costFen,
      note: c.note,
    })),
    investments: investments.filter((i) => i.amountFen > 0).map((i) => ({ source: { id: i.id, name: i.name, category: i.category }, amountFen: i.amountFen })),
    funding: presentFunding(investments.map((i) => ({ category: i.category, amountFen: i.amountFen }))),
    files: files.map(presentFile),
    progress: progress.map((p) => ({ ...p, label: parsePeriod(p.period)?.label ?? p.period, reportedAt: p.reportedAt.toISOString() })),
  };
}

const DATE_LABEL: Record<keyof ProjectDates, string> = {
  plannedStartOn: "计划开工日期",
  actualStartOn: "实际开工日期",
  plannedCompletionOn: "计划完工日期",
  actualCompletionOn: "实际完工日期",
  plannedAcceptanceOn: "计划竣工验收日期",
  actualAcceptanceOn: "实际竣工验收日期",
  plannedSettlementOn: "计划结算日期",
  actualSettlementOn: "实际结算日期",
};

const DETAIL_FIELDS = ["street", "description", "acceptanceResult", ...(Object.keys(DATE_LABEL) as (keyof ProjectDates)[])] as const;

/**
 * Edits a project's details; its status follows its actual dates. Only the fields the edit gives are
 * written, and only over the version the user saw (VERSION_CONFLICT otherwise), so two users never
 * silently undo each other. Audited with the changed fields before and after.
 */
export async function updateProject(ctx: ServiceContext, projectId: number, input: ProjectUpdate): Promise<ProjectDetail> {
  const { version, ...patch } = input;
  const project = await projectInScope(ctx, projectId);
  const given = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => patch[k] !== undefined);
  await ctx.db.transaction(async (tx) => {
    await openFundYearForWrite({ db: tx, actor: ctx.actor }, project.fundYearId);
    await assertEditable(tx, ctx.actor, libraryOf(project));
    const rowSet = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.implementingEntity !== undefined ? { implementingEntity: patch.implementingEntity || null } : {}),
    };
    if (!given.length) {
      // Nothing to write; a stale version is still told, not taken as saved.
      await lockVersioned(tx, repo.PROJECT, repo.projectKey(project.id), version);
      return;
    }
    // From here the project is locked: its details are read as the last writer left them.
    const { before: row } = await updateVersioned(tx, repo.PROJECT, { where: repo.projectKey(project.id), expected: version, actorId: ctx.actor.userId || null, set: rowSet });
    const before = await repo.findDetails(tx, project.id);
    const dates: ProjectDates = {
      plannedStartOn: before?.plannedStartOn ?? null,
      actualStartOn: before?.actualStartOn ?? null,
      plannedCompletionOn: before?.plannedCompletionOn ?? null,
      actualCompletionOn: before?.actualCompletionOn ?? null,
      plannedAcceptanceOn: before?.plannedAcceptanceOn ?? null,
      actualAcceptanceOn: before?.actualAcceptanceOn ?? null,
      plannedSettlementOn: before?.plannedSettlementOn ?? null,
      actualSettlementOn: before?.actualSettlementOn ?? null,
    };
    for (const k of Object.keys(dates) as (keyof ProjectDates)[]) if (patch[k] !== undefined) dates[k] = patch[k]!;
    const problems = dateOrderProblems(dates).map((p) => ({ row: null, column: DATE_LABEL[p.field], message: p.message }));
    const acceptance = patch.acceptanceResult !== undefined ? patch.acceptanceResult : (before?.acceptanceResult ?? null);
    if (acceptance && !dates.actualAcceptanceOn) problems.push({ row: null, column: "验收结果", message: "填写验收结果前须先填写实际竣工验收日期" });
    if (problems.length) throw new AppError("VALIDATION_FAILED", `项目信息有误：${problems.map((p) => p.message).join("；")}`, problems);
    const status = statusFromDates(dates);
    if (status !== row!.status) await repo.setProjectStatus(tx, project.id, status);
    const detailSet: Parameters<typeof repo.upsertDetails>[2] = {};
    for (const k of DETAIL_FIELDS) {
      if (patch[k] === undefined) continue;
      const v = patch[k];
      (detailSet as Record<string, unknown>)[k] = k === "street" || k === "description" ? v || null : v;
    }
    if (Object.keys(detailSet).length) await repo.upsertDetails(tx, project.id, detailSet);
    const was: Record<string, unknown> = { ...row, ...before };
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "update",
      entityType: "project",
      entityId: project.id,
      countyId: project.countyId,
      summary: `修改项目信息：${project.code} ${patch.name ?? row!.name}`,
      before: { ...Object.fromEntries(given.map((k) => [k, was[k] ?? null])), status: row!.status, version },
      after: { ...patch, status, version: version + 1 },
    });
  });
  return getProject(ctx, project.id);
}

// ---- attachments -------------------------------------------------------------------------------

export async function uploadProjectFile(
  ctx: ServiceContext,
  input: { projectId: number; fileName: string; mimeType: string; data: Buffer; note: string | null },
) {
  const project = await projectInScope(ctx, input.projectId);
  const ext = input.fileName.split(".").pop()?.toLowerCase() ?? "";
  const type = Object.entries(FILE_TYPES).find(([, t]) => t.ext.includes(ext));
  if (!type) {
    throw new AppError("VALIDATION_FAILED", `${input.fileName}：只能上传照片（jpg、png、webp）或文档（pdf、docx、xlsx、doc、xls）`);
  }
  if (input.data.length === 0) throw new AppError("VALIDATION_FAILED", `${input.fileName}：文件是空的`);
  if (input.data.length > FILE_MAX_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", `${input.fileName}：文件超过 ${FILE_MAX_BYTES / 1024 / 1024} MB`);
  const [mimeType, { kind }] = type;
  if (kind === "photo" && !looksLikeImage(input.data, mimeType)) throw new AppError("VALIDATION_FAILED", `${input.fileName}：文件内容不是有效的图片`);
  return ctx.db.transaction(async (tx) => {
    await openFundYearForWrite({ db: tx, actor: ctx.actor }, project.fundYearId);
    await assertEditable(tx, ctx.actor, libraryOf(project));
    const id = await repo.insertFile(tx, {
      projectId: project.id,
      kind,
      fileName: input.fileName,
      mimeType,
      sizeBytes: input.data.length,
      data: input.data,
      note: input.note,
      uploadedBy: ctx.actor.userId || null,
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "create",
      entityType: "project_file",
      entityId: id,
      countyId: project.countyId,
      summary: `上传项目${kind === "photo" ? "照片" : "文档"}：${project.code} ${input.fileName}`,
      after: { projectId: project.id, fileName: input.fileName, sizeBytes: input.data.length },
    });
    const [file] = (await repo.listFiles(tx, project.id)).filter((f) => f.id === id);
    return presentFile(file);
  });
}

/** Magic numbers of the accepted image types: a .png that is not a PNG is refused. */
function looksLikeImage(data: Buffer, mimeType: string): boolean {
  if (mimeType === "image/png") return data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (mimeType === "image/jpeg") return data[0] === 0xff && data[1] === 0xd8;
  if (mimeType === "image/webp") return data.subarray(0, 4).toString("latin1") === "RIFF" && data.subarray(8, 12).toString("latin1") === "WEBP";
  return false;
}

export async function getProjectFile(ctx: ServiceContext, fileId: number) {
  const file = await repo.findFile(ctx.db, fileId, true);
  if (!file) throw notFound("附件");
  await projectInScope(ctx, file.projectId);
  return file as typeof file & { data: Buffer };
}

export async function deleteProjectFile(ctx: ServiceContext, fileId: number) {
  const file = await repo.findFile(ctx.db, fileId, false);
  if (!file) throw notFound("附件");
  const project = await projectInScope(ctx, file.projectId);
  await ctx.db.transaction(async (tx) => {
    await openFundYearForWrite({ db: tx, actor: ctx.actor }, project.fundYearId);
    await assertEditable(tx, ctx.actor, libraryOf(project));
    await repo.deleteFile(tx, file.id);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "delete",
      entityType: "project_file",
      entityId: file.id,
      countyId: project.countyId,
      summary: `删除项目附件：${project.code} ${file.fileName}`,
      before: { projectId: project.id, fileName: file.fileName, sizeBytes: file.sizeBytes },
    });
  });
}

// ---- community registry -------------------------------------------------------------------------

export async function listCommunitiesPage(ctx: ServiceContext, q: CommunityListQuery): Promise<CommunityPage> {
  const { db } = ctx;
  const { row, fundYear, asOf } = await resolveFundYear(ctx, q.fundYearId);
  const countyId = scopedCounty(ctx.actor, q.countyId);
  const counties = await listCounties(db, row.fy.regionId);
  const countyIds = counties.filter((c) => countyId === undefined || c.id === countyId).map((c) => c.id);
  const page = await repo.listCommunities(db, {
    countyIds,
    fundYearId: fundYear.id,
    year: fundYear.year,
    q: q.q?.trim() || undefined,
    builtBefore: q.builtBefore,
    renovation: q.renovation,
    propertyMode: q.propertyMode,
    page: { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
  });
  const renovations = await repo.renovationsOf(db, page.items.map((c) => c.id));
  return {
    total: page.total,
    totals: { households: page.households, floorAreaDm2: page.floorAreaDm2 },
    items: page.items.map((c) => presentCommunity(c, renovations.filter((r) => r.communityId === c.id && r.year <= fundYear.year), asOf)),
  };
}

/**
 * The year each community of some counties was renovated, as of the fund year: a completed project
 * (completion by the 评价日) of this programme and region, or a year recorded before the system.
 */
export async function registryWithRenovation(db: DbOrTx, fy: { programmeId: number; regionId: number }, countyIds: number[], asOf: string) {
  const [registry, renovations] = await Promise.all([repo.registryOf(db, countyIds), repo.projectRenovations(db, countyIds, fy.programmeId, fy.regionId)]);
  const year = new Map<number, number>();
  for (const r of renovations) {
    if (!r.actualCompletionOn || r.actualCompletionOn > asOf) continue;
    year.set(r.communityId, Math.min(year.get(r.communityId) ?? Infinity, r.year));
  }
  return registry.map((c) => {
    const fromProject = year.get(c.id) ?? null;
    const renovatedYear = [fromProject, c.priorRenovationYear].filter((y): y is number => y !== null).reduce<number | null>((a, b) => (a === null ? b : Math.min(a, b)), null);
    return { ...c, renovatedYear, byProject: fromProject !== null };
  });
}

/** The multi-year goal (十四五) from the registry: the city and each county, with a forecast at the current pace. */
export async function getGoal(ctx: ServiceContext, q: { fundYearId: number }): Promise<Goal> {
  const { db } = ctx;
  const { row, fundYear, asOf } = await resolveFundYear(ctx, q.fundYearId);
  const counties = await countiesOf(db, row.fy.regionId, ctx.actor);
  const [goals, registry] = await Promise.all([
    repo.listGoals(db, row.fy.regionId),
    registryWithRenovation(db, row.fy, counties.map((c) => c.id), asOf),
  ]);
  const currentYear = fundYear.year;
  const names = [...new Set(goals.map((g) => g.name))];
  const communitiesOf = (countyId?: number): RegistryCommunity[] =>
    registry.filter((c) => countyId === undefined || c.countyId === countyId).map((c) => ({ builtYear: c.builtYear, renovatedYear: c.renovatedYear }));
  return {
    fundYear,
    asOf,
    currentYear,
    goals: names.map((name) => {
      const clauses = goals.filter((g) => g.name === name);
      const period = { startYear: clauses[0].startYear, endYear: clauses[0].endYear };
      return {
        name,
        ...period,
        clauses: clauses.map((g) => {
          const clause = { builtBefore: g.builtBefore, requiredBp: g.requiredBp };
          return {
            // A 县区 user sees only their county; "city" is then their county too.
            city: clauseProgress(clause, period, currentYear, communitiesOf(countyScope(ctx.actor) ?? undefined)),
            counties: counties.map((county) => ({ county, ...clauseProgress(clause, period, currentYear, communitiesOf(county.id)) })),
          };
        }),
      };
    }),
  };
}

/** 长效管养: property management coverage and fee collection of renovated communities by county. */
export async function getMaintenance(ctx: ServiceContext, q: { fundYearId: number; scope: "all" | "year" }): Promise<Maintenance> {
  const { db } = ctx;
  const { row, fundYear, asOf } = await resolveFundYear(ctx, q.fundYearId);
  const counties = await countiesOf(db, row.fy.regionId, ctx.actor);
  const registry = await registryWithRenovation(db, row.fy, counties.map((c) => c.id), asOf);
  const renovated = registry.filter((c) =>
    q.scope === "year" ? c.byProject && c.renovatedYear === fundYear.year : c.renovatedYear !== null && c.renovatedYear <= fundYear.year,
  );
  return {
    fundYear,
    asOf,
    counties: counties.map((county) => ({ county, ...maintenanceFigures(renovated.filter((c) => c.countyId === county.id)) })),
    city: maintenanceFigures(renovated),
  };
}

// ---- targets -----------------------------------------------------------------------------------

/** Targets of the city and each county with actuals from the registry as of the 评价日 (or asOf). */
export async function getTargets(ctx: ServiceContext, q: { fundYearId: number; asOf?: string; countyId?: number }): Promise<Targets> {
  const { db } = ctx;
  const { row, fundYear, asOf } = await resolveFundYear(ctx, q.fundYearId, q.asOf);
  const own = countyScope(ctx.actor);
  const countyId = scopedCounty(ctx.actor, q.countyId);
  const [counties, slice, targets, survey] = await Promise.all([
    listCounties(db, row.fy.regionId),
    loadSlice(db, fundYear.id, countyId),
    repo.listTargets(db, fundYear.id),
    surveyTallyOfFundYear(db, fundYear.id),
  ]);
  // 居民满意度: the accepted questionnaires of the fund year's survey (live until its task is final).
  const satisfactionOf = (county: number | null) => {
    const rows = (survey?.counties ?? []).filter((c) => county === null || c.countyId === county);
    const bp = ratioBasisPoints(rows.reduce((a, c) => a + c.satisfied, 0), rows.reduce((a, c) => a + c.valid, 0));
    return bp === null ? null : percentQuantity(bp);
  };
  const metricsOf = (list: SliceProject[], county: number | null) => ({ ...registryMetrics(list.map(metricProject), asOf), satisfaction: satisfactionOf(county) });
  const line = (t: (typeof targets)[number], metrics: ReturnType<typeof metricsOf>): TargetLine => {
    // Null: 待设定 (a new year's skeleton); no completion rate, never a target of 0.
    const target = t.targetValue === null ? null : parseQuantity(t.targetValue);
    const metric = (TARGET_METRICS as readonly string[]).includes(t.metric ?? "") ? (t.metric as TargetMetric) : null;
    const actual = metric ? metrics[metric] : t.manualActual !== null ? parseQuantity(t.manualActual) : null;
    return {
      id: t.id,
      indicator: t.indicator,
      metric,
      rule: metric ? METRIC_INFO[metric].rule : null,
      unit: t.unit,
      direction: t.direction,
      target: target === null ? null : formatQuantity(target),
      actual: actual === null ? null : formatQuantity(actual),
      actualFrom: metric ? (actual === null ? null : metric === "satisfaction" ? "survey" : "registry") : t.manualActual !== null ? "manual" : null,
      completionBp: target === null ? null : completionBp(actual, target, t.direction),
      met: target === null ? null : meetsTarget(actual, target, t.direction),
      note: t.note,
    };
  };
  const scopes: Targets["scopes"] = [];
  // The city's targets are city-wide figures: a 县区 user sees their own county's only.
  if (own === null && countyId === undefined) {
    const metrics = metricsOf(slice, null);
    scopes.push({ county: null, targets: targets.filter((t) => t.countyId === null).map((t) => line(t, metrics)) });
  }
  for (const county of counties) {
    if (countyId !== undefined && county.id !== countyId) continue;
    const mine = targets.filter((t) => t.countyId === county.id);
    if (!mine.length && countyId === undefined) continue;
    const metrics = metricsOf(slice.filter((p) => p.row.countyId === county.id), county.id);
    scopes.push({ county, targets: mine.map((t) => line(t, metrics)) });
  }
  return { fundYear, asOf, scopes };
}
