/** Hooks of 绩效评价; every request goes through the one client of ../../api. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  entryUpdateSchema,
  taskCreateSchema,
  Evidence,
  GradeScaleRecord,
  MetricInfo,
  Results,
  Sheet,
  TaskDetail,
  TaskState,
  TaskSummary,
  TaskUpdate,
  TemplateDetail,
  TemplateSave,
  TemplateSummary,
  WhatIfResult,
} from "../../../../contracts/evaluations";
import type { GradeScale } from "../../../../core/scoring/grades";
import type { IndicatorTree, TemplateProblem } from "../../../../core/scoring/template";
import { download, isVersionConflict, request } from "../../api";

export const evalKeys = {
  all: ["evaluations"] as const,
  tasks: (fundYearId: number) => ["evaluations", "tasks", fundYearId] as const,
  task: (id: number) => ["evaluations", "task", id] as const,
  sheet: (taskId: number, scopeId: number) => ["evaluations", "task", taskId, "sheet", scopeId] as const,
  results: (taskId: number) => ["evaluations", "task", taskId, "results"] as const,
  templates: ["evaluation-templates"] as const,
  template: (id: number) => ["evaluation-templates", id] as const,
  scales: ["evaluation-scales"] as const,
  metrics: ["evaluation-metrics"] as const,
};

export function useTasks(fundYearId: number, enabled = true) {
  return useQuery({ queryKey: evalKeys.tasks(fundYearId), queryFn: () => request<TaskSummary[]>("/evaluations", { params: { fundYearId } }), enabled });
}

export function useTask(id: number) {
  return useQuery({ queryKey: evalKeys.task(id), queryFn: () => request<TaskDetail>(`/evaluations/${id}`), enabled: id > 0 });
}

export function useSheet(taskId: number, scopeId: number) {
  return useQuery({
    queryKey: evalKeys.sheet(taskId, scopeId),
    queryFn: () => request<Sheet>(`/evaluations/${taskId}/scopes/${scopeId}/sheet`),
    enabled: taskId > 0 && scopeId > 0,
  });
}

export function useResults(taskId: number) {
  return useQuery({ queryKey: evalKeys.results(taskId), queryFn: () => request<Results>(`/evaluations/${taskId}/results`), enabled: taskId > 0 });
}

/** After a change to a task, everything computed from it is stale (sheets, results, the list). */
function useInvalidateTask() {
  const client = useQueryClient();
  return (taskId: number) => client.invalidateQueries({ predicate: (q) => q.queryKey[0] === "evaluations" && (q.queryKey[1] === "tasks" || q.queryKey[2] === taskId) });
}

export function useCreateTask() {
  const invalidate = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof taskCreateSchema>) => request<TaskDetail>("/evaluations", { json: body }),
    onSuccess: () => invalidate.invalidateQueries({ queryKey: evalKeys.all }),
  });
}

export function useUpdateTask(taskId: number) {
  const invalidate = useInvalidateTask();
  return useMutation({
    mutationFn: (body: TaskUpdate) => request<TaskDetail>(`/evaluations/${taskId}`, { method: "PATCH", json: body }),
    onSuccess: () => invalidate(taskId),
    // Changed by someone else meanwhile: reload it, so the edit is redone on what is there now.
    onError: (e) => (isVersionConflict(e) ? invalidate(taskId) : undefined),
  });
}

