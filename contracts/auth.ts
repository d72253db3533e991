import { REGION_LEVELS } from "../core/regions";
import { z } from "zod";
import { ROLES } from "../core/access";
import { USERNAME_MAX } from "./auth-names";

export { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, USERNAME_MAX } from "./auth-names";

export const loginBodySchema = z.object({
  username: z.string().trim().min(1, "请输入用户名").max(USERNAME_MAX),
  password: z.string().min(1, "请输入密码").max(128),
});

export const meSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum([...ROLES, "system"]),
  roleLabel: z.string(),
  county: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  /** The region the account works for (its scope); null: the whole installation. */
  region: z.object({ id: z.number().int(), name: z.string(), level: z.enum(REGION_LEVELS) }).nullable(),
  organisation: z.string().nullable(),
  /** The user must set a new password before anything else. */
  mustChangePassword: z.boolean(),
  /** initial: a new or reset account; expired: older than the policy's maximum age. */
  passwordChangeReason: z.enum(["initial", "expired"]).nullable(),
  passwordMaxAgeDays: z.number().int(),
  /** The login before this session's, and the failed attempts on the account between the two. */
  previousLogin: z.object({ at: z.string(), ip: z.string().nullable(), failedAttempts: z.number().int() }).nullable(),
  /** Permissions held, for the web to hide what the server would refuse. */
  permissions: z.array(z.string()),
  /** Seconds of inactivity after which the session ends. */
  idleTimeoutSeconds: z.number().int(),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof meSchema>;

/** Who is signed in, asked before anyone may be: being signed out is an answer, not an error. */
export const sessionSchema = z.discriminatedUnion("signedIn", [
  z.object({ signedIn: z.literal(true), me: meSchema }),
  /** `expired`: a session cookie came but its session had ended (idle timeout, signed out elsewhere). */
  z.object({ signedIn: z.literal(false), expired: z.boolean() }),
]);
export type SessionAnswer = z.infer<typeof sessionSchema>;

export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1, "请输入当前密码").max(128),
  newPassword: z.string().min(1, "请输入新密码").max(128),
});

