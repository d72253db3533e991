CREATE TABLE "data_versions" (
	"key" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Versions of the inputs of derived figures (server/derived.ts). Every statement on a tracked table bumps
-- its key in the writing transaction, so the bump commits or rolls back with the data.
--
-- Keyed per table and fund year ("payments:17") — the tables that carry fund_year_id and that a city's
-- import or reporting writes in bulk: payments, allocations, projects, project_communities,
-- performance_targets, monitoring_settings, monitoring_indicators, progress_reports, lag_explanations,
-- submissions, evaluation_tasks. One city's write locks only its own fund year's row until it commits.
-- Statement triggers with transition tables (one per event: PostgreSQL refuses transition tables on a
-- multi-event trigger); a statement that touches no row bumps nothing.
--
-- Keyed per table ("communities") — catalogue and child tables without a fund year: regions,
-- funding_sources, programmes, fund_years, communities, project_details, project_investments,
-- project_contents, renovation_items, renovation_goals, grade_scales, indicator_templates,
-- evaluation_scopes, evaluation_entries, evaluation_evidence, evaluation_comments,
-- survey_questionnaires, surveys, survey_communities, survey_responses, findings,
-- rectification_items, difficulty_coefficients.
-- users only by display name (a figure shows who recorded an explanation): a sign-in, which updates
-- other columns of users, bumps nothing.
-- Not tracked (no derived figure reads them): sessions, audit, notifications, outbox, jobs, files,
-- report texts and versions, import batches, tokens, events.
CREATE OR REPLACE FUNCTION "data_versions_bump_table"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "data_versions" AS d ("key", "version", "changed_at") VALUES (TG_TABLE_NAME, 1, now())
	ON CONFLICT ("key") DO UPDATE SET "version" = d."version" + 1, "changed_at" = now();
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "data_versions_bump_new"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- Keys in a fixed order, so two statements bumping the same fund years lock them in the same order.
	INSERT INTO "data_versions" AS d ("key", "version", "changed_at")
	SELECT k, 1, now() FROM (SELECT DISTINCT TG_TABLE_NAME || ':' || n."fund_year_id" AS k FROM new_rows n) s ORDER BY k
	ON CONFLICT ("key") DO UPDATE SET "version" = d."version" + 1, "changed_at" = now();
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "data_versions_bump_old"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "data_versions" AS d ("key", "version", "changed_at")
	SELECT k, 1, now() FROM (SELECT DISTINCT TG_TABLE_NAME || ':' || o."fund_year_id" AS k FROM old_rows o) s ORDER BY k
	ON CONFLICT ("key") DO UPDATE SET "version" = d."version" + 1, "changed_at" = now();
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "data_versions_bump_both"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- An update may move a row to another fund year: both the old and the new year change.
	INSERT INTO "data_versions" AS d ("key", "version", "changed_at")
	SELECT k, 1, now() FROM (
		SELECT TG_TABLE_NAME || ':' || n."fund_year_id" AS k FROM new_rows n
		UNION SELECT TG_TABLE_NAME || ':' || o."fund_year_id" FROM old_rows o
	) s ORDER BY k
	ON CONFLICT ("key") DO UPDATE SET "version" = d."version" + 1, "changed_at" = now();
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "data_versions_bump_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "data_versions" SET "version" = "version" + 1, "changed_at" = now() WHERE "key" LIKE TG_TABLE_NAME || ':%';
	RETURN NULL;
END
$$;--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['payments', 'allocations', 'projects', 'project_communities', 'performance_targets', 'monitoring_settings',
		'monitoring_indicators', 'progress_reports', 'lag_explanations', 'submissions', 'evaluation_tasks'] LOOP
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "data_versions_bump_new"()', t || '_versions_ins', t);
		EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "data_versions_bump_both"()', t || '_versions_upd', t);
		EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "data_versions_bump_old"()', t || '_versions_del', t);
		EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "data_versions_bump_truncated"()', t || '_versions_trunc', t);
	END LOOP;
	FOREACH t IN ARRAY ARRAY['regions', 'funding_sources', 'programmes', 'fund_years', 'communities', 'project_details', 'project_investments',
		'project_contents', 'renovation_items', 'renovation_goals', 'grade_scales', 'indicator_templates', 'evaluation_scopes',
		'evaluation_entries', 'evaluation_evidence', 'evaluation_comments', 'survey_questionnaires', 'surveys', 'survey_communities',
		'survey_responses', 'findings', 'rectification_items', 'difficulty_coefficients'] LOOP
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "data_versions_bump_table"()', t || '_versions', t);
	END LOOP;
	CREATE TRIGGER "users_versions" AFTER INSERT OR DELETE OR UPDATE OF "display_name" ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "data_versions_bump_table"();
END
$$;
