/** The report of an evaluation task (全周期跟踪问效报告): document, edits, versions, rules, 勾稽校验. */
import { z } from "zod";
import type { FigureTrace, Inline, ReportBlock, ReportDocument, ReportFigure } from "../core/report/model";
import { CONDITION_OPS, DRAFT_CHAPTERS } from "../core/report/drafting";

/** Longest paragraph a person may write (about four pages of 版心). */
export const PARAGRAPH_MAX = 4000;
/** Largest report file accepted by 勾稽校验. */
export const REPORT_FILE_MAX_BYTES = 20 * 1024 * 1024;
export const REPORT_FORMATS = ["docx", "pdf", "html", "xlsx"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const inlineSchema: z.ZodType<Inline> = z.union([
  z.object({ t: z.literal("text"), text: z.string() }),
  z.object({ t: z.literal("fig"), key: z.string(), text: z.string() }),
]);
const traceSchema: z.ZodType<FigureTrace> = z.object({
  label: z.string(),
  formula: z.string(),
  asOf: z.string().nullable(),
  parts: z.array(z.object({ label: z.string(), text: z.string() })),
  link: z.object({ path: z.string(), query: z.record(z.string(), z.string()) }).nullable(),
  related: z.array(z.object({ label: z.string(), path: z.string(), query: z.record(z.string(), z.string()) })).optional(),
});
const figureSchema: z.ZodType<ReportFigure> = z.object({ key: z.string(), text: z.string(), value: z.string().nullable(), trace: traceSchema });
const blockSchema: z.ZodType<ReportBlock> = z.union([
  z.object({ kind: z.literal("heading"), level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]), text: z.string(), key: z.string().nullable() }),
  z.object({
    kind: z.literal("paragraph"),
    key: z.string(),
    inlines: z.array(inlineSchema),
    source: z.enum(["computed", "text", "rule", "finding", "edited"]),
    version: z.number().int().nullable(),
  }),
  z.object({ kind: z.literal("table"), key: z.string(), caption: z.string(), header: z.array(z.string()), rows: z.array(z.array(z.array(inlineSchema))), widths: z.array(z.number()) }),
]);
export const reportDocumentSchema: z.ZodType<ReportDocument> = z.object({
  title: z.string(),
  dateText: z.string(),
  author: z.string().nullable(),
  blocks: z.array(blockSchema),
  figures: z.record(z.string(), figureSchema),
  meta: z.object({
    taskId: z.number().int(),
    taskName: z.string(),
    fundYearId: z.number().int(),
    year: z.number().int(),
    region: z.string(),
    asOf: z.string(),
    live: z.boolean(),
    version: z.number().int().nullable(),
    generatedAt: z.string(),
    isDemo: z.boolean(),
  }),
});

export const locationSchema = z.object({
  chapter: z.string(),
  table: z.string().nullable(),
  row: z.string().nullable(),
  column: z.string().nullable(),
  line: z.number().int(),
});
export const inconsistencySchema = z.object({
  rule: z.enum(["sum", "rate", "composition", "repeat", "grade", "count", "sequence", "record"]),
  where: locationSchema,
  /** The wrong figure's key; null when no single figure can be blamed. */
  key: z.string().nullable(),
  found: z.string(),
  expected: z.string(),
  message: z.string(),
});
export const checkResultSchema = z.object({
  /** File name checked, or null for the report as generated. */
  fileName: z.string().nullable(),
  /** The task whose records the figures were compared with, if any. */
  taskId: z.number().int().nullable(),
  recognised: z.array(z.string()),
  relations: z.number().int(),
  problems: z.array(inconsistencySchema),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

/** A paragraph the editor can change: its current template, where it comes from, the figures it may name. */
export const paragraphStateSchema = z.object({
  key: z.string(),
  label: z.string(),
  /** The template now in force, placeholders by name: {{预算执行率（全部资金来源）}}. */
  body: z.string(),
  /** The words before any edit of this report (built-in, stored text or rule). */
  originalBody: z.string(),
  source: z.enum(["computed", "text", "rule", "finding", "edited"]),
  frozen: z.boolean(),
  hidden: z.boolean(),
  version: z.number().int().nullable(),
  /** Whether any version was ever stored (an edit, a fund-year text, a revert): the history has something to show. */
  history: z.boolean(),
});
export type ParagraphState = z.infer<typeof paragraphStateSchema>;

export const reportSchema = z.object({
  document: reportDocumentSchema,
  check: checkResultSchema,
  /** Every figure a paragraph may name, for the editor's list. */
  placeholders: z.array(z.object({ key: z.string(), label: z.string(), text: z.string(), list: z.boolean(), /** What the editor inserts: {{label}}. */ token: z.string() })),
  paragraphs: z.array(paragraphStateSchema),
  versions: z.array(z.object({ version: z.number().int(), createdAt: z.string(), createdByName: z.string() })),
  can: z.object({ edit: z.boolean(), editTexts: z.boolean() }),
  taskState: z.string(),
});
export type Report = z.infer<typeof reportSchema>;

export const paragraphEditSchema = z.object({
  body: z.string().max(PARAGRAPH_MAX, `段落不能超过 ${PARAGRAPH_MAX} 字`),
  /** Write the figures' current text in place of the placeholders. */
  freeze: z.boolean().default(false),
  hidden: z.boolean().default(false),
  /** true: back to the original words (the edit history stays). */
  revert: z.boolean().default(false),
  /** Save as the fund year's stored text, for every report of the year (finance only). */
  forFundYear: z.boolean().default(false),
});
export type ParagraphEdit = z.infer<typeof paragraphEditSchema>;

export const paragraphVersionSchema = z.object({
  version: z.number().int(),
  scope: z.enum(["task", "fundYear"]),
  body: z.string(),
  frozen: z.boolean(),
  hidden: z.boolean(),
  authorName: z.string(),
  createdAt: z.string(),
  /** Change from the version before it: runs of kept, added and removed text. */
  diff: z.array(z.object({ op: z.enum(["same", "add", "del"]), text: z.string() })),
});
export const paragraphHistorySchema = z.object({ key: z.string(), label: z.string(), versions: z.array(paragraphVersionSchema) });
export type ParagraphHistory = z.infer<typeof paragraphHistorySchema>;

const conditionSchema = z.object({ fact: z.string().min(1).max(80), op: z.enum(CONDITION_OPS), value: z.string().max(30).regex(/^-?\d+(\.\d{1,6})?$/, "条件的数值应为数字") });
const whenSchema = z.object({ all: z.array(conditionSchema).max(10).optional(), any: z.array(conditionSchema).max(10).optional() }).nullable();
export const draftingRuleSchema = z.object({
  code: z.string().min(1).max(60),
  chapter: z.enum(DRAFT_CHAPTERS),
  order: z.number().int().min(0).max(10000),
  title: z.string().trim().min(1, "请填写标题").max(60),
  when: whenSchema,
  paragraphs: z.array(z.object({ text: z.string().trim().min(1, "段落不能为空").max(PARAGRAPH_MAX), when: whenSchema.optional() })).min(1).max(10),
  enabled: z.boolean(),
});
export const draftingRuleViewSchema = draftingRuleSchema.extend({
  builtIn: z.boolean(),
  /** The condition in words, with the figures of the report asked about. */
  description: z.string(),
  fires: z.boolean(),
  updatedAt: z.string(),
  updatedByName: z.string().nullable(),
});
export type DraftingRuleView = z.infer<typeof draftingRuleViewSchema>;
