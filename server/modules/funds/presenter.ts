import type { FundYear, Figures, Source } from "../../../contracts/funds";
import { executionRate, type LedgerFigures } from "../../../core/ledger";
import type { FundYearRow } from "./repository";

export function presentFundYear(r: FundYearRow): FundYear {
  const { fy } = r;
  return {
    id: fy.id,
    programme: r.programme,
    year: fy.year,
    region: { id: fy.regionId, name: r.regionName },
    evaluationDate: fy.evaluationDate,
    allocationFrom: fy.allocationFrom,
    allocationTo: fy.allocationTo,
    paymentFrom: fy.paymentFrom,
    paymentTo: fy.paymentTo,
    isDemo: fy.isDemo,
    programmeId: fy.programmeId,
    previousId: fy.previousId,
    closed: fy.closedAt !== null,
    closedAt: fy.closedAt?.toISOString() ?? null,
  };
}

export function presentFigures(f: LedgerFigures): Figures {
  return { allocatedFen: f.allocatedFen, paidFen: f.paidFen, executionBp: executionRate(f) };
}

export function presentSource(s: { id: number; code: string; name: string; category: "fiscal" | "non_fiscal" }): Source {
  return { id: s.id, code: s.code, name: s.name, category: s.category };
}
