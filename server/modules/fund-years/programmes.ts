/**
 * 资金项目: a fund programme and what a new fund year of it starts from (indicator template family,
 * the renovation contents it funds, 双监控 defaults). The built-in 老旧小区改造补助资金 is in every
 * installation (db/builtins/programmes.ts).
 */
import type { Programme, ProgrammeCreate, ProgrammeUpdate } from "../../../contracts/setup";
import { BUILTIN_MONITORING } from "../../../db/builtins/programmes";
import type { DbOrTx } from "../../../db/open";
import type { ServiceContext } from "../../context";
import { AppError, notFound } from "../../errors";
import { recordAudit } from "../audit/record";
import { presentProgramme } from "./presenter";
import * as repo from "./repository";

export async function listProgrammes(ctx: Pick<ServiceContext, "db">): Promise<Programme[]> {
  const [rows, families] = await Promise.all([repo.listProgrammes(ctx.db), repo.templateFamilies(ctx.db)]);
  return rows.map((r) => presentProgramme(r.programme, families, Number(r.fundYears)));
}

async function getProgramme(db: DbOrTx, id: number): Promise<Programme> {
  const found = (await listProgrammes({ db: db as ServiceContext["db"] })).find((p) => p.id === id);
  if (!found) throw notFound("资金项目");
  return found;
}

const field = (column: string, message: string) => new AppError("VALIDATION_FAILED", message, [{ row: null, column, message }]);

/** The template family and catalogue items a programme names must exist. */
async function checkReferences(db: DbOrTx, input: { templateCode?: string | null; contentItems?: string[] | null }) {
  if (input.templateCode) {
    const families = await repo.templateFamilies(db);
    if (!families.has(input.templateCode)) throw field("templateCode", `指标体系模板「${input.templateCode}」不存在，请从已有模板中选择`);
  }
  if (input.contentItems) {
    const known = await repo.renovationItemCodes(db);
    const unknown = input.contentItems.filter((c) => !known.has(c));
    if (unknown.length) throw field("contentItems", `改造内容目录中没有：${unknown.join("、")}`);
    if (!input.contentItems.length) throw field("contentItems", "请至少选择一项改造内容，或选择“全部改造内容”");
  }
}

const nameTaken = (name: string) => new AppError("CONFLICT", `资金项目「${name}」已存在，请换一个名称`, [{ row: null, column: "name", message: `资金项目「${name}」已存在` }]);

export async function createProgramme(ctx: ServiceContext, input: ProgrammeCreate): Promise<Programme> {
  const id = await ctx.db.transaction(async (tx) => {
    if ((await repo.findProgrammeByName(tx, input.name)).length) throw nameTaken(input.name);
    await checkReferences(tx, input);
    const codes = await repo.programmeCodes(tx);
    if (input.code && codes.has(input.code)) throw new AppError("CONFLICT", `编码「${input.code}」已被其他资金项目使用`, [{ row: null, column: "code", message: "编码已被使用" }]);
    let code = input.code;
    for (let n = codes.size + 1; !code; n++) if (!codes.has(`programme-${n}`)) code = `programme-${n}`;
    const row = await repo.insertProgramme(tx, {
      code,
      name: input.name,
      templateCode: input.templateCode ?? null,
      contentItems: input.contentItems ?? null,
      monitoring: input.monitoring ?? BUILTIN_MONITORING,
      builtin: false,
      sortOrder: input.sortOrder ?? (await repo.maxProgrammeOrder(tx)) + 1,
    });
    if (!row) throw nameTaken(input.name);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "create",
      entityType: "programme",
      entityId: row.id,
      summary: `新增资金项目「${row.name}」`,
      after: { code: row.code, name: row.name, templateCode: row.templateCode, contentItems: row.contentItems, monitoring: row.monitoring, sortOrder: row.sortOrder },
    });
    return row.id;
  });
  return getProgramme(ctx.db, id);
}

export async function updateProgramme(ctx: ServiceContext, programmeId: number, patch: ProgrammeUpdate): Promise<Programme> {
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findProgramme(tx, programmeId);
    if (!before) throw notFound("资金项目");
    if (patch.name !== undefined && patch.name !== before.name && (await repo.findProgrammeByName(tx, patch.name)).length) throw nameTaken(patch.name);
    await checkReferences(tx, patch);
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    if (!Object.keys(set).length) return;
    await repo.updateProgramme(tx, programmeId, set);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "update",
      entityType: "programme",
      entityId: programmeId,
      summary: `修改资金项目「${patch.name ?? before.name}」（已有资金年度不受影响，新开年度起适用）`,
      before: Object.fromEntries(Object.keys(set).map((k) => [k, before[k as keyof typeof before]])),
      after: set,
    });
  });
  return getProgramme(ctx.db, programmeId);
}

/** A programme by name (the command line). */
export async function findProgrammeByName(ctx: Pick<ServiceContext, "db">, name: string): Promise<Programme> {
  const all = await listProgrammes(ctx);
  const found = all.find((p) => p.name === name) ?? (all.filter((p) => p.name.includes(name)).length === 1 ? all.find((p) => p.name.includes(name)) : undefined);
  if (!found) throw new AppError("NOT_FOUND", `找不到资金项目「${name}」。已有：${all.map((p) => p.name).join("、")}`);
  return found;
}
