/**
 * What the viewer may do with an item now (the server says which in `can`): 开始整改, 提交验收 (with
 * the progress account and at least one evidence file), 验收通过 (a note), 退回 (a reason), 编辑, 删除.
 * Every change sends the version the viewer saw; a 409 shows the server's message and reloads.
 */
import { useState } from "react";
import { App, Button, Form, Input, Modal, Tooltip, Typography } from "antd";
import { CheckCircleOutlined, DeleteOutlined, EditOutlined, PlayCircleOutlined, RollbackOutlined, SendOutlined } from "@ant-design/icons";
import type { ItemAction } from "../../../../core/rectification/rules";
import { RECTIFICATION_LIMITS, type RectificationItemDetail } from "../../../../contracts/rectification";
import { ApiError } from "../../api";
import { errorMessage } from "../../components/states";
import { useDeleteItem, useTransition } from "./api";
import { EditItemModal } from "./ItemFieldsForm";
import { momentCn } from "./shared";

type Asking = "submit" | "accept" | "return" | null;

const DONE: Record<ItemAction, string> = { start: "已开始整改", submit: "已提交验收", accept: "已验收通过", return: "已退回责任单位" };

export function ItemActions({ item, onDeleted }: { item: RectificationItemDetail; onDeleted?: () => void }) {
  const move = useTransition(item.id);
  const remove = useDeleteItem();
  const { message, modal } = App.useApp();
  const [asking, setAsking] = useState<Asking>(null);
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<{ progress?: string; note?: string }>();

  const act = async (action: ItemAction, extra: { progress?: string; note?: string } = {}) => {
    try {
      await move.mutateAsync({ action, version: item.version, ...extra });
      message.success(DONE[action]);
      setAsking(null);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        // Someone else moved or edited it meanwhile: say so; the mutation has reloaded the item.
        modal.warning({ title: "整改事项已变化，未保存", content: e.message, okText: "知道了" });
        setAsking(null);
      } else message.error(errorMessage(e));
    }
  };
  const ask = (what: Exclude<Asking, null>) => {
    form.resetFields();
    form.setFieldsValue(what === "submit" ? { progress: item.progress } : { note: "" });
    setAsking(what);
  };

  const noEvidence = item.evidence.length === 0;
  const buttons = [];
  if (item.can.start)
    buttons.push(
      <Button key="start" type="primary" icon={<PlayCircleOutlined />} loading={move.isPending && move.variables?.action === "start"} onClick={() => void act("start")}>
        开始整改
      </Button>,
    );
  if (item.can.submit) {
    const submit = (
      <Button key="submit" type="primary" icon={<SendOutlined />} disabled={noEvidence} onClick={() => ask("submit")}>
        提交验收
      </Button>
    );
    buttons.push(
      noEvidence ? (
        <Tooltip key="submit" title="提交验收前请先上传至少一份整改佐证材料">
          <span>{submit}</span>
        </Tooltip>
      ) : (
        submit
      ),
    );
  }
  if (item.can.accept)
    buttons.push(
      <Button key="accept" type="primary" icon={<CheckCircleOutlined />} onClick={() => ask("accept")}>
        验收通过
      </Button>,
    );
  if (item.can.return)
    buttons.push(
      <Button key="return" danger icon={<RollbackOutlined />} onClick={() => ask("return")}>
        退回
      </Button>,
    );
  if (item.can.edit)
    buttons.push(
      <Button key="edit" icon={<EditOutlined />} onClick={() => setEditing(true)}>
        编辑
      </Button>,
    );
  if (item.can.delete)
    buttons.push(
      <Button
        key="delete"
        danger
        type="text"
        icon={<DeleteOutlined />}
        onClick={() =>
          modal.confirm({
            title: "删除这项整改事项？",
            content: `「${item.findingTitle}」由${item.ownerLabel}负责的整改事项将被删除，责任单位不再看到它。`,
            okText: "删除",
            cancelText: "取消",
            okButtonProps: { danger: true },
            onOk: async () => {
              try {
                await remove.mutateAsync(item.id);
                message.success("已删除整改事项");
                onDeleted?.();
              } catch (e) {
                message.error(errorMessage(e));
              }
            },
          })
        }
      >
        删除
      </Button>,
    );

  const titles: Record<Exclude<Asking, null>, string> = { submit: "提交验收", accept: "验收通过", return: "退回整改" };
  return (
    <>
      {buttons.length > 0 ? (
        <div style={{ display: "flex", flexWrap: "wrap", gap: 8 }}>{buttons}</div>
      ) : (
        <Typography.Text type="secondary">{waitingText(item)}</Typography.Text>
      )}
      <Modal
        open={asking !== null}
        title={asking ? titles[asking] : ""}
        okText={asking ? titles[asking] : ""}
        cancelText="取消"
        okButtonProps={{ danger: asking === "return" }}
        confirmLoading={move.isPending}
        onCancel={() => setAsking(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void act(asking!, asking === "submit" ? { progress: v.progress?.trim() } : { note: v.note?.trim() })}>
          {asking === "submit" && (
            <>
              <Typography.Paragraph type="secondary">{`已上传 ${item.evidence.length} 份佐证材料。提交后由市住建局或市财政局验收，验收前不能再修改佐证材料。`}</Typography.Paragraph>
              <Form.Item name="progress" label="整改情况" rules={[{ required: true, whitespace: true, message: "请填写整改情况" }]}>
                <Input.TextArea aria-label="整改情况" rows={5} maxLength={RECTIFICATION_LIMITS.progress} showCount placeholder="如：已印发《县级质量安全管理细则》（X建发〔2022〕12号），并对在建项目开展了专项检查。" />
              </Form.Item>
            </>
          )}
          {asking === "accept" && (
            <Form.Item name="note" label="验收意见（可选）">
              <Input.TextArea aria-label="验收意见" rows={3} maxLength={RECTIFICATION_LIMITS.note} showCount placeholder="如：整改材料齐全，措施落实到位。" />
            </Form.Item>
          )}
          {asking === "return" && (
            <Form.Item name="note" label="退回理由" rules={[{ required: true, whitespace: true, message: "请填写退回理由" }]}>
              <Input.TextArea aria-label="退回理由" rows={3} maxLength={RECTIFICATION_LIMITS.note} showCount placeholder="如：佐证材料缺少印发文件的正式文本，请补充后重新提交。" />
            </Form.Item>
          )}
        </Form>
      </Modal>
      {editing && <EditItemModal open={editing} onClose={() => setEditing(false)} item={item} />}
    </>
  );
}

/** Why the viewer has nothing to do: who acts next. */
function waitingText(item: RectificationItemDetail): string {
  switch (item.state) {
    case "pending":
    case "returned":
    case "in_progress":
      return `等待${item.ownerLabel}整改并提交验收`;
    case "submitted":
      return "已提交，等待市住建局或市财政局验收";
    case "accepted":
      return item.verifiedAt ? `已于 ${momentCn(item.verifiedAt)} 验收通过` : "已验收通过";
  }
}
