/**
 * 专营单位 works over the API: the demo conflicts are found (two operators; an operator and the
 * renovation), an operator sees and changes only its own works and reaches nothing outside the shared
 * community data, housing confirms a joint window, every party acknowledges and the conflict leaves
 * the open list; the acknowledgements survive recomputation while the works are unchanged, and an
 * operator's lapses when it moves its work out of the joint window.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Conflict, SharedCommunity, Work } from "../../../contracts/works";
import { createTestApp, type Client, type TestApp } from "../../../test/app";

let t: TestApp;
let water: Client;
let gas: Client;
let housing: Client;
let lanshan: Client;

beforeAll(async () => {
  t = await createTestApp();
  water = await t.as("zhuanying");
  gas = await t.as("ranqi");
  housing = await t.as("zhujian");
  lanshan = await t.as("lanshan");
});
afterAll(() => t.close());

const post = (c: Client, url: string, payload: object) => c.inject({ method: "POST", url, payload });

describe("utility works and excavation conflicts", () => {
  it("an operator reads the shared community database with the renovation's planned dates", async () => {
    const list = await water.get<SharedCommunity[]>("/api/works/communities?fundYearId=1");
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((c) => c.project !== null)).toBe(true);
    expect(list.some((c) => c.project!.plannedStartOn !== null && c.project!.contents.length > 0)).toBe(true);
  });

  it("the demo has conflicts between two operators and between an operator and a renovation", async () => {
    const all = await housing.get<Conflict[]>("/api/works/conflicts");
    const operatorPair = all.find((c) => new Set(c.works.map((w) => w.operatorId)).size === 2);
    const withRenovation = all.find((c) => c.renovation !== null && c.works.length === 1);
    expect(operatorPair).toBeDefined();
    expect(withRenovation).toBeDefined();
    // The renovation conflict proposes the renovation's 开工..完工 as the joint window.
    expect([withRenovation!.proposedFrom, withRenovation!.proposedTo]).toEqual([withRenovation!.renovation!.from, withRenovation!.renovation!.to]);
    expect(all.every((c) => c.open)).toBe(true);
  });

  it("an operator sees only its own works and cannot change another operator's", async () => {
    const mine = await water.get<Work[]>("/api/works");
    const theirs = await gas.get<Work[]>("/api/works");
    expect(mine.length).toBeGreaterThan(0);
    expect(theirs.length).toBeGreaterThan(0);
    expect(mine.every((w) => w.operatorName === "临沂市供水有限公司（示例）" && w.editable)).toBe(true);
    expect(mine.some((w) => theirs.some((x) => x.id === w.id))).toBe(false);
    const r = await water.inject({ method: "PATCH", url: `/api/works/${theirs[0].id}`, payload: { version: theirs[0].version, scope: "改了别人的" } });
    expect(r.statusCode).toBe(403);
    expect(JSON.parse(r.body).error.message).toBe("只能修改本单位的施工计划");
  });

  it("an operator reaches nothing outside the shared community data", async () => {
    for (const url of ["/api/funds/summary?fundYearId=1", "/api/users", "/api/audit", "/api/evaluations", "/api/allocation/plans?fundYearId=1"]) {
      expect((await water.inject(url)).statusCode, url).toBe(403);
    }
  });

  it("a work is refused with a Chinese message when its window is reversed or its kind is not the operator's", async () => {
    const [c] = await water.get<SharedCommunity[]>("/api/works/communities");
    const reversed = await post(water, "/api/works", { communityId: c.id, kind: "供水", scope: "管网", plannedFrom: "2021-05-01", plannedTo: "2021-04-01" });
    expect(reversed.statusCode).toBe(400);
    expect(JSON.parse(reversed.body).error.message).toContain("不能晚于");
    const wrongKind = await post(water, "/api/works", { communityId: c.id, kind: "燃气", scope: "管网", plannedFrom: "2021-04-01", plannedTo: "2021-05-01" });
    expect(wrongKind.statusCode).toBe(400);
  });

  it("a new digging work months apart creates a conflict and notifies the other party", async () => {
    const mine = await water.get<Work[]>("/api/works");
    const target = mine.find((w) => w.digs)!;
    const before = (await housing.get<Conflict[]>("/api/works/conflicts")).filter((c) => c.communityId === target.communityId).length;
    const r = await post(gas, "/api/works", { communityId: target.communityId, kind: "燃气", scope: "燃气管道更换", plannedFrom: "2024-06-01", plannedTo: "2024-06-30" });
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.body).digs).toBe(true); // 燃气 digs by default
    const after = (await housing.get<Conflict[]>("/api/works/conflicts")).filter((c) => c.communityId === target.communityId);
    expect(after.length).toBe(Math.max(1, before));
    expect(after[0].works.map((w) => w.id)).toContain(target.id);
    const inbox = await water.get<{ items: { title: string }[] }>("/api/notifications");
    expect(inbox.items.some((n) => n.title.includes(target.communityName))).toBe(true);
  });

  it("housing confirms, every party acknowledges, and the conflict leaves the open list", async () => {
    const open = await housing.get<Conflict[]>("/api/works/conflicts?open=true");
    const c = open.find((x) => new Set(x.works.map((w) => w.operatorId)).size === 2 && x.renovation === null)!;
    expect(c).toBeDefined();
    const key = encodeURIComponent(c.key);
    expect((await post(water, `/api/works/conflicts/${key}/confirm`, { from: c.proposedFrom, to: c.proposedTo })).statusCode).toBe(403);
    const early = await post(water, `/api/works/conflicts/${key}/acknowledge`, {});
    expect(early.statusCode).toBe(400);
    const confirmed = await post(housing, `/api/works/conflicts/${key}/confirm`, { from: c.proposedFrom, to: c.proposedTo });
    expect(confirmed.statusCode).toBe(200);
    expect(JSON.parse(confirmed.body)).toMatchObject({ confirmedFrom: c.proposedFrom, open: true });
    expect((await post(water, `/api/works/conflicts/${key}/acknowledge`, {})).statusCode).toBe(200);
    // Still open until the gas company acknowledges too; recomputation keeps the water company's acknowledgement.
    const half = (await gas.get<Conflict[]>("/api/works/conflicts")).find((x) => x.key === c.key)!;
    expect(half.open).toBe(true);
    expect(half.parties.filter((p) => p.acknowledgedAt !== null)).toHaveLength(1);
    const done = await post(gas, `/api/works/conflicts/${key}/acknowledge`, {});
    expect(JSON.parse(done.body).open).toBe(false);
    const still = await housing.get<Conflict[]>("/api/works/conflicts?open=true");
    expect(still.some((x) => x.key === c.key)).toBe(false);
    // A county user reads its own county only.
    const other = c.countyName === "兰山区" ? null : c.countyId;
    if (other !== null) expect((await lanshan.inject(`/api/works/conflicts?countyId=${other}`)).statusCode).toBe(403);
  });

  it("an operator that moves its work out of the confirmed joint window withdraws its acknowledgement: the conflict reopens and 住建 is told", async () => {
    const closed = (await housing.get<Conflict[]>("/api/works/conflicts")).find((x) => !x.open && x.renovation === null && new Set(x.works.map((w) => w.operatorId)).size === 2)!;
    expect(closed).toBeDefined();
    const joint = { from: closed.confirmedFrom!, to: closed.confirmedTo! };
    const patch = async (body: object) => {
      const w = (await gas.get<Work[]>("/api/works")).find((x) => closed.works.some((c) => c.id === x.id))!;
      const r = await gas.inject({ method: "PATCH", url: `/api/works/${w.id}`, payload: { version: w.version, ...body } });
      expect(r.statusCode, r.body).toBe(200);
      return (await housing.get<Conflict[]>("/api/works/conflicts")).find((x) => x.key === closed.key)!;
    };
    const gasParty = closed.parties.find((p) => p.name === "临沂市燃气有限公司（示例）")!.key;
    // A new scope keeps the window: still closed.
    expect((await patch({ scope: "燃气立管改造，更换户内阀门" })).open).toBe(false);
    // The demo's joint window spans both works (2021-04-01..2021-11-08); the gas work moves to its
    // last month, still inside and still apart from the water work (April): still closed.
    const inside = await patch({ plannedFrom: "2021-10-15", plannedTo: joint.to });
    expect(inside.open).toBe(false);
    // One month past the joint window: the gas company's acknowledgement is withdrawn.
    const outside = await patch({ plannedFrom: "2021-12-01", plannedTo: "2021-12-31" });
    expect(outside.open).toBe(true);
    expect(outside.parties.find((p) => p.key === gasParty)!.acknowledgedAt).toBeNull();
    expect(outside.parties.filter((p) => p.acknowledgedAt !== null)).toHaveLength(1);
    expect((await housing.get<Conflict[]>("/api/works/conflicts?open=true")).some((x) => x.key === closed.key)).toBe(true);
    const inbox = await housing.get<{ items: { title: string; body: string }[] }>("/api/notifications");
    const notice = inbox.items.find((n) => n.title === `联合施工窗口需重新协商：${closed.communityName}`)!;
    expect(notice.body).toContain("2021-12-01 至 2021-12-31");
    // Acknowledging again closes it (the window stays as 住建 confirmed it).
    expect(JSON.parse((await post(gas, `/api/works/conflicts/${encodeURIComponent(closed.key)}/acknowledge`, {})).body).open).toBe(false);
  });

  it("the county figures count conflicts and open conflicts per county", async () => {
    const figures = await housing.get<{ countyId: number; openConflicts: number; conflicts: number }[]>("/api/works/county-figures");
    const all = await housing.get<Conflict[]>("/api/works/conflicts");
    expect(figures.reduce((s, f) => s + f.conflicts, 0)).toBe(all.length);
    expect(figures.reduce((s, f) => s + f.openConflicts, 0)).toBe(all.filter((c) => c.open).length);
  });
});
