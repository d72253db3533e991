/** A task's report as a file: .docx in 公文格式, PDF through LibreOffice, standalone HTML, or the .xlsx appendices. */
import type { ReportFormat } from "../../../contracts/reports";
import type { ServiceContext } from "../../context";
import { XLSX_MIME } from "../../xlsx";
import { appendixWorkbook } from "./appendix";
import { renderDocx } from "./docx";
import { renderHtml } from "./html";
import { renderPdf } from "./pdf";
import { loadReportDocument } from "./get-report";

const MIME: Record<ReportFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  html: "text/html; charset=utf-8",
  xlsx: XLSX_MIME,
};

export async function exportReport(ctx: ServiceContext, taskId: number, format: ReportFormat, version?: number) {
  const document = await loadReportDocument(ctx, taskId, version);
  const base = `${document.title.replace(/\s+/g, "")}${document.meta.live ? "（草稿）" : `（定稿第${document.meta.version}版）`}`;
  const fileName = format === "xlsx" ? `${base}_附表.xlsx` : `${base}.${format}`;
  let data: Buffer;
  if (format === "xlsx") data = await appendixWorkbook(ctx, taskId);
  else if (format === "html") data = Buffer.from(renderHtml(document), "utf8");
  else data = format === "docx" ? await renderDocx(document) : await renderPdf(document);
  return { fileName, mimeType: MIME[format], data, document };
}
