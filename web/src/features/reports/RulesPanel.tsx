/**
 * 起草规则 of chapters 五–七: which rule drafts which section, on what condition (in words, with this
 * report's figures), and whether it fired here. Finance edits a rule's title, switch, the numbers of
 * its conditions and its paragraphs; the condition's figure and comparison stay as built.
 */
import { useState } from "react";
import { Alert, App, Button, Card, Drawer, Flex, Form, Input, Switch, Table, Tag, Typography } from "antd";
import { EditOutlined } from "@ant-design/icons";
import type { DraftingRuleView } from "../../../../contracts/reports";
import { PARAGRAPH_MAX } from "../../../../contracts/reports";
import { DRAFT_CHAPTER_TITLE, OP_WORD, type Condition, type When } from "../../../../core/report/drafting";
import type { ReportFigure } from "../../../../core/report/model";
import { useSession } from "../../app/session";
import { errorMessage, InlineError, PageSkeleton } from "../../components/states";
import { useDraftingRules, useSaveDraftingRule, type DraftingRuleSave } from "./api";

/** The comparison in words, as the rule's description writes it. */

function ConditionsEditor({ when, figures, onChange, label }: { when: When | null | undefined; figures: Record<string, ReportFigure>; onChange: (w: When) => void; label: string }) {
  if (!when || (!when.all?.length && !when.any?.length)) return null;
  const row = (group: "all" | "any", c: Condition, i: number) => {
    const f = figures[c.fact];
    const set = (value: string) => onChange({ ...when, [group]: when[group]!.map((x, j) => (j === i ? { ...x, value } : x)) });
    return (
      <Flex key={`${group}-${i}`} gap={8} align="center" wrap>
        <span>{f ? f.trace.label : c.fact}</span>
        <Typography.Text type="secondary">{`（本报告 ${f ? f.text : "无数据"}）`}</Typography.Text>
        <span>{OP_WORD[c.op]}</span>
        <Input aria-label={`${label}：${f ? f.trace.label : c.fact}的界限`} value={c.value} onChange={(e) => set(e.target.value)} style={{ width: 110 }} />
      </Flex>
    );
  };
  return (
    <Flex vertical gap={6}>
      {(when.all?.length ?? 0) > 1 && <Typography.Text type="secondary">以下条件同时满足：</Typography.Text>}
      {when.all?.map((c, i) => row("all", c, i))}
      {(when.any?.length ?? 0) > 1 && <Typography.Text type="secondary">{when.all?.length ? "并且以下任一条件满足：" : "以下任一条件满足："}</Typography.Text>}
      {when.any?.map((c, i) => row("any", c, i))}
    </Flex>
  );
}

/** The rule as the server takes it back: the view's own fields (builtIn, fires …) left out. */
function editable(r: DraftingRuleView): DraftingRuleSave {
  return { code: r.code, chapter: r.chapter, order: r.order, title: r.title, when: r.when, paragraphs: r.paragraphs.map((p) => ({ ...p })), enabled: r.enabled };
}

