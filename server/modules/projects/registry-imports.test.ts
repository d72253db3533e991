import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RegistryImportResult, CommunityPage, ProjectDetail, ProjectPage, Targets } from "../../../contracts/projects";
import type { FundsSummary } from "../../../contracts/funds";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { makeXlsx, multipart, readXlsx } from "../../../test/xlsx";

let t: TestApp;
let c: Client;
let fy: number;
beforeAll(async () => {
  t = await createTestApp();
  c = await t.as("caizheng");
  fy = (await c.get<{ id: number }[]>("/api/fund-years"))[0].id;
});
afterAll(() => t.close());

const COMMUNITY_HEADERS = ["县区", "小区编号", "小区名称", "街道", "建成年份", "楼栋数", "户数", "建筑面积（㎡）", "物业管理模式", "物业费收缴率（%）"];

async function upload(client: Client, kind: string, file: Buffer, dryRun: boolean, name = `${kind}.xlsx`) {
  const r = await client.inject({ method: "POST", url: `/api/registry-imports/${kind}?fundYearId=${fy}&dryRun=${dryRun}`, ...multipart(name, file) });
  return { status: r.statusCode, body: JSON.parse(r.body) as RegistryImportResult & { error?: { message: string; problems: { row: number; column: string; message: string }[] } } };
}
const messages = (b: { problems?: { row: number | null; column: string | null; message: string }[]; error?: { problems: { row: number | null; column: string | null; message: string }[] } }) =>
  (b.problems ?? b.error?.problems ?? []).map((p) => `第${p.row}行「${p.column}」${p.message}`);

describe(`community import (${engine})`, () => {
  const good = () =>
    makeXlsx(COMMUNITY_HEADERS, [
      ["河东区", "TEST-0001", "测试一号院", "九曲街道", 1995, 6, 180, 15_230.5, "专业物业", 72.5],
      ["河东区", "TEST-0002", "测试二号院", "九曲街道", 2003, 3, 64, "5800", "", ""],
    ]);

  it("checks without writing, then writes all rows, and a re-import of the same file changes nothing", async () => {
    const file = await good();
    const dry = await upload(c, "communities", file, true);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, rowCount: 2, newCount: 2, updatedCount: 0, unchangedCount: 0, problems: [] });
    expect(dry.body.preview[0]).toMatchObject({ 行号: 2, 操作: "新增", 小区编号: "TEST-0001", "建筑面积（㎡）": "15230.50" });
    const none = await c.get<CommunityPage>(`/api/communities?fundYearId=${fy}&q=TEST-`);
    expect(none.total).toBe(0);
    const commit = await upload(c, "communities", file, false);
    expect(commit.body).toMatchObject({ newCount: 2, problems: [] });
    const list = await c.get<CommunityPage>(`/api/communities?fundYearId=${fy}&q=TEST-`);
    expect(list.items.map((x) => [x.code, x.households, x.floorAreaDm2, x.propertyMode, x.feeCollectionBp])).toEqual([
      ["TEST-0001", 180, 1_523_050, "professional", 7250],
      ["TEST-0002", 64, 580_000, "none", null],
    ]);
    const again = await upload(c, "communities", file, false);
    expect(again.body).toMatchObject({ newCount: 0, updatedCount: 0, unchangedCount: 2 });
  });

  it("a changed row updates its community", async () => {
    const file = await makeXlsx(COMMUNITY_HEADERS, [["河东区", "TEST-0002", "测试二号院", "九曲街道", 2003, 3, 66, "5800", "居民自管", ""]]);
    const r = await upload(c, "communities", file, false);
    expect(r.body).toMatchObject({ newCount: 0, updatedCount: 1 });
    expect((await c.get<CommunityPage>(`/api/communities?fundYearId=${fy}&q=TEST-0002`)).items[0]).toMatchObject({ households: 66, propertyMode: "self" });
  });

  it("names row and column of each problem: a build year in the future, households not whole, an area with a unit, an unknown county", async () => {
    const file = await makeXlsx(COMMUNITY_HEADERS, [
      ["河东区", "BAD-1", "未来小区", "", 2099, 1, 10, 100, "", ""],
      ["河东区", "BAD-2", "半户小区", "", 1990, 1, 12.5, 100, "", ""],
      ["河东区", "BAD-3", "单位小区", "", 1990, 1, 10, "1200㎡", "", ""],
      ["火星区", "BAD-4", "外星小区", "", 1990, 1, 10, 100, "", ""],
      ["河东区", "BAD-5", "收缴小区", "", 1990, 1, 10, 100, "物业公司", 120],
      ["河东区", "BAD-1", "重复小区", "", 1990, 1, 10, 100, "", ""],
    ]);
    const r = await upload(c, "communities", file, true);
    expect(r.status).toBe(200);
    expect(messages(r.body)).toEqual([
      "第2行「建成年份」建成年份 2099 晚于今年（" + new Date().getFullYear() + "年），请核对",
      "第3行「户数」户数「12.5」不是整数",
      "第4行「建筑面积（㎡）」「1200㎡」不是数字：只填数字，不要带单位（单位见列名「建筑面积（㎡）」）",
      "第5行「县区」未知县区「火星区」，应为本市县区之一：兰山区、罗庄区、河东区、沂南县、郯城县、沂水县、兰陵县、平邑县、费县、莒南县、蒙阴县、临沭县",
      "第6行「物业费收缴率（%）」物业费收缴率（%）不能大于100，本行为 120",
      "第7行「小区编号」小区编号「BAD-1」与第2行重复",
    ]);
    expect(r.body.preview).toEqual([]);
    // A commit of the same file is refused whole.
    const commit = await upload(c, "communities", file, false);
    expect(commit.status).toBe(422);
    expect(commit.body.error!.message).toContain("未导入任何数据");
    expect((await c.get<CommunityPage>(`/api/communities?fundYearId=${fy}&q=BAD-`)).total).toBe(0);
  });

  it("a county user imports only their own county's communities", async () => {
    const hedong = await t.as("hedong");
    const r = await upload(hedong, "communities", await makeXlsx(COMMUNITY_HEADERS, [["兰山区", "X-1", "别县小区", "", 1990, 1, 10, 100, "", ""]]), true);
    expect(messages(r.body)).toEqual(["第2行「县区」县区「兰山区」不是您所属的县区（河东区），不能导入其他县区的数据"]);
  });

  it("tells which headers are missing when the sheet is not a community sheet", async () => {
    const r = await upload(c, "communities", await makeXlsx(["县区", "名称"], [["河东区", "x"]]), true);
    expect(r.status).toBe(422);
    expect(r.body.error!.message).toContain("缺少列：小区编号、小区名称、建成年份、楼栋数、户数、建筑面积（㎡）");
  });
});

