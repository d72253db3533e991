import { z } from "zod";

/**
 * The largest record id: ids are PostgreSQL `integer` (serial) columns. A larger number in a request
 * would fail in the database (500); refused here, it is a 400 like any other invalid parameter.
 */
export const MAX_ID = 2_147_483_647;

const OUT_OF_RANGE = `编号应为 1 至 ${MAX_ID} 之间的整数`;

/** A record id in a JSON body. */
export const idSchema = z.number().int(OUT_OF_RANGE).positive(OUT_OF_RANGE).max(MAX_ID, OUT_OF_RANGE);

/** A record id in a path or query string (text, read as a number). */
export const idParam = z.coerce.number().int(OUT_OF_RANGE).positive(OUT_OF_RANGE).max(MAX_ID, OUT_OF_RANGE);
