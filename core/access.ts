/**
 * Who may do what (shared/SPEC.md §1). Pure data and checks: the server enforces them on every route
 * and in every service; the web only uses them to hide what would be refused anyway.
 */
export const ROLES = ["admin", "finance", "housing", "county", "evaluator", "utility", "auditor"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role | "system", string> = {
  admin: "系统管理员",
  finance: "财政",
  housing: "住建",
  county: "县区",
  evaluator: "评价机构",
  utility: "专营单位",
  auditor: "审计",
  system: "系统",
};

/** The person (or the command line) behind a request. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  /** `system` is the command line on the server itself; no account has it. */
  role: Role | "system";
  /** Set for a 县区 user: the one county they see and change (the same as `regionId`). */
  countyId: number | null;
  /**
   * The region the actor works for and its path ("/1/2/", see regions.path): the scope is that
   * region's subtree. Null: the whole installation (the command line, an installation administrator).
   */
  regionId: number | null;
  regionPath: string | null;
  /** Evaluator firm or utility operator the user belongs to. */
  organisation: string | null;
}

const ALL_READERS: Role[] = ["finance", "housing", "county", "evaluator", "auditor"];

/**
 * Every permission and the roles that hold it. A route names exactly one (or `public`); adding a
 * route without naming one fails at start-up and in the access-matrix test.
 */
export const PERMISSIONS = {
  /** 资金台账: read allocations, payments, rates. */
  "funds.read": ALL_READERS,
  /** Import allocations (finance only: the city allocates) */
  "funds.allocate": ["finance"],
  /** Import payments (a county only for its own county). */
  "funds.pay": ["finance", "county"],
  /** Export the ledger workbook. */
  "funds.export": ALL_READERS,
  /** Create, edit, disable accounts, reset passwords. */
  "users.manage": ["admin", "finance"],
  /** Read and export the audit trail. */
  "audit.read": ["auditor", "finance"],
  /** See the review state (填报/送审/审核通过/退回) of county data. */
  "review.read": ALL_READERS,
  /** Take a review action at all; which one is decided per action (the county submits its own data). */
  "review.act": ["finance", "housing", "county"],
  /** Approve or return submitted county data (审核通过 / 退回). */
  "review.decide": ["finance", "housing"],
  /** Reopen data a reviewer approved (重新打开), with a reason. */
  "review.reopen": ["finance"],
  /**
   * 绩效评价: read templates, grade scales, tasks, sheets and results. Services narrow it: an evaluator
   * sees the tasks of their organisation, a county its own sheet once it is sent for feedback.
   */
  "evaluation.read": ALL_READERS,
  /** Edit templates and grade scales, create and configure tasks, finalise (定稿). */
  "evaluation.manage": ["finance"],
  /** Score sheets and attach evidence: evaluators, on tasks whose evaluator organisation is theirs. */
  "evaluation.score": ["evaluator"],
  /** Attach evidence (佐证材料): the evaluator to a leaf it scores, a county to its own sheet when replying. */
  "evaluation.evidence": ["evaluator", "county"],
  /** Move a task on (评分 → 征求意见 → 定稿); the service decides which step each role may take. */
  "evaluation.advance": ["finance", "evaluator"],
  /** 意见反馈: a county replies on its own sheet; the evaluator (and finance) answer. */
  "evaluation.reply": ["county", "evaluator", "finance"],
  /** 居民满意度调查: read a task's survey and its results (a county its own communities only). */
  "survey.read": ALL_READERS,
  /**
   * Read single questionnaires (the answers of one household). Not a county: residents answer more
   * freely when the county they judge never sees who said what; a county reads its own totals.
   */
  "survey.responses": ["finance", "housing", "evaluator", "auditor"],
  /** Build and version questionnaires (满意度问卷). */
  "survey.design": ["finance", "evaluator"],
  /** Run a task's survey: sampling, QR sheets, paper entry and import, review (an evaluator of the task's organisation). */
  "survey.conduct": ["finance", "evaluator"],
  /** 项目库 and 绩效目标: projects, contents, funding mix, targets with their actuals. */
  "projects.read": ALL_READERS,
  /** Edit projects and attachments, import projects and contents (a county only its own). */
  "projects.write": ["finance", "housing", "county"],
  /** 小区库: the community registry, the multi-year goal and 长效管养; utilities share it (seed 七(二)). */
  "communities.read": [...ALL_READERS, "utility"],
  /** Import the community registry (a county only its own communities). */
  "communities.write": ["finance", "housing", "county"],
  /** Set the city's and the counties' 绩效目标. */
  "targets.write": ["finance", "housing"],
  /** 双监控: the board, a county's trend and its lagging projects. */
  "monitoring.read": ALL_READERS,
  /** Report progress and record why an item lags (a county for its own projects). */
  "monitoring.report": ["finance", "housing", "county"],
  /** Monitoring windows and yellow / red thresholds. */
  "monitoring.configure": ["finance", "housing"],
  /**
   * 评价报告: read a task's report (preview, downloads). Services narrow it like the task itself; a
   * county reads the report once the task is final (a draft names every county's score).
   */
  "report.read": ALL_READERS,
  /** Edit the report's paragraphs: the task's evaluator and finance, until the task is final. */
  "report.edit": ["finance", "evaluator"],
  /** 勾稽校验 of an uploaded report file. */
  "report.check": ALL_READERS,
  /** Edit the drafting rules (起草规则) of chapters 五–七. */
  "report.rules": ["finance"],
  /** 行政区划: add regions by hand, from the national list or a workbook; rename, retire (within one's own subtree). */
  "regions.manage": ["admin", "finance"],
  /** 资金来源 and 资金项目 (programmes with their template, contents and monitoring defaults). */
  "programmes.manage": ["finance"],
  /** 资金年度: create, start the next year, close and reopen (with a reason). */
  "fundyears.manage": ["finance"],
  /**
   * 结果应用 — 问题与整改台账: read findings and rectification items. Services narrow it: a county sees
   * the items it owns (and their findings), an evaluator the findings of its organisation's tasks.
   */
  "rectification.read": ALL_READERS,
  /** Record, edit and delete a task's findings (问题): the task's evaluator and finance, until the task is final. */
  "findings.write": ["finance", "evaluator"],
  /** Turn a finding into rectification items (owner, deadline, measures) and edit them. */
  "rectification.assign": ["finance", "housing", "evaluator"],
  /** Work an item: start, upload evidence, submit (a county its own items; 住建 / 财政 the department's). */
  "rectification.work": ["finance", "housing", "county"],
  /** Verify a submitted item (已验收 / 退回 with a reason). */
  "rectification.verify": ["finance", "housing"],
  /** 因素法 allocation: read plans, schemes, coefficients and the money each score moved. */
  "allocation.read": ["finance", "housing", "auditor"],
  /** Compute and save plans, edit schemes, coefficients and the 核减 rule, export the draft 下达 batch. */
  "allocation.manage": ["finance"],
  /** 专营单位施工计划 and 反复开挖 conflicts: an operator its own works and the conflicts it is party of; the city its region, a county its county. */
  "works.read": ["finance", "housing", "county", "auditor", "utility"],
  /** Register and edit planned works (an operator only its own organisation's). */
  "works.write": ["utility"],
  /** 住建 confirms a joint excavation window (联合施工窗口). */
  "works.coordinate": ["housing"],
  /** A party acknowledges a confirmed joint window: each operator, and 住建 for the renovation. */
  "works.acknowledge": ["housing", "utility"],
  /** 专营设施产权移交: record a community's handover of each facility kind (a county only its own communities). */
  "works.handover": ["housing", "county"],
  /** One's own in-app notifications (消息): every signed-in account. */
  "notifications.own": ["admin", "finance", "housing", "county", "evaluator", "utility", "auditor"],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

/** Whether a password set at `changedAt` is older than `maxAgeDays` at `now` (等保: 口令定期更换). */
export function passwordExpired(changedAt: Date, now: Date, maxAgeDays: number): boolean {
  return now.getTime() - changedAt.getTime() > maxAgeDays * 86_400_000;
}

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.role === "system") return true;
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.role);
}

