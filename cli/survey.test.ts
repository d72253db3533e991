import fs from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { cliHarness } from "../test/cli";
import { findSoffice } from "../server/modules/reports/pdf";

const { wenxiao, dir } = cliHarness("wenxiao-cli-survey-", { timeout: 180000 });
const soffice = await findSoffice();

describe("wenxiao survey", () => {
  it("results: the city's and each county's rates as a table, and the same figures as JSON", async () => {
    expect((await wenxiao(["demo", "load"])).code).toBe(0);
    const text = await wenxiao(["survey", "results", "--task", "1"]);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain("居民满意度调查结果");
    expect(text.out).toContain("满意率 = 回答「很满意、比较满意」的人数 ÷ 有效回答人数");
    // 1,128 of 1,200 accepted questionnaires satisfied = 94%.
    expect(text.out).toMatch(/全市\s+1200\s+\d+\s+1128\s+1200\s+94%/);
    for (const county of ["兰山区", "罗庄区", "临沭县"]) expect(text.out).toContain(county);
    const json = JSON.parse((await wenxiao(["survey", "results", "--task", "1", "--json"])).out);
    expect(json.city.overall).toMatchObject({ satisfied: 1128, valid: 1200, rateBp: 9400 });
    expect(json.counties).toHaveLength(12);
  });

  it("tokens: one community's QR sheets as Word, the links starting with --base-url", async () => {
    const json = JSON.parse((await wenxiao(["survey", "results", "--task", "1", "--json"])).out);
    const community = json.communities[0];
    const out = path.join(dir(), "sheets.docx");
    const r = await wenxiao(["survey", "tokens", "--task", "1", "--community", String(community.communityId), "--out", out, "--base-url", "https://wenxiao.linyi.gov.cn/"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`1 个小区、${community.quota} 户的入户问卷二维码`);
    const zip = await JSZip.loadAsync(fs.readFileSync(out));
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml).toContain(community.community);
    expect(xml).toContain("https://wenxiao.linyi.gov.cn/s/");
    expect(Object.keys(zip.files).filter((f) => f.startsWith("word/media/"))).toHaveLength(community.quota);
  });

  it.skipIf(!soffice)("tokens: PDF by the output's extension, the address from WENXIAO_PUBLIC_URL", async () => {
    const json = JSON.parse((await wenxiao(["survey", "results", "--task", "1", "--json"])).out);
    const out = path.join(dir(), "sheets.pdf");
    const r = await wenxiao(["survey", "tokens", "--task", "1", "--community", String(json.communities[1].communityId), "--out", out], { WENXIAO_PUBLIC_URL: "https://wenxiao.linyi.gov.cn" });
    expect(r.code, r.err).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("tokens: says what is wrong with an output file of another kind, a missing address, an unknown task", async () => {
    const bad = await wenxiao(["survey", "tokens", "--task", "1", "--out", path.join(dir(), "sheets.html"), "--base-url", "https://x.example.cn"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("输出文件应以 .pdf 或 .docx 结尾");
    const noUrl = await wenxiao(["survey", "tokens", "--task", "1", "--out", path.join(dir(), "sheets.pdf")], { WENXIAO_PUBLIC_URL: "" });
    expect(noUrl.code).toBe(1);
    expect(noUrl.err).toContain("请用 --base-url 指明居民手机访问本系统的网址");
    const badUrl = await wenxiao(["survey", "tokens", "--task", "1", "--out", path.join(dir(), "sheets.pdf"), "--base-url", "ftp://x"]);
    expect(badUrl.code).toBe(1);
    expect(badUrl.err).toContain("不是有效的网址");
    const unknown = await wenxiao(["survey", "results", "--task", "999"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("评价任务");
  });
});
