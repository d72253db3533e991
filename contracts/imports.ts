import { z } from "zod";
import { idParam } from "./ids";
import { problemSchema } from "./errors";

export const IMPORT_KINDS = ["allocations", "payments"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_KIND_LABEL: Record<ImportKind, string> = { allocations: "资金下达", payments: "资金支付" };

/** An uploaded spreadsheet may be this large; a year of a province's payments fits. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
/** Problems listed in full; past this the list says how many more there are. */
export const IMPORT_MAX_PROBLEMS = 500;

export const importQuerySchema = z.object({
  fundYearId: idParam,
  /** true: check and preview only; nothing is written. */
  dryRun: z
    .union([z.boolean(), z.enum(["true", "false", "1", "0"])])
    .default(true)
    .transform((v) => v === true || v === "true" || v === "1"),
});

export const importResultSchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  fileName: z.string(),
  dryRun: z.boolean(),
  /** Data rows read (header and blank rows not counted). */
  rowCount: z.number().int(),
  /** Rows that are new and would be (or were) written. */
  newCount: z.number().int(),
  /** Rows already in the ledger with the same content: importing them again changes nothing. */
  unchangedCount: z.number().int(),
  /** Sum of the new rows, in 分. */
  newAmountFen: z.number().int(),
  problems: z.array(problemSchema),
  /** Problems not listed because of IMPORT_MAX_PROBLEMS. */
  moreProblems: z.number().int(),
  /** Set when committed. */
  batchId: z.number().int().nullable(),
  /** First rows as they will be written, for the preview table. */
  preview: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
});
export type ImportResult = z.infer<typeof importResultSchema>;

/**
 * The answer of every table import that runs through the one pipeline (server/import-pipeline.ts):
 * regions, accounts and the kinds that follow. A dry run and a commit answer alike.
 */
export const tableImportResultSchema = z.object({
  /** What was imported, in Chinese (行政区划, 账户 …). */
  label: z.string(),
  fileName: z.string(),
  dryRun: z.boolean(),
  /** Data rows read (header and blank rows not counted). */
  rowCount: z.number().int(),
  /** Rows that are new or change something: written on commit. */
  newCount: z.number().int(),
  /** Rows that would change nothing. */
  unchangedCount: z.number().int(),
  problems: z.array(problemSchema),
  moreProblems: z.number().int(),
  /** First rows as they will be written, keyed by Chinese column names. */
  preview: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  /** After a commit: one line of what was written. */
  summary: z.string().nullable(),
  /**
   * After a commit, what the user must see once and can never get again (the initial passwords of
   * imported accounts), as rows keyed by Chinese column names.
   */
  once: z.array(z.record(z.string(), z.string())).nullable(),
});
export type TableImportResult = z.infer<typeof tableImportResultSchema>;

/** `?dryRun=` of every table import; a check writes nothing (the default). */
export const tableImportQuerySchema = z.object({
  dryRun: z
    .union([z.boolean(), z.enum(["true", "false", "1", "0"])])
    .default(true)
    .transform((v) => v === true || v === "true" || v === "1"),
});
