import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportResult } from "../../../contracts/imports";
import type { ProjectLedger, FundsSummary } from "../../../contracts/funds";
import { createTestApp, type Client } from "../../../test/app";
import { engine } from "../../../test/db";
import { makeXlsx, multipart, readXlsx } from "../../../test/xlsx";

let t: Awaited<ReturnType<typeof createTestApp>>;
let c: Client;
let fy: number;
let summary: FundsSummary;
/** A 河东区 project and its 省级补助 allocation, for payments that fit. */
let hedongProject: { code: string; id: number };
let lanshanProject: { code: string; name: string };

const PAY = ["县区", "项目编号", "资金来源", "金额（元）", "支付日期", "凭证号", "备注"];
const ALLOC = ["县区", "资金来源", "金额（万元）", "文号", "下达日期", "项目编号", "备注"];

beforeAll(async () => {
  t = await createTestApp();
  c = await t.as("caizheng");
  fy = JSON.parse((await c.inject("/api/fund-years")).body)[0].id;
  summary = JSON.parse((await c.inject(`/api/funds/summary?fundYearId=${fy}`)).body);
  const hedong = summary.counties.find((c) => c.name === "河东区")!;
  const lanshan = summary.counties.find((c) => c.name === "兰山区")!;
  const hd = JSON.parse((await c.inject(`/api/funds/counties/${hedong.id}?fundYearId=${fy}`)).body);
  const ls = JSON.parse((await c.inject(`/api/funds/counties/${lanshan.id}?fundYearId=${fy}`)).body);
  hedongProject = hd.projects[0];
  lanshanProject = ls.projects[0];
});
afterAll(() => t.close());

async function upload(kind: "payments" | "allocations", file: Buffer, options: { dryRun?: boolean; name?: string; as?: Client } = {}) {
  const { payload, headers } = multipart(options.name ?? "导入.xlsx", file);
  const r = await (options.as ?? c).inject({
    method: "POST",
    url: `/api/imports/${kind}?fundYearId=${fy}&dryRun=${options.dryRun ?? true}`,
    payload,
    headers,
  });
  return { status: r.statusCode, body: JSON.parse(r.body) };
}

const totals = async () => {
  const s: FundsSummary = JSON.parse((await c.inject(`/api/funds/summary?fundYearId=${fy}&asOf=2022-12-31`)).body);
  return { ...s.total, payments: s.counts.payments, allocations: s.counts.allocations };
};

const goodPayment = (voucher: string, yuan: number | string = 1000, date = "2022-03-15") => [
  "河东区",
  hedongProject.code,
  "省级补助",
  yuan,
  date,
  voucher,
  null,
];

/** Dry-runs one bad row among good ones and returns the problems. */
async function problemsOf(kind: "payments" | "allocations", rows: unknown[][]) {
  const headers = kind === "payments" ? PAY : ALLOC;
  const r = await upload(kind, await makeXlsx(headers, rows));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body as ImportResult).problems;
}

