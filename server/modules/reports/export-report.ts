/** A task's report as a file: .docx in 公文格式, PDF through LibreOffice, standalone HTML, or the .xlsx appendices. */
import type { ReportFormat } from "../../../contracts/reports";
import type { ServiceContext } from "../../context";
import { XLSX_MIME } from "../../xlsx";
import { appendixWorkbook } from "./appendix";
import { renderDocx } from "./docx";
import { renderHtml } from "./html";
import { convertDocxToPdf } from "./pdf";
import { getReport } from "./get-report";

const MIME: Record<ReportFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  html: "text/html; charset=utf-8",
  xlsx: XLSX_MIME,
};

export async function exportReport(ctx: ServiceContext, taskId: number, format: ReportFormat, version?: number) {
  const report = await getReport(ctx, taskId, version);
  const { document } = report;
  const base = `${document.title.replace(/\s+/g, "")}${document.meta.live ? "（草稿）" : `（定稿第${document.meta.version}版）`}`;
  const fileName = format === "xlsx" ? `${base}_附表.xlsx` : `${base}.${format}`;
  let data: Buffer;
  if (format === "xlsx") data = await appendixWorkbook(ctx, taskId);
  else if (format === "html") data = Buffer.from(renderHtml(document), "utf8");
  else {
    const docx = await renderDocx(document);
    data = format === "docx" ? docx : await convertDocxToPdf(docx);
  }
  return { fileName, mimeType: MIME[format], data, report };
}
