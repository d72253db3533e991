ALTER TABLE "sessions" ADD COLUMN "previous_login_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "previous_login_ip" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "failed_since_previous" integer DEFAULT 0 NOT NULL;