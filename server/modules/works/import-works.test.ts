/**
 * 施工计划 from .xlsx through the one import pipeline: a dry run names each problem by row and column
 * and writes nothing; a file with one bad row is refused whole; a good file writes every row, notifies
 * the new conflict, and importing the same file again changes nothing; another operator's import
 * never touches this operator's works.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TableImportResult } from "../../../contracts/imports";
import type { Problem } from "../../../contracts/errors";
import type { Conflict, SharedCommunity, Work } from "../../../contracts/works";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { makeXlsx, multipart } from "../../../test/xlsx";

let t: TestApp;
let gas: Client;
let water: Client;
let finance: Client;
let community: SharedCommunity;

beforeAll(async () => {
  t = await createTestApp();
  gas = await t.as("ranqi");
  water = await t.as("zhuanying");
  finance = await t.as("caizheng");
  const list = await gas.get<SharedCommunity[]>("/api/works/communities?fundYearId=1");
  const busy = new Set((await gas.get<Work[]>("/api/works")).map((w) => w.communityId));
  community = list.find((c) => !busy.has(c.id) && c.project?.plannedStartOn)!;
});
afterAll(() => t.close());

const HEADERS = ["小区编码", "专业", "施工内容", "计划开始日期", "计划完成日期", "是否开挖", "状态"];
async function upload(c: Client, rows: unknown[][], dryRun: boolean) {
  const file = await makeXlsx(HEADERS, rows);
  const r = await c.inject({ method: "POST", url: `/api/works/import?dryRun=${dryRun}`, ...multipart("施工计划.xlsx", file) });
  return { status: r.statusCode, body: JSON.parse(r.body) as TableImportResult & { error?: { message: string; problems: Problem[] } } };
}
const problems = (b: { problems?: Problem[]; error?: { problems: Problem[] } }) => (b.problems ?? b.error?.problems ?? []).map((p) => `第${p.row}行「${p.column}」${p.message}`);

describe("施工计划 import", () => {
  it("a dry run names every problem by row and column and writes nothing", async () => {
    const before = (await gas.get<Work[]>("/api/works")).length;
    const dry = await upload(
      gas,
      [
        ["XQ-NONE", "燃气", "庭院管网", "2021-05-01", "2021-05-20", "是", ""],
        [community.code, "供水", "换表", "2021-05-01", "2021-05-20", "", ""],
        [community.code, "燃气", "", "2021-13-01", "2021-05-20", "也许", "进行中"],
        [community.code, "燃气", "调压箱", "2021-06-10", "2021-06-01", "", ""],
      ],
      true,
    );
    expect(dry.status).toBe(200);
    expect(problems(dry.body)).toEqual([
      "第2行「小区编码」小区编码「XQ-NONE」不存在或不在本单位的服务区域内",
      "第3行「专业」本单位的专业为燃气，不能登记「供水」施工",
      "第4行「施工内容」请填写施工内容（管线、表具、线缆或设备）",
      "第4行「计划开始日期」「2021-13-01」不是有效日期，请写作 2021-03-15",
      "第4行「是否开挖」「也许」应填 是 或 否（不填按本市规则：供水、排水、燃气、供热默认开挖）",
      "第4行「状态」状态「进行中」应为计划、施工中、已完成、已取消之一（不填为 计划）",
      "第5行「计划完成日期」计划完成日期（2021-06-01）早于计划开始日期（2021-06-10）",
    ]);
    const commit = await upload(gas, [["XQ-NONE", "燃气", "庭院管网", "2021-05-01", "2021-05-20", "是", ""], [community.code, "燃气", "调压箱", "2021-05-01", "2021-05-20", "", ""]], false);
    expect(commit.status).toBe(422);
    expect(commit.body.error!.message).toBe("施工计划.xlsx：发现 1 处问题，未导入任何数据。请按提示修改后重新上传。");
    expect((await gas.get<Work[]>("/api/works")).length).toBe(before);
  });

  it("writes every row, finds the new conflict with the renovation, and a second import changes nothing", async () => {
    // Two digging windows in one courtyard, months apart from the renovation's own 开工..完工.
    const rows = [
      [community.code, "燃气", "庭院燃气管网改造", "2020-03-01", "2020-03-20", "", ""],
      [community.code, "燃气", "更换调压箱 2 台", "2020-04-01", "2020-04-05", "否", "施工中"],
    ];
    const dry = await upload(gas, rows, true);
    expect(dry.body).toMatchObject({ newCount: 2, unchangedCount: 0, problems: [] });
    expect(dry.body.preview[0]).toMatchObject({ 小区编码: community.code, 小区: community.name, 是否开挖: "是", 状态: "计划" });
    const done = await upload(gas, rows, false);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.summary).toBe("临沂市燃气有限公司（示例）新增 2 项施工计划");
    const mine = (await gas.get<Work[]>("/api/works")).filter((w) => w.communityId === community.id);
    expect(mine.map((w) => [w.scope, w.digs, w.status])).toEqual([
      ["庭院燃气管网改造", true, "计划"],
      ["更换调压箱 2 台", false, "施工中"],
    ]);
    const conflicts = await finance.get<Conflict[]>("/api/works/conflicts?open=true");
    expect(conflicts.some((c) => c.communityId === community.id && c.renovation !== null)).toBe(true);
    const again = await upload(gas, rows, false);
    expect(again.body).toMatchObject({ newCount: 0, unchangedCount: 2, summary: "施工计划.xlsx：没有新数据，未写入" });
  });

  it("is refused to accounts that are not an operator, and the template lists the operator's works", async () => {
    expect((await upload(finance, [[community.code, "燃气", "x", "2021-01-01", "2021-01-02", "", ""]], true)).status).toBe(403);
    const tpl = await gas.inject("/api/works/import/template.xlsx");
    expect(tpl.statusCode).toBe(200);
    expect(tpl.headers["content-disposition"]).toContain(encodeURIComponent("施工计划导入模板.xlsx"));
    // Water's import of the same rows is its own: refused for a kind it does not have.
    const w = await upload(water, [[community.code, "燃气", "庭院燃气管网改造", "2020-03-01", "2020-03-20", "", ""]], true);
    expect(problems(w.body)).toEqual(["第2行「专业」本单位的专业为供水、排水，不能登记「燃气」施工"]);
  });
});
