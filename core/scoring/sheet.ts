/**
 * A score sheet (评分表): one scope (the city or a county) scored against an indicator tree. Leaves are
 * rounded to the hundredth by their rule; every parent is the sum of its rounded children, so every
 * table adds up exactly (seed Table 1: 19.09 + 16.22 + 41.66 + 13.05 = 90.02).
 */
import { ratioBasisPoints } from "../money";
import { capGrade, gradeOf, type GradeScale } from "./grades";
import { formatPoints, type Centi } from "./points";
import { scoreLeaf, type LeafFacts, type LeafScore } from "./rules";
import { isLeaf, type IndicatorNode, type IndicatorTree } from "./template";

export interface AdjustmentFacts {
  /** Points entered by the evaluator (items without a per-occurrence value). */
  points?: Centi | null;
  /** Occurrences (items with a per-occurrence value). */
  count?: number | null;
}

export interface SheetInput {
  /** Facts of each leaf by code; a leaf without facts is missing. */
  leaves: ReadonlyMap<string, LeafFacts>;
  adjustments?: ReadonlyMap<string, AdjustmentFacts>;
  /** Veto items that are triggered. */
  vetoes?: ReadonlySet<string>;
}

export interface NodeScore {
  code: string;
  name: string;
  level: number;
  weight: Centi;
  /** Sum of the children (missing leaves count 0 until scored). */
  score: Centi;
  /** 得分率 = score ÷ weight in basis points. */
  rateBp: number | null;
  /** weight − score. */
  lost: Centi;
  /** Every leaf below is scored. */
  complete: boolean;
  children: NodeScore[];
  /** Leaves only. */
  leaf: LeafScore | null;
}

export interface AdjustmentScore {
  code: string;
  name: string;
  kind: "bonus" | "penalty";
  max: Centi;
  points: Centi;
}

export interface SheetScore {
  nodes: NodeScore[];
  /** Sum of level 1 (the 100). */
  treeWeight: Centi;
  treeScore: Centi;
  adjustments: AdjustmentScore[];
  bonus: Centi;
  penalty: Centi;
  /** treeScore + bonus − penalty, within [0, totalCap]. */
  total: Centi;
  /** total ÷ treeWeight. */
  rateBp: number | null;
  /** The grade of the total by the scale. */
  gradeByScore: string;
  /** After any veto cap. */
  grade: string;
  vetoed: { code: string; name: string }[];
  complete: boolean;
  missing: { code: string; name: string; reason: string }[];
}

function scoreNode(n: IndicatorNode, level: number, input: SheetInput, missing: SheetScore["missing"]): NodeScore {
  if (isLeaf(n)) {
    const leaf = scoreLeaf(n.rule ?? { kind: "manual" }, n.weight, input.leaves.get(n.code) ?? {}, n.unit);
    if (leaf.score === null) missing.push({ code: n.code, name: n.name, reason: leaf.missing ?? "缺少数据" });
    const score = leaf.score ?? 0;
    return {
      code: n.code,
      name: n.name,
      level,
      weight: n.weight,
      score,
      rateBp: ratioBasisPoints(score, n.weight),
      lost: n.weight - score,
      complete: leaf.score !== null,
      children: [],
      leaf,
    };
  }
  const children = n.children!.map((c) => scoreNode(c, level + 1, input, missing));
  const score = children.reduce((a, c) => a + c.score, 0);
  return {
    code: n.code,
    name: n.name,
    level,
    weight: n.weight,
    score,
    rateBp: ratioBasisPoints(score, n.weight),
    lost: n.weight - score,
    complete: children.every((c) => c.complete),
    children,
    leaf: null,
  };
}

