/**
 * 账户批量导入 through the table import pipeline: one row an account (用户名, 姓名, 角色, 所属区划,
 * 单位, 手机). The import only creates: an account that exists already and reads the same changes
 * nothing, one that differs is a problem (it is edited in 账户管理). Each new account gets a random
 * initial password that must be changed at first login; it is shown once in the answer and kept
 * nowhere but as its hash.
 */
import { randomInt } from "node:crypto";
import { passwordProblems, regionInScope, ROLE_LABEL, ROLES, type Role } from "../../../core/access";
import { REGION_LEVEL_LABEL, type RegionLevel } from "../../../core/regions";
import type { Problem } from "../../../contracts/errors";
import type { TableImportResult } from "../../../contracts/imports";
import { createUserSchema } from "../../../contracts/users";
import { hashPassword } from "../../../db/password";
import type { DbOrTx } from "../../../db/open";
import type { ServiceContext } from "../../context";
import { cellText, runTableImport, type TableImportKind } from "../../import-pipeline";
import { addTableSheet, newWorkbook, workbookBuffer, type ColumnSpec } from "../../xlsx";
import { recordAudit } from "../audit/record";
import * as repo from "./import-repository";
import { pushTo } from "../../../core/collections";

export const USER_IMPORT_COLUMNS = {
  username: "用户名",
  displayName: "姓名",
  role: "角色",
  region: "所属区划",
  organisation: "单位",
  phone: "手机",
} as const;
const C = USER_IMPORT_COLUMNS;

/** Columns of the accounts sheet; 单位 and 手机 may be left out of a file altogether. */
const REQUIRED = [C.username, C.displayName, C.role, C.region];

/** Role labels as a user writes them (ROLE_LABEL), and the English names too. */
const ROLE_BY_TEXT = new Map<string, Role>(ROLES.flatMap((r) => [[ROLE_LABEL[r], r] as const, [r, r] as const]));
const ROLE_LIST = ROLES.map((r) => ROLE_LABEL[r]).join("、");

interface RegionRef {
  id: number;
  code: string;
  name: string;
  level: RegionLevel;
  path: string;
  retired: boolean;
}

interface UserImportContext {
  /** The importer's scope: null, the whole installation. */
  scopePath: string | null;
  regions: RegionRef[];
  byCode: Map<string, RegionRef>;
  byName: Map<string, RegionRef[]>;
  existing: Map<string, { displayName: string; role: Role; regionId: number | null }>;
}

export interface UserImportRecord {
  rowNumber: number;
  username: string;
  displayName: string;
  role: Role;
  region: RegionRef | null;
  organisation: string | null;
  phone: string | null;
}

async function load(db: DbOrTx, ctx: ServiceContext): Promise<UserImportContext> {
  const [regionRows, accounts] = await Promise.all([repo.regionsOfSubtree(db, ctx.actor.regionPath), repo.existingAccounts(db)]);
  const regions = regionRows
    .filter((r) => regionInScope(ctx.actor, r.path))
    .map((r) => ({ id: r.id, code: r.code, name: r.name, level: r.level, path: r.path, retired: !!r.retiredAt }));
  const byName = new Map<string, RegionRef[]>();
  for (const r of regions) pushTo(byName, r.name, r);
  return {
    scopePath: ctx.actor.regionPath,
    regions,
    byCode: new Map(regions.map((r) => [r.code, r])),
    byName,
    existing: new Map(accounts.map((a) => [a.username, { displayName: a.displayName, role: a.role, regionId: a.regionId }])),
  };
}

const firstIssue = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues[0]?.message ?? "内容不符合要求";

/** A region named by its code or, when that is unique in the importer's scope, its name. */
function findRegion(text: string, context: UserImportContext): RegionRef | string {
  const byCode = context.byCode.get(text);
  if (byCode) return byCode;
  const named = (context.byName.get(text) ?? []).filter((r) => !r.retired);
  if (named.length === 1) return named[0];
  if (named.length > 1) return `有 ${named.length} 个区划名为「${text}」，请填写区划代码（${named.map((r) => r.code).join("、")}）`;
  if ((context.byName.get(text) ?? []).length) return `区划「${text}」已撤销，不能再分配账户`;
  // One message for "no such region" and "another region's": the importer learns nothing outside their scope.
  return `所属区划「${text}」不存在或不在本账户管辖范围内，请填写「填写说明」中列出的区划名称或代码`;
}

/** The level a role's region must have, as checkAccountRegion (service.ts) requires of a single account. */
function levelProblem(role: Role, region: RegionRef | null, context: UserImportContext): string | null {
  if (!region) {
    if (role === "county") return "县区账户必须填写所属县区";
    if (context.scopePath !== null) return "请填写所属区划（只能是本级或下级区划）";
    return null;
  }
  if (region.retired) return `区划「${region.name}」已撤销，不能再分配账户`;
  if (role === "county" && region.level !== "county") return `县区账户的所属区划必须是县区，「${region.name}」是${REGION_LEVEL_LABEL[region.level]}`;
  if (role !== "county" && region.level !== "province" && region.level !== "city") {
    return `${ROLE_LABEL[role]}账户的所属区划须为省级或市级，「${region.name}」是${REGION_LEVEL_LABEL[region.level]}`;
  }
  return null;
}

