-- What the app keeps in its process on PGlite (server/notified-cache.ts) is dropped on a notification
-- sent here as the change commits.
-- "wx_versions": every insert or update of data_versions (a derived figure's input changed).
-- "wx_auth": cached sessions, on a change that could end a session or change what it carries: a
-- session deleted (logout, password change, an admin's edit), its user, expiry or CSRF token changed,
-- its idle clock set back (a request's sliding timeout moves it forward only, and sends nothing); a
-- change of what a user may do or is shown as (not a sign-in's failed-attempt counter or last-login
-- time); any change of a region (a user's region name and level).
-- NOTIFY inside a transaction is delivered when it commits, and identical ones are sent once.
CREATE OR REPLACE FUNCTION "notify_channel"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify(TG_ARGV[0], '');
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "sessions_auth_notify_delete" AFTER DELETE ON "sessions" FOR EACH STATEMENT EXECUTE FUNCTION "notify_channel"('wx_auth');--> statement-breakpoint
CREATE TRIGGER "sessions_auth_notify_update" AFTER UPDATE ON "sessions" FOR EACH ROW
	WHEN (OLD."user_id" IS DISTINCT FROM NEW."user_id" OR OLD."expires_at" IS DISTINCT FROM NEW."expires_at"
		OR OLD."csrf_token" IS DISTINCT FROM NEW."csrf_token" OR NEW."last_seen_at" < OLD."last_seen_at")
	EXECUTE FUNCTION "notify_channel"('wx_auth');--> statement-breakpoint
CREATE TRIGGER "users_auth_notify" AFTER DELETE OR UPDATE OF "username", "display_name", "password_hash", "role", "region_id", "organisation", "phone", "disabled", "must_change_password", "password_changed_at" ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "notify_channel"('wx_auth');--> statement-breakpoint
CREATE TRIGGER "regions_auth_notify" AFTER UPDATE OR DELETE ON "regions" FOR EACH STATEMENT EXECUTE FUNCTION "notify_channel"('wx_auth');--> statement-breakpoint
CREATE TRIGGER "data_versions_notify" AFTER INSERT OR UPDATE ON "data_versions" FOR EACH STATEMENT EXECUTE FUNCTION "notify_channel"('wx_versions');
