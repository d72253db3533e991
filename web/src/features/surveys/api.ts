/** Hooks of 居民满意度调查; every request goes through the one client of ../../api. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  paperEntrySchema,
  PublicSurvey,
  publicSubmitResultSchema,
  QuestionnaireRecord,
  questionnaireUpdateSchema,
  responseDetailSchema,
  responsePageSchema,
  responsesQuerySchema,
  ResponseSummary,
  reviewResultSchema,
  reviewSchema,
  surveySetupSchema,
  SurveyResults,
  SurveyState,
  SurveyLinks,
} from "../../../../contracts/surveys";
import { download, isVersionConflict, request } from "../../api";

export type ResponsePage = z.infer<typeof responsePageSchema>;
export type ResponseDetail = z.infer<typeof responseDetailSchema>;
export type ResponseFilter = Partial<z.infer<typeof responsesQuerySchema>>;
export type SurveySetup = z.input<typeof surveySetupSchema>;
export type PaperEntry = z.input<typeof paperEntrySchema>;
export type Review = z.input<typeof reviewSchema>;
export type ReviewResult = z.infer<typeof reviewResultSchema>;
export type QuestionnaireUpdate = z.input<typeof questionnaireUpdateSchema>;
export type SubmitResult = z.infer<typeof publicSubmitResultSchema>;

/** One household's link of a community's sheet (the QR code's address). */
export type SurveyLink = SurveyLinks["links"][number];

export const surveyKeys = {
  questionnaires: ["survey-questionnaires"] as const,
  questionnaire: (id: number) => ["survey-questionnaires", id] as const,
  /** Everything of one task's survey: invalidated together after a change. */
  task: (taskId: number) => ["surveys", taskId] as const,
  state: (taskId: number) => ["surveys", taskId, "state"] as const,
  responses: (taskId: number, filter: ResponseFilter) => ["surveys", taskId, "responses", filter] as const,
  response: (taskId: number, id: number) => ["surveys", taskId, "response", id] as const,
  results: (taskId: number) => ["surveys", taskId, "results"] as const,
  links: (taskId: number, communityId: number) => ["surveys", taskId, "links", communityId] as const,
  public: (token: string) => ["public-survey", token] as const,
};

// ---- questionnaires -------------------------------------------------------------------------

export function useQuestionnaires(enabled = true) {
  return useQuery({ queryKey: surveyKeys.questionnaires, queryFn: () => request<QuestionnaireRecord[]>("/surveys/questionnaires"), enabled });
}

export function useQuestionnaire(id: number) {
  return useQuery({
    queryKey: surveyKeys.questionnaire(id),
    queryFn: () => request<QuestionnaireRecord>(`/surveys/questionnaires/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

/** 复制为新版本 (or a new questionnaire with `newFamily`): a draft copied from `fromId`. */
export function useCreateQuestionnaire() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { fromId: number; name?: string; newFamily?: boolean }) => request<QuestionnaireRecord>("/surveys/questionnaires", { json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: surveyKeys.questionnaires }),
  });
}

export function useUpdateQuestionnaire(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: QuestionnaireUpdate) => request<QuestionnaireRecord>(`/surveys/questionnaires/${id}`, { method: "PATCH", json: body }),
    onSuccess: (q) => {
      client.setQueryData(surveyKeys.questionnaire(id), q);
      void client.invalidateQueries({ queryKey: surveyKeys.questionnaires, exact: true });
    },
    // Changed by someone else meanwhile: reload it, so the edit is redone on what is there now.
    onError: (e) => (isVersionConflict(e) ? client.invalidateQueries({ queryKey: surveyKeys.questionnaire(id) }) : undefined),
  });
}

export function usePublishQuestionnaire(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { revision: number }) => request<QuestionnaireRecord>(`/surveys/questionnaires/${id}/publish`, { json: body }),
    onSuccess: (q) => {
      client.setQueryData(surveyKeys.questionnaire(id), q);
      void client.invalidateQueries({ queryKey: surveyKeys.questionnaires });
    },
    onError: (e) => (isVersionConflict(e) ? client.invalidateQueries({ queryKey: surveyKeys.questionnaire(id) }) : undefined),
  });
}

export function useDeleteQuestionnaire() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => request<{ ok: true }>(`/surveys/questionnaires/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: surveyKeys.questionnaires }),
  });
}

// ---- a task's survey ------------------------------------------------------------------------

export function useSurveyState(taskId: number) {
  return useQuery({ queryKey: surveyKeys.state(taskId), queryFn: () => request<SurveyState>(`/evaluations/${taskId}/survey`), enabled: taskId > 0 });
}

/** After any change every figure of the survey is stale, and so is the task (its 居民满意度 leaf). */
function useInvalidateSurvey(taskId: number) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: surveyKeys.task(taskId) }),
      client.invalidateQueries({ predicate: (q) => q.queryKey[0] === "evaluations" && q.queryKey[2] === taskId }),
    ]);
}

