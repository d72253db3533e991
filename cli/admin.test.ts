import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { cliHarness } from "../test/cli";
import { makeXlsx } from "../test/xlsx";
import { openDb, type Database } from "../db/open";
import { appSettings, auditEvents, regions, users } from "../db/schema";
import { buildApp } from "../server/app";
import { ensureSetupCode, SETUP_CODE_KEY } from "../server/modules/setup/service";

const PASSWORD = "Shouci@Setup9";
const NO_ENV = { WENXIAO_ADMIN_PASSWORD: "" };

/** The harness's data folder opened in this process, between two commands (each takes the lock in turn). */
async function withFolder<T>(dir: string, fn: (d: Database) => Promise<T>): Promise<T> {
  const d = await openDb({ dataDir: dir });
  try {
    await d.migrate();
    return await fn(d);
  } finally {
    await d.close();
  }
}

async function signIn(d: Database, username: string, password: string) {
  const app = await buildApp({ database: d, webDist: null, auth: { demoMode: false } });
  try {
    const r = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
    return { status: r.statusCode, body: JSON.parse(r.body) };
  } finally {
    await app.close();
  }
}

describe("wenxiao admin create, on an empty installation", () => {
  const { wenxiao, dir } = cliHarness("wenxiao-cli-admin-");

  it("refuses without a terminal and without WENXIAO_ADMIN_PASSWORD, saying to set it", async () => {
    const r = await wenxiao(["admin", "create", "root"], NO_ENV);
    expect(r.code).toBe(1);
    expect(r.err).toContain("当前不是交互式终端，无法输入密码：请设置环境变量 WENXIAO_ADMIN_PASSWORD");
  });

  it("refuses a password against the policy, naming each problem, and a malformed user name", async () => {
    const weak = await wenxiao(["admin", "create", "root"], { WENXIAO_ADMIN_PASSWORD: "root" });
    expect(weak.code).toBe(1);
    expect(weak.err).toContain("密码不符合要求：长度至少 8 位；须包含大写字母、小写字母、数字、符号中的至少三类；不能包含用户名");
    const name = await wenxiao(["admin", "create", "系统"], { WENXIAO_ADMIN_PASSWORD: PASSWORD });
    expect(name.code).toBe(1);
    expect(name.err).toContain("用户名只能包含字母、数字、下划线、点和连字符");
  });

  it("creates the installation-wide administrator with the chosen password, audited, and clears the setup code", async () => {
    // The server started once before and printed a setup code.
    const code = await withFolder(dir(), (d) => ensureSetupCode(d.db));
    expect(code).toMatch(/^[0-9A-Z]{8}$/);

    const r = await wenxiao(["admin", "create", "root", "--name", "信息中心"], { WENXIAO_ADMIN_PASSWORD: PASSWORD });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("已创建系统管理员账户 root（信息中心）");

    await withFolder(dir(), async (d) => {
      const [u] = await d.db.select().from(users);
      expect(u).toMatchObject({ username: "root", displayName: "信息中心", role: "admin", regionId: null, mustChangePassword: false });
      expect(u.passwordChangedAt).toBeInstanceOf(Date);
      expect(await d.db.select().from(appSettings).where(eq(appSettings.key, SETUP_CODE_KEY))).toEqual([]);
      const [event] = await d.db.select().from(auditEvents);
      expect(event).toMatchObject({ action: "create", actorRole: "system", summary: "首次设置：创建系统管理员账户 root（命令行）" });
      expect(event.actorName).toMatch(/^命令行（cli:/);
      expect(JSON.stringify(event)).not.toContain(PASSWORD);
      // They chose it: no change asked at first login, outside demo mode too.
      const login = await signIn(d, "root", PASSWORD);
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({ role: "admin", mustChangePassword: false });
    });
  });

  it("refuses once any account exists", async () => {
    const r = await wenxiao(["admin", "create", "second"], { WENXIAO_ADMIN_PASSWORD: PASSWORD });
    expect(r.code).toBe(1);
    expect(r.err).toContain("已有账户，首次设置已完成；请用系统管理员账户登录后在「账户管理」中新建账户");
  });

  it("imports accounts from .xlsx: a dry run, problems by row, then the initial passwords printed once", async () => {
    await withFolder(dir(), async (d) => {
      const [province] = await d.db.insert(regions).values({ code: "370000", name: "山东省", level: "province" }).returning();
      const [city] = await d.db.insert(regions).values({ code: "371300", name: "临沂市", level: "city", parentId: province.id }).returning();
      await d.db.insert(regions).values({ code: "371302", name: "兰山区", level: "county", parentId: city.id });
    });
    const headers = ["用户名", "姓名", "角色", "所属区划", "单位", "手机"];
    const bad = path.join(dir(), "有问题.xlsx");
    fs.writeFileSync(bad, await makeXlsx(headers, [["caizheng", "市财政局", "财政", "临沂市"], ["x2", "某人", "领导", "临沂市"], ["lanshan", "兰山区", "县区", "临沂市"]]));
    const problems = await wenxiao(["user", "import", bad, "--dry-run"]);
    expect(problems.code).toBe(1);
    expect(problems.err).toContain("第3行「角色」：未知角色「领导」");
    expect(problems.err).toContain("第4行「所属区划」：县区账户的所属区划必须是县区，「临沂市」是市级");
    expect(problems.out).toContain("发现 2 处问题，未导入任何账户。");

    const good = path.join(dir(), "账户.xlsx");
    fs.writeFileSync(good, await makeXlsx(headers, [["caizheng", "市财政局", "财政", "临沂市", "临沂市财政局"], ["lanshan", "兰山区住建局", "县区", "兰山区"]]));
    const dry = await wenxiao(["user", "import", good, "--dry-run"]);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain("预检通过（未写入）");
    const r = await wenxiao(["user", "import", good]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("已新建 2 个账户。以下初始密码只显示这一次");
    const line = r.out.split("\n").find((l) => l.trim().startsWith("lanshan\t"))!;
    const password = line.trim().split("\t")[2];
    expect(password.length).toBeGreaterThanOrEqual(12);
    await withFolder(dir(), async (d) => {
      const login = await signIn(d, "lanshan", password);
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({ county: { name: "兰山区" }, mustChangePassword: true });
    });
    // Again: the accounts exist as written, nothing changes and no password is shown.
    const again = await wenxiao(["user", "import", good]);
    expect(again.code).toBe(0);
    expect(again.out).toContain("没有新账户，未作改动。");
  });
});

describe("wenxiao admin create, after the first run in the browser", () => {
  const { wenxiao, dir } = cliHarness("wenxiao-cli-admin-web-");

  it("is refused", async () => {
    await withFolder(dir(), async (d) => {
      const code = (await ensureSetupCode(d.db))!;
      const app = await buildApp({ database: d, webDist: null });
      try {
        const r = await app.inject({ method: "POST", url: "/api/setup", payload: { code, username: "webadmin", displayName: "信息中心", password: PASSWORD } });
        expect(r.statusCode, r.body).toBe(200);
      } finally {
        await app.close();
      }
    });
    const r = await wenxiao(["admin", "create", "root"], { WENXIAO_ADMIN_PASSWORD: PASSWORD });
    expect(r.code).toBe(1);
    expect(r.err).toContain("已有账户，首次设置已完成");
  });
});