const PROJECT_HEADERS = ["县区", "项目编号", "项目名称", "实施主体", "小区编号", "实际开工日期", "实际完工日期", "中央补助（万元）", "居民出资（万元）"];

describe(`project import (${engine})`, () => {
  it("a community may be in only one project of a year: twice in the file, or already in another project", async () => {
    const court = (await c.get<CommunityPage>(`/api/communities?fundYearId=${fy}&q=${encodeURIComponent("河东法院家属院")}`)).items[0];
    const r = await upload(
      c,
      "projects",
      await makeXlsx(PROJECT_HEADERS, [
        ["河东区", "371312-2021-901", "测试甲项目", "", "TEST-0001", "", "", "", ""],
        ["河东区", "371312-2021-902", "测试乙项目", "", "TEST-0001", "", "", "", ""],
        ["河东区", "371312-2021-903", "测试丙项目", "", court.code, "", "", "", ""],
      ]),
      true,
    );
    expect(messages(r.body)).toEqual([
      "第3行「小区编号」小区「TEST-0001 测试一号院」同时列在第2行的项目「371312-2021-901」中：同一小区一年只能属于一个项目",
      `第4行「小区编号」小区「${court.code} 河东法院家属院」已属于本年度项目「371312-2021-001」：同一小区一年只能属于一个项目`,
    ]);
  });

  it("imports a new project with its communities and money; its status follows its dates; its funding mix is computed", async () => {
    const file = await makeXlsx(PROJECT_HEADERS, [["河东区", "371312-2021-901", "测试甲项目", "临沂城发城建开发有限公司", "TEST-0001、TEST-0002", "2021-05-01", "2021-11-30", 80, 20]]);
    const r = await upload(c, "projects", file, false);
    expect(r.body, JSON.stringify(r.body)).toMatchObject({ newCount: 1, problems: [] });
    const page = await c.get<ProjectPage>(`/api/projects?fundYearId=${fy}&q=371312-2021-901`);
    const p = page.items[0];
    expect(p).toMatchObject({ status: "completed", communityCount: 2, households: 246 });
    expect(p.funding).toMatchObject({ totalFen: 100_000_000, nonFiscalFen: 20_000_000, nonFiscalBp: 2000, reachesThreshold: true });
    expect((await upload(c, "projects", file, false)).body).toMatchObject({ newCount: 0, updatedCount: 0, unchangedCount: 1 });
    // The registry now knows who renovated TEST-0001.
    const community = (await c.get<CommunityPage>(`/api/communities?fundYearId=${fy}&q=TEST-0001`)).items[0];
    expect(community.renovations[0].project?.code).toBe("371312-2021-901");
    // A project imported here is in the ledger's project list too (one project table).
    const ledger = await c.get<FundsSummary>(`/api/funds/summary?fundYearId=${fy}`);
    expect(ledger.counts.projects).toBe(308);
  });

  it("refuses dates out of order and an unknown funding-source column", async () => {
    const r = await upload(
      c,
      "projects",
      await makeXlsx([...PROJECT_HEADERS, "彩票公益金（万元）"], [["河东区", "371312-2021-904", "测试丁项目", "", "", "2021-12-01", "2021-06-01", "", "", 1]]),
      true,
    );
    expect(messages(r.body)).toEqual([
      "第null行「彩票公益金（万元）」未知资金来源列「彩票公益金（万元）」，资金来源应为：中央补助、省级补助、市级补助、县级配套、专项债券、居民出资、原产权单位出资、企业/社会资本、专营单位出资、银行贷款",
      "第2行「实际完工日期」实际完工日期不能早于实际开工日期",
    ]);
  });
});

