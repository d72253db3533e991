/**
 * Score sheets of a task. Before finalisation a sheet is a live preview: the metrics are computed
 * from current data as of the task's 评价日 and combined with the evaluator's entries by the core
 * rules. A final task reads the sheets stored at finalisation, so nothing later can change them.
 */
import type { DbOrTx } from "../../../db/open";
import type { Comment, Evidence, LeafView, Sheet, SheetNodeView } from "../../../contracts/evaluations";
import { computeSheet, type NodeScore, type SheetInput, type SheetScore } from "../../../core/scoring/sheet";
import { describeRule, RULE_LABEL, type LeafFacts } from "../../../core/scoring/rules";
import { allNodes, isLeaf, leavesOf, type IndicatorNode, type IndicatorTree } from "../../../core/scoring/template";
import type { GradeScale } from "../../../core/scoring/grades";
import { formatBasisPoints, ratioBasisPoints } from "../../../core/money";
import { computeMetrics, METRICS, type Figure, type MetricResult } from "./metrics";
import * as repo from "./repository";

/** A sheet without the task, scope and permissions around it: what is stored at finalisation. */
export type SheetBody = Omit<Sheet, "task" | "scope" | "can">;

export interface TaskData {
  row: repo.TaskRow;
  tree: IndicatorTree;
  scale: GradeScale;
  scopes: repo.ScopeRow[];
  entries: repo.EntryRow[];
  evidence: repo.EvidenceRow[];
  comments: repo.CommentRow[];
  /** Loads shared by the computations on this data (metrics, results weights): see MetricContext.cache. */
  cache: Map<string, Promise<unknown>>;
}

/**
 * Loads a task with its scopes (optionally only some), and those scopes' entries, evidence list and
 * replies — only theirs. `allScopes`: the task's scopes when the caller has them already.
 */
export async function loadTaskData(db: DbOrTx, row: repo.TaskRow, onlyScopeIds?: number[], allScopes?: repo.ScopeRow[]): Promise<TaskData> {
  let scopes = allScopes ?? (await repo.listScopes(db, row.task.id));
  if (onlyScopeIds) {
    const only = new Set(onlyScopeIds);
    scopes = scopes.filter((s) => only.has(s.scope.id));
  }
  const ids = scopes.map((s) => s.scope.id);
  // One after another: the handle may be a transaction.
  const entries = await repo.listEntries(db, ids);
  const evidence = await repo.listEvidence(db, ids);
  const comments = await repo.listComments(db, ids);
  return { row, tree: row.task.tree as IndicatorTree, scale: row.task.gradeScale as GradeScale, scopes, entries, evidence, comments, cache: new Map() };
}

/** Rows grouped by their scope, once for a whole computation. */
function byScope<T extends { scopeId: number }>(rows: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(r.scopeId);
    if (list) list.push(r);
    else out.set(r.scopeId, [r]);
  }
  return out;
}

/** Rows grouped by their code. */
function byCode<T extends { code: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.code);
    if (list) list.push(r);
    else out.set(r.code, [r]);
  }
  return out;
}

/** One scope's entries, evidence and replies. */
interface ScopeRows {
  entries: Map<string, repo.EntryRow>;
  evidence: Map<string, repo.EvidenceRow[]>;
  comments: Map<string, repo.CommentRow[]>;
}

const iso = (d: Date | string) => (typeof d === "string" ? d : d.toISOString());
const n = (x: number) => x.toLocaleString("en-US");

export function presentEvidence(e: repo.EvidenceRow): Evidence {
  return {
    id: e.id,
    code: e.code,
    fileName: e.fileName,
    mimeType: e.mimeType,
    sizeBytes: e.sizeBytes,
    side: e.side,
    uploadedByName: e.uploadedByName,
    uploadedAt: iso(e.uploadedAt),
  };
}

export function presentComment(c: repo.CommentRow): Comment {
  return { id: c.id, code: c.code, side: c.side, authorName: c.authorName, body: c.body, createdAt: iso(c.createdAt) };
}

/** How a leaf's figure is obtained, in words. */
export function sourceText(node: IndicatorNode): string {
  const s = node.source ?? { kind: "manual" as const };
  if (s.kind === "metric") {
    const m = METRICS.get(s.metric);
    return m ? `系统计算 · ${m.source} · ${m.label}` : `系统计算 · ${s.metric}（未知指标）`;
  }
  if (s.kind === "input") return `评价人员录入 · ${s.label}`;
  return "评价人员打分";
}

