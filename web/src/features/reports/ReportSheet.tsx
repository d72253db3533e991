/**
 * The report as a printed page: a white A4-like sheet with the 公文 typefaces (仿宋 body, 黑体 for
 * 一级标题, 楷体 for 二级, 仿宋加粗 for 三级). It only lays out the document model; what a person may
 * do with a block (edit, history) comes from `margin`, drawn beside the sheet like a comment in Word.
 */
import type { ReactNode } from "react";
import type { ReportBlock, ReportDocument } from "../../../../core/report/model";
import { FigureProvider, Inlines } from "./Figure";
import "./report.css";

type Heading = Extract<ReportBlock, { kind: "heading" }>;
type Table = Extract<ReportBlock, { kind: "table" }>;

const HEADING_TAG = { 1: "h2", 2: "h3", 3: "h4", 4: "h5" } as const;

function HeadingBlock({ block }: { block: Heading }) {
  const Tag = HEADING_TAG[block.level];
  return <Tag className={`report-h report-h${block.level}`}>{block.text}</Tag>;
}

function TableBlock({ block }: { block: Table }) {
  const total = block.widths.reduce((a, w) => a + w, 0) || 1;
  return (
    <figure className="report-table-wrap">
      <figcaption className="report-caption">{block.caption}</figcaption>
      <table className="report-table" aria-label={block.caption}>
        <colgroup>
          {block.widths.map((w, i) => (
            <col key={i} style={{ width: `${(w / total) * 100}%` }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {block.header.map((h, i) => (
              <th key={i}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {block.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => (
                <td key={c}>
                  <Inlines inlines={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function Block({ block }: { block: ReportBlock }) {
  if (block.kind === "heading") return <HeadingBlock block={block} />;
  if (block.kind === "table") return <TableBlock block={block} />;
  return (
    <p className="report-p">
      <Inlines inlines={block.inlines} />
    </p>
  );
}

export function ReportSheet({ doc, margin }: { doc: ReportDocument; margin?: (block: ReportBlock) => ReactNode }) {
  return (
    <FigureProvider value={{ figures: doc.figures, fundYearId: doc.meta.fundYearId }}>
      <div className="report-stage">
        <article className="report-sheet" aria-label="报告预览">
          <header className="report-cover">
            <div className="report-marks">
              {doc.meta.isDemo && <span className="report-mark report-mark-demo">示例数据</span>}
              {doc.meta.live && <span className="report-mark">草稿（未定稿）</span>}
            </div>
            <h1 className="report-title">
              {/* The title's space is where the cover breaks it: 「临沂市老旧小区改造补助资金」「全周期跟踪问效报告」. */}
              {doc.title.split(/\s+/).map((line, i) => (
                <span key={i} className="report-title-line">
                  {line}
                </span>
              ))}
            </h1>
            {doc.author && <p className="report-author">{doc.author}</p>}
            <p className="report-date">{doc.dateText}</p>
          </header>
          {doc.blocks.map((b, i) => {
            const side = margin?.(b);
            return (
              // Headings without a key are fixed words of the outline: their place is their identity.
              <div key={b.key ?? `outline-${i}`} className={side ? "report-block report-block-editable" : "report-block"}>
                <Block block={b} />
                {side && <div className="report-margin">{side}</div>}
              </div>
            );
          })}
        </article>
      </div>
    </FigureProvider>
  );
}