const CONTENT_HEADERS = ["项目编号", "小区编号", "改造类别", "改造内容", "数量", "单位", "金额（万元）"];

describe(`contents and targets import (${engine})`, () => {
  it("imports contents from the catalogue, and names unknown items, wrong classes and foreign communities", async () => {
    let r = await upload(
      c,
      "contents",
      await makeXlsx(CONTENT_HEADERS, [
        ["371312-2021-901", "TEST-0001", "基础类", "道路修缮", 1250.5, "㎡", 60],
        ["371312-2021-901", "", "", "加装电梯", 1, "", 40],
      ]),
      false,
    );
    expect(r.body).toMatchObject({ newCount: 2, problems: [] });
    const p = (await c.get<ProjectPage>(`/api/projects?fundYearId=${fy}&q=371312-2021-901`)).items[0];
    const d = await c.get<ProjectDetail>(`/api/projects/${p.id}`);
    expect(d.contents.map((x) => [x.item.name, x.quantity, x.unit, x.costFen, x.community?.code ?? null])).toEqual([
      ["道路修缮", "1250.5", "㎡", 60_000_000, "TEST-0001"],
      ["加装电梯", "1", "部", 40_000_000, null],
    ]);
    r = await upload(
      c,
      "contents",
      await makeXlsx(CONTENT_HEADERS, [
        ["371312-2021-901", "", "", "空中花园", 1, "", 1],
        ["371312-2021-901", "", "提升类", "道路修缮", 1, "", 1],
        ["371312-2021-901", "371302-0001", "", "照明设施", 1, "", 1],
        ["371312-2021-999", "", "", "照明设施", "约10", "", 1],
      ]),
      true,
    );
    expect(messages(r.body)).toEqual([
      "第2行「改造内容」改造内容目录中没有「空中花园」，请从「参照」工作表中选择",
      "第3行「改造类别」「道路修缮」属于基础类，不是提升类",
      "第4行「小区编号」小区编号「371302-0001」不在项目「371312-2021-901」的小区中（该项目的小区：TEST-0001、TEST-0002）",
      "第5行「项目编号」未知项目编号「371312-2021-999」：本年度没有这个项目，请先导入项目",
      "第5行「数量」「约10」不是数字",
    ]);
  });

  it("imports targets: a registry metric must keep its unit, and the new target shows its actual", async () => {
    const headers = ["范围", "指标名称", "计算口径", "单位", "指标方向", "目标值", "实际值"];
    let r = await upload(c, "targets", await makeXlsx(headers, [["河东区", "改造面积", "改造建筑面积", "㎡", "正向", 40, ""]]), true);
    expect(messages(r.body)).toEqual(["第2行「单位」「改造建筑面积」的单位应为「万㎡」，本行为「㎡」"]);
    r = await upload(c, "targets", await makeXlsx(headers, [["河东区", "完工率", "完工率", "%", "正向", 95, ""], ["全市", "群众知晓率", "", "%", "", 80, 86.5]]), false);
    expect(r.body).toMatchObject({ newCount: 2, problems: [] });
    const targets = await c.get<Targets>(`/api/targets?fundYearId=${fy}`);
    const hedong = targets.scopes.find((s) => s.county?.name === "河东区")!.targets.find((x) => x.indicator === "完工率")!;
    expect(hedong).toMatchObject({ target: "95", actual: "100", actualFrom: "registry", met: true });
    const city = targets.scopes.find((s) => s.county === null)!.targets.find((x) => x.indicator === "群众知晓率")!;
    expect(city).toMatchObject({ actual: "86.5", actualFrom: "manual", completionBp: 10813 });
  });

  it("a county user may not set targets", async () => {
    const hedong = await t.as("hedong");
    const r = await upload(hedong, "targets", await makeXlsx(["范围"], [["河东区"]]), true);
    expect(r.status).toBe(403);
  });
});

