/**
 * A finding's words may hold the report's figure placeholders (「{{funds.rate}}」), as chapter 六 prints
 * them live. Pages that show a finding outside the report (问题清单, 整改事项) read its words with the
 * figures written out, as the city's report states them — for every reader, a county too.
 */
import { SYSTEM_ACTOR } from "../../../core/access";
import { freezeTemplate, placeholdersOf } from "../../../core/report/template";
import type { ServiceContext } from "../../context";
import { getTask } from "../evaluations/service";
import { composeLiveReport } from "./load-report";

/** The texts with their figures written out (unchanged when none has a placeholder: nothing is computed). */
export async function writeOutFigures(ctx: ServiceContext, taskId: number, texts: readonly string[]): Promise<string[]> {
  if (!texts.some((t) => placeholdersOf(t).length)) return [...texts];
  // The city's figures, whoever reads: the finding is the task's statement, not a county's view.
  const city: ServiceContext = { ...ctx, actor: SYSTEM_ACTOR };
  const { set } = await composeLiveReport(city, await getTask(city, taskId));
  return texts.map((t) => (placeholdersOf(t).length ? freezeTemplate(t, set) : t));
}
