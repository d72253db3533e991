/** Hooks of 专营单位施工 (shared communities, planned works, 反复开挖 conflicts); every request goes through ../../api. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  acknowledgeConflictSchema,
  Conflict,
  ConflictSettings,
  confirmConflictSchema,
  countyWorksFigureSchema,
  CreateWork,
  Operator,
  SharedCommunity,
  UpdateWork,
  Work,
} from "../../../../contracts/works";
import type { Handover, HandoverPage, RecordHandover } from "../../../../contracts/handovers";
import type { UtilityKind } from "../../../../core/works/kinds";
import { isVersionConflict, request } from "../../api";

export type CountyWorksFigure = z.infer<typeof countyWorksFigureSchema>;

export const worksKeys = {
  /** Everything of the works area: a saved work can open or close conflicts and move the map. */
  all: ["works"] as const,
  communities: (q: { fundYearId?: number; countyId?: number }) => ["works", "communities", q] as const,
  list: (q: { countyId?: number; year?: number }) => ["works", "list", q] as const,
  conflicts: (q: { year?: number; open?: boolean }) => ["works", "conflicts", q] as const,
  figures: (year?: number) => ["works", "county-figures", year] as const,
};

/** The shared community database (read-only); with `fundYearId` only the communities of that year's projects. */
export function useSharedCommunities(q: { fundYearId?: number; countyId?: number }, enabled = true) {
  return useQuery({
    queryKey: worksKeys.communities(q),
    queryFn: () => request<SharedCommunity[]>("/works/communities", { params: { ...q } }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    enabled,
  });
}

export function useOperators(enabled = true) {
  return useQuery({ queryKey: ["works", "operators"], queryFn: () => request<Operator[]>("/works/operators"), staleTime: 5 * 60_000, enabled });
}

export function useConflictSettings(enabled = true) {
  return useQuery({ queryKey: ["works", "settings"], queryFn: () => request<ConflictSettings>("/works/settings"), staleTime: 5 * 60_000, enabled });
}

export function useWorks(q: { countyId?: number; year?: number }, enabled = true) {
  return useQuery({
    queryKey: worksKeys.list(q),
    queryFn: () => request<Work[]>("/works", { params: { ...q } }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useConflicts(q: { year?: number; open?: boolean }, enabled = true) {
  return useQuery({
    queryKey: worksKeys.conflicts(q),
    queryFn: () => request<Conflict[]>("/works/conflicts", { params: { year: q.year, open: q.open ? "true" : undefined } }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Works, conflicts and open conflicts per county (the map's 未闭环冲突). */
export function useCountyWorksFigures(year: number | undefined, enabled = true) {
  return useQuery({ queryKey: worksKeys.figures(year), queryFn: () => request<CountyWorksFigure[]>("/works/county-figures", { params: { year } }), enabled });
}

/** After any change of a work the conflicts, the figures and the lists are stale. */
function useInvalidateWorks() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: worksKeys.all });
}

export function useCreateWork() {
  const invalidate = useInvalidateWorks();
  return useMutation({
    mutationFn: (body: CreateWork) => request<Work>("/works", { json: body }),
    onSuccess: () => invalidate(),
  });
}

export function useUpdateWork() {
  const invalidate = useInvalidateWorks();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateWork & { id: number }) => request<Work>(`/works/${id}`, { method: "PATCH", json: body }),
    onSuccess: () => invalidate(),
    // Changed by a colleague meanwhile: reload, so the edit is redone on what is there now.
    onError: (e) => (isVersionConflict(e) ? invalidate() : undefined),
  });
}

export function useConfirmConflict() {
  const invalidate = useInvalidateWorks();
  return useMutation({
    mutationFn: ({ key, ...body }: z.infer<typeof confirmConflictSchema> & { key: string }) =>
      request<Conflict>(`/works/conflicts/${encodeURIComponent(key)}/confirm`, { json: body }),
    onSuccess: () => invalidate(),
  });
}

export function useAcknowledgeConflict() {
  const invalidate = useInvalidateWorks();
  return useMutation({
    mutationFn: ({ key, ...body }: z.infer<typeof acknowledgeConflictSchema> & { key: string }) =>
      request<Conflict>(`/works/conflicts/${encodeURIComponent(key)}/acknowledge`, { json: body }),
    onSuccess: () => invalidate(),
  });
}

/** 专营设施产权移交 of the fund year's completed communities, with the counts per county. */
export function useHandovers(q: { fundYearId: number; countyId?: number }) {
  return useQuery({
    queryKey: ["works", "handovers", q],
    queryFn: () => request<HandoverPage>("/works/handovers", { params: { ...q } }),
    placeholderData: keepPreviousData,
  });
}

export function useRecordHandover() {
  const client = useQueryClient();
  const invalidate = () => client.invalidateQueries({ queryKey: ["works", "handovers"] });
  return useMutation({
    mutationFn: ({ communityId, kind, ...body }: RecordHandover & { communityId: number; kind: UtilityKind }) =>
      request<Handover>(`/works/handovers/${communityId}/${encodeURIComponent(kind)}`, { method: "PUT", json: body }),
    onSuccess: () => invalidate(),
    onError: (e) => (isVersionConflict(e) ? invalidate() : undefined),
  });
}
