/**
 * 首次设置: the first administrator of an installation without accounts, created with the one-time
 * setup code the server prints at start (GET/POST /api/setup) or by `wenxiao admin create`.
 */
import { z } from "zod";
import { createUserSchema } from "./users";

/** 8 characters of Crockford's base32 (no I, L, O, U): 40 bits, shown as XXXX-XXXX. */
export const SETUP_CODE_LENGTH = 8;

export const setupStateSchema = z.object({
  /** True while no account exists: the setup page is the way in. */
  needed: z.boolean(),
});
export type SetupState = z.infer<typeof setupStateSchema>;

export const setupBodySchema = z.object({
  /** As printed (XXXX-XXXX); case, spaces and the dash do not matter. */
  code: z.string().trim().min(1, "请输入设置码").max(32, "设置码不正确"),
  username: createUserSchema.shape.username,
  displayName: createUserSchema.shape.displayName,
  password: z.string().min(1, "请设置密码").max(128, "密码长度不超过 128 位"),
});
export type SetupBody = z.infer<typeof setupBodySchema>;

export const setupResultSchema = z.object({ username: z.string(), displayName: z.string() });
export type SetupResult = z.infer<typeof setupResultSchema>;

/** The answer to a wrong setup code. */
export const SETUP_WRONG_CODE = "设置码不正确";

/** What the setup page says once an account exists. */
export const SETUP_DONE_MESSAGE = "系统已完成首次设置，请直接登录";
