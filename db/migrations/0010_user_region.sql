ALTER TABLE "users" DROP CONSTRAINT "users_county_id_regions_id_fk";
--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "county_id";