function RuleEditor({ taskId, rule, figures, onClose }: { taskId: number; rule: DraftingRuleView; figures: Record<string, ReportFigure>; onClose: () => void }) {
  const [draft, setDraft] = useState<DraftingRuleSave>(() => editable(rule));
  const save = useSaveDraftingRule(taskId);
  const { message } = App.useApp();
  const setParagraph = (i: number, patch: Partial<DraftingRuleSave["paragraphs"][number]>) =>
    setDraft((d) => ({ ...d, paragraphs: d.paragraphs.map((p, j) => (j === i ? { ...p, ...patch } : p)) }));
  const submit = async () => {
    try {
      await save.mutateAsync(draft);
      message.success(`已保存起草规则「${draft.title}」`);
      onClose();
    } catch {
      // Shown in the form.
    }
  };
  return (
    <Drawer
      open
      size={720}
      title={`修改起草规则：${rule.title}`}
      onClose={onClose}
      maskClosable={false}
      extra={
        <Flex gap={8}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => void submit()}>
            保存
          </Button>
        </Flex>
      }
    >
      <Form layout="vertical">
        <Form.Item label="所属章节">{DRAFT_CHAPTER_TITLE[rule.chapter]}</Form.Item>
        <Form.Item label="标题">
          <Input aria-label="标题" value={draft.title} maxLength={60} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
        </Form.Item>
        <Form.Item label="启用">
          <Switch aria-label="启用" checked={draft.enabled} onChange={(enabled) => setDraft({ ...draft, enabled })} checkedChildren="启用" unCheckedChildren="停用" />
        </Form.Item>
        <Form.Item label="起草条件" extra={`当前：${rule.description}`}>
          {draft.when && (draft.when.all?.length || draft.when.any?.length) ? (
            <ConditionsEditor label="起草条件" when={draft.when} figures={figures} onChange={(when) => setDraft({ ...draft, when })} />
          ) : (
            <Typography.Text type="secondary">总是起草</Typography.Text>
          )}
        </Form.Item>
        {draft.paragraphs.map((p, i) => (
          <Form.Item key={i} label={`第 ${i + 1} 段`} extra={"数字写作 {{名称}}，与报告中修改段落相同。"}>
            <Flex vertical gap={8}>
              <ConditionsEditor label={`第 ${i + 1} 段条件`} when={p.when} figures={figures} onChange={(when) => setParagraph(i, { when })} />
              <Input.TextArea aria-label={`第 ${i + 1} 段文字`} value={p.text} autoSize={{ minRows: 4, maxRows: 12 }} maxLength={PARAGRAPH_MAX} onChange={(e) => setParagraph(i, { text: e.target.value })} />
            </Flex>
          </Form.Item>
        ))}
        {save.isError && <Alert type="error" showIcon title="未能保存" description={errorMessage(save.error)} />}
      </Form>
    </Drawer>
  );
}

export function RulesPanel({ taskId, figures }: { taskId: number; figures: Record<string, ReportFigure> }) {
  const rules = useDraftingRules(taskId);
  const { can } = useSession();
  const [editing, setEditing] = useState<DraftingRuleView | null>(null);
  if (rules.isPending) return <PageSkeleton rows={1} />;
  if (rules.isError) return <InlineError error={rules.error} onRetry={() => void rules.refetch()} />;
  return (
    <Card>
      <Typography.Paragraph type="secondary">
        第五至七章由起草规则根据本报告的数字起草：条件满足的规则起草一节，评价人员可再逐段修改。评价任务已记录问题时，第六章按问题清单起草（每个问题一节，并写明整改责任单位和期限），本章的起草规则仅作参考。{can("report.rules") ? "修改规则后，所有未定稿的报告按新规则起草。" : "起草规则由财政部门维护。"}
      </Typography.Paragraph>
      <Table<DraftingRuleView>
        aria-label="起草规则"
        rowKey="code"
        size="middle"
        pagination={false}
        dataSource={rules.data}
        columns={[
          { title: "章节", dataIndex: "chapter", width: 170, render: (c: DraftingRuleView["chapter"]) => DRAFT_CHAPTER_TITLE[c] },
          { title: "标题", dataIndex: "title", width: 220 },
          { title: "起草条件", dataIndex: "description" },
          {
            title: "本报告",
            dataIndex: "fires",
            width: 90,
            render: (fires: boolean, r) => (r.enabled ? fires ? <Tag color="green">已触发</Tag> : <Tag>未触发</Tag> : <Tag color="default">已停用</Tag>),
          },
          {
            title: "来源",
            key: "by",
            width: 150,
            render: (_, r) => <Typography.Text type="secondary">{r.updatedByName ? `${r.updatedByName} 修改` : r.builtIn ? "系统内置" : "自定义"}</Typography.Text>,
          },
          ...(can("report.rules")
            ? [
                {
                  title: "",
                  key: "edit",
                  width: 80,
                  render: (_: unknown, r: DraftingRuleView) => (
                    <Button type="link" size="small" icon={<EditOutlined />} aria-label={`修改起草规则「${r.title}」`} onClick={() => setEditing(r)}>
                      修改
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <RuleEditor key={editing.code} taskId={taskId} rule={editing} figures={figures} onClose={() => setEditing(null)} />}
    </Card>
  );
}
