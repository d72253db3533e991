/**
 * The backup file of an embedded database: one line naming the format, one line of JSON saying what
 * it holds, then the gzipped tarball PGlite's `dumpDataDir` makes of the data folder. The header is
 * readable with `head -2`, so an operator can tell what a file is without Wenxiao.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { CliError } from "./output";

const MAGIC = "WENXIAO-BACKUP";
export const BACKUP_FORMAT = 1;

export interface BackupMeta {
  format: typeof BACKUP_FORMAT;
  /** Version of the Wenxiao that wrote the file (package.json). */
  wenxiaoVersion: string;
  createdAt: string;
  database: "pglite";
  /** The schema as migrations applied: their number and the last one's journal time (drizzle's `created_at`). */
  schema: { migrations: number; lastMigrationAt: number | null };
  /** The audit chain at backup time: `anchor` is `序号:哈希`, for `audit verify --anchor` after a restore. */
  audit: { ok: boolean; count: number; anchor: string; problem: string | null };
  /** The tarball after the header, to tell a truncated or damaged file. */
  payload: { bytes: number; sha256: string };
}

const sha256 = (data: Uint8Array) => crypto.createHash("sha256").update(data).digest("hex");

/**
 * Writes header and tarball to a temporary file beside `file`, flushes it to disk and renames it into
 * place: a crash or a full disk leaves no half backup under the final name.
 */
export function writeBackupFile(file: string, meta: Omit<BackupMeta, "payload">, payload: Uint8Array): BackupMeta {
  const full: BackupMeta = { ...meta, payload: { bytes: payload.byteLength, sha256: sha256(payload) } };
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, "wx");
  try {
    fs.writeSync(fd, `${MAGIC} ${BACKUP_FORMAT}\n${JSON.stringify(full)}\n`);
    fs.writeSync(fd, payload);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.closeSync(fd);
    } catch {
      // Already closed.
    }
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  try {
    // The rename itself survives a power cut only once the folder is flushed.
    const dfd = fs.openSync(dir, "r");
    fs.fsyncSync(dfd);
    fs.closeSync(dfd);
  } catch {
    // Some file systems cannot fsync a folder; the file is complete either way.
  }
  return full;
}

/** Reads and checks a backup file; a file that is not one, or is damaged, is refused in Chinese. */
export function readBackupFile(file: string): { meta: BackupMeta; payload: Uint8Array } {
  if (!fs.existsSync(file)) throw new CliError(`找不到备份文件：${file}`);
  const data = fs.readFileSync(file);
  const notBackup = new CliError(`${file} 不是问效备份文件（应由 wenxiao backup 生成）`);
  const first = data.indexOf(10);
  if (first < 0 || first > 64) throw notBackup;
  const [magic, format] = data.subarray(0, first).toString("utf8").split(" ");
  if (magic !== MAGIC) throw notBackup;
  if (Number(format) !== BACKUP_FORMAT) {
    throw new CliError(`备份文件格式为第 ${format} 版，当前 Wenxiao 只能读取第 ${BACKUP_FORMAT} 版：请使用生成该备份的 Wenxiao 版本或更新版本恢复`);
  }
  const second = data.indexOf(10, first + 1);
  if (second < 0) throw notBackup;
  let meta: BackupMeta;
  try {
    meta = JSON.parse(data.subarray(first + 1, second).toString("utf8"));
  } catch {
    throw notBackup;
  }
  const payload = data.subarray(second + 1);
  if (payload.byteLength !== meta.payload?.bytes || sha256(payload) !== meta.payload.sha256) {
    throw new CliError(`备份文件 ${file} 已损坏或不完整（数据长度或校验值与文件头不符），未恢复任何数据`);
  }
  return { meta, payload };
}
