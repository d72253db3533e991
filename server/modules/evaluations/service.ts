/**
 * 绩效评价 use cases, one file per area: tasks and their states (tasks.ts), score sheets and entries
 * (score-sheets.ts), county replies (replies.ts), evidence (evidence.ts), results (results.ts) and
 * what-if (what-if.ts); who may do what is in access.ts. Other modules and the routes import from here.
 */
export * from "./tasks";
export * from "./score-sheets";
export * from "./replies";
export * from "./evidence";
export { getResults, exportData } from "./results";
export * from "./what-if";
export { presentComment } from "./sheets";
export { visibleTask, orgMatches } from "./access";
