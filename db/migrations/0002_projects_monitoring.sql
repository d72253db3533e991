CREATE TABLE "communities" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"street" text,
	"built_year" integer NOT NULL,
	"buildings" integer NOT NULL,
	"households" integer NOT NULL,
	"floor_area_dm2" bigint NOT NULL,
	"property_mode" text DEFAULT 'none' NOT NULL,
	"fee_collection_bp" integer,
	"longitude" double precision,
	"latitude" double precision,
	"prior_renovation_year" integer,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "communities_counts_ok" CHECK ("communities"."buildings" >= 0 and "communities"."households" >= 0 and "communities"."floor_area_dm2" >= 0),
	CONSTRAINT "communities_fee_ok" CHECK ("communities"."fee_collection_bp" is null or ("communities"."fee_collection_bp" between 0 and 10000))
);
--> statement-breakpoint
CREATE TABLE "lag_explanations" (
	"id" serial PRIMARY KEY NOT NULL,
	"fund_year_id" integer NOT NULL,
	"period" text NOT NULL,
	"measure" text NOT NULL,
	"county_id" integer NOT NULL,
	"project_id" integer,
	"cause" text NOT NULL,
	"likelihood" text NOT NULL,
	"note" text,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_indicators" (
	"id" serial PRIMARY KEY NOT NULL,
	"fund_year_id" integer NOT NULL,
	"measure" text NOT NULL,
	"name" text NOT NULL,
	"window_from" date NOT NULL,
	"window_to" date NOT NULL,
	"yellow_gap_bp" integer NOT NULL,
	"red_gap_bp" integer NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "monitoring_indicators_gaps_ok" CHECK ("monitoring_indicators"."yellow_gap_bp" > 0 and "monitoring_indicators"."red_gap_bp" >= "monitoring_indicators"."yellow_gap_bp" and "monitoring_indicators"."window_to" >= "monitoring_indicators"."window_from")
);
--> statement-breakpoint
CREATE TABLE "monitoring_settings" (
	"fund_year_id" integer PRIMARY KEY NOT NULL,
	"period_kind" text DEFAULT 'quarter' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "performance_targets" (
	"id" serial PRIMARY KEY NOT NULL,
	"fund_year_id" integer NOT NULL,
	"county_id" integer,
	"indicator" text NOT NULL,
	"metric" text,
	"unit" text NOT NULL,
	"direction" text NOT NULL,
	"target_value" numeric(18, 4) NOT NULL,
	"manual_actual" numeric(18, 4),
	"sort_order" integer DEFAULT 0 NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "progress_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"fund_year_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"period" text NOT NULL,
	"physical_bp" integer NOT NULL,
	"invested_fen" bigint NOT NULL,
	"reported_by" integer,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "progress_reports_ok" CHECK ("progress_reports"."physical_bp" between 0 and 10000 and "progress_reports"."invested_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "project_communities" (
	"id" serial PRIMARY KEY NOT NULL,
	"fund_year_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"community_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_contents" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"community_id" integer,
	"quantity" numeric(18, 4) NOT NULL,
	"unit" text NOT NULL,
	"cost_fen" bigint NOT NULL,
	"note" text,
	CONSTRAINT "project_contents_cost_ok" CHECK ("project_contents"."cost_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "project_details" (
	"project_id" integer PRIMARY KEY NOT NULL,
	"street" text,
	"description" text,
	"planned_start_on" date,
	"actual_start_on" date,
	"planned_completion_on" date,
	"actual_completion_on" date,
	"planned_acceptance_on" date,
	"actual_acceptance_on" date,
	"acceptance_result" text,
	"planned_settlement_on" date,
	"actual_settlement_on" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_files" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"note" text,
	"uploaded_by" integer,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_investments" (
	"project_id" integer NOT NULL,
	"source_id" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	CONSTRAINT "project_investments_project_id_source_id_pk" PRIMARY KEY("project_id","source_id"),
	CONSTRAINT "project_investments_amount_ok" CHECK ("project_investments"."amount_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "renovation_goals" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"name" text NOT NULL,
	"start_year" integer NOT NULL,
	"end_year" integer NOT NULL,
	"built_before" integer NOT NULL,
	"required_bp" integer NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "renovation_goals_ok" CHECK ("renovation_goals"."required_bp" between 1 and 10000 and "renovation_goals"."end_year" >= "renovation_goals"."start_year")
);
--> statement-breakpoint
CREATE TABLE "renovation_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"category" text NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "communities" ADD CONSTRAINT "communities_county_id_regions_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lag_explanations" ADD CONSTRAINT "lag_explanations_fund_year_id_fund_years_id_fk" FOREIGN KEY ("fund_year_id") REFERENCES "public"."fund_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lag_explanations" ADD CONSTRAINT "lag_explanations_county_id_regions_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lag_explanations" ADD CONSTRAINT "lag_explanations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lag_explanations" ADD CONSTRAINT "lag_explanations_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_indicators" ADD CONSTRAINT "monitoring_indicators_fund_year_id_fund_years_id_fk" FOREIGN KEY ("fund_year_id") REFERENCES "public"."fund_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_settings" ADD CONSTRAINT "monitoring_settings_fund_year_id_fund_years_id_fk" FOREIGN KEY ("fund_year_id") REFERENCES "public"."fund_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performance_targets" ADD CONSTRAINT "performance_targets_fund_year_id_fund_years_id_fk" FOREIGN KEY ("fund_year_id") REFERENCES "public"."fund_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performance_targets" ADD CONSTRAINT "performance_targets_county_id_regions_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_fund_year_id_fund_years_id_fk" FOREIGN KEY ("fund_year_id") REFERENCES "public"."fund_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_communities" ADD CONSTRAINT "project_communities_fund_year_id_fund_years_id_fk" FOREIGN KEY ("fund_year_id") REFERENCES "public"."fund_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_communities" ADD CONSTRAINT "project_communities_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_communities" ADD CONSTRAINT "project_communities_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_contents" ADD CONSTRAINT "project_contents_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_contents" ADD CONSTRAINT "project_contents_item_id_renovation_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."renovation_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_contents" ADD CONSTRAINT "project_contents_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_details" ADD CONSTRAINT "project_details_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_files" ADD CONSTRAINT "project_files_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_files" ADD CONSTRAINT "project_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_investments" ADD CONSTRAINT "project_investments_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_investments" ADD CONSTRAINT "project_investments_source_id_funding_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."funding_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renovation_goals" ADD CONSTRAINT "renovation_goals_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "communities_code_uq" ON "communities" USING btree ("code");--> statement-breakpoint
CREATE INDEX "communities_county_idx" ON "communities" USING btree ("county_id","built_year");--> statement-breakpoint
CREATE UNIQUE INDEX "lag_explanations_uq" ON "lag_explanations" USING btree ("fund_year_id","period","measure","county_id",coalesce("project_id", 0));--> statement-breakpoint
CREATE INDEX "lag_explanations_county_idx" ON "lag_explanations" USING btree ("fund_year_id","county_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_indicators_uq" ON "monitoring_indicators" USING btree ("fund_year_id","measure");--> statement-breakpoint
CREATE UNIQUE INDEX "performance_targets_key_uq" ON "performance_targets" USING btree ("fund_year_id",coalesce("county_id", 0),"indicator");--> statement-breakpoint
CREATE INDEX "performance_targets_year_idx" ON "performance_targets" USING btree ("fund_year_id","county_id");--> statement-breakpoint
CREATE UNIQUE INDEX "progress_reports_uq" ON "progress_reports" USING btree ("project_id","period");--> statement-breakpoint
CREATE INDEX "progress_reports_year_idx" ON "progress_reports" USING btree ("fund_year_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "project_communities_year_uq" ON "project_communities" USING btree ("fund_year_id","community_id");--> statement-breakpoint
CREATE INDEX "project_communities_project_idx" ON "project_communities" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_communities_community_idx" ON "project_communities" USING btree ("community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_contents_key_uq" ON "project_contents" USING btree ("project_id","item_id",coalesce("community_id", 0));--> statement-breakpoint
CREATE INDEX "project_details_completion_idx" ON "project_details" USING btree ("actual_completion_on");--> statement-breakpoint
CREATE INDEX "project_files_project_idx" ON "project_files" USING btree ("project_id","uploaded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "renovation_goals_uq" ON "renovation_goals" USING btree ("region_id","name","built_before");--> statement-breakpoint
CREATE UNIQUE INDEX "renovation_items_code_uq" ON "renovation_items" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "renovation_items_name_uq" ON "renovation_items" USING btree ("name");