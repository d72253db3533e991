CREATE TABLE "utility_operators" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"name" text NOT NULL,
	"kinds" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "utility_works" (
	"id" serial PRIMARY KEY NOT NULL,
	"operator_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"kind" text NOT NULL,
	"scope" text NOT NULL,
	"planned_from" date NOT NULL,
	"planned_to" date NOT NULL,
	"digs" boolean NOT NULL,
	"status" text DEFAULT '计划' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
CREATE TABLE "works_conflict_states" (
	"key" text PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"confirmed_from" date,
	"confirmed_to" date,
	"confirmed_by" integer,
	"confirmed_at" timestamp with time zone,
	"acknowledgements" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"notified" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "works_settings" (
	"region_id" integer PRIMARY KEY NOT NULL,
	"gap_days" integer NOT NULL,
	"digging_kinds" text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "utility_operators" ADD CONSTRAINT "utility_operators_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "utility_works" ADD CONSTRAINT "utility_works_operator_id_utility_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."utility_operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "utility_works" ADD CONSTRAINT "utility_works_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "utility_works" ADD CONSTRAINT "utility_works_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "works_conflict_states" ADD CONSTRAINT "works_conflict_states_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "works_conflict_states" ADD CONSTRAINT "works_conflict_states_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "works_settings" ADD CONSTRAINT "works_settings_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "utility_operators_name_uq" ON "utility_operators" USING btree ("region_id","name");--> statement-breakpoint
CREATE INDEX "utility_works_community_idx" ON "utility_works" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "utility_works_operator_idx" ON "utility_works" USING btree ("operator_id");--> statement-breakpoint
CREATE INDEX "works_conflict_states_community_idx" ON "works_conflict_states" USING btree ("community_id");