describe(`payment import checks every row (${engine})`, () => {
  it("names an unknown county with its row and column", async () => {
    const p = await problemsOf("payments", [goodPayment("T-1"), ["火星区", hedongProject.code, "省级补助", 10, "2022-03-15", "T-2", null]]);
    expect(p).toEqual([{ row: 3, column: "县区", message: expect.stringContaining("未知县区「火星区」") }]);
  });

  it("names an unknown funding source and lists the valid ones", async () => {
    const p = await problemsOf("payments", [["河东区", hedongProject.code, "天使投资", 10, "2022-03-15", "T-3", null]]);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ row: 2, column: "资金来源" });
    expect(p[0].message).toContain("未知资金来源「天使投资」");
    expect(p[0].message).toContain("中央补助");
  });

  it("refuses text, negative, zero and sub-分 amounts", async () => {
    const p = await problemsOf("payments", [
      goodPayment("T-4", "一千元"),
      goodPayment("T-5", -100),
      goodPayment("T-6", 0),
      goodPayment("T-7", 12.345),
      goodPayment("T-8", "500元"),
    ]);
    expect(p.map((x) => [x.row, x.column])).toEqual([
      [2, "金额（元）"],
      [3, "金额（元）"],
      [4, "金额（元）"],
      [5, "金额（元）"],
      [6, "金额（元）"],
    ]);
    expect(p[0].message).toContain("不是数字");
    expect(p[1].message).toContain("必须大于0");
    expect(p[3].message).toContain("精度");
  });

  it("refuses a date outside the fund year's payment window, and a date that is no date", async () => {
    const p = await problemsOf("payments", [goodPayment("T-9", 10, "2025-01-01"), goodPayment("T-10", 10, "2022-02-30"), goodPayment("T-11", 10, "2020-12-31")]);
    expect(p.map((x) => x.row)).toEqual([2, 3, 4]);
    expect(p[0].message).toContain("超出本年度允许的范围（2021年1月1日至2022年12月31日）");
    expect(p[1].message).toContain("不是有效日期");
  });

  it("refuses a voucher twice in one file, naming the first row", async () => {
    const p = await problemsOf("payments", [goodPayment("DUP-1"), goodPayment("DUP-2"), goodPayment("DUP-1")]);
    expect(p).toEqual([{ row: 4, column: "凭证号", message: "凭证号「DUP-1」与第2行重复" }]);
  });

  it("refuses a project of another county, and an unknown project", async () => {
    const p = await problemsOf("payments", [
      ["河东区", lanshanProject.code, "省级补助", 10, "2022-03-15", "T-12", null],
      ["河东区", "NO-SUCH", "省级补助", 10, "2022-03-15", "T-13", null],
    ]);
    expect(p[0].message).toContain("属于兰山区");
    expect(p[1].message).toContain("未知项目编号「NO-SUCH」");
  });

  it("refuses payments beyond what was allocated to that county and source", async () => {
    const hedong = summary.counties.find((c) => c.name === "河东区")!;
    const central = summary.sources.find((s) => s.name === "中央补助")!;
    const cell = summary.cells.find((c) => c.countyId === hedong.id && c.sourceId === central.id)!;
    // 中央 is paid in full by the 评价日: one more 元 passes the allocation.
    expect(cell.paidFen).toBe(cell.allocatedFen);
    const p = await problemsOf("payments", [["河东区", hedongProject.code, "中央补助", 1, "2022-09-01", "OVER-1", null]]);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ row: 2, column: "金额（元）" });
    expect(p[0].message).toMatch(/河东区中央补助累计支付将达 .* 万元，超过已下达的 1,459 万元/);
  });

  it("counts payments earlier in the same file toward the allocation", async () => {
    const hedong = summary.counties.find((c) => c.name === "河东区")!;
    const prov = summary.sources.find((s) => s.name === "省级补助")!;
    const ledger = JSON.parse((await c.inject(`/api/funds/payments?fundYearId=${fy}&countyId=${hedong.id}&sourceId=${prov.id}&asOf=2022-12-31&pageSize=1`)).body);
    const cell = summary.cells.find((c) => c.countyId === hedong.id && c.sourceId === prov.id)!;
    const room = cell.allocatedFen - ledger.sumFen; // what may still be paid, in 分
    const half = Math.floor(room / 2 / 100) + 1; // two halves pass it by a little
    const p = await problemsOf("payments", [goodPayment("HALF-1", half), goodPayment("HALF-2", half)]);
    expect(p.map((x) => x.row)).toEqual([3]);
  });

  it("names missing columns and what it found instead", async () => {
    const r = await upload("payments", await makeXlsx(["县名", "钱"], [["河东区", 1]]));
    expect(r.status).toBe(422);
    expect(r.body.error.message).toContain("缺少列：县区、项目编号、资金来源、支付日期、凭证号");
    expect(r.body.error.message).toContain("县名、钱");
  });

  it("refuses a file that is not a workbook, and says so with its name", async () => {
    const r = await upload("payments", Buffer.from("凭证号,金额\nA,1\n"), { name: "支付.xlsx" });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toContain("支付.xlsx");
    expect(r.body.error.message).toContain("不是有效的 .xlsx");
    const csv = await upload("payments", Buffer.from("a,b"), { name: "支付.csv" });
    expect(csv.body.error.message).toContain("只能上传 .xlsx 文件");
  });

  it("says so when the sheet has no rows", async () => {
    const p = await problemsOf("payments", []);
    expect(p[0].message).toContain("没有数据行");
  });
});

