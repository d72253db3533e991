import { describe, expect, it } from "vitest";
import { cliHarness } from "../test/cli";

const { wenxiao } = cliHarness("wenxiao-cli-allocate-", { timeout: 180000 });

describe("wenxiao allocate", () => {
  it("shares 2022's money from the 2021 scores: JSON amounts in 分 summing to the total, a table in Chinese", async () => {
    expect((await wenxiao(["demo", "load"])).code).toBe(0);
    const json = await wenxiao(["allocate", "--year", "2022", "--total", "25000", "--json"]);
    expect(json.code, json.err).toBe(0);
    const r = JSON.parse(json.out) as { totalFen: number; scheme: string; counties: { name: string; amountFen: number; movedByScoreFen: number }[] };
    expect(r.scheme).toBe("caizong-2019-31");
    expect(r.totalFen).toBe(25_000_000_000);
    expect(r.counties).toHaveLength(12);
    expect(r.counties.every((c) => Number.isSafeInteger(c.amountFen) && c.amountFen > 0)).toBe(true);
    expect(r.counties.reduce((a, c) => a + c.amountFen, 0)).toBe(25_000_000_000);

    const later = JSON.parse((await wenxiao(["allocate", "--year", "2022", "--total", "25000.01", "--scheme", "2022", "--json"])).out) as typeof r;
    expect(later.scheme).toBe("workload-2022");
    expect(later.counties.reduce((a, c) => a + c.amountFen, 0)).toBe(25_000_010_000);
    expect(later.counties.map((c) => c.amountFen)).not.toEqual(r.counties.map((c) => c.amountFen));

    const table = await wenxiao(["allocate", "--year", "2022", "--total", "25000"]);
    expect(table.code, table.err).toBe(0);
    expect(table.out).toContain("临沂市2022年度");
    expect(table.out).toContain("分配金额（万元）");
    expect(table.out).toContain("得分影响（万元）");
    expect(table.out).toMatch(/合计.*25,000/);
    for (const c of r.counties) expect(table.out).toContain(c.name);
  });

  it("says in Chinese what is wrong: no planned work for 2022, a bad total, an unknown scheme, no scored year", async () => {
    const planned = await wenxiao(["allocate", "--year", "2022", "--total", "25000", "--basis", "planned"]);
    expect(planned.code).toBe(1);
    expect(planned.err).toContain("2022年度");
    const total = await wenxiao(["allocate", "--year", "2022", "--total", "两万"]);
    expect(total.code).not.toBe(0);
    expect(total.err).toContain("不是有效的分配总额");
    const scheme = await wenxiao(["allocate", "--year", "2022", "--total", "25000", "--scheme", "2030"]);
    expect(scheme.code).toBe(1);
    expect(scheme.err).toContain("分配方案「2030」不存在");
    const year = await wenxiao(["allocate", "--year", "2031", "--total", "25000"]);
    expect(year.code).toBe(1);
    expect(year.err).toContain("找不到符合条件的资金年度");
  });
});