describe(`export (${engine})`, () => {
  it("exports projects, communities, contents and targets under the import headers: re-importing changes nothing", async () => {
    const r = await c.inject(`/api/projects/export.xlsx?fundYearId=${fy}`);
    expect(r.statusCode).toBe(200);
    const wb = await readXlsx(r.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["项目", "小区", "改造内容", "绩效目标"]);
    expect(wb.getWorksheet("项目")!.rowCount - 1).toBe(308);
    for (const kind of ["communities", "projects", "contents", "targets"]) {
      const back = await upload(c, kind, r.rawPayload, true, "导出.xlsx");
      expect(back.status, kind).toBe(200);
      expect(back.body.problems, kind).toEqual([]);
      expect([back.body.newCount, back.body.updatedCount], kind).toEqual([0, 0]);
      expect(back.body.unchangedCount, kind).toBe(back.body.rowCount);
    }
  });

  it("gives a county user their own county only", async () => {
    const hedong = await t.as("hedong");
    const wb = await readXlsx((await hedong.inject(`/api/projects/export.xlsx?fundYearId=${fy}`)).rawPayload);
    const counties = new Set<string>();
    wb.getWorksheet("项目")!.eachRow((row, i) => i > 1 && counties.add(String(row.getCell(1).value)));
    expect([...counties]).toEqual(["河东区"]);
  });

  it("offers a template per kind with the catalogue to pick from", async () => {
    const r = await c.inject(`/api/registry-imports/contents/template.xlsx?fundYearId=${fy}`);
    expect(r.statusCode).toBe(200);
    const wb = await readXlsx(r.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["改造内容", "参照", "填写说明"]);
    const ref = wb.getWorksheet("参照")!;
    expect(ref.getRow(2).values).toEqual([undefined, "基础类", "拆违拆临", "㎡"]);
  });
});

describe(`county users and other counties' records in imports (${engine})`, () => {
  it("a county user learns only that another county's number is taken, not whose it is", async () => {
    const hedong = await t.as("hedong");
    const lanshan = (await c.get<CommunityPage>(`/api/communities?fundYearId=${fy}&q=371302-0001`)).items[0];
    const r = await upload(hedong, "communities", await makeXlsx(COMMUNITY_HEADERS, [["河东区", lanshan.code, "借用编号", "", 1990, 1, 10, 100, "", ""]]), true);
    expect(messages(r.body)).toEqual([`第2行「小区编号」小区编号「${lanshan.code}」已被其他县区的小区使用，请换一个编号`]);
    expect(JSON.stringify(r.body)).not.toContain(lanshan.name);
  });
});

