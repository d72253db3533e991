/**
 * `wenxiao backup FILE` and `wenxiao restore FILE` for the embedded database. The copy is PGlite's own
 * tarball of the data folder (`dumpDataDir`), taken between two queries, so it is consistent; the
 * folder has one owning process (db/lock.ts), so while the server runs on it both commands refuse.
 * On PostgreSQL they print the pg_dump / pg_restore lines instead: those tools already do it well.
 */
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { sql } from "drizzle-orm";
import { defaultDataDir, openDb, type Database } from "../db/open";
import { DataDirLockedError, lockDataDir, type DirLock } from "../db/lock";
import { formatBeijing, parseAnchor, verifyAudit } from "../server/modules/audit/service";
import { recordAudit } from "../server/modules/audit/record";
import type { ServiceContext } from "../server/context";
import { BACKUP_FORMAT, readBackupFile, writeBackupFile, type BackupMeta } from "./backup-file";
import { CliError } from "./output";

export interface BackupDeps {
  cliContext(d: Database): ServiceContext;
}

const root = path.resolve(import.meta.dirname, "..");

function wenxiaoVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version;
}

/** The migrations this code knows: their number and the last one's time (drizzle compares that). */
function codeSchema(): { migrations: number; lastMigrationAt: number } {
  const journal = JSON.parse(fs.readFileSync(path.join(root, "db/migrations/meta/_journal.json"), "utf8")) as { entries: { when: number }[] };
  return { migrations: journal.entries.length, lastMigrationAt: Math.max(...journal.entries.map((e) => e.when)) };
}

async function appliedSchema(d: Database): Promise<BackupMeta["schema"]> {
  try {
    const r = (await d.db.execute(sql`select count(*)::int as n, max(created_at) as last from drizzle.__drizzle_migrations`)) as unknown as {
      rows: { n: number; last: string | number | null }[];
    };
    const row = r.rows[0];
    return { migrations: Number(row.n), lastMigrationAt: row.last === null ? null : Number(row.last) };
  } catch {
    // Never migrated: a database Wenxiao has not set up yet.
    return { migrations: 0, lastMigrationAt: null };
  }
}

/** 2026-01-05T08:30:00.000Z → 20260105T083000Z: a file-name-safe time for folders moved aside. */
function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

function lockedMessage(e: DataDirLockedError, what: "备份" | "恢复"): CliError {
  const who = e.ownerRole === "server" ? "Wenxiao 服务器" : "另一个 wenxiao 命令";
  return new CliError(
    `数据目录 ${e.dir} 正被${who}（进程号 ${e.ownerPid}）使用，现在不能${what}：嵌入式数据库同一时间只能由一个进程打开。` +
      `请先停止${e.ownerRole === "server" ? "服务器" : "该命令"}，${what}完成后再启动；需要不停机备份时，请改用 PostgreSQL（设置 DATABASE_URL）并用 pg_dump 备份。`,
    2,
  );
}

function printMeta(meta: BackupMeta) {
  console.log(`备份创建于 ${formatBeijing(new Date(meta.createdAt))}（北京时间），Wenxiao ${meta.wenxiaoVersion}，数据库结构第 ${meta.schema.migrations} 版。`);
  if (meta.audit.ok) console.log(`备份时审计日志完好：共 ${meta.audit.count} 条，锚点 ${meta.audit.anchor}`);
  else console.log(`备份时审计日志校验未通过：${meta.audit.problem ?? "原因不明"}`);
}

function postgresBackupHelp() {
  console.log(`当前使用 PostgreSQL（DATABASE_URL），wenxiao backup 不做备份：请用 PostgreSQL 自带的 pg_dump（与服务器同一主版本或更新），服务器运行时也可备份（pg_dump 取一致快照）：

  npx wenxiao audit verify                  # 先记下当前锚点（序号:哈希）
  pg_dump --format=custom --no-owner --file=问效备份.dump "$DATABASE_URL"

恢复：设置 DATABASE_URL 时运行 npx wenxiao restore 备份文件，即打印 pg_restore 的步骤；另见 README「备份与恢复」。`);
  process.exitCode = 2;
}

