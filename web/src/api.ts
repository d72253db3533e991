/**
 * The one API client of the web app. Every request goes through `request` (and downloads through
 * `download`), so credentials, headers and error parsing live in one place.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Me, SessionAnswer } from "../../contracts/auth";
import { CSRF_HEADER } from "../../contracts/auth-names";
import type { ErrorCode, Problem } from "../../contracts/errors";
import type {
  Allocation,
  CountyLedger,
  FundsSummary,
  FundYear,
  Payment,
  ProjectLedger,
} from "../../contracts/funds";
import type { ImportKind, ImportResult } from "../../contracts/imports";

/** Codes of the server, plus NETWORK when no answer came back at all. */
export type ClientErrorCode = ErrorCode | "NETWORK";

/** An error answer of the API, parsed from {error:{code, message, problems}}. The message is Chinese. */
export class ApiError extends Error {
  readonly code: ClientErrorCode;
  readonly status: number;
  readonly problems: Problem[];

  constructor(code: ClientErrorCode, message: string, status: number, problems: Problem[] = []) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.problems = problems;
  }
}

/**
 * Someone else changed the record since it was read (VERSION_CONFLICT): the message names who and
 * when; the page shows it, reloads the record and lets the user redo the edit.
 */
export const isVersionConflict = (e: unknown): e is ApiError => e instanceof ApiError && e.code === "VERSION_CONFLICT";

type Params = Record<string, string | number | boolean | null | undefined>;

