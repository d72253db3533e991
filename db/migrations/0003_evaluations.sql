CREATE TABLE "evaluation_comments" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"scope_id" integer NOT NULL,
	"code" text NOT NULL,
	"side" text NOT NULL,
	"author_id" integer,
	"author_name" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"scope_id" integer NOT NULL,
	"code" text NOT NULL,
	"value_num" bigint,
	"value_den" bigint,
	"manual_score" integer,
	"override_score" integer,
	"triggered" boolean,
	"reason" text,
	"note" text,
	"updated_by" integer,
	"updated_by_name" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_entries_value_ok" CHECK (("evaluation_entries"."value_num" is null) = ("evaluation_entries"."value_den" is null) and ("evaluation_entries"."value_den" is null or "evaluation_entries"."value_den" >= 0) and ("evaluation_entries"."value_num" is null or "evaluation_entries"."value_num" >= 0))
);
--> statement-breakpoint
CREATE TABLE "evaluation_evidence" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"scope_id" integer NOT NULL,
	"code" text NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"side" text NOT NULL,
	"uploaded_by" integer,
	"uploaded_by_name" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_scopes" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"county_id" integer,
	"mode" text DEFAULT 'onsite' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"final_sheet" jsonb
);
--> statement-breakpoint
CREATE TABLE "evaluation_tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"fund_year_id" integer NOT NULL,
	"name" text NOT NULL,
	"template_id" integer,
	"template_name" text NOT NULL,
	"template_version" integer NOT NULL,
	"tree" jsonb NOT NULL,
	"grade_scale_id" integer,
	"grade_scale" jsonb NOT NULL,
	"as_of" date NOT NULL,
	"evaluator_org" text NOT NULL,
	"overall_method" text DEFAULT 'city_sheet' NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"final_results" jsonb,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finalized_at" timestamp with time zone,
	"finalized_by" text
);
--> statement-breakpoint
CREATE TABLE "grade_scales" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"definition" jsonb NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"tree" jsonb NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "evaluation_comments" ADD CONSTRAINT "evaluation_comments_task_id_evaluation_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."evaluation_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_comments" ADD CONSTRAINT "evaluation_comments_scope_id_evaluation_scopes_id_fk" FOREIGN KEY ("scope_id") REFERENCES "public"."evaluation_scopes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_comments" ADD CONSTRAINT "evaluation_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_entries" ADD CONSTRAINT "evaluation_entries_scope_id_evaluation_scopes_id_fk" FOREIGN KEY ("scope_id") REFERENCES "public"."evaluation_scopes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_entries" ADD CONSTRAINT "evaluation_entries_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_evidence" ADD CONSTRAINT "evaluation_evidence_task_id_evaluation_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."evaluation_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_evidence" ADD CONSTRAINT "evaluation_evidence_scope_id_evaluation_scopes_id_fk" FOREIGN KEY ("scope_id") REFERENCES "public"."evaluation_scopes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_evidence" ADD CONSTRAINT "evaluation_evidence_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_scopes" ADD CONSTRAINT "evaluation_scopes_task_id_evaluation_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."evaluation_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_scopes" ADD CONSTRAINT "evaluation_scopes_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_scopes" ADD CONSTRAINT "evaluation_scopes_county_id_regions_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_tasks" ADD CONSTRAINT "evaluation_tasks_fund_year_id_fund_years_id_fk" FOREIGN KEY ("fund_year_id") REFERENCES "public"."fund_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_tasks" ADD CONSTRAINT "evaluation_tasks_template_id_indicator_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."indicator_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_tasks" ADD CONSTRAINT "evaluation_tasks_grade_scale_id_grade_scales_id_fk" FOREIGN KEY ("grade_scale_id") REFERENCES "public"."grade_scales"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_tasks" ADD CONSTRAINT "evaluation_tasks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_templates" ADD CONSTRAINT "indicator_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evaluation_comments_scope_idx" ON "evaluation_comments" USING btree ("scope_id","code","created_at");--> statement-breakpoint
CREATE INDEX "evaluation_comments_task_idx" ON "evaluation_comments" USING btree ("task_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_entries_uq" ON "evaluation_entries" USING btree ("scope_id","code");--> statement-breakpoint
CREATE INDEX "evaluation_evidence_scope_idx" ON "evaluation_evidence" USING btree ("scope_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_scopes_region_uq" ON "evaluation_scopes" USING btree ("task_id","region_id");--> statement-breakpoint
CREATE INDEX "evaluation_scopes_county_idx" ON "evaluation_scopes" USING btree ("county_id");--> statement-breakpoint
CREATE INDEX "evaluation_tasks_year_idx" ON "evaluation_tasks" USING btree ("fund_year_id","state");--> statement-breakpoint
CREATE INDEX "evaluation_tasks_org_idx" ON "evaluation_tasks" USING btree ("evaluator_org");--> statement-breakpoint
CREATE UNIQUE INDEX "grade_scales_code_uq" ON "grade_scales" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_templates_version_uq" ON "indicator_templates" USING btree ("code","version");--> statement-breakpoint
CREATE INDEX "indicator_templates_status_idx" ON "indicator_templates" USING btree ("status");