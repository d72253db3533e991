import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../open";
import { insertInBatches } from "../batch";
import { loadDemoUsers } from "./users";
import { loadDemoDifficulty } from "./allocation";
import { loadDemoRegistry } from "./projects";
import { loadDemoWorks } from "./works";
import { loadDemoHandovers } from "./handovers";
import { loadDemoMaintenance } from "./maintenance";
import { loadDemoHistory } from "./history";
import { loadDemoEvaluation } from "./evaluation";
import { loadDemoReportTexts } from "./report";
import { ensureProgrammeBuiltIns } from "../builtins/programmes";
import { ensureEvaluationBuiltIns } from "../builtins/evaluations";
import { allocations, fundingSources, fundYears, payments, programmes, projects, regions } from "../schema";
import {
  buildDemoLedger,
  DEMO_CITY,
  DEMO_COUNTIES,
  DEMO_EVALUATION_DATE,
  DEMO_PROGRAMME,
  DEMO_PROVINCE,
  DEMO_SOURCES,
  DEMO_YEAR,
} from "./linyi";

export interface DemoLoadResult {
  loaded: boolean;
  fundYearId: number;
  counts: { projects: number; allocations: number; payments: number };
}

// Any constant, distinct from the other advisory locks (db/open.ts, server/…).
const DEMO_LOAD_LOCK = 7_420_640;

const notLoaded = (fundYearId: number): DemoLoadResult => ({ loaded: false, fundYearId, counts: { projects: 0, allocations: 0, payments: 0 } });

/** Finds the demo fund year, if loaded. */
export async function findDemoFundYear(db: DbOrTx): Promise<number | null> {
  const rows = await db
    .select({ id: fundYears.id })
    .from(fundYears)
    .innerJoin(programmes, eq(programmes.id, fundYears.programmeId))
    .innerJoin(regions, eq(regions.id, fundYears.regionId))
    .where(and(eq(programmes.code, DEMO_PROGRAMME.code), eq(regions.code, DEMO_CITY.code), eq(fundYears.year, DEMO_YEAR)));
  return rows[0]?.id ?? null;
}

/**
 * Loads the demo city in one transaction: the region tree, funding sources, the programme and the
 * 2021 fund year with its ledger. Does nothing when the demo year is already there, also when another
 * instance loads it at the same moment.
 */