function withParams(path: string, params?: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

async function toApiError(res: Response): Promise<ApiError> {
  const body: unknown = await res.json().catch(() => null);
  const error = (body as { error?: { code?: unknown; message?: unknown; problems?: unknown } } | null)?.error;
  if (error && typeof error.code === "string" && typeof error.message === "string") {
    return new ApiError(
      error.code as ErrorCode,
      error.message,
      res.status,
      Array.isArray(error.problems) ? (error.problems as Problem[]) : [],
    );
  }
  return new ApiError(res.status >= 500 ? "INTERNAL" : "VALIDATION_FAILED", `服务器返回了错误（HTTP ${res.status}），请稍后重试`, res.status);
}

/** The session's CSRF token, from the login answer or /auth/session; sent with every request that changes data. */
let csrfToken: string | null = null;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

async function send(path: string, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? "GET").toUpperCase();
  const headers: Record<string, string> = { Accept: "application/json", ...(init.headers as Record<string, string> | undefined) };
  if (!SAFE_METHODS.has(method) && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { credentials: "same-origin", ...init, method, headers });
  } catch {
    throw new ApiError("NETWORK", "无法连接服务器，请检查网络后重试", 0);
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

/** Calls a JSON endpoint under /api; `json` is sent as a JSON body, `body` as is (e.g. FormData). */
export async function request<T>(
  path: string,
  options: { params?: Params; method?: string; body?: BodyInit; json?: unknown } = {},
): Promise<T> {
  const init: RequestInit = { method: options.method ?? (options.json !== undefined || options.body ? "POST" : "GET"), body: options.body };
  if (options.json !== undefined) {
    init.body = JSON.stringify(options.json);
    init.headers = { "Content-Type": "application/json" };
  }
  const res = await send(withParams(path, options.params), init);
  return (await res.json()) as T;
}

function fileNameOf(res: Response, fallback: string): string {
  const header = res.headers.get("content-disposition") ?? "";
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (encoded) return decodeURIComponent(encoded[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : fallback;
}

/** Downloads a file endpoint and hands it to the browser under the server's file name. */
export async function download(path: string, params: Params, fallbackName: string): Promise<string> {
  const res = await send(withParams(path, params), { headers: { Accept: "*/*" } });
  const name = fileNameOf(res, fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

// ---- queries ---------------------------------------------------------------------------------

/** fy and asOf of every ledger read; asOf undefined means the fund year's 评价日. */
export interface LedgerParams {
  fundYearId: number;
  asOf?: string;
}

export interface ListParams extends LedgerParams {
  countyId?: number;
  sourceId?: number;
  projectId?: number;
  q?: string;
  page: number;
  pageSize: number;
}

export interface Page<T> {
  total: number;
  sumFen: number;
  items: T[];
}

export const queryKeys = {
  /** The signed-in user, or null when nobody is. */
  me: ["auth", "me"] as const,
  fundYears: ["fund-years"] as const,
  /** Everything computed from allocations and payments: invalidated after an import. */
  funds: ["funds"] as const,
};

// ---- session ---------------------------------------------------------------------------------

function remember(me: Me): Me {
  csrfToken = me.csrfToken;
  return me;
}

/** The signed-in user; null (not an error) when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async (): Promise<Me | null> => {
      // /auth/session answers 200 when signed out too: opening the login page logs no 401.
      const answer = await request<SessionAnswer>("/auth/session");
      if (answer.signedIn) return remember(answer.me);
      csrfToken = null;
      return null;
    },
    staleTime: Infinity,
    retry: false,
  });
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => request<Me>("/auth/login", { json: body }),
    onSuccess: (me) => {
      // Nothing of a previous user may show to the next one.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.me[0] });
      client.setQueryData(queryKeys.me, remember(me));
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => request<{ ok: true }>("/auth/logout", { method: "POST" }),
    onSettled: () => {
      csrfToken = null;
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.me[0] });
      client.setQueryData(queryKeys.me, null);
    },
  });
}

export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => request<{ ok: true }>("/auth/password", { json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.me }),
  });
}

// ---- ledger ----------------------------------------------------------------------------------

export function useFundYears() {
  return useQuery({ queryKey: queryKeys.fundYears, queryFn: () => request<FundYear[]>("/fund-years"), staleTime: 5 * 60_000 });
}

export function useFundsSummary(p: LedgerParams | null) {
  return useQuery({
    queryKey: [...queryKeys.funds, "summary", p],
    queryFn: () => request<FundsSummary>("/funds/summary", { params: { ...p } }),
    enabled: p !== null,
  });
}

export function useCountyLedger(countyId: number, p: LedgerParams | null) {
  return useQuery({
    queryKey: [...queryKeys.funds, "county", countyId, p],
    queryFn: () => request<CountyLedger>(`/funds/counties/${countyId}`, { params: { ...p } }),
    enabled: p !== null && Number.isInteger(countyId) && countyId > 0,
  });
}

export function useProjectLedger(projectId: number, asOf: string | undefined) {
  return useQuery({
    queryKey: [...queryKeys.funds, "project", projectId, asOf],
    queryFn: () => request<ProjectLedger>(`/funds/projects/${projectId}`, { params: { asOf } }),
    enabled: Number.isInteger(projectId) && projectId > 0,
  });
}

export function usePayments(p: ListParams | null) {
  return useQuery({
    queryKey: [...queryKeys.funds, "payments", p],
    queryFn: () => request<Page<Payment>>("/funds/payments", { params: { ...p } }),
    enabled: p !== null,
    placeholderData: keepPreviousData,
  });
}

export function useAllocations(p: ListParams | null) {
  return useQuery({
    queryKey: [...queryKeys.funds, "allocations", p],
    queryFn: () => request<Page<Allocation>>("/funds/allocations", { params: { ...p } }),
    enabled: p !== null,
    placeholderData: keepPreviousData,
  });
}

// ---- downloads and imports -------------------------------------------------------------------

export function downloadLedger(p: LedgerParams) {
  return download("/funds/export.xlsx", { ...p }, "资金台账.xlsx");
}

export function downloadImportTemplate(kind: ImportKind, fundYearId: number) {
  return download(`/imports/${kind}/template.xlsx`, { fundYearId }, `${kind}-模板.xlsx`);
}

export interface ImportRequest {
  kind: ImportKind;
  fundYearId: number;
  file: File;
  dryRun: boolean;
}

function postImport({ kind, fundYearId, file, dryRun }: ImportRequest) {
  const form = new FormData();
  form.append("file", file, file.name);
  return request<ImportResult>(`/imports/${kind}`, { method: "POST", params: { fundYearId, dryRun }, body: form });
}

/** Runs an import (dry run or commit). A commit invalidates every ledger figure on success. */
export function useImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: postImport,
    onSuccess: async (result) => {
      if (!result.dryRun && result.newCount > 0) await client.invalidateQueries({ queryKey: queryKeys.funds });
    },
  });
}
