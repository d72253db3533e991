import { z } from "zod";
import { versionSchema } from "./errors";
import { idSchema } from "./ids";
import { ROLES } from "../core/access";
import { REGION_LEVELS } from "../core/regions";
import { USERNAME_MAX } from "./auth";

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  roleLabel: z.string(),
  county: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  /** The region the account works for (its scope); null: the whole installation. */
  region: z.object({ id: z.number().int(), name: z.string(), level: z.enum(REGION_LEVELS) }).nullable(),
  organisation: z.string().nullable(),
  phone: z.string().nullable(),
  disabled: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  /** Sent back with an edit of the account's particulars (name, role, region, organisation, phone). */
  version: z.number().int(),
});
export type User = z.infer<typeof userSchema>;

export const createUserSchema = z.object({
  username: z
    .string()
    .trim()
    .min(2, "用户名至少 2 个字符")
    .max(USERNAME_MAX)
    .regex(/^[a-zA-Z0-9_.-]+$/, "用户名只能包含字母、数字、下划线、点和连字符"),
  displayName: z.string().trim().min(1, "请填写姓名或单位").max(64),
  role: z.enum(ROLES),
  /** The region it works for: a county for a 县区 account, a province or city for the others. */
  regionId: idSchema.nullable().optional(),
  organisation: z.string().trim().max(100).nullable().optional(),
  phone: z.string().trim().max(30).nullable().optional(),
  /** Initial password; the user must change it at first login. */
  password: z.string().min(1).max(128),
});

/** The fields of an account an edit form changes (versioned), as opposed to the actions. */
export const USER_PARTICULARS = ["displayName", "role", "regionId", "organisation", "phone"] as const;

export const updateUserSchema = z.object({
  displayName: z.string().trim().min(1).max(64).optional(),
  role: z.enum(ROLES).optional(),
  regionId: idSchema.nullable().optional(),
  organisation: z.string().trim().max(100).nullable().optional(),
  phone: z.string().trim().max(30).nullable().optional(),
  disabled: z.boolean().optional(),
  /** Clear the lock-out after failed logins. */
  unlock: z.boolean().optional(),
  /** Set a new initial password (the user must change it). */
  resetPassword: z.string().min(1).max(128).optional(),
  /**
   * The version the administrator saw: required with any particular (name, role, region, organisation,
   * phone), so two administrators editing one account cannot overwrite each other. 停用、解锁、重置密码
   * are actions that change only themselves and need none.
   */
  version: versionSchema.optional(),
}).refine((u) => u.version !== undefined || USER_PARTICULARS.every((k) => u[k] === undefined), {
  message: "修改账户信息时请提供您看到的版本号（version），以免覆盖他人的修改",
  path: ["version"],
});
