import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { SYSTEM_ACTOR } from "../../../core/access";
import { regionCodeProblem } from "../../../core/regions";
import type { AddNationalResult, NationalEntry, Region, RegionDetail } from "../../../contracts/regions";
import type { TableImportResult } from "../../../contracts/imports";
import type { Problem } from "../../../contracts/errors";
import { auditEvents, regions } from "../../../db/schema";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { createTestDb, engine, type TestDb } from "../../../test/db";
import { makeXlsx, multipart, readXlsx } from "../../../test/xlsx";
import { nationalByCode, nationalChildren } from "./national";
import { addFromNational } from "./add-from-national";
import { regionReferences } from "./repository";
import { REFERENCE_LABEL } from "./usage";

describe("the national list (GB/T 2260)", () => {
  it("has 临沂市 with its 12 counties, no 市辖区 placeholder, and its 功能区 marked", () => {
    const counties = nationalChildren("371300");
    expect(counties.filter((c) => !c.zone).map((c) => c.name)).toEqual([
      "兰山区", "罗庄区", "河东区", "沂南县", "郯城县", "沂水县", "兰陵县", "费县", "平邑县", "莒南县", "蒙阴县", "临沭县",
    ]);
    expect(nationalByCode("371301")).toBeUndefined();
    expect(nationalByCode("371371")).toMatchObject({ name: "临沂高新技术产业开发区", zone: true });
    expect(nationalByCode("371302001")).toMatchObject({ name: "兰山街道", level: "street", parentCode: "371302" });
  });

  it("a 直辖市 is the city of its counties", () => {
    expect(nationalByCode("110000")).toMatchObject({ name: "北京市", level: "city", parentCode: null });
    expect(nationalByCode("110101")).toMatchObject({ name: "东城区", level: "county", parentCode: "110000" });
    expect(nationalByCode("500229")).toMatchObject({ level: "county", parentCode: "500000" });
  });

  it("every entry fits the code rules under its parent", () => {
    const bad: string[] = [];
    const walk = (code: string | null) => {
      for (const e of nationalChildren(code)) {
        const parent = e.parentCode ? nationalByCode(e.parentCode)! : null;
        const problem = regionCodeProblem(e.code, e.level, parent);
        if (problem) bad.push(`${e.code} ${e.name}: ${problem}`);
        walk(e.code);
      }
    };
    walk(null);
    expect(bad).toEqual([]);
  });
});

