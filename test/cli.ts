/**
 * The `wenxiao` command as a test runs it: a child process on its own embedded data folder (made
 * before the file's tests, removed after), never a PostgreSQL server.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";

export const root = path.resolve(import.meta.dirname, "..");

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/** Registers the data folder's set-up and clean-up; returns the runner and the folder's path. */
export function cliHarness(prefix: string, options: { timeout?: number } = {}) {
  let dir = "";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    dir: () => dir,
    wenxiao(args: string[], env: Record<string, string> = {}): CliRun {
      const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "cli/main.ts"), ...args], {
        cwd: root,
        env: { ...process.env, WENXIAO_DATA_DIR: dir, DATABASE_URL: "", TZ: "UTC", ...env },
        encoding: "utf8",
        timeout: options.timeout ?? 120_000,
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    },
  };
}
