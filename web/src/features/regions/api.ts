/**
 * Hooks of 行政区划; requests go through the one client of ../../api. `useRegions()` is the region
 * list every picker uses (the asker's subtree, with the ancestors above it marked inScope false).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  AddNationalInput,
  AddNationalResult,
  AddRegionInput,
  NationalEntry,
  Region,
  RegionDetail,
  UpdateRegionInput,
} from "../../../../contracts/regions";
import { request } from "../../api";

export const regionKeys = {
  /** Invalidate this after any change to regions. */
  all: ["regions"] as const,
  list: ["regions", "list"] as const,
  detail: (id: number) => ["regions", "detail", id] as const,
  national: (p: { code?: string; q?: string }) => ["regions", "national", p] as const,
};

/** The regions of the signed-in account's scope (retired ones flagged `retired`). */
export function useRegions() {
  return useQuery({ queryKey: regionKeys.list, queryFn: () => request<Region[]>("/regions"), staleTime: 60_000 });
}

/** Regions offered for something new: in the asker's scope and in use, optionally of some levels. */
export function pickable(regions: Region[] | undefined, levels?: Region["level"][]): Region[] {
  return (regions ?? []).filter((r) => r.inScope && !r.retired && (!levels || levels.includes(r.level)));
}

export function useRegionDetail(id: number | null) {
  return useQuery({ queryKey: regionKeys.detail(id ?? 0), queryFn: () => request<RegionDetail>(`/regions/${id}`), enabled: id !== null });
}

/** Browse (code: its children; neither: the provinces) or search (q) the national list. */
export function useNational(p: { code?: string; q?: string }, enabled = true) {
  return useQuery({ queryKey: regionKeys.national(p), queryFn: () => request<NationalEntry[]>("/regions/national", { params: p }), enabled, staleTime: 60_000 });
}

function useRegionMutation<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: regionKeys.all }) });
}

export const useAddRegion = () => useRegionMutation((body: AddRegionInput) => request<Region>("/regions", { json: body }));
export const useAddNational = () => useRegionMutation((body: AddNationalInput) => request<AddNationalResult>("/regions/national", { json: body }));
export const useUpdateRegion = () =>
  useRegionMutation(({ id, ...body }: UpdateRegionInput & { id: number }) => request<Region>(`/regions/${id}`, { method: "PATCH", json: body }));
export const useRetireRegion = () => useRegionMutation((id: number) => request<Region[]>(`/regions/${id}/retire`, { method: "POST" }));
export const useRestoreRegion = () => useRegionMutation((id: number) => request<Region[]>(`/regions/${id}/restore`, { method: "POST" }));
export const useDeleteRegion = () => useRegionMutation((id: number) => request<{ summary: string }>(`/regions/${id}`, { method: "DELETE" }));
