/**
 * Lays out 入户问卷二维码 in a worker thread (started by sheets.ts renderInWorker): the QR codes and the
 * document's XML are seconds of CPU for a city's households, which the server's event loop is spared.
 */
import { parentPort, workerData } from "node:worker_threads";
import { renderSheetsDocx, type SheetsInput } from "./sheets-docx";

try {
  const docx = await renderSheetsDocx(workerData as SheetsInput);
  const bytes = new Uint8Array(docx.buffer, docx.byteOffset, docx.byteLength);
  parentPort!.postMessage({ docx: bytes });
} catch (e) {
  parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
}