describe(`payment import is all-or-nothing and idempotent (${engine})`, () => {
  it("a dry run writes nothing and previews the rows", async () => {
    const before = await totals();
    const r = await upload("payments", await makeXlsx(PAY, [goodPayment("DRY-1", "1,234.50"), goodPayment("DRY-2", 100)]));
    expect(r.body).toMatchObject({ dryRun: true, rowCount: 2, newCount: 2, unchangedCount: 0, newAmountFen: 133_450, problems: [], batchId: null });
    expect(r.body.preview[0]).toMatchObject({ 行号: 2, 县区: "河东区", 凭证号: "DRY-1" });
    expect(await totals()).toEqual(before);
  });

  it("a file with one bad row among good ones leaves nothing behind", async () => {
    const before = await totals();
    const rows = [goodPayment("BAD-1"), goodPayment("BAD-2"), ["河东区", hedongProject.code, "省级补助", "abc", "2022-03-15", "BAD-3", null]];
    const r = await upload("payments", await makeXlsx(PAY, rows), { dryRun: false });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("IMPORT_INVALID");
    expect(r.body.error.message).toContain("未导入任何数据");
    expect(r.body.error.problems).toEqual([{ row: 4, column: "金额（元）", message: expect.stringContaining("不是数字") }]);
    expect(await totals()).toEqual(before);
  });

  it("commits a good file, and importing it again changes nothing", async () => {
    const before = await totals();
    const file = await makeXlsx(PAY, [goodPayment("OK-1", 5000), goodPayment("OK-2", "2500.5", "2022年4月1日")]);
    const first = await upload("payments", file, { dryRun: false });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ newCount: 2, newAmountFen: 750_050, dryRun: false });
    expect(first.body.batchId).toBeGreaterThan(0);
    const after = await totals();
    expect(after.paidFen - before.paidFen).toBe(750_050);
    expect(after.payments - before.payments).toBe(2);

    const again = await upload("payments", file, { dryRun: false });
    expect(again.body).toMatchObject({ newCount: 0, unchangedCount: 2, problems: [] });
    expect(await totals()).toEqual(after);

    const project: ProjectLedger = JSON.parse((await c.inject(`/api/funds/projects/${hedongProject.id}`)).body);
    expect(project.payments.find((p) => p.voucherNo === "OK-2")).toMatchObject({ amountFen: 250_050, paidOn: "2022-04-01" });
  });

  it("writes texts holding quotes, backslashes, commas, braces and the word NULL exactly as the file has them", async () => {
    const odd = [
      ["ODD-\"1\"", 'a "quoted", {braced} note'],
      ["ODD-\\2", "back\\slash \\\" both"],
      ["ODD-{3},x", "NULL"],
      ["NULL", null],
    ] as const;
    const rows = odd.map(([voucher, note]) => ["河东区", hedongProject.code, "省级补助", 1, "2022-03-15", voucher, note]);
    const file = await makeXlsx(PAY, rows);
    const first = await upload("payments", file, { dryRun: false });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ newCount: 4, problems: [] });
    const project: ProjectLedger = JSON.parse((await c.inject(`/api/funds/projects/${hedongProject.id}`)).body);
    for (const [voucher, note] of odd) expect(project.payments.find((p) => p.voucherNo === voucher), voucher).toMatchObject({ note, amountFen: 100 });
    // Looked up again by the same texts: every row is found unchanged.
    expect((await upload("payments", file, { dryRun: false })).body).toMatchObject({ newCount: 0, unchangedCount: 4 });
  });

  it("refuses a known voucher whose content changed", async () => {
    const p = await problemsOf("payments", [goodPayment("OK-1", 6000)]);
    expect(p[0]).toMatchObject({ row: 2, column: "凭证号" });
    expect(p[0].message).toContain("已导入过，但内容不同");
  });

  it("re-imports its own export without a change", async () => {
    const before = await totals();
    const r = await c.inject(`/api/funds/export.xlsx?fundYearId=${fy}&asOf=2022-12-31`);
    const wb = await readXlsx(r.rawPayload);
    const payments = wb.getWorksheet("支付明细")!.rowCount - 1;
    const allocations = wb.getWorksheet("下达明细")!.rowCount - 1;
    const pay = await upload("payments", r.rawPayload, { dryRun: false, name: "台账.xlsx" });
    expect(pay.body).toMatchObject({ rowCount: payments, newCount: 0, unchangedCount: payments, problems: [] });
    const alloc = await upload("allocations", r.rawPayload, { dryRun: false, name: "台账.xlsx" });
    expect(alloc.body).toMatchObject({ rowCount: allocations, newCount: 0, unchangedCount: allocations, problems: [] });
    expect(await totals()).toEqual(before);
  });
});

