import { describe, expect, it } from "vitest";
import { cliHarness } from "../test/cli";
import type { Conflict } from "../contracts/works";

const { wenxiao } = cliHarness("wenxiao-cli-works-", { timeout: 180000 });

describe("wenxiao works conflicts", () => {
  it("lists the demo's conflicts of 2021 as a Chinese table, and the same conflicts as JSON", async () => {
    expect((await wenxiao(["demo", "load"])).code).toBe(0);
    const json = await wenxiao(["works", "conflicts", "--year", "2021", "--json"]);
    expect(json.code, json.err).toBe(0);
    const list = JSON.parse(json.out) as Conflict[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((c) => c.works.some((w) => w.plannedFrom <= "2021-12-31" && w.plannedTo >= "2021-01-01"))).toBe(true);
    const text = await wenxiao(["works", "conflicts", "--year", "2021"]);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain(`共 ${list.length} 处`);
    for (const c of list) expect(text.out).toContain(c.communityName);
  });

  it("refuses a year that is not one", async () => {
    const r = await wenxiao(["works", "conflicts", "--year", "二〇二一"]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("年份应为");
  });
});