/** The county an actor is confined to, or null for city-wide roles. */
export function countyScope(actor: Actor): number | null {
  return actor.role === "county" ? actor.countyId : null;
}

/** True when a region (by its path) lies in the actor's subtree. */
export function regionInScope(actor: Actor, path: string): boolean {
  return actor.regionPath === null || path.startsWith(actor.regionPath);
}

/** The path of a region's parent ("/1/2/3/" → "/1/2/"), or null for a root. */
export function parentPath(path: string): string | null {
  const cut = path.slice(0, -1).lastIndexOf("/");
  return cut <= 0 ? null : path.slice(0, cut + 1);
}

/**
 * Whether the actor may open a fund year of the region at `path`: one of their subtree (a province
 * user opens its cities' years), or, for a 县区 user, their city's year, which they see narrowed to
 * their own county.
 */
export function canSeeFundYear(actor: Actor, path: string): boolean {
  if (regionInScope(actor, path)) return true;
  return actor.role === "county" && actor.regionPath !== null && parentPath(actor.regionPath) === path;
}

/** True when the actor may see or change data of this county. */
export function canSeeCounty(actor: Actor, countyId: number): boolean {
  const scope = countyScope(actor);
  return scope === null || scope === countyId;
}

export const SYSTEM_ACTOR: Actor = {
  userId: 0,
  username: "system",
  displayName: "命令行",
  role: "system",
  countyId: null,
  regionId: null,
  regionPath: null,
  organisation: null,
};

/** 等保2.0 password rule: at least 8 characters from at least three of four classes, not the user name. */
export const PASSWORD_MIN_LENGTH = 8;
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`长度至少 ${PASSWORD_MIN_LENGTH} 位`);
  if (password.length > 128) problems.push("长度不超过 128 位");
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) problems.push("须包含大写字母、小写字母、数字、符号中的至少三类");
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push("不能包含用户名");
  return problems;
}
