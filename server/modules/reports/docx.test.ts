import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { inlineText, type ReportDocument } from "../../../core/report/model";
import { renderDocx, titleLines } from "./docx";
import { seedFixture } from "./fixture.test-support";

// GB/T 9704-2012 in twips (1 mm = 1440 / 25.4): A4 210 × 297, 天头 37, 订口 28, 版心 156 × 225.
const A4 = { w: 11906, h: 16838 };
const MARGINS = { top: 2098, left: 1587, right: 1474, bottom: 1984 };
const TEXT_WIDTH = A4.w - MARGINS.left - MARGINS.right; // 8845
const TEXT_HEIGHT = A4.h - MARGINS.top - MARGINS.bottom; // 12756

async function unzip(doc: ReportDocument, target?: "word" | "libreoffice") {
  const zip = await JSZip.loadAsync(await renderDocx(doc, { target }));
  const part = (name: string) => zip.file(name)?.async("string") ?? Promise.resolve(null);
  const names = Object.keys(zip.files);
  const footers = await Promise.all(names.filter((n) => /^word\/footer\d+\.xml$/.test(n)).map((n) => part(n)));
  const headers = await Promise.all(names.filter((n) => /^word\/header\d+\.xml$/.test(n)).map((n) => part(n)));
  return {
    document: (await part("word/document.xml"))!,
    styles: (await part("word/styles.xml"))!,
    settings: (await part("word/settings.xml"))!,
    fontTable: (await part("word/fontTable.xml"))!,
    core: (await part("docProps/core.xml"))!,
    custom: (await part("docProps/custom.xml"))!,
    footers: footers as string[],
    headers: headers as string[],
  };
}

