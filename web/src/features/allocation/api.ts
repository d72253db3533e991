/** Hooks of 资金分配 (因素法); every request goes through the one client of ../../api. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  AllocationRequest,
  AllocationSchemeView,
  AllocationView,
  CoefficientView,
  CreatePlanInput,
  CutRuleView,
  DraftBatchTrial,
  PlanSummary,
  PlanView,
  UpdateCoefficientsInput,
  UpdateSchemeInput,
} from "../../../../contracts/allocation";
import type { TaskSummary } from "../../../../contracts/evaluations";
import { CSRF_HEADER } from "../../../../contracts/auth";
import { ApiError, download, isVersionConflict, request, type ClientErrorCode } from "../../api";

export const allocationKeys = {
  all: ["allocation"] as const,
  schemes: ["allocation", "schemes"] as const,
  cutRule: ["allocation", "cut-rule"] as const,
  coefficients: (cityRegionId: number, year: number) => ["allocation", "coefficients", cityRegionId, year] as const,
  preview: (req: AllocationRequest | null) => ["allocation", "preview", req] as const,
  plans: (cityRegionId: number, year?: number) => ["allocation", "plans", cityRegionId, year ?? null] as const,
  plan: (id: number) => ["allocation", "plan", id] as const,
};

export function useSchemes() {
  return useQuery({ queryKey: allocationKeys.schemes, queryFn: () => request<AllocationSchemeView[]>("/allocation/schemes") });
}

export function useCutRule() {
  return useQuery({ queryKey: allocationKeys.cutRule, queryFn: () => request<CutRuleView>("/allocation/cut-rule") });
}

export function useCoefficients(cityRegionId: number, year: number) {
  return useQuery({
    queryKey: allocationKeys.coefficients(cityRegionId, year),
    queryFn: () => request<CoefficientView[]>("/allocation/coefficients", { params: { cityRegionId, year } }),
    enabled: cityRegionId > 0 && year >= 2000,
  });
}

/** The evaluation tasks of the scored year (评价任务), to pick whose county scores are used. */
export function useBasisTasks(fundYearId: number) {
  return useQuery({
    queryKey: ["evaluations", "tasks", fundYearId],
    queryFn: () => request<TaskSummary[]>("/evaluations", { params: { fundYearId } }),
    enabled: fundYearId > 0,
  });
}

/** The allocation as computed by the server for these parameters (nothing saved); null: not asked yet. */
export function usePreview(req: AllocationRequest | null) {
  return useQuery({
    queryKey: allocationKeys.preview(req),
    queryFn: () => request<AllocationView>("/allocation/preview", { json: req }),
    enabled: req !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** 假如: the same parameters with one county's score replaced; computed by the server. */
export function useWhatIf() {
  return useMutation({ mutationFn: (req: AllocationRequest) => request<AllocationView>("/allocation/preview", { json: req }) });
}

/** The saved plans of a city (of one allocation year when given). */
export function usePlans(cityRegionId: number, year?: number) {
  return useQuery({
    queryKey: allocationKeys.plans(cityRegionId, year),
    queryFn: () => request<PlanSummary[]>("/allocation/plans", { params: { cityRegionId, year } }),
    enabled: cityRegionId > 0,
  });
}

export function usePlan(id: number | null) {
  return useQuery({
    queryKey: allocationKeys.plan(id ?? 0),
    queryFn: () => request<PlanView>(`/allocation/plans/${id}`),
    enabled: id !== null && id > 0,
    retry: false,
  });
}

export function useCreatePlan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePlanInput) => request<PlanView>("/allocation/plans", { json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: [...allocationKeys.all, "plans"] }),
  });
}

export function useDeletePlan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => request<{ ok: true }>(`/allocation/plans/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: [...allocationKeys.all, "plans"] }),
  });
}

export function downloadPlanWorkbook(id: number) {
  return download(`/allocation/plans/${id}/export`, {}, "资金分配测算.xlsx");
}

export function downloadDraftBatch(id: number) {
  return download(`/allocation/plans/${id}/draft-batch`, {}, "资金下达草稿.xlsx");
}

function fileNameOf(res: Response, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(res.headers.get("content-disposition") ?? "");
  return encoded ? decodeURIComponent(encoded[1]) : fallback;
}

/**
 * 导出 of an unsaved preview: the workbook is computed from the request body (POST), which the GET-only
 * `download` of ../../api cannot send. Sent with the session's CSRF token; errors read as ApiError.
 */
export async function downloadPreviewWorkbook(req: AllocationRequest, csrfToken: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch("/api/allocation/preview/export", {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "*/*", "Content-Type": "application/json", [CSRF_HEADER]: csrfToken },
      body: JSON.stringify(req),
    });
  } catch {
    throw new ApiError("NETWORK", "无法连接服务器，请检查网络后重试", 0);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    const e = body?.error;
    throw typeof e?.code === "string" && typeof e.message === "string"
      ? new ApiError(e.code as ClientErrorCode, e.message, res.status)
      : new ApiError(res.status >= 500 ? "INTERNAL" : "VALIDATION_FAILED", `服务器返回了错误（HTTP ${res.status}），请稍后重试`, res.status);
  }
  const name = fileNameOf(res, "资金分配测算.xlsx");
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

/** 试导入: the dry run of a plan's draft 下达 batch into the fund year of its year (nothing is written). */
export function useTrialImport() {
  return useMutation({
    mutationFn: (id: number) => request<DraftBatchTrial>(`/allocation/plans/${id}/draft-batch/trial`, { method: "POST" }),
  });
}

/** Settings (finance only): after any change every computed figure is stale. */
function useInvalidateAll() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: allocationKeys.all });
}

export function useUpdateScheme() {
  const invalidate = useInvalidateAll();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ code, ...body }: UpdateSchemeInput & { code: string }) =>
      request<AllocationSchemeView>(`/allocation/schemes/${encodeURIComponent(code)}`, { method: "PUT", json: body }),
    onSuccess: () => invalidate(),
    onError: (e) => (isVersionConflict(e) ? client.invalidateQueries({ queryKey: allocationKeys.schemes }) : undefined),
  });
}

export function useUpdateCutRule() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (body: CutRuleView) => request<CutRuleView>("/allocation/cut-rule", { method: "PUT", json: body }),
    onSuccess: () => invalidate(),
  });
}

export function useUpdateCoefficients() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (body: UpdateCoefficientsInput) => request<CoefficientView[]>("/allocation/coefficients", { method: "PUT", json: body }),
    onSuccess: () => invalidate(),
  });
}
