/**
 * 专营单位 works: the shared community view, operators' planned works (an operator changes only its
 * own), and the excavation conflicts computed on read from the works and renovation windows, with what
 * housing confirmed and each party acknowledged kept by the conflict's stable key.
 */
import { eq } from "drizzle-orm";
import { countyScope, type Actor } from "../../../core/access";
import { acknowledgementHolds, DEFAULT_RULE, detectConflicts, conflictParties, isOpen, type ConflictRule } from "../../../core/works/conflicts";
import type { Conflict, ConflictSettings, CreateWork, SharedCommunity, UpdateWork, Work } from "../../../contracts/works";
import type { UtilityKind, WorkStatus } from "../../../core/works/kinds";
import { utilityWorks } from "../../../db/schema";
import type { DbOrTx } from "../../../db/open";
import type { ServiceContext } from "../../context";
import { AppError, notFound } from "../../errors";
import { updateVersioned } from "../../versioned";
import { recordAudit } from "../audit/record";
import { notify } from "../notifications/service";
import * as repo from "./repository";

const NOT_YOURS = "只能修改本单位的施工计划";

/** The county and region scope of an actor's reads. */
export function scopeOf(actor: Actor, countyId?: number): repo.CommunityScope {
  const own = countyScope(actor);
  if (own !== null && countyId !== undefined && countyId !== own) throw new AppError("FORBIDDEN", "无权访问其他县区的数据");
  return { regionPath: actor.regionPath, countyId: own ?? countyId };
}

/** The operator the actor works for (utility accounts only). */
export async function operatorOf(db: DbOrTx, actor: Actor): Promise<repo.OperatorRow | null> {
  if (actor.role !== "utility" || !actor.organisation) return null;
  return repo.findOperatorByName(db, actor.organisation);
}

export async function ruleOf(db: DbOrTx): Promise<ConflictRule> {
  const row = await repo.anySettings(db);
  return row ? { gapDays: row.gapDays, diggingKinds: row.diggingKinds } : DEFAULT_RULE;
}

export async function conflictSettings(ctx: ServiceContext): Promise<ConflictSettings> {
  const r = await ruleOf(ctx.db);
  return { gapDays: r.gapDays, diggingKinds: r.diggingKinds as UtilityKind[] };
}

export function presentWork(w: repo.WorkRow, operatorId: number | null): Work {
  return {
    id: w.id,
    operatorId: w.operatorId,
    operatorName: w.operatorName,
    communityId: w.communityId,
    communityName: w.communityName,
    countyId: w.countyId,
    countyName: w.countyName,
    kind: w.kind as UtilityKind,
    scope: w.scope,
    plannedFrom: w.plannedFrom,
    plannedTo: w.plannedTo,
    digs: w.digs,
    status: w.status as WorkStatus,
    version: w.version,
    updatedAt: w.updatedAt.toISOString(),
    editable: operatorId === w.operatorId,
  };
}

export async function listOperators(ctx: ServiceContext) {
  return (await repo.listOperators(ctx.db, ctx.actor.regionPath)).map((o) => ({ id: o.id, name: o.name, kinds: o.kinds as UtilityKind[] }));
}

/** The shared community database as operators see it: registry facts and the renovation's dates. */
export async function listSharedCommunities(ctx: ServiceContext, q: { fundYearId?: number; countyId?: number }): Promise<SharedCommunity[]> {
  const scope = scopeOf(ctx.actor, q.countyId);
  const rows = await repo.sharedCommunities(ctx.db, scope);
  const renovations = await repo.renovationsOf(ctx.db, scope);
  const project = new Map<number, (typeof renovations)[number]>();
  for (const r of renovations) if ((q.fundYearId === undefined || r.fundYearId === q.fundYearId) && !project.has(r.communityId)) project.set(r.communityId, r);
  const contents = await repo.contentNames(ctx.db, [...new Set([...project.values()].map((p) => p.projectId))]);
  return rows
    .filter((c) => q.fundYearId === undefined || project.has(c.id))
    .map((c) => {
      const p = project.get(c.id);
      return {
        ...c,
        project: p
          ? {
              id: p.projectId,
              code: p.code,
              name: p.name,
              batchYear: p.batchYear,
              status: p.status,
              plannedStartOn: p.plannedStartOn,
              plannedCompletionOn: p.plannedCompletionOn,
              actualStartOn: p.actualStartOn,
              actualCompletionOn: p.actualCompletionOn,
              contents: contents.get(p.projectId) ?? [],
            }
          : null,
      };
    });
}

