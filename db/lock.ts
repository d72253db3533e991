import fs from "node:fs";
import path from "node:path";

/**
 * A PGlite data folder must have exactly one owning process: two on it corrupt it. The owner writes
 * its pid into `<dir>/wenxiao.lock`; a lock whose process is gone is stale and taken over.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly ownerPid: number,
    readonly ownerRole: string,
  ) {
    super(
      `数据目录 ${dir} 正被另一个进程（${ownerRole === "server" ? "Wenxiao 服务器" : "wenxiao 命令"}，进程号 ${ownerPid}）使用。` +
        `嵌入式数据库同一时间只能由一个进程打开：请先停止该进程，或设置 DATABASE_URL 改用 PostgreSQL 服务器。`,
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface DirLock {
  release(): void;
}

export function lockDataDir(dir: string, role: "server" | "cli"): DirLock {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "wenxiao.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, "wx");
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, role, since: new Date().toISOString() }));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const owner = JSON.parse(fs.readFileSync(file, "utf8"));
          if (owner.pid === process.pid) fs.unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once("exit", release);
      return { release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let owner: { pid?: number; role?: string } = {};
      try {
        owner = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch {
        // A half-written lock file: its writer died between open and write.
      }
      if (owner.pid && owner.pid !== process.pid && alive(owner.pid)) {
        throw new DataDirLockedError(dir, owner.pid, owner.role ?? "unknown");
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`无法获取数据目录锁：${file}`);
}
