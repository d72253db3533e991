import { describe, expect, it } from "vitest";
import { inlineText, type ReportDocument } from "../../../core/report/model";
import { seedFixture } from "./fixture.test-support";
import { renderHtml } from "./html";

const fixture = seedFixture();
const html = renderHtml(fixture);

const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&amp;": "&" };
/** The text a reader sees: tags dropped, entities decoded. */
const visibleText = (markup: string) =>
  markup
    .replace(/<style>[\s\S]*?<\/style>/, "")
    .replace(/<br>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&(lt|gt|quot|#39|amp);/g, (e) => ENTITIES[e]);

function withParagraph(text: string): ReportDocument {
  return { ...fixture, blocks: [...fixture.blocks, { kind: "paragraph", key: "x", inlines: [{ t: "text", text }], source: "edited", version: 1 }] };
}

describe("the report as HTML", () => {
  it("is a standalone Chinese page with its styles inline", () => {
    expect(html.startsWith("<!doctype html>\n<html lang=\"zh-CN\">")).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain(`<title>${fixture.title}</title>`);
    expect(html).not.toMatch(/<link|<script|src=/);
    expect(html).toContain('"仿宋_GB2312","仿宋","FangSong","STFangsong","Noto Serif CJK SC",serif');
    expect(html).toContain('"黑体","SimHei","STHeiti","Noto Sans CJK SC",sans-serif');
    expect(html).toContain('"楷体_GB2312","楷体","KaiTi","STKaiti"');
  });

  it("shows every heading, paragraph and table cell of the report, in order", () => {
    const text = visibleText(html);
    let at = 0;
    for (const b of fixture.blocks) {
      const parts =
        b.kind === "heading" ? [b.text] : b.kind === "paragraph" ? [inlineText(b.inlines)] : [b.caption, ...b.header, ...b.rows.flat().map(inlineText)];
      for (const part of parts) {
        const found = text.indexOf(part, at);
        expect(found, part).toBeGreaterThanOrEqual(at);
        at = found + part.length;
      }
    }
  });

  it("marks the heading levels and gives each table a header row", () => {
    expect(html).toContain("<h2>一、项目基本情况</h2>");
    expect(html).toContain("<h3>（一）项目立项目的及实施背景</h3>");
    expect(html).toContain("<h4>1.项目主要内容。</h4>");
    expect(html).toContain("<h5>(1) 决策指标分析</h5>");
    expect(html).toContain("<caption>表1 各指标得分情况表</caption>");
    expect(html.match(/<thead><tr><th>/g)).toHaveLength(2);
  });

  it("wraps every figure in a span that names its key and says what it is", () => {
    const spans = [...html.matchAll(/<span class="fig" data-key="([^"]+)" title="([^"]*)">([^<]*)<\/span>/g)];
    const inText = fixture.blocks.flatMap((b) =>
      b.kind === "paragraph" ? b.inlines : b.kind === "table" ? b.rows.flat(2) : [],
    ).filter((i) => i.t === "fig");
    expect(spans.map((m) => m[1])).toEqual(inText.map((i) => (i.t === "fig" ? i.key : "")));
    const score = spans.find((m) => m[1] === "score.total")!;
    expect(score[3]).toBe("90.02");
    expect(score[2]).toBe("综合评价得分：（示例）");
  });

  it("escapes every text, so a paragraph cannot inject markup", () => {
    const out = renderHtml(withParagraph(`<script>alert("x")</script> & 'y'`));
    expect(out).not.toContain("<script>");
    expect(out).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
    const title = renderHtml({ ...fixture, title: "</title><img src=x onerror=alert(1)>" });
    expect(title).not.toContain("<img");
  });

  it("says on the page when the data is demo data or a live draft", () => {
    expect(html).not.toContain('class="marks"');
    const draft = renderHtml({ ...fixture, meta: { ...fixture.meta, isDemo: true, live: true, version: null } });
    expect(draft).toContain('<div class="marks"><p>示例数据</p><p>草稿（未定稿）— 数据截至 2022年6月30日</p></div>');
  });

  it("sets the title in balanced lines and the date on the cover", () => {
    expect(html).toContain("<h1>临沂市老旧小区改造补助<br>资金全周期跟踪问效报告</h1>");
    expect(html).toContain('<div class="byline"><p>二〇二二年七月</p></div>');
  });
});
