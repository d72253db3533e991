/**
 * The `wenxiao` command as a test runs it, on its own embedded data folder (made before the file's
 * tests, removed after), never a PostgreSQL server. `wenxiao` runs a command line inside the test's
 * process (the same program `cli/main.ts` runs, its output captured), which spares each command a
 * Node start; `wenxiaoProcess` runs it as a child process, for what only a process shows (a lock held
 * by another process, the exit status the shell sees).
 */
import { spawnSync } from "node:child_process";
import { Console } from "node:console";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll } from "vitest";
import { runCli } from "../cli/program";

export const root = path.resolve(import.meta.dirname, "..");

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

const sink = (chunks: string[]) =>
  new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });

/**
 * Runs one command line in this process with `env` set for its duration and its console captured.
 * Commands of one test file run one after another (as the file's tests do), never two at once.
 */
async function runInProcess(args: string[], env: Record<string, string>): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const console0 = globalThis.console;
  Object.assign(process.env, env);
  globalThis.console = new Console({ stdout: sink(out), stderr: sink(err) });
  try {
    const code = await runCli(args, { out: (t) => void out.push(t), err: (t) => void err.push(t) });
    return { code, out: out.join(""), err: err.join("") };
  } finally {
    globalThis.console = console0;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Registers the data folder's set-up and clean-up; returns the runners and the folder's path. */
export function cliHarness(prefix: string, options: { timeout?: number } = {}) {
  let dir = "";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const envOf = (env: Record<string, string>) => ({ WENXIAO_DATA_DIR: dir, DATABASE_URL: "", ...env });
  return {
    dir: () => dir,
    wenxiao(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
      return runInProcess(args, envOf(env));
    },
    wenxiaoProcess(args: string[], env: Record<string, string> = {}): CliRun {
      const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "cli/main.ts"), ...args], {
        cwd: root,
        env: { ...process.env, TZ: "UTC", ...envOf(env) },
        encoding: "utf8",
        timeout: options.timeout ?? 120_000,
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    },
  };
}