function check(sheet: Parameters<TableImportKind<UserImportRecord, UserImportContext>["check"]>[0], context: UserImportContext) {
  const problems: Problem[] = [];
  const records: UserImportRecord[] = [];
  const seen = new Map<string, number>();
  let unchanged = 0;
  for (const row of sheet.rows) {
    const at = (column: string, message: string) => problems.push({ row: row.rowNumber, column, message });
    const before = problems.length;
    const text = (h: string) => cellText(row, h);

    const usernameText = text(C.username) ?? "";
    const username = createUserSchema.shape.username.safeParse(usernameText);
    if (!usernameText) at(C.username, "请填写用户名");
    else if (!username.success) at(C.username, firstIssue(username));
    else if (seen.has(username.data)) at(C.username, `用户名「${username.data}」与第${seen.get(username.data)}行重复`);
    if (username.success && !seen.has(username.data)) seen.set(username.data, row.rowNumber);

    const displayName = createUserSchema.shape.displayName.safeParse(text(C.displayName) ?? "");
    if (!displayName.success) at(C.displayName, text(C.displayName) ? firstIssue(displayName) : "请填写姓名");

    const roleText = text(C.role);
    const role = roleText ? ROLE_BY_TEXT.get(roleText) : undefined;
    if (!roleText) at(C.role, `请填写角色（${ROLE_LIST}）`);
    else if (!role) at(C.role, `未知角色「${roleText}」，应为：${ROLE_LIST}`);

    const regionText = text(C.region);
    let region: RegionRef | null = null;
    let regionOk = true;
    if (regionText) {
      const found = findRegion(regionText, context);
      if (typeof found === "string") {
        at(C.region, found);
        regionOk = false;
      } else region = found;
    }
    if (role && regionOk) {
      const p = levelProblem(role, region, context);
      if (p) at(C.region, p);
    }

    const organisation = createUserSchema.shape.organisation.safeParse(text(C.organisation));
    if (!organisation.success) at(C.organisation, firstIssue(organisation));
    const phone = createUserSchema.shape.phone.safeParse(text(C.phone));
    if (!phone.success) at(C.phone, firstIssue(phone));

    if (problems.length > before || !username.success || !displayName.success || !role || !organisation.success || !phone.success) continue;
    const existing = context.existing.get(username.data);
    if (existing) {
      if (existing.role === role && existing.regionId === (region?.id ?? null) && existing.displayName === displayName.data) unchanged++;
      else at(C.username, `用户名「${username.data}」已存在，且角色、所属区划或姓名与本行不同；导入不修改已有账户，请在「账户管理」中修改，或换一个用户名`);
      continue;
    }
    records.push({
      rowNumber: row.rowNumber,
      username: username.data,
      displayName: displayName.data,
      role,
      region,
      organisation: organisation.data ?? null,
      phone: phone.data ?? null,
    });
  }
  return { records, unchanged, problems };
}

