import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Submission } from "../../../contracts/review";
import type { CountyLedger, FundsSummary } from "../../../contracts/funds";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { makeXlsx, multipart } from "../../../test/xlsx";

let t: TestApp;
let lanshan: Client;
let finance: Client;
let housing: Client;
let ownId: number;
let otherId: number;
let projectCode: string;

beforeAll(async () => {
  t = await createTestApp();
  lanshan = await t.as("lanshan");
  finance = await t.as("caizheng");
  housing = await t.as("zhujian");
  const s = await finance.get<FundsSummary>("/api/funds/summary?fundYearId=1");
  ownId = s.counties.find((c) => c.name === "兰山区")!.id;
  otherId = s.counties.find((c) => c.name === "罗庄区")!.id;
  projectCode = (await finance.get<CountyLedger>(`/api/funds/counties/${ownId}?fundYearId=1`)).projects[0].code;
});
afterAll(() => t.close());

const act = (c: Client, action: string, extra: Record<string, unknown> = {}) =>
  c.inject({ method: "POST", url: "/api/reviews/actions", payload: { fundYearId: 1, countyId: ownId, kind: "payments", action, ...extra } });

async function importPayment(voucher: string) {
  const file = await makeXlsx(["县区", "项目编号", "资金来源", "金额（元）", "支付日期", "凭证号"], [["兰山区", projectCode, "省级补助", 10, "2022-05-01", voucher]]);
  const { payload, headers } = multipart("兰山支付.xlsx", file);
  return lanshan.inject({ method: "POST", url: "/api/imports/payments?fundYearId=1&dryRun=false", payload, headers });
}

describe(`填报 → 送审 → 审核通过 / 退回 (${engine})`, () => {
  it("a county submits its own payments, and may not submit another county's", async () => {
    expect((await importPayment("RV-1")).statusCode).toBe(200);
    const other = await act(lanshan, "submit", { countyId: otherId });
    expect(other.statusCode).toBe(403);
    const r = await act(lanshan, "submit");
    expect(r.statusCode, r.body).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ state: "submitted", stateLabel: "已送审", editableByCounty: false });
  });

  it("submitted data is locked for the county", async () => {
    const r = await importPayment("RV-2");
    expect(r.statusCode).toBe(403);
    expect(JSON.parse(r.body).error.message).toContain("已送审，等待审核");
  });

  it("a county cannot approve its own data; the city returns it with a reason", async () => {
    expect((await act(lanshan, "approve")).statusCode).toBe(403);
    const noReason = await act(housing, "return");
    expect(noReason.statusCode).toBe(409);
    expect(JSON.parse(noReason.body).error.message).toBe("退回须填写原因");
    const r = await act(housing, "return", { reason: "凭证附件不全" });
    expect(JSON.parse(r.body)).toMatchObject({ state: "returned", editableByCounty: true });
    expect((await importPayment("RV-3")).statusCode).toBe(200);
  });

  it("approved data stays locked until finance reopens it with a reason", async () => {
    await act(lanshan, "submit");
    expect(JSON.parse((await act(finance, "approve")).body).state).toBe("approved");
    expect(JSON.parse((await importPayment("RV-4")).body).error.message).toContain("已审核通过并锁定");
    expect((await act(housing, "reopen", { reason: "调整" })).statusCode).toBe(403);
    const again = await act(finance, "approve");
    expect(JSON.parse(again.body).error.message).toBe("当前状态为「审核通过」，不能审核通过");
    const reopened = await act(finance, "reopen", { reason: "结算审计后调整支付" });
    expect(JSON.parse(reopened.body)).toMatchObject({ state: "draft", editableByCounty: true });
    expect((await importPayment("RV-4")).statusCode).toBe(200);
  });

  it("keeps the history, and the county sees only its own row", async () => {
    const mine = await lanshan.get<Submission[]>("/api/reviews?fundYearId=1&kind=payments");
    expect(mine.map((s) => s.county.name)).toEqual(["兰山区"]);
    expect(mine[0].events.map((e) => e.actionLabel)).toEqual(["送审", "退回", "送审", "审核通过", "重新打开"]);
    expect(mine[0].events[1]).toMatchObject({ reason: "凭证附件不全", actorName: expect.stringContaining("zhujian") });
    const all = await finance.get<Submission[]>("/api/reviews?fundYearId=1&kind=payments");
    expect(all).toHaveLength(12);
    // The demo leaves 兰山区 填报中 (other counties show the review cycle: 已送审, 审核通过, 已退回).
    expect(all.find((s) => s.county.name === "兰山区")!.state).toBe("draft");
  });
});

describe(`two 送审 at once (${engine})`, () => {
  it("the second of two concurrent 送审 of one county gets 409 with the state, not a duplicate-key 500", async () => {
    const hedong = await t.as("hedong");
    const countyId = (await finance.get<FundsSummary>("/api/funds/summary?fundYearId=1")).counties.find((c) => c.name === "河东区")!.id;
    const submit = () => hedong.inject({ method: "POST", url: "/api/reviews/actions", payload: { fundYearId: 1, countyId, kind: "payments", action: "submit" } });
    const answers = await Promise.all([submit(), submit()]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const refused = answers.find((r) => r.statusCode === 409)!;
    expect(JSON.parse(refused.body).error).toEqual({ code: "CONFLICT", message: "当前状态为「已送审」，不能送审" });
    const [row] = await finance.get<Submission[]>(`/api/reviews?fundYearId=1&kind=payments&countyId=${countyId}`);
    expect(row.events.map((e) => e.actionLabel)).toEqual(["送审"]);
  });
});