/** The entered figures of a leaf, as the evaluator typed them. */
function inputFigures(node: IndicatorNode, v: { num: number; den: number }): Figure[] {
  const rule = node.rule!;
  const unit = node.unit && node.unit !== "%" ? ` ${node.unit}` : "";
  if (rule.kind === "deduction") return [{ label: "发现问题", text: `${n(v.num)}${unit || " 处"}` }];
  if (rule.kind === "survey") {
    return [
      { label: "满意（含基本满意）", text: `${n(v.num)} 份` },
      { label: "有效问卷", text: `${n(v.den)} 份` },
      { label: "满意率", text: formatBasisPoints(ratioBasisPoints(v.num, v.den)) },
    ];
  }
  if (rule.kind === "ratio") {
    return [
      { label: "实际值", text: `${n(v.num)}${unit}` },
      { label: "目标值", text: `${n(v.den)}${unit}` },
    ];
  }
  return [{ label: "数值", text: node.unit === "%" ? formatBasisPoints(ratioBasisPoints(v.num, v.den)) : `${n(v.num)}${v.den === 1 ? "" : ` ÷ ${n(v.den)}`}${unit}` }];
}

interface ScopeFacts {
  input: SheetInput;
  figures: Map<string, Figure[]>;
}

function factsOf(tree: IndicatorTree, byCode: Map<string, repo.EntryRow>, metrics: Map<string, Map<number, MetricResult | null>>, scopeId: number): ScopeFacts {
  const leaves = new Map<string, LeafFacts>();
  const figures = new Map<string, Figure[]>();
  for (const { node } of leavesOf(tree.nodes)) {
    const e = byCode.get(node.code);
    const src = node.source ?? { kind: "manual" as const };
    const f: LeafFacts = { override: e?.overrideScore ?? null };
    if (src.kind === "metric") {
      const m = metrics.get(src.metric)?.get(scopeId) ?? null;
      f.value = m?.value ?? null;
      figures.set(node.code, m?.figures ?? []);
    } else if (src.kind === "input") {
      const value = e && e.valueNum !== null && e.valueDen !== null ? { num: Number(e.valueNum), den: Number(e.valueDen) } : null;
      f.value = value;
      figures.set(node.code, value ? inputFigures(node, value) : []);
    } else f.manual = e?.manualScore ?? null;
    leaves.set(node.code, f);
  }
  const adjustments = new Map(
    tree.adjustments.map((a) => {
      const e = byCode.get(a.code);
      return [a.code, { points: e?.manualScore ?? null, count: e?.valueNum !== null && e?.valueNum !== undefined ? Number(e.valueNum) : null }];
    }),
  );
  const vetoes = new Set(tree.vetoes.filter((v) => byCode.get(v.code)?.triggered).map((v) => v.code));
  return { input: { leaves, adjustments, vetoes }, figures };
}

/** What a leaf's view shows of its node alone, the same on every scope's sheet: worded once per computation. */
type LeafText = Pick<LeafView, "rule" | "ruleText" | "source" | "sourceText" | "unit" | "standard" | "explanation">;

function leafTexts(tree: IndicatorTree): Map<string, LeafText> {
  return new Map(
    allNodes(tree.nodes).map(({ node }) => {
      const rule = node.rule ?? { kind: "manual" as const };
      return [
        node.code,
        {
          rule,
          ruleText: `${RULE_LABEL[rule.kind]}：${describeRule(rule, node.weight, node.unit)}`,
          source: node.source ?? { kind: "manual" },
          sourceText: sourceText(node),
          unit: node.unit ?? null,
          standard: node.standard ?? null,
          explanation: node.explanation ?? null,
        },
      ];
    }),
  );
}

const NONE: never[] = [];

