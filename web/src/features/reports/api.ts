/** Hooks of 评价报告; every request goes through the one client of ../../api. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  CheckResult,
  draftingRuleSchema,
  DraftingRuleView,
  ParagraphEdit,
  ParagraphHistory,
  Report,
  ReportFormat,
} from "../../../../contracts/reports";
import { download, request } from "../../api";

export const reportKeys = {
  /** Everything of one task's report: invalidated when the report's words or rules change. */
  all: (taskId: number) => ["reports", taskId] as const,
  /** `version` undefined: the report as it stands now (the live draft, or the latest frozen version). */
  report: (taskId: number, version: number | undefined) => ["reports", taskId, "report", version ?? "current"] as const,
  history: (taskId: number, key: string) => ["reports", taskId, "history", key] as const,
  rules: (taskId: number) => ["reports", taskId, "rules"] as const,
};

export function useReport(taskId: number, version: number | undefined) {
  return useQuery({
    queryKey: reportKeys.report(taskId, version),
    queryFn: () => request<Report>(`/reports/${taskId}`, { params: { version } }),
    enabled: taskId > 0,
    // Switching versions keeps the page (and its scroll) while the other version loads; another task's
    // report is never shown in its place.
    placeholderData: (previous, query) => (query?.queryKey[1] === taskId ? previous : undefined),
  });
}

export function useParagraphHistory(taskId: number, key: string | null) {
  return useQuery({
    queryKey: reportKeys.history(taskId, key ?? ""),
    queryFn: () => request<ParagraphHistory>(`/reports/${taskId}/paragraphs/${encodeURIComponent(key!)}/history`),
    enabled: taskId > 0 && key !== null,
  });
}

/** A paragraph save: the words, and any of the flags (each false unless given). */
export type ParagraphSave = { key: string } & Pick<ParagraphEdit, "body"> & Partial<ParagraphEdit>;

/** Saves a paragraph (edit, delete, restore, revert); the answer is the whole report as it now reads. */
export function useEditParagraph(taskId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ key, ...body }: ParagraphSave) =>
      request<Report>(`/reports/${taskId}/paragraphs/${encodeURIComponent(key)}`, {
        method: "PUT",
        json: { freeze: false, hidden: false, revert: false, forFundYear: false, ...body },
      }),
    onSuccess: (report, { key }) => {
      // Only the current report can be edited; a frozen version never changes.
      client.setQueryData(reportKeys.report(taskId, undefined), report);
      void client.invalidateQueries({ queryKey: reportKeys.history(taskId, key) });
    },
  });
}

export function useDraftingRules(taskId: number) {
  return useQuery({ queryKey: reportKeys.rules(taskId), queryFn: () => request<DraftingRuleView[]>(`/reports/${taskId}/rules`), enabled: taskId > 0 });
}

export type DraftingRuleSave = z.input<typeof draftingRuleSchema>;

export function useSaveDraftingRule(taskId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rule: DraftingRuleSave) => request<DraftingRuleView[]>(`/reports/${taskId}/rules/${encodeURIComponent(rule.code)}`, { method: "PUT", json: rule }),
    onSuccess: (rules) => {
      client.setQueryData(reportKeys.rules(taskId), rules);
      // Rules draft chapters 五–七: the report reads differently now.
      void client.invalidateQueries({ queryKey: [...reportKeys.all(taskId), "report"] });
    },
  });
}

/** 勾稽校验 of a file; with a task, its figures are also compared with the task's records. */
export function useCheckReportFile() {
  return useMutation({
    mutationFn: ({ file, taskId }: { file: File; taskId?: number }) => {
      const form = new FormData();
      form.append("file", file, file.name);
      return request<CheckResult>("/reports/check", { method: "POST", params: { taskId }, body: form });
    },
  });
}

const FORMAT_FALLBACK_NAME: Record<ReportFormat, string> = {
  docx: "评价报告.docx",
  pdf: "评价报告.pdf",
  html: "评价报告.html",
  xlsx: "评价报告附表.xlsx",
};

export function downloadReport(taskId: number, format: ReportFormat, version: number | undefined) {
  return download(`/reports/${taskId}/download`, { format, version }, FORMAT_FALLBACK_NAME[format]);
}
