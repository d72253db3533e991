/**
 * The default 老旧小区改造 questionnaire as version 1, published (core/survey DEFAULT_QUESTIONNAIRE).
 * Idempotent: safe to call from every app instance.
 */
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../open";
import { surveyQuestionnaires } from "../schema";
import { DEFAULT_QUESTIONNAIRE } from "../../core/survey/questionnaire";

export const DEFAULT_QUESTIONNAIRE_CODE = "old-community-residents";

export async function ensureSurveyBuiltIns(db: DbOrTx): Promise<{ questionnaireId: number }> {
  await db
    .insert(surveyQuestionnaires)
    .values({
      code: DEFAULT_QUESTIONNAIRE_CODE,
      version: 1,
      name: DEFAULT_QUESTIONNAIRE.title,
      status: "published",
      definition: DEFAULT_QUESTIONNAIRE,
      builtIn: true,
      publishedAt: new Date(),
    })
    .onConflictDoNothing();
  const [q] = await db
    .select({ id: surveyQuestionnaires.id })
    .from(surveyQuestionnaires)
    .where(eq(surveyQuestionnaires.code, DEFAULT_QUESTIONNAIRE_CODE))
    .orderBy(asc(surveyQuestionnaires.version))
    .limit(1);
  return { questionnaireId: q.id };
}