function postgresRestoreHelp() {
  console.log(`当前使用 PostgreSQL（DATABASE_URL），wenxiao restore 不做恢复：请用 pg_restore 恢复到一个新建的空数据库，再让 Wenxiao 指向它：

  createdb --host=… --username=… wenxiao_restored
  pg_restore --no-owner --exit-on-error --dbname="postgres://用户@主机:5432/wenxiao_restored" 问效备份.dump
  DATABASE_URL="postgres://用户@主机:5432/wenxiao_restored" npx wenxiao db migrate
  DATABASE_URL="postgres://用户@主机:5432/wenxiao_restored" npx wenxiao audit verify --anchor 序号:哈希

核对无误后，把服务器的 DATABASE_URL 改为新数据库并重启；原数据库保留，确认不再需要后再删除。`);
  process.exitCode = 2;
}

async function backup(file: string, deps: BackupDeps) {
  if (process.env.DATABASE_URL) return postgresBackupHelp();
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new CliError(`文件 ${file} 已存在，未覆盖：请换一个文件名，或先移走原文件`);
  if (!fs.existsSync(path.dirname(target))) throw new CliError(`目录 ${path.dirname(target)} 不存在`);
  const dir = defaultDataDir();
  if (!fs.existsSync(path.join(dir, "pglite", "PG_VERSION"))) {
    throw new CliError(`数据目录 ${dir} 中没有数据库，无可备份（数据目录由 WENXIAO_DATA_DIR 指定，默认 ./data）`);
  }
  let d: Database;
  try {
    d = await openDb({ dataDir: dir, role: "cli" });
  } catch (e) {
    if (e instanceof DataDirLockedError) throw lockedMessage(e, "备份");
    throw e;
  }
  let meta: Omit<BackupMeta, "payload">;
  let payload: Uint8Array;
  try {
    // No migration here: a backup taken before an upgrade must hold the database as it was.
    const schema = await appliedSchema(d);
    const code = codeSchema();
    if (schema.migrations === code.migrations) {
      // Who copied the whole database is worth a record; it is in the copy too, inside the anchor.
      const ctx = deps.cliContext(d);
      await d.db.transaction((tx) =>
        recordAudit(tx, { actor: ctx.actor, ip: null, action: "export", entityType: "database", summary: `备份整个数据库到文件 ${path.basename(target)}` }),
      );
    }
    let audit: BackupMeta["audit"];
    try {
      const r = await verifyAudit(d.db);
      audit = { ok: r.ok, count: r.count, anchor: `${r.headSeq}:${r.headHash}`, problem: r.problem?.message ?? null };
    } catch (e) {
      audit = { ok: false, count: 0, anchor: "", problem: `无法读取审计日志（${(e as Error).message}）` };
    }
    meta = { format: BACKUP_FORMAT, wenxiaoVersion: wenxiaoVersion(), createdAt: new Date().toISOString(), database: "pglite", schema, audit };
    payload = new Uint8Array(await (await d.dumpDataDir!()).arrayBuffer());
  } finally {
    await d.close();
  }
  const written = writeBackupFile(target, meta, payload);
  console.log(`已备份数据目录 ${dir} 到 ${file}（${(written.payload.bytes / 1024 / 1024).toFixed(1)} MB）。`);
  printMeta(written);
  if (!written.audit.ok) process.exitCode = 3;
  console.log(`恢复到一个新的或空的数据目录：WENXIAO_DATA_DIR=新目录 npx wenxiao restore ${file}`);
}

