/** Pieces shared by the evaluation pages: states, modes, grades and points as the seed prints them. */
import { Steps, Tag, Tooltip } from "antd";
import { SCOPE_MODE_LABEL, TASK_STATE_LABEL, type ScopeMode, type TaskState } from "../../../../contracts/evaluations";
import { formatBasisPoints } from "../../../../core/money";
import { formatPoints } from "../../../../core/scoring/points";
import { formatScore } from "../../../../core/format";

const STATE_COLOR: Record<TaskState, string> = { draft: "default", scoring: "processing", reply: "warning", final: "success" };

export function StateTag({ state }: { state: TaskState }) {
  return <Tag color={STATE_COLOR[state]}>{TASK_STATE_LABEL[state]}</Tag>;
}

export function ModeTag({ mode }: { mode: ScopeMode }) {
  return <Tag color={mode === "onsite" ? "blue" : "default"}>{SCOPE_MODE_LABEL[mode]}</Tag>;
}

const GRADE_COLOR: Record<string, string> = { 优: "green", 优秀: "green", 良: "blue", 良好: "blue", 中: "orange", 合格: "orange", 差: "red", 不合格: "red" };

export function GradeTag({ grade, vetoed }: { grade: string; vetoed?: boolean }) {
  const tag = <Tag color={GRADE_COLOR[grade] ?? "default"}>{grade}</Tag>;
  return vetoed ? <Tooltip title="因一票否决项调整等级">{tag}</Tooltip> : tag;
}

/** 90.02, 91.5, 84 */
export const pts = (c: number | null | undefined) => (c === null || c === undefined ? "—" : formatPoints(c));
/** 3.70 */
export const ptsFixed = formatScore;
export const pct = formatBasisPoints;

export function Num({ children }: { children: string }) {
  return <span className="num">{children}</span>;
}

const ORDER: TaskState[] = ["draft", "scoring", "reply", "final"];

/** 草稿 → 评分中 → 县区意见反馈 → 已定稿 */
export function StateSteps({ state }: { state: TaskState }) {
  const current = ORDER.indexOf(state);
  return (
    <Steps
      size="small"
      current={current}
      status={state === "final" ? "finish" : "process"}
      items={[
        { title: "草稿", content: "设置范围与方式" },
        { title: "评分中", content: "评价机构评分" },
        { title: "县区意见反馈", content: "县区反馈、机构答复" },
        { title: "已定稿", content: "结果锁定" },
      ]}
    />
  );
}

/** The where-the-points-went line of a leaf: 8 × 81.24% = 6.50 */
export function LostBadge({ lost }: { lost: number }) {
  if (lost <= 0) return <span className="num" style={{ color: "rgba(0,0,0,0.35)" }}>—</span>;
  return <span className="num" style={{ color: "#cf1322" }}>−{ptsFixed(lost)}</span>;
}
