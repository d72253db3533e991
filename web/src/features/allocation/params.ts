/**
 * The parameters of an allocation live in the URL (?year=2022&total=25000&scheme=…&basis=completed&from=1&task=3),
 * so a link reproduces the view. These read the URL into a request and write a request back.
 */
import { FACTOR_BASES, wanText, type AllocationRequest, type FactorBasis } from "../../../../contracts/allocation";
import type { FundYear } from "../../../../contracts/funds";
import type { Reading } from "./format";

/** What the form holds: texts as typed, ids as chosen. */
export interface ParamsDraft {
  year: string;
  totalWan: string;
  schemeCode: string | null;
  factorBasis: FactorBasis;
  basisFundYearId: number | null;
  taskId: number | null;
}

const int = (v: string | null) => (v !== null && /^\d+$/.test(v) ? Number(v) : null);

/** The scored year's fund year for an allocation year: the same programme's year before, else the ledger's. */
export function basisFor(fundYears: FundYear[], ledgerYear: FundYear, year: number | null): FundYear {
  if (year === null) return ledgerYear;
  return fundYears.find((f) => f.programmeId === ledgerYear.programmeId && f.region.id === ledgerYear.region.id && f.year === year - 1) ?? ledgerYear;
}

export function draftFromSearch(search: URLSearchParams, fundYears: FundYear[], ledgerYear: FundYear): ParamsDraft {
  const fromId = int(search.get("from"));
  const urlYear = int(search.get("year"));
  const from = fundYears.find((f) => f.id === fromId) ?? basisFor(fundYears, ledgerYear, urlYear);
  const basis = search.get("basis");
  return {
    year: search.get("year") ?? String(from.year + 1),
    totalWan: search.get("total") ?? "",
    schemeCode: search.get("scheme"),
    factorBasis: (FACTOR_BASES as readonly string[]).includes(basis ?? "") ? (basis as FactorBasis) : "completed",
    basisFundYearId: from.id,
    taskId: int(search.get("task")),
  };
}

export type DraftProblems = Partial<Record<"year" | "totalWan" | "schemeCode" | "basisFundYearId", string>>;

/** The request of a draft, or the problems of its fields (Chinese, naming the field). */
export function readDraft(d: ParamsDraft): Reading<AllocationRequest> & { problems?: DraftProblems } {
  const problems: DraftProblems = {};
  const year = /^\d{4}$/.test(d.year.trim()) ? Number(d.year.trim()) : null;
  if (year === null || year < 2000 || year > 2100) problems.year = "分配年度应为 2000 至 2100 之间的四位年份";
  const total = wanText.safeParse(d.totalWan);
  if (!total.success) problems.totalWan = d.totalWan.trim() === "" ? "请填写可分配资金（万元）" : total.error.issues[0]?.message ?? "可分配资金（万元）有误";
  if (!d.schemeCode) problems.schemeCode = "请选择分配方案";
  if (d.basisFundYearId === null) problems.basisFundYearId = "请选择评价年度";
  if (Object.keys(problems).length) return { ok: false, message: Object.values(problems).join("；"), problems };
  return {
    ok: true,
    value: {
      basisFundYearId: d.basisFundYearId!,
      year: year!,
      totalWan: total.data!,
      schemeCode: d.schemeCode!,
      factorBasis: d.factorBasis,
      ...(d.taskId !== null ? { taskId: d.taskId } : {}),
    },
  };
}

/** The URL of a request (plan and tab dropped: a computed preview is shown). */
export function searchOf(prev: URLSearchParams, r: AllocationRequest): URLSearchParams {
  const next = new URLSearchParams(prev);
  next.delete("plan");
  next.set("year", String(r.year));
  next.set("total", r.totalWan);
  next.set("scheme", r.schemeCode);
  next.set("basis", r.factorBasis);
  next.set("from", String(r.basisFundYearId));
  if (r.taskId !== undefined) next.set("task", String(r.taskId));
  else next.delete("task");
  next.set("tab", "result");
  return next;
}
