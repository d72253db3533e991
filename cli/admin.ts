/**
 * `wenxiao admin create USERNAME`: the first administrator of an installation without accounts (the
 * command line runs on the server itself, so it needs no setup code). `wenxiao user import FILE`:
 * accounts in bulk from .xlsx, their initial passwords printed once.
 */
import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import readline from "node:readline";
import type { Command } from "commander";
import { AppError } from "../server/errors";
import { CLI_SETUP_REFUSED, checkAdminPassword, checkAdminUsername, createFirstAdmin, setupNeeded } from "../server/modules/setup/service";
import { importUsers } from "../server/modules/users/import-users";
import type { CliDeps } from "./projects";
import { CliError } from "./output";

export const ADMIN_PASSWORD_ENV = "WENXIAO_ADMIN_PASSWORD";

/**
 * Asks each question on the terminal without echoing what is typed; one interface for all of them,
 * so a line typed ahead is not lost between two questions.
 */
async function askHidden(prompts: string[], check: (answers: string[]) => void): Promise<string[]> {
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = readline.createInterface({ input: process.stdin, output: muted, terminal: true });
  rl.on("SIGINT", () => {
    rl.close();
    process.stderr.write("\n已取消。\n");
    process.exit(130);
  });
  // The iterator buffers every line, typed ahead or not.
  const lines = rl[Symbol.asyncIterator]();
  const answers: string[] = [];
  try {
    for (const prompt of prompts) {
      process.stderr.write(prompt);
      const line = await lines.next();
      process.stderr.write("\n");
      if (line.done) throw new CliError("已取消，未创建账户");
      answers.push(line.value);
      check(answers);
    }
    return answers;
  } finally {
    rl.close();
  }
}

/** The password from the environment, or typed twice on a terminal. */
async function adminPassword(username: string): Promise<string> {
  const fromEnv = process.env[ADMIN_PASSWORD_ENV];
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new CliError(`当前不是交互式终端，无法输入密码：请设置环境变量 ${ADMIN_PASSWORD_ENV}（如 ${ADMIN_PASSWORD_ENV}='…' npx wenxiao admin create ${username}）后重试`);
  }
  const [password] = await askHidden(["请设置密码（输入时不显示）：", "请再次输入密码："], ([first, again]) => {
    // The policy first, so a weak password is not typed twice for nothing.
    if (again === undefined) checkAdminPassword(first, username);
    else if (again !== first) throw new CliError("两次输入的密码不一致，未创建账户");
  });
  return password;
}

function asCliError(e: unknown): never {
  if (e instanceof AppError) throw new CliError(e.message);
  throw e;
}

export function registerAdminCommands(program: Command, deps: Pick<CliDeps, "withDb" | "cliContext">) {
  program
    .command("admin")
    .description("系统管理员")
    .helpOption("-h, --help", "显示帮助")
    .command("create")
    .description(`首次使用：创建第一个系统管理员账户（已有任何账户时拒绝）；密码取环境变量 ${ADMIN_PASSWORD_ENV}，未设置时在终端输入两次`)
    .argument("<username>", "用户名：2–64 位字母、数字、下划线、点或连字符")
    .option("--name <显示名>", "姓名或单位（默认：系统管理员）")
    .helpOption("-h, --help", "显示帮助")
    .action(async (username: string, o: { name?: string }) => {
      await deps.withDb(async (d) => {
        const ctx = deps.cliContext(d);
        // Refuse before asking for a password nobody will use.
        if (!(await setupNeeded(d.db))) throw new CliError(CLI_SETUP_REFUSED);
        let name: string;
        let password: string;
        try {
          name = checkAdminUsername(username);
          password = await adminPassword(name);
          checkAdminPassword(password, name);
        } catch (e) {
          asCliError(e);
        }
        const u = await createFirstAdmin(d.db, {
          username: name,
          displayName: o.name ?? "",
          password,
          actor: ctx.actor,
          ip: null,
          refusedMessage: CLI_SETUP_REFUSED,
        }).catch(asCliError);
        console.log(`已创建系统管理员账户 ${u.username}（${u.displayName}），可管理全部区划。请启动服务后用该账户登录，在「账户管理」中为其他人新建账户。`);
      });
    });

  program
    .command("user")
    .description("账户")
    .helpOption("-h, --help", "显示帮助")
    .command("import")
    .description("从 .xlsx 批量导入账户（用户名、姓名、角色、所属区划、单位、手机）；全部无误才写入，初始密码只显示这一次")
    .argument("<file>", ".xlsx 文件（模板可在「账户管理 → 批量导入」下载）")
    .option("--dry-run", "只预检，不写入")
    .helpOption("-h, --help", "显示帮助")
    .action(async (file: string, o: { dryRun?: boolean }) => {
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliError(`找不到文件：${file}`);
      const data = fs.readFileSync(file);
      await deps.withDb(async (d) => {
        const r = await importUsers({ ctx: deps.cliContext(d), fileName: path.basename(file), data, dryRun: !!o.dryRun });
        console.log(`${r.fileName}：读取 ${r.rowCount} 行；新建 ${r.newCount} 个账户；已存在且相同 ${r.unchangedCount} 个。`);
        if (r.problems.length) {
          for (const p of r.problems) console.error(`  ${p.row ? `第${p.row}行` : "文件"}${p.column ? `「${p.column}」` : ""}：${p.message}`);
          if (r.moreProblems) console.error(`  ……另有 ${r.moreProblems} 处问题未列出`);
          console.log(`发现 ${r.problems.length + r.moreProblems} 处问题，未导入任何账户。`);
          process.exitCode = 1;
          return;
        }
        if (o.dryRun) return void console.log(r.newCount ? "预检通过（未写入）。去掉 --dry-run 即可导入。" : "没有新账户，无需导入。");
        if (!r.once?.length) return void console.log("没有新账户，未作改动。");
        console.log(`已新建 ${r.once.length} 个账户。以下初始密码只显示这一次，请立即抄录并分别告知本人；首次登录须修改密码：`);
        for (const row of r.once) console.log(`  ${row["用户名"]}\t${row["姓名"]}\t${row["初始密码"]}`);
      });
    });
}
