/**
 * The satisfaction figures other modules read from a task's survey (the 居民满意度 leaf, the 满意度
 * target): accepted questionnaires whose scored question (总体满意度) was answered, and how many of them
 * are satisfied under the questionnaire's definition — per county, in one grouped query.
 */
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "./open";
import { evaluationTasks, surveyResponses, surveys } from "./schema";

export interface CountyTally {
  countyId: number;
  satisfied: number;
  valid: number;
}

export interface SurveyTally {
  surveyId: number;
  taskId: number;
  /** How many of the best levels count as satisfied (2: 很满意、比较满意). */
  satisfiedLevels: number;
  counties: CountyTally[];
}

async function tallyWhere(db: DbOrTx, where: SQL, countyId?: number): Promise<SurveyTally | null> {
  const [head] = await db
    .select({ id: surveys.id, taskId: surveys.taskId, questionnaire: surveys.questionnaire })
    .from(surveys)
    .innerJoin(evaluationTasks, eq(evaluationTasks.id, surveys.taskId))
    .where(where)
    .orderBy(desc(evaluationTasks.createdAt), desc(surveys.id))
    .limit(1);
  if (!head) return null;
  const levels = Number((head.questionnaire as { satisfiedLevels?: number }).satisfiedLevels ?? 2);
  const rows = await db
    .select({
      countyId: surveyResponses.countyId,
      satisfied: sql<number>`(count(*) filter (where ${surveyResponses.overallLevel} > ${5 - levels}))::int`,
      valid: sql<number>`count(${surveyResponses.overallLevel})::int`,
    })
    .from(surveyResponses)
    .where(
      and(
        eq(surveyResponses.surveyId, head.id),
        eq(surveyResponses.state, "accepted"),
        countyId === undefined ? undefined : eq(surveyResponses.countyId, countyId),
      ),
    )
    .groupBy(surveyResponses.countyId);
  return {
    surveyId: head.id,
    taskId: head.taskId,
    satisfiedLevels: levels,
    counties: rows.map((r) => ({ countyId: r.countyId, satisfied: Number(r.satisfied), valid: Number(r.valid) })),
  };
}

/** The survey of one evaluation task (only one county's rows when `countyId` is given), or null when the task has none. */
export function surveyTallyOfTask(db: DbOrTx, taskId: number, countyId?: number): Promise<SurveyTally | null> {
  return tallyWhere(db, eq(surveys.taskId, taskId), countyId);
}

/** The newest survey of a fund year's evaluation tasks (what its 满意度 target reads), or null. */
export function surveyTallyOfFundYear(db: DbOrTx, fundYearId: number): Promise<SurveyTally | null> {
  return tallyWhere(db, eq(evaluationTasks.fundYearId, fundYearId));
}
