/** Hooks of 项目库, 小区库, 绩效目标 and 双监控; every request goes through the one client of ../../api. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CommunityListQuery,
  CommunityPage,
  Goal,
  Maintenance,
  ProjectDetail,
  ProjectFile,
  ProjectListQuery,
  ProjectPage,
  ProjectsSummary,
  ProjectUpdate,
  RegistryImportKind,
  RegistryImportResult,
  Targets,
} from "../../../../contracts/projects";
import type { Board, Cell, CountyMonitor, ExplanationBody, Indicator, IndicatorUpdate, Periods, ProgressBody } from "../../../../contracts/monitoring";
import { download, isVersionConflict, request } from "../../api";
import type { CommunityMaintenance, MaintenanceTrend, MaintenanceYearRecord, RecordMaintenanceYear } from "../../../../contracts/maintenance";

export const registryKeys = {
  /** Everything computed from projects, communities and targets. */
  all: ["registry"] as const,
  monitoring: ["registry", "monitoring"] as const,
};

type Query<T> = { [K in keyof T]?: T[K] };
const params = <T extends object>(q: T) => ({ ...q }) as Record<string, string | number | boolean | undefined>;

export function useProjects(q: Query<ProjectListQuery> & { fundYearId: number }) {
  return useQuery({
    queryKey: [...registryKeys.all, "projects", q],
    queryFn: () => request<ProjectPage>("/projects", { params: params(q) }),
    placeholderData: keepPreviousData,
  });
}

export function useProjectsSummary(fundYearId: number) {
  return useQuery({ queryKey: [...registryKeys.all, "summary", fundYearId], queryFn: () => request<ProjectsSummary>("/projects/summary", { params: { fundYearId } }) });
}

export function useProject(projectId: number) {
  return useQuery({
    queryKey: [...registryKeys.all, "project", projectId],
    queryFn: () => request<ProjectDetail>(`/projects/${projectId}`),
    enabled: Number.isInteger(projectId) && projectId > 0,
  });
}

export function useUpdateProject(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ProjectUpdate) => request<ProjectDetail>(`/projects/${projectId}`, { method: "PATCH", json: body }),
    onSuccess: async (detail) => {
      client.setQueryData([...registryKeys.all, "project", projectId], detail);
      await client.invalidateQueries({ queryKey: registryKeys.all });
    },
    // Changed by someone else meanwhile: load what they saved, so the edit is redone on it.
    onError: async (e) => {
      if (isVersionConflict(e)) await client.invalidateQueries({ queryKey: [...registryKeys.all, "project", projectId] });
    },
  });
}

export function useUploadProjectFile(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("file", file, file.name);
      return request<ProjectFile>(`/projects/${projectId}/files`, { method: "POST", body: form });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: [...registryKeys.all, "project", projectId] }),
  });
}

