CREATE TABLE "drafting_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"definition" jsonb NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_name" text
);
--> statement-breakpoint
CREATE TABLE "report_paragraphs" (
	"id" serial PRIMARY KEY NOT NULL,
	"fund_year_id" integer NOT NULL,
	"task_id" integer,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"body" text NOT NULL,
	"frozen" boolean DEFAULT false NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	"note" text,
	"author_id" integer,
	"author_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_paragraphs_version_uq" UNIQUE NULLS NOT DISTINCT("fund_year_id","task_id","key","version")
);
--> statement-breakpoint
CREATE TABLE "report_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"version" integer NOT NULL,
	"document" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by_name" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_paragraphs" ADD CONSTRAINT "report_paragraphs_fund_year_id_fund_years_id_fk" FOREIGN KEY ("fund_year_id") REFERENCES "public"."fund_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_paragraphs" ADD CONSTRAINT "report_paragraphs_task_id_evaluation_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."evaluation_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_paragraphs" ADD CONSTRAINT "report_paragraphs_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_versions" ADD CONSTRAINT "report_versions_task_id_evaluation_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."evaluation_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "drafting_rules_code_uq" ON "drafting_rules" USING btree ("code");--> statement-breakpoint
CREATE INDEX "report_paragraphs_task_idx" ON "report_paragraphs" USING btree ("task_id");--> statement-breakpoint
CREATE UNIQUE INDEX "report_versions_uq" ON "report_versions" USING btree ("task_id","version");