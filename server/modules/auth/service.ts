import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../../db/open";
import { regions } from "../../../db/schema";
import { PERMISSIONS, ROLE_LABEL, can, passwordExpired, passwordProblems, type Actor, type Permission } from "../../../core/access";
import type { Me } from "../../../contracts/auth";
import { AppError } from "../../errors";
import { recordAudit } from "../audit/record";
import { DUMMY_HASH, hashPassword, verifyPassword } from "../../../db/password";
import { DEMO_USERS } from "../../../db/demo/users";
import * as repo from "./repository";

/** An account with the region it works for (its scope). */
export type UserRow = repo.UserRow;
export type SessionRow = repo.SessionRow;

// ---- accounts and sessions as the other modules (users, setup) and the auth plugin read them ----

/** The account of a user name, or null. */
export function findUserByName(db: DbOrTx, username: string) {
  return repo.findUserByName(db, username);
}

/** The account of an id, or null. */
export function findUserById(db: DbOrTx, id: number) {
  return repo.findUserById(db, id);
}

/** Accounts, optionally those whose region lies in a subtree (path prefix), by role and name. */
export function listUserRows(db: DbOrTx, subtreePath: string | null) {
  return repo.listUserRows(db, subtreePath);
}

/** How many accounts the installation has (0: the first run's setup is still to do). */
export function countUsers(db: DbOrTx): Promise<number> {
  return repo.countUsers(db);
}

/** Ends every session of an account (but `exceptId`), in the caller's transaction. */
export function deleteUserSessions(db: DbOrTx, userId: number, exceptId?: string) {
  return repo.deleteUserSessions(db, userId, exceptId);
}

/** The live session and its user: not expired, not idle past the timeout, user not disabled. */
export function findLiveSession(db: DbOrTx, id: string, idleMinutes: number) {
  return repo.findLiveSession(db, id, idleMinutes);
}

/** The live session, its user and every tracked key's version (server/derived.ts), in one statement. */
export function findLiveSessionWithVersions(db: DbOrTx, id: string, idleMinutes: number) {
  return repo.findLiveSessionWithVersions(db, id, idleMinutes);
}

/** Marks a session as seen now (its idle timeout starts again). */
export function touchSession(db: DbOrTx, id: string) {
  return repo.touchSession(db, id);
}

export interface AuthSettings {
  /** Minutes without a request after which a session ends. */
  idleMinutes: number;
  /** Hours after which a session ends whatever happens. */
  absoluteHours: number;
  maxFailedLogins: number;
  lockMinutes: number;
  /** Demo mode: the shipped demo accounts (db/demo/users.ts) need not change their password. */
  demoMode: boolean;
  /** Days after which a password must be changed; 0: never. */
  passwordMaxAgeDays: number;
}

export const DEFAULT_AUTH: AuthSettings = {
  idleMinutes: Number(process.env.WENXIAO_SESSION_IDLE_MINUTES ?? 30),
  absoluteHours: 12,
  maxFailedLogins: 5,
  lockMinutes: 15,
  demoMode: process.env.WENXIAO_DEMO !== "0",
  passwordMaxAgeDays: Number(process.env.WENXIAO_PASSWORD_MAX_AGE_DAYS ?? 90),
};

/** The shipped demo accounts: their password is published, so demo mode does not ask them to change it. */
const DEMO_USERNAMES = new Set(DEMO_USERS.map((u) => u.username));

/**
 * Why the user must set a new password before anything else, if they must: an initial or reset
 * password, or one older than the policy allows. Demo mode asks neither of the shipped demo accounts;
 * an account created in demo mode follows the rules like anywhere else.
 */
export function passwordChangeReason(user: UserRow, settings: AuthSettings, now = new Date()): "initial" | "expired" | null {
  if (settings.demoMode && DEMO_USERNAMES.has(user.username)) return null;
  if (user.mustChangePassword) return "initial";
  if (settings.passwordMaxAgeDays > 0 && passwordExpired(user.passwordChangedAt ?? user.createdAt, now, settings.passwordMaxAgeDays)) return "expired";
  return null;
}

export const sessionIdOf = (token: string) => createHash("sha256").update(token).digest("hex");

export function actorOf(u: UserRow): Actor {
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    countyId: u.role === "county" ? u.regionId : null,
    regionId: u.regionId,
    regionPath: u.regionPath,
    organisation: u.organisation,
  };
}

const BAD_LOGIN = "用户名或密码错误";

/**
 * Checks a password and opens a session. Each check of an account's password is reserved in the
 * database before the (slow) scrypt runs, so a burst of parallel attempts gets no more checks than
 * the limit: the fifth failure locks the account for 15 minutes, and a locked account is refused
 * without a check, even with the right password. The answer never tells whether the user name exists.
 */