describe(`adding from the national list (${engine})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.destroy());
  const ctx = () => ({ db: db.db, actor: SYSTEM_ACTOR, ip: null });

  it("a city code brings the city, its 12 counties and the missing province; a repeat adds nothing", async () => {
    const first = await addFromNational(ctx(), { code: "371300" });
    expect(first.added.map((r) => r.name)).toEqual([
      "山东省", "临沂市", "兰山区", "罗庄区", "河东区", "沂南县", "郯城县", "沂水县", "兰陵县", "费县", "平邑县", "莒南县", "蒙阴县", "临沭县",
    ]);
    expect(first.summary).toBe("从全国区划添加临沂市（371300）：新增 14 个区划（省级 1 个、市级 1 个、县区 12 个）");
    const linyi = first.added.find((r) => r.code === "371300")!;
    const lanshan = first.added.find((r) => r.code === "371302")!;
    expect(lanshan.path).toBe(`${linyi.path}${lanshan.id}/`);
    expect(lanshan.parentId).toBe(linyi.id);

    const again = await addFromNational(ctx(), { code: "371300" });
    expect(again.added).toEqual([]);
    expect(again.kept).toHaveLength(14);
    expect(again.summary).toBe("从全国区划添加临沂市（371300）：没有需要新增的区划，已有 14 个保持不变");
  });

  it("a county with its streets adds the streets only; a kept region keeps its own name", async () => {
    await db.db.update(regions).set({ name: "兰山区（改）" }).where(eq(regions.code, "371302"));
    const r = await addFromNational(ctx(), { code: "371302", withStreets: true });
    expect(r.added.length).toBe(nationalChildren("371302").length);
    expect(r.added.every((x) => x.level === "street" && x.code.startsWith("371302"))).toBe(true);
    expect(r.kept).toContainEqual({ code: "371302", name: "兰山区（改）", nationalName: "兰山区" });
  });

  it("a 直辖市 comes as a city without a province", async () => {
    const r = await addFromNational(ctx(), { code: "110000" });
    expect(r.added[0]).toMatchObject({ code: "110000", level: "city", parentId: null });
    expect(r.added.slice(1).every((x) => x.level === "county" && x.parentId === r.added[0].id)).toBe(true);
  });

  it("an unknown code is refused in Chinese", async () => {
    await expect(addFromNational(ctx(), { code: "371301" })).rejects.toThrow("全国区划中没有编码为「371301」的省、市或县区");
  });
});

describe(`regions over HTTP (${engine})`, () => {
  let t: TestApp;
  let admin: Client;
  let fin: Client;
  let county: Client;
  let byCode: (code: string) => Promise<Region>;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.as("admin");
    fin = await t.as("caizheng");
    county = await t.as("lanshan");
    byCode = async (code) => (await admin.get<Region[]>("/api/regions")).find((r) => r.code === code)!;
  });
  afterAll(() => t.close());

  const json = (r: { body: string }) => JSON.parse(r.body);
  const regionCount = async () => Number((await t.db.db.select({ n: sql<number>`count(*)::int` }).from(regions))[0].n);

  it("the city's finance user sees 临沂市's subtree and 山东省 above it, not as theirs", async () => {
    const list = await fin.get<Region[]>("/api/regions");
    expect(list.find((r) => r.code === "370000")).toMatchObject({ name: "山东省", inScope: false });
    expect(list.find((r) => r.code === "371300")).toMatchObject({ name: "临沂市", inScope: true });
    expect(list.filter((r) => r.level === "county")).toHaveLength(12);
    const own = await county.get<Region[]>("/api/regions");
    expect(own.map((r) => [r.name, r.inScope])).toEqual([
      ["山东省", false],
      ["临沂市", false],
      ["兰山区", true],
    ]);
  });

  it("an installation-wide admin adds 日照市 from the national list; 山东省 is kept; the national list says what is added", async () => {
    const r = await admin.inject({ method: "POST", url: "/api/regions/national", payload: { code: "371100" } });
    expect(r.statusCode, r.body).toBe(200);
    const body = json(r) as AddNationalResult;
    expect(body.added[0]).toMatchObject({ code: "371100", name: "日照市", level: "city" });
    expect(body.added.filter((x) => x.level === "county").length).toBeGreaterThanOrEqual(4);
    expect(body.kept).toEqual([{ code: "370000", name: "山东省", nationalName: "山东省" }]);
    const [audit] = await t.db.db.select().from(auditEvents).where(eq(auditEvents.entityType, "region")).orderBy(sql`seq desc`).limit(1);
    expect(audit.summary).toContain("从全国区划添加日照市（371100）");

    const linyi = await admin.get<NationalEntry[]>("/api/regions/national?code=371300");
    expect(linyi.find((e) => e.code === "371302")).toMatchObject({ name: "兰山区", addedId: expect.any(Number), pathNames: ["山东省", "临沂市"], hasChildren: true });
    expect(linyi.find((e) => e.code === "371371")).toMatchObject({ zone: true, addedId: null });
    const found = await admin.get<NationalEntry[]>(`/api/regions/national?q=${encodeURIComponent("临沂")}`);
    expect(found[0]).toMatchObject({ code: "371300", level: "city" });
  });

  it("a city finance user adds a street by hand with a generated code; a wrong code or level is refused", async () => {
    const lanshan = await byCode("371302");
    const r = await fin.inject({ method: "POST", url: "/api/regions", payload: { name: "测试新街道", level: "street", parentId: lanshan.id } });
    expect(r.statusCode, r.body).toBe(200);
    const street = json(r) as Region;
    // After the highest national 兰山区 code, so a later national add never meets it.
    const highest = nationalChildren("371302").map((e) => e.code).sort().at(-1)!;
    expect(street.code).toBe(String(Number(highest) + 1));
    expect(street.path.startsWith(lanshan.path)).toBe(true);

    const wrong = await fin.inject({ method: "POST", url: "/api/regions", payload: { name: "错编码街道", level: "street", parentId: lanshan.id, code: "371311001" } });
    expect(wrong.statusCode).toBe(400);
    expect(json(wrong).error.message).toBe("编码「371311001」应以上级「兰山区」的编码前6位「371302」开头");
    const level = await fin.inject({ method: "POST", url: "/api/regions", payload: { name: "错级别", level: "county", parentId: lanshan.id } });
    expect(json(level).error.message).toContain("上级「兰山区」是县区，县区的上级应为市级");
    const same = await fin.inject({ method: "POST", url: "/api/regions", payload: { name: "测试新街道", level: "street", parentId: lanshan.id } });
    expect(same.statusCode).toBe(409);
    const root = await fin.inject({ method: "POST", url: "/api/regions", payload: { name: "某省", level: "province", code: "380000" } });
    expect(root.statusCode).toBe(403);
    expect(json(root).error.message).toBe("只有全辖范围的管理员可以添加省级区划或没有上级的市级区划");
  });

  it("a rename keeps its history and its audit record before and after", async () => {
    const street = await byCode(String(Number(nationalChildren("371302").map((e) => e.code).sort().at(-1)!) + 1));
    const r = await fin.inject({ method: "PATCH", url: `/api/regions/${street.id}`, payload: { name: "测试街道（新名）" } });
    expect(r.statusCode, r.body).toBe(200);
    expect(json(r)).toMatchObject({ name: "测试街道（新名）", code: street.code });
    const detail = await fin.get<RegionDetail>(`/api/regions/${street.id}`);
    expect(detail.renames).toMatchObject([{ oldName: "测试新街道", newName: "测试街道（新名）", changedBy: "市财政局绩效科" }]);
    expect(detail.usedBy).toEqual([]);
    const [audit] = await t.db.db.select().from(auditEvents).where(eq(auditEvents.action, "rename"));
    expect(audit).toMatchObject({ entityType: "region", entityId: String(street.id), before: { name: "测试新街道" }, after: { name: "测试街道（新名）" } });
  });

  it("retire and restore: a retired region takes no new child; its subtree retires with it and comes back with it", async () => {
    const hedong = await byCode("371312");
    const street = (await admin.inject({ method: "POST", url: "/api/regions", payload: { name: "临时街道", level: "street", parentId: hedong.id } }));
    const streetId = (json(street) as Region).id;
    const retired = await fin.inject({ method: "POST", url: `/api/regions/${hedong.id}/retire` });
    expect(retired.statusCode, retired.body).toBe(200);
    expect((json(retired) as Region[]).map((x) => x.id).sort()).toEqual([hedong.id, streetId].sort());
    expect((await byCode("371312")).retired).toBe(true);
    const child = await fin.inject({ method: "POST", url: "/api/regions", payload: { name: "又一街道", level: "street", parentId: hedong.id } });
    expect(child.statusCode).toBe(409);
    expect(json(child).error.message).toBe("上级「河东区」已撤销，不能再添加下级；请先恢复它");
    const restored = await fin.inject({ method: "POST", url: `/api/regions/${hedong.id}/restore` });
    expect((json(restored) as Region[]).every((x) => !x.retired)).toBe(true);
    expect((await byCode("371312")).retired).toBe(false);
    const own = await fin.inject({ method: "POST", url: `/api/regions/${(await byCode("371300")).id}/retire` });
    expect(json(own).error.message).toBe("「临沂市」是本账户所属的区划，不能撤销");
  });

  it("a region with data cannot be deleted, only retired; an unused one can", async () => {
    const lanshan = await byCode("371302");
    const r = await fin.inject({ method: "DELETE", url: `/api/regions/${lanshan.id}` });
    expect(r.statusCode).toBe(409);
    const message = json(r).error.message as string;
    expect(message).toMatch(/^「兰山区」已有数据（.*资金下达 \d+ 笔.*），不能删除，只能撤销$/);
    expect(message).toContain("项目");
    const street = await byCode(String(Number(nationalChildren("371302").map((e) => e.code).sort().at(-1)!) + 1));
    const ok = await fin.inject({ method: "DELETE", url: `/api/regions/${street.id}` });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok).summary).toBe(`删除街道（乡镇）区划：测试街道（新名）（${street.code}）`);
    expect((await fin.inject(`/api/regions/${street.id}`)).statusCode).toBe(404);
  });

  it("the routes are in the OpenAPI document", async () => {
    const doc = await t.app.inject("/api/openapi.json");
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(JSON.parse(doc.body).paths)).toEqual(expect.arrayContaining(["/api/regions", "/api/regions/national", "/api/regions/{regionId}", "/api/regions/import"]));
  });

  it("every table that refers to regions has a Chinese name for the refusal", async () => {
    const refs = await regionReferences(t.db.db);
    expect(refs.map((r) => r.table).filter((table) => !REFERENCE_LABEL[table])).toEqual([]);
  });

  describe("the workbook", () => {
    const HEADERS = ["编码", "名称", "级别", "上级编码"];
    async function upload(client: Client, file: Buffer, dryRun: boolean) {
      const r = await client.inject({ method: "POST", url: `/api/regions/import?dryRun=${dryRun}`, ...multipart("区划.xlsx", file) });
      return { status: r.statusCode, body: JSON.parse(r.body) as TableImportResult & { error?: { message: string; problems: Problem[] } } };
    }
    const problems = (b: { problems?: Problem[]; error?: { problems: Problem[] } }) =>
      (b.problems ?? b.error?.problems ?? []).map((p) => `第${p.row}行「${p.column}」${p.message}`);

    it("names each problem by row and column and writes nothing: unknown parent, duplicate code, code not of its level, cycle", async () => {
      const before = await regionCount();
      const file = await makeXlsx(HEADERS, [
        ["371302901", "甲街道", "街道", "371302"],
        ["371302902", "乙街道", "街道（乡镇）", "379999"],
        ["371302901", "丙街道", "街道", "371302"],
        ["3713029", "丁街道", "街道", "371302"],
        [371398, "戊县", "县", 371397],
        [371397, "己县", "县区", 371398],
      ]);
      const dry = await upload(fin, file, true);
      expect(dry.status).toBe(200);
      expect(problems(dry.body)).toEqual([
        "第3行「上级编码」上级编码「379999」不存在：既不在本文件中，也不是已有区划",
        "第4行「编码」编码「371302901」与第2行重复",
        expect.stringMatching(/^第5行「编码」编码「3713029」不符合街道（乡镇）编码规则/),
        "第6行「上级编码」上级编码形成循环：371398 → 371397 → 371398",
        "第7行「上级编码」上级编码形成循环：371398 → 371397 → 371398",
      ]);
      const commit = await upload(fin, file, false);
      expect(commit.status).toBe(422);
      expect(commit.body.error!.message).toBe("区划.xlsx：发现 5 处问题，未导入任何数据。请按提示修改后重新上传。");
      expect(await regionCount()).toBe(before);
    });

    it("a valid file: the dry run writes nothing, the commit writes every row parents first; a county user is refused", async () => {
      const before = await regionCount();
      const file = await makeXlsx(HEADERS, [
        ["371399001", "新区一街道", "街道", "371399"],
        ["371399", "测试新区", "区", "371300"],
        ["371302", "兰山区", "县区", "371300"],
      ]);
      const dry = await upload(fin, file, true);
      expect(dry.body).toMatchObject({ dryRun: true, rowCount: 3, newCount: 2, unchangedCount: 1, problems: [] });
      expect(dry.body.preview.map((p) => p["编码"])).toEqual(["371399", "371399001"]);
      expect(await regionCount()).toBe(before);
      const commit = await upload(fin, file, false);
      expect(commit.body).toMatchObject({ dryRun: false, newCount: 2, summary: "新增 2 个区划" });
      expect(await regionCount()).toBe(before + 2);
      const street = await byCode("371399001");
      expect(street.path.startsWith((await byCode("371399")).path)).toBe(true);
      const again = await upload(fin, file, false);
      expect(again.body).toMatchObject({ newCount: 0, unchangedCount: 3 });
      expect((await upload(county, file, true)).status).toBe(403);
    });

    it("the template lists the actor's regions under the four headers", async () => {
      const r = await fin.inject("/api/regions/import/template.xlsx");
      expect(r.statusCode).toBe(200);
      const ws = (await readXlsx(r.rawPayload)).getWorksheet("行政区划")!;
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
      expect(ws.getRow(2).values).toEqual([, "371300", "临沂市", "市级", "370000"]);
    });
  });

  describe("scope", () => {
    it("a county user may not manage regions (403)", async () => {
      const lanshan = await byCode("371302");
      for (const [method, url, payload] of [
        ["POST", "/api/regions", { name: "x", level: "street", parentId: lanshan.id }],
        ["POST", "/api/regions/national", { code: "371302" }],
        ["PATCH", `/api/regions/${lanshan.id}`, { name: "x" }],
        ["POST", `/api/regions/${lanshan.id}/retire`, undefined],
        ["DELETE", `/api/regions/${lanshan.id}`, undefined],
        ["GET", "/api/regions/national", undefined],
      ] as const) {
        const r = await county.inject({ method, url, payload });
        expect(r.statusCode, `${method} ${url}`).toBe(403);
      }
    });

    it("a city finance user cannot touch another city: its regions do not exist for them (404)", async () => {
      const rizhao = await byCode("371100");
      expect((await fin.get<Region[]>("/api/regions")).some((r) => r.code === "371100")).toBe(false);
      for (const [method, url, payload] of [
        ["GET", `/api/regions/${rizhao.id}`, undefined],
        ["PATCH", `/api/regions/${rizhao.id}`, { name: "改名" }],
        ["POST", `/api/regions/${rizhao.id}/retire`, undefined],
        ["POST", `/api/regions/${rizhao.id}/restore`, undefined],
        ["DELETE", `/api/regions/${rizhao.id}`, undefined],
        ["POST", "/api/regions", { name: "外市县", level: "county", parentId: rizhao.id }],
      ] as const) {
        const r = await fin.inject({ method, url, payload });
        expect(r.statusCode, `${method} ${url}`).toBe(404);
        expect(json(r).error.message).toBe("区划不存在");
      }
      const national = await fin.inject({ method: "POST", url: "/api/regions/national", payload: { code: "371102" } });
      expect(national.statusCode).toBe(403);
      expect((await byCode("371100")).name).toBe("日照市");
    });
  });
});
