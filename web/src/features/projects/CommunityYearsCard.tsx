/** 按小区填报: one community's 长效管养 by year (mode, fee collection, 红色物业, 业委会); the latest year is the community's own state. */
import { useState } from "react";
import { App, Button, Card, Flex, Form, Modal, Select, Switch, Table, Tag, Typography, type TableColumnsType } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { formatRate } from "../../../../core/format";
import { PROPERTY_MODE_LABEL, PROPERTY_MODES, type PropertyMode } from "../../../../core/registry";
import type { NumberLimit } from "../../../../contracts/limits";
import { MAINTENANCE_YEAR_MAX, MAINTENANCE_YEAR_MIN, type MaintenanceYearRecord } from "../../../../contracts/maintenance";
import { showSaveError } from "../../components/formErrors";
import { NumberField, numberRule, type NumberFieldValue } from "../../components/NumberField";
import { InlineError } from "../../components/states";
import { useSharedCommunities } from "../works/api";
import { useCommunityMaintenance, useRecordMaintenanceYear } from "./api";

const FEE_LIMIT: NumberLimit = { label: "物业费收缴率", min: 0, max: 100, unit: "%", decimals: 2 };
const YEAR_LIMIT: NumberLimit = { label: "年度", min: MAINTENANCE_YEAR_MIN, max: MAINTENANCE_YEAR_MAX, decimals: 0 };