export async function listWorks(ctx: ServiceContext, q: { communityId?: number; countyId?: number; year?: number }): Promise<Work[]> {
  const op = await operatorOf(ctx.db, ctx.actor);
  const rows = await repo.listWorks(ctx.db, { ...scopeOf(ctx.actor, q.countyId), communityId: q.communityId, year: q.year });
  // An operator sees its own works; others' reach it only as parties of a conflict.
  return rows.filter((w) => ctx.actor.role !== "utility" || w.operatorId === op?.id).map((w) => presentWork(w, op?.id ?? null));
}

function checkWindow(from: string, to: string) {
  if (from > to) throw new AppError("VALIDATION_FAILED", `计划开始日期（${from}）不能晚于计划完成日期（${to}）`);
}

async function requireOperator(db: DbOrTx, actor: Actor): Promise<repo.OperatorRow> {
  const op = await operatorOf(db, actor);
  if (!op) throw new AppError("FORBIDDEN", "本账户未关联专营单位，不能登记施工计划");
  return op;
}

export async function createWork(ctx: ServiceContext, body: CreateWork): Promise<Work> {
  checkWindow(body.plannedFrom, body.plannedTo);
  const rule = await ruleOf(ctx.db);
  return ctx.db.transaction(async (tx) => {
    const op = await requireOperator(tx, ctx.actor);
    if (!op.kinds.includes(body.kind)) throw new AppError("VALIDATION_FAILED", `本单位的专业为${op.kinds.join("、")}，不能登记“${body.kind}”施工`);
    const community = await repo.findCommunity(tx, body.communityId);
    if (!community || (ctx.actor.regionPath && !community.path.startsWith(ctx.actor.regionPath))) throw notFound("小区");
    const id = await repo.insertWork(tx, {
      operatorId: op.id,
      communityId: body.communityId,
      kind: body.kind,
      scope: body.scope,
      plannedFrom: body.plannedFrom,
      plannedTo: body.plannedTo,
      digs: body.digs ?? rule.diggingKinds.includes(body.kind),
      status: body.status ?? "计划",
      updatedBy: ctx.actor.userId || null,
    });
    const [row] = await repo.listWorks(tx, { regionPath: null, workId: id });
    await recordAudit(tx, { actor: ctx.actor, ip: ctx.ip, action: "create", entityType: "utility_work", entityId: id, countyId: row.countyId, summary: `登记施工计划：${op.name}在${row.communityName}（${body.kind}，${body.plannedFrom}至${body.plannedTo}）`, after: body });
    await notifyNewConflicts(tx, body.communityId, rule);
    return presentWork(row, op.id);
  });
}

export async function updateWork(ctx: ServiceContext, id: number, body: UpdateWork): Promise<Work> {
  const rule = await ruleOf(ctx.db);
  return ctx.db.transaction(async (tx) => {
    const op = await requireOperator(tx, ctx.actor);
    const [current] = await repo.listWorks(tx, { regionPath: ctx.actor.regionPath, workId: id });
    if (!current) throw notFound("施工计划");
    if (current.operatorId !== op.id) throw new AppError("FORBIDDEN", NOT_YOURS);
    const { version, ...set } = body;
    if (set.kind && !op.kinds.includes(set.kind)) throw new AppError("VALIDATION_FAILED", `本单位的专业为${op.kinds.join("、")}，不能登记“${set.kind}”施工`);
    checkWindow(set.plannedFrom ?? current.plannedFrom, set.plannedTo ?? current.plannedTo);
    const { before, after } = await updateVersioned(tx, { table: utilityWorks, noun: "施工计划" }, { where: eq(utilityWorks.id, id), expected: version, actorId: ctx.actor.userId || null, set });
    await recordAudit(tx, { actor: ctx.actor, ip: ctx.ip, action: "update", entityType: "utility_work", entityId: id, countyId: current.countyId, summary: `修改施工计划：${op.name}在${current.communityName}`, before, after });
    await withdrawLapsedAcknowledgements(tx, { work: current, after: { from: set.plannedFrom ?? current.plannedFrom, to: set.plannedTo ?? current.plannedTo } }, rule);
    await notifyNewConflicts(tx, current.communityId, rule);
    const [row] = await repo.listWorks(tx, { regionPath: null, workId: id });
    return presentWork(row, op.id);
  });
}

