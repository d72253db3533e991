/**
 * 财政困难程度系数 of each county for the allocation year, and the 核减 rule of 财预〔2020〕10号
 * (finance only). The server validates and its Chinese messages are shown as they come.
 */
import { useState } from "react";
import { Alert, App, Button, Card, Checkbox, Flex, Input, Switch, Table, Tag, Typography } from "antd";
import { SaveOutlined } from "@ant-design/icons";
import type { CoefficientView, CutRuleView } from "../../../../contracts/allocation";
import { ApiError } from "../../api";
import { errorMessage, InlineError, notifySaveError, PageSkeleton } from "../../components/states";
import { useCoefficients, useCutRule, useUpdateCoefficients, useUpdateCutRule } from "./api";
import { percentText, readPercent } from "./format";

function CoefficientsForm({ rows, cityRegionId, year }: { rows: CoefficientView[]; cityRegionId: number; year: number }) {
  const app = App.useApp();
  const save = useUpdateCoefficients();
  const [texts, setTexts] = useState<Record<number, { coefficient: string; note: string }>>(() =>
    Object.fromEntries(rows.map((r) => [r.countyId, { coefficient: r.coefficient, note: r.note ?? "" }])),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const set = (id: number, patch: Partial<{ coefficient: string; note: string }>) => {
    setTexts((t) => ({ ...t, [id]: { ...t[id], ...patch } }));
    setProblem(null);
  };
  const submit = async () => {
    try {
      await save.mutateAsync({
        cityRegionId,
        year,
        items: rows.map((r) => ({ countyId: r.countyId, coefficient: texts[r.countyId].coefficient, ...(texts[r.countyId].note.trim() ? { note: texts[r.countyId].note } : {}) })),
      });
      app.message.success(`已保存 ${year} 年度财政困难程度系数`);
    } catch (e) {
      if (e instanceof ApiError && e.code === "VALIDATION_FAILED") setProblem(errorMessage(e));
      else notifySaveError(app, e);
    }
  };
  return (
    <>
      <Table<CoefficientView>
        aria-label="财政困难程度系数"
        size="small"
        rowKey="countyId"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: "县区", dataIndex: "name", width: 120, render: (n: string, r) => <Flex gap={6} align="center">{n}{!r.recorded && <Tag>未设置，按 1 计</Tag>}</Flex> },
          {
            title: "系数",
            key: "c",
            width: 160,
            render: (_, r) => <Input aria-label={`${r.name}财政困难程度系数`} value={texts[r.countyId].coefficient} onChange={(e) => set(r.countyId, { coefficient: e.target.value })} />,
          },
          { title: "说明", key: "n", render: (_, r) => <Input aria-label={`${r.name}系数说明`} value={texts[r.countyId].note} maxLength={200} onChange={(e) => set(r.countyId, { note: e.target.value })} /> },
        ]}
      />
      {problem && <Alert style={{ marginTop: 12 }} type="error" showIcon title="未保存" description={problem} />}
      <Button style={{ marginTop: 12 }} type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={() => void submit()}>
        保存系数
      </Button>
    </>
  );
}

export function CoefficientSettings({ cityRegionId, year }: { cityRegionId: number; year: number }) {
  const q = useCoefficients(cityRegionId, year);
  return (
    <Card title={`财政困难程度系数（${year}年度）`} style={{ marginBottom: 16 }} extra={<Typography.Text type="secondary">未设置的县区按 1 计算；最多 4 位小数</Typography.Text>}>
      {q.isPending ? (
        <PageSkeleton rows={1} />
      ) : q.isError ? (
        <InlineError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <CoefficientsForm key={q.dataUpdatedAt} rows={q.data} cityRegionId={cityRegionId} year={year} />
      )}
    </Card>
  );
}

/** The grade labels offered: those of the common scale, and any the stored rule names. */
const GRADES = ["优", "良", "中", "差"];

function CutRuleForm({ rule }: { rule: CutRuleView }) {
  const app = App.useApp();
  const save = useUpdateCutRule();
  const [draft, setDraft] = useState(rule);
  const [cutText, setCutText] = useState(percentText(rule.cutBp));
  const [problem, setProblem] = useState<string | null>(null);
  const set = (patch: Partial<CutRuleView>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setProblem(null);
  };
  const submit = async () => {
    const cut = readPercent(cutText, "核减比例");
    if (!cut.ok) return setProblem(cut.message);
    try {
      await save.mutateAsync({ ...draft, cutBp: cut.value });
      app.message.success("已保存核减规则");
    } catch (e) {
      if (e instanceof ApiError && e.code === "VALIDATION_FAILED") setProblem(errorMessage(e));
      else notifySaveError(app, e);
    }
  };
  const grades = [...new Set([...GRADES, ...rule.grades])];
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center">
        <Switch aria-label="启用核减规则" checked={draft.enabled} onChange={(enabled) => set({ enabled })} />
        <span>启用核减（财预〔2020〕10号）</span>
      </Flex>
      <Flex gap={8} align="center" wrap>
        <span>评价等级为</span>
        <Checkbox.Group aria-label="核减的评价等级" disabled={!draft.enabled} value={draft.grades} options={grades.map((g) => ({ value: g, label: g }))} onChange={(v) => set({ grades: v as string[] })} />
        <span>的县区</span>
      </Flex>
      <Checkbox disabled={!draft.enabled} checked={draft.overdue} onChange={(e) => set({ overdue: e.target.checked })}>
        有逾期未整改事项的县区
      </Checkbox>
      <Checkbox disabled={!draft.enabled} checked={draft.returned} onChange={(e) => set({ returned: e.target.checked })}>
        有整改被退回事项的县区
      </Checkbox>
      <Flex gap={8} align="center">
        <span>核减测算金额的</span>
        <Input
          aria-label="核减比例"
          disabled={!draft.enabled}
          style={{ width: 110 }}
          suffix="%"
          value={cutText}
          onChange={(e) => {
            setCutText(e.target.value);
            setProblem(null);
          }}
        />
        <Typography.Text type="secondary">核减的资金按测算金额比例分给未核减的县区，总额不变</Typography.Text>
      </Flex>
      {problem && <Alert type="error" showIcon title="未保存" description={problem} />}
      <div>
        <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={() => void submit()}>
          保存核减规则
        </Button>
      </div>
    </Flex>
  );
}

export function CutRuleSettings() {
  const q = useCutRule();
  return (
    <Card title="核减规则" style={{ marginBottom: 16 }}>
      {q.isPending ? <PageSkeleton rows={1} /> : q.isError ? <InlineError error={q.error} onRetry={() => void q.refetch()} /> : <CutRuleForm key={q.dataUpdatedAt} rule={q.data} />}
    </Card>
  );
}