function bodyOf(data: TaskData, rows: ScopeRows, texts: Map<string, LeafText>, sheet: SheetScore, facts: ScopeFacts, computedAt: string): SheetBody {
  const entries = rows.entries;
  const evidenceOf = (code: string) => rows.evidence.get(code)?.map(presentEvidence) ?? [];
  const commentsOf = (code: string) => rows.comments.get(code)?.map(presentComment) ?? [];

  const view = (s: NodeScore): SheetNodeView => {
    let leaf: LeafView | null = null;
    if (s.leaf) {
      const e = entries.get(s.code);
      const f = facts.input.leaves.get(s.code) ?? {};
      const t = texts.get(s.code)!;
      leaf = {
        rule: t.rule,
        ruleText: t.ruleText,
        source: t.source,
        sourceText: t.sourceText,
        unit: t.unit,
        standard: t.standard,
        explanation: t.explanation,
        value: f.value ?? null,
        figures: facts.figures.get(s.code) ?? [],
        score: s.leaf.score,
        ruleScore: s.leaf.ruleScore,
        rateBp: s.leaf.rateBp,
        formula: s.leaf.formula,
        missing: s.leaf.missing,
        manualScore: e?.manualScore ?? null,
        overrideScore: e?.overrideScore ?? null,
        reason: e?.reason ?? null,
        note: e?.note ?? null,
        updatedByName: e?.updatedByName ?? null,
        updatedAt: e ? iso(e.updatedAt) : null,
        version: e?.version ?? 0,
        evidence: evidenceOf(s.code),
        comments: commentsOf(s.code),
      };
    }
    return { code: s.code, name: s.name, level: s.level, weight: s.weight, score: s.score, rateBp: s.rateBp, lost: s.lost, complete: s.complete, children: s.children.map(view), leaf };
  };

  return {
    live: true,
    computedAt,
    nodes: sheet.nodes.map(view),
    adjustments: data.tree.adjustments.map((a) => {
      const e = entries.get(a.code);
      const scored = sheet.adjustments.find((x) => x.code === a.code)!;
      return {
        code: a.code,
        name: a.name,
        kind: a.kind,
        max: a.max,
        perOccurrence: a.perOccurrence,
        standard: a.standard ?? null,
        points: scored.points,
        count: a.perOccurrence !== null && e?.valueNum != null ? Number(e.valueNum) : null,
        reason: e?.reason ?? null,
        updatedByName: e?.updatedByName ?? null,
        version: e?.version ?? 0,
        evidence: evidenceOf(a.code),
        comments: commentsOf(a.code),
      };
    }),
    vetoes: data.tree.vetoes.map((v) => {
      const e = entries.get(v.code);
      return {
        code: v.code,
        name: v.name,
        standard: v.standard ?? null,
        capGrade: v.capGrade,
        triggered: !!e?.triggered,
        reason: e?.reason ?? null,
        updatedByName: e?.updatedByName ?? null,
        version: e?.version ?? 0,
        evidence: evidenceOf(v.code),
        comments: commentsOf(v.code),
      };
    }),
    treeWeight: sheet.treeWeight,
    treeScore: sheet.treeScore,
    bonus: sheet.bonus,
    penalty: sheet.penalty,
    total: sheet.total,
    rateBp: sheet.rateBp,
    gradeByScore: sheet.gradeByScore,
    grade: sheet.grade,
    complete: sheet.complete,
    missing: sheet.missing,
  };
}

/** Metric keys a tree binds to. */
export function metricKeysOf(tree: IndicatorTree): string[] {
  return leavesOf(tree.nodes)
    .map((l) => l.node.source)
    .filter((s): s is { kind: "metric"; metric: string } => s?.kind === "metric")
    .map((s) => s.metric);
}

/** Each loaded scope scored now from current data, handed to `build` with its rows and facts. */
async function scoreScopes<T>(
  db: DbOrTx,
  data: TaskData,
  build: (rows: ScopeRows, sheet: SheetScore, facts: ScopeFacts) => T,
): Promise<Map<number, T>> {
  const scopes = data.scopes.map((s) => ({ scopeId: s.scope.id, countyId: s.scope.countyId }));
  const metrics = await computeMetrics(
    { db, fundYearId: data.row.task.fundYearId, taskId: data.row.task.id, asOf: data.row.task.asOf, cache: data.cache },
    metricKeysOf(data.tree),
    scopes,
  );
  const entries = byScope(data.entries);
  const evidence = byScope(data.evidence);
  const comments = byScope(data.comments);
  const out = new Map<number, T>();
  for (const s of data.scopes) {
    const id = s.scope.id;
    const rows: ScopeRows = {
      entries: new Map((entries.get(id) ?? NONE).map((e) => [e.code, e])),
      evidence: byCode(evidence.get(id) ?? NONE),
      comments: byCode(comments.get(id) ?? NONE),
    };
    const facts = factsOf(data.tree, rows.entries, metrics, id);
    out.set(id, build(rows, computeSheet(data.tree, facts.input, data.scale), facts));
  }
  return out;
}

