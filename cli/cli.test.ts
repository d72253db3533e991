import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeXlsx } from "../test/xlsx";
import { sql } from "drizzle-orm";
import { openDb } from "../db/open";
import { projects } from "../db/schema";
import { cliHarness } from "../test/cli";

const { wenxiao, wenxiaoProcess, dir } = cliHarness("wenxiao-cli-");

describe("the wenxiao command on an embedded database", () => {
  it("migrates, loads the demo once, and sums up the seed's money", async () => {
    expect((await wenxiao(["db", "migrate"])).code).toBe(0);
    const load = await wenxiao(["demo", "load"]);
    expect(load.code, load.err).toBe(0);
    expect(load.out).toContain("307个项目");
    expect((await wenxiao(["demo", "load"])).out).toContain("示例数据已存在");
    const text = await wenxiao(["funds", "summary", "--year", "2021"]);
    expect(text.out).toMatch(/合计\s+23,763\.00\s+19,305\.06\s+81.24%/);
    const json = JSON.parse((await wenxiao(["funds", "summary", "--year", "2021", "--as-of", "2022-06-30", "--json"])).out);
    expect(json.total).toEqual({ allocatedFen: 23_763_000_000, paidFen: 19_305_060_000, executionBp: 8124 });
    const county = await wenxiao(["funds", "summary", "--county", "河东区"]);
    expect(county.out).toContain("河东法院家属院改造项目");
  }, 300_000);

  it("imports with a dry run first, and exits non-zero on a bad file", async () => {
    const file = path.join(dir(), "bad.xlsx");
    fs.writeFileSync(file, await makeXlsx(["县区", "项目编号", "资金来源", "金额（元）", "支付日期", "凭证号"], [["火星区", "X", "中央补助", 1, "2022-01-01", "V1"]]));
    const r = await wenxiao(["import", "payments", file, "--dry-run"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("第2行「县区」：未知县区「火星区」");
    expect(r.out).toContain("未导入任何数据");
  });

  it("says what is wrong with its arguments, in Chinese", async () => {
    const r = await wenxiao(["funds", "summary", "--as-of", "明天"]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("不是有效日期");
    expect((await wenxiao(["funds", "summary", "--county", "火星区"])).err).toContain("未知县区「火星区」");
  });

  it("refuses politely while another process holds the data folder", async () => {
    // This test process stands in for a running server: a live pid in the lock file.
    fs.writeFileSync(path.join(dir(), "wenxiao.lock"), JSON.stringify({ pid: process.pid, role: "server" }));
    try {
      const r = wenxiaoProcess(["funds", "summary"]);
      expect(r.code).toBe(2);
      expect(r.err).toContain("正被另一个进程（Wenxiao 服务器");
      expect(r.err).toContain("DATABASE_URL");
    } finally {
      fs.rmSync(path.join(dir(), "wenxiao.lock"));
    }
    // A lock left by a process that is gone is taken over.
    fs.writeFileSync(path.join(dir(), "wenxiao.lock"), JSON.stringify({ pid: 2 ** 22 + 12345, role: "server" }));
    expect((await wenxiao(["funds", "summary"])).code).toBe(0);
  });

  it("verifies the audit trail and names a tampered record", async () => {
    // The demo load above recorded nothing yet; an import gives the chain a record.
    const file = path.join(dir(), "ok.xlsx");
    const d0 = await openDb({ dataDir: dir() });
    const [{ code }] = await d0.db.select({ code: projects.code }).from(projects).orderBy(projects.id).limit(1);
    await d0.close();
    fs.writeFileSync(file, await makeXlsx(["县区", "项目编号", "资金来源", "金额（元）", "支付日期", "凭证号"], [["兰山区", code, "省级补助", 10, "2022-05-01", "CLI-1"]]));
    expect((await wenxiao(["import", "payments", file])).code).toBe(0);
    const ok = await wenxiao(["audit", "verify"]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain("审计日志完好");
    const anchor = /当前锚点.*：(\d+:[0-9a-f]{64})/.exec(ok.out)![1];
    expect((await wenxiao(["audit", "verify", "--anchor", anchor])).out).toContain(`与锚点第 ${anchor.split(":")[0]} 条相符`);
    const d = await openDb({ dataDir: dir() });
    await d.db.execute(sql`update audit_events set summary = '篡改' where seq = 1`);
    await d.close();
    const bad = await wenxiao(["audit", "verify"]);
    expect(bad.code).toBe(3);
    expect(bad.err).toContain("第 1 条审计记录的内容与哈希不符");
    const malformed = await wenxiao(["audit", "verify", "--anchor", "1:xyz"]);
    expect(malformed.code).toBe(1);
    expect(malformed.err).toContain("锚点格式应为");
  }, 300_000);
});
