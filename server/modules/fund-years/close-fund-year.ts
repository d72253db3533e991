/**
 * 关闭 / 重新打开 a fund year. A closed year is read-only: every write of its data checks
 * assertFundYearOpen (funds/service.ts). Reopening needs a reason; both are audited.
 */
import type { FundYearDetail } from "../../../contracts/setup";
import type { ServiceContext } from "../../context";
import { AppError } from "../../errors";
import { recordAudit } from "../audit/record";
import { resolveFundYear } from "../funds/service";
import { getFundYearDetail } from "./get-fund-year";
import * as repo from "./repository";

const label = (r: { regionName: string; programme: string; fy: { year: number } }) => `${r.regionName}${r.fy.year}年度${r.programme}`;

export async function closeFundYear(ctx: ServiceContext, fundYearId: number, input: { reason?: string } = {}): Promise<FundYearDetail> {
  await ctx.db.transaction(async (tx) => {
    const { row } = await resolveFundYear({ db: tx, actor: ctx.actor }, fundYearId);
    // Waits for an import that holds the row, so nothing is half written into a closed year.
    await repo.lockFundYearRow(tx, row.fy.id);
    const fy = (await repo.findFundYearRow(tx, row.fy.id))!;
    if (fy.closedAt) throw new AppError("CONFLICT", `资金年度「${label(row)}」已关闭`);
    const closedAt = new Date();
    const closedBy = ctx.actor.displayName ? `${ctx.actor.displayName}（${ctx.actor.username}）` : ctx.actor.username;
    await repo.setFundYearClosed(tx, fy.id, { closedAt, closedBy });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "close",
      entityType: "fund_year",
      entityId: fy.id,
      summary: `关闭资金年度：${label(row)}${input.reason ? `（${input.reason}）` : ""}`,
      before: { closedAt: null, closedBy: null },
      after: { closedAt: closedAt.toISOString(), closedBy, reason: input.reason ?? null },
    });
  });
  return getFundYearDetail(ctx, fundYearId);
}

export async function reopenFundYear(ctx: ServiceContext, fundYearId: number, input: { reason: string }): Promise<FundYearDetail> {
  await ctx.db.transaction(async (tx) => {
    const { row } = await resolveFundYear({ db: tx, actor: ctx.actor }, fundYearId);
    await repo.lockFundYearRow(tx, row.fy.id);
    const fy = (await repo.findFundYearRow(tx, row.fy.id))!;
    if (!fy.closedAt) throw new AppError("CONFLICT", `资金年度「${label(row)}」未关闭，无需重新打开`);
    await repo.setFundYearClosed(tx, fy.id, null);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "reopen",
      entityType: "fund_year",
      entityId: fy.id,
      summary: `重新打开资金年度：${label(row)}，原因：${input.reason}`,
      before: { closedAt: fy.closedAt.toISOString(), closedBy: fy.closedBy },
      after: { closedAt: null, closedBy: null, reason: input.reason },
    });
  });
  return getFundYearDetail(ctx, fundYearId);
}
