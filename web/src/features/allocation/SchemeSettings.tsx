/**
 * 方案权重 (finance only): the weights of each scheme as percentages, the 绩效调节系数 by grade of the
 * later scheme. The server checks them (sums to 100% …) and its Chinese message is shown as it is.
 */
import { useState } from "react";
import { Alert, App, Button, Card, Col, Descriptions, Flex, Input, Row, Typography } from "antd";
import { SaveOutlined } from "@ant-design/icons";
import type { AllocationSchemeDefinition, AllocationSchemeView } from "../../../../contracts/allocation";
import { FACTOR_KEYS, FACTOR_LABEL, type FactorKey } from "../../../../core/allocation/types";
import { beijingTime } from "../../components/figures";
import { errorMessage, notifySaveError } from "../../components/states";
import { ApiError } from "../../api";
import { useUpdateScheme } from "./api";
import { percentText, readPercent } from "./format";

type Texts = Record<string, string>;

/** Grades best first (the stored JSON keeps no order): the common labels, then any others. */
const GRADE_ORDER = ["优", "优秀", "良", "良好", "中", "合格", "差", "不合格"];
const byGrade = (a: string, b: string) => {
  const i = GRADE_ORDER.indexOf(a);
  const j = GRADE_ORDER.indexOf(b);
  return (i < 0 ? 99 : i) - (j < 0 ? 99 : j) || a.localeCompare(b, "zh-CN");
};

function textsOf(d: AllocationSchemeDefinition): Texts {
  if (d.kind === "factor") {
    return { ...Object.fromEntries(FACTOR_KEYS.map((k) => [k, percentText(d.factorWeightsBp[k])])), performance: percentText(d.performanceWeightBp) };
  }
  return {
    ...Object.fromEntries(FACTOR_KEYS.map((k) => [k, percentText(d.workloadWeightsBp[k])])),
    workload: percentText(d.workloadShareBp),
    reward: percentText(d.rewardShareBp),
    ...Object.fromEntries(Object.entries(d.adjustmentByGrade).map(([g, k]) => [`grade:${g}`, k])),
  };
}

/** The definition the texts describe, or the first field that is not a percentage. */
function definitionOf(d: AllocationSchemeDefinition, t: Texts): { ok: true; value: AllocationSchemeDefinition } | { ok: false; message: string } {
  const weights: Partial<Record<FactorKey, number>> = {};
  const label = (k: FactorKey) => (d.kind === "factor" ? `${FACTOR_LABEL[k]}权重` : `任务量中${FACTOR_LABEL[k]}的权重`);
  for (const k of FACTOR_KEYS) {
    const r = readPercent(t[k] ?? "", label(k));
    if (!r.ok) return r;
    weights[k] = r.value;
  }
  const w = weights as Record<FactorKey, number>;
  if (d.kind === "factor") {
    const p = readPercent(t.performance ?? "", "绩效权重");
    if (!p.ok) return p;
    return { ok: true, value: { kind: "factor", factorWeightsBp: w, performanceWeightBp: p.value } };
  }
  const workload = readPercent(t.workload ?? "", "任务量资金占比");
  if (!workload.ok) return workload;
  const reward = readPercent(t.reward ?? "", "奖励资金占比");
  if (!reward.ok) return reward;
  const adjustmentByGrade = Object.fromEntries(Object.keys(d.adjustmentByGrade).map((g) => [g, (t[`grade:${g}`] ?? "").trim()]));
  return { ok: true, value: { kind: "workload", workloadShareBp: workload.value, rewardShareBp: reward.value, workloadWeightsBp: w, adjustmentByGrade } };
}

function PercentInput({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  return (
    <Flex vertical gap={4}>
      <Typography.Text>{label}</Typography.Text>
      <Input aria-label={label} value={value} suffix="%" style={{ width: 120 }} onChange={(e) => onChange(e.target.value)} />
    </Flex>
  );
}

function SchemeCard({ scheme }: { scheme: AllocationSchemeView }) {
  const app = App.useApp();
  const save = useUpdateScheme();
  const [texts, setTexts] = useState<Texts>(() => textsOf(scheme.definition));
  const [problem, setProblem] = useState<string | null>(null);
  const d = scheme.definition;
  const set = (key: string) => (v: string) => {
    setTexts((t) => ({ ...t, [key]: v }));
    setProblem(null);
  };
  const submit = async () => {
    const def = definitionOf(d, texts);
    if (!def.ok) return setProblem(def.message);
    try {
      await save.mutateAsync({ code: scheme.code, definition: def.value, revision: scheme.revision });
      setProblem(null);
      app.message.success(`已保存分配方案「${scheme.name}」`);
    } catch (e) {
      if (e instanceof ApiError && e.code === "VALIDATION_FAILED") setProblem(errorMessage(e));
      else notifySaveError(app, e);
    }
  };
  return (
    <Card
      title={scheme.name}
      style={{ marginBottom: 16 }}
      extra={
        <Typography.Text type="secondary">{`第 ${scheme.revision} 版${scheme.updatedByName ? `，${scheme.updatedByName} 修改于 ${beijingTime(scheme.updatedAt)}` : ""}`}</Typography.Text>
      }
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }} items={[{ key: "k", label: "计算方法", children: d.kind === "factor" ? "各因素 × 财政困难程度系数按权重分配，另按评价得分分配绩效部分（权重合计 100%）" : "任务量 × 困难系数分配基础资金，奖励资金按绩效调节系数 × 任务量分配（两部分占比合计 100%，任务量各因素权重合计 100%）" }]} />
      <Flex gap={16} wrap>
        {d.kind === "workload" && (
          <>
            <PercentInput label="任务量资金占比" value={texts.workload} onChange={set("workload")} />
            <PercentInput label="奖励资金占比" value={texts.reward} onChange={set("reward")} />
          </>
        )}
        {FACTOR_KEYS.map((k) => (
          <PercentInput key={k} label={d.kind === "factor" ? `${FACTOR_LABEL[k]}权重` : `任务量中${FACTOR_LABEL[k]}的权重`} value={texts[k]} onChange={set(k)} />
        ))}
        {d.kind === "factor" && <PercentInput label="绩效权重" value={texts.performance} onChange={set("performance")} />}
      </Flex>
      {d.kind === "workload" && (
        <Row gutter={16} style={{ marginTop: 12 }}>
          <Col span={24}>
            <Typography.Text>绩效调节系数（按评价等级）</Typography.Text>
          </Col>
          {Object.keys(d.adjustmentByGrade).sort(byGrade).map((g) => (
            <Col key={g} flex="140px" style={{ marginTop: 4 }}>
              <Input aria-label={`等级${g}的绩效调节系数`} prefix={<Typography.Text type="secondary">{`${g}：`}</Typography.Text>} value={texts[`grade:${g}`]} onChange={(e) => set(`grade:${g}`)(e.target.value)} />
            </Col>
          ))}
        </Row>
      )}
      {problem && <Alert style={{ marginTop: 12 }} type="error" showIcon title="未保存" description={problem} />}
      <Button style={{ marginTop: 16 }} type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={() => void submit()}>
        保存权重
      </Button>
    </Card>
  );
}

export function SchemeSettings({ schemes }: { schemes: AllocationSchemeView[] }) {
  // Keyed by revision: after a save (or someone else's) the fields show what is stored.
  return (
    <>
      {schemes.map((s) => (
        <SchemeCard key={`${s.code}:${s.revision}`} scheme={s} />
      ))}
    </>
  );
}
