/** The scoring engine: indicator trees, rules, rollup, grades, checks, regional aggregation, what-if. */
export * from "./points";
export * from "./rules";
export * from "./template";
export * from "./sheet";
export * from "./grades";
export * from "./aggregate";
export * from "./default-template";