describe(`allocation import (${engine})`, () => {
  it("checks county, source, amount, 文号, date and duplicates", async () => {
    const p = await problemsOf("allocations", [
      ["兰山区", "市级补助", 100, "临财建〔2021〕99号", "2021-10-10", null, null],
      ["兰山区", "市级补助", 50, "临财建〔2021〕99号", "2021-10-11", null, null],
      ["兰山区", "市级补助", 50, null, "2021-10-11", null, null],
      ["兰山区", "市级补助", 50, "临财建〔2021〕100号", "2022-03-01", null, null],
      ["兰山区", "市级补助", 50, "临财建〔2021〕101号", "2021-10-11", "NOPE", null],
    ]);
    expect(p.map((x) => [x.row, x.column])).toEqual([
      [3, "文号"],
      [4, "文号"],
      [5, "下达日期"],
      [6, "项目编号"],
    ]);
    expect(p[0].message).toContain("与第2行重复");
    expect(p[2].message).toContain("2020年10月1日至2021年12月31日");
  });

  it("commits new money in 万元 exactly, then lets payments use it", async () => {
    const before = await totals();
    const r = await upload(
      "allocations",
      await makeXlsx(ALLOC, [["河东区", "县级配套", 239.9, "河财〔2021〕8号", "2021-11-20", hedongProject.code, "县级配套资金"]]),
      { dryRun: false },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.newAmountFen).toBe(239_900_000);
    expect((await totals()).allocatedFen - before.allocatedFen).toBe(239_900_000);
    const pay = await upload("payments", await makeXlsx(PAY, [["河东区", hedongProject.code, "县级配套", 2_399_000, "2022-05-05", "CTY-1", null]]), {
      dryRun: false,
    });
    expect(pay.status, JSON.stringify(pay.body)).toBe(200);
    const over = await problemsOf("payments", [["河东区", hedongProject.code, "县级配套", 0.01, "2022-05-06", "CTY-2", null]]);
    expect(over[0].message).toContain("超过已下达的 239.9 万元");
  });

  it("serves a template with Chinese headers that imports as an empty file", async () => {
    const r = await c.inject(`/api/imports/payments/template.xlsx?fundYearId=${fy}`);
    expect(r.statusCode).toBe(200);
    const wb = await readXlsx(r.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["资金支付", "参照", "填写说明"]);
    expect((wb.getWorksheet("资金支付")!.getRow(1).values as unknown[]).slice(1)).toEqual(PAY);
    const dry = await upload("payments", r.rawPayload);
    expect(dry.body.problems[0].message).toContain("没有数据行");
  });
});

