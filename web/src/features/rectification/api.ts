/** Hooks of 问题与整改; every request goes through the one client of ../../api. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  Finding,
  FindingList,
  findingCreateSchema,
  findingUpdateSchema,
  ItemCreate,
  ItemTransition,
  ItemUpdate,
  itemEvidenceSchema,
  Ledger,
  LedgerQuery,
  RectificationItem,
  RectificationItemDetail,
} from "../../../../contracts/rectification";
import { download, isVersionConflict, request } from "../../api";

export type FindingCreate = z.input<typeof findingCreateSchema>;
export type FindingUpdate = z.input<typeof findingUpdateSchema>;
export type ItemEvidence = z.infer<typeof itemEvidenceSchema>;
/** The ledger's filters as the page keeps them in its URL (page and size included). */
export interface LedgerFilter {
  taskId?: number;
  fundYearId?: number;
  countyId?: number;
  state?: LedgerQuery["state"];
  overdue?: boolean;
  /** Open items due within this many days (7日内到期). */
  dueWithinDays?: number;
  page?: number;
  pageSize?: number;
}

export const rectKeys = {
  /** Everything of findings and items: a change to one may move any list or count. */
  all: ["rectification"] as const,
  findings: (taskId: number) => ["rectification", "findings", taskId] as const,
  ledger: (filter: LedgerFilter) => ["rectification", "ledger", filter] as const,
  item: (id: number) => ["rectification", "item", id] as const,
};

/** Findings of a task change chapter 六 of its report and the task's own figures: those go stale too. */
function useInvalidateAll() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ predicate: (q) => q.queryKey[0] === "rectification" || q.queryKey[0] === "reports" });
}

function ledgerParams(filter: LedgerFilter) {
  return { ...filter } as Record<string, string | number | boolean | undefined>;
}

// ---- findings --------------------------------------------------------------------------------

export function useFindings(taskId: number, enabled = true) {
  return useQuery({
    queryKey: rectKeys.findings(taskId),
    queryFn: () => request<FindingList>(`/evaluations/tasks/${taskId}/findings`),
    enabled: enabled && taskId > 0,
  });
}

export function useCreateFinding(taskId: number) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (body: FindingCreate) => request<Finding>(`/evaluations/tasks/${taskId}/findings`, { json: body }),
    onSuccess: () => invalidate(),
  });
}

export function useUpdateFinding() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: ({ id, ...body }: FindingUpdate & { id: number }) => request<Finding>(`/findings/${id}`, { method: "PATCH", json: body }),
    onSuccess: () => invalidate(),
    // Changed by someone else meanwhile: reload it, so the edit is redone on what is there now.
    onError: (e) => (isVersionConflict(e) ? invalidate() : undefined),
  });
}

export function useDeleteFinding() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (id: number) => request<{ ok: true }>(`/findings/${id}`, { method: "DELETE" }),
    onSuccess: () => invalidate(),
  });
}

export function useCreateItems() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: ({ findingId, ...body }: ItemCreate & { findingId: number }) => request<RectificationItem[]>(`/findings/${findingId}/items`, { json: body }),
    onSuccess: () => invalidate(),
  });
}

// ---- items -----------------------------------------------------------------------------------

export function useLedgerItems(filter: LedgerFilter, enabled = true) {
  return useQuery({
    queryKey: rectKeys.ledger(filter),
    queryFn: () => request<Ledger>("/rectification/items", { params: ledgerParams(filter) }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useItem(id: number) {
  return useQuery({
    queryKey: rectKeys.item(id),
    queryFn: () => request<RectificationItemDetail>(`/rectification/items/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useUpdateItem(id: number) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (body: ItemUpdate) => request<RectificationItem>(`/rectification/items/${id}`, { method: "PATCH", json: body }),
    onSuccess: () => invalidate(),
    onError: (e) => (isVersionConflict(e) ? invalidate() : undefined),
  });
}

export function useDeleteItem() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (id: number) => request<{ ok: true }>(`/rectification/items/${id}`, { method: "DELETE" }),
    onSuccess: () => invalidate(),
  });
}

export function useTransition(id: number) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (body: ItemTransition) => request<RectificationItem>(`/rectification/items/${id}/transition`, { json: body }),
    onSuccess: () => invalidate(),
    // A 409 (someone moved it meanwhile, or it is in another state now): reload what is there now.
    onError: () => invalidate(),
  });
}

export function useUploadItemEvidence(id: number) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("file", file, file.name);
      return request<ItemEvidence>(`/rectification/items/${id}/evidence`, { method: "POST", body: form });
    },
    onSuccess: () => invalidate(),
  });
}

export function useDeleteItemEvidence() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (evidenceId: number) => request<{ ok: true }>(`/rectification/evidence/${evidenceId}`, { method: "DELETE" }),
    onSuccess: () => invalidate(),
  });
}

export function downloadItemEvidence(e: ItemEvidence) {
  return download(`/rectification/evidence/${e.id}`, {}, e.fileName);
}

/** The ledger as a workbook, with the page's filters (not its paging). */
export function downloadLedger(filter: LedgerFilter) {
  const { page: _page, pageSize: _pageSize, ...rest } = filter;
  return download("/rectification/items/export.xlsx", ledgerParams(rest), "整改台账.xlsx");
}
