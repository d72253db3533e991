/**
 * The demo city's 2022 allocation: 25,000万元 by 财综〔2019〕31号 from the 2021 task's scores, the
 * completed work of 2021, the 2022 财政困难程度系数 and the 核减 of counties with overdue rectification —
 * computed and saved like any plan, right after the demo city is loaded.
 */
import { SYSTEM_ACTOR } from "../../../core/access";
import { DEMO_ALLOCATION_YEAR } from "../../../db/demo/allocation";
import type { Db } from "../../../db/open";
import { createPlan } from "./plans";

export const DEMO_PLAN = { name: "2022年度补助资金分配测算（示例）", totalWan: "25000", schemeCode: "caizong-2019-31" } as const;

export async function saveDemoAllocationPlan(db: Db, basisFundYearId: number): Promise<void> {
  await createPlan(
    { db, actor: { ...SYSTEM_ACTOR, displayName: "示例数据" }, ip: null },
    { name: DEMO_PLAN.name, basisFundYearId, year: DEMO_ALLOCATION_YEAR, totalWan: DEMO_PLAN.totalWan, schemeCode: DEMO_PLAN.schemeCode, factorBasis: "completed" },
    { demo: true },
  );
}
