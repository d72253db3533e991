import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { makeXlsx, multipart, readXlsx } from "../../../test/xlsx";
import { buildApp } from "../../app";
import { auditEvents, regions, users } from "../../../db/schema";
import { passwordProblems } from "../../../core/access";
import type { TableImportResult } from "../../../contracts/imports";
import { verifyAudit } from "../audit/service";

const HEADERS = ["用户名", "姓名", "角色", "所属区划", "单位", "手机"];

let t: TestApp;
let finance: Client;
/** The same database outside demo mode: new accounts must change their password there. */
let strict: FastifyInstance;

beforeAll(async () => {
  t = await createTestApp();
  finance = await t.as("caizheng");
  strict = await buildApp({ database: t.db, webDist: null, rateLimitPerMinute: 100_000, loginRatePerMinute: 100_000, auth: { demoMode: false } });
  // Another city of the province, with a county: outside 临沂市 finance's subtree.
  const [province] = await t.db.db.select().from(regions).where(eq(regions.code, "370000"));
  const [jinan] = await t.db.db.insert(regions).values({ code: "370100", name: "济南市", level: "city", parentId: province.id }).returning();
  await t.db.db.insert(regions).values({ code: "370102", name: "历下区", level: "county", parentId: jinan.id });
});
afterAll(async () => {
  await strict.close();
  await t.close();
});

async function upload(client: Client, rows: unknown[][], dryRun: boolean, headers = HEADERS) {
  const file = multipart("账户.xlsx", await makeXlsx(headers, rows));
  const r = await client.inject({ method: "POST", url: `/api/users/import?dryRun=${dryRun}`, payload: file.payload, headers: file.headers });
  return { status: r.statusCode, body: JSON.parse(r.body) };
}

const countUsers = async () => (await t.db.db.select({ n: sql<number>`count(*)::int` }).from(users))[0].n;
const countAudit = async () => (await t.db.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0].n;

