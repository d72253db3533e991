import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliHarness } from "../test/cli";
import { readBackupFile, writeBackupFile, BACKUP_FORMAT, type BackupMeta } from "./backup-file";

const { wenxiao, wenxiaoProcess, dir } = cliHarness("wenxiao-cli-backup-", { timeout: 180_000 });

const anchorIn = (text: string) => /锚点[^0-9]*(\d+:[0-9a-f]{64})/.exec(text)?.[1];

describe("wenxiao backup and restore (embedded database)", () => {
  it("a restored copy in a new folder has the same funds summary and proves the audit chain up to the backup's anchor", { timeout: 300_000 }, async () => {
    expect((await wenxiao(["demo", "load"])).code).toBe(0);
    const summary = await wenxiao(["funds", "summary", "--year", "2021", "--json"]);
    expect(summary.code, summary.err).toBe(0);

    const file = path.join(dir(), "问效备份.wxbak");
    const b = await wenxiao(["backup", file]);
    expect(b.code, b.err).toBe(0);
    expect(b.out).toContain("已备份数据目录");
    // The backup is itself audited, so its anchor is the record of the backup: the one after the
    // demo's own history.
    const anchor = anchorIn(b.out)!;
    const demoRecords = Number(/^(\d+):/.exec(anchor)?.[1]) - 1;
    expect(demoRecords).toBeGreaterThan(0);
    const original = await wenxiao(["audit", "verify"]);
    expect(original.out).toContain(`当前锚点（可抄录存档，日后用 --anchor 核对）：${anchor}`);
    // The header says what the file holds, readable without Wenxiao.
    const header = fs.readFileSync(file).subarray(0, 600).toString("utf8").split("\n");
    expect(header[0]).toBe(`WENXIAO-BACKUP ${BACKUP_FORMAT}`);
    expect(JSON.parse(header[1])).toMatchObject({ format: 1, database: "pglite", audit: { ok: true, anchor } });
    // Written through a temporary file: nothing is left beside it.
    expect(fs.readdirSync(dir()).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    const restored = path.join(dir(), "恢复");
    const r = await wenxiao(["restore", file], { WENXIAO_DATA_DIR: restored });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`备份时审计日志完好：共 ${demoRecords + 1} 条，锚点 ${anchor}`);
    expect(r.out).toContain(`已恢复到数据目录 ${restored}。`);

    const again = await wenxiao(["funds", "summary", "--year", "2021", "--json"], { WENXIAO_DATA_DIR: restored });
    expect(JSON.parse(again.out)).toEqual(JSON.parse(summary.out));
    // The restore appended its own record after the backup's: the anchor is a prefix of the chain.
    const verify = await wenxiao(["audit", "verify", "--anchor", anchor], { WENXIAO_DATA_DIR: restored });
    expect(verify.code, verify.err).toBe(0);
    expect(verify.out).toContain(`审计日志完好：共 ${demoRecords + 2} 条，与锚点第 ${demoRecords + 1} 条相符`);

    // A folder that holds a database is not overwritten …
    const refused = await wenxiao(["restore", file]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`数据目录 ${dir()} 中已有数据库，未恢复`);
    expect(refused.err).toContain("--force");
    // … unless asked, and then the old database is moved aside, never deleted.
    const forced = await wenxiao(["restore", file, "--force"], { WENXIAO_DATA_DIR: restored });
    expect(forced.code, forced.err).toBe(0);
    const aside = fs.readdirSync(restored).filter((f) => f.startsWith("pglite.before-restore-"));
    expect(aside).toHaveLength(1);
    expect(forced.out).toContain(`原数据库已改名保留为 ${path.join(restored, aside[0])}`);
    expect(fs.existsSync(path.join(restored, aside[0], "PG_VERSION"))).toBe(true);
    expect(fs.readdirSync(restored).filter((f) => f.startsWith(".restore-"))).toEqual([]);
  });

  it("refuses to back up while the server holds the data folder, and says to stop it first", async () => {
    const lock = path.join(dir(), "wenxiao.lock");
    // This test's own process stands in for a running server: alive, and not the command's.
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, role: "server", since: new Date().toISOString() }));
    try {
      const r = wenxiaoProcess(["backup", path.join(dir(), "运行中.wxbak")]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`正被Wenxiao 服务器（进程号 ${process.pid}）使用，现在不能备份`);
      expect(r.err).toContain("请先停止服务器");
      expect(fs.existsSync(path.join(dir(), "运行中.wxbak"))).toBe(false);
    } finally {
      fs.rmSync(lock, { force: true });
    }
  });

  it("refuses a file that is not a backup, and a damaged one, in Chinese", async () => {
    const junk = path.join(dir(), "不是备份.wxbak");
    fs.writeFileSync(junk, "hello\n");
    expect(() => readBackupFile(junk)).toThrow("不是问效备份文件");
    const good = path.join(dir(), "小备份.wxbak");
    const meta: Omit<BackupMeta, "payload"> = {
      format: BACKUP_FORMAT,
      wenxiaoVersion: "0.1.0",
      createdAt: "2026-01-05T00:00:00.000Z",
      database: "pglite",
      schema: { migrations: 1, lastMigrationAt: 1 },
      audit: { ok: true, count: 0, anchor: `0:${"0".repeat(64)}`, problem: null },
    };
    writeBackupFile(good, meta, new Uint8Array([1, 2, 3, 4]));
    expect(readBackupFile(good).meta).toMatchObject(meta);
    fs.writeFileSync(good, fs.readFileSync(good).subarray(0, -1));
    expect(() => readBackupFile(good)).toThrow("已损坏或不完整");
  });
});
