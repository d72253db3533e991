ALTER TABLE "regions" ALTER COLUMN "path" SET DEFAULT '';--> statement-breakpoint
CREATE OR REPLACE FUNCTION "regions_set_path"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW."parent_id" IS NULL THEN
		NEW."path" := '/' || NEW."id" || '/';
	ELSE
		SELECT p."path" || NEW."id" || '/' INTO NEW."path" FROM "regions" p WHERE p."id" = NEW."parent_id";
	END IF;
	RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "regions_path_trg" BEFORE INSERT OR UPDATE OF "parent_id" ON "regions" FOR EACH ROW EXECUTE FUNCTION "regions_set_path"();
