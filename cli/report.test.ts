import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const seedFile = path.resolve(root, "../shared/seed/linyi-2021-report.txt");
let dir: string;

function wenxiao(args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "cli/main.ts"), ...args], {
    cwd: root,
    // A data folder of its own: the check needs no database, and must not touch one.
    env: { ...process.env, WENXIAO_DATA_DIR: dir, DATABASE_URL: "", TZ: "UTC" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "wenxiao-cli-report-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("wenxiao report check", () => {
  it("passes the seed report and says what it recognised", () => {
    const r = wenxiao(["report", "check", seedFile]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("已识别 章节（7个）、表1、表2（12个县区）、资金构成（2处）");
    expect(r.out).toContain("未发现不一致。");
  });

  it("exits 1 and names the table, row, column and expected value of a changed Table 1 score", () => {
    const file = path.join(dir, "改过的报告.txt");
    const seed = fs.readFileSync(seedFile, "utf8");
    fs.writeFileSync(file, seed.replace("得分\t19.09\t16.22", "得分\t19.19\t16.22"));
    const r = wenxiao(["report", "check", file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("发现 1 处不一致：");
    expect(r.out).toContain("表1 · 得分行 · 决策列：19.19 与合计 90.02 不符，应为 19.09");
    expect(r.out).toMatch(/（第69行）/);
    const json = JSON.parse(wenxiao(["report", "check", file, "--json"]).out);
    expect(json.problems.map((p: { key: string; expected: string }) => [p.key, p.expected])).toEqual([["table1.score.决策", "19.09"]]);
  });

  it("exits 2 on a file it cannot read or that is not a report", () => {
    const notes = path.join(dir, "会议纪要.txt");
    fs.writeFileSync(notes, "会议纪要\n今天讨论了下一步工作安排。\n");
    const r = wenxiao(["report", "check", notes]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("未识别到评价报告的结构");
    const doc = wenxiao(["report", "check", path.join(dir, "旧报告.doc")]);
    expect(doc.code).toBe(2);
    expect(doc.err).toContain("找不到文件");
    fs.writeFileSync(path.join(dir, "旧报告.doc"), "x");
    expect(wenxiao(["report", "check", path.join(dir, "旧报告.doc")]).err).toContain("请在 Word 中另存为 .docx 后上传");
  });
});
