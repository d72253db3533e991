/**
 * Grade scales as data (shared/SPEC.md §4): names, thresholds and whether a threshold belongs to the
 * grade above it (含) or below it. The default is 财预〔2020〕10号.
 */
import { formatPoints, type Centi } from "./points";

export interface Grade {
  label: string;
  /** Lower bound in hundredths of a point; null for the lowest grade (everything below the others). */
  min: Centi | null;
  /** true: a total equal to `min` gets this grade (90（含）以上); false: only totals above it. */
  inclusive: boolean;
}

export interface GradeScale {
  name: string;
  /** Best grade first. */
  grades: Grade[];
  /** The best grade a task can get when a veto item (一票否决) is triggered; null: the lowest grade. */
  vetoGrade: string | null;
}

/** 财预〔2020〕10号：90（含）以上优，80（含）—90 良，60（含）—80 中，60 以下差。 */
export const DEFAULT_GRADE_SCALE: GradeScale = {
  name: "财预〔2020〕10号",
  grades: [
    { label: "优", min: 9000, inclusive: true },
    { label: "良", min: 8000, inclusive: true },
    { label: "中", min: 6000, inclusive: true },
    { label: "差", min: null, inclusive: true },
  ],
  vetoGrade: "差",
};

/**
 * A four-level scale with other names and boundaries that belong to the grade below (示例：90 分以上
 * 为优秀，不含 90), as some provinces write their rules.
 */
export const ALTERNATIVE_GRADE_SCALE: GradeScale = {
  name: "四档（上限含）示例",
  grades: [
    { label: "优秀", min: 9000, inclusive: false },
    { label: "良好", min: 7500, inclusive: false },
    { label: "合格", min: 6000, inclusive: false },
    { label: "不合格", min: null, inclusive: true },
  ],
  vetoGrade: "不合格",
};

function reaches(total: Centi, g: Grade): boolean {
  if (g.min === null) return true;
  return g.inclusive ? total >= g.min : total > g.min;
}

/** The grade of a total. */
export function gradeOf(scale: GradeScale, total: Centi): string {
  for (const g of scale.grades) if (reaches(total, g)) return g.label;
  return scale.grades[scale.grades.length - 1]?.label ?? "";
}

/** Position of a grade, 0 = best; unknown labels count as the lowest. */
export function gradeRank(scale: GradeScale, label: string): number {
  const i = scale.grades.findIndex((g) => g.label === label);
  return i < 0 ? scale.grades.length - 1 : i;
}

/** The worse of a grade and a cap (一票否决 caps the grade, it never raises it). */
export function capGrade(scale: GradeScale, grade: string, cap: string | null): string {
  const capLabel = cap ?? scale.grades[scale.grades.length - 1]?.label ?? grade;
  return gradeRank(scale, capLabel) > gradeRank(scale, grade) ? capLabel : grade;
}

/** The scale in one line: 90（含）以上 优；80（含）—90 良；60（含）—80 中；60 以下 差 */
export function describeGradeScale(scale: GradeScale): string {
  const parts: string[] = [];
  scale.grades.forEach((g, i) => {
    const upper = i > 0 ? scale.grades[i - 1] : null;
    const lowText = g.min === null ? "" : `${formatPoints(g.min)}${g.inclusive ? "（含）" : "（不含）"}`;
    if (g.min === null) {
      parts.push(upper?.min != null ? `${formatPoints(upper.min)}${upper.inclusive ? "以下" : "（含）以下"} ${g.label}` : `${g.label}`);
    } else if (!upper || upper.min === null) parts.push(`${lowText}以上 ${g.label}`);
    else parts.push(`${lowText}—${formatPoints(upper.min)} ${g.label}`);
  });
  return parts.join("；");
}

/** Problems of a scale in Chinese; empty when valid. */
export function gradeScaleProblems(scale: GradeScale): string[] {
  const out: string[] = [];
  if (!scale.name.trim()) out.push("等级标准须有名称");
  if (scale.grades.length < 2) out.push("至少需要两个等级");
  const labels = new Set<string>();
  scale.grades.forEach((g, i) => {
    if (!g.label.trim()) out.push(`第 ${i + 1} 个等级缺少名称`);
    if (labels.has(g.label)) out.push(`等级名称「${g.label}」重复`);
    labels.add(g.label);
    const last = i === scale.grades.length - 1;
    if (last && g.min !== null) out.push(`最低等级「${g.label}」不应设下限（低于上一等级的都属于它）`);
    if (!last && g.min === null) out.push(`等级「${g.label}」缺少分数下限`);
    if (g.min !== null && (g.min < 0 || g.min > 10000)) out.push(`等级「${g.label}」的下限应在 0 到 100 分之间`);
    const prev = scale.grades[i - 1];
    if (i > 0 && prev.min !== null && g.min !== null && g.min >= prev.min) {
      out.push(`等级应从高到低排列：「${g.label}」的下限 ${formatPoints(g.min)} 不低于「${prev.label}」的 ${formatPoints(prev.min)}`);
    }
  });
  if (scale.vetoGrade !== null && !labels.has(scale.vetoGrade)) out.push(`一票否决后的等级「${scale.vetoGrade}」不在等级列表中`);
  return out;
}