export function useDeleteProjectFile(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (fileId: number) => request<{ ok: true }>(`/projects/files/${fileId}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: [...registryKeys.all, "project", projectId] }),
  });
}

/** Same-origin address of an attachment (the session cookie goes with it). */
export const fileUrl = (fileId: number) => `/api/projects/files/${fileId}`;

export function downloadProjectFile(file: ProjectFile) {
  return download(`/projects/files/${file.id}`, {}, file.fileName);
}

export function useCommunities(q: Query<CommunityListQuery> & { fundYearId: number }) {
  return useQuery({
    queryKey: [...registryKeys.all, "communities", q],
    queryFn: () => request<CommunityPage>("/communities", { params: params(q) }),
    placeholderData: keepPreviousData,
  });
}

export function useGoal(fundYearId: number) {
  return useQuery({ queryKey: [...registryKeys.all, "goal", fundYearId], queryFn: () => request<Goal>("/communities/goal", { params: { fundYearId } }) });
}

export function useMaintenance(fundYearId: number, scope: "all" | "year", enabled = true) {
  return useQuery({
    queryKey: [...registryKeys.all, "maintenance", fundYearId, scope],
    queryFn: () => request<Maintenance>("/communities/maintenance", { params: { fundYearId, scope } }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTargets(fundYearId: number, asOf: string) {
  return useQuery({
    queryKey: [...registryKeys.all, "targets", fundYearId, asOf],
    queryFn: () => request<Targets>("/targets", { params: { fundYearId, asOf } }),
    placeholderData: keepPreviousData,
  });
}

export function downloadRegistry(fundYearId: number) {
  return download("/projects/export.xlsx", { fundYearId }, "项目库.xlsx");
}

export function downloadRegistryTemplate(kind: RegistryImportKind, fundYearId: number) {
  return download(`/registry-imports/${kind}/template.xlsx`, { fundYearId }, `${kind}-模板.xlsx`);
}

export function useRegistryImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, fundYearId, file, dryRun }: { kind: RegistryImportKind; fundYearId: number; file: File; dryRun: boolean }) => {
      const form = new FormData();
      form.append("file", file, file.name);
      return request<RegistryImportResult>(`/registry-imports/${kind}`, { method: "POST", params: { fundYearId, dryRun }, body: form });
    },
    onSuccess: async (r) => {
      if (!r.dryRun && r.newCount + r.updatedCount > 0) await client.invalidateQueries({ queryKey: registryKeys.all });
    },
  });
}

// ---- 双监控 --------------------------------------------------------------------------------------

export function useMonitoringPeriods(fundYearId: number, enabled = true) {
  return useQuery({
    queryKey: [...registryKeys.monitoring, "periods", fundYearId],
    queryFn: () => request<Periods>("/monitoring/periods", { params: { fundYearId } }),
    enabled,
  });
}

export function useBoard(fundYearId: number, period: string | undefined) {
  return useQuery({
    queryKey: [...registryKeys.monitoring, "board", fundYearId, period],
    queryFn: () => request<Board>("/monitoring/board", { params: { fundYearId, period } }),
    placeholderData: keepPreviousData,
  });
}

export function useCountyMonitor(countyId: number, fundYearId: number, period: string | undefined) {
  return useQuery({
    queryKey: [...registryKeys.monitoring, "county", countyId, fundYearId, period],
    queryFn: () => request<CountyMonitor>(`/monitoring/counties/${countyId}`, { params: { fundYearId, period } }),
    enabled: Number.isInteger(countyId) && countyId > 0,
    placeholderData: keepPreviousData,
  });
}

export function useSaveExplanation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ExplanationBody) => request<Cell>("/monitoring/explanations", { method: "PUT", json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: registryKeys.monitoring }),
  });
}

export function useSaveProgress() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ProgressBody) => request<{ saved: number }>("/monitoring/progress", { method: "PUT", json: body }),
    // Dates reported here move projects' status too.
    onSuccess: () => client.invalidateQueries({ queryKey: registryKeys.all }),
  });
}

export function useUpdateIndicator() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: IndicatorUpdate & { id: number }) =>
      request<Indicator>(`/monitoring/indicators/${id}`, { method: "PUT", json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: registryKeys.monitoring }),
  });
}

/** 长效管养 by year: the share of 专业物业 + 街道社区统管 per county and year, 红色物业 and 业委会. */
export function useMaintenanceTrend(fundYearId: number) {
  return useQuery({
    queryKey: [...registryKeys.all, "maintenance-trend", fundYearId],
    queryFn: () => request<MaintenanceTrend>("/communities/maintenance/trend", { params: { fundYearId } }),
    placeholderData: keepPreviousData,
  });
}

export function useCommunityMaintenance(communityId: number | undefined) {
  return useQuery({
    queryKey: [...registryKeys.all, "maintenance-years", communityId],
    queryFn: () => request<CommunityMaintenance>(`/communities/${communityId}/maintenance-years`),
    enabled: communityId !== undefined,
  });
}

export function useRecordMaintenanceYear() {
  const client = useQueryClient();
  // The latest year moves the community's own columns: every registry figure may change.
  const invalidate = () => client.invalidateQueries({ queryKey: registryKeys.all });
  return useMutation({
    mutationFn: ({ communityId, year, ...body }: RecordMaintenanceYear & { communityId: number; year: number }) =>
      request<MaintenanceYearRecord>(`/communities/${communityId}/maintenance-years/${year}`, { method: "PUT", json: body }),
    onSuccess: () => invalidate(),
    onError: (e) => (isVersionConflict(e) ? invalidate() : undefined),
  });
}