/** Draws the sample and issues the tokens (a redraw sends the `version` seen). */
export function useSetupSurvey(taskId: number) {
  const invalidate = useInvalidateSurvey(taskId);
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SurveySetup) => request<SurveyState>(`/evaluations/${taskId}/survey`, { method: "PUT", json: body }),
    onSuccess: (state) => {
      client.setQueryData(surveyKeys.state(taskId), state);
      void invalidate();
    },
    onError: (e) => (isVersionConflict(e) ? invalidate() : undefined),
  });
}

export function useResponses(taskId: number, filter: ResponseFilter, enabled = true) {
  return useQuery({
    queryKey: surveyKeys.responses(taskId, filter),
    queryFn: () => request<ResponsePage>(`/evaluations/${taskId}/survey/responses`, { params: { ...filter } }),
    enabled: enabled && taskId > 0,
    placeholderData: keepPreviousData,
  });
}

/** Every response of a filter, page by page (for 接受所有无标记的待审问卷). */
export async function fetchAllResponses(taskId: number, filter: ResponseFilter): Promise<ResponseSummary[]> {
  const out: ResponseSummary[] = [];
  for (let page = 1; ; page++) {
    const p = await request<ResponsePage>(`/evaluations/${taskId}/survey/responses`, { params: { ...filter, page, pageSize: 200 } });
    out.push(...p.items);
    if (p.items.length === 0 || out.length >= p.total) return out;
  }
}

export function useResponse(taskId: number, id: number | null) {
  return useQuery({
    queryKey: surveyKeys.response(taskId, id ?? 0),
    queryFn: () => request<ResponseDetail>(`/evaluations/${taskId}/survey/responses/${id}`),
    enabled: id !== null && id > 0,
  });
}

/** 纸质问卷录入: one form's answers; a 422 names the questions in its problems. */
export function useEnterPaper(taskId: number) {
  const invalidate = useInvalidateSurvey(taskId);
  return useMutation({
    mutationFn: (body: PaperEntry) => request<ResponseSummary>(`/evaluations/${taskId}/survey/responses`, { json: body }),
    onSuccess: () => invalidate(),
  });
}

/** 接受 / 退回（理由）/ 恢复待审核; the server takes at most 5,000 ids at once, so larger sets go in parts. */
export function useReview(taskId: number) {
  const invalidate = useInvalidateSurvey(taskId);
  return useMutation({
    mutationFn: async (body: Review): Promise<ReviewResult> => {
      const total: ReviewResult = { changed: 0, unchanged: 0 };
      for (let i = 0; i < body.ids.length; i += REVIEW_BATCH) {
        const r = await request<ReviewResult>(`/evaluations/${taskId}/survey/review`, { json: { ...body, ids: body.ids.slice(i, i + REVIEW_BATCH) } });
        total.changed += r.changed;
        total.unchanged += r.unchanged;
      }
      return total;
    },
    onSettled: () => invalidate(),
  });
}
const REVIEW_BATCH = 5000;

export function useSurveyResults(taskId: number, enabled = true) {
  return useQuery({ queryKey: surveyKeys.results(taskId), queryFn: () => request<SurveyResults>(`/evaluations/${taskId}/survey/results`), enabled: enabled && taskId > 0 });
}

/** The links of a community's households (survey.conduct), e.g. to send one by message. */
export function useSurveyLinks(taskId: number, communityId: number | null) {
  return useQuery({
    queryKey: surveyKeys.links(taskId, communityId ?? 0),
    queryFn: () => request<SurveyLinks>(`/evaluations/${taskId}/survey/links`, { params: { communityId } }),
    enabled: communityId !== null && communityId > 0,
  });
}

export const surveyImport = (taskId: number) => ({
  endpoint: `/evaluations/${taskId}/survey/import`,
  template: { path: `/evaluations/${taskId}/survey/import-template.xlsx`, fileName: "纸质问卷导入模板.xlsx" },
});

// ---- downloads ------------------------------------------------------------------------------

export function downloadPlan(taskId: number) {
  return download(`/evaluations/${taskId}/survey/plan.xlsx`, {}, "抽样方案.xlsx");
}

export function downloadSheets(taskId: number, format: "pdf" | "docx", communityId?: number) {
  return download(`/evaluations/${taskId}/survey/sheets`, { format, communityId }, `调查二维码.${format}`);
}

export function downloadResults(taskId: number) {
  return download(`/evaluations/${taskId}/survey/results.xlsx`, {}, "满意度调查结果.xlsx");
}

// ---- the public answer page -----------------------------------------------------------------

export function usePublicSurvey(token: string) {
  return useQuery({
    queryKey: surveyKeys.public(token),
    queryFn: () => request<PublicSurvey>(`/public/surveys/${encodeURIComponent(token)}`),
    // One read: opening the link is recorded (作答时长 starts there); a refetch on focus would not help.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

export function submitPublicSurvey(token: string, answers: Record<string, string | number>) {
  return request<SubmitResult>(`/public/surveys/${encodeURIComponent(token)}`, { json: { answers } });
}
