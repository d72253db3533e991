import type { GradeScaleRecord, ScopeResult, ScopeSummary, TaskSummary, TemplateSummary } from "../../../contracts/evaluations";
import { describeGradeScale, type GradeScale } from "../../../core/scoring/grades";
import { hasErrors, leavesOf, templateProblems, type IndicatorTree } from "../../../core/scoring/template";
import { METRIC_KEYS } from "./metrics";
import type { ScopeRow, TaskRow, TemplateRow } from "./repository";
import { leafViews, type ScoredNode, type ScoredSheet, type SheetBody } from "./sheets";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentTask(r: { task: TaskRow["task"]; year: number; isDemo: boolean }): TaskSummary {
  const t = r.task;
  return {
    id: t.id,
    fundYearId: t.fundYearId,
    year: r.year,
    name: t.name,
    state: t.state,
    asOf: t.asOf,
    evaluatorOrg: t.evaluatorOrg,
    overallMethod: t.overallMethod,
    templateId: t.templateId,
    templateName: t.templateName,
    templateVersion: t.templateVersion,
    gradeScaleName: (t.gradeScale as GradeScale).name,
    createdAt: t.createdAt.toISOString(),
    finalizedAt: iso(t.finalizedAt),
    finalizedBy: t.finalizedBy,
    isDemo: r.isDemo,
    version: t.version,
  };
}

export function presentScope(s: ScopeRow, body: SheetBody): ScopeSummary {
  const threads = new Map<string, string>();
  for (const l of leafViews(body)) for (const c of l.node.leaf!.comments) threads.set(c.code, c.side);
  for (const item of [...body.adjustments, ...body.vetoes]) for (const c of item.comments) threads.set(c.code, c.side);
  return {
    id: s.scope.id,
    regionId: s.scope.regionId,
    countyId: s.scope.countyId,
    name: s.name,
    kind: s.scope.countyId === null ? "city" : "county",
    mode: s.scope.mode,
    total: body.total,
    rateBp: body.rateBp,
    grade: body.grade,
    complete: body.complete,
    missingCount: body.missing.length,
    threads: threads.size,
    awaitingAnswer: [...threads.values()].filter((side) => side === "county").length,
  };
}

/** The leaves that lost points, with the names of the nodes above them (the path built only for those). */
function lostLeaves(nodes: ScoredNode[], above: string[] = [], out: { path: string[]; node: ScoredNode }[] = []) {
  for (const n of nodes) {
    if (n.leaf) {
      if (n.lost > 0) out.push({ path: [...above, n.name], node: n });
    } else lostLeaves(n.children, [...above, n.name], out);
  }
  return out;
}

/** A scope's line of the results: level 1 and 2 and where the points were lost. */
export function presentScopeResult(s: ScopeRow, body: ScoredSheet, rank: number | null): ScopeResult {
  return {
    scopeId: s.scope.id,
    regionId: s.scope.regionId,
    name: s.name,
    kind: s.scope.countyId === null ? "city" : "county",
    mode: s.scope.mode,
    total: body.total,
    rateBp: body.rateBp,
    grade: body.grade,
    complete: body.complete,
    rank,
    level1: body.nodes.map((n) => ({ code: n.code, name: n.name, weight: n.weight, score: n.score, rateBp: n.rateBp })),
    level2: body.nodes.flatMap((n) => n.children.map((c) => ({ parentCode: n.code, code: c.code, name: c.name, weight: c.weight, score: c.score, rateBp: c.rateBp }))),
    lost: lostLeaves(body.nodes)
      .map((l) => ({
        code: l.node.code,
        path: l.path,
        weight: l.node.weight,
        score: l.node.score,
        lost: l.node.lost,
        formula: l.node.leaf!.formula || l.node.leaf!.missing || "",
        reason: l.node.leaf!.reason,
        figures: l.node.leaf!.figures,
      }))
      .sort((a, b) => b.lost - a.lost),
  };
}

export function presentTemplateSummary(r: TemplateRow, usedBy: number): TemplateSummary {
  const tree = r.tree as IndicatorTree;
  const problems = templateProblems(tree, { metricKeys: METRIC_KEYS });
  return {
    id: r.id,
    code: r.code,
    version: r.version,
    name: r.name,
    status: r.status,
    evaluationType: tree.evaluationType,
    leafCount: leavesOf(tree.nodes).length,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    publishedAt: iso(r.publishedAt),
    revision: r.revision,
    usedBy,
    errorCount: hasErrors(problems) ? problems.filter((p) => p.level === "error").length : 0,
  };
}

export function presentGradeScale(r: { id: number; code: string; builtIn: boolean; definition: unknown; version: number }, usedBy: number): GradeScaleRecord {
  const definition = r.definition as GradeScale;
  return { id: r.id, code: r.code, builtIn: r.builtIn, definition, description: describeGradeScale(definition), usedBy, version: r.version };
}