async function restore(file: string, o: { force?: boolean }, deps: BackupDeps) {
  if (process.env.DATABASE_URL) return postgresRestoreHelp();
  const { meta, payload } = readBackupFile(file);
  printMeta(meta);
  const code = codeSchema();
  if ((meta.schema.lastMigrationAt ?? 0) > code.lastMigrationAt) {
    throw new CliError(`备份来自较新的 Wenxiao（${meta.wenxiaoVersion}，数据库结构第 ${meta.schema.migrations} 版，当前程序只认识到第 ${code.migrations} 版）：请先升级 Wenxiao 再恢复`);
  }
  const dir = defaultDataDir();
  let lock: DirLock;
  try {
    lock = lockDataDir(dir, "cli");
  } catch (e) {
    if (e instanceof DataDirLockedError) throw lockedMessage(e, "恢复");
    throw e;
  }
  const when = stamp();
  const staging = path.join(dir, `.restore-${when}`);
  try {
    const live = path.join(dir, "pglite");
    const holdsDatabase = fs.existsSync(live) && fs.readdirSync(live).length > 0;
    const aside = path.join(dir, `pglite.before-restore-${when}`);
    if (holdsDatabase && !o.force) {
      throw new CliError(
        `数据目录 ${dir} 中已有数据库，未恢复。请恢复到一个新的或空的目录（WENXIAO_DATA_DIR=新目录）；` +
          `确要替换时加 --force：原数据库将改名为 ${path.basename(aside)} 保留在同一目录，不会删除。`,
      );
    }
    // Unpacked and migrated beside the live folder first, so a failure leaves the folder as it was.
    let d: Database | undefined;
    let problem: string | null = null;
    let migratedFrom = meta.schema.migrations;
    try {
      d = await openDb({ dataDir: staging, role: "cli", loadDataDir: new Blob([payload as Uint8Array<ArrayBuffer>]) });
      migratedFrom = (await appliedSchema(d)).migrations;
      await d.migrate();
      if (meta.audit.ok) {
        const r = await verifyAudit(d.db, { anchor: parseAnchor(meta.audit.anchor) ?? undefined });
        if (!r.ok) problem = r.problem!.message;
      }
      if (!problem) {
        const ctx = deps.cliContext(d);
        await d.db.transaction((tx) =>
          recordAudit(tx, {
            actor: ctx.actor,
            ip: null,
            action: "restore",
            entityType: "database",
            summary: `从备份文件 ${path.basename(file)}（创建于 ${formatBeijing(new Date(meta.createdAt))}）恢复整个数据库`,
            after: { createdAt: meta.createdAt, wenxiaoVersion: meta.wenxiaoVersion, anchor: meta.audit.anchor },
          }),
        );
      }
    } finally {
      await d?.close();
    }
    if (problem) throw new CliError(`备份中的审计日志与文件头记录的锚点不符（${problem}），备份可能被改动过，未恢复`, 3);
    if (holdsDatabase) fs.renameSync(live, aside);
    else fs.rmSync(live, { recursive: true, force: true }); // an empty folder left by a failed first start
    fs.renameSync(path.join(staging, "pglite"), live);
    console.log(`已恢复到数据目录 ${dir}。${holdsDatabase ? `原数据库已改名保留为 ${aside}。` : ""}`);
    const now = code.migrations;
    if (now > migratedFrom) console.log(`数据库结构已从第 ${migratedFrom} 版升级到第 ${now} 版。`);
    if (meta.audit.ok) console.log(`审计日志与备份时的锚点 ${meta.audit.anchor} 相符；可随时用 npx wenxiao audit verify --anchor ${meta.audit.anchor} 复核。`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    lock.release();
  }
}

export function registerBackupCommands(program: Command, deps: BackupDeps) {
  program
    .command("backup")
    .description("备份嵌入式数据库到一个文件（需先停止服务器）；使用 PostgreSQL 时打印 pg_dump 命令")
    .helpOption("-h, --help", "显示帮助")
    .argument("<file>", "备份文件（不覆盖已有文件），如 问效备份-2026-01-05.wxbak")
    .action((file: string) => backup(file, deps));
  program
    .command("restore")
    .description("从备份文件恢复嵌入式数据库到 WENXIAO_DATA_DIR（新的或空的目录），并升级到当前结构；使用 PostgreSQL 时打印 pg_restore 命令")
    .helpOption("-h, --help", "显示帮助")
    .argument("<file>", "wenxiao backup 生成的备份文件")
    .option("--force", "目录中已有数据库时也恢复：原数据库改名（带时间）保留，不删除")
    .action((file: string, o: { force?: boolean }) => restore(file, o, deps));
}