const PASSWORD_SETS = ["ABCDEFGHJKMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "@#%+=!?"];
export const INITIAL_PASSWORD_LENGTH = 14;

/**
 * A random initial password (crypto random): 14 characters without look-alikes (no I, l, O, 0, 1),
 * at least one of each class, so it passes the policy; drawn again in the rare case it holds the
 * user name.
 */
export function initialPassword(username: string): string {
  const all = PASSWORD_SETS.join("");
  for (;;) {
    const chars = PASSWORD_SETS.map((s) => s[randomInt(s.length)]);
    while (chars.length < INITIAL_PASSWORD_LENGTH) chars.push(all[randomInt(all.length)]);
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    const password = chars.join("");
    if (passwordProblems(password, username).length === 0) return password;
  }
}

const regionLabel = (r: RegionRef | null) => (r ? r.name : "全部区划");

export const userImportKind: TableImportKind<UserImportRecord, UserImportContext> = {
  label: "账户",
  entityType: "user_import",
  required: REQUIRED,
  load,
  check,
  lock: repo.lockUserImport,
  preview: (r) => ({
    行号: r.rowNumber,
    [C.username]: r.username,
    [C.displayName]: r.displayName,
    [C.role]: ROLE_LABEL[r.role],
    [C.region]: regionLabel(r.region),
    [C.organisation]: r.organisation,
    [C.phone]: r.phone,
  }),
  async write(tx, records, _context, ctx) {
    const passwords = records.map((r) => initialPassword(r.username));
    // scrypt runs on libuv's thread pool: a few at a time, whatever the file's length.
    const hashes = await Promise.all(passwords.map(hashPassword));
    const created = await repo.insertAccounts(
      tx,
      records.map((r, i) => ({
        username: r.username,
        displayName: r.displayName,
        role: r.role,
        regionId: r.region?.id ?? null,
        organisation: r.organisation,
        phone: r.phone,
        passwordHash: hashes[i],
        mustChangePassword: true,
        passwordChangedAt: new Date(),
      })),
    );
    // Each account's own history starts with its creation; the import's record follows (the pipeline).
    for (const [i, u] of created.entries()) {
      const r = records[i];
      await recordAudit(tx, {
        actor: ctx.actor,
        ip: ctx.ip,
        action: "create",
        entityType: "user",
        entityId: u.id,
        countyId: r.role === "county" ? (r.region?.id ?? null) : null,
        summary: `导入账户 ${r.username}（${ROLE_LABEL[r.role]}，${regionLabel(r.region)}）`,
        after: { username: r.username, displayName: r.displayName, role: r.role, regionId: r.region?.id ?? null, organisation: r.organisation, phone: r.phone, disabled: false },
      });
    }
    return {
      summary: `新建账户 ${created.length} 个`,
      after: { accounts: records.map((r) => ({ username: r.username, role: r.role, regionId: r.region?.id ?? null })) },
      once: records.map((r, i) => ({ [C.username]: r.username, [C.displayName]: r.displayName, 初始密码: passwords[i] })),
    };
  },
};

/** Runs an accounts import: a dry run checks and previews; a commit creates every account or none. */
export function importUsers(o: { ctx: ServiceContext; fileName: string; data: Buffer | Uint8Array; dryRun: boolean }): Promise<TableImportResult> {
  return runTableImport(userImportKind, o);
}

const TEMPLATE_COLUMNS: ColumnSpec[] = [
  { header: C.username, width: 16, note: "必填：2–64 位字母、数字、下划线、点或连字符；全系统唯一" },
  { header: C.displayName, width: 18, note: "必填：姓名或单位名称" },
  { header: C.role, width: 12, note: `必填：${ROLE_LIST}` },
  { header: C.region, width: 16, note: "区划名称或代码：县区账户填县区，其他账户填省级或市级区划" },
  { header: C.organisation, width: 28, note: "选填：所属单位；评价机构账户只能看到指派给本机构的评价任务" },
  { header: C.phone, width: 16, note: "选填" },
];

/** The empty accounts template: the sheet with a role drop-down, and a 填写说明 sheet with the roles and the regions in scope. */
export async function buildUserImportTemplate(ctx: ServiceContext): Promise<{ buffer: Buffer; fileName: string }> {
  const context = await load(ctx.db, ctx);
  const regions = context.regions
    .filter((r) => !r.retired && r.level !== "street")
    .sort((a, b) => a.path.split("/").length - b.path.split("/").length || a.code.localeCompare(b.code));
  const wb = newWorkbook();
  const sheet = addTableSheet(wb, "账户", TEMPLATE_COLUMNS, []);
  for (let r = 2; r <= 1000; r++) {
    sheet.getCell(r, 3).dataValidation = {
      type: "list",
      allowBlank: false,
      formulae: [`"${ROLES.map((x) => ROLE_LABEL[x]).join(",")}"`],
      showErrorMessage: true,
      errorTitle: "角色",
      error: `请从下拉列表中选择：${ROLE_LIST}`,
    };
  }
  const help = wb.addWorksheet("填写说明");
  [60, 14, 12, 16].forEach((w, i) => (help.getColumn(i + 1).width = w));
  const lines: (string | null)[][] = [
    ["账户批量导入模板"],
    [],
    ["1. 在「账户」工作表第2行起逐行填写，一行一个账户；不要修改表头。"],
    ...TEMPLATE_COLUMNS.map((c, i) => [`   ${String.fromCharCode(65 + i)}列 ${c.header}：${c.note}`]),
    ["2. 导入只新建账户：用户名已存在且角色、所属区划、姓名相同的行不作改动；不同的行会被指出，请在「账户管理」中修改。"],
    ["3. 每个新账户由系统生成随机初始密码，导入成功后只显示一次，请立即抄录并分别告知本人；首次登录须修改密码。"],
    [`4. 县区账户的所属区划须为县区；其他角色须为省级或市级区划${context.scopePath === null ? "（系统管理员等全系统账户可留空，表示全部区划）" : ""}。只能填写下表列出的区划。`],
    [],
    ["角色"],
    ...ROLES.map((r) => [`   ${ROLE_LABEL[r]}`]),
    [],
    ["可填写的区划", "区划代码", "级别", "上级区划"],
  ];
  const parentName = new Map(context.regions.map((r) => [r.path, r.name]));
  for (const r of regions) {
    const parent = r.path.slice(0, r.path.slice(0, -1).lastIndexOf("/") + 1);
    lines.push([r.name, r.code, REGION_LEVEL_LABEL[r.level], parentName.get(parent) ?? ""]);
  }
  if (!regions.length) lines.push(["（尚无区划：请先在「行政区划」中添加）"]);
  lines.forEach((cells, i) => {
    const row = help.getRow(i + 1);
    cells.forEach((v, j) => (row.getCell(j + 1).value = v));
    if (i === 0 || cells[0] === "角色" || cells[0] === "可填写的区划") row.font = { bold: true, size: i === 0 ? 14 : 11 };
  });
  return { buffer: await workbookBuffer(wb), fileName: "账户导入模板.xlsx" };
}