/**
 * An operator that moves its work out of a confirmed joint window no longer acknowledges it: the
 * conflict reopens (else it would stay closed while the operator plans to dig in other months) and
 * 住建 is told, to adjust the window or ask the operator to acknowledge again.
 */
async function withdrawLapsedAcknowledgements(tx: DbOrTx, o: { work: repo.WorkRow; after: { from: string; to: string } }, rule: ConflictRule): Promise<void> {
  const { work, after } = o;
  const party = `operator:${work.operatorId}`;
  const { detected, states } = await computeConflicts(tx, { regionPath: null, communityId: work.communityId }, rule);
  for (const d of detected) {
    const state = states.get(d.key);
    if (!d.workIds.includes(work.id) || !state?.confirmedFrom || !state.confirmedTo || !state.acknowledgements[party]) continue;
    const joint = { from: state.confirmedFrom, to: state.confirmedTo };
    if (acknowledgementHolds({ from: work.plannedFrom, to: work.plannedTo }, after, joint)) continue;
    const locked = await repo.lockConflictState(tx, d.key, d.communityId);
    const acknowledgements = { ...locked.acknowledgements };
    delete acknowledgements[party];
    await repo.updateConflictState(tx, d.key, { acknowledgements });
    await notify(tx, await repo.housingUserIds(tx), {
      kind: "works.conflict",
      title: `联合施工窗口需重新协商：${work.communityName}`,
      body: `${work.operatorName}将施工计划改为 ${after.from} 至 ${after.to}，不在已确认的联合施工窗口 ${joint.from} 至 ${joint.to} 内，其确认知悉已撤回，该冲突重新列为未闭环。`,
      link: "/works/conflicts",
      entityType: "works_conflict",
      entityId: d.key,
    });
  }
}

/** Conflicts of the scope, with what was recorded about each. */
export async function computeConflicts(db: DbOrTx, scope: repo.CommunityScope & { communityId?: number; year?: number }, rule: ConflictRule) {
  const works = await repo.listWorks(db, scope);
  const communityIds = [...new Set(works.map((w) => w.communityId))];
  const renovationRows = await repo.renovationsOf(db, { ...scope, communityIds });
  const latest = new Map<number, (typeof renovationRows)[number]>();
  for (const r of renovationRows) if (!latest.has(r.communityId)) latest.set(r.communityId, r);
  const renovations = [...latest.values()].flatMap((r) => {
    const from = r.actualStartOn ?? r.plannedStartOn;
    const to = r.actualCompletionOn ?? r.plannedCompletionOn;
    return from && to ? [{ projectId: r.projectId, communityId: r.communityId, from, to, name: r.name }] : [];
  });
  const detected = detectConflicts(
    works.map((w) => ({ id: w.id, communityId: w.communityId, operatorId: w.operatorId, from: w.plannedFrom, to: w.plannedTo, digs: w.digs, cancelled: w.status === "已取消" })),
    renovations,
    rule,
  );
  const states = new Map((await repo.conflictStates(db, detected.map((d) => d.key))).map((s) => [s.key, s]));
  return { detected, works, renovations, states };
}

