/**
 * 入户问卷二维码: the printable sheets of a task's survey for door-to-door distribution (laid out in
 * sheets-docx.ts), as Word or as PDF through LibreOffice (reports/pdf.ts: its converter, its limit of
 * conversions at once, a profile of its own per conversion). The layout runs in a worker thread.
 */
import { Worker } from "node:worker_threads";
import { formatDateCn } from "../../../core/dates";
import { AppError } from "../../errors";
import type { ServiceContext } from "../../context";
import { Limiter } from "../../limiter";
import { convertDocxToPdf, type ConvertOptions } from "../reports/pdf";
import { assertConduct } from "./access";
import type { SheetsInput } from "./sheets-docx";
import { requireSurvey, surveyLink } from "./setup-survey";
import * as repo from "./repository";

export { RESIDENT_NOTE } from "./sheets-docx";

export const SHEET_FORMATS = ["pdf", "docx"] as const;
export type SheetFormat = (typeof SHEET_FORMATS)[number];

const MIME: Record<SheetFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
};

export interface SheetOptions {
  format: SheetFormat;
  /** One sampled community only; all of them (in the sample's order) when left out. */
  communityId?: number;
  /** The address residents open (routes.ts baseUrlOf, or the CLI's --base-url). */
  baseUrl: string;
  /** The LibreOffice conversion's time limit and log (PDF only). */
  convert?: ConvertOptions;
}

/** A plain-JavaScript entry that registers tsx, then loads `sheets-worker.ts` (as xlsx-worker-boot.mjs). */
const WORKER_ENTRY = new URL("./sheets-worker-boot.mjs", import.meta.url);
/** Each layout takes a core; the others wait their turn (a download is never refused for load). */
const layouts = new Limiter();
const LAYOUTS = { concurrency: 2, queue: Number.POSITIVE_INFINITY };

/** Lays the sheets out in a worker thread of its own, so the event loop keeps serving meanwhile. */
export function renderInWorker(input: SheetsInput, timeoutMs: number): Promise<Buffer> {
  return layouts.run(
    LAYOUTS,
    () =>
      new Promise<Buffer>((resolve, reject) => {
        const worker = new Worker(WORKER_ENTRY, { workerData: input, execArgv: [] });
        let settled = false;
        const finish = (fn: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          void worker.terminate();
          fn();
        };
        const failed = (detail: string) => finish(() => reject(new Error(`入户问卷二维码排版失败：${detail}`)));
        const timer = setTimeout(() => finish(() => reject(new AppError("UNAVAILABLE", "入户问卷二维码排版超时，请按小区分别下载，或稍后重试"))), timeoutMs);
        worker.once("message", (m: { docx: Uint8Array } | { error: string }) => ("docx" in m ? finish(() => resolve(Buffer.from(m.docx.buffer, m.docx.byteOffset, m.docx.byteLength))) : failed(m.error)));
        worker.once("error", (e) => failed(e.message));
        worker.once("exit", (code) => failed(`worker exited with code ${code}`));
      }),
    () => new Error("unreachable: the layout queue is unbounded"),
  );
}

/** Many pages get more time than one report: a few seconds a community (layout or conversion) on a slow machine. */
const timeoutFor = (communities: number) => Math.max(60_000, communities * 3_000);

/**
 * The printable sheets of a task's survey, for one sampled community or all of them. Only those who run
 * the survey get them (the links are the survey's keys), and not once the task is final.
 */
export async function buildSurveySheets(
  ctx: ServiceContext,
  taskId: number,
  o: SheetOptions,
): Promise<{ buffer: Buffer; fileName: string; mimeType: string; communities: number; households: number }> {
  const { row, survey, questionnaire } = await requireSurvey(ctx, taskId);
  assertConduct(ctx.actor, row.task);
  const sample = await repo.sampleWithCounts(ctx.db, survey.id);
  const chosen = o.communityId === undefined ? sample : sample.filter((s) => s.communityId === o.communityId);
  if (o.communityId !== undefined && !chosen.length) throw new AppError("NOT_FOUND", "该小区不在本次调查的抽样范围内，没有入户问卷二维码");
  const tokens = await repo.listTokens(ctx.db, survey.id, o.communityId);
  const byCommunity = new Map<number, typeof tokens>();
  for (const t of tokens) {
    const list = byCommunity.get(t.communityId);
    if (list) list.push(t);
    else byCommunity.set(t.communityId, [t]);
  }
  const sheets: SheetsInput["communities"] = [];
  for (const s of chosen) {
    const mine = (byCommunity.get(s.communityId) ?? []).sort((a, b) => a.seq - b.seq);
    if (mine.length) sheets.push({ code: s.code, name: s.name, county: s.county, households: mine.map((t) => ({ seq: t.seq, link: surveyLink(o.baseUrl, t.token) })) });
  }
  if (!sheets.length) throw new AppError("NOT_FOUND", "本次调查没有可打印的入户问卷链接");
  const head = {
    title: questionnaire.title,
    deadline: survey.closesOn ? formatDateCn(survey.closesOn) : "评价任务定稿前",
    taskName: row.task.name,
  };
  const timeoutMs = timeoutFor(sheets.length);
  const docx = await renderInWorker({ head, communities: sheets }, timeoutMs);
  const buffer = o.format === "docx" ? docx : await convertDocxToPdf(docx, { timeoutMs, ...o.convert });
  const which = sheets.length === 1 && o.communityId !== undefined ? `${sheets[0].county}${sheets[0].name}` : "全部抽样小区";
  const households = sheets.reduce((a, s) => a + s.households.length, 0);
  return {
    buffer,
    fileName: `${row.task.name}_入户问卷二维码_${which}.${o.format}`.replace(/[\\/:*?"<>|\s]+/g, ""),
    mimeType: MIME[o.format],
    communities: sheets.length,
    households,
  };
}
