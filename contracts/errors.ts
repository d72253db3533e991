import { z } from "zod";

/** Every error the API returns has one of these codes; the client maps them, never the HTTP status. */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  IMPORT_INVALID: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  /** An edit of a record that someone else changed since the user read it (a stale `version`). */
  VERSION_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** A part outside the app (LibreOffice for PDF) is missing, failed or timed out. */
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The version of an editable record as its user read it, sent back with the edit: a stale one is
 * refused with VERSION_CONFLICT, never written over the newer record.
 */
export const versionSchema = z.number({ error: "请提供您看到的版本号（version），以免覆盖他人的修改" }).int().min(0).max(2_147_483_647);

/** A problem found in one cell of an uploaded spreadsheet (or one field of a form). */
export const problemSchema = z.object({
  /** 1-based spreadsheet row number, as Excel shows it; null for a problem of the whole file. */
  row: z.number().int().nullable(),
  /** Column header as written in the template (e.g. 金额（万元）); null when not tied to a column. */
  column: z.string().nullable(),
  message: z.string(),
});
export type Problem = z.infer<typeof problemSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    /** Chinese, says what to fix. */
    message: z.string(),
    problems: z.array(problemSchema).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
