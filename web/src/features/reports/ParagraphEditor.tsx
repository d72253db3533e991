/**
 * The editor of one paragraph (or a drafted section's title). The words are a template: a figure is
 * written as {{名称}} (the server maps names to keys) and stays live — recomputed from the data — unless the paragraph is frozen.
 * The list beside the text offers every figure of the report, inserted at the cursor.
 */
import { useMemo, useRef, useState } from "react";
import { Alert, App, Button, Checkbox, Col, Flex, Input, Modal, Popconfirm, Row, Typography, type GetRef } from "antd";
import type { ParagraphState, Report } from "../../../../contracts/reports";
import { PARAGRAPH_MAX } from "../../../../contracts/reports";
import { ApiError } from "../../api";
import { errorMessage } from "../../components/states";
import { useEditParagraph, type ParagraphSave } from "./api";

type Placeholder = Report["placeholders"][number];

function PlaceholderList({ placeholders, onPick }: { placeholders: Placeholder[]; onPick: (token: string) => void }) {
  const [q, setQ] = useState("");
  const shown = useMemo(() => {
    const t = q.trim();
    return t ? placeholders.filter((p) => p.label.includes(t) || p.text.includes(t)) : placeholders;
  }, [placeholders, q]);
  return (
    <Flex vertical gap={8}>
      <Input.Search aria-label="查找数字" placeholder="查找数字，如：执行率" allowClear value={q} onChange={(e) => setQ(e.target.value)} />
      <div className="placeholder-list" role="group" aria-label="可插入的数字">
        {shown.map((p) => (
          <button key={p.key} type="button" className="placeholder-item" aria-label={`插入「${p.label}」`} title={`插入 ${p.token}`} onClick={() => onPick(p.token)}>
            <span>{p.label}</span>
            <Typography.Text type="secondary" className="num" ellipsis style={{ maxWidth: 120 }}>
              {p.list ? `${p.text}（列表）` : p.text}
            </Typography.Text>
          </button>
        ))}
        {shown.length === 0 && (
          <Typography.Text type="secondary" style={{ display: "block", padding: 10 }}>
            没有匹配的数字
          </Typography.Text>
        )}
      </div>
    </Flex>
  );
}

export interface ParagraphEditorProps {
  taskId: number;
  paragraph: ParagraphState;
  /** A drafted section's title: one line, no figures. */
  isTitle: boolean;
  placeholders: Placeholder[];
  /** Finance may save the words as the fund year's stored text for every report of the year. */
  canEditTexts: boolean;
  onClose: () => void;
}

export function ParagraphEditor({ taskId, paragraph, isTitle, placeholders, canEditTexts, onClose }: ParagraphEditorProps) {
  const [body, setBody] = useState(paragraph.body);
  const [freeze, setFreeze] = useState(paragraph.frozen);
  const [forFundYear, setForFundYear] = useState(false);
  const area = useRef<GetRef<typeof Input.TextArea>>(null);
  const edit = useEditParagraph(taskId);
  const { message } = App.useApp();
  const changed = paragraph.body !== paragraph.originalBody || paragraph.source === "edited";

  const insert = (token: string) => {
    const el = area.current?.resizableTextArea?.textArea;
    const start = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? body.length;
    setBody(body.slice(0, start) + token + body.slice(end));
    // Put the cursor after the inserted figure once React has written the new value.
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const save = async (what: Omit<ParagraphSave, "key">, done: string) => {
    try {
      await edit.mutateAsync({ key: paragraph.key, ...what });
      message.success(done);
      onClose();
    } catch {
      // Shown in the form from edit.error.
    }
  };
  const problems = edit.error instanceof ApiError ? edit.error.problems : [];

  return (
    <Modal
      open
      width={isTitle ? 640 : 1000}
      title={`修改段落：${paragraph.label}`}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Flex justify="space-between" wrap gap={8}>
          <Flex gap={8}>
            <Popconfirm
              title="删除此段？"
              description="该段将不再出现在报告中，可在「已删除的段落」中恢复。"
              okText="删除"
              cancelText="取消"
              okButtonProps={{ danger: true }}
              onConfirm={() => save({ body: paragraph.body, hidden: true, freeze: paragraph.frozen }, `已删除「${paragraph.label}」`)}
            >
              <Button danger disabled={edit.isPending}>
                删除此段
              </Button>
            </Popconfirm>
            {changed && (
              <Popconfirm
                title="恢复原文？"
                description="恢复为修改前的文字，修改历史仍会保留。"
                okText="恢复原文"
                cancelText="取消"
                onConfirm={() => save({ body: paragraph.originalBody, revert: true }, `已恢复「${paragraph.label}」的原文`)}
              >
                <Button disabled={edit.isPending}>恢复原文</Button>
              </Popconfirm>
            )}
          </Flex>
          <Flex gap={8}>
            <Button onClick={onClose}>取消</Button>
            <Button type="primary" loading={edit.isPending} disabled={!body.trim()} onClick={() => save({ body, freeze, forFundYear }, `已保存「${paragraph.label}」`)}>
              保存
            </Button>
          </Flex>
        </Flex>
      }
    >
      <Row gutter={16}>
        <Col span={isTitle ? 24 : 15}>
          <Flex vertical gap={8}>
            {!isTitle && (
              <Typography.Text type="secondary">
                {"数字写作 {{名称}}，随数据自动更新；点击右侧列表可在光标处插入数字。"}
              </Typography.Text>
            )}
            <Input.TextArea
              ref={area}
              aria-label="段落文字"
              value={body}
              onChange={(e) => setBody(e.target.value)}
              autoSize={isTitle ? { minRows: 1, maxRows: 3 } : { minRows: 10, maxRows: 18 }}
              maxLength={PARAGRAPH_MAX}
              showCount
              style={{ fontFamily: '"Noto Sans Mono CJK SC", "Noto Sans CJK SC", monospace', lineHeight: 1.7 }}
            />
            <Flex vertical gap={4} style={{ marginTop: 12 }}>
              {!isTitle && (
                <Checkbox checked={freeze} onChange={(e) => setFreeze(e.target.checked)}>
                  冻结数字（不再随数据更新）
                </Checkbox>
              )}
              {canEditTexts && (
                <Checkbox checked={forFundYear} onChange={(e) => setForFundYear(e.target.checked)}>
                  保存为本年度基础文本
                  <Typography.Text type="secondary">（本年度所有评价报告均使用此文字）</Typography.Text>
                </Checkbox>
              )}
            </Flex>
            {edit.isError && (
              <Alert
                type="error"
                showIcon
                title="未能保存"
                description={
                  <>
                    <div>{errorMessage(edit.error)}</div>
                    {problems.length > 0 && (
                      <ul style={{ margin: "4px 0 0", paddingInlineStart: 20 }}>
                        {problems.map((p, i) => (
                          <li key={i}>{p.message}</li>
                        ))}
                      </ul>
                    )}
                  </>
                }
              />
            )}
          </Flex>
        </Col>
        {!isTitle && (
          <Col span={9}>
            <PlaceholderList placeholders={placeholders.filter((p) => p.label)} onPick={insert} />
          </Col>
        )}
      </Row>
    </Modal>
  );
}
