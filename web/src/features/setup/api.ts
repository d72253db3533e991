/** Hooks of 基础设置 (资金来源, 资金项目, 资金年度); requests go through the one client of ../../api. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { Region } from "../../../../contracts/regions";
import type {
  FundYearDetail,
  fundYearCreateSchema,
  Programme,
  programmeCreateSchema,
  programmeUpdateSchema,
  SetupSource,
  sourceCreateSchema,
  sourceUpdateSchema,
} from "../../../../contracts/setup";
import { queryKeys, request } from "../../api";

export const setupKeys = {
  sources: ["setup", "sources"] as const,
  programmes: ["setup", "programmes"] as const,
  fundYear: (id: number) => ["setup", "fund-year", id] as const,
  regions: ["regions"] as const,
};

export function useSources() {
  return useQuery({ queryKey: setupKeys.sources, queryFn: () => request<SetupSource[]>("/funding-sources") });
}

export function useProgrammes() {
  return useQuery({ queryKey: setupKeys.programmes, queryFn: () => request<Programme[]>("/programmes") });
}

/** The regions of the account's subtree (and the ancestors shown above them). */
export function useRegions() {
  return useQuery({ queryKey: setupKeys.regions, queryFn: () => request<Region[]>("/regions"), staleTime: 60_000 });
}

export function useFundYearDetail(id: number | null) {
  return useQuery({ queryKey: setupKeys.fundYear(id ?? 0), queryFn: () => request<FundYearDetail>(`/fund-years/${id}`), enabled: id !== null });
}

/** Sources also name the ledger's columns: its answers refetch too. */
function useSourceMutation<T, R>(fn: (body: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: setupKeys.sources }), client.invalidateQueries({ queryKey: queryKeys.funds })]),
  });
}

export const useCreateSource = () => useSourceMutation((body: z.input<typeof sourceCreateSchema>) => request<SetupSource>("/funding-sources", { json: body }));
export const useUpdateSource = () =>
  useSourceMutation(({ id, ...body }: z.input<typeof sourceUpdateSchema> & { id: number }) => request<SetupSource>(`/funding-sources/${id}`, { method: "PATCH", json: body }));
export const useDeleteSource = () => useSourceMutation((id: number) => request<{ ok: true }>(`/funding-sources/${id}`, { method: "DELETE" }));

function useProgrammeMutation<T>(fn: (body: T) => Promise<Programme>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // A renamed programme is in every fund year's name (the header's selector).
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: setupKeys.programmes }), client.invalidateQueries({ queryKey: queryKeys.fundYears })]),
  });
}

export const useCreateProgramme = () => useProgrammeMutation((body: z.input<typeof programmeCreateSchema>) => request<Programme>("/programmes", { json: body }));
export const useUpdateProgramme = () =>
  useProgrammeMutation(({ id, ...body }: z.input<typeof programmeUpdateSchema> & { id: number }) => request<Programme>(`/programmes/${id}`, { method: "PATCH", json: body }));

/** Every change of a fund year refreshes the header's year selector (queryKeys.fundYears). */
function useFundYearMutation<T>(fn: (body: T) => Promise<FundYearDetail>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.fundYears }),
        client.invalidateQueries({ queryKey: ["setup", "fund-year"] }),
        client.invalidateQueries({ queryKey: setupKeys.programmes }),
      ]),
  });
}

export const useCreateFundYear = () => useFundYearMutation((body: z.input<typeof fundYearCreateSchema>) => request<FundYearDetail>("/fund-years", { json: body }));
export const useNextFundYear = () => useFundYearMutation((id: number) => request<FundYearDetail>(`/fund-years/${id}/next`, { json: {} }));
export const useCloseFundYear = () => useFundYearMutation((id: number) => request<FundYearDetail>(`/fund-years/${id}/close`, { json: {} }));
export const useReopenFundYear = () =>
  useFundYearMutation(({ id, reason }: { id: number; reason: string }) => request<FundYearDetail>(`/fund-years/${id}/reopen`, { json: { reason } }));
