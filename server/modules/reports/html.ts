/**
 * The report as one standalone, printable HTML page (`report build --format html`, the download): the
 * 公文 look approximated in CSS — A4 width, 版心 156 mm, 3号 仿宋 body on a 22-line pitch, 黑体 /
 * 楷体 / 仿宋 headings — with font stacks that fall back to Noto CJK where the GB2312 fonts are
 * missing. Every figure is a span naming its key, so a page script or a reader can trace it.
 */
import type { Inline, ReportBlock, ReportDocument } from "../../../core/report/model";
import { REPORT_FONTS, reportMarks, titleLines } from "./docx";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

function inlinesHtml(inlines: readonly Inline[], doc: ReportDocument): string {
  return inlines
    .map((i) => {
      if (i.t === "text") return escapeHtml(i.text);
      const trace = doc.figures[i.key]?.trace;
      const title = trace ? ` title="${escapeHtml(`${trace.label}：${trace.formula}`)}"` : "";
      return `<span class="fig" data-key="${escapeHtml(i.key)}"${title}>${escapeHtml(i.text)}</span>`;
    })
    .join("");
}

function tableHtml(block: Extract<ReportBlock, { kind: "table" }>, doc: ReportDocument): string {
  const total = block.widths.reduce((a, b) => a + b, 0);
  const cols = block.widths.map((w) => `<col style="width:${((w / total) * 100).toFixed(2)}%">`).join("");
  const head = block.header.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const rows = block.rows.map((r) => `<tr>${r.map((c) => `<td>${inlinesHtml(c, doc)}</td>`).join("")}</tr>`).join("\n");
  return (
    `<table data-key="${escapeHtml(block.key)}"><caption>${escapeHtml(block.caption)}</caption>` +
    `<colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody></table>`
  );
}

function blockHtml(block: ReportBlock, doc: ReportDocument): string {
  switch (block.kind) {
    // Level 1 is <h2>: the report's title is the page's <h1>.
    case "heading":
      return `<h${block.level + 1}>${escapeHtml(block.text)}</h${block.level + 1}>`;
    case "paragraph":
      return `<p data-key="${escapeHtml(block.key)}">${inlinesHtml(block.inlines, doc)}</p>`;
    case "table":
      return tableHtml(block, doc);
  }
}

/** A CSS font stack: ASCII in Times New Roman (as the .docx sets it), Chinese in the font or its fallbacks. */
function fontStack(font: (typeof REPORT_FONTS)[keyof typeof REPORT_FONTS]): string {
  return ["Report Latin", font.name, ...font.fallbacks].map((f) => `"${f}"`).join(",") + `,${font.generic}`;
}
const FONTS = {
  fangsong: fontStack(REPORT_FONTS.fangsong),
  hei: fontStack(REPORT_FONTS.hei),
  kai: fontStack(REPORT_FONTS.kai),
  title: fontStack(REPORT_FONTS.title),
};

// 版心 156 × 225 mm: 22 lines (225 mm / 22 line height) of 28 characters (3号 narrowed to 156 mm / 28).
const CSS = `
@font-face { font-family: "Report Latin"; src: local("Times New Roman"), local("TimesNewRomanPSMT"), local("Liberation Serif"), local("LiberationSerif"); unicode-range: U+0000-00FF; }
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { background: #f0f0f0; }
body { margin: 0; color: #000; font-family: ${FONTS.fangsong}; font-size: 16pt; line-height: calc(225mm / 22); }
.page { width: 156mm; margin: 24px auto; padding: 37mm 26mm 35mm 28mm; background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.2); }
.marks { margin: 0 0 1em; text-align: center; text-indent: 0; font-size: 12pt; line-height: 1.6; color: #a8071a; }
.marks p { margin: 0; }
.cover { box-sizing: content-box; height: 225mm; text-align: center; }
.cover h1 { margin: calc(4 * 225mm / 22) 0 0; font-family: ${FONTS.title}; font-size: 22pt; font-weight: normal; line-height: 35pt; }
.cover p { margin: 0; text-indent: 0; }
.cover .byline { margin-top: calc(10 * 225mm / 22); }
.body > p, .body > h2, .body > h3, .body > h4, .body > h5 { margin: 0; font-size: 16pt; text-align: justify; text-indent: 2em; letter-spacing: calc(156mm / 28 - 16pt); }
.body > h2 { font-family: ${FONTS.hei}; font-weight: normal; }
.body > h3 { font-family: ${FONTS.kai}; font-weight: normal; }
.body > h4 { font-weight: bold; }
.body > h5 { font-weight: normal; }
.body > h2, .body > h3, .body > h4, .body > h5 { break-after: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 12pt; line-height: 1.5; }
caption { caption-side: top; font-weight: bold; font-size: 16pt; line-height: calc(225mm / 22); }
th, td { border: 0.5pt solid #000; padding: 3pt 4pt; text-align: center; vertical-align: middle; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.fig { border-bottom: 1px dotted #1677ff; cursor: help; }
@media print {
  html { background: none; }
  .page { width: auto; margin: 0; padding: 0; box-shadow: none; }
  .cover { height: auto; break-after: page; }
  .fig { border-bottom: none; }
}
`;

function marksHtml(doc: ReportDocument): string {
  const marks = reportMarks(doc.meta);
  return marks.length ? `<div class="marks">${marks.map((m) => `<p>${escapeHtml(m)}</p>`).join("")}</div>\n` : "";
}

export function renderHtml(doc: ReportDocument): string {
  // On both sheets: whoever prints only the body still sees it is demo data or a draft.
  const marks = marksHtml(doc);
  const byline = [doc.author, doc.dateText].filter((t): t is string => !!t);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="问效 Wenxiao">
<title>${escapeHtml(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<section class="page cover">
${marks}<h1>${titleLines(doc.title).map(escapeHtml).join("<br>")}</h1>
<div class="byline">${byline.map((t) => `<p>${escapeHtml(t)}</p>`).join("")}</div>
</section>
<section class="page body">
${marks}${doc.blocks.map((b) => blockHtml(b, doc)).join("\n")}
</section>
</body>
</html>
`;
}
