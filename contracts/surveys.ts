/**
 * 居民满意度调查: questionnaires, a task's survey (sampling, quotas, tokens), the public answer page,
 * paper entry, review and results. Rates are basis points (94% = 9400), counts plain integers.
 */
import { z } from "zod";
import { idSchema } from "./ids";
import { versionSchema } from "./errors";
import { isoDate } from "./funds";
import { FLAGS } from "../core/survey/answers";
import { NUMBER_LIMITS, scaledNumberSchema } from "./limits";

const maxLength = scaledNumberSchema(NUMBER_LIMITS.answerLength, 1);

const name = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "代码应为小写字母开头的字母、数字或下划线（最长 40 位）");
const title = z.string().trim().min(1, "不能为空").max(200);

export const questionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("satisfaction"), name, title, required: z.boolean() }),
  z.object({ kind: z.literal("choice"), name, title, required: z.boolean(), choices: z.array(z.string().trim().min(1).max(50)).min(2).max(20) }),
  z.object({ kind: z.literal("text"), name, title, required: z.boolean(), maxLength }),
  z.object({ kind: z.literal("comment"), name, title, required: z.boolean(), maxLength }),
]);

export const partSchema = z.object({
  name,
  title,
  description: z.string().max(500).optional(),
  questions: z.array(questionSchema).min(1).max(60),
});

export const questionnaireSchema = z.object({
  title,
  description: z.string().max(2000),
  parts: z.array(partSchema).min(1).max(20),
  overall: name,
  satisfiedLevels: z.union([z.literal(2), z.literal(3)]),
  minSeconds: scaledNumberSchema(NUMBER_LIMITS.minSeconds, 1),
  household: z.object({ building: name, unit: z.string().max(40), room: name }),
});

export const questionnaireRecordSchema = z.object({
  id: idSchema,
  code: z.string(),
  version: z.number().int(),
  name: z.string(),
  status: z.enum(["draft", "published", "retired"]),
  builtIn: z.boolean(),
  definition: questionnaireSchema,
  revision: z.number().int(),
  usedBy: z.number().int(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type QuestionnaireRecord = z.infer<typeof questionnaireRecordSchema>;

export const questionnaireCreateSchema = z.object({
  /** Copy this version into a new draft (the next version of its family, or a new family with `name`). */
  fromId: idSchema,
  name: z.string().trim().min(1).max(100).optional(),
  newFamily: z.boolean().optional(),
});
export const questionnaireUpdateSchema = z.object({ revision: versionSchema, name: z.string().trim().min(1).max(100).optional(), definition: questionnaireSchema.optional() });

export const samplingSchema = z.object({
  mode: z.enum(["all", "sample"]),
  perCounty: scaledNumberSchema(NUMBER_LIMITS.perCounty, 1),
  seed: scaledNumberSchema(NUMBER_LIMITS.seed, 1),
  quotaMin: scaledNumberSchema(NUMBER_LIMITS.quotaMin, 1),
  /** 抽样比例 in basis points. */
  quotaBp: scaledNumberSchema(NUMBER_LIMITS.quotaPct, 100),
});

/** Create (or redraw, while no answer has arrived) a task's survey. */
export const surveySetupSchema = z.object({
  questionnaireId: idSchema,
  sampling: samplingSchema,
  closesOn: isoDate.nullable(),
  /** Required when the task already has a survey (redraw): the version seen. */
  version: versionSchema.optional(),
});

export const surveyCommunitySchema = z.object({
  communityId: idSchema,
  code: z.string(),
  name: z.string(),
  countyId: idSchema,
  county: z.string(),
  households: z.number().int(),
  quota: z.number().int(),
  tokens: z.number().int(),
  opened: z.number().int(),
  /** Responses by state (online and paper). */
  pending: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
});

export const surveyStateSchema = z.object({
  taskId: idSchema,
  taskName: z.string(),
  taskState: z.enum(["draft", "scoring", "reply", "final"]),
  survey: z
    .object({
      id: idSchema,
      version: z.number().int(),
      questionnaireId: idSchema.nullable(),
      questionnaireName: z.string(),
      questionnaireVersion: z.number().int(),
      questionnaire: questionnaireSchema,
      sampling: samplingSchema,
      closesOn: z.string().nullable(),
      createdAt: z.string(),
      communities: z.array(surveyCommunitySchema),
      totals: z.object({ communities: z.number().int(), quota: z.number().int(), tokens: z.number().int(), pending: z.number().int(), accepted: z.number().int(), rejected: z.number().int() }),
    })
    .nullable(),
  /** Renovated communities that could be sampled, per county. */
  candidates: z.array(z.object({ countyId: idSchema, county: z.string(), communities: z.number().int(), households: z.number().int() })),
  /** setup: draw or redraw; conduct: sheets, paper forms; review: accept or reject; responses: read single questionnaires. */
  can: z.object({ setup: z.boolean(), conduct: z.boolean(), review: z.boolean(), responses: z.boolean() }),
});
export type SurveyState = z.infer<typeof surveyStateSchema>;

/** The households' one-time links (to hand out or print). */
export const surveyLinksSchema = z.object({
  links: z.array(
    z.object({ communityId: idSchema, community: z.string(), county: z.string(), seq: z.number().int(), token: z.string(), url: z.string(), opened: z.boolean(), used: z.boolean() }),
  ),
});
export type SurveyLinks = z.infer<typeof surveyLinksSchema>;

// ---- the public page ------------------------------------------------------------------------

export const publicTokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "链接无效") });