describe(`amounts: 单笔上限, thousands separators and size (${engine})`, () => {
  const ALLOC_YUAN = ["县区", "资金来源", "金额（元）", "文号", "下达日期", "项目编号", "备注"];

  it("refuses an allocation of 90,071,992,547,409.91 元 by row, in 元 or 万元, as text or number, and the ledger stays whole", async () => {
    const before = await totals();
    for (const [headers, amount] of [
      [ALLOC_YUAN, 90_071_992_547_409.91],
      [ALLOC_YUAN, "90,071,992,547,409.91"],
      [ALLOC, "9007199254.740991"],
    ] as const) {
      const file = await makeXlsx([...headers], [["河东区", "市级补助", amount, "临财建〔2021〕900号", "2021-10-10", null, null]]);
      const dry = await upload("allocations", file);
      expect(dry.body.problems).toEqual([
        // A number cell keeps 15 significant digits in the workbook: …409.9 元.
        { row: 2, column: headers[2], message: expect.stringMatching(/^金额超过单笔上限 1,000,000 万元，请核对（本行为 9,007,199,254\.7409\d* 万元）$/) },
      ]);
      const commit = await upload("allocations", file, { dryRun: false });
      expect(commit.status).toBe(422);
      expect(commit.body.error.problems[0]).toMatchObject({ row: 2, column: headers[2] });
    }
    // The summary still answers (a sum past 2^53 分 made it 500), and nothing was written.
    expect(await totals()).toEqual(before);
  });

  it("takes exactly 100亿元 in one row, not a 分 more", async () => {
    const file = await makeXlsx(ALLOC_YUAN, [
      ["河东区", "市级补助", "10,000,000,000", "临财建〔2021〕901号", "2021-10-10", null, null],
      ["河东区", "市级补助", "10000000000.01", "临财建〔2021〕902号", "2021-10-10", null, null],
    ]);
    const r = await upload("allocations", file);
    expect(r.body.problems.map((p: { row: number }) => p.row)).toEqual([3]);
    expect(r.body.newAmountFen).toBe(1_000_000_000_000);
  });

  it("reads the bound from WENXIAO_MAX_ROW_AMOUNT_YUAN, for payments too", async () => {
    process.env.WENXIAO_MAX_ROW_AMOUNT_YUAN = "1000";
    try {
      const p = await problemsOf("payments", [goodPayment("LIM-1", 1000), goodPayment("LIM-2", "1000.01")]);
      expect(p).toEqual([{ row: 3, column: "金额（元）", message: "金额超过单笔上限 0.1 万元，请核对（本行为 0.100001 万元）" }]);
    } finally {
      delete process.env.WENXIAO_MAX_ROW_AMOUNT_YUAN;
    }
  });

  it("refuses a file whose rows, each within 单笔上限, would take the year's total past 2^53 分, and the ledger stays whole", async () => {
    const before = await totals();
    // 9,100 rows of 100亿元 each: 91万亿元 = 9.1 × 10^15 分 > 2^53 分. Each row alone is fine.
    const rows = Array.from({ length: 9_100 }, (_, i) => ["河东区", "市级补助", "10000000000", `临财建〔2021〕${2000 + i}号`, "2021-10-10", null, null]);
    const file = await makeXlsx(ALLOC_YUAN, rows);
    const dry = await upload("allocations", file);
    expect(dry.status).toBe(200);
    expect(dry.body.problems).toEqual([
      { row: null, column: "金额（元）", message: expect.stringMatching(/^写入后本资金年度的下达合计将达到 9,1\d{2},\d{3},\d{3}(\.\d+)? 万元，超过年度合计上限 100,000,000 万元，未写入。/) },
    ]);
    expect(dry.body.newCount).toBe(0);
    const commit = await upload("allocations", file, { dryRun: false });
    expect(commit.status).toBe(422);
    expect(commit.body.error.problems[0].message).toContain("超过年度合计上限");
    expect(await totals()).toEqual(before);
  });

  it("reads the year's bound from WENXIAO_MAX_YEAR_TOTAL_YUAN: exactly at it passes, a 分 more is refused", async () => {
    const before = await totals();
    const headroomYuan = (before.allocatedFen + 100_000) / 100; // the year's total now plus 1,000 元
    process.env.WENXIAO_MAX_YEAR_TOTAL_YUAN = String(headroomYuan);
    try {
      const at = await problemsOf("allocations", [["河东区", "市级补助", "0.1", "临财建〔2021〕950号", "2021-10-10", null, null]]);
      expect(at).toEqual([]);
      const over = await problemsOf("allocations", [["河东区", "市级补助", "0.100001", "临财建〔2021〕951号", "2021-10-10", null, null]]);
      expect(over).toEqual([{ row: null, column: "金额（万元）", message: expect.stringContaining("超过年度合计上限") }]);
    } finally {
      delete process.env.WENXIAO_MAX_YEAR_TOTAL_YUAN;
    }
  });

  it("reads a comma only as a thousands separator, and says a huge number is too large", async () => {
    const p = await problemsOf("payments", [
      goodPayment("COM-1", "10,50"),
      goodPayment("COM-2", "1,0,0"),
      goodPayment("COM-3", "1,234.50"),
      goodPayment("COM-4", "99999999999999999999"),
      goodPayment("COM-5", 99999999999999999999),
      goodPayment("COM-6", 12.345),
    ]);
    expect(p.map((x) => [x.row, x.column])).toEqual([
      [2, "金额（元）"],
      [3, "金额（元）"],
      [5, "金额（元）"],
      [6, "金额（元）"],
      [7, "金额（元）"],
    ]);
    expect(p[0].message).toBe("金额「10,50」中的逗号不是千位分隔符：逗号只能每三位一组（如 1,234,567.89），请删去逗号或改正");
    expect(p[1].message).toContain("逗号不是千位分隔符");
    expect(p[2].message).toBe("金额「99999999999999999999」过大，超出可记录的范围，请核对");
    expect(p[3].message).toContain("过大");
    expect(p[4].message).toContain("超出精度");
  });
});

