import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliHarness, root } from "../test/cli";

const { wenxiao, dir } = cliHarness("wenxiao-cli-report-");

const seedFile = path.resolve(root, "../shared/seed/linyi-2021-report.txt");

describe("wenxiao report check", () => {
  it("passes the seed report and says what it recognised", async () => {
    const r = await wenxiao(["report", "check", seedFile]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("已识别 章节（7个）、表1、表2（12个县区）、资金构成（2处）");
    expect(r.out).toContain("未发现不一致。");
  });

  it("exits 1 and names the table, row, column and expected value of a changed Table 1 score", async () => {
    const file = path.join(dir(), "改过的报告.txt");
    const seed = fs.readFileSync(seedFile, "utf8");
    fs.writeFileSync(file, seed.replace("得分\t19.09\t16.22", "得分\t19.19\t16.22"));
    const r = await wenxiao(["report", "check", file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("发现 1 处不一致：");
    expect(r.out).toContain("表1 · 得分行 · 决策列：19.19 与合计 90.02 不符，应为 19.09");
    expect(r.out).toMatch(/（第69行）/);
    const json = JSON.parse((await wenxiao(["report", "check", file, "--json"])).out);
    expect(json.problems.map((p: { key: string; expected: string }) => [p.key, p.expected])).toEqual([["table1.score.决策", "19.09"]]);
  });

  it("exits 2 on a file it cannot read or that is not a report", async () => {
    const notes = path.join(dir(), "会议纪要.txt");
    fs.writeFileSync(notes, "会议纪要\n今天讨论了下一步工作安排。\n");
    const r = await wenxiao(["report", "check", notes]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("未识别到评价报告的结构");
    const doc = await wenxiao(["report", "check", path.join(dir(), "旧报告.doc")]);
    expect(doc.code).toBe(2);
    expect(doc.err).toContain("找不到文件");
    fs.writeFileSync(path.join(dir(), "旧报告.doc"), "x");
    expect((await wenxiao(["report", "check", path.join(dir(), "旧报告.doc")])).err).toContain("请在 Word 中另存为 .docx 后上传");
  });
});

describe("wenxiao report build", () => {
  it("writes the demo report as .docx and as text-checked HTML, and says its 勾稽校验 found nothing", async () => {
    expect((await wenxiao(["demo", "load"])).code).toBe(0);
    const out = path.join(dir(), "报告.docx");
    const r = await wenxiao(["report", "build", "--year", "2021", "--format", "docx", "--out", out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("草稿（随数据更新）");
    expect(r.out).toContain("未发现不一致");
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe("PK");
    const html = path.join(dir(), "报告.html");
    expect((await wenxiao(["report", "build", "--year", "2021", "--format", "html", "--out", html])).code).toBe(0);
    const page = fs.readFileSync(html, "utf8");
    for (const figure of ["23763", "81.24%", "90.02", "93.08"]) expect(page).toContain(figure);
    // The built report passes the file check too.
    expect((await wenxiao(["report", "check", out])).code).toBe(0);
  });

  it("refuses an unknown format and a year without a task, in Chinese", async () => {
    const bad = await wenxiao(["report", "build", "--year", "2021", "--format", "odt", "--out", path.join(dir(), "x")]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain("格式应为 docx、pdf、html、xlsx 之一");
    const none = await wenxiao(["report", "build", "--year", "2030", "--format", "docx", "--out", path.join(dir(), "x.docx")]);
    expect(none.code).not.toBe(0);
    expect(none.err + none.out).toContain("2030年度还没有评价任务");
  });
});