describe(`registry imports: 单笔上限, number formats and text lengths (${engine})`, () => {
  it("refuses a planned investment or a content's cost above the per-row bound", async () => {
    const p = await upload(c, "projects", await makeXlsx(PROJECT_HEADERS, [["河东区", "371312-2021-950", "上限项目", "", "", "", "", 1_000_001, 1_000_000]]), true);
    expect(messages(p.body)).toEqual(["第2行「中央补助（万元）」金额超过单笔上限 1,000,000 万元，请核对（本行为 1,000,001 万元）"]);
    const big = await upload(c, "projects", await makeXlsx(PROJECT_HEADERS, [["河东区", "371312-2021-950", "上限项目", "", "", "", "", "99999999999999999999", ""]]), true);
    expect(messages(big.body)).toEqual(["第2行「中央补助（万元）」金额「99999999999999999999」过大，超出可记录的范围，请核对"]);
    const q = await upload(c, "contents", await makeXlsx(CONTENT_HEADERS, [["371312-2021-001", "", "", "加装电梯", 1, "", "9,007,199,254.740991"]]), true);
    expect(messages(q.body)).toEqual(["第2行「金额（万元）」金额超过单笔上限 1,000,000 万元，请核对（本行为 9,007,199,254.740991 万元）"]);
  });

  it("refuses a file that would take the year's 计划投资 or 改造内容金额 past 年度合计上限, counting replaced rows once", async () => {
    // 10 projects of 100亿元 + 100亿元 = 2000亿元 with a bound of 1000亿元 (WENXIAO_MAX_YEAR_TOTAL_YUAN), then
    // two contents of 100亿元 with a bound of 100亿元.
    process.env.WENXIAO_MAX_YEAR_TOTAL_YUAN = "100000000000";
    try {
      const rows = Array.from({ length: 10 }, (_, i) => ["河东区", `371312-2021-${960 + i}`, `合计上限项目${i}`, "", "", "", "", 1_000_000, 1_000_000]);
      const p = await upload(c, "projects", await makeXlsx(PROJECT_HEADERS, rows), true);
      expect(p.status).toBe(200);
      expect(p.body.problems).toEqual([{ row: null, column: null, message: expect.stringMatching(/^写入后本资金年度的计划投资合计将达到 20,\d{3},\d{3}(\.\d+)? 万元，超过年度合计上限 10,000,000 万元，未写入。/) }]);
      expect(p.body.newCount).toBe(0);
      const commit = await upload(c, "projects", await makeXlsx(PROJECT_HEADERS, rows), false);
      expect(commit.status).toBe(422);
      process.env.WENXIAO_MAX_YEAR_TOTAL_YUAN = "10000000000";
      const q = await upload(c, "contents", await makeXlsx(CONTENT_HEADERS, [["371312-2021-001", "", "", "加装电梯", 1, "", 1_000_000], ["371312-2021-001", "", "", "雨污分流", 1, "", 1_000_000]]), true);
      expect(messages(q.body)).toEqual([expect.stringContaining("改造内容金额合计将达到 2,")]);
    } finally {
      delete process.env.WENXIAO_MAX_YEAR_TOTAL_YUAN;
    }
    const list = await c.get<ProjectPage>(`/api/projects?fundYearId=${fy}&q=合计上限项目`);
    expect(list.total).toBe(0);
  });

  it("reads a comma in a number only as a thousands separator", async () => {
    const r = await upload(
      c,
      "communities",
      await makeXlsx(COMMUNITY_HEADERS, [
        ["河东区", "FMT-1", "逗号小区", "", 1990, 1, "1,0,0", "1,234.5", "", ""],
        ["河东区", "FMT-2", "逗号小区二", "", 1990, 1, "1,000", "10,50", "", ""],
      ]),
      true,
    );
    expect(messages(r.body)).toEqual([
      "第2行「户数」「1,0,0」中的逗号不是千位分隔符：逗号只能每三位一组（如 1,234,567），请删去逗号或改正",
      "第3行「建筑面积（㎡）」「10,50」中的逗号不是千位分隔符：逗号只能每三位一组（如 1,234,567），请删去逗号或改正",
    ]);
  });

  it("checks every text column's length by row in the dry run", async () => {
    const communities = await upload(
      c,
      "communities",
      await makeXlsx([...COMMUNITY_HEADERS, "备注"], [
        ["河东区", "C".repeat(51), "名".repeat(101), "街".repeat(101), 1990, 1, 10, 100, "", "", "备".repeat(501)],
        ["县".repeat(200_000), "LEN-OK", "小区", "", 1990, 1, 10, 100, "", "", ""],
      ]),
      true,
    );
    expect(messages(communities.body)).toEqual([
      "第2行「小区编号」小区编号过长：最多 50 个字符，本行为 51 个字符",
      "第2行「小区名称」小区名称过长：最多 100 个字符，本行为 101 个字符",
      "第2行「备注」备注过长：最多 500 个字符，本行为 501 个字符",
      "第2行「街道」街道过长：最多 100 个字符，本行为 101 个字符",
      "第3行「县区」县区过长：最多 100 个字符，本行为 200,000 个字符",
    ]);
    const projects = await upload(
      c,
      "projects",
      await makeXlsx([...PROJECT_HEADERS, "项目简介"], [["河东区", "371312-2021-951", "项".repeat(201), "主".repeat(201), "X".repeat(51), "", "", "", "", "简".repeat(2001)]]),
      true,
    );
    expect(messages(projects.body)).toEqual([
      "第2行「项目名称」项目名称过长：最多 200 个字符，本行为 201 个字符",
      `第2行「小区编号」小区编号「${"X".repeat(40)}…（共 51 个字符）」过长：最多 50 个字符，本行为 51 个字符`,
      "第2行「实施主体」实施主体过长：最多 200 个字符，本行为 201 个字符",
      "第2行「项目简介」项目简介过长：最多 2000 个字符，本行为 2,001 个字符",
    ]);
    const contents = await upload(c, "contents", await makeXlsx([...CONTENT_HEADERS, "备注"], [["371312-2021-001", "", "", "加装电梯", 1, "单".repeat(21), 1, "备".repeat(501)]]), true);
    expect(messages(contents.body)).toEqual(["第2行「单位」单位过长：最多 20 个字符，本行为 21 个字符", "第2行「备注」备注过长：最多 500 个字符，本行为 501 个字符"]);
    const targets = await upload(c, "targets", await makeXlsx(["范围", "指标名称", "单位", "目标值", "备注"], [["全市", "指".repeat(101), "%", 1, "备".repeat(501)]]), true);
    expect(messages(targets.body)).toEqual(["第2行「指标名称」指标名称过长：最多 100 个字符，本行为 101 个字符", "第2行「备注」备注过长：最多 500 个字符，本行为 501 个字符"]);
  });
});