describe(`text lengths are checked by row in the dry run (${engine})`, () => {
  it("refuses an over-long 备注, 凭证号 and 文号 by row, quoting none of it", async () => {
    const long = "注".repeat(100_000);
    const p = await problemsOf("payments", [
      ["河东区", hedongProject.code, "省级补助", 10, "2022-03-15", "LEN-1", "备".repeat(500)],
      ["河东区", hedongProject.code, "省级补助", 10, "2022-03-15", "LEN-2", "备".repeat(501)],
      ["河东区", hedongProject.code, "省级补助", 10, "2022-03-15", "V".repeat(65), null],
      ["河东区", hedongProject.code, "省级补助", 10, "2022-03-15", "LEN-3", long],
      [long, long, long, long, long, long, null],
    ]);
    expect(p.slice(0, 3)).toEqual([
      { row: 3, column: "备注", message: "备注过长：最多 500 个字符，本行为 501 个字符" },
      { row: 4, column: "凭证号", message: "凭证号过长：最多 64 个字符，本行为 65 个字符" },
      { row: 5, column: "备注", message: "备注过长：最多 500 个字符，本行为 100,000 个字符" },
    ]);
    expect(p.filter((x) => x.row === 6).map((x) => x.column)).toEqual(["县区", "资金来源", "项目编号", "金额（元）", "支付日期", "凭证号"]);
    expect(JSON.stringify(p).length).toBeLessThan(3000);
    const a = await problemsOf("allocations", [["河东区", "市级补助", 1, "文".repeat(101), "2021-10-10", null, "备".repeat(501)]]);
    expect(a).toEqual([
      { row: 2, column: "文号", message: "文号过长：最多 100 个字符，本行为 101 个字符" },
      { row: 2, column: "备注", message: "备注过长：最多 500 个字符，本行为 501 个字符" },
    ]);
  });

  it("a 凭证号 too long for the index is a row's problem at commit, not a 500", async () => {
    const before = await totals();
    const r = await upload("payments", await makeXlsx(PAY, [goodPayment("K".repeat(3000))]), { dryRun: false });
    expect(r.status).toBe(422);
    expect(r.body.error.problems).toEqual([{ row: 2, column: "凭证号", message: "凭证号过长：最多 64 个字符，本行为 3,000 个字符" }]);
    expect(await totals()).toEqual(before);
  });
});

describe(`a county's import names nothing of another county (${engine})`, () => {
  it("says only that another county's project is not the county's, as for an unknown one", async () => {
    const hedong = await t.as("hedong");
    const rows = [
      ["河东区", lanshanProject.code, "省级补助", 10, "2022-03-15", "DIS-1", null],
      ["河东区", "NO-SUCH", "省级补助", 10, "2022-03-15", "DIS-2", null],
    ];
    const r = await upload("payments", await makeXlsx(PAY, rows), { as: hedong });
    expect(r.body.problems).toEqual([
      { row: 2, column: "项目编号", message: `项目编号「${lanshanProject.code}」不是本县区（河东区）本年度的项目` },
      { row: 3, column: "项目编号", message: "项目编号「NO-SUCH」不是本县区（河东区）本年度的项目" },
    ]);
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(lanshanProject.name);
    expect(text).not.toContain("兰山区");
  });

  it("says only that another county's 凭证号 is taken, not what it paid", async () => {
    const hedong = await t.as("hedong");
    const lanshan = summary.counties.find((x) => x.name === "兰山区")!;
    const page = await c.get<{ items: { voucherNo: string; projectName: string }[] }>(
      `/api/funds/payments?fundYearId=${fy}&countyId=${lanshan.id}&asOf=2022-12-31&pageSize=1`,
    );
    const theirs = page.items[0];
    const r = await upload("payments", await makeXlsx(PAY, [goodPayment(theirs.voucherNo)]), { as: hedong });
    expect(r.body.problems).toEqual([{ row: 2, column: "凭证号", message: `凭证号「${theirs.voucherNo}」已被其他县区的支付使用，请核对凭证号` }]);
    expect(JSON.stringify(r.body)).not.toContain("兰山区");
  });
});
