/**
 * The one renderer of a report's words: runs of text and figures. A figure is a highlighted span that
 * opens its trace (what it is, how it is computed, as of when, the sums it came from, the records
 * behind it) — the proof that every number of the report comes from the data.
 */
import { createContext, Fragment, useContext, useState, type KeyboardEvent } from "react";
import { Descriptions, Flex, Popover, Typography } from "antd";
import { Link } from "react-router";
import { formatDateCn } from "../../../../core/dates";
import type { Inline, ReportFigure } from "../../../../core/report/model";
import { useLedger } from "../../app/ledger";

interface FigureContextValue {
  figures: Record<string, ReportFigure>;
  /** The report's fund year: a trace's records are that year's, whatever year the header shows. */
  fundYearId: number;
}

const FigureContext = createContext<FigureContextValue | null>(null);
export const FigureProvider = FigureContext.Provider;

function TraceCard({ figure, fundYearId }: { figure: ReportFigure; fundYearId: number }) {
  const { linkTo } = useLedger();
  const { trace } = figure;
  const items = [
    { key: "formula", label: "计算方法", children: trace.formula },
    ...(trace.asOf ? [{ key: "asOf", label: "数据截至", children: formatDateCn(trace.asOf) }] : []),
  ];
  return (
    <div className="figure-trace" aria-label={`${trace.label}的来源`}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {trace.label}
      </Typography.Text>
      <div className="figure-trace-value num">{figure.text}</div>
      <Descriptions size="small" column={1} items={items} styles={{ label: { width: 72 } }} />
      {trace.parts.length > 0 && (
        <ul className="figure-trace-parts">
          {trace.parts.map((p) => (
            <li key={`${p.label}-${p.text}`}>
              <span>{p.label}</span>
              <span className="num">{p.text}</span>
            </li>
          ))}
        </ul>
      )}
      {(trace.link !== null || (trace.related?.length ?? 0) > 0) && (
        <Flex gap={16} wrap>
          {trace.link && <Link to={linkTo(trace.link.path, { fy: fundYearId, ...(trace.asOf ? { asOf: trace.asOf } : {}), ...trace.link.query })}>查看明细记录</Link>}
          {trace.related?.map((r) => (
            <Link key={r.path + JSON.stringify(r.query)} to={linkTo(r.path, { fy: fundYearId, ...(trace.asOf ? { asOf: trace.asOf } : {}), ...r.query })}>
              {`查看${r.label}`}
            </Link>
          ))}
        </Flex>
      )}
    </div>
  );
}

function FigureSpan({ figureKey, text }: { figureKey: string; text: string }) {
  const ctx = useContext(FigureContext);
  const [open, setOpen] = useState(false);
  const figure = ctx?.figures[figureKey];
  // A figure of a frozen version whose trace was not kept still reads as words.
  if (!ctx || !figure) return <>{text}</>;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      setOpen(true);
    }
  };
  return (
    <Popover
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottom"
      destroyOnHidden
      content={<TraceCard figure={figure} fundYearId={ctx.fundYearId} />}
    >
      <span className="report-fig" role="button" tabIndex={0} aria-label={`数字 ${text}：${figure.trace.label}`} onKeyDown={onKeyDown}>
        {text}
      </span>
    </Popover>
  );
}

/** Text and figures of a paragraph or a table cell. */
export function Inlines({ inlines }: { inlines: readonly Inline[] }) {
  return (
    <>
      {inlines.map((i, n) => (i.t === "fig" ? <FigureSpan key={n} figureKey={i.key} text={i.text} /> : <Fragment key={n}>{i.text}</Fragment>))}
    </>
  );
}
