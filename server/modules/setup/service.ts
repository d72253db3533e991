/**
 * 首次设置: an installation without accounts gets its first administrator either on the command line
 * (`wenxiao admin create`) or in the browser with the one-time setup code printed at start. Both
 * create the account the same way, in one transaction that re-checks "no account exists" under a
 * lock, records it in the audit trail and deletes the code.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../../db/open";
import { appSettings, users } from "../../../db/schema";
import { passwordProblems, ROLE_LABEL } from "../../../core/access";
import { SETUP_CODE_LENGTH, SETUP_DONE_MESSAGE, SETUP_WRONG_CODE } from "../../../contracts/firstrun";
import { createUserSchema } from "../../../contracts/users";
import { hashPassword } from "../../../db/password";
import { AppError } from "../../errors";
import type { AuditInput } from "../audit/record";
import { recordAudit } from "../audit/record";
import { countUsers } from "../auth/service";

export const SETUP_CODE_KEY = "setup_code";
/** Any constant: two first-run submissions (any app instance) take turns; the second finds an account. */
const FIRST_ADMIN_LOCK = 7_420_613;
/** Crockford's base32: no I, L, O, U, so nothing reads as another character. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export const CLI_SETUP_REFUSED = "已有账户，首次设置已完成；请用系统管理员账户登录后在「账户管理」中新建账户";

/** 8 characters from 5 random bytes: exactly 40 bits, every character equally likely. */
export function newSetupCode(): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let code = "";
  for (let i = SETUP_CODE_LENGTH - 1; i >= 0; i--) code += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return code;
}

/** The code as a person may type it: any case, spaces or dashes; O for 0, I and L for 1 (Crockford). */
export function normaliseSetupCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s\-_–—]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
}

/** XXXX-XXXX, as printed. */
export const formatSetupCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/** Compares in constant time (hashes first, so the lengths are equal too). */
function sameCode(a: string, b: string): boolean {
  const h = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

async function storedCode(db: DbOrTx): Promise<string | null> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, SETUP_CODE_KEY));
  const code = (row?.value as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : null;
}

/** True while the installation has no account. */
export async function setupNeeded(db: DbOrTx): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

/**
 * The setup code while no account exists: made once and shared through app_settings, so every app
 * instance started on the same database prints the same one. Null once an account exists (and a
 * stale code is removed).
 */
export async function ensureSetupCode(db: Db): Promise<string | null> {
  if (!(await setupNeeded(db))) {
    await db.delete(appSettings).where(eq(appSettings.key, SETUP_CODE_KEY));
    return null;
  }
  await db
    .insert(appSettings)
    .values({ key: SETUP_CODE_KEY, value: { code: newSetupCode() } })
    .onConflictDoNothing();
  return storedCode(db);
}

/** The start-up notice of an installation without accounts. */
export function setupNotice(code: string, port: number): string {
  return `首次使用：请在浏览器打开 http://localhost:${port}/setup ，输入设置码 ${formatSetupCode(code)} 创建系统管理员账户（也可运行 npx wenxiao admin create 用户名）`;
}

function field(column: string, message: string) {
  return new AppError("VALIDATION_FAILED", message, [{ row: null, column, message }]);
}

/** The user name's shape, as for every account; throws with the field named. */
export function checkAdminUsername(username: string): string {
  const parsed = createUserSchema.shape.username.safeParse(username);
  if (!parsed.success) throw field("username", parsed.error.issues[0]?.message ?? "用户名不符合要求");
  return parsed.data;
}

/** The password policy's problems as one message naming each of them. */
export function checkAdminPassword(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length) throw field("password", `密码不符合要求：${problems.join("；")}`);
}

export interface FirstAdminInput {
  username: string;
  displayName: string;
  password: string;
  /** Who creates it, for the audit trail: the command line, or the setup page. */
  actor: AuditInput["actor"];
  ip: string | null;
  /** The setup code typed in the browser; absent on the command line (the server's own shell). */
  code?: string;
  /** What a caller says once an account exists. */
  refusedMessage?: string;
}

/**
 * Creates the installation's first administrator: role 系统管理员, the whole installation (no
 * region), a password they chose (no change asked at first login). Refused once any account exists.
 */
export async function createFirstAdmin(db: Db, input: FirstAdminInput): Promise<{ id: number; username: string; displayName: string }> {
  const refused = () => new AppError("CONFLICT", input.refusedMessage ?? SETUP_DONE_MESSAGE);
  const checkCode = async (tx: DbOrTx) => {
    if (input.code === undefined) return;
    const stored = await storedCode(tx);
    if (!stored || !sameCode(normaliseSetupCode(input.code), stored)) throw new AppError("FORBIDDEN", SETUP_WRONG_CODE);
  };
  // Cheap refusals first: no password is hashed for a wrong code or a finished setup.
  if (!(await setupNeeded(db))) throw refused();
  await checkCode(db);
  const username = checkAdminUsername(input.username);
  const displayName = input.displayName.trim() || ROLE_LABEL.admin;
  checkAdminPassword(input.password, username);
  const passwordHash = await hashPassword(input.password);

  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`);
    if (!(await setupNeeded(tx))) throw refused();
    await checkCode(tx);
    const [u] = await tx
      .insert(users)
      .values({ username, displayName, role: "admin", regionId: null, passwordHash, mustChangePassword: false, passwordChangedAt: new Date() })
      .returning();
    await tx.delete(appSettings).where(eq(appSettings.key, SETUP_CODE_KEY));
    await recordAudit(tx, {
      actor: input.actor,
      ip: input.ip,
      action: "create",
      entityType: "user",
      entityId: u.id,
      summary: `首次设置：创建系统管理员账户 ${u.username}（${input.code === undefined ? "命令行" : "设置码"}）`,
      after: { username: u.username, displayName: u.displayName, role: u.role, regionId: null, mustChangePassword: false },
    });
    return { id: u.id, username: u.username, displayName: u.displayName };
  });
}

/** Who the setup page acts as in the audit trail: nobody has signed in yet. */
export const SETUP_PAGE_ACTOR: AuditInput["actor"] = { userId: null, username: "setup", displayName: "首次设置页面", role: "anonymous" };