export async function listConflicts(ctx: ServiceContext, q: { year?: number; countyId?: number; open?: "true" | "false" }): Promise<Conflict[]> {
  const op = await operatorOf(ctx.db, ctx.actor);
  const scope = scopeOf(ctx.actor, q.countyId);
  const { detected, works, renovations, states } = await computeConflicts(ctx.db, { ...scope, year: q.year }, await ruleOf(ctx.db));
  const confirmers = await repo.userNames(ctx.db, [...states.values()].flatMap((s) => (s.confirmedBy ? [s.confirmedBy] : [])));
  const workById = new Map(works.map((w) => [w.id, w]));
  const operatorName = new Map(works.map((w) => [w.operatorId, w.operatorName]));
  const out: Conflict[] = [];
  for (const d of detected) {
    // An operator sees the conflicts it is a party of.
    if (ctx.actor.role === "utility" && (!op || !d.operatorIds.includes(op.id))) continue;
    const state = states.get(d.key) ?? null;
    const acks = state?.acknowledgements ?? {};
    const parties = conflictParties(d);
    const open = isOpen(parties, state ? { confirmed: state.confirmedFrom !== null, acknowledged: new Set(Object.keys(acks)) } : null);
    if (q.open === "true" && !open) continue;
    const ws = d.workIds.map((id) => workById.get(id)!);
    const renovation = renovations.find((r) => r.projectId === d.projectId && r.communityId === d.communityId) ?? null;
    out.push({
      key: d.key,
      communityId: d.communityId,
      communityName: ws[0].communityName,
      countyId: ws[0].countyId,
      countyName: ws[0].countyName,
      longitude: ws[0].longitude,
      latitude: ws[0].latitude,
      works: ws.map((w) => presentWork(w, op?.id ?? null)),
      renovation: renovation ? { projectId: renovation.projectId, projectName: renovation.name, from: renovation.from, to: renovation.to } : null,
      proposedFrom: d.proposedFrom,
      proposedTo: d.proposedTo,
      confirmedFrom: state?.confirmedFrom ?? null,
      confirmedTo: state?.confirmedTo ?? null,
      confirmedBy: state?.confirmedBy ? (confirmers.get(state.confirmedBy) ?? null) : null,
      parties: parties.map((p) => ({
        key: p,
        name: p === "renovation" ? "住建部门（改造项目）" : (operatorName.get(Number(p.slice("operator:".length))) ?? p),
        acknowledgedAt: acks[p]?.at ?? null,
        acknowledgedBy: acks[p]?.by ?? null,
      })),
      open,
    });
  }
  return out;
}

/** Tells the parties of a community's new conflicts once (inside the change's transaction). */
export async function notifyNewConflicts(tx: DbOrTx, communityId: number, rule: ConflictRule): Promise<void> {
  const { detected, works, states } = await computeConflicts(tx, { regionPath: null, communityId }, rule);
  for (const d of detected) {
    if (states.get(d.key)?.notified) continue;
    await repo.lockConflictState(tx, d.key, d.communityId);
    await repo.updateConflictState(tx, d.key, { notified: true });
    const names = [...new Set(works.filter((w) => d.workIds.includes(w.id)).map((w) => w.operatorName))];
    const recipients = [...(await repo.operatorUserIds(tx, names)), ...(await repo.housingUserIds(tx))];
    const community = works.find((w) => w.communityId === d.communityId)!.communityName;
    await notify(tx, recipients, {
      kind: "works.conflict",
      title: `反复开挖提醒：${community}`,
      body: `${names.join("、")}${d.projectId !== null ? "与改造项目" : ""}在${community}分别安排了开挖施工，建议联合施工窗口 ${d.proposedFrom} 至 ${d.proposedTo}，请协商确认。`,
      link: "/works/conflicts",
      entityType: "works_conflict",
      entityId: d.key,
    });
  }
}

async function findConflict(ctx: ServiceContext, key: string) {
  const communityId = Number(/^c(\d+):/.exec(key)?.[1]);
  const { detected } = await computeConflicts(ctx.db, { ...scopeOf(ctx.actor), communityId }, await ruleOf(ctx.db));
  const d = detected.find((c) => c.key === key);
  if (!d) throw new AppError("NOT_FOUND", "该冲突不存在或施工计划已变更，请刷新冲突列表");
  return d;
}

