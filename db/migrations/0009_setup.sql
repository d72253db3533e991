CREATE TABLE "region_renames" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"old_name" text NOT NULL,
	"new_name" text NOT NULL,
	"changed_by" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "performance_targets" ALTER COLUMN "target_value" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "fund_years" ADD COLUMN "template_id" integer;--> statement-breakpoint
ALTER TABLE "fund_years" ADD COLUMN "previous_id" integer;--> statement-breakpoint
ALTER TABLE "fund_years" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fund_years" ADD COLUMN "closed_by" text;--> statement-breakpoint
ALTER TABLE "programmes" ADD COLUMN "template_code" text;--> statement-breakpoint
ALTER TABLE "programmes" ADD COLUMN "content_items" jsonb;--> statement-breakpoint
ALTER TABLE "programmes" ADD COLUMN "monitoring" jsonb;--> statement-breakpoint
ALTER TABLE "programmes" ADD COLUMN "builtin" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "programmes" ADD COLUMN "sort_order" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "programmes" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "regions" ADD COLUMN "path" text;--> statement-breakpoint
WITH RECURSIVE tree(id, path) AS (
	SELECT "id", '/' || "id" || '/' FROM "regions" WHERE "parent_id" IS NULL
	UNION ALL
	SELECT r."id", t.path || r."id" || '/' FROM "regions" r JOIN tree t ON r."parent_id" = t.id
)
UPDATE "regions" SET "path" = tree.path FROM tree WHERE tree.id = "regions"."id";--> statement-breakpoint
ALTER TABLE "regions" ALTER COLUMN "path" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "regions" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "regions" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "region_id" integer;--> statement-breakpoint
UPDATE "users" SET "region_id" = "county_id" WHERE "county_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "region_renames" ADD CONSTRAINT "region_renames_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "region_renames_region_idx" ON "region_renames" USING btree ("region_id","changed_at");--> statement-breakpoint
ALTER TABLE "fund_years" ADD CONSTRAINT "fund_years_template_id_indicator_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."indicator_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_years" ADD CONSTRAINT "fund_years_previous_id_fund_years_id_fk" FOREIGN KEY ("previous_id") REFERENCES "public"."fund_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "regions_path_idx" ON "regions" USING btree ("path" text_pattern_ops);