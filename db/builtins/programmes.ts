/**
 * The fund programme every installation has, demo or not: 老旧小区改造补助资金, evaluated with the
 * built-in default template and monitored as the 2021 demo year is (its five indicators, quarterly),
 * with the windows relative to the fund year. Idempotent: safe to call from every app instance.
 */
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../open";
import { programmes } from "../schema";
import type { RelativeIndicator } from "../../core/fund-year";
import { DEFAULT_TEMPLATE_CODE, ensureEvaluationBuiltIns } from "./evaluations";
import { ensureSurveyBuiltIns } from "./surveys";

/** The same code as the built-in template family; the demo loader reuses this row by it. */
export const BUILTIN_PROGRAMME = { code: DEFAULT_TEMPLATE_CODE, name: "老旧小区改造补助资金" } as const;

/** Default 双监控 of a new year (the demo 2021 year's settings, relative to the year). */
export const BUILTIN_MONITORING: { periodKind: "month" | "quarter"; indicators: RelativeIndicator[] } = {
  periodKind: "quarter",
  indicators: [
    { measure: "start", name: "开工进度", from: { yearOffset: 0, monthDay: "03-01" }, to: { yearOffset: 0, monthDay: "06-30" }, yellowGapBp: 1000, redGapBp: 2000 },
    { measure: "completion", name: "完工进度", from: { yearOffset: 0, monthDay: "07-01" }, to: { yearOffset: 0, monthDay: "12-31" }, yellowGapBp: 1000, redGapBp: 2000 },
    { measure: "physical", name: "形象进度", from: { yearOffset: 0, monthDay: "03-01" }, to: { yearOffset: 0, monthDay: "12-31" }, yellowGapBp: 1000, redGapBp: 2000 },
    { measure: "investment", name: "投资完成进度", from: { yearOffset: 0, monthDay: "03-01" }, to: { yearOffset: 1, monthDay: "03-31" }, yellowGapBp: 1000, redGapBp: 2000 },
    // From the first 下达 (中央补助, 16 April) to the 评价日 (30 June of the next year).
    { measure: "payment", name: "资金支付进度", from: { yearOffset: 0, monthDay: "04-16" }, to: { yearOffset: 1, monthDay: "06-30" }, yellowGapBp: 1000, redGapBp: 2000 },
  ],
};

/**
 * Installs the built-in programme (and the template it names). A row of the same code left by an
 * older demo load is adopted: marked built-in, its missing template and monitoring filled in.
 */
export async function ensureProgrammeBuiltIns(db: DbOrTx): Promise<typeof programmes.$inferSelect> {
  await ensureEvaluationBuiltIns(db);
  await ensureSurveyBuiltIns(db);
  const [existing] = await db.select().from(programmes).where(eq(programmes.code, BUILTIN_PROGRAMME.code));
  if (existing?.builtin) return existing;
  await db
    .insert(programmes)
    .values({ ...BUILTIN_PROGRAMME, templateCode: DEFAULT_TEMPLATE_CODE, contentItems: null, monitoring: BUILTIN_MONITORING, builtin: true, sortOrder: 1 })
    .onConflictDoUpdate({
      target: programmes.code,
      set: {
        builtin: true,
        templateCode: sql`coalesce(${programmes.templateCode}, excluded.template_code)`,
        monitoring: sql`coalesce(${programmes.monitoring}, excluded.monitoring)`,
      },
    });
  const [row] = await db.select().from(programmes).where(eq(programmes.code, BUILTIN_PROGRAMME.code));
  return row;
}
