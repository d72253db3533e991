/**
 * Reference data every installation needs, demo or not: the 财预〔2020〕10号 grade scale (and a second
 * scale as an example of other boundary rules), and the default 老旧小区改造 indicator template
 * (shared/SPEC.md §5) as version 1, published. Idempotent: safe to call from every app instance.
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../open";
import { gradeScales, indicatorTemplates } from "../schema";
import { ALTERNATIVE_GRADE_SCALE, DEFAULT_GRADE_SCALE } from "../../core/scoring/grades";
import { DEFAULT_TEMPLATE, DEFAULT_TEMPLATE_NAME } from "../../core/scoring/default-template";

export const DEFAULT_SCALE_CODE = "caiyu-2020-10";
export const ALTERNATIVE_SCALE_CODE = "four-level-example";
export const DEFAULT_TEMPLATE_CODE = "old-community-renovation";

export async function ensureEvaluationBuiltIns(db: DbOrTx): Promise<{ scaleId: number; templateId: number }> {
  await db
    .insert(gradeScales)
    .values([
      { code: DEFAULT_SCALE_CODE, name: DEFAULT_GRADE_SCALE.name, definition: DEFAULT_GRADE_SCALE, builtIn: true },
      { code: ALTERNATIVE_SCALE_CODE, name: ALTERNATIVE_GRADE_SCALE.name, definition: ALTERNATIVE_GRADE_SCALE, builtIn: true },
    ])
    .onConflictDoNothing();
  const [scale] = await db.select({ id: gradeScales.id }).from(gradeScales).where(eq(gradeScales.code, DEFAULT_SCALE_CODE));
  let [template] = await db.select({ id: indicatorTemplates.id }).from(indicatorTemplates).where(eq(indicatorTemplates.code, DEFAULT_TEMPLATE_CODE)).limit(1);
  if (!template) {
    await db
      .insert(indicatorTemplates)
      .values({
        code: DEFAULT_TEMPLATE_CODE,
        version: 1,
        name: DEFAULT_TEMPLATE_NAME,
        status: "published",
        tree: DEFAULT_TEMPLATE,
        note: "系统内置：依据财预〔2020〕10号框架和2021年度跟踪问效报告的一、二级指标分值",
        publishedAt: new Date(),
      })
      .onConflictDoNothing();
    [template] = await db
      .select({ id: indicatorTemplates.id })
      .from(indicatorTemplates)
      .where(eq(indicatorTemplates.code, DEFAULT_TEMPLATE_CODE))
      .orderBy(indicatorTemplates.version)
      .limit(1);
  }
  return { scaleId: scale.id, templateId: template.id };
}