/** Scores a sheet: leaves by their rules, parents as sums, then bonus, penalty, cap, grade and veto. */
export function computeSheet(tree: IndicatorTree, input: SheetInput, scale: GradeScale): SheetScore {
  const missing: SheetScore["missing"] = [];
  const nodes = tree.nodes.map((n) => scoreNode(n, 1, input, missing));
  const treeWeight = nodes.reduce((a, n) => a + n.weight, 0);
  const treeScore = nodes.reduce((a, n) => a + n.score, 0);
  const adjustments = tree.adjustments.map((a): AdjustmentScore => {
    const f = input.adjustments?.get(a.code) ?? {};
    const raw = a.perOccurrence !== null ? Math.max(0, f.count ?? 0) * a.perOccurrence : Math.max(0, f.points ?? 0);
    return { code: a.code, name: a.name, kind: a.kind, max: a.max, points: Math.min(a.max, raw) };
  });
  const bonus = adjustments.filter((a) => a.kind === "bonus").reduce((s, a) => s + a.points, 0);
  const penalty = adjustments.filter((a) => a.kind === "penalty").reduce((s, a) => s + a.points, 0);
  let total = Math.max(0, treeScore + bonus - penalty);
  if (tree.totalCap !== null) total = Math.min(total, tree.totalCap);
  const gradeByScore = gradeOf(scale, total);
  const vetoed = tree.vetoes.filter((v) => input.vetoes?.has(v.code)).map((v) => ({ code: v.code, name: v.name }));
  let grade = gradeByScore;
  for (const v of tree.vetoes) if (input.vetoes?.has(v.code)) grade = capGrade(scale, grade, v.capGrade ?? scale.vetoGrade);
  return {
    nodes,
    treeWeight,
    treeScore,
    adjustments,
    bonus,
    penalty,
    total,
    rateBp: ratioBasisPoints(total, treeWeight),
    gradeByScore,
    grade,
    vetoed,
    complete: missing.length === 0,
    missing,
  };
}

/** Every scored node flattened in display order. */
export function flattenScores(nodes: NodeScore[]): NodeScore[] {
  const out: NodeScore[] = [];
  const walk = (list: NodeScore[]) => {
    for (const n of list) {
      out.push(n);
      walk(n.children);
    }
  };
  walk(nodes);
  return out;
}

export interface LostPoints {
  code: string;
  /** 决策 › 资金投入 › 预算编制科学性 */
  path: string[];
  weight: Centi;
  score: Centi;
  lost: Centi;
  /** How the rule scored it. */
  formula: string;
}

/** Where the points were lost: every leaf below full marks, most points first. */
export function lostPoints(sheet: SheetScore): LostPoints[] {
  const out: LostPoints[] = [];
  const walk = (list: NodeScore[], path: string[]) => {
    for (const n of list) {
      const p = [...path, n.name];
      if (n.leaf) {
        if (n.lost > 0) out.push({ code: n.code, path: p, weight: n.weight, score: n.score, lost: n.lost, formula: n.leaf.formula || n.leaf.missing || "" });
      } else walk(n.children, p);
    }
  };
  walk(sheet.nodes, []);
  return out.sort((a, b) => b.lost - a.lost || a.path.join().localeCompare(b.path.join()));
}

/**
 * What-if: the same sheet with some leaves' facts replaced (e.g. 预算执行率 at 95%), computed by the
 * same rules. Returns the new sheet and the change of the total; nothing is stored.
 */
export function whatIf(
  tree: IndicatorTree,
  input: SheetInput,
  scale: GradeScale,
  changes: ReadonlyMap<string, LeafFacts>,
): { before: SheetScore; after: SheetScore; delta: Centi } {
  const before = computeSheet(tree, input, scale);
  const leaves = new Map(input.leaves);
  for (const [code, facts] of changes) leaves.set(code, { ...leaves.get(code), ...facts, override: facts.override ?? null });
  const after = computeSheet(tree, { ...input, leaves }, scale);
  return { before, after, delta: after.total - before.total };
}

/** "90.02 分（优）" */
export function describeTotal(sheet: SheetScore): string {
  return `${formatPoints(sheet.total)} 分（${sheet.grade}）`;
}