/** Live sheets of the task's loaded scopes, computed now from current data. */
export function liveSheets(db: DbOrTx, data: TaskData): Promise<Map<number, SheetBody>> {
  const now = new Date().toISOString();
  const texts = leafTexts(data.tree);
  return scoreScopes(db, data, (rows, sheet, facts) => bodyOf(data, rows, texts, sheet, facts, now));
}

/** The sheets to show: stored ones for a final task, live ones otherwise. */
export async function sheetsOf(db: DbOrTx, data: TaskData): Promise<Map<number, SheetBody>> {
  if (data.row.task.state !== "final") return liveSheets(db, data);
  const out = new Map<number, SheetBody>();
  for (const s of data.scopes) {
    const stored = s.scope.finalSheet as SheetBody | null;
    if (stored) out.set(s.scope.id, { ...stored, live: false });
  }
  return out;
}

/** A node as the results read it; a SheetNodeView is one. */
export interface ScoredNode {
  code: string;
  name: string;
  weight: SheetNodeView["weight"];
  score: SheetNodeView["score"];
  rateBp: SheetNodeView["rateBp"];
  lost: SheetNodeView["lost"];
  children: ScoredNode[];
  leaf: Pick<LeafView, "formula" | "missing" | "reason" | "figures"> | null;
}

/** What the results read of a sheet (scores, grade and where points were lost); a SheetBody is one. */
export interface ScoredSheet extends Pick<SheetBody, "total" | "rateBp" | "grade" | "complete"> {
  nodes: ScoredNode[];
}

/**
 * The results' view of each scope's sheet: the same scores as `sheetsOf`, without the evidence,
 * replies, rule wording and entry details of every leaf that only a sheet page shows (at national
 * scale, 2,851 sheets of some 40 nodes each). Stored sheets for a final task.
 */
export async function scoredSheetsOf(db: DbOrTx, data: TaskData): Promise<Map<number, ScoredSheet>> {
  if (data.row.task.state === "final") return sheetsOf(db, data);
  return scoreScopes(db, data, (rows, sheet, facts) => {
    const node = (n: NodeScore): ScoredNode => ({
      code: n.code,
      name: n.name,
      weight: n.weight,
      score: n.score,
      rateBp: n.rateBp,
      lost: n.lost,
      children: n.children.map(node),
      leaf: n.leaf
        ? { formula: n.leaf.formula, missing: n.leaf.missing, reason: rows.entries.get(n.code)?.reason ?? null, figures: facts.figures.get(n.code) ?? NONE }
        : null,
    });
    return { total: sheet.total, rateBp: sheet.rateBp, grade: sheet.grade, complete: sheet.complete, nodes: sheet.nodes.map(node) };
  });
}

/** Rebuilds the rule inputs from a presented sheet (live or stored), for what-if. */
export function inputOfBody(body: SheetBody): SheetInput {
  const leaves = new Map<string, LeafFacts>();
  const walk = (list: SheetNodeView[]) => {
    for (const v of list) {
      if (v.leaf) leaves.set(v.code, { value: v.leaf.value, manual: v.leaf.manualScore, override: v.leaf.overrideScore });
      else walk(v.children);
    }
  };
  walk(body.nodes);
  const adjustments = new Map(body.adjustments.map((a) => [a.code, a.perOccurrence !== null ? { count: a.count } : { points: a.points }]));
  const vetoes = new Set(body.vetoes.filter((v) => v.triggered).map((v) => v.code));
  return { leaves, adjustments, vetoes };
}

/** Finds a leaf, bonus/penalty item or veto item of a tree by code. */
export function itemOf(tree: IndicatorTree, code: string) {
  const node = allNodes(tree.nodes).find((x) => x.node.code === code)?.node;
  if (node) return isLeaf(node) ? { kind: "leaf" as const, node } : { kind: "node" as const, node };
  const adjustment = tree.adjustments.find((a) => a.code === code);
  if (adjustment) return { kind: "adjustment" as const, adjustment };
  const veto = tree.vetoes.find((v) => v.code === code);
  if (veto) return { kind: "veto" as const, veto };
  return null;
}

/** Leaves of a sheet body with their paths, for explanations and exports. */
export function leafViews(body: SheetBody): { path: string[]; node: SheetNodeView }[] {
  const out: { path: string[]; node: SheetNodeView }[] = [];
  const walk = (list: SheetNodeView[], path: string[]) => {
    for (const v of list) {
      const p = [...path, v.name];
      if (v.leaf) out.push({ path: p, node: v });
      else walk(v.children, p);
    }
  };
  walk(body.nodes, []);
  return out;
}
