/**
 * 入户问卷二维码 on the demo survey: the Word file's codes and the PDF's printed codes decode to the
 * households' own links, every one of the community's and nothing else; the links follow
 * WENXIAO_PUBLIC_URL; only those who run the survey get the sheets. The PDF is read back as a
 * printer would see it: LibreOffice's page rendered by pdftoppm, each card's code read by jsQR.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import JSZip from "jszip";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SurveyState } from "../../../contracts/surveys";
import { surveyTokens } from "../../../db/schema";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import { findSoffice } from "../reports/pdf";
import { RESIDENT_NOTE } from "./sheets";

const run = promisify(execFile);
const PUBLIC_URL = "https://wenxiao.linyi.gov.cn";

let t: TestApp;
let evaluator: Client;
let taskId: number;
let state: SurveyState;
const savedUrl = process.env.WENXIAO_PUBLIC_URL;

beforeAll(async () => {
  process.env.WENXIAO_PUBLIC_URL = PUBLIC_URL;
  t = await createTestApp();
  evaluator = await t.as("pingjia");
  [{ id: taskId }] = await evaluator.get<{ id: number }[]>("/api/evaluations");
  state = await evaluator.get<SurveyState>(`/api/evaluations/${taskId}/survey`);
});
afterAll(async () => {
  if (savedUrl === undefined) delete process.env.WENXIAO_PUBLIC_URL;
  else process.env.WENXIAO_PUBLIC_URL = savedUrl;
  await t.close();
});

const sheets = (q: string) => evaluator.inject(`/api/evaluations/${taskId}/survey/sheets?${q}`);

/** The links of a community's households as the database has them, by 第 n 户. */
async function linksOf(communityId: number): Promise<string[]> {
  const rows = await t.db.db
    .select({ token: surveyTokens.token })
    .from(surveyTokens)
    .where(and(eq(surveyTokens.surveyId, state.survey!.id), eq(surveyTokens.communityId, communityId)))
    .orderBy(asc(surveyTokens.seq));
  return rows.map((r) => `${PUBLIC_URL}/s/${r.token}`);
}

/** A white border around an image (jsQR wants the quiet zone, and a docx image has only two modules of it). */
function decodePng(png: PNG, pad = 16): string | null {
  const w = png.width + 2 * pad;
  const h = png.height + 2 * pad;
  const data = new Uint8ClampedArray(w * h * 4).fill(255);
  for (let y = 0; y < png.height; y++) data.set(png.data.subarray(y * png.width * 4, (y + 1) * png.width * 4), ((y + pad) * w + pad) * 4);
  return jsQR(data, w, h)?.data ?? null;
}

/**
 * Every code on a rendered A4 page: the page is read in windows one card wide (the grid's columns are
 * fixed: 12 mm margins, five columns) sliding down by 4 mm, so each card's code is whole in one of them.
 */
function decodePage(png: PNG, dpi: number): Set<string> {
  const px = (v: number) => Math.round((v * dpi) / 25.4);
  const found = new Set<string>();
  const columnWidth = (210 - 24) / 5;
  const win = { w: px(columnWidth), h: px(36) };
  for (let col = 0; col < 5; col++) {
    const x0 = px(12 + col * columnWidth);
    for (let y0 = 0; y0 + win.h <= png.height; y0 += px(4)) {
      const data = new Uint8ClampedArray(win.w * win.h * 4);
      for (let y = 0; y < win.h; y++) data.set(png.data.subarray(((y0 + y) * png.width + x0) * 4, ((y0 + y) * png.width + x0 + win.w) * 4), y * win.w * 4);
      const code = jsQR(data, win.w, win.h, { inversionAttempts: "dontInvert" });
      if (code) found.add(code.data);
    }
  }
  return found;
}

describe(`入户问卷二维码 (${engine})`, () => {
  it("the Word file has a card per household of the community, each code decoding to that household's link", async () => {
    const community = state.survey!.communities[0];
    const r = await sheets(`format=docx&communityId=${community.communityId}`);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    expect(r.headers["content-type"]).toContain("wordprocessingml");
    expect(decodeURIComponent(String(r.headers["content-disposition"]))).toContain(`入户问卷二维码_${community.county}${community.name}.docx`);
    const zip = await JSZip.loadAsync(r.rawPayload);
    const xml = await zip.file("word/document.xml")!.async("string");
    for (const text of [community.county, community.name, community.code, "第 1 户", `第 ${community.quota} 户`, RESIDENT_NOTE, "楼号____单元____室____", state.survey!.questionnaire.title]) {
      expect(xml).toContain(text);
    }
    const media = Object.keys(zip.files).filter((f) => f.startsWith("word/media/") && f.endsWith(".png"));
    const links = await linksOf(community.communityId);
    expect(links).toHaveLength(community.quota);
    expect(media).toHaveLength(links.length);
    const decoded = await Promise.all(media.map(async (f) => decodePng(PNG.sync.read(await zip.file(f)!.async("nodebuffer")))));
    expect(new Set(decoded)).toEqual(new Set(links));
    // The short link is printed under its code: the token on a line of its own.
    for (const link of links) expect(xml).toContain(link.slice(link.lastIndexOf("/") + 1));
  });

  it("a community outside the sample has no sheet, and a format other than pdf or docx is refused", async () => {
    const sampled = new Set(state.survey!.communities.map((c) => c.communityId));
    const other = [...Array(500).keys()].map((i) => i + 1).find((id) => !sampled.has(id))!;
    const r = await sheets(`format=docx&communityId=${other}`);
    expect(r.statusCode).toBe(404);
    expect(JSON.parse(r.body).error.message).toContain("不在本次调查的抽样范围内");
    const bad = await sheets("format=html");
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error.message).toContain("pdf 或 docx");
  });

  it("only those who run the survey get the sheets: housing and a county are refused", async () => {
    for (const username of ["zhujian", "lanshan", "shenji"]) {
      const r = await (await t.as(username)).inject(`/api/evaluations/${taskId}/survey/sheets?format=docx`);
      expect(r.statusCode, username).toBe(403);
    }
  });
});

const soffice = await findSoffice();
const pdftoppm = await run("pdftoppm", ["-v"]).then(
  () => true,
  () => false,
);

describe.skipIf(!soffice || !pdftoppm)(`入户问卷二维码 as PDF (${engine})`, () => {
  it("one A4 page for a community of 30; every printed code scans to its household's link", async () => {
    const community = state.survey!.communities.find((c) => c.quota === 30)!;
    const r = await sheets(`format=pdf&communityId=${community.communityId}`);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    expect(r.headers["content-type"]).toBe("application/pdf");
    const dir = await mkdtemp(path.join(os.tmpdir(), "wenxiao-sheets-"));
    try {
      await writeFile(path.join(dir, "sheets.pdf"), r.rawPayload);
      const info = await run("pdfinfo", [path.join(dir, "sheets.pdf")]).catch(() => null);
      if (info) expect(info.stdout).toMatch(/Pages:\s+1\n/);
      const dpi = 150;
      await run("pdftoppm", ["-r", String(dpi), "-png", "-f", "1", "-l", "1", "-singlefile", path.join(dir, "sheets.pdf"), path.join(dir, "page")]);
      const page = PNG.sync.read(await readFile(path.join(dir, "page.png")));
      expect(decodePage(page, dpi)).toEqual(new Set(await linksOf(community.communityId)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
