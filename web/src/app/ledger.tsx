/**
 * The fund year and 评价日 every page reads, kept in the URL (?fy=1&asOf=2022-06-30) so that a link
 * shows the same figures to whoever opens it and the browser's back button undoes a change.
 */
import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router";
import type { FundYear } from "../../../contracts/funds";
import type { LedgerParams } from "../api";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface LedgerContextValue {
  fundYear: FundYear;
  fundYears: FundYear[];
  /** The date figures are computed up to: the URL's asOf, else the fund year's 评价日. */
  asOf: string;
  /** True when asOf is the fund year's 评价日. */
  isEvaluationDate: boolean;
  params: LedgerParams;
  setFundYear: (id: number) => void;
  /** null goes back to the 评价日. */
  setAsOf: (date: string | null) => void;
  /** A path with the current fy and asOf (and any extra query) attached. */
  linkTo: (path: string, extra?: Record<string, string | number | undefined>) => string;
}

const LedgerContext = createContext<LedgerContextValue | null>(null);

export function useLedger(): LedgerContextValue {
  const value = useContext(LedgerContext);
  if (!value) throw new Error("useLedger outside LedgerProvider");
  return value;
}

/** The ledger, or null on the pages an installation has before its first fund year (setup, accounts). */
export function useOptionalLedger(): LedgerContextValue | null {
  return useContext(LedgerContext);
}

/** Links that keep the fund year and 评价日 when there is one, plain paths before the first fund year. */
export function useLinkTo(): LedgerContextValue["linkTo"] {
  const ledger = useContext(LedgerContext);
  return ledger?.linkTo ?? plainLink;
}

function plainLink(path: string, extra: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== "") q.set(k, String(v));
  return q.size ? `${path}?${q.toString()}` : path;
}

/** The fund year the URL names (fy), or null when it names one that does not exist. */
export function pickFundYear(fundYears: FundYear[], fy: string | null): FundYear | null {
  if (fy === null) {
    // Without a choice, the latest year.
    return [...fundYears].sort((a, b) => b.year - a.year || b.id - a.id)[0] ?? null;
  }
  return fundYears.find((f) => String(f.id) === fy) ?? null;
}

/**
 * Where a page of one fund year's record leads when the year changes: a project or an evaluation task
 * belongs to its year, so the list of the new year opens instead. Other pages stay.
 */
export function yearListOf(pathname: string): string {
  if (/^\/projects\/\d+/.test(pathname)) return "/projects";
  if (/^\/funds\/projects\/\d+/.test(pathname)) return "/funds";
  if (/^\/evaluations\/\d+/.test(pathname)) return "/evaluations";
  return pathname;
}

export function LedgerProvider({ fundYear, fundYears, children }: { fundYear: FundYear; fundYears: FundYear[]; children: ReactNode }) {
  const [search, setSearch] = useSearchParams();
  const asOfParam = search.get("asOf");
  const asOf = asOfParam && ISO_DATE.test(asOfParam) ? asOfParam : fundYear.evaluationDate;

  const navigate = useNavigate();
  const { pathname } = useLocation();
  const setFundYear = useCallback(
    (id: number) => {
      const next = new URLSearchParams(search);
      next.set("fy", String(id));
      // The 评价日, the page, the period and the filters belong to the year left behind.
      for (const k of ["asOf", "page", "period", "countyId", "projectId", "sourceId"]) next.delete(k);
      navigate(`${yearListOf(pathname)}?${next.toString()}`);
    },
    [search, pathname, navigate],
  );

  const setAsOf = useCallback(
    (date: string | null) =>
      setSearch((prev) => {
        const next = new URLSearchParams(prev);
        next.set("fy", String(fundYear.id));
        if (date === null || date === fundYear.evaluationDate) next.delete("asOf");
        else next.set("asOf", date);
        next.delete("page");
        return next;
      }),
    [setSearch, fundYear],
  );

  const linkTo = useCallback(
    (path: string, extra: Record<string, string | number | undefined> = {}) => {
      const next = new URLSearchParams();
      next.set("fy", String(fundYear.id));
      if (asOf !== fundYear.evaluationDate) next.set("asOf", asOf);
      for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== "") next.set(k, String(v));
      return `${path}?${next.toString()}`;
    },
    [fundYear, asOf],
  );

  const value = useMemo<LedgerContextValue>(
    () => ({
      fundYear,
      fundYears,
      asOf,
      isEvaluationDate: asOf === fundYear.evaluationDate,
      params: { fundYearId: fundYear.id, asOf },
      setFundYear,
      setAsOf,
      linkTo,
    }),
    [fundYear, fundYears, asOf, setFundYear, setAsOf, linkTo],
  );
  return <LedgerContext.Provider value={value}>{children}</LedgerContext.Provider>;
}

/** 临沂市 · 老旧小区改造补助资金 · 2021年度 */
export function fundYearLabel(f: FundYear): string {
  return `${f.region.name} · ${f.programme} · ${f.year}年度`;
}
