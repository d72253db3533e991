CREATE TABLE "survey_communities" (
	"id" serial PRIMARY KEY NOT NULL,
	"survey_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"county_id" integer NOT NULL,
	"households" integer NOT NULL,
	"quota" integer NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "survey_communities_quota_ok" CHECK ("survey_communities"."quota" >= 0 and "survey_communities"."households" >= 0)
);
--> statement-breakpoint
CREATE TABLE "survey_questionnaires" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"definition" jsonb NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" serial PRIMARY KEY NOT NULL,
	"survey_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"county_id" integer NOT NULL,
	"token_id" integer,
	"channel" text NOT NULL,
	"answers" jsonb NOT NULL,
	"household_key" text NOT NULL,
	"household_label" text NOT NULL,
	"levels" text DEFAULT '' NOT NULL,
	"overall_level" smallint,
	"seconds" integer,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"review_reason" text,
	"reviewed_by" integer,
	"reviewed_by_name" text,
	"reviewed_at" timestamp with time zone,
	"entered_by" integer,
	"entered_by_name" text,
	"form_no" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_responses_level_ok" CHECK ("survey_responses"."overall_level" is null or "survey_responses"."overall_level" between 1 and 5),
	CONSTRAINT "survey_responses_review_ok" CHECK ("survey_responses"."state" <> 'rejected' or "survey_responses"."review_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "survey_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"survey_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"county_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"token" text NOT NULL,
	"opened_at" timestamp with time zone,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"questionnaire_id" integer,
	"questionnaire_name" text NOT NULL,
	"questionnaire_version" integer NOT NULL,
	"questionnaire" jsonb NOT NULL,
	"sampling" jsonb NOT NULL,
	"closes_on" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
ALTER TABLE "survey_communities" ADD CONSTRAINT "survey_communities_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_communities" ADD CONSTRAINT "survey_communities_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_communities" ADD CONSTRAINT "survey_communities_county_id_regions_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_questionnaires" ADD CONSTRAINT "survey_questionnaires_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_questionnaires" ADD CONSTRAINT "survey_questionnaires_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_county_id_regions_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_token_id_survey_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."survey_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_tokens" ADD CONSTRAINT "survey_tokens_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_tokens" ADD CONSTRAINT "survey_tokens_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_tokens" ADD CONSTRAINT "survey_tokens_county_id_regions_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_task_id_evaluation_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."evaluation_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_questionnaire_id_survey_questionnaires_id_fk" FOREIGN KEY ("questionnaire_id") REFERENCES "public"."survey_questionnaires"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "survey_communities_uq" ON "survey_communities" USING btree ("survey_id","community_id");--> statement-breakpoint
CREATE INDEX "survey_communities_county_idx" ON "survey_communities" USING btree ("survey_id","county_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_questionnaires_version_uq" ON "survey_questionnaires" USING btree ("code","version");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_token_uq" ON "survey_responses" USING btree ("token_id");--> statement-breakpoint
CREATE INDEX "survey_responses_state_idx" ON "survey_responses" USING btree ("survey_id","state","county_id");--> statement-breakpoint
CREATE INDEX "survey_responses_community_idx" ON "survey_responses" USING btree ("survey_id","community_id","household_key");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_tokens_token_uq" ON "survey_tokens" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_tokens_seq_uq" ON "survey_tokens" USING btree ("survey_id","community_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "surveys_task_uq" ON "surveys" USING btree ("task_id");