const all = (xml: string, re: RegExp) => [...xml.matchAll(re)].map((m) => m[0]);
/** The value of `w:attr` on the first `<w:tag>` in xml, or null. */
function attr(xml: string, tag: string, name: string): string | null {
  const element = new RegExp(`<w:${tag}(?=[ />])[^>]*>`).exec(xml)?.[0];
  return element ? (new RegExp(`w:${name}="([^"]*)"`).exec(element)?.[1] ?? null) : null;
}
function style(styles: string, id: string): string {
  const found = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`).exec(styles);
  if (!found) throw new Error(`style ${id} missing`);
  return found[0];
}
const isOn = (xml: string, tag: string) => new RegExp(`<w:${tag}(?: w:val="(?:true|1|on)")?/>`).test(xml);

const decode = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
const textOf = (xml: string) => all(xml, /<w:t(?: [^>]*)?>[^<]*<\/w:t>/g).map((t) => decode(t.replace(/<[^>]+>/g, ""))).join("");
const paragraphsOf = (xml: string) => all(xml, /<w:p[ >][\s\S]*?<\/w:p>/g);
const sectionsOf = (xml: string) => all(xml, /<w:sectPr>[\s\S]*?<\/w:sectPr>/g);
const rowsOf = (xml: string) => all(xml, /<w:tr[ >][\s\S]*?<\/w:tr>/g).map((r) => all(r, /<w:tc>[\s\S]*?<\/w:tc>/g).map(textOf).join("\t"));

const fixture = seedFixture();
let word: Awaited<ReturnType<typeof unzip>>;
beforeAll(async () => {
  word = await unzip(fixture);
});

describe("the .docx page (GB/T 9704-2012)", () => {
  it("is A4 with 天头 37 mm, 订口 28 mm and a 156 × 225 mm 版心 in every section", () => {
    const sections = sectionsOf(word.document);
    expect(sections).toHaveLength(2); // the cover, the body
    for (const s of sections) {
      expect([attr(s, "pgSz", "w"), attr(s, "pgSz", "h")]).toEqual([String(A4.w), String(A4.h)]);
      for (const [side, twips] of Object.entries(MARGINS)) expect(Math.abs(Number(attr(s, "pgMar", side)) - twips)).toBeLessThanOrEqual(1);
    }
  });

  it("holds 22 lines of 28 characters of 3号 on a linesAndChars grid", () => {
    const s = sectionsOf(word.document)[1];
    expect(attr(s, "docGrid", "type")).toBe("linesAndChars");
    const linePitch = Number(attr(s, "docGrid", "linePitch"));
    expect(22 * linePitch).toBeLessThanOrEqual(TEXT_HEIGHT);
    expect(22 * (linePitch + 1)).toBeGreaterThan(TEXT_HEIGHT);
    // Character pitch = the default 3号 (16 pt) + charSpace / 4096 pt; 28 of them fill the 版心.
    const charPitch = (16 + Number(attr(s, "docGrid", "charSpace")) / 4096) * 20;
    expect(28 * charPitch).toBeLessThanOrEqual(TEXT_WIDTH);
    expect(28 * charPitch).toBeGreaterThan(TEXT_WIDTH - 28);
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(word.styles)![0];
    expect(attr(defaults, "sz", "val")).toBe("32"); // the size the pitch is relative to
  });

  it("numbers body pages 「— n —」 in 4号 宋体, odd pages right and even pages left, and not the cover", () => {
    expect(word.settings).toContain("<w:evenAndOddHeaders/>");
    const [cover, body] = sectionsOf(word.document);
    expect(cover).not.toContain("footerReference");
    expect(attr(body, "pgNumType", "start")).toBe("1");
    expect(all(body, /<w:footerReference [^>]*>/g).map((r) => attr(r, "footerReference", "type")).sort()).toEqual(["default", "even"]);

    const numbered = word.footers.filter((f) => f.includes("PAGE"));
    expect(numbered).toHaveLength(2);
    for (const f of numbered) {
      expect(textOf(f)).toBe("—  —"); // 「— 」, the PAGE field, 「 —」
      expect(f).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
      expect(f).toContain('<w:pStyle w:val="Footer"/>');
    }
    const sides = numbered.map((f) => [attr(f, "jc", "val"), attr(f, "ind", "right") ?? attr(f, "ind", "left")]);
    expect(sides.sort()).toEqual([["left", "280"], ["right", "280"]]); // one 4号 character in from the edge
    const footer = style(word.styles, "Footer");
    expect(attr(footer, "rFonts", "eastAsia")).toBe("宋体");
    expect(attr(footer, "rFonts", "ascii")).toBe("宋体");
    expect(attr(footer, "sz", "val")).toBe("28");
  });
});

describe("the .docx type", () => {
  it("sets the body in 3号 仿宋_GB2312, justified, first line indented two characters, Latin in Times New Roman", () => {
    const normal = style(word.styles, "Normal");
    expect(attr(normal, "rFonts", "eastAsia")).toBe("仿宋_GB2312");
    expect(attr(normal, "rFonts", "ascii")).toBe("Times New Roman");
    expect(attr(normal, "rFonts", "hAnsi")).toBe("Times New Roman");
    expect(attr(normal, "sz", "val")).toBe("32");
    expect(attr(normal, "jc", "val")).toBe("both");
    expect(attr(normal, "ind", "firstLineChars")).toBe("200");
  });

  it("sets the title in 2号 方正小标宋简体, centred", () => {
    const title = style(word.styles, "Title");
    expect(attr(title, "rFonts", "eastAsia")).toBe("方正小标宋简体");
    expect(attr(title, "sz", "val")).toBe("44");
    expect(attr(title, "jc", "val")).toBe("center");
    const first = paragraphsOf(word.document)[0];
    expect(first).toContain('<w:pStyle w:val="Title"/>');
    expect(textOf(first)).toBe(fixture.title);
  });

  it.each([
    [1, "黑体", false],
    [2, "楷体_GB2312", false],
    [3, "仿宋_GB2312", true],
    [4, "仿宋_GB2312", false],
  ] as const)("sets 标题 level %i in 3号 %s (bold: %s) with its own outline level", (level, font, bold) => {
    const s = style(word.styles, `Heading${level}`);
    expect(attr(s, "rFonts", "eastAsia")).toBe(font);
    expect(attr(s, "rFonts", "ascii")).toBe("Times New Roman");
    expect(attr(s, "sz", "val")).toBe("32");
    expect(isOn(s, "b")).toBe(bold);
    expect(attr(s, "outlineLvl", "val")).toBe(String(level - 1));
    const headings = fixture.blocks.filter((b) => b.kind === "heading" && b.level === level);
    expect(headings.length).toBeGreaterThan(0);
    for (const h of headings) {
      const p = paragraphsOf(word.document).find((x) => textOf(x) === (h.kind === "heading" ? h.text : ""));
      expect(p).toContain(`<w:pStyle w:val="Heading${level}"/>`);
    }
  });

  it("names a fallback with the GB2312 charset for every Chinese font in the font table", () => {
    const entries = Object.fromEntries(all(word.fontTable, /<w:font [\s\S]*?<\/w:font>/g).map((f) => [attr(f, "font", "name"), f]));
    for (const [name, alt] of [
      ["仿宋_GB2312", "仿宋"],
      ["楷体_GB2312", "楷体"],
      ["黑体", "SimHei"],
      ["宋体", "SimSun"],
      ["方正小标宋简体", "宋体"],
    ]) {
      expect(attr(entries[name], "altName", "val")).toBe(alt);
      expect(attr(entries[name], "charset", "val")).toBe("86");
    }
    expect(entries["Times New Roman"]).toBeDefined();
  });
});

describe("the .docx tables", () => {
  it("fit the 版心, repeat their header row on each page and have a bold centred caption above", () => {
    const tables = all(word.document, /<w:tbl>[\s\S]*?<\/w:tbl>/g);
    expect(tables).toHaveLength(2);
    for (const t of tables) {
      expect(Number(attr(t, "tblW", "w"))).toBeLessThanOrEqual(TEXT_WIDTH);
      const grid = all(t, /<w:gridCol [^>]*>/g).map((c) => Number(attr(c, "gridCol", "w")));
      expect(grid.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(TEXT_WIDTH);
      const [header, ...rows] = all(t, /<w:tr[ >][\s\S]*?<\/w:tr>/g);
      expect(isOn(header, "tblHeader")).toBe(true);
      for (const r of rows) expect(r).not.toContain("tblHeader");
      for (const side of ["top", "bottom", "left", "right", "insideH", "insideV"]) expect(attr(t, side, "val")).toBe("single");
    }
    const caption = style(word.styles, "Caption");
    expect(isOn(caption, "b")).toBe(true);
    expect(attr(caption, "jc", "val")).toBe("center");
    const beforeTable1 = word.document.slice(0, word.document.indexOf("<w:tbl>"));
    expect(textOf(paragraphsOf(beforeTable1).at(-1)!)).toBe("表1 各指标得分情况表");
  });

  it("set their cells in 小四 仿宋, numbers centred", () => {
    const cell = style(word.styles, "TableText");
    expect(attr(cell, "sz", "val")).toBe("24");
    expect(attr(cell, "jc", "val")).toBe("center");
    expect(attr(cell, "basedOn", "val")).toBe("Normal"); // 仿宋_GB2312 with Times New Roman digits
  });
});

describe("the .docx text", () => {
  it("has every heading, paragraph, caption and table row of the report, in order", () => {
    const paragraphs = paragraphsOf(word.document).map(textOf);
    const rows = rowsOf(word.document);
    let at = 0;
    for (const b of fixture.blocks) {
      if (b.kind === "table") {
        expect(paragraphs).toContain(b.caption);
        expect(rows).toContain(b.header.join("\t"));
        for (const r of b.rows) expect(rows).toContain(r.map(inlineText).join("\t"));
        continue;
      }
      const text = b.kind === "heading" ? b.text : inlineText(b.inlines);
      const found = paragraphs.indexOf(text, at);
      expect(found, text).toBeGreaterThanOrEqual(at);
      at = found + 1;
    }
    expect(paragraphs).toContain(fixture.dateText);
  });

  it("puts the author on the cover when known", async () => {
    const { document } = await unzip({ ...fixture, author: "山东某某会计师事务所" });
    expect(paragraphsOf(document).map(textOf).slice(0, 3)).toEqual([fixture.title, "山东某某会计师事务所", fixture.dateText]);
  });

  it("breaks a two-line title between words near the middle", () => {
    expect(titleLines(fixture.title)).toEqual(["临沂市老旧小区改造补助", "资金全周期跟踪问效报告"]);
    expect(titleLines("2021年度绩效评价报告")).toEqual(["2021年度绩效评价报告"]);
    for (const line of titleLines("临沂市2021年度老旧小区改造补助资金全周期跟踪问效报告")) expect(line.length).toBeLessThanOrEqual(20);
  });
});

describe("the .docx properties and marks", () => {
  it("name the title, the creator and the task and version an uploaded copy is matched by", () => {
    expect(word.core).toContain(`<dc:title>${fixture.title}</dc:title>`);
    expect(word.core).toContain("<dc:creator>问效 Wenxiao</dc:creator>");
    expect(word.core).toContain("<dc:description>wenxiao-task:1;version:1</dc:description>");
    expect(word.custom).toMatch(/name="WenxiaoTaskId"><vt:lpwstr>1</);
    expect(word.custom).toMatch(/name="WenxiaoVersion"><vt:lpwstr>1</);
  });

  it("a final report of real data has no header marks", () => {
    expect(word.headers).toEqual([]);
  });

  it("a live draft of demo data says so in the header of every page", async () => {
    const draft = await unzip({ ...fixture, meta: { ...fixture.meta, isDemo: true, live: true, version: null } });
    expect(draft.headers.length).toBeGreaterThan(0);
    for (const h of draft.headers) expect(paragraphsOf(h).map(textOf)).toEqual(["示例数据", "草稿（未定稿）— 数据截至 2022年6月30日"]);
    for (const s of sectionsOf(draft.document)) expect(s).toMatch(/<w:headerReference [^>]*w:type="default"/);
    expect(draft.core).toContain("wenxiao-task:1;version:draft");
  });
});

describe("the .docx for LibreOffice", () => {
  it("keeps 22 lines of 28 characters without the grid LibreOffice lays out two cells per character", async () => {
    const lo = await unzip(fixture, "libreoffice");
    for (const s of sectionsOf(lo.document)) expect(attr(s, "docGrid", "type")).toBeNull();
    const normal = style(lo.styles, "Normal");
    const line = Number(attr(normal, "spacing", "line"));
    expect(attr(normal, "spacing", "lineRule")).toBe("exact");
    expect(22 * line).toBeLessThanOrEqual(TEXT_HEIGHT);
    expect(22 * (line + 1)).toBeGreaterThan(TEXT_HEIGHT);
    // w:spacing in the run properties condenses each 3号 character (320 twips) so 28 fit.
    const condensed = Number(/<w:rPr>[\s\S]*?<w:spacing w:val="(-?\d+)"/.exec(normal)?.[1]);
    expect(28 * (320 + condensed)).toBeLessThanOrEqual(TEXT_WIDTH);
    expect(29 * (320 + condensed)).toBeGreaterThan(TEXT_WIDTH);
    expect(paragraphsOf(lo.document).map(textOf)).toEqual(paragraphsOf(word.document).map(textOf));
  });
});