export const publicSurveySchema = z.object({
  state: z.enum(["open", "used", "closed"]),
  /** Why it is not open, in Chinese. */
  message: z.string().nullable(),
  community: z.string(),
  county: z.string(),
  /** 第 n 户 of the community's sheet. */
  seq: z.number().int(),
  questionnaire: questionnaireSchema.nullable(),
  /** SurveyJS JSON of the questionnaire (rendered on the phone). */
  surveyJson: z.record(z.string(), z.unknown()).nullable(),
});
export type PublicSurvey = z.infer<typeof publicSurveySchema>;

export const publicSubmitSchema = z.object({ answers: z.record(z.string(), z.union([z.string().max(4000), z.number()])) });
export const publicSubmitResultSchema = z.object({ ok: z.literal(true), message: z.string() });

// ---- responses and review -------------------------------------------------------------------

export const flagSchema = z.enum(FLAGS);

export const responseSummarySchema = z.object({
  id: idSchema,
  communityId: idSchema,
  community: z.string(),
  countyId: idSchema,
  county: z.string(),
  channel: z.enum(["online", "paper"]),
  household: z.string(),
  seq: z.number().int().nullable(),
  formNo: z.string().nullable(),
  overallLevel: z.number().int().nullable(),
  seconds: z.number().int().nullable(),
  flags: z.array(flagSchema),
  state: z.enum(["pending", "accepted", "rejected"]),
  reviewReason: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  enteredByName: z.string().nullable(),
  submittedAt: z.string(),
});
export type ResponseSummary = z.infer<typeof responseSummarySchema>;

export const responseDetailSchema = responseSummarySchema.extend({
  answers: z.record(z.string(), z.union([z.string(), z.number()])),
  questionnaire: questionnaireSchema,
});

export const responsesQuerySchema = z.object({
  state: z.enum(["pending", "accepted", "rejected"]).optional(),
  countyId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  communityId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  flag: flagSchema.optional(),
  channel: z.enum(["online", "paper"]).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const responsePageSchema = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(responseSummarySchema),
  /** Counts by state and flag over the same filter without state and flag. */
  counts: z.object({ pending: z.number().int(), accepted: z.number().int(), rejected: z.number().int(), flagged: z.number().int() }),
});

export const REVIEW_REASON_MAX = 500;
export const reviewSchema = z.object({
  ids: z.array(idSchema).min(1).max(5000),
  decision: z.enum(["accept", "reject", "reopen"]),
  reason: z.string().trim().max(REVIEW_REASON_MAX).optional(),
});
export const reviewResultSchema = z.object({ changed: z.number().int(), unchanged: z.number().int() });

export const paperEntrySchema = z.object({
  communityId: idSchema,
  formNo: z.string().trim().max(50).optional(),
  answers: z.record(z.string(), z.union([z.string().max(4000), z.number()])),
});

// ---- results --------------------------------------------------------------------------------

export const tallySchema = z.object({
  satisfied: z.number().int(),
  valid: z.number().int(),
  rateBp: z.number().int().nullable(),
  /** 很满意 … 很不满意. */
  levels: z.array(z.number().int()).length(5),
});

export const groupResultSchema = z.object({
  responses: z.number().int(),
  overall: tallySchema,
  parts: z.array(z.object({ name: z.string(), title: z.string(), tally: tallySchema })),
  questions: z.array(z.object({ name: z.string(), title: z.string(), part: z.string(), tally: tallySchema })),
});

export const surveyResultsSchema = z.object({
  taskId: idSchema,
  taskName: z.string(),
  final: z.boolean(),
  questionnaire: questionnaireSchema,
  /** e.g. 很满意、比较满意 */
  satisfiedLabel: z.string(),
  /** Null for a county user (the city's figure is not theirs to see broken down; they get their own). */
  city: groupResultSchema.nullable(),
  counties: z.array(groupResultSchema.extend({ countyId: idSchema, county: z.string(), quota: z.number().int(), pending: z.number().int(), rejected: z.number().int() })),
  communities: z.array(
    groupResultSchema.extend({ communityId: idSchema, community: z.string(), countyId: idSchema, county: z.string(), quota: z.number().int() }),
  ),
  comments: z.array(z.object({ theme: z.string(), items: z.array(z.object({ responseId: idSchema, community: z.string(), county: z.string(), text: z.string() })) })),
});
export type SurveyResults = z.infer<typeof surveyResultsSchema>;