describe(`accounts import (${engine})`, () => {
  it("offers a template with the roles and only the regions of the importer's subtree", async () => {
    const r = await finance.inject("/api/users/import/template.xlsx");
    expect(r.statusCode).toBe(200);
    const wb = await readXlsx(r.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["账户", "填写说明"]);
    expect(wb.getWorksheet("账户")!.getRow(1).values).toEqual([undefined, ...HEADERS]);
    const help: string[] = [];
    wb.getWorksheet("填写说明")!.eachRow((row) => help.push((row.values as unknown[]).filter(Boolean).join(" ")));
    const text = help.join("\n");
    for (const role of ["财政", "住建", "县区", "评价机构", "专营单位", "审计", "系统管理员"]) expect(text).toContain(role);
    expect(text).toContain("临沂市 371300 市级");
    expect(text).toContain("兰山区");
    expect(text).not.toContain("济南市");
    expect(text).not.toContain("历下区");
    expect(text).not.toContain("山东省 370000");
  });

  it("names every problem by row and column in a dry run, and writes nothing", async () => {
    const [users0, audit0] = [await countUsers(), await countAudit()];
    const { status, body } = await upload(
      finance,
      [
        ["zhangsan", "张三", "财政", "临沂市", "市财政局", null],
        ["王 五", "王五", "住建", "临沂市"],
        ["zhangsan", "张三", "财政", "临沂市"],
        ["zhaoliu", "赵六", "领导", "临沂市"],
        ["sunqi", "孙七", "县区", "临沂市"],
        ["zhouba", "周八", "县区", "历下区"],
        ["wujiu", "吴九", "财政", "济南市"],
        ["zhengshi", "郑十", "审计", "山东省"],
        ["caizheng", "另一个财政", "财政", "临沂市"],
        ["chenyi", "陈一", "财政", null],
        ["liner", "林二", "县区", "沂南县", null, "1".repeat(31)],
      ],
      true,
    );
    expect(status).toBe(200);
    const r = body as TableImportResult;
    expect(r.problems.map((p) => [p.row, p.column])).toEqual([
      [3, "用户名"],
      [4, "用户名"],
      [5, "角色"],
      [6, "所属区划"],
      [7, "所属区划"],
      [8, "所属区划"],
      [9, "所属区划"],
      [10, "用户名"],
      [11, "所属区划"],
      [12, "手机"],
    ]);
    const message = (row: number) => r.problems.find((p) => p.row === row)!.message;
    expect(message(3)).toBe("用户名只能包含字母、数字、下划线、点和连字符");
    expect(message(4)).toBe("用户名「zhangsan」与第2行重复");
    expect(message(5)).toBe("未知角色「领导」，应为：系统管理员、财政、住建、县区、评价机构、专营单位、审计");
    expect(message(6)).toBe("县区账户的所属区划必须是县区，「临沂市」是市级");
    // Another city's county and the province above read the same as a region that does not exist.
    expect(message(7)).toBe("所属区划「历下区」不存在或不在本账户管辖范围内，请填写「填写说明」中列出的区划名称或代码");
    expect(message(8)).toContain("所属区划「济南市」不存在或不在本账户管辖范围内");
    expect(message(9)).toContain("所属区划「山东省」不存在或不在本账户管辖范围内");
    expect(message(10)).toContain("用户名「caizheng」已存在");
    expect(message(11)).toBe("请填写所属区划（只能是本级或下级区划）");
    expect(r.newCount).toBe(1);
    expect([await countUsers(), await countAudit()]).toEqual([users0, audit0]);
  });

  it("creates the accounts with initial passwords shown once, which sign in and must be changed", async () => {
    const rows = [
      ["zhangsan", "张三", "财政", "临沂市", "市财政局", "13800000000"],
      ["lisi", "李四", "县区", "371302", "兰山区财政局"],
      // Identical to the demo account: changes nothing.
      ["hedong", "河东区住建局", "县区", "河东区"],
    ];
    const dry = (await upload(finance, rows, true)).body as TableImportResult;
    expect(dry).toMatchObject({ problems: [], newCount: 2, unchangedCount: 1, once: null });
    expect(dry.preview).toEqual([
      { 行号: 2, 用户名: "zhangsan", 姓名: "张三", 角色: "财政", 所属区划: "临沂市", 单位: "市财政局", 手机: "13800000000" },
      { 行号: 3, 用户名: "lisi", 姓名: "李四", 角色: "县区", 所属区划: "兰山区", 单位: "兰山区财政局", 手机: null },
    ]);
    expect(await t.db.db.select().from(users).where(inArray(users.username, ["zhangsan", "lisi"]))).toEqual([]);

    const { status, body } = await upload(finance, rows, false);
    expect(status, JSON.stringify(body)).toBe(200);
    const r = body as TableImportResult;
    expect(r.summary).toContain("新建账户 2 个");
    expect(r.once!.map((o) => Object.keys(o))).toEqual([
      ["用户名", "姓名", "初始密码"],
      ["用户名", "姓名", "初始密码"],
    ]);
    const [zhang, li] = r.once!;
    expect(zhang).toMatchObject({ 用户名: "zhangsan", 姓名: "张三" });
    for (const o of r.once!) {
      expect(o.初始密码.length).toBeGreaterThanOrEqual(12);
      expect(passwordProblems(o.初始密码, o.用户名)).toEqual([]);
    }
    expect(zhang.初始密码).not.toBe(li.初始密码);

    const created = await t.db.db.select().from(users).where(inArray(users.username, ["zhangsan", "lisi"]));
    expect(created.map((u) => [u.username, u.role, u.mustChangePassword]).sort()).toEqual([
      ["lisi", "county", true],
      ["zhangsan", "finance", true],
    ]);
    // The passwords are nowhere but in the answer: not in the rows, not in the audit trail.
    const trail = JSON.stringify(await t.db.db.select().from(auditEvents));
    for (const o of r.once!) {
      expect(trail).not.toContain(o.初始密码);
      expect(JSON.stringify(created)).not.toContain(o.初始密码);
    }
    expect(trail).toContain("导入账户 lisi（县区，兰山区）");
    expect((await verifyAudit(t.db.db)).ok).toBe(true);

    const login = await strict.inject({ method: "POST", url: "/api/auth/login", payload: { username: "lisi", password: li.初始密码 } });
    expect(login.statusCode).toBe(200);
    expect(JSON.parse(login.body)).toMatchObject({ username: "lisi", county: { name: "兰山区" }, mustChangePassword: true, passwordChangeReason: "initial" });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const blocked = await strict.inject({ url: "/api/funds/summary?fundYearId=1", headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(JSON.parse(blocked.body).error.message).toBe("请先修改初始密码");

    // The same file again changes nothing.
    const again = (await upload(finance, rows, false)).body as TableImportResult;
    expect(again).toMatchObject({ newCount: 0, unchangedCount: 3, once: null });
  });

  it("a city finance user cannot import an account into another city's region; the file is refused whole", async () => {
    const before = await countUsers();
    const { status, body } = await upload(
      finance,
      [
        ["qianyi", "钱一", "住建", "临沂市"],
        ["qianer", "钱二", "县区", "370102"],
      ],
      false,
    );
    expect(status).toBe(422);
    expect(body.error.code).toBe("IMPORT_INVALID");
    expect(body.error.problems).toEqual([{ row: 3, column: "所属区划", message: expect.stringContaining("所属区划「370102」不存在或不在本账户管辖范围内") }]);
    expect(await countUsers()).toBe(before);
  });

  it("lets an installation-wide administrator give a province, or no region at all, and refuses a file without the columns", async () => {
    const admin = await t.as("admin");
    const ok = await upload(admin, [["shengting", "省财政厅", "财政", "山东省"], ["xitong2", "第二管理员", "系统管理员", null]], true);
    expect(ok.body).toMatchObject({ problems: [], newCount: 2 });
    const bad = await upload(admin, [["a1", "甲"]], true, ["用户名", "姓名"]);
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain("缺少列：角色、所属区划");
    const county = await t.as("lanshan");
    expect((await upload(county, [["x1", "甲", "县区", "兰山区"]], true)).status).toBe(403);
  });
});
