/**
 * Uploaded workbooks over HTTP: read off the event loop, so the server answers others while a huge
 * file is read; a refused file (too many rows, too many imports at once) is a Chinese 4xx and writes
 * nothing; a date cell is still a date when it reaches the ledger.
 */
import { inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { payments } from "../db/schema";
import { createTestApp, type Client, type TestApp } from "../test/app";
import { emptyRowsWorkbook, hugeCellWorkbook } from "../test/big-workbooks";
import { engine } from "../test/db";
import { makeXlsx, multipart } from "../test/xlsx";
import { workbookReaders } from "./xlsx-read";

let t: TestApp;
let c: Client;
let fy: number;
let project: string;

const PAY = ["县区", "项目编号", "资金来源", "金额（元）", "支付日期", "凭证号", "备注"];
const row = (voucher: string, date: unknown = "2022-03-15") => ["河东区", project, "省级补助", 10, date, voucher, null];

beforeAll(async () => {
  t = await createTestApp();
  c = await t.as("caizheng");
  fy = JSON.parse((await c.inject("/api/fund-years")).body)[0].id;
  const summary = JSON.parse((await c.inject(`/api/funds/summary?fundYearId=${fy}`)).body);
  const hedong = summary.counties.find((x: { name: string }) => x.name === "河东区");
  project = JSON.parse((await c.inject(`/api/funds/counties/${hedong.id}?fundYearId=${fy}`)).body).projects[0].code;
});
afterAll(() => t?.close());
afterEach(() => {
  vi.unstubAllEnvs();
});

function upload(file: Buffer, options: { dryRun: boolean; name?: string }) {
  const { payload, headers } = multipart(options.name ?? "支付.xlsx", file);
  return c.inject({ method: "POST", url: `/api/imports/payments?fundYearId=${fy}&dryRun=${options.dryRun}`, payload, headers });
}

const stored = async (vouchers: string[]) =>
  (await t.db.db.select({ voucherNo: payments.voucherNo, paidOn: payments.paidOn }).from(payments).where(inArray(payments.voucherNo, vouchers))).map((p) => `${p.voucherNo} ${p.paidOn}`).sort();

/** Waits (bounded by the test's timeout) until `ready` holds. */
async function until(ready: () => boolean) {
  while (!ready()) await new Promise((r) => setTimeout(r, 10));
}

describe(`uploaded workbooks are read off the event loop (${engine})`, () => {
  it("a date cell in 支付日期 reaches the ledger as that day", async () => {
    const file = await makeXlsx(PAY, [row("XR-DATE-1", new Date(Date.UTC(2022, 2, 15))), row("XR-DATE-2", "2022-03-16")]);
    const dry = await upload(file, { dryRun: true });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(JSON.parse(dry.body).preview.map((p: Record<string, string>) => p.支付日期)).toEqual(["2022年3月15日", "2022年3月16日"]);
    expect((await upload(file, { dryRun: false })).statusCode).toBe(200);
    expect(await stored(["XR-DATE-1", "XR-DATE-2"])).toEqual(["XR-DATE-1 2022-03-15", "XR-DATE-2 2022-03-16"]);
  });

  it("/api/health answers while a file of a million empty rows is being read", { timeout: 180_000 }, async () => {
    const file = await emptyRowsWorkbook(PAY, [row("XR-SLOW-1")], 1_000_000);
    const finished: string[] = [];
    const importing = upload(file, { dryRun: true, name: "百万空行.xlsx" }).then((r) => (finished.push("import"), r));
    await until(() => workbookReaders.active > 0);
    const health = await t.app.inject("/api/health");
    finished.push("health");
    expect(health.statusCode).toBe(200);
    const r = await importing;
    expect(r.statusCode, r.body).toBe(200);
    expect(JSON.parse(r.body).rowCount).toBe(1);
    // Reading on the main thread, the answer to /api/health waited for the whole file (40 s and more).
    expect(finished).toEqual(["health", "import"]);
  });

  it("more uploads than WENXIAO_IMPORT_WORKERS + WENXIAO_IMPORT_QUEUE: the excess gets 429 in Chinese and writes nothing", { timeout: 120_000 }, async () => {
    vi.stubEnv("WENXIAO_IMPORT_WORKERS", "1");
    vi.stubEnv("WENXIAO_IMPORT_QUEUE", "2");
    // Another import holds the one worker until released, so four uploads meet a full house.
    let release!: () => void;
    const holder = workbookReaders.run({ concurrency: 1, queue: 2 }, () => new Promise<void>((r) => (release = r)), () => new Error("full"));
    const vouchers = ["XR-Q-1", "XR-Q-2", "XR-Q-3", "XR-Q-4"];
    const files = await Promise.all(vouchers.map((v) => makeXlsx(PAY, [row(v)])));
    let answered = 0;
    const requests = files.map((f, i) => upload(f, { dryRun: false, name: `并发${i + 1}.xlsx` }).then((r) => (answered++, r)));
    await until(() => workbookReaders.queued === 2 && answered === 2);
    release();
    await holder;
    const answers = await Promise.all(requests);

    const refused = answers.flatMap((r, i) => (r.statusCode === 429 ? [i] : []));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 200, 429, 429]);
    for (const i of refused) {
      expect(JSON.parse(answers[i].body).error).toEqual({ code: "RATE_LIMITED", message: `并发${i + 1}.xlsx：导入任务较多（正在读取 1 个文件，另有 2 个在排队），请稍后再试。` });
    }
    expect(await stored(vouchers)).toEqual(vouchers.filter((_, i) => !refused.includes(i)).map((v) => `${v} 2022-03-15`));
  });

  it("a file over WENXIAO_IMPORT_MAX_ROWS is a 422 naming the file, and nothing is written", async () => {
    vi.stubEnv("WENXIAO_IMPORT_MAX_ROWS", "2");
    const r = await upload(await makeXlsx(PAY, [row("XR-CAP-1"), row("XR-CAP-2"), row("XR-CAP-3")]), { dryRun: false, name: "三行.xlsx" });
    expect(r.statusCode).toBe(422);
    expect(JSON.parse(r.body).error.message).toBe("三行.xlsx：工作表“数据”的数据超过 2 行（第 4 行已是第 3 行数据），一个文件最多导入 2 行。请拆分成几个文件分别导入。");
    expect(await stored(["XR-CAP-1", "XR-CAP-2", "XR-CAP-3"])).toEqual([]);
  });

  it("a worker that runs out of memory is a 422, and the server goes on", { timeout: 60_000 }, async () => {
    vi.stubEnv("WENXIAO_IMPORT_WORKER_MB", "16");
    const r = await upload(await hugeCellWorkbook(PAY, 40_000_000), { dryRun: true, name: "巨型.xlsx" });
    expect(r.statusCode).toBe(422);
    expect(JSON.parse(r.body).error.message).toMatch(/^巨型\.xlsx：文件过大或格式异常，读取时超出了可用内存。/);
    expect((await t.app.inject("/api/health")).statusCode).toBe(200);
  });
});
