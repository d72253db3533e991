import path from "node:path";
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { cliHarness } from "../test/cli";
import { makeXlsx } from "../test/xlsx";

const { wenxiao, dir } = cliHarness("wenxiao-cli-setup-");

beforeAll(async () => {
  const load = await wenxiao(["demo", "load"]);
  if (load.code !== 0) throw new Error(load.err);
});

describe("wenxiao source / programme / fund-year", () => {
  it("lists and adds funding sources; a taken name is refused", async () => {
    const list = await wenxiao(["source", "list"]);
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/中央补助\s+财政\s+central\s+已使用/);
    const add = await wenxiao(["source", "add", "彩票公益金", "--category", "non-fiscal", "--order", "12"]);
    expect(add.code, add.err).toBe(0);
    expect(add.out).toMatch(/^已新增资金来源「彩票公益金」（非财政，编码 source-\d+，排序 12）。/);
    const dup = await wenxiao(["source", "add", "彩票公益金", "--category", "fiscal"]);
    expect(dup.code).toBe(1);
    expect(dup.err).toContain("资金来源「彩票公益金」已存在，请换一个名称");
  });

  it("lists the built-in programme and starts the demo's next year without its money", async () => {
    const programmes = await wenxiao(["programme", "list"]);
    expect(programmes.out).toMatch(/老旧小区改造补助资金（内置）\s+old-community-renovation/);
    expect(programmes.out).toContain("按季度，5 项指标");
    const next = await wenxiao(["fund-year", "next", "--region", "临沂市", "--programme", "老旧小区改造补助资金"]);
    expect(next.code, next.err).toBe(0);
    expect(next.out).toContain("已开启下一年度：临沂市2022年度老旧小区改造补助资金（评价日 2023-06-30；资金下达期 2021-10-01 至 2022-12-31；资金支付期 2022-01-01 至 2023-12-31）。");
    expect(next.out).toMatch(/沿用2021年度：监测指标 5 项、绩效目标 \d+ 项（目标值待设定）、报告文字 \d+ 段、指标体系模板「.+」第 1 版。资金下达、支付与项目不结转。/);
    const summary = await wenxiao(["funds", "summary", "--year", "2022", "--json"]);
    expect(JSON.parse(summary.out).total).toMatchObject({ allocatedFen: 0, paidFen: 0 });
  });

  it("creates a year with default windows; a second of the same year is refused", async () => {
    const args = ["fund-year", "create", "--region", "临沂市", "--year", "2030", "--programme", "老旧小区改造", "--evaluation-date", "2031-06-30"];
    const r = await wenxiao(args);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("已新建资金年度：临沂市2030年度老旧小区改造补助资金（评价日 2031-06-30；资金下达期 2029-10-01 至 2030-12-31；资金支付期 2030-01-01 至 2031-12-31）。");
    const dup = await wenxiao(args);
    expect(dup.code).toBe(1);
    expect(dup.err).toContain("临沂市2030年度老旧小区改造补助资金已存在，不能重复新建");
    const list = await wenxiao(["fund-year", "list"]);
    expect(list.out).toMatch(/临沂市\s+老旧小区改造补助资金\s+2030\s+2031-06-30/);
    expect(list.out).toMatch(/2021\s+2022-06-30.+进行中（示例数据）/);
  });

  it("a closed year refuses an import until it is reopened with a reason", async () => {
    const yearArgs = ["--region", "临沂市", "--programme", "老旧小区改造补助资金", "--year", "2021"];
    const closed = await wenxiao(["fund-year", "close", ...yearArgs]);
    expect(closed.code, closed.err).toBe(0);
    expect(closed.out).toContain("已关闭资金年度「临沂市2021年度老旧小区改造补助资金」：只读，如需修改请由财政部门重新打开。");
    const file = path.join(dir(), "下达.xlsx");
    fs.writeFileSync(file, await makeXlsx(["县区", "资金来源", "金额（万元）", "文号", "下达日期", "项目编号", "备注"], [["河东区", "市级补助", 1, "临财建〔2021〕99号", "2021-09-01", null, null]]));
    const refused = await wenxiao(["import", "allocations", file, "--year", "2021", "--dry-run"]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("资金年度「临沂市2021年度老旧小区改造补助资金」已关闭，只读；如需修改请由财政部门重新打开");
    expect((await wenxiao(["fund-year", "reopen", ...yearArgs, "--reason", " "])).err).toContain("请填写重新打开的原因");
    const reopened = await wenxiao(["fund-year", "reopen", ...yearArgs, "--reason", "补录下达文件"]);
    expect(reopened.out).toContain("已重新打开资金年度「临沂市2021年度老旧小区改造补助资金」，原因：补录下达文件。");
    const accepted = await wenxiao(["import", "allocations", file, "--year", "2021"]);
    expect(accepted.code, accepted.err + accepted.out).toBe(0);
    expect(accepted.out).toContain("已导入资金下达 1 行");
  });
});
