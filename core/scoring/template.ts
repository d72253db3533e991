/**
 * The indicator tree (指标体系): level 1 → 2 → 3 with weights and a scoring rule on each leaf, plus
 * bonus and penalty items outside the 100 (加分项 / 扣分项) and veto items (一票否决). Pure data: a
 * template stores it, an evaluation task copies it, the sheet scores against the copy.
 */
import { formatPoints, type Centi } from "./points";
import { ruleProblems, type Rule } from "./rules";

export const EVALUATION_TYPES = ["财政评价", "部门评价", "单位自评", "其他"] as const;
export type EvaluationType = (typeof EVALUATION_TYPES)[number];

export const DIMENSIONS = ["决策", "过程", "产出", "效益", "其他"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Where a leaf's figure comes from. */
export type LeafSource =
  /** Computed by the system from its records as of the 评价日 (a key of the metric registry). */
  | { kind: "metric"; metric: string }
  /** Figures entered by the evaluator with evidence; `label` names their origin, e.g. 问卷汇总. */
  | { kind: "input"; label: string }
  /** The evaluator scores directly (manual rule). */
  | { kind: "manual" };

export interface IndicatorNode {
  /** Stable within a template and across its versions: sheets, replies and evidence refer to it. */
  code: string;
  name: string;
  /** 分值, in hundredths of a point. */
  weight: Centi;
  /** Level-1 only: which part of the 10号 framework it is (for the 产出 + 效益 ≥ 60 check). */
  dimension?: Dimension;
  /** 指标解释. */
  explanation?: string;
  /** 评分标准, as the evaluator reads it. */
  standard?: string;
  /** Unit of the value a leaf reads ("%", "个", "户" …), for display and bands. */
  unit?: string;
  /** Leaves only. */
  rule?: Rule;
  /** Leaves only. */
  source?: LeafSource;
  children?: IndicatorNode[];
}

/** 加分项 / 扣分项: outside the 100, up to `max`. */
export interface AdjustmentItem {
  code: string;
  name: string;
  kind: "bonus" | "penalty";
  max: Centi;
  /** Points per occurrence (the evaluator enters a count); null: the evaluator enters the points. */
  perOccurrence: Centi | null;
  standard?: string;
}

/** 一票否决: when triggered, the grade is capped (the score stays as computed). */
export interface VetoItem {
  code: string;
  name: string;
  standard?: string;
  /** The best grade allowed when triggered; null: the grade scale's veto grade. */
  capGrade: string | null;
}

export interface IndicatorTree {
  evaluationType: EvaluationType;
  nodes: IndicatorNode[];
  adjustments: AdjustmentItem[];
  vetoes: VetoItem[];
  /** The total after bonus and penalty never exceeds this; null: no cap. */
  totalCap: Centi | null;
}

export const MAX_LEVELS = 3;

export function isLeaf(n: IndicatorNode): boolean {
  return !n.children || n.children.length === 0;
}

export interface LeafRef {
  node: IndicatorNode;
  /** Names from level 1 down to the leaf. */
  path: IndicatorNode[];
  level: number;
}

/** Every leaf in display order, with its path. */
export function leavesOf(nodes: IndicatorNode[]): LeafRef[] {
  const out: LeafRef[] = [];
  const walk = (list: IndicatorNode[], path: IndicatorNode[]) => {
    for (const n of list) {
      const p = [...path, n];
      if (isLeaf(n)) out.push({ node: n, path: p, level: p.length });
      else walk(n.children!, p);
    }
  };
  walk(nodes, []);
  return out;
}

/** Every node in display order (parents before children). */
export function allNodes(nodes: IndicatorNode[]): { node: IndicatorNode; level: number; parent: IndicatorNode | null }[] {
  const out: { node: IndicatorNode; level: number; parent: IndicatorNode | null }[] = [];
  const walk = (list: IndicatorNode[], level: number, parent: IndicatorNode | null) => {
    for (const n of list) {
      out.push({ node: n, level, parent });
      if (n.children) walk(n.children, level + 1, n);
    }
  };
  walk(nodes, 1, null);
  return out;
}

export function findNode(nodes: IndicatorNode[], code: string): IndicatorNode | null {
  return allNodes(nodes).find((x) => x.node.code === code)?.node ?? null;
}

export function sumWeights(nodes: IndicatorNode[]): Centi {
  return nodes.reduce((a, n) => a + n.weight, 0);
}

/** A level-1 node's dimension: as declared, else read from its name (决策 / 过程 / 产出 / 效益). */
export function dimensionOf(n: IndicatorNode): Dimension {
  if (n.dimension) return n.dimension;
  for (const d of ["决策", "过程", "产出", "效益"] as const) if (n.name.includes(d)) return d;
  return "其他";
}

export interface TemplateProblem {
  /** error: the template cannot be published or used; warning: worth a look. */
  level: "error" | "warning";
  /** The node or item the problem is about; null for the whole template. */
  code: string | null;
  message: string;
}

const pts = (c: Centi) => `${formatPoints(c)} 分`;
const CODE = /^[A-Za-z0-9_.-]{1,40}$/;

/**
 * Template checks of shared/SPEC.md §4 and the structure around them, in Chinese: children's
 * weights sum to the parent, level-1 weights sum to 100, 产出 + 效益 ≥ 60 for 部门评价 / 财政评价, every
 * leaf has a valid rule and source. `metricKeys` (when given) are the metrics a leaf may bind to.
 */
export function templateProblems(tree: IndicatorTree, options: { metricKeys?: ReadonlySet<string> } = {}): TemplateProblem[] {
  const out: TemplateProblem[] = [];
  const err = (code: string | null, message: string) => out.push({ level: "error", code, message });
  const warn = (code: string | null, message: string) => out.push({ level: "warning", code, message });

  if (tree.nodes.length === 0) err(null, "指标体系为空：至少需要一个一级指标");
  const level1 = sumWeights(tree.nodes);
  if (tree.nodes.length && level1 !== 10000) err(null, `一级指标分值合计 ${pts(level1)}，应为 100 分`);

  if (tree.evaluationType === "部门评价" || tree.evaluationType === "财政评价") {
    const outputs = tree.nodes.filter((n) => dimensionOf(n) === "产出" || dimensionOf(n) === "效益");
    const w = sumWeights(outputs);
    if (w < 6000) {
      err(null, `${tree.evaluationType}的产出、效益指标分值合计 ${pts(w)}，应不少于 60 分（财预〔2020〕10号）`);
    }
  }

  const codes = new Map<string, number>();
  const see = (code: string) => codes.set(code, (codes.get(code) ?? 0) + 1);

  const walk = (list: IndicatorNode[], level: number, parent: IndicatorNode | null) => {
    const names = new Set<string>();
    for (const n of list) {
      see(n.code);
      const label = `「${n.name || "（未命名）"}」`;
      if (!CODE.test(n.code)) err(n.code, `${label}的编码「${n.code}」只能由字母、数字、点、横线、下划线组成（最长 40 位）`);
      if (!n.name.trim()) err(n.code, `第 ${level} 级有未命名的指标`);
      if (names.has(n.name)) err(n.code, `${parent ? `「${parent.name}」下` : "一级指标中"}有重名指标${label}`);
      names.add(n.name);
      if (!Number.isSafeInteger(n.weight) || n.weight <= 0) err(n.code, `${label}的分值应大于 0`);
      if (level > MAX_LEVELS) err(n.code, `${label}超过三级：指标体系最多三级`);
      if (isLeaf(n)) {
        if (!n.rule) err(n.code, `末级指标${label}没有评分规则`);
        else {
          for (const p of ruleProblems(n.rule, n.weight)) err(n.code, `${label}：${p}`);
          const src = n.source ?? { kind: "manual" as const };
          if (n.rule.kind === "manual" && src.kind !== "manual") err(n.code, `${label}为评价人员打分，不应绑定数据来源`);
          if (n.rule.kind !== "manual" && src.kind === "manual") err(n.code, `${label}的${n.rule.kind === "deduction" ? "扣分次数" : "数值"}须来自系统指标或评价人员录入`);
          if (src.kind === "metric" && options.metricKeys && !options.metricKeys.has(src.metric)) {
            err(n.code, `${label}绑定的系统指标「${src.metric}」不存在`);
          }
          if (src.kind === "input" && !src.label.trim()) err(n.code, `${label}须写明录入数据的来源（如「问卷汇总」）`);
        }
        if (level < MAX_LEVELS) warn(n.code, `${label}是第 ${level} 级的末级指标（通常细化到三级）`);
        if (!n.standard?.trim()) warn(n.code, `${label}没有写评分标准`);
      } else {
        if (n.rule) err(n.code, `${label}有下级指标，不应设评分规则（得分为下级之和）`);
        const sum = sumWeights(n.children!);
        if (sum !== n.weight) err(n.code, `${label}的下级指标分值合计 ${pts(sum)}，应等于本级分值 ${pts(n.weight)}`);
        walk(n.children!, level + 1, n);
      }
    }
  };
  walk(tree.nodes, 1, null);

  for (const a of tree.adjustments) {
    see(a.code);
    const label = `${a.kind === "bonus" ? "加分项" : "扣分项"}「${a.name || "（未命名）"}」`;
    if (!a.name.trim()) err(a.code, `有未命名的${a.kind === "bonus" ? "加分项" : "扣分项"}`);
    if (a.max <= 0) err(a.code, `${label}的上限应大于 0`);
    if (a.perOccurrence !== null && a.perOccurrence <= 0) err(a.code, `${label}的每次分值应大于 0`);
    if (a.perOccurrence !== null && a.perOccurrence > a.max) err(a.code, `${label}的每次分值不能超过上限`);
  }
  for (const v of tree.vetoes) {
    see(v.code);
    if (!v.name.trim()) err(v.code, "有未命名的一票否决项");
  }
  for (const [code, n] of codes) if (n > 1) err(code, `编码「${code}」重复：每个指标、加减分项的编码须唯一`);
  if (tree.totalCap !== null && tree.totalCap < level1) warn(null, `总分上限 ${pts(tree.totalCap)} 低于指标分值合计 ${pts(level1)}`);
  return out;
}

export function hasErrors(problems: TemplateProblem[]): boolean {
  return problems.some((p) => p.level === "error");
}
