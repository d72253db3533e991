/**
 * 专营单位施工 in a real browser against the real server and the demo city: the gas company (ranqi)
 * sees its own works and conflicts, registers a work and moves one's window; 住建 (zhujian) reads the
 * county map, switches its figure and confirms a joint window, which every party (住建 for the
 * renovation, the gas and the water company) acknowledges until the conflict is closed. Expected
 * figures come from the API of the same server.
 * Every wait is on a condition (a row, a text, an answer), never on time.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { formatDateCn } from "../core/dates";
import { formatBasisPoints } from "../core/money";
import type { FundsSummary, FundYear } from "../contracts/funds";
import type { Conflict, SharedCommunity, Work } from "../contracts/works";
import type { HandoverPage } from "../contracts/handovers";
import type { MaintenanceTrend } from "../contracts/maintenance";
import { formatCount, formatRate } from "../core/format";
import { apiSession, browserAvailable, chooseOption, launchBrowser, openPage, SCREENS, startServer, type ApiSession, type OpenedPage, type RunningServer } from "./support";

const COUNTIES = ["兰山区", "罗庄区", "河东区", "沂南县", "郯城县", "沂水县", "兰陵县", "平邑县", "费县", "莒南县", "蒙阴县", "临沭县"];

describe.skipIf(!browserAvailable())("专营单位施工（浏览器）", () => {
  let server: RunningServer;
  let browser: Browser;
  let gas: ApiSession;
  let water: ApiSession;
  let housing: ApiSession;
  let fundYear: FundYear;
  let opened: OpenedPage | null = null;
  /** Errors of the pages a test opened before its current one. */
  let earlierErrors: string[] = [];
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    gas = await apiSession(server.baseUrl, "ranqi");
    water = await apiSession(server.baseUrl, "zhuanying");
    housing = await apiSession(server.baseUrl, "zhujian");
    [fundYear] = await housing.get<FundYear[]>("/api/fund-years");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  afterEach(async () => {
    const errors = [...earlierErrors, ...(opened?.errors ?? [])];
    earlierErrors = [];
    await opened?.close();
    opened = null;
    expect(errors, "页面不应有控制台错误或未捕获异常").toEqual([]);
  });
  async function openAs(session: ApiSession) {
    earlierErrors.push(...(opened?.errors ?? []));
    await opened?.close();
    opened = await openPage(browser, server.baseUrl, session);
    page = opened.page;
  }
  /** A full-page shot once the page shows what the test waited for (no timed wait). */
  const shot = async (name: string) => {
    fs.mkdirSync(SCREENS, { recursive: true });
    // The sticky header would land mid-page in a full-page shot taken after scrolling.
    await page.mouse.wheel(0, -100_000);
    await page.locator(".ant-select-dropdown:visible").waitFor({ state: "hidden" });
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
  };
  /** The texts the SVG of a map draws (county labels, legend). */
  const svgTexts = (map: Locator) => map.locator("svg text").allTextContents();

  test("an operator sees its own works and the conflicts it is party of, and registers a work", async () => {
    const own = await gas.get<Work[]>("/api/works");
    const conflicts = await gas.get<Conflict[]>("/api/works/conflicts?open=true");
    expect(own.length).toBeGreaterThan(0);
    expect(conflicts.length).toBeGreaterThan(0);
    await openAs(gas);

    await page.goto("/works");
    await page.getByRole("heading", { name: "施工计划" }).waitFor();
    const list = page.locator(".ant-table-tbody tr.ant-table-row");
    await expect.poll(() => list.count()).toBe(own.length);
    for (const w of own) expect(await page.locator(".ant-table-tbody").innerText()).toContain(w.communityName);
    const menu = await page.locator(".ant-menu-root").innerText();
    for (const entry of ["施工计划", "开挖冲突", "共享小区库", "地图"]) expect(menu).toContain(entry);
    await shot("works-list");

    await page.goto("/works/conflicts");
    await page.getByRole("heading", { name: "开挖冲突" }).waitFor();
    await expect.poll(() => page.locator(".ant-table-tbody tr.ant-table-row").count()).toBe(conflicts.length);
    const text = await page.locator(".ant-table-tbody").innerText();
    for (const c of conflicts) expect(text).toContain(c.communityName);
    expect(text).toContain("临沂市燃气有限公司（示例）");
    // Only 住建 confirms a window.
    expect(await page.getByRole("button", { name: /确认 .* 的联合施工窗口/ }).count()).toBe(0);
    await shot("works-conflicts-operator");

    // Register a work in a community of this year's renovation, found by its code.
    const [community] = (await gas.get<SharedCommunity[]>(`/api/works/communities?fundYearId=${fundYear.id}`)).filter((c) => !own.some((w) => w.communityId === c.id));
    await page.goto("/works");
    await page.getByRole("button", { name: "登记施工计划" }).click();
    const dialog = page.getByRole("dialog", { name: "登记施工计划" });
    await dialog.waitFor();
    const communityInput = dialog.locator(".ant-form-item").filter({ hasText: "小区" }).first().locator("input");
    await communityInput.click();
    await communityInput.fill(community.code);
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: community.code }).first().click();
    await dialog.getByText(`该小区有改造项目：${community.project!.name}`).waitFor();
    await dialog.getByPlaceholder("如 庭院燃气管网改造").fill("浏览器测试：更换庭院燃气管道约 200 米");
    await dialog.getByPlaceholder("计划开始日期").click();
    await dialog.getByPlaceholder("计划开始日期").fill("2021年5月6日");
    await page.keyboard.press("Enter");
    await dialog.getByPlaceholder("计划完成日期").fill("2021年5月28日");
    await page.keyboard.press("Enter");
    await dialog.getByRole("button", { name: "登 记" }).or(dialog.getByRole("button", { name: "登记" })).click();
    await page.getByText(`已登记${community.name}的施工计划`).waitFor();
    await expect.poll(() => page.locator(".ant-table-tbody tr.ant-table-row").count()).toBe(own.length + 1);
    const after = await gas.get<Work[]>("/api/works");
    const added = after.find((w) => w.communityId === community.id)!;
    expect(added).toMatchObject({ kind: "燃气", plannedFrom: "2021-05-06", plannedTo: "2021-05-28", status: "计划", digs: true, editable: true });

    // The map names the figures an operator may not read instead of drawing zeros.
    await page.goto("/works/map");
    const map = page.getByRole("img", { name: "临沂市各县区物业覆盖率地图" });
    await expect.poll(async () => (await svgTexts(map)).filter((t) => COUNTIES.includes(t)).length, { timeout: 30_000 }).toBe(12);
    const note = await page.locator(".ant-alert").first().innerText();
    expect(note).toContain("预算执行率——本账户无权查看资金台账");
    expect(note).toContain("评价得分——本账户无权查看绩效评价");
    await shot("works-map-operator");
  });

  test("住建 reads the county map: 12 counties with a legend and the chosen figure; another figure changes the legend", async () => {
    const summary = await housing.get<FundsSummary>(`/api/funds/summary?fundYearId=${fundYear.id}`);
    const lanshan = summary.counties.find((c) => c.name === "兰山区")!;
    const lanshanRate = formatBasisPoints(summary.byCounty.find((b) => b.countyId === lanshan.id)!.executionBp);
    await openAs(housing);
    await page.goto("/works/map");
    const map = page.getByRole("img", { name: "临沂市各县区预算执行率地图" });
    await expect.poll(async () => (await svgTexts(map)).filter((t) => COUNTIES.includes(t)).length, { timeout: 30_000 }).toBe(12);
    const before = await svgTexts(map);
    // The legend names the figure and its bins; each county carries its own figure.
    expect(before, before.join("|")).toContain("预算执行率");
    expect(before.some((t) => /^\d+(\.\d+)?–\d+(\.\d+)?%$/.test(t)), before.join("|")).toBe(true);
    expect(before).toContain(lanshanRate);
    // Twelve county shapes: one path per county in the map series.
    expect(await map.locator("svg path").count()).toBeGreaterThanOrEqual(12);
    await page.getByRole("img", { name: "临沂市小区分布图" }).locator("svg").waitFor();
    await shot("works-map");

    await chooseOption(page, page.locator("input[aria-label='地图指标']"), "未闭环冲突");
    const conflictsMap = page.getByRole("img", { name: "临沂市各县区未闭环冲突地图" });
    await expect.poll(async () => (await svgTexts(conflictsMap)).includes("未闭环冲突")).toBe(true);
    const legend = (await svgTexts(conflictsMap)).filter((t) => /处$/.test(t) && !t.includes("（"));
    expect(legend.length).toBeGreaterThan(0);
    expect((await svgTexts(conflictsMap)).filter((t) => COUNTIES.includes(t)).length).toBe(12);
    expect(await svgTexts(conflictsMap)).not.toContain("预算执行率");
    await shot("works-map-conflicts");
  });

  test("住建 confirms a conflict's joint window; the parties are asked to acknowledge it", async () => {
    const open = await housing.get<Conflict[]>("/api/works/conflicts?open=true");
    const target = open.find((c) => c.confirmedFrom === null)!;
    expect(target).toBeDefined();
    await openAs(housing);
    await page.goto("/works/conflicts");
    await page.getByTestId("conflict-total").getByText(`共 ${open.length} 处未闭环冲突`).waitFor();
    expect(await page.locator(".ant-table-tbody tr.ant-table-row").count(), await page.locator(".ant-layout-content").innerText()).toBe(open.length);
    await shot("works-conflicts-housing");
    await page.getByRole("button", { name: `确认 ${target.communityName} 的联合施工窗口` }).first().click();
    const dialog = page.getByRole("dialog", { name: `确认联合施工窗口：${target.communityName}` });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: /确认窗口|确 认窗口/ }).click();
    await page.getByText(`已确认${target.communityName}的联合施工窗口`).waitFor();
    await expect
      .poll(async () => (await housing.get<Conflict[]>("/api/works/conflicts")).find((c) => c.key === target.key)?.confirmedFrom)
      .toBe(target.proposedFrom);
    const row = page.locator(".ant-table-tbody tr.ant-table-row").filter({ hasText: target.communityName }).first();
    await expect.poll(async () => (await row.innerText()).includes("已确认")).toBe(true);

    // The shared community database, read-only, for the record.
    await page.goto("/works/communities");
    await page.getByTestId("shared-community-total").waitFor();
    await shot("works-communities");
  });

  test("an operator moves its work's window onto the other party's: the change is saved and the conflict leaves its list", async () => {
    const conflicts = await gas.get<Conflict[]>("/api/works/conflicts?open=true");
    // The demo's conflict of the gas and the water company alone, in a community without renovation.
    const target = conflicts.find((c) => c.renovation === null && c.works.length === 2)!;
    expect(target, JSON.stringify(conflicts.map((c) => c.key))).toBeDefined();
    const mine = target.works.find((w) => w.editable)!;
    const theirs = target.works.find((w) => !w.editable)!;
    expect(mine.operatorName).toBe("临沂市燃气有限公司（示例）");
    // Dig in the water company's window: one excavation, no conflict.
    const from = theirs.plannedFrom;
    const to = theirs.plannedTo;
    expect(from > mine.plannedTo || to < mine.plannedFrom, "the demo's windows lie apart").toBe(true);
    await openAs(gas);

    await page.goto("/works");
    await page.getByRole("heading", { name: "施工计划" }).waitFor();
    await page.getByRole("button", { name: `修改 ${mine.communityName} 的施工计划` }).click();
    const dialog = page.getByRole("dialog", { name: `修改施工计划：${mine.communityName}` });
    await dialog.waitFor();
    // The form starts from the saved work.
    expect(await dialog.getByPlaceholder("计划开始日期").inputValue()).toBe(formatDateCn(mine.plannedFrom));
    expect(await dialog.getByPlaceholder("计划完成日期").inputValue()).toBe(formatDateCn(mine.plannedTo));
    await dialog.getByPlaceholder("计划开始日期").click();
    await dialog.getByPlaceholder("计划开始日期").fill(formatDateCn(from));
    await page.keyboard.press("Enter");
    await dialog.getByPlaceholder("计划完成日期").fill(formatDateCn(to));
    await page.keyboard.press("Enter");
    await expect.poll(() => dialog.getByPlaceholder("计划完成日期").inputValue()).toBe(formatDateCn(to));
    expect(await dialog.getByPlaceholder("计划开始日期").inputValue()).toBe(formatDateCn(from));
    await dialog.getByRole("button", { name: /^保\s?存$/ }).click();
    await page.getByText(`已保存${mine.communityName}的施工计划`).waitFor();
    await dialog.waitFor({ state: "hidden" });

    // Saved: the list shows the new window, and so does the server, one version later.
    const row = page.locator(".ant-table-tbody tr.ant-table-row").filter({ hasText: mine.communityName }).first();
    await expect.poll(async () => (await row.innerText()).includes(formatDateCn(from))).toBe(true);
    const saved = (await gas.get<Work[]>("/api/works")).find((w) => w.id === mine.id)!;
    expect(saved).toMatchObject({ plannedFrom: from, plannedTo: to, version: mine.version + 1, scope: mine.scope, kind: mine.kind, digs: mine.digs });

    // Both dig in one window now: the conflict is gone from the operator's list.
    await page.getByRole("button", { name: "查看开挖冲突" }).or(page.getByRole("link", { name: "查看开挖冲突" })).click();
    await page.getByRole("heading", { name: "开挖冲突" }).waitFor();
    await page.getByTestId("conflict-total").getByText(`共 ${conflicts.length - 1} 处未闭环冲突`).waitFor();
    expect(await page.locator(".ant-table-tbody tr.ant-table-row").count()).toBe(conflicts.length - 1);
    expect(await page.locator(".ant-table-tbody").innerText()).not.toContain(mine.communityName);
    expect((await gas.get<Conflict[]>("/api/works/conflicts")).some((c) => c.communityId === target.communityId)).toBe(false);
    await shot("works-conflicts-after-edit");
  });

  test("住建 confirms a joint window of three parties; each acknowledges it, and the conflict leaves the open list", async () => {
    const open = await housing.get<Conflict[]>("/api/works/conflicts?open=true");
    // The demo's conflict of the gas company, the water company and the renovation (not the one the
    // first test's new work may have opened).
    const target = open.find((c) => c.renovation !== null && c.parties.length === 3 && !c.works.some((w) => w.scope.startsWith("浏览器测试")))!;
    expect(target, JSON.stringify(open.map((c) => c.key))).toBeDefined();
    const name = target.communityName;
    const rowOf = () => page.locator(".ant-table-tbody tr.ant-table-row").filter({ hasText: name }).first();
    const partiesOf = async () => (await housing.get<Conflict[]>("/api/works/conflicts")).find((c) => c.key === target.key)!.parties;
    const acknowledged = async () => (await partiesOf()).filter((p) => p.acknowledgedAt !== null).map((p) => p.key).sort();

    await openAs(housing);
    await page.goto("/works/conflicts");
    await page.getByTestId("conflict-total").getByText(`共 ${open.length} 处未闭环冲突`).waitFor();
    // Nobody can acknowledge a window that is not confirmed yet.
    const housingAck = page.getByRole("button", { name: `确认知悉 ${name}` });
    await expect.poll(() => housingAck.isDisabled()).toBe(target.confirmedFrom === null);
    await page.getByRole("button", { name: `确认 ${name} 的联合施工窗口` }).click();
    const dialog = page.getByRole("dialog", { name: `确认联合施工窗口：${name}` });
    await dialog.waitFor();
    expect(await dialog.getByPlaceholder("开始日期").inputValue()).toBe(formatDateCn(target.confirmedFrom ?? target.proposedFrom));
    await dialog.getByRole("button", { name: /确认窗口|确 认窗口/ }).click();
    await page.getByText(`已确认${name}的联合施工窗口`).waitFor();
    await expect.poll(async () => (await rowOf().innerText()).includes("已确认")).toBe(true);
    expect(await acknowledged()).toEqual([]);

    // 住建 acknowledges for the renovation; the conflict stays open while the operators have not.
    await expect.poll(() => housingAck.isEnabled()).toBe(true);
    await housingAck.click();
    await page.getByText(`已确认知悉${name}的联合施工窗口`).waitFor();
    await housingAck.waitFor({ state: "detached" });
    expect(await acknowledged()).toEqual(["renovation"]);
    expect(await rowOf().innerText()).toContain("未闭环");
    await expect.poll(() => rowOf().getByLabel("已确认知悉").count()).toBe(1);

    // Each operator acknowledges for itself on its own page.
    const operators = [
      { session: gas, organisation: "临沂市燃气有限公司（示例）" },
      { session: water, organisation: "临沂市供水有限公司（示例）" },
    ];
    for (const [i, { session, organisation }] of operators.entries()) {
      const before = await session.get<Conflict[]>("/api/works/conflicts?open=true");
      expect(before.some((c) => c.key === target.key)).toBe(true);
      await openAs(session);
      await page.goto("/works/conflicts");
      await page.getByTestId("conflict-total").getByText(`共 ${before.length} 处未闭环冲突`).waitFor();
      await expect.poll(() => rowOf().getByLabel("已确认知悉").count()).toBe(1 + i);
      await page.getByRole("button", { name: `确认知悉 ${name}` }).click();
      await page.getByText(`已确认知悉${name}的联合施工窗口`).waitFor();
      const party = target.parties.find((p) => p.name === organisation)!;
      await expect.poll(async () => (await acknowledged()).includes(party.key)).toBe(true);
      if (i < operators.length - 1) {
        // Still open: another operator has not acknowledged.
        await expect.poll(() => rowOf().getByLabel("已确认知悉").count()).toBe(2 + i);
        expect(await page.getByRole("button", { name: `确认知悉 ${name}` }).count()).toBe(0);
        expect(await rowOf().innerText()).toContain("未闭环");
      } else {
        // The last party: the conflict is closed and leaves the open list.
        await page.getByTestId("conflict-total").getByText(`共 ${before.length - 1} 处未闭环冲突`).waitFor();
        expect(await page.locator(".ant-table-tbody").innerText()).not.toContain(name);
        await page.getByRole("radio", { name: "全部" }).or(page.locator(".ant-segmented-item").filter({ hasText: "全部" })).first().click();
        await expect.poll(async () => (await rowOf().innerText()).includes("已闭环")).toBe(true);
        expect(await rowOf().getByLabel("已确认知悉").count()).toBe(3);
        await shot("works-conflict-closed");
      }
    }
    expect((await housing.get<Conflict[]>("/api/works/conflicts?open=true")).some((c) => c.key === target.key)).toBe(false);
    expect((await housing.get<Conflict[]>("/api/works/conflicts")).find((c) => c.key === target.key)?.open).toBe(false);
  });

  test("住建 records a facility handover on 设施移交 and the counts follow; 长效管养 shows the share of each year", async () => {
    const before = await housing.get<HandoverPage>(`/api/works/handovers?fundYearId=${fundYear.id}`);
    // A community of the first page whose 通信 has no record yet.
    const target = before.communities.slice(0, 20).find((c) => !c.handovers.some((h) => h.kind === "通信"))!;
    await openAs(housing);
    await page.goto("/works/handovers");
    const counties = page.getByRole("table").filter({ hasText: "专营设施移交率" }).first();
    await counties.locator("tr", { hasText: "合计" }).getByText(formatRate(before.city.shareBp), { exact: true }).waitFor();
    await page.getByRole("button", { name: `登记${target.name}通信设施移交` }).click();
    const dialog = page.getByRole("dialog");
    await chooseOption(page, dialog.locator("input[aria-label='移交状态']"), "移交中");
    await dialog.getByRole("button", { name: "保存" }).click();
    await page.getByText(`移交中 ${formatCount(before.city.inProgress + 1)} 项`).waitFor();
    const after = await housing.get<HandoverPage>(`/api/works/handovers?fundYearId=${fundYear.id}`);
    expect(after.communities.find((c) => c.id === target.id)!.handovers.find((h) => h.kind === "通信")?.status).toBe("移交中");
    await shot("works-handovers");

    const trend = await housing.get<MaintenanceTrend>(`/api/communities/maintenance/trend?fundYearId=${fundYear.id}`);
    await page.goto("/communities/maintenance");
    const table = page.getByRole("table").filter({ hasText: "红色物业" }).first();
    const city = table.locator("tr", { hasText: "全市" });
    for (const y of trend.city.years) await city.getByText(formatRate(y.shareBp), { exact: true }).waitFor();
    await page.getByRole("img", { name: "各县区专业物业和街道社区统管占比折线图" }).locator("canvas").waitFor();
    await shot("maintenance-trend");
  });
});
