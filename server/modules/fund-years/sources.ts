/** 资金来源: a list in data (中央补助 … 银行贷款), fiscal or not, in the order tables show them. */
import type { SetupSource, SourceCreate, SourceUpdate } from "../../../contracts/setup";
import { SOURCE_CATEGORY_LABEL } from "../../../contracts/setup";
import type { ServiceContext } from "../../context";
import { AppError, notFound } from "../../errors";
import { recordAudit } from "../audit/record";
import { presentSetupSource } from "./presenter";
import * as repo from "./repository";

export async function listSetupSources(ctx: Pick<ServiceContext, "db">): Promise<SetupSource[]> {
  return (await repo.listSources(ctx.db)).map(presentSetupSource);
}

const nameTaken = (name: string) => new AppError("CONFLICT", `资金来源「${name}」已存在，请换一个名称`, [{ row: null, column: "name", message: `资金来源「${name}」已存在` }]);

/** Adds a source; without a code it gets `source-N`, without an order it goes last. */
export async function createSource(ctx: ServiceContext, input: SourceCreate): Promise<SetupSource> {
  const id = await ctx.db.transaction(async (tx) => {
    if (await repo.findSourceByName(tx, input.name)) throw nameTaken(input.name);
    const codes = await repo.sourceCodes(tx);
    if (input.code && codes.has(input.code)) throw new AppError("CONFLICT", `编码「${input.code}」已被其他资金来源使用`, [{ row: null, column: "code", message: "编码已被使用" }]);
    let code = input.code;
    for (let n = codes.size + 1; !code; n++) if (!codes.has(`source-${n}`)) code = `source-${n}`;
    const sortOrder = input.sortOrder ?? (await repo.maxSourceOrder(tx)) + 1;
    const row = await repo.insertSource(tx, { code, name: input.name, category: input.category, sortOrder });
    // Someone added the same name or code at the same moment.
    if (!row) throw nameTaken(input.name);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "create",
      entityType: "funding_source",
      entityId: row.id,
      summary: `新增资金来源「${row.name}」（${SOURCE_CATEGORY_LABEL[row.category]}）`,
      after: { code: row.code, name: row.name, category: row.category, sortOrder: row.sortOrder },
    });
    return row.id;
  });
  return presentSetupSource((await repo.findSource(ctx.db, id))!);
}

export async function updateSource(ctx: ServiceContext, sourceId: number, patch: SourceUpdate): Promise<SetupSource> {
  await ctx.db.transaction(async (tx) => {
    const found = await repo.findSource(tx, sourceId);
    if (!found) throw notFound("资金来源");
    const before = found.source;
    if (patch.name !== undefined && patch.name !== before.name && (await repo.findSourceByName(tx, patch.name))) throw nameTaken(patch.name);
    const set = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.category !== undefined ? { category: patch.category } : {}),
      ...(patch.sortOrder !== undefined ? { sortOrder: patch.sortOrder } : {}),
    };
    if (!Object.keys(set).length) return;
    await repo.updateSource(tx, sourceId, set);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "update",
      entityType: "funding_source",
      entityId: sourceId,
      summary: `修改资金来源「${patch.name ?? before.name}」`,
      before: { name: before.name, category: before.category, sortOrder: before.sortOrder },
      after: set,
    });
  });
  const row = await repo.findSource(ctx.db, sourceId);
  return presentSetupSource(row!);
}

/** Deletes a source no record names; one in use stays (the ledger and the plans refer to it). */
export async function deleteSource(ctx: ServiceContext, sourceId: number): Promise<{ ok: true }> {
  await ctx.db.transaction(async (tx) => {
    const found = await repo.findSource(tx, sourceId);
    if (!found) throw notFound("资金来源");
    const s = found.source;
    const uses = [found.inAllocations && "资金下达", found.inPayments && "资金支付", found.inInvestments && "项目计划投资"].filter(Boolean);
    if (uses.length) throw new AppError("CONFLICT", `资金来源「${s.name}」已被${uses.join("、")}使用，不能删除；可修改名称或排序`);
    await repo.deleteSource(tx, sourceId);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "delete",
      entityType: "funding_source",
      entityId: sourceId,
      summary: `删除资金来源「${s.name}」`,
      before: { code: s.code, name: s.name, category: s.category, sortOrder: s.sortOrder },
    });
  });
  return { ok: true };
}
