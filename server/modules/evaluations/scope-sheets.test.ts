/**
 * One scope's live sheet reads only that scope's rows (its county's ledger, registry, survey, entries);
 * it must equal the same scope's sheet computed as part of the whole task, for every scope.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Results, Sheet, TaskSummary } from "../../../contracts/evaluations";
import { createTestApp, type Client, type TestApp } from "../../../test/app";
import { engine } from "../../../test/db";
import * as repo from "./repository";
import { liveSheets, loadTaskData, scoredSheetsOf, type SheetBody } from "./sheets";
import { computeResults } from "./results";

let t: TestApp;
let fin: Client;
let task: TaskSummary;

beforeAll(async () => {
  t = await createTestApp();
  fin = await t.as("caizheng");
  [task] = await fin.get<TaskSummary[]>("/api/evaluations");
});
afterAll(() => t.close());

/** A body without the moment it was computed. */
const timeless = ({ computedAt: _c, ...rest }: SheetBody) => rest;

describe(`one scope's sheet equals its sheet within the whole task (${engine})`, () => {
  it("for every scope of the demo task, live", async () => {
    const row = (await repo.findTask(t.db.db, task.id))!;
    expect(row.task.state).not.toBe("final");
    const all = await liveSheets(t.db.db, await loadTaskData(t.db.db, row));
    const scopes = await repo.listScopes(t.db.db, task.id);
    expect(scopes.length).toBeGreaterThan(2);
    expect(scopes.some((s) => s.scope.countyId === null)).toBe(true);
    for (const s of scopes) {
      const one = await loadTaskData(t.db.db, row, [s.scope.id]);
      expect(one.scopes.map((x) => x.scope.id)).toEqual([s.scope.id]);
      expect(one.entries.every((e) => e.scopeId === s.scope.id)).toBe(true);
      const sheet = (await liveSheets(t.db.db, one)).get(s.scope.id)!;
      expect(timeless(sheet), s.name).toEqual(timeless(all.get(s.scope.id)!));
    }
  });

  it("the results from the lean scored sheets equal the results from the full sheets", async () => {
    const row = (await repo.findTask(t.db.db, task.id))!;
    const data = await loadTaskData(t.db.db, row);
    const full = await computeResults(t.db.db, row, data, await liveSheets(t.db.db, data));
    const lean = await computeResults(t.db.db, row, data, await scoredSheetsOf(t.db.db, data));
    expect(full.counties.some((c) => c.lost.length > 0)).toBe(true);
    expect(lean).toEqual(full);
  });

  it("the results' totals are the totals of each scope's own sheet", async () => {
    const r = await fin.get<Results>(`/api/evaluations/${task.id}/results`);
    expect(r.counties.length).toBeGreaterThan(0);
    for (const c of [r.city!, ...r.counties]) {
      const sheet = await fin.get<Sheet>(`/api/evaluations/${task.id}/scopes/${c.scopeId}/sheet`);
      expect({ name: c.name, total: sheet.total, grade: sheet.grade }).toEqual({ name: c.name, total: c.total, grade: c.grade });
    }
  });
});
