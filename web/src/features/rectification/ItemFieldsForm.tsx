/**
 * 责任单位, 整改期限 and 整改措施 of rectification items: the fields of 分解整改 (several items at once)
 * and of editing one item. Counties come from the task's scopes, departments are 市住建局 / 市财政局.
 */
import { useEffect } from "react";
import { App, Button, DatePicker, Flex, Form, Input, Modal, Select, Typography } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { DEPARTMENT_LABEL, OWNER_DEPARTMENTS } from "../../../../core/rectification/rules";
import { RECTIFICATION_LIMITS, type ItemOwner, type RectificationItem } from "../../../../contracts/rectification";
import { isVersionConflict } from "../../api";
import { notifySaveError } from "../../components/states";
import { useTask } from "../evaluations/api";
import { useCreateItems, useUpdateItem } from "./api";

/** An owner as one Select value: county:12 or department:housing. */
const ownerValue = (o: ItemOwner) => (o.kind === "county" ? `county:${o.countyId}` : `department:${o.department}`);
function ownerOf(value: string): ItemOwner {
  const [kind, key] = value.split(":");
  return kind === "county" ? { kind: "county", countyId: Number(key) } : { kind: "department", department: key as "housing" | "finance" };
}

/** Counties of the task (its county scopes) and the city's departments. */
export function useOwnerOptions(taskId: number) {
  const task = useTask(taskId);
  const counties = (task.data?.scopes ?? []).filter((s) => s.kind === "county" && s.countyId !== null);
  return {
    loading: task.isPending,
    options: [
      { label: "县区", options: counties.map((s) => ({ value: `county:${s.countyId}`, label: s.name })) },
      { label: "市级部门", options: OWNER_DEPARTMENTS.map((d) => ({ value: `department:${d}`, label: DEPARTMENT_LABEL[d] })) },
    ],
  };
}

interface ItemRow {
  owner?: string;
  deadline?: Dayjs;
  measures?: string;
}

const today = () => dayjs().startOf("day");

function ItemFields({ name, taskId }: { name: number; taskId: number }) {
  const owners = useOwnerOptions(taskId);
  return (
    <>
      <Flex gap={12} wrap>
        <Form.Item name={[name, "owner"]} label="责任单位" rules={[{ required: true, message: "请选择责任单位" }]} style={{ flex: "1 1 220px" }}>
          <Select aria-label="责任单位" placeholder="选择县区或市级部门" loading={owners.loading} options={owners.options} showSearch={{ optionFilterProp: "label" }} />
        </Form.Item>
        <Form.Item name={[name, "deadline"]} label="整改期限" rules={[{ required: true, message: "请选择整改期限" }]} style={{ flex: "0 0 200px" }}>
          <DatePicker aria-label="整改期限" style={{ width: "100%" }} format={["YYYY年M月D日", "YYYY-MM-DD"]} disabledDate={(d) => d.isBefore(today())} />
        </Form.Item>
      </Flex>
      <Form.Item name={[name, "measures"]} label="整改措施" rules={[{ required: true, whitespace: true, message: "请填写整改措施" }]}>
        <Input.TextArea aria-label="整改措施" rows={3} maxLength={RECTIFICATION_LIMITS.measures} showCount placeholder="如：制定县级质量安全管理细则并印发执行，报送文件及执行记录。" />
      </Form.Item>
    </>
  );
}

/** 分解整改: one or more items for a finding. */
export function AddItemsModal({ open, onClose, findingId, findingTitle, taskId, defaultCountyId }: { open: boolean; onClose: () => void; findingId: number; findingTitle: string; taskId: number; defaultCountyId: number | null }) {
  const [form] = Form.useForm<{ items: ItemRow[] }>();
  const create = useCreateItems();
  const { message, modal } = App.useApp();
  useEffect(() => {
    if (open) form.setFieldsValue({ items: [{ owner: defaultCountyId ? `county:${defaultCountyId}` : undefined, deadline: undefined, measures: "" }] });
  }, [open, form, defaultCountyId]);
  const submit = async ({ items }: { items: ItemRow[] }) => {
    try {
      const made = await create.mutateAsync({
        findingId,
        items: items.map((i) => ({ owner: ownerOf(i.owner!), deadline: i.deadline!.format("YYYY-MM-DD"), measures: i.measures!.trim() })),
      });
      message.success(`已分解为 ${made.length} 项整改事项`);
      onClose();
    } catch (e) {
      notifySaveError({ message, modal }, e);
    }
  };
  return (
    <Modal open={open} onCancel={onClose} title={`分解整改：${findingTitle}`} width={720} okText="保存整改事项" cancelText="取消" confirmLoading={create.isPending} onOk={() => form.submit()} destroyOnHidden>
      <Typography.Paragraph type="secondary">每项整改事项有一个责任单位。责任单位将收到通知，按期整改并上传佐证材料后提交验收。</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <div key={f.key} style={{ border: "1px solid #eef0f4", borderRadius: 6, padding: "12px 16px 0", marginBottom: 12 }}>
                  <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
                    <Typography.Text strong>{`整改事项 ${i + 1}`}</Typography.Text>
                    {fields.length > 1 && (
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)}>
                        移除
                      </Button>
                    )}
                  </Flex>
                  <ItemFields name={f.name} taskId={taskId} />
                </div>
              ))}
              {fields.length < RECTIFICATION_LIMITS.itemsPerRequest && (
                <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ measures: "" })}>
                  再添加一项
                </Button>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** 编辑 an item: owner, deadline, measures, sent over the version the user saw. */
export function EditItemModal({ open, onClose, item }: { open: boolean; onClose: () => void; item: RectificationItem }) {
  const [form] = Form.useForm<{ items: ItemRow[] }>();
  const update = useUpdateItem(item.id);
  const { message, modal } = App.useApp();
  useEffect(() => {
    if (!open) return;
    const owner: ItemOwner = item.ownerKind === "county" ? { kind: "county", countyId: item.countyId! } : { kind: "department", department: item.department! };
    form.setFieldsValue({ items: [{ owner: ownerValue(owner), deadline: dayjs(item.deadline), measures: item.measures }] });
  }, [open, form, item]);
  const submit = async ({ items: [v] }: { items: ItemRow[] }) => {
    try {
      await update.mutateAsync({ version: item.version, owner: ownerOf(v.owner!), deadline: v.deadline!.format("YYYY-MM-DD"), measures: v.measures!.trim() });
      message.success("已保存整改事项");
      onClose();
    } catch (e) {
      notifySaveError({ message, modal }, e);
      if (isVersionConflict(e)) onClose();
    }
  };
  return (
    <Modal open={open} onCancel={onClose} title="编辑整改事项" width={640} okText="保存" cancelText="取消" confirmLoading={update.isPending} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.List name="items">{(fields) => fields.map((f) => <ItemFields key={f.key} name={f.name} taskId={item.taskId} />)}</Form.List>
      </Form>
    </Modal>
  );
}