export function CommunityYearsCard() {
  const [communityId, setCommunityId] = useState<number | undefined>();
  const [editing, setEditing] = useState<MaintenanceYearRecord | "new" | null>(null);
  const list = useSharedCommunities({});
  const m = useCommunityMaintenance(communityId);
  const columns: TableColumnsType<MaintenanceYearRecord> = [
    { title: "年度", dataIndex: "year", width: 80, render: (v: number, r) => <>{v}年{m.data && r.year === m.data.years.at(-1)?.year && <Tag style={{ marginInlineStart: 6 }}>最新</Tag>}</> },
    { title: "物业管理模式", dataIndex: "propertyMode", render: (v: PropertyMode) => PROPERTY_MODE_LABEL[v] },
    { title: "物业费收缴率", dataIndex: "feeCollectionBp", align: "right", render: (v: number | null) => <span className="num">{formatRate(v)}</span> },
    { title: "红色物业", dataIndex: "redProperty", render: (v: boolean) => (v ? <Tag color="red">红色物业</Tag> : "—") },
    { title: "业委会", dataIndex: "ownersCommittee", render: (v: boolean) => (v ? <Tag color="blue">已成立</Tag> : "—") },
    { title: "填报人", dataIndex: "updatedBy", render: (v: string | null) => v ?? "—" },
    ...(m.data?.canEdit ? [{ title: "操作", key: "edit", width: 72, render: (_: unknown, r: MaintenanceYearRecord) => <Button size="small" onClick={() => setEditing(r)}>修改</Button> }] : []),
  ];
  return (
    <Card title="按小区填报逐年管养情况" style={{ marginTop: 16 }}>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label="选择小区"
          showSearch={{ optionFilterProp: "label" }}
          allowClear
          style={{ width: 420 }}
          placeholder="输入小区名称或编号查找"
          loading={list.isPending}
          value={communityId}
          onChange={setCommunityId}
          options={(list.data ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.countyName}，${c.code}）` }))}
        />
        {m.data?.canEdit && (
          <Button icon={<PlusOutlined />} onClick={() => setEditing("new")}>
            填报年度
          </Button>
        )}
      </Flex>
      {communityId === undefined ? (
        <Typography.Text type="secondary">选择一个小区，查看并填报它每年的物业管理模式、物业费收缴率、红色物业和业委会情况；最近一年的填报同时更新小区库中的物业管理模式和收缴率。</Typography.Text>
      ) : m.isError ? (
        <InlineError error={m.error} onRetry={() => void m.refetch()} />
      ) : (
        <Table<MaintenanceYearRecord> aria-label="小区逐年管养记录" size="small" rowKey="year" loading={m.isFetching} pagination={false} columns={columns} dataSource={m.data?.years ?? []} locale={{ emptyText: "该小区尚无逐年记录" }} />
      )}
      {editing && communityId !== undefined && m.data && (
        <YearForm communityId={communityId} name={m.data.community.name} record={editing === "new" ? null : editing} taken={m.data.years.map((y) => y.year)} onClose={() => setEditing(null)} />
      )}
    </Card>
  );
}

interface FormValues {
  year: NumberFieldValue;
  propertyMode: PropertyMode;
  fee: NumberFieldValue;
  redProperty: boolean;
  ownersCommittee: boolean;
}

const FIELD_OF: Record<string, keyof FormValues> = { 年度: "year", 物业管理模式: "propertyMode", 物业费收缴率: "fee" };

function YearForm({ communityId, name, record, taken, onClose }: { communityId: number; name: string; record: MaintenanceYearRecord | null; taken: number[]; onClose: () => void }) {
  const app = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const save = useRecordMaintenanceYear();
  const mode = Form.useWatch("propertyMode", form);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const year = Number(v.year);
    try {
      await save.mutateAsync({
        communityId,
        year,
        version: record?.version ?? 0,
        propertyMode: v.propertyMode,
        feeCollectionBp: v.propertyMode === "none" || v.fee === null || v.fee === "" ? null : Math.round(Number(v.fee) * 100),
        redProperty: v.redProperty,
        ownersCommittee: v.ownersCommittee,
      });
      app.message.success(`已保存${name}${year}年度的管养情况`);
      onClose();
    } catch (e) {
      showSaveError(app, form, e, FIELD_OF, onClose);
    }
  };
  return (
    <Modal title={`${name} · ${record ? `修改${record.year}年度` : "填报年度"}管养情况`} open onCancel={onClose} onOk={() => void submit()} okText="保存" cancelText="取消" confirmLoading={save.isPending} destroyOnHidden>
      <Form<FormValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={{
          year: record?.year ?? null,
          propertyMode: record?.propertyMode ?? "professional",
          fee: record?.feeCollectionBp === null || record?.feeCollectionBp === undefined ? null : record.feeCollectionBp / 100,
          redProperty: record?.redProperty ?? false,
          ownersCommittee: record?.ownersCommittee ?? false,
        }}
      >
        <Flex gap={16}>
          <Form.Item
            name="year"
            label="年度"
            rules={[
              { required: true, message: "请填写年度" },
              numberRule(YEAR_LIMIT),
              { validator: (_, v: NumberFieldValue) => (!record && typeof v === "number" && taken.includes(v) ? Promise.reject(new Error(`${v}年度已有记录，请在列表中修改`)) : Promise.resolve()) },
            ]}
          >
            <NumberField limit={YEAR_LIMIT} aria-label="年度" disabled={record !== null} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="propertyMode" label="物业管理模式" rules={[{ required: true, message: "请选择物业管理模式" }]} style={{ flex: 1 }}>
            <Select options={PROPERTY_MODES.map((p) => ({ value: p, label: PROPERTY_MODE_LABEL[p] }))} />
          </Form.Item>
        </Flex>
        {mode !== "none" && (
          <Form.Item name="fee" label="物业费收缴率" rules={[numberRule(FEE_LIMIT)]} extra="未收取物业费或不掌握时留空">
            <NumberField limit={FEE_LIMIT} aria-label="物业费收缴率" suffix="%" style={{ width: 160 }} />
          </Form.Item>
        )}
        <Flex gap={32}>
          <Form.Item name="redProperty" label="红色物业" valuePropName="checked">
            <Switch checkedChildren="是" unCheckedChildren="否" />
          </Form.Item>
          <Form.Item name="ownersCommittee" label="业委会" valuePropName="checked">
            <Switch checkedChildren="已成立" unCheckedChildren="未成立" />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}
