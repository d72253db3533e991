CREATE TABLE "audit_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"seq" integer NOT NULL,
	"hash" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- An existing chain starts its head at its last record.
INSERT INTO "audit_head" ("id", "seq", "hash", "updated_at")
SELECT 1, "seq", "hash", now() FROM "audit_events" ORDER BY "seq" DESC LIMIT 1;
