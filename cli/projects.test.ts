import { beforeAll, describe, expect, it } from "vitest";
import { cliHarness } from "../test/cli";

const { wenxiao } = cliHarness("wenxiao-cli-projects-");

beforeAll(async () => {
  const load = await wenxiao(["demo", "load"]);
  if (load.code !== 0) throw new Error(load.err);
});

describe("wenxiao projects summary and wenxiao monitor", () => {
  it("sums up the library by county, and the seed's targets against the registry", async () => {
    const r = await wenxiao(["projects", "summary", "--year", "2021"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/合计\s+307\s+341\s+53,389\s+517.8\s/);
    expect(r.out).toMatch(/改造项目数\s+个\s+285\s+307\s+107.72%/);
    expect(r.out).toMatch(/改造建筑面积\s+万㎡\s+458.75\s+517.8\s+112.87%/);
    const json = JSON.parse((await wenxiao(["projects", "summary", "--year", "2021", "--json"])).out);
    expect(json.summary.city).toMatchObject({ projects: 307, communities: 341, households: 53_389, floorAreaDm2: 517_800_000 });
  });

  it("prints the board of a period with its lights, and refuses a period it does not know", async () => {
    const r = await wenxiao(["monitor", "--year", "2021", "--period", "2022-Q2"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("2022年第2季度");
    expect(r.out).toMatch(/全市\s+绿 100%\s+绿 100%.*绿 81.24%/);
    const json = JSON.parse((await wenxiao(["monitor", "--year", "2021", "--json"])).out);
    expect(json.period.code).toBe("2022-Q2");
    expect(json.counties).toHaveLength(12);
    const bad = await wenxiao(["monitor", "--year", "2021", "--period", "2030-Q1"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("不在本年度的监测期内");
    expect((await wenxiao(["monitor", "--period", "第二季度"])).err).toContain("不是有效期次");
  });
});