describe(`a county's registry import names nothing of another county (${engine})`, () => {
  it("another county's project in a contents row: only that it is not the county's, as for an unknown one", async () => {
    const hedong = await t.as("hedong");
    const lanshan = (await c.get<ProjectPage>(`/api/projects?fundYearId=${fy}&q=371302-2021`)).items[0];
    const r = await upload(
      hedong,
      "contents",
      await makeXlsx(CONTENT_HEADERS, [
        [lanshan.code, "NOT-THERE", "", "加装电梯", 1, "", 1],
        ["371312-2021-999", "", "", "加装电梯", 1, "", 1],
      ]),
      true,
    );
    expect(messages(r.body)).toEqual([
      `第2行「项目编号」项目编号「${lanshan.code}」不是本县区（河东区）本年度的项目，请核对；新项目请先导入项目`,
      "第3行「项目编号」项目编号「371312-2021-999」不是本县区（河东区）本年度的项目，请核对；新项目请先导入项目",
    ]);
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(lanshan.name);
    expect(text).not.toContain("该项目的小区");
  });

  it("another county's community in a project row: not its name, whatever the row's 县区", async () => {
    const hedong = await t.as("hedong");
    const lanshan = (await c.get<CommunityPage>(`/api/communities?fundYearId=${fy}&q=371302-0001`)).items[0];
    const r = await upload(
      hedong,
      "projects",
      await makeXlsx(PROJECT_HEADERS, [
        ["河东区", "371312-2021-952", "借小区项目", "", lanshan.code, "", "", "", ""],
        ["兰山区", "371312-2021-953", "别县项目", "", lanshan.code, "", "", "", ""],
      ]),
      true,
    );
    expect(messages(r.body)).toEqual([
      `第2行「小区编号」小区编号「${lanshan.code}」不是本县区（河东区）的小区`,
      "第3行「县区」县区「兰山区」不是您所属的县区（河东区），不能导入其他县区的数据",
      `第3行「小区编号」小区编号「${lanshan.code}」不是本县区（河东区）的小区`,
    ]);
    expect(JSON.stringify(r.body)).not.toContain(lanshan.name);
  });
});
