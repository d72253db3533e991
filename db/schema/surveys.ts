/**
 * 居民满意度调查: questionnaires (versioned like indicator templates), one survey per evaluation task
 * with its sampled communities and quotas, one-time tokens per sampled household, and the responses
 * with their review state. Only accepted responses count (core/survey/rates.ts).
 */
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, serial, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { communities } from "./projects";
import { evaluationTasks } from "./evaluations";
import { regions } from "./ledger";
import { users } from "./auth";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** 问卷, one row per version; a published version never changes (a change is a new draft). */
export const surveyQuestionnaires = pgTable(
  "survey_questionnaires",
  {
    id: serial("id").primaryKey(),
    code: text("code").notNull(),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    status: text("status", { enum: ["draft", "published", "retired"] }).notNull().default("draft"),
    /** core/survey Questionnaire. */
    definition: jsonb("definition").notNull(),
    builtIn: boolean("built_in").notNull().default(false),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    /** Optimistic lock of a draft's edits (server/versioned.ts). */
    revision: integer("revision").notNull().default(1),
    updatedBy: integer("updated_by").references(() => users.id),
    publishedAt: ts("published_at"),
  },
  (t) => [uniqueIndex("survey_questionnaires_version_uq").on(t.code, t.version)],
);

/** The survey of one evaluation task: the questionnaire copied, the sampling rule and its deadline. */
export const surveys = pgTable(
  "surveys",
  {
    id: serial("id").primaryKey(),
    taskId: integer("task_id")
      .notNull()
      .references(() => evaluationTasks.id, { onDelete: "cascade" }),
    questionnaireId: integer("questionnaire_id").references(() => surveyQuestionnaires.id),
    questionnaireName: text("questionnaire_name").notNull(),
    questionnaireVersion: integer("questionnaire_version").notNull(),
    /** Copy of the questionnaire's definition, so later edits never change this survey. */
    questionnaire: jsonb("questionnaire").notNull(),
    /** core/survey SamplingRule. */
    sampling: jsonb("sampling").notNull(),
    /** Links answer until the end of this day (China time); null: until the task is final. */
    closesOn: text("closes_on"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    version: integer("version").notNull().default(1),
    updatedBy: integer("updated_by").references(() => users.id),
  },
  (t) => [uniqueIndex("surveys_task_uq").on(t.taskId)],
);

/** A sampled community with its quota (户数配额). */
export const surveyCommunities = pgTable(
  "survey_communities",
  {
    id: serial("id").primaryKey(),
    surveyId: integer("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
    countyId: integer("county_id")
      .notNull()
      .references(() => regions.id),
    /** Households of the community when it was drawn. */
    households: integer("households").notNull(),
    quota: integer("quota").notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [
    uniqueIndex("survey_communities_uq").on(t.surveyId, t.communityId),
    index("survey_communities_county_idx").on(t.surveyId, t.countyId),
    check("survey_communities_quota_ok", sql`${t.quota} >= 0 and ${t.households} >= 0`),
  ],
);

/** 入户问卷链接: one unguessable token per sampled household (第 n 户 of a community). */
export const surveyTokens = pgTable(
  "survey_tokens",
  {
    id: serial("id").primaryKey(),
    surveyId: integer("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
    countyId: integer("county_id")
      .notNull()
      .references(() => regions.id),
    /** 1 … quota within the community: the number printed beside the QR code. */
    seq: integer("seq").notNull(),
    /** 22 characters of base64url: 132 random bits. */
    token: text("token").notNull(),
    /** First time the link was opened (the start of 作答时长). */
    openedAt: ts("opened_at"),
    /** Set once, by the one submit that wins; a second submit finds it set. */
    usedAt: ts("used_at"),
  },
  (t) => [
    uniqueIndex("survey_tokens_token_uq").on(t.token),
    uniqueIndex("survey_tokens_seq_uq").on(t.surveyId, t.communityId, t.seq),
  ],
);

/** 问卷: one household's answers, online (by token) or from a paper form, with its review. */
export const surveyResponses = pgTable(
  "survey_responses",
  {
    id: serial("id").primaryKey(),
    surveyId: integer("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
    countyId: integer("county_id")
      .notNull()
      .references(() => regions.id),
    /** The token it came by (online); null for a paper form. At most one response per token. */
    tokenId: integer("token_id").references(() => surveyTokens.id),
    channel: text("channel", { enum: ["online", "paper"] }).notNull(),
    /** core/survey Answers. */
    answers: jsonb("answers").notNull(),
    /** 楼号|单元|室号 normalised (同一户重复作答) and as shown. */
    householdKey: text("household_key").notNull(),
    householdLabel: text("household_label").notNull(),
    /**
     * The satisfaction answers in the order of the survey's questionnaire, one digit each (0:
     * unanswered): the results count these, never the JSON, so a province's survey adds up quickly.
     */
    levels: text("levels").notNull().default(""),
    /** The scored question's level (1–5), null when unanswered: what the 居民满意度 leaf counts. */
    overallLevel: smallint("overall_level"),
    /** Seconds from opening the link to submitting (online). */
    seconds: integer("seconds"),
    /** core/survey Flag[] found at submission. */
    flags: jsonb("flags").notNull().default(sql`'[]'::jsonb`),
    state: text("state", { enum: ["pending", "accepted", "rejected"] }).notNull().default("pending"),
    reviewReason: text("review_reason"),
    reviewedBy: integer("reviewed_by").references(() => users.id),
    reviewedByName: text("reviewed_by_name"),
    reviewedAt: ts("reviewed_at"),
    /** Paper forms: who entered it, and the form's own number if it has one. */
    enteredBy: integer("entered_by").references(() => users.id),
    enteredByName: text("entered_by_name"),
    formNo: text("form_no"),
    submittedAt: ts("submitted_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("survey_responses_token_uq").on(t.tokenId),
    index("survey_responses_state_idx").on(t.surveyId, t.state, t.countyId),
    index("survey_responses_community_idx").on(t.surveyId, t.communityId, t.householdKey),
    check("survey_responses_level_ok", sql`${t.overallLevel} is null or ${t.overallLevel} between 1 and 5`),
    check("survey_responses_review_ok", sql`${t.state} <> 'rejected' or ${t.reviewReason} is not null`),
  ],
);