export async function loadDemo(
  db: Db,
  onProgress?: (step: string, done: number, total: number) => void,
): Promise<DemoLoadResult> {
  const existing = await findDemoFundYear(db);
  if (existing !== null) return notLoaded(existing);
  const ledger = buildDemoLedger();
  return db.transaction(async (tx) => {
    // Several instances starting together on an empty PostgreSQL: one loads, the others wait here for
    // its commit and then find the demo year (the check above ran before any of them had loaded).
    await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_LOAD_LOCK})`);
    const loadedMeanwhile = await findDemoFundYear(tx);
    if (loadedMeanwhile !== null) return notLoaded(loadedMeanwhile);
    const [province] = await tx
      .insert(regions)
      .values({ code: DEMO_PROVINCE.code, name: DEMO_PROVINCE.name, level: "province" })
      .onConflictDoUpdate({ target: regions.code, set: { name: DEMO_PROVINCE.name } })
      .returning();
    const [city] = await tx
      .insert(regions)
      .values({ code: DEMO_CITY.code, name: DEMO_CITY.name, level: "city", parentId: province.id })
      .onConflictDoUpdate({ target: regions.code, set: { name: DEMO_CITY.name } })
      .returning();
    const countyRows = await tx
      .insert(regions)
      .values(DEMO_COUNTIES.map((c, i) => ({ code: c.code, name: c.name, level: "county" as const, parentId: city.id, sortOrder: i + 1 })))
      .onConflictDoNothing()
      .returning();
    const countyId = new Map(countyRows.map((r) => [r.name, r.id]));
    if (countyId.size !== DEMO_COUNTIES.length) {
      for (const r of await tx.select().from(regions).where(eq(regions.parentId, city.id))) countyId.set(r.name, r.id);
    }
    await tx
      .insert(fundingSources)
      .values(DEMO_SOURCES.map((s, i) => ({ ...s, sortOrder: i + 1 })))
      .onConflictDoNothing();
    const sourceId = new Map((await tx.select().from(fundingSources)).map((s) => [s.code, s.id]));
    await loadDemoUsers(tx, countyId, city.id);
    // The built-in programme (same code as DEMO_PROGRAMME) and its template: the demo year uses both.
    const programme = await ensureProgrammeBuiltIns(tx);
    const { templateId } = await ensureEvaluationBuiltIns(tx);
    const [fundYear] = await tx
      .insert(fundYears)
      .values({
        programmeId: programme.id,
        regionId: city.id,
        year: DEMO_YEAR,
        evaluationDate: DEMO_EVALUATION_DATE,
        allocationFrom: `${DEMO_YEAR - 1}-10-01`,
        allocationTo: `${DEMO_YEAR}-12-31`,
        paymentFrom: `${DEMO_YEAR}-01-01`,
        paymentTo: `${DEMO_YEAR + 1}-12-31`,
        isDemo: true,
        templateId,
      })
      .returning();

    const total = ledger.projects.length + ledger.allocations.length + ledger.payments.length;
    let done = 0;
    const projectRows: { id: number; code: string }[] = [];
    await insertInBatches(
      ledger.projects,
      async (batch) =>
        projectRows.push(
          ...(await tx
            .insert(projects)
            .values(
              batch.map((p) => ({
                fundYearId: fundYear.id,
                countyId: countyId.get(p.county)!,
                code: p.code,
                name: p.name,
                batchYear: DEMO_YEAR,
                implementingEntity: p.implementingEntity,
                status: p.status,
              })),
            )
            .returning({ id: projects.id, code: projects.code })),
        ),
      (n) => onProgress?.("项目", done + n, total),
    );
    done += ledger.projects.length;
    const projectId = new Map(projectRows.map((p) => [p.code, p.id]));
    await insertInBatches(
      ledger.allocations,
      (batch) =>
        tx.insert(allocations).values(
          batch.map((a) => ({
            fundYearId: fundYear.id,
            sourceId: sourceId.get(a.source)!,
            countyId: countyId.get(a.county)!,
            projectId: projectId.get(a.project)!,
            amountFen: a.amountFen,
            docNo: a.docNo,
            allocatedOn: a.allocatedOn,
          })),
        ),
      (n) => onProgress?.("资金下达", done + n, total),
    );
    done += ledger.allocations.length;
    await insertInBatches(
      ledger.payments,
      (batch) =>
        tx.insert(payments).values(
          batch.map((p) => ({
            fundYearId: fundYear.id,
            sourceId: sourceId.get(p.source)!,
            countyId: countyId.get(p.county)!,
            projectId: projectId.get(p.project)!,
            amountFen: p.amountFen,
            paidOn: p.paidOn,
            voucherNo: p.voucherNo,
          })),
        ),
      (n) => onProgress?.("资金支付", done + n, total),
    );
    await loadDemoRegistry(tx, { fundYearId: fundYear.id, cityId: city.id, countyId, sourceId, projectId, ledger });
    await loadDemoEvaluation(tx, { fundYearId: fundYear.id, cityId: city.id, countyId, ledger });
    await loadDemoReportTexts(tx, fundYear.id);
    await loadDemoDifficulty(tx, countyId);
    await loadDemoWorks(tx, { cityId: city.id, fundYearId: fundYear.id });
    await loadDemoHandovers(tx, { fundYearId: fundYear.id });
    await loadDemoMaintenance(tx, { fundYearId: fundYear.id, year: fundYear.year });
    // Last: the history replays what the steps above loaded (imports, edits, 报送审核) into the audit chain.
    await loadDemoHistory(tx, { fundYearId: fundYear.id, countyId, ledger });
    return {
      loaded: true,
      fundYearId: fundYear.id,
      counts: { projects: ledger.projects.length, allocations: ledger.allocations.length, payments: ledger.payments.length },
    };
  });
}
