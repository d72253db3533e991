import { eq } from "drizzle-orm";
import { regions, users } from "../../../db/schema";
import { ROLE_LABEL, passwordProblems, regionInScope, type Role } from "../../../core/access";
import type { z } from "zod";
import type { createUserSchema, updateUserSchema, User } from "../../../contracts/users";
import { hashPassword } from "../../../db/password";
import type { ServiceContext } from "../../context";
import { AppError, notFound } from "../../errors";
import { recordAudit } from "../audit/record";
import { updateVersioned, type Versioned } from "../../versioned";
import { deleteUserSessions, findUserById, findUserByName, listUserRows, type UserRow } from "../auth/service";

const USER: Versioned<typeof users> = { table: users, noun: "账户" };

function present(u: UserRow): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    roleLabel: ROLE_LABEL[u.role],
    county: u.role === "county" && u.regionId ? { id: u.regionId, name: u.regionName ?? "" } : null,
    region: u.regionId ? { id: u.regionId, name: u.regionName ?? "", level: u.regionLevel ?? "county" } : null,
    organisation: u.organisation,
    phone: u.phone,
    disabled: u.disabled,
    version: u.version,
    locked: !!u.lockedUntil && u.lockedUntil > new Date(),
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

/** What the audit trail keeps of an account: never the password hash. */
const auditView = (u: Omit<UserRow, "regionPath" | "regionName" | "regionLevel">) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  regionId: u.regionId,
  organisation: u.organisation,
  phone: u.phone,
  disabled: u.disabled,
});

/** The accounts of the actor's subtree (all of them for an installation-wide administrator). */
export async function listUsers(ctx: ServiceContext): Promise<User[]> {
  return (await listUserRows(ctx.db, ctx.actor.regionPath)).map(present);
}

async function loadOwnUser(ctx: ServiceContext, id: number) {
  const u = await findUserById(ctx.db, id);
  // Another region's account does not exist for this actor.
  if (!u || (ctx.actor.regionPath !== null && !(u.regionPath ?? "").startsWith(ctx.actor.regionPath))) throw notFound("账户");
  return u;
}

const regionProblem = (message: string) => new AppError("VALIDATION_FAILED", message, [{ row: null, column: "regionId", message }]);

/**
 * The region an account of `role` may work for, as the actor may give it: a 县区 account needs a
 * county; the others a province or city (or none, the whole installation, which only an
 * installation-wide administrator may give). Always within the actor's own subtree.
 */
export async function checkAccountRegion(ctx: { db: ServiceContext["db"]; actor: ServiceContext["actor"] }, role: Role, regionId: number | null | undefined): Promise<number | null> {
  if (!regionId) {
    if (role === "county") throw regionProblem("县区账户必须指定所属县区");
    if (ctx.actor.regionPath !== null) throw regionProblem("请指定账户所属区划（只能是本级或下级区划）");
    return null;
  }
  const [r] = await ctx.db.select().from(regions).where(eq(regions.id, regionId));
  if (!r || !regionInScope(ctx.actor, r.path)) throw regionProblem("所选区划不存在");
  if (r.retiredAt) throw regionProblem(`区划「${r.name}」已撤销，不能再分配账户`);
  if (role === "county" && r.level !== "county") throw regionProblem("县区账户的所属区划必须是县区");
  if (role !== "county" && r.level !== "province" && r.level !== "city") throw regionProblem(`${ROLE_LABEL[role]}账户的所属区划须为省级或市级`);
  return regionId;
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
  const regionId = await checkAccountRegion(ctx, input.role, input.regionId);
  const passwordHash = await hashPassword(input.password);
  const row = await ctx.db.transaction(async (tx) => {
    const [u] = await tx
      .insert(users)
      .values({
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        regionId,
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
      countyId: input.role === "county" ? regionId : null,
      summary: `新建账户 ${u.username}（${ROLE_LABEL[u.role]}）`,
      after: auditView(u),
    });
    return u;
  });
  return present(await loadOwnUser(ctx, row.id));
}

export async function updateUser(ctx: ServiceContext, id: number, input: z.infer<typeof updateUserSchema>): Promise<User> {
  const before = await loadOwnUser(ctx, id);
  if (id === ctx.actor.userId && (input.disabled || (input.role && input.role !== before.role))) {
    throw new AppError("VALIDATION_FAILED", "不能停用自己的账户或修改自己的角色");
  }
  const role = input.role ?? before.role;
  const regionId = await checkAccountRegion(ctx, role, input.regionId === undefined ? before.regionId : input.regionId);
  if (input.resetPassword) checkPassword(input.resetPassword, before.username);
  const passwordHash = input.resetPassword ? await hashPassword(input.resetPassword) : undefined;
  // Only what the edit gives is written; particulars only over the version the administrator saw.
  const set = {
    ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
    ...(input.role !== undefined || input.regionId !== undefined ? { role, regionId } : {}),
    ...(input.organisation !== undefined ? { organisation: input.organisation } : {}),
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
    ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
    ...(input.unlock ? { failedLogins: 0, lockedUntil: null } : {}),
    ...(passwordHash ? { passwordHash, mustChangePassword: true, passwordChangedAt: new Date(), failedLogins: 0, lockedUntil: null } : {}),
  };
  const row = await ctx.db.transaction(async (tx) => {
    const u =
      input.version !== undefined
        ? (await updateVersioned(tx, USER, { where: eq(users.id, id), expected: input.version, actorId: ctx.actor.userId || null, set })).after
        : Object.keys(set).length
          ? (await tx.update(users).set(set).where(eq(users.id, id)).returning())[0]
          : before;
    // A changed role, county, password or a disabled account ends the user's sessions.
    if (passwordHash || u.disabled || u.role !== before.role || u.regionId !== before.regionId) await deleteUserSessions(tx, id);
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
      countyId: u.role === "county" ? u.regionId : null,
      summary: `修改账户 ${u.username}${what.length ? "：" + what.join("、") : ""}`,
      before: auditView(before),
      after: auditView(u),
    });
    return u;
  });
  return present(await loadOwnUser(ctx, row.id));
}
