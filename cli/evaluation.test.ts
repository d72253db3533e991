import { describe, expect, it } from "vitest";
import { cliHarness } from "../test/cli";

const { wenxiao } = cliHarness("wenxiao-cli-eval-", { timeout: 180000 });

describe("wenxiao evaluation results", () => {
  it("prints the seed's Table 1 and Table 2 from the demo data, and the same as JSON", async () => {
    expect((await wenxiao(["demo", "load"])).code).toBe(0);
    const text = await wenxiao(["evaluation", "results", "--year", "2021"]);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/得分\s+19\.09\s+16\.22\s+41\.66\s+13\.05\s+90\.02/);
    expect(text.out).toMatch(/得分率\s+86\.77%\s+90\.11%\s+92\.58%\s+87%\s+90\.02%/);
    expect(text.out).toMatch(/2\s+罗庄区\s+93\.54\s+现场与非现场评价\s+优\s+1/);
    expect(text.out).toMatch(/8\s+平邑县\s+84\.00\s+非现场评价\s+良\s+12/);
    expect(text.out).toContain("各县区得分简单平均 89.53");
    const json = JSON.parse((await wenxiao(["evaluation", "results", "--year", "2021", "--json"])).out);
    expect(json.city.total).toBe(9002);
    expect(json.counties.map((c: { total: number }) => c.total)).toEqual([9308, 9354, 9085, 9150, 8950, 8751, 8847, 8400, 8950, 8550, 9097, 8993]);
  });

  it("says so in Chinese when a year has no evaluation", async () => {
    const r = await wenxiao(["evaluation", "results", "--year", "2019"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("2019年度还没有评价任务");
  });
});
