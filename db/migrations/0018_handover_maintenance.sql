CREATE TABLE "community_maintenance_years" (
	"id" serial PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"year" integer NOT NULL,
	"property_mode" text NOT NULL,
	"fee_collection_bp" integer,
	"red_property" boolean DEFAULT false NOT NULL,
	"owners_committee" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer,
	CONSTRAINT "community_maintenance_years_ok" CHECK ("community_maintenance_years"."year" between 2000 and 2100 and ("community_maintenance_years"."fee_collection_bp" is null or "community_maintenance_years"."fee_collection_bp" between 0 and 10000))
);
--> statement-breakpoint
CREATE TABLE "facility_handovers" (
	"id" serial PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"handed_over_on" date,
	"operator_id" integer,
	"receiver" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer,
	CONSTRAINT "facility_handovers_done_ok" CHECK ("facility_handovers"."status" <> '已移交' or ("facility_handovers"."handed_over_on" is not null and ("facility_handovers"."operator_id" is not null or "facility_handovers"."receiver" is not null)))
);
--> statement-breakpoint
ALTER TABLE "community_maintenance_years" ADD CONSTRAINT "community_maintenance_years_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_maintenance_years" ADD CONSTRAINT "community_maintenance_years_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_handovers" ADD CONSTRAINT "facility_handovers_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_handovers" ADD CONSTRAINT "facility_handovers_operator_id_utility_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."utility_operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_handovers" ADD CONSTRAINT "facility_handovers_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "community_maintenance_years_uq" ON "community_maintenance_years" USING btree ("community_id","year");--> statement-breakpoint
CREATE INDEX "community_maintenance_years_year_idx" ON "community_maintenance_years" USING btree ("year");--> statement-breakpoint
CREATE UNIQUE INDEX "facility_handovers_uq" ON "facility_handovers" USING btree ("community_id","kind");--> statement-breakpoint
-- Derived figures read both tables (the 专营设施移交率 metric of the score sheets, 长效管养), so their
-- statements bump their per-table keys like the other tables of migration 0016.
CREATE TRIGGER "facility_handovers_versions" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "facility_handovers" FOR EACH STATEMENT EXECUTE FUNCTION "data_versions_bump_table"();--> statement-breakpoint
CREATE TRIGGER "community_maintenance_years_versions" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "community_maintenance_years" FOR EACH STATEMENT EXECUTE FUNCTION "data_versions_bump_table"();
