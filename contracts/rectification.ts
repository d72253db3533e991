/**
 * 结果应用 — 问题与整改: the findings (问题) of an evaluation task, the rectification items (整改事项)
 * they become, their history and evidence, and the 整改台账 (ledger) with its filters. Scores are
 * integer hundredths (Centi), dates ISO YYYY-MM-DD (Beijing time).
 */
import { z } from "zod";
import { idParam, idSchema } from "./ids";
import { versionSchema } from "./errors";
import { isoDate } from "./funds";
import { FINDING_CATEGORIES, FINDING_SCOPES, FINDING_ORIGINS, ITEM_ACTIONS, ITEM_STATES, OWNER_DEPARTMENTS, SEVERITIES } from "../core/rectification/rules";

/** Length limits of the texts of findings and items (UTF-16 units). */
export const RECTIFICATION_LIMITS = {
  title: 200,
  description: 4000,
  evidence: 2000,
  measures: 2000,
  progress: 4000,
  note: 1000,
  /** Items created at once for one finding. */
  itemsPerRequest: 50,
  /** Largest evidence file (bytes). */
  evidenceBytes: 20 * 1024 * 1024,
} as const;

const text = (what: string, max: number) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .max(max, `${what}过长：最多 ${max} 个字符`);
const required = (what: string, max: number) => text(what, max).min(1, `请填写${what}`);

export const findingCategorySchema = z.enum(FINDING_CATEGORIES, { error: `问题类别应为 ${FINDING_CATEGORIES.join("、")} 之一` });
export const severitySchema = z.enum(SEVERITIES, { error: "严重程度应为 一般（minor）、较重（major）或 严重（severe）" });
export const findingScopeSchema = z.enum(FINDING_SCOPES, { error: "问题范围应为 全市（city）、县区（county）或 项目（project）" });
export const findingOriginSchema = z.enum(FINDING_ORIGINS);
export const itemStateSchema = z.enum(ITEM_STATES, { error: "状态应为 pending、in_progress、submitted、accepted 或 returned" });
export const itemActionSchema = z.enum(ITEM_ACTIONS, { error: "操作应为 start（开始整改）、submit（提交）、accept（验收）或 return（退回）" });
export const ownerDepartmentSchema = z.enum(OWNER_DEPARTMENTS, { error: "责任部门应为 housing（市住建局）或 finance（市财政局）" });

/** A leaf's figures when the finding was made (a snapshot: later edits of the sheet do not change it). */
export const findingFiguresSchema = z.object({
  leafCode: z.string(),
  leafName: z.string(),
  /** 分值, 得分, 失分 in hundredths. */
  weight: z.number().int(),
  score: z.number().int(),
  lost: z.number().int(),
  /** The value the rule read, as shown (e.g. 81.24%), null when missing. */
  valueText: z.string().nullable(),
  /** The rule and how points were taken off, as shown on the sheet (评分规则, 计算, 扣分理由). */
  deductions: z.array(z.string()),
  /** The figures behind the value: 已支付 19,305.06 万元 … */
  figures: z.array(z.object({ label: z.string(), text: z.string() })),
});
export type FindingFigures = z.infer<typeof findingFiguresSchema>;

export const findingItemSummarySchema = z.object({
  total: z.number().int(),
  accepted: z.number().int(),
  overdue: z.number().int(),
});

export const findingSchema = z.object({
  id: idSchema,
  taskId: idSchema,
  taskName: z.string(),
  scope: findingScopeSchema,
  /** 全市 / 县区名 / 项目名 as shown. */
  scopeLabel: z.string(),
  countyId: idSchema.nullable(),
  countyName: z.string().nullable(),
  projectId: idSchema.nullable(),
  projectName: z.string().nullable(),
  category: z.string(),
  severity: severitySchema,
  severityLabel: z.string(),
  title: z.string(),
  /** The words as stored: figures may be report placeholders ({{funds.rate}}), live in chapter 六. */
  description: z.string(),
  /** The same words with the figures written out, for reading. */
  descriptionText: z.string(),
  evidence: z.string(),
  origin: findingOriginSchema,
  evaluationScopeId: idSchema.nullable(),
  leafCode: z.string().nullable(),
  commentId: idSchema.nullable(),
  figures: findingFiguresSchema.nullable(),
  sortOrder: z.number().int(),
  version: z.number().int(),
  createdByName: z.string(),
  createdAt: z.string(),
  items: findingItemSummarySchema,
  /** What the viewer may do: edit/delete the finding (until the task is final), add items. */
  can: z.object({ edit: z.boolean(), assign: z.boolean() }),
});
export type Finding = z.infer<typeof findingSchema>;

export const findingListSchema = z.object({
  taskId: idSchema,
  taskName: z.string(),
  taskState: z.string(),
  /** Findings are locked once the task is final (items can still be created and worked). */
  locked: z.boolean(),
  findings: z.array(findingSchema),
  can: z.object({ create: z.boolean(), assign: z.boolean() }),
});
export type FindingList = z.infer<typeof findingListSchema>;

/** The editable fields; on create from a leaf or reply, title and description default from the figures. */
const findingFields = {
  category: findingCategorySchema,
  severity: severitySchema,
  title: text("问题标题", RECTIFICATION_LIMITS.title).optional(),
  description: text("问题描述", RECTIFICATION_LIMITS.description).optional(),
  evidence: text("问题依据", RECTIFICATION_LIMITS.evidence).optional(),
};

export const findingCreateSchema = z.discriminatedUnion("origin", [
  /** From a leaf that lost points: the server reads the sheet and fills scope and figures. */
  z.object({ origin: z.literal("leaf"), evaluationScopeId: idSchema, leafCode: z.string().trim().min(1, "请选择指标").max(50), ...findingFields }),
  /** From a county reply (a comment on a leaf of a sheet). */
  z.object({ origin: z.literal("reply"), commentId: idSchema, ...findingFields }),
  /** By hand: scope city, county (countyId) or project (projectId). */
  z.object({
    origin: z.literal("manual"),
    scope: findingScopeSchema,
    countyId: idSchema.nullable().optional(),
    projectId: idSchema.nullable().optional(),
    ...findingFields,
    title: required("问题标题", RECTIFICATION_LIMITS.title),
    description: required("问题描述", RECTIFICATION_LIMITS.description),
  }),
], { error: "问题来源（origin）应为 leaf、reply 或 manual" });
export type FindingCreate = z.infer<typeof findingCreateSchema>;

export const findingUpdateSchema = z.object({
  version: versionSchema,
  category: findingCategorySchema.optional(),
  severity: severitySchema.optional(),
  title: required("问题标题", RECTIFICATION_LIMITS.title).optional(),
  description: required("问题描述", RECTIFICATION_LIMITS.description).optional(),
  evidence: text("问题依据", RECTIFICATION_LIMITS.evidence).optional(),
});
export type FindingUpdate = z.infer<typeof findingUpdateSchema>;

/** The new order of a task's findings: every finding id of the task, once. */
export const findingReorderSchema = z.object({ ids: z.array(idSchema).min(1).max(1000) });

/** Who owns an item: a county, or a city department. */
export const itemOwnerSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("county"), countyId: idSchema }),
  z.object({ kind: z.literal("department"), department: ownerDepartmentSchema }),
], { error: "责任单位（owner.kind）应为 county（县区）或 department（市级部门）" });
export type ItemOwner = z.infer<typeof itemOwnerSchema>;

export const itemFieldsSchema = z.object({
  owner: itemOwnerSchema,
  deadline: isoDate,
  measures: required("整改措施", RECTIFICATION_LIMITS.measures),
});
export const itemCreateSchema = z.object({
  items: z.array(itemFieldsSchema).min(1, "请至少填写一项整改事项").max(RECTIFICATION_LIMITS.itemsPerRequest),
});
export type ItemCreate = z.infer<typeof itemCreateSchema>;
export const itemUpdateSchema = z.object({
  version: versionSchema,
  owner: itemOwnerSchema.optional(),
  deadline: isoDate.optional(),
  measures: required("整改措施", RECTIFICATION_LIMITS.measures).optional(),
});
export type ItemUpdate = z.infer<typeof itemUpdateSchema>;

/** A state change: start 开始整改, submit 提交 (progress required), accept 验收, return 退回 (note = reason, required). */
export const itemTransitionSchema = z.object({
  action: itemActionSchema,
  note: text("说明", RECTIFICATION_LIMITS.note).optional(),
  progress: text("整改情况", RECTIFICATION_LIMITS.progress).optional(),
  version: versionSchema,
});
export type ItemTransition = z.infer<typeof itemTransitionSchema>;

export const itemEvidenceSchema = z.object({
  id: idSchema,
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  uploadedByName: z.string(),
  uploadedAt: z.string(),
});
export type ItemEvidence = z.infer<typeof itemEvidenceSchema>;
export const itemEventSchema = z.object({
  id: idSchema,
  action: z.string(),
  /** 创建, 开始整改, 提交, 验收, 退回, 修改, 逾期, 上传佐证 … */
  actionLabel: z.string(),
  fromState: itemStateSchema.nullable(),
  toState: itemStateSchema.nullable(),
  note: z.string(),
  actorName: z.string(),
  actorRole: z.string(),
  at: z.string(),
});

export const itemSchema = z.object({
  id: idSchema,
  findingId: idSchema,
  findingTitle: z.string(),
  findingCategory: z.string(),
  findingSeverity: severitySchema,
  taskId: idSchema,
  taskName: z.string(),
  ownerKind: z.enum(["county", "department"]),
  countyId: idSchema.nullable(),
  countyName: z.string().nullable(),
  department: ownerDepartmentSchema.nullable(),
  /** 县区名, 市住建局 or 市财政局. */
  ownerLabel: z.string(),
  deadline: isoDate,
  measures: z.string(),
  state: itemStateSchema,
  stateLabel: z.string(),
  progress: z.string(),
  /** Marked by the daily job and not yet submitted or accepted. */
  overdue: z.boolean(),
  overdueSince: isoDate.nullable(),
  /** Days from today to the deadline (negative once past). */
  dueInDays: z.number().int(),
  submittedAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  verifiedByName: z.string().nullable(),
  evidenceCount: z.number().int(),
  version: z.number().int(),
  createdByName: z.string(),
  createdAt: z.string(),
  /** What the viewer may do now. */
  can: z.object({
    edit: z.boolean(),
    delete: z.boolean(),
    start: z.boolean(),
    submit: z.boolean(),
    accept: z.boolean(),
    return: z.boolean(),
    evidence: z.boolean(),
  }),
});
export type RectificationItem = z.infer<typeof itemSchema>;

export const itemDetailSchema = itemSchema.extend({
  findingDescription: z.string(),
  /** The finding's words with the figures written out. */
  findingDescriptionText: z.string(),
  /** The leaf's figures when the finding came from the score sheet; what the finding rests on. */
  findingFigures: findingFiguresSchema.nullable(),
  findingEvidence: z.string(),
  /** 全市, the county, or the county and project. */
  findingScopeLabel: z.string(),
  evidence: z.array(itemEvidenceSchema),
  history: z.array(itemEventSchema),
});
export type RectificationItemDetail = z.infer<typeof itemDetailSchema>;

const boolParam = z.enum(["true", "false", "1", "0"], { error: "应为 true 或 false" }).transform((v) => v === "true" || v === "1");

export const ledgerQuerySchema = z.object({
  taskId: idParam.optional(),
  fundYearId: idParam.optional(),
  countyId: idParam.optional(),
  state: itemStateSchema.optional(),
  overdue: boolParam.optional(),
  /** Open items whose deadline is within this many days from today (and not past). */
  dueWithinDays: z.coerce.number({ error: "到期天数应为整数" }).int("到期天数应为整数").min(0, "到期天数不能为负").max(3650, "到期天数最多 3650").optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type LedgerQuery = z.infer<typeof ledgerQuerySchema>;
/** The query as a client writes it (before coercion). */
export type LedgerQueryInput = z.input<typeof ledgerQuerySchema>;

export const ledgerSchema = z.object({
  rows: z.array(itemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Items of the filter (without the state filter) by state. */
  counts: z.object({ pending: z.number().int(), in_progress: z.number().int(), submitted: z.number().int(), accepted: z.number().int(), returned: z.number().int() }),
  overdue: z.number().int(),
  today: isoDate,
});
export type Ledger = z.infer<typeof ledgerSchema>;