async function present(ctx: ServiceContext, key: string): Promise<Conflict> {
  const communityId = Number(/^c(\d+):/.exec(key)?.[1]);
  const all = await listConflicts({ ...ctx }, {});
  const c = all.find((x) => x.key === key && x.communityId === communityId);
  if (!c) throw notFound("冲突");
  return c;
}

/** 住建 confirms the joint schedule; the parties acknowledge it afterwards (acknowledgements start over). */
export async function confirmConflict(ctx: ServiceContext, key: string, body: { from: string; to: string }): Promise<Conflict> {
  checkWindow(body.from, body.to);
  const d = await findConflict(ctx, key);
  await ctx.db.transaction(async (tx) => {
    await repo.lockConflictState(tx, key, d.communityId);
    await repo.updateConflictState(tx, key, { confirmedFrom: body.from, confirmedTo: body.to, confirmedBy: ctx.actor.userId || null, confirmedAt: new Date(), acknowledgements: {} });
    await recordAudit(tx, { actor: ctx.actor, ip: ctx.ip, action: "confirm", entityType: "works_conflict", entityId: key, summary: `确认联合施工窗口 ${body.from} 至 ${body.to}（冲突 ${key}）`, after: body });
    const { works } = await computeConflicts(tx, { regionPath: null, communityId: d.communityId }, await ruleOf(tx));
    const names = [...new Set(works.filter((w) => d.workIds.includes(w.id)).map((w) => w.operatorName))];
    await notify(tx, await repo.operatorUserIds(tx, names), {
      kind: "works.joint_window",
      title: "联合施工窗口已确认",
      body: `住建部门确认联合施工窗口 ${body.from} 至 ${body.to}，请确认知悉。`,
      link: "/works/conflicts",
      entityType: "works_conflict",
      entityId: key,
    });
  });
  return present(ctx, key);
}

/** A party acknowledges the confirmed joint schedule: an operator for itself, housing for the renovation. */
export async function acknowledgeConflict(ctx: ServiceContext, key: string, body: { party?: string }): Promise<Conflict> {
  const d = await findConflict(ctx, key);
  const op = await operatorOf(ctx.db, ctx.actor);
  let party: string;
  if (ctx.actor.role === "utility") {
    if (!op || !d.operatorIds.includes(op.id)) throw new AppError("FORBIDDEN", "本单位不是该冲突的当事方");
    party = `operator:${op.id}`;
  } else {
    if (d.projectId === null) throw new AppError("VALIDATION_FAILED", "该冲突不涉及改造项目，住建部门无需确认知悉");
    party = "renovation";
  }
  await ctx.db.transaction(async (tx) => {
    const state = await repo.lockConflictState(tx, key, d.communityId);
    if (!state.confirmedFrom) throw new AppError("VALIDATION_FAILED", "住建部门尚未确认联合施工窗口，暂不能确认知悉");
    await repo.updateConflictState(tx, key, { acknowledgements: { ...state.acknowledgements, [party]: { at: new Date().toISOString(), by: ctx.actor.displayName } } });
    await recordAudit(tx, { actor: ctx.actor, ip: ctx.ip, action: "acknowledge", entityType: "works_conflict", entityId: key, summary: `确认知悉联合施工窗口（冲突 ${key}）` });
  });
  return present(ctx, key);
}

/** Map figure: conflicts and open conflicts per county. */
export async function countyFigures(ctx: ServiceContext, q: { year?: number }) {
  const list = await listConflicts(ctx, { year: q.year });
  const works = await repo.listWorks(ctx.db, { ...scopeOf(ctx.actor), year: q.year });
  const by = new Map<number, { countyId: number; countyName: string; openConflicts: number; conflicts: number; works: number }>();
  const row = (id: number, name: string) => by.get(id) ?? by.set(id, { countyId: id, countyName: name, openConflicts: 0, conflicts: 0, works: 0 }).get(id)!;
  for (const w of works) row(w.countyId, w.countyName).works++;
  for (const c of list) {
    const r = row(c.countyId, c.countyName);
    r.conflicts++;
    if (c.open) r.openConflicts++;
  }
  return [...by.values()].sort((a, b) => a.countyId - b.countyId);
}
