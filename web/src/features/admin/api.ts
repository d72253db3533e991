/** Hooks of 账户管理, 审计日志 and 报送审核; requests go through the one client of ../../api. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { AuditEvent, auditVerifySchema } from "../../../../contracts/audit";
import type { createUserSchema, updateUserSchema, User } from "../../../../contracts/users";
import type { Submission, SubmissionKind } from "../../../../contracts/review";
import type { ReviewAction } from "../../../../core/review";
import { download, request } from "../../api";
import { registryKeys } from "../projects/api";

export const adminKeys = { users: ["users"] as const, audit: ["audit"] as const, reviews: ["reviews"] as const };

export function useCounties(fundYearId: number) {
  return useQuery({
    queryKey: ["counties", fundYearId],
    queryFn: () => request<{ id: number; code: string; name: string }[]>(`/fund-years/${fundYearId}/counties`),
    staleTime: Infinity,
  });
}

export function useUsers() {
  return useQuery({ queryKey: adminKeys.users, queryFn: () => request<User[]>("/users") });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof createUserSchema>) => request<User>("/users", { json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: z.input<typeof updateUserSchema> & { id: number }) => request<User>(`/users/${id}`, { method: "PATCH", json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export interface AuditFilter {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  q?: string;
}

export function useAudit(filter: AuditFilter, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...adminKeys.audit, filter, page, pageSize],
    queryFn: () => request<{ total: number; items: AuditEvent[] }>("/audit", { params: { ...filter, page, pageSize } }),
    placeholderData: keepPreviousData,
  });
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: (anchor: string) => request<z.infer<typeof auditVerifySchema>>("/audit/verify", { params: { anchor: anchor.trim() || undefined } }) });
}

export function downloadAudit(filter: AuditFilter) {
  return download("/audit/export.xlsx", { ...filter }, "审计日志.xlsx");
}

export function useSubmissions(p: { fundYearId: number; kind: SubmissionKind; period: string | undefined }) {
  return useQuery({
    queryKey: [...adminKeys.reviews, p],
    queryFn: () => request<Submission[]>("/reviews", { params: { ...p, period: p.period ?? "" } }),
    // A periodic kind waits until its period is known.
    enabled: p.period !== undefined,
  });
}

export function useReviewAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { fundYearId: number; countyId: number; kind: SubmissionKind; period: string; action: ReviewAction; reason?: string }) =>
      request<Submission>("/reviews/actions", { json: body }),
    // Locks change with the state: the project and monitoring screens that show them refetch too.
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: adminKeys.reviews }), client.invalidateQueries({ queryKey: registryKeys.all })]),
  });
}
