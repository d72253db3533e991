/**
 * The one drizzle schema, split by area. Each file under schema/ owns its tables; this index is what
 * drizzle-kit reads (`npm run db:generate`) and what `openDb()` passes to drizzle.
 */
export * from "./schema/ledger";
export * from "./schema/auth";
export * from "./schema/projects";
export * from "./schema/evaluations";
export * from "./schema/review";
export * from "./schema/reports";
export * from "./schema/surveys";
export * from "./schema/apply";
export * from "./schema/derived";
export * from "./schema/works";