export async function login(
  db: Db,
  settings: AuthSettings,
  input: { username: string; password: string; ip: string | null; userAgent: string | null },
) {
  const user = await repo.findUserByName(db, input.username);
  const anonymous = { userId: null, username: input.username, displayName: "", role: "anonymous" };
  if (!user || user.disabled) {
    // The same work as a real check, so the time taken does not tell whether the name exists.
    await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
    await db.transaction((tx) =>
      recordAudit(tx, { actor: anonymous, ip: input.ip, action: "login_failed", entityType: "user", summary: `登录失败：用户名「${input.username}」${user ? "已停用" : "不存在"}` }),
    );
    throw new AppError("UNAUTHENTICATED", BAD_LOGIN);
  }
  const attempt = await repo.reserveLoginAttempt(db, user.id, settings.maxFailedLogins, settings.lockMinutes);
  if (!attempt) {
    const until = (await repo.lockedUntil(db, user.id)) ?? new Date(Date.now() + settings.lockMinutes * 60_000);
    await db.transaction((tx) =>
      recordAudit(tx, { actor: actorOf(user), ip: input.ip, action: "login_failed", entityType: "user", entityId: user.id, summary: "登录失败：账户已锁定" }),
    );
    throw new AppError("UNAUTHENTICATED", `连续登录失败次数过多，账户已锁定，请于 ${minutesLeft(until)} 分钟后再试，或联系管理员解锁`);
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    const n = attempt.failedLogins;
    const locks = n >= settings.maxFailedLogins;
    await db.transaction((tx) =>
      recordAudit(tx, {
        actor: actorOf(user),
        ip: input.ip,
        action: "login_failed",
        entityType: "user",
        entityId: user.id,
        summary: `登录失败：密码错误（第 ${n} 次）${locks ? "，账户锁定 " + settings.lockMinutes + " 分钟" : ""}`,
      }),
    );
    if (locks) throw new AppError("UNAUTHENTICATED", `连续 ${settings.maxFailedLogins} 次密码错误，账户已锁定 ${settings.lockMinutes} 分钟`);
    throw new AppError("UNAUTHENTICATED", `${BAD_LOGIN}（再错 ${settings.maxFailedLogins - n} 次将锁定账户）`);
  }
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const session = await db.transaction(async (tx) => {
    const previous = await repo.previousLogin(tx, user.id);
    await repo.recordLogin(tx, user.id);
    const row = await repo.insertSession(tx, {
      id: sessionIdOf(token),
      userId: user.id,
      csrfToken,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      expiresAt: new Date(Date.now() + settings.absoluteHours * 3600_000),
      previousLoginAt: previous.at,
      previousLoginIp: previous.ip,
      failedSincePrevious: previous.failed,
    });
    await recordAudit(tx, { actor: actorOf(user), ip: input.ip, action: "login", entityType: "user", entityId: user.id, summary: "登录成功" });
    return row;
  });
  return { token, session, user };
}

function minutesLeft(until: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
}

export async function describeMe(db: Db, settings: AuthSettings, user: UserRow, session: SessionRow): Promise<Me> {
  const actor = actorOf(user);
  const reason = passwordChangeReason(user, settings);
  const county = user.role === "county" && user.regionId ? { id: user.regionId, name: user.regionName ?? "" } : null;
  const region = user.regionId ? { id: user.regionId, name: user.regionName ?? "", level: user.regionLevel ?? "county" } : null;
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    roleLabel: ROLE_LABEL[user.role],
    county,
    region,
    organisation: user.organisation,
    mustChangePassword: reason !== null,
    passwordChangeReason: reason,
    passwordMaxAgeDays: settings.passwordMaxAgeDays,
    previousLogin: session.previousLoginAt
      ? { at: session.previousLoginAt.toISOString(), ip: session.previousLoginIp, failedAttempts: session.failedSincePrevious }
      : null,
    permissions: (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(actor, p)),
    idleTimeoutSeconds: settings.idleMinutes * 60,
    csrfToken: session.csrfToken,
  };
}

export async function logout(db: Db, sessionId: string, actor: Actor, ip: string | null) {
  await db.transaction(async (tx) => {
    await repo.deleteSession(tx, sessionId);
    await recordAudit(tx, { actor, ip, action: "logout", entityType: "user", entityId: actor.userId, summary: "退出登录" });
  });
}

/** Changes one's own password: the current one must match, the new one must meet the policy. */
export async function changePassword(
  db: Db,
  input: { user: UserRow; sessionId: string; currentPassword: string; newPassword: string; ip: string | null },
) {
  if (!(await verifyPassword(input.currentPassword, input.user.passwordHash))) {
    throw new AppError("VALIDATION_FAILED", "当前密码不正确", [{ row: null, column: "currentPassword", message: "当前密码不正确" }]);
  }
  const problems = passwordProblems(input.newPassword, input.user.username);
  if (input.newPassword === input.currentPassword) problems.push("不能与当前密码相同");
  if (problems.length) {
    const message = `新密码不符合要求：${problems.join("；")}`;
    throw new AppError("VALIDATION_FAILED", message, [{ row: null, column: "newPassword", message }]);
  }
  const hash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await repo.setPassword(tx, input.user.id, hash, false);
    // Other sessions of the user end: whoever knew the old password is out.
    await repo.deleteUserSessions(tx, input.user.id, input.sessionId);
    await recordAudit(tx, { actor: actorOf(input.user), ip: input.ip, action: "update", entityType: "user", entityId: input.user.id, summary: "修改本人密码" });
  });
}
