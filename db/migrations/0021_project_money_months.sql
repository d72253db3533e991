CREATE TABLE "project_money_months" (
	"fund_year_id" integer NOT NULL,
	"county_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"month" date NOT NULL,
	"allocated_fen" bigint DEFAULT 0 NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"allocation_count" integer DEFAULT 0 NOT NULL,
	"payment_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "project_money_months_fund_year_id_county_id_project_id_month_pk" PRIMARY KEY("fund_year_id","county_id","project_id","month")
);
--> statement-breakpoint
-- 下达 and 支付 per project and month, kept equal to the ledger by statement triggers in the writing
-- transaction (one per event: PostgreSQL refuses transition tables on a multi-event trigger). Each
-- statement adds its new rows and subtracts its old ones, grouped by (fund year, county, project,
-- month) and in key order (two imports touching the same months lock them in the same order); a
-- statement that moves no money (an edited note) writes nothing; a month left with no record is deleted.
-- TG_ARGV: the table's date column, and which sum it feeds ('allocated' or 'paid').
CREATE OR REPLACE FUNCTION "project_money_delta"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	day_col text := TG_ARGV[0];
	kind text := TG_ARGV[1];
	sum_col text := kind || '_fen';
	count_col text := CASE kind WHEN 'paid' THEN 'payment_count' ELSE 'allocation_count' END;
	parts text[] := ARRAY[]::text[];
BEGIN
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		parts := parts || format('SELECT fund_year_id, county_id, project_id, date_trunc(''month'', %I::timestamp)::date AS month, amount_fen AS amount, 1 AS n FROM new_rows WHERE project_id IS NOT NULL', day_col);
	END IF;
	IF TG_OP IN ('DELETE', 'UPDATE') THEN
		parts := parts || format('SELECT fund_year_id, county_id, project_id, date_trunc(''month'', %I::timestamp)::date AS month, -amount_fen AS amount, -1 AS n FROM old_rows WHERE project_id IS NOT NULL', day_col);
	END IF;
	EXECUTE format(
		'INSERT INTO "project_money_months" AS m ("fund_year_id", "county_id", "project_id", "month", %1$I, %2$I)
		 SELECT fund_year_id, county_id, project_id, month, sum(amount), sum(n) FROM (%3$s) d
		 GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 OR sum(amount) <> 0 ORDER BY 1, 2, 3, 4
		 ON CONFLICT ("fund_year_id", "county_id", "project_id", "month") DO UPDATE SET %1$I = m.%1$I + excluded.%1$I, %2$I = m.%2$I + excluded.%2$I',
		sum_col, count_col, array_to_string(parts, ' UNION ALL '));
	IF TG_OP IN ('DELETE', 'UPDATE') THEN
		EXECUTE format(
			'DELETE FROM "project_money_months" m USING (SELECT DISTINCT fund_year_id, county_id, project_id, date_trunc(''month'', %I::timestamp)::date AS month FROM old_rows WHERE project_id IS NOT NULL) o
			 WHERE m."fund_year_id" = o.fund_year_id AND m."county_id" = o.county_id AND m."project_id" = o.project_id AND m."month" = o.month
			   AND m."allocation_count" = 0 AND m."payment_count" = 0',
			day_col);
	END IF;
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "project_money_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_ARGV[0] = 'paid' THEN
		UPDATE "project_money_months" SET "paid_fen" = 0, "payment_count" = 0;
	ELSE
		UPDATE "project_money_months" SET "allocated_fen" = 0, "allocation_count" = 0;
	END IF;
	DELETE FROM "project_money_months" WHERE "allocation_count" = 0 AND "payment_count" = 0;
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "payments_money_ins" AFTER INSERT ON "payments" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "project_money_delta"('paid_on', 'paid');--> statement-breakpoint
CREATE TRIGGER "payments_money_upd" AFTER UPDATE ON "payments" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "project_money_delta"('paid_on', 'paid');--> statement-breakpoint
CREATE TRIGGER "payments_money_del" AFTER DELETE ON "payments" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "project_money_delta"('paid_on', 'paid');--> statement-breakpoint
CREATE TRIGGER "payments_money_trunc" AFTER TRUNCATE ON "payments" FOR EACH STATEMENT EXECUTE FUNCTION "project_money_truncated"('paid');--> statement-breakpoint
CREATE TRIGGER "allocations_money_ins" AFTER INSERT ON "allocations" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "project_money_delta"('allocated_on', 'allocated');--> statement-breakpoint
CREATE TRIGGER "allocations_money_upd" AFTER UPDATE ON "allocations" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "project_money_delta"('allocated_on', 'allocated');--> statement-breakpoint
CREATE TRIGGER "allocations_money_del" AFTER DELETE ON "allocations" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "project_money_delta"('allocated_on', 'allocated');--> statement-breakpoint
CREATE TRIGGER "allocations_money_trunc" AFTER TRUNCATE ON "allocations" FOR EACH STATEMENT EXECUTE FUNCTION "project_money_truncated"('allocated');--> statement-breakpoint
-- The ledger as it stands.
INSERT INTO "project_money_months" ("fund_year_id", "county_id", "project_id", "month", "allocated_fen", "paid_fen", "allocation_count", "payment_count")
SELECT fund_year_id, county_id, project_id, month, sum(a), sum(p), sum(ac), sum(pc) FROM (
	SELECT fund_year_id, county_id, project_id, date_trunc('month', allocated_on::timestamp)::date AS month, amount_fen AS a, 0 AS p, 1 AS ac, 0 AS pc FROM "allocations" WHERE project_id IS NOT NULL
	UNION ALL
	SELECT fund_year_id, county_id, project_id, date_trunc('month', paid_on::timestamp)::date, 0, amount_fen, 0, 1 FROM "payments" WHERE project_id IS NOT NULL
) l GROUP BY 1, 2, 3, 4;
