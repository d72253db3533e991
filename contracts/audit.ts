import { z } from "zod";
import { MAX_ID } from "./ids";
import { isoDate } from "./funds";

/** What each audit action is called in Chinese (server exports and the web page share it). */
export const AUDIT_ACTION_LABEL: Record<string, string> = {
  login: "登录",
  login_failed: "登录失败",
  logout: "退出",
  create: "新增",
  update: "修改",
  delete: "删除",
  import: "导入",
  export: "导出",
  submit: "送审",
  approve: "审核通过",
  return: "退回",
  reopen: "重新打开",
  finalise: "定稿",
  retire: "撤销",
  restore: "恢复",
  close: "关闭",
  backup: "备份",
};

export const auditFilterSchema = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  actor: z.string().max(64).optional(),
  action: z.string().max(32).optional(),
  entityType: z.string().max(64).optional(),
  q: z.string().max(100).optional(),
});
export const auditQuerySchema = auditFilterSchema.extend({
  page: z.coerce.number().int().positive().max(MAX_ID).default(1),
  pageSize: z.coerce.number().int().positive().max(500).default(50),
});

export const auditEventSchema = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  at: z.string(),
  actorName: z.string(),
  actorRole: z.string(),
  ip: z.string().nullable(),
  action: z.string(),
  actionLabel: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  countyId: z.number().int().nullable(),
  summary: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditPageSchema = z.object({ total: z.number().int(), items: z.array(auditEventSchema) });

export const ANCHOR_FORMAT_MESSAGE = "锚点格式应为“序号:哈希”（哈希为 64 位十六进制），即某次校验结果中抄录的内容";
export const auditVerifyQuerySchema = z.object({
  /** A head noted earlier, `seq:hash`: the chain up to it must be unchanged. */
  anchor: z.string().trim().max(100).optional(),
});

export const auditVerifySchema = z.object({
  ok: z.boolean(),
  count: z.number().int(),
  headSeq: z.number().int(),
  headHash: z.string(),
  problem: z.object({ seq: z.number().int(), id: z.number().int().nullable(), message: z.string() }).nullable(),
  anchor: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
});
