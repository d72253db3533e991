import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliHarness } from "../test/cli";
import { makeXlsx } from "../test/xlsx";
import type { Region } from "../contracts/regions";

const { wenxiao, dir } = cliHarness("wenxiao-cli-region-");

describe("wenxiao region", () => {
  it("adds 临沂市 with its 12 counties and 山东省 from the national list, and a repeat adds nothing", async () => {
    const r = await wenxiao(["region", "add", "--code", "371300"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("从全国区划添加临沂市（371300）：新增 14 个区划（省级 1 个、市级 1 个、县区 12 个）。");
    const again = await wenxiao(["region", "add", "--code", "371300"]);
    expect(again.out).toContain("没有需要新增的区划，已有 14 个保持不变");
  });

  it("adds a street by hand under its county, renames it keeping the old name, retires it, and lists the tree", async () => {
    const add = await wenxiao(["region", "add", "测试街道", "--parent", "兰山区"]);
    expect(add.code, add.err).toBe(0);
    expect(add.out).toMatch(/^已添加街道（乡镇）「测试街道」，编码 371302\d{3}，上级兰山区。/);
    const rename = await wenxiao(["region", "rename", "测试街道", "新街道"]);
    expect(rename.out).toContain("已将「测试街道」");
    expect(rename.out).toContain("改名为「新街道」，原名已记入改名记录。");
    expect((await wenxiao(["region", "retire", "新街道"])).out).toMatch(/^已撤销「新街道」（371302\d{3}）。/);
    const list = JSON.parse((await wenxiao(["region", "list", "--json"])).out) as Region[];
    expect(list.find((x) => x.name === "新街道")).toMatchObject({ level: "street", retired: true });
    const tree = (await wenxiao(["region", "list"])).out;
    expect(tree).toMatch(/山东省\s+370000\s+省级\s+在用/);
    expect(tree).toMatch(/\n {4}兰山区\s+371302\s+县区\s+在用/);
    expect(tree).toMatch(/新街道\s+371302\d{3}\s+街道（乡镇）\s+已撤销/);
  });

  it("imports a workbook: a dry run prints the problems by row and writes nothing; a good file is written", async () => {
    const bad = path.join(dir(), "有问题的区划.xlsx");
    fs.writeFileSync(bad, await makeXlsx(["编码", "名称", "级别", "上级编码"], [["371399", "新区", "区", "371300"], ["371399001", "新街道", "街道", "379999"]]));
    const r = await wenxiao(["region", "import", bad, "--dry-run"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("有问题的区划.xlsx：读取 2 行；新增 1 行；已有、内容相同 0 行。");
    expect(r.err).toContain("第3行「上级编码」：上级编码「379999」不存在：既不在本文件中，也不是已有区划");
    expect(r.out).toContain("发现 1 处问题，未导入任何数据。");
    const commit = await wenxiao(["region", "import", bad]);
    expect(commit.code).toBe(1);
    expect(commit.err).toContain("未导入任何数据");

    const good = path.join(dir(), "区划.xlsx");
    fs.writeFileSync(good, await makeXlsx(["编码", "名称", "级别", "上级编码"], [["371399", "新区", "县区", "371300"], ["371399001", "新区街道", "街道", "371399"]]));
    const ok = await wenxiao(["region", "import", good]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain("已导入行政区划：新增 2 个区划。");
  });

  it("says in Chinese what is missing or wrong", async () => {
    expect((await wenxiao(["region", "add"])).err).toContain("请给出区划名称，或用 --code 指定全国区划编码");
    expect((await wenxiao(["region", "rename", "不存在的区", "x"])).err).toContain("找不到区划「不存在的区」");
    expect((await wenxiao(["region", "add", "--code", "371301"])).err).toContain("全国区划中没有编码为「371301」的省、市或县区");
    expect((await wenxiao(["region", "add", "某县", "--parent", "山东省", "--level", "county"])).err).toContain("上级「山东省」是省级，县区的上级应为市级");
  });
});
