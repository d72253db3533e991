import { describe, expect, it } from "vitest";
import { cliHarness } from "../test/cli";
import type { Ledger } from "../contracts/rectification";

const { wenxiao } = cliHarness("wenxiao-cli-rectification-", { timeout: 180000 });

describe("wenxiao rectification list", () => {
  it("lists the demo's items as a Chinese table, and the same rows as JSON", async () => {
    expect((await wenxiao(["demo", "load"])).code).toBe(0);
    const json = await wenxiao(["rectification", "list", "--json"]);
    expect(json.code, json.err).toBe(0);
    const all = JSON.parse(json.out) as Ledger;
    expect(all.rows.length).toBe(all.total);
    expect(all.total).toBeGreaterThan(0);
    expect(Object.values(all.counts).reduce((a, b) => a + b, 0)).toBe(all.total);
    const text = await wenxiao(["rectification", "list"]);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain(`共 ${all.total} 项`);
    expect(text.out).toMatch(/编号\s+问题\s+责任单位\s+整改期限\s+状态\s+逾期/);
    for (const r of all.rows) expect(text.out).toContain(r.findingTitle);
  });

  it("--overdue lists only overdue items; --county only that county's; --task one task's", async () => {
    const all = JSON.parse((await wenxiao(["rectification", "list", "--json"])).out) as Ledger;
    const overdue = JSON.parse((await wenxiao(["rectification", "list", "--overdue", "--json"])).out) as Ledger;
    expect(overdue.total).toBe(all.overdue);
    expect(overdue.rows.every((r) => r.overdue)).toBe(true);
    const county = all.rows.find((r) => r.countyName !== null)!.countyName!;
    const one = JSON.parse((await wenxiao(["rectification", "list", "--county", county, "--json"])).out) as Ledger;
    expect(one.total).toBe(all.rows.filter((r) => r.countyName === county).length);
    expect(one.rows.every((r) => r.countyName === county)).toBe(true);
    const task = JSON.parse((await wenxiao(["rectification", "list", "--task", String(all.rows[0]!.taskId), "--json"])).out) as Ledger;
    expect(task.total).toBe(all.rows.filter((r) => r.taskId === all.rows[0]!.taskId).length);
    const none = await wenxiao(["rectification", "list", "--task", "999999"]);
    expect(none.code).toBe(0);
    expect(none.out).toContain("没有符合条件的整改事项");
  });

  it("names an unknown county", async () => {
    const r = await wenxiao(["rectification", "list", "--county", "不存在区"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("未知县区「不存在区」");
  });
});