export function useDeleteTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (taskId: number) => request<{ ok: true }>(`/evaluations/${taskId}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: evalKeys.all }),
  });
}

export function useAdvance(taskId: number) {
  const invalidate = useInvalidateTask();
  return useMutation({
    mutationFn: (body: { to: TaskState; note?: string }) => request<TaskDetail>(`/evaluations/${taskId}/advance`, { json: body }),
    onSuccess: () => invalidate(taskId),
  });
}

export type EntryUpdate = z.input<typeof entryUpdateSchema>;

export function useUpdateEntry(taskId: number, scopeId: number) {
  const client = useQueryClient();
  const invalidate = useInvalidateTask();
  return useMutation({
    mutationFn: ({ code, ...body }: EntryUpdate & { code: string }) =>
      request<Sheet>(`/evaluations/${taskId}/scopes/${scopeId}/entries/${encodeURIComponent(code)}`, { method: "PUT", json: body }),
    onSuccess: (sheet) => {
      client.setQueryData(evalKeys.sheet(taskId, scopeId), sheet);
      void invalidate(taskId);
    },
    onError: (e) => (isVersionConflict(e) ? client.invalidateQueries({ queryKey: evalKeys.sheet(taskId, scopeId) }) : undefined),
  });
}

export function useAddComment(taskId: number, scopeId: number) {
  const client = useQueryClient();
  const invalidate = useInvalidateTask();
  return useMutation({
    mutationFn: (body: { code: string; body: string }) => request<Sheet>(`/evaluations/${taskId}/scopes/${scopeId}/comments`, { json: body }),
    onSuccess: (sheet) => {
      client.setQueryData(evalKeys.sheet(taskId, scopeId), sheet);
      void invalidate(taskId);
    },
    onError: (e) => (isVersionConflict(e) ? client.invalidateQueries({ queryKey: evalKeys.sheet(taskId, scopeId) }) : undefined),
  });
}

export function useUploadEvidence(taskId: number, scopeId: number) {
  const invalidate = useInvalidateTask();
  return useMutation({
    mutationFn: ({ code, file }: { code: string; file: File }) => {
      const form = new FormData();
      form.append("file", file, file.name);
      return request<Evidence>(`/evaluations/${taskId}/scopes/${scopeId}/evidence`, { method: "POST", params: { code }, body: form });
    },
    onSuccess: () => invalidate(taskId),
  });
}

export function useDeleteEvidence(taskId: number) {
  const invalidate = useInvalidateTask();
  return useMutation({
    mutationFn: (id: number) => request<{ ok: true }>(`/evaluations/evidence/${id}`, { method: "DELETE" }),
    onSuccess: () => invalidate(taskId),
  });
}

export function downloadEvidence(e: Evidence) {
  return download(`/evaluations/evidence/${e.id}`, {}, e.fileName);
}

export function downloadTaskWorkbook(taskId: number) {
  return download(`/evaluations/${taskId}/export.xlsx`, {}, "评分表.xlsx");
}

export function useWhatIf(taskId: number, scopeId: number) {
  return useMutation({
    mutationFn: (changes: { code: string; value?: { num: number; den: number } | null; manualScore?: number | null }[]) =>
      request<WhatIfResult>(`/evaluations/${taskId}/scopes/${scopeId}/what-if`, { json: { changes } }),
  });
}

// ---- templates, scales, metrics ---------------------------------------------------------------

export function useTemplates() {
  return useQuery({ queryKey: evalKeys.templates, queryFn: () => request<TemplateSummary[]>("/evaluation/templates") });
}

export function useTemplate(id: number) {
  return useQuery({ queryKey: evalKeys.template(id), queryFn: () => request<TemplateDetail>(`/evaluation/templates/${id}`), enabled: id > 0 });
}

export function useMetrics() {
  return useQuery({ queryKey: evalKeys.metrics, queryFn: () => request<MetricInfo[]>("/evaluation/metrics"), staleTime: Infinity });
}

export function useCreateTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { fromId?: number; newFamily?: boolean; name?: string }) => request<TemplateDetail>("/evaluation/templates", { json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: evalKeys.templates }),
  });
}

export function useSaveTemplate(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TemplateSave) => request<TemplateDetail>(`/evaluation/templates/${id}`, { method: "PUT", json: body }),
    onSuccess: (t) => {
      client.setQueryData(evalKeys.template(id), t);
      void client.invalidateQueries({ queryKey: evalKeys.templates, exact: true });
    },
    onError: (e) => (isVersionConflict(e) ? client.invalidateQueries({ queryKey: evalKeys.template(id) }) : undefined),
  });
}

export function usePublishTemplate(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => request<TemplateDetail>(`/evaluation/templates/${id}/publish`, { method: "POST" }),
    onSuccess: () => client.invalidateQueries({ queryKey: evalKeys.templates }),
  });
}

export function useDeleteTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => request<{ ok: true }>(`/evaluation/templates/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: evalKeys.templates }),
  });
}

export function checkTree(tree: IndicatorTree) {
  return request<{ problems: TemplateProblem[] }>("/evaluation/templates/check", { json: { tree } });
}

export function useGradeScales() {
  return useQuery({ queryKey: evalKeys.scales, queryFn: () => request<GradeScaleRecord[]>("/evaluation/grade-scales") });
}

export function useSaveGradeScale() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, scale, version }: { id: number | null; scale: GradeScale; version?: number }) =>
      id === null
        ? request<GradeScaleRecord>("/evaluation/grade-scales", { json: scale })
        : request<GradeScaleRecord>(`/evaluation/grade-scales/${id}`, { method: "PUT", json: { ...scale, version } }),
    onSuccess: () => client.invalidateQueries({ queryKey: evalKeys.scales }),
    onError: (e) => (isVersionConflict(e) ? client.invalidateQueries({ queryKey: evalKeys.scales }) : undefined),
  });
}

export function useDeleteGradeScale() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => request<{ ok: true }>(`/evaluation/grade-scales/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: evalKeys.scales }),
  });
}
