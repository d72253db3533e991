/**
 * Rows of a 施工计划 workbook (an operator's planned works), checked before anything is written: each
 * problem names its row and column. A row equal to a work the operator already has changes nothing.
 */
import { UTILITY_KINDS, WORK_STATUSES, type UtilityKind, type WorkStatus } from "./kinds";

export const WORK_COLUMNS = {
  community: "小区编码",
  kind: "专业",
  scope: "施工内容",
  from: "计划开始日期",
  to: "计划完成日期",
  digs: "是否开挖",
  status: "状态",
} as const;

/** 施工内容 is at most this long (the form's limit too). */
export const WORK_SCOPE_MAX_CHARS = 500;

/** A problem of one row and column (the shape of contracts' Problem). */
export interface Problem {
  row: number;
  column: string;
  message: string;
}

export interface WorkRowInput {
  row: number;
  community: string | null;
  kind: string | null;
  scope: string | null;
  from: string | null;
  to: string | null;
  digs: string | null;
  status: string | null;
}

export interface WorkRecord {
  row: number;
  communityId: number;
  communityCode: string;
  communityName: string;
  kind: UtilityKind;
  scope: string;
  plannedFrom: string;
  plannedTo: string;
  digs: boolean;
  status: WorkStatus;
}

export interface WorkCheckContext {
  /** Communities the actor may see, by code. */
  communities: Map<string, { id: number; name: string }>;
  /** The operator's own kinds. */
  kinds: readonly UtilityKind[];
  /** Kinds that dig unless a row says otherwise. */
  diggingKinds: readonly string[];
  /** The operator's existing works, as `sameKey` strings. */
  existing: Set<string>;
}

/** What makes two works the same: community, kind, window and scope. */
export function sameKey(w: { communityId: number; kind: string; plannedFrom: string; plannedTo: string; scope: string }): string {
  return [w.communityId, w.kind, w.plannedFrom, w.plannedTo, w.scope].join("|");
}

const YES = new Set(["是", "开挖", "y", "yes", "true", "1"]);
const NO = new Set(["否", "不开挖", "n", "no", "false", "0"]);

/** A calendar day written 2021-03-15, 2021/3/15 or 2021年3月15日, as ISO; null when it is none. */
export function parseDay(text: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

export function checkWorkRows(rows: WorkRowInput[], ctx: WorkCheckContext): { records: WorkRecord[]; unchanged: number; problems: Problem[] } {
  const C = WORK_COLUMNS;
  const problems: Problem[] = [];
  const records: WorkRecord[] = [];
  const seen = new Map<string, number>();
  let unchanged = 0;
  for (const r of rows) {
    const before = problems.length;
    const bad = (column: string, message: string) => problems.push({ row: r.row, column, message });
    const community = r.community ? ctx.communities.get(r.community) : undefined;
    if (!r.community) bad(C.community, "请填写小区编码");
    else if (!community) bad(C.community, `小区编码「${r.community}」不存在或不在本单位的服务区域内`);
    let kind: UtilityKind | null = null;
    if (!r.kind) bad(C.kind, `请填写专业（${UTILITY_KINDS.join("、")}）`);
    else if (!(UTILITY_KINDS as readonly string[]).includes(r.kind)) bad(C.kind, `专业「${r.kind}」无法识别，应为${UTILITY_KINDS.join("、")}之一`);
    else if (!ctx.kinds.includes(r.kind as UtilityKind)) bad(C.kind, `本单位的专业为${ctx.kinds.join("、")}，不能登记「${r.kind}」施工`);
    else kind = r.kind as UtilityKind;
    const scope = r.scope?.trim() ?? "";
    if (!scope) bad(C.scope, "请填写施工内容（管线、表具、线缆或设备）");
    else if ([...scope].length > WORK_SCOPE_MAX_CHARS) bad(C.scope, `施工内容不超过 ${WORK_SCOPE_MAX_CHARS} 字（本行 ${[...scope].length} 字）`);
    const from = r.from ? parseDay(r.from) : null;
    const to = r.to ? parseDay(r.to) : null;
    if (!r.from) bad(C.from, "请填写计划开始日期");
    else if (!from) bad(C.from, `「${r.from}」不是有效日期，请写作 2021-03-15`);
    if (!r.to) bad(C.to, "请填写计划完成日期");
    else if (!to) bad(C.to, `「${r.to}」不是有效日期，请写作 2021-03-15`);
    if (from && to && from > to) bad(C.to, `计划完成日期（${to}）早于计划开始日期（${from}）`);
    let digs: boolean | null = kind ? ctx.diggingKinds.includes(kind) : null;
    if (r.digs) {
      const v = r.digs.trim().toLowerCase();
      if (YES.has(v)) digs = true;
      else if (NO.has(v)) digs = false;
      else bad(C.digs, `「${r.digs}」应填 是 或 否（不填按本市规则：${ctx.diggingKinds.join("、")}默认开挖）`);
    }
    let status: WorkStatus = "计划";
    if (r.status) {
      if ((WORK_STATUSES as readonly string[]).includes(r.status)) status = r.status as WorkStatus;
      else bad(C.status, `状态「${r.status}」应为${WORK_STATUSES.join("、")}之一（不填为 计划）`);
    }
    if (problems.length > before || !community || !kind || !from || !to || digs === null) continue;
    const record: WorkRecord = { row: r.row, communityId: community.id, communityCode: r.community!, communityName: community.name, kind, scope, plannedFrom: from, plannedTo: to, digs, status };
    const key = sameKey(record);
    const first = seen.get(key);
    if (first !== undefined) {
      bad(C.community, `与第${first}行重复（同一小区、专业、计划窗口和施工内容）`);
      continue;
    }
    seen.set(key, r.row);
    if (ctx.existing.has(key)) unchanged++;
    else records.push(record);
  }
  return { records, unchanged, problems };
}
