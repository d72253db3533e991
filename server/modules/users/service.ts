import { asc, eq } from "drizzle-orm";
import { regions, users } from "../../../db/schema";
import { ROLE_LABEL, passwordProblems, type Role } from "../../../core/access";
import type { z } from "zod";
import type { createUserSchema, updateUserSchema, User } from "../../../contracts/users";
import { hashPassword } from "../../../db/password";
import type { ServiceContext } from "../../context";
import { AppError, notFound } from "../../errors";
import { recordAudit } from "../audit/record";
import { deleteUserSessions, findUserById, findUserByName, type UserRow } from "../auth/repository";

function present(u: UserRow, countyName: Map<number, string>): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    roleLabel: ROLE_LABEL[u.role],
    county: u.countyId ? { id: u.countyId, name: countyName.get(u.countyId) ?? "" } : null,
    organisation: u.organisation,
    phone: u.phone,
    disabled: u.disabled,
    locked: !!u.lockedUntil && u.lockedUntil > new Date(),
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

/** What the audit trail keeps of an account: never the password hash. */
const auditView = (u: UserRow) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  countyId: u.countyId,
  organisation: u.organisation,
  phone: u.phone,
  disabled: u.disabled,
});

async function countyNames(ctx: ServiceContext) {
  const rows = await ctx.db.select({ id: regions.id, name: regions.name }).from(regions).where(eq(regions.level, "county"));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function listUsers(ctx: ServiceContext): Promise<User[]> {
  const [rows, names] = await Promise.all([ctx.db.select().from(users).orderBy(asc(users.role), asc(users.username)), countyNames(ctx)]);
  return rows.map((u) => present(u, names));
}

async function checkCounty(ctx: ServiceContext, role: Role, countyId: number | null | undefined) {
  if (role === "county") {
    if (!countyId) throw new AppError("VALIDATION_FAILED", "县区账户必须指定所属县区", [{ row: null, column: "countyId", message: "请选择所属县区" }]);
    const [c] = await ctx.db.select().from(regions).where(eq(regions.id, countyId));
    if (!c || c.level !== "county") throw new AppError("VALIDATION_FAILED", "所选县区不存在", [{ row: null, column: "countyId", message: "所选县区不存在" }]);
    return countyId;
  }
  return null;
}

function checkPassword(password: string, username: string) {
  const problems = passwordProblems(password, username);
  if (problems.length) {
    const message = `初始密码不符合要求：${problems.join("；")}`;
    throw new AppError("VALIDATION_FAILED", message, [{ row: null, column: "password", message }]);
  }
}

export async function createUser(ctx: ServiceContext, input: z.infer<typeof createUserSchema>): Promise<User> {
  if (await findUserByName(ctx.db, input.username)) {
    throw new AppError("CONFLICT", `用户名「${input.username}」已存在`, [{ row: null, column: "username", message: "用户名已存在" }]);
  }
  checkPassword(input.password, input.username);
  const countyId = await checkCounty(ctx, input.role, input.countyId);
  const passwordHash = await hashPassword(input.password);
  const row = await ctx.db.transaction(async (tx) => {
    const [u] = await tx
      .insert(users)
      .values({
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        countyId,
        organisation: input.organisation ?? null,
        phone: input.phone ?? null,
        passwordHash,
        mustChangePassword: true,
      })
      .returning();
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "create",
      entityType: "user",
      entityId: u.id,
      countyId,
      summary: `新建账户 ${u.username}（${ROLE_LABEL[u.role]}）`,
      after: auditView(u),
    });
    return u;
  });
  return present(row, await countyNames(ctx));
}

export async function updateUser(ctx: ServiceContext, id: number, input: z.infer<typeof updateUserSchema>): Promise<User> {
  const before = await findUserById(ctx.db, id);
  if (!before) throw notFound("账户");
  if (id === ctx.actor.userId && (input.disabled || (input.role && input.role !== before.role))) {
    throw new AppError("VALIDATION_FAILED", "不能停用自己的账户或修改自己的角色");
  }
  const role = input.role ?? before.role;
  const countyId = await checkCounty(ctx, role, input.countyId === undefined ? before.countyId : input.countyId);
  if (input.resetPassword) checkPassword(input.resetPassword, before.username);
  const passwordHash = input.resetPassword ? await hashPassword(input.resetPassword) : undefined;
  const row = await ctx.db.transaction(async (tx) => {
    const [u] = await tx
      .update(users)
      .set({
        displayName: input.displayName ?? before.displayName,
        role,
        countyId,
        organisation: input.organisation === undefined ? before.organisation : input.organisation,
        phone: input.phone === undefined ? before.phone : input.phone,
        disabled: input.disabled ?? before.disabled,
        ...(input.unlock ? { failedLogins: 0, lockedUntil: null } : {}),
        ...(passwordHash ? { passwordHash, mustChangePassword: true, passwordChangedAt: new Date(), failedLogins: 0, lockedUntil: null } : {}),
      })
      .where(eq(users.id, id))
      .returning();
    // A changed role, county, password or a disabled account ends the user's sessions.
    if (passwordHash || u.disabled || u.role !== before.role || u.countyId !== before.countyId) await deleteUserSessions(tx, id);
    const what = [
      input.resetPassword ? "重置密码" : null,
      input.unlock ? "解除锁定" : null,
      input.disabled === true && !before.disabled ? "停用" : null,
      input.disabled === false && before.disabled ? "启用" : null,
    ].filter(Boolean);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: "update",
      entityType: "user",
      entityId: id,
      countyId: u.countyId,
      summary: `修改账户 ${u.username}${what.length ? "：" + what.join("、") : ""}`,
      before: auditView(before),
      after: auditView(u),
    });
    return u;
  });
  return present(row, await countyNames(ctx));
}
