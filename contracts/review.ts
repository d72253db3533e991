import { z } from "zod";
import { idParam, idSchema } from "./ids";
import { REVIEW_ACTIONS, REVIEW_STATES } from "../core/review";

/** What a county submits for review, and whether it is per period. */
export const SUBMISSION_KINDS = {
  payments: { label: "资金支付", periodic: false },
  projects: { label: "项目库", periodic: false },
  monitoring: { label: "双监控进度", periodic: true },
} as const;
export type SubmissionKind = keyof typeof SUBMISSION_KINDS;
export const submissionKindSchema = z.enum(Object.keys(SUBMISSION_KINDS) as [SubmissionKind, ...SubmissionKind[]]);

export const submissionQuerySchema = z.object({
  fundYearId: idParam,
  kind: submissionKindSchema,
  /** Reporting period of 双监控 (e.g. 2021-Q2) for periodic kinds; empty for the whole year. */
  period: z.string().max(16).default(""),
  countyId: idParam.optional(),
});

export const submissionEventSchema = z.object({
  action: z.enum(REVIEW_ACTIONS),
  actionLabel: z.string(),
  fromState: z.enum(REVIEW_STATES),
  toState: z.enum(REVIEW_STATES),
  reason: z.string().nullable(),
  actorName: z.string(),
  at: z.string(),
});

/** Where a county's data stands in review, shown beside the data itself. */
export const reviewStatusSchema = z.object({
  state: z.enum(REVIEW_STATES),
  stateLabel: z.string(),
  /** The county may still change the data. */
  editableByCounty: z.boolean(),
});
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

export const submissionSchema = z.object({
  fundYearId: z.number().int(),
  county: z.object({ id: z.number().int(), name: z.string() }),
  kind: submissionKindSchema,
  kindLabel: z.string(),
  period: z.string(),
  state: z.enum(REVIEW_STATES),
  stateLabel: z.string(),
  /** The county may still change the data. */
  editableByCounty: z.boolean(),
  updatedAt: z.string().nullable(),
  events: z.array(submissionEventSchema),
});
export type Submission = z.infer<typeof submissionSchema>;

export const reviewActionBodySchema = z.object({
  fundYearId: idSchema,
  countyId: idSchema,
  kind: submissionKindSchema,
  period: z.string().max(16).default(""),
  action: z.enum(REVIEW_ACTIONS),
  reason: z.string().trim().max(500).nullable().optional(),
});
