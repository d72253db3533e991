/** 专营设施移交: after renovation, each kind of utility facility of a community handed over to its operator; counted per county. */
import { useMemo, useState } from "react";
import { App, Button, Card, DatePicker, Flex, Form, Input, Modal, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { formatCount, formatDate, formatRate } from "../../../../core/format";
import { UTILITY_KINDS, type UtilityKind } from "../../../../core/works/kinds";
import { HANDOVER_NOTE_MAX, HANDOVER_RECEIVER_MAX, HANDOVER_STATUSES, type HandoverStatus } from "../../../../core/works/handover";
import type { Handover, HandoverPage } from "../../../../contracts/handovers";
import { showSaveError } from "../../components/formErrors";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { CountySelect } from "../../components/CountySelect";
import { PageHeader } from "../../components/PageHeader";
import { InlineError, PageError, PageSkeleton } from "../../components/states";
import { StatCards } from "../funds/shared";
import { useHandovers, useOperators, useRecordHandover } from "./api";
import { ScrollTable } from "../../components/ScrollTable";

type CountyLine = HandoverPage["counties"][number];
type CommunityLine = HandoverPage["communities"][number];

const STATUS_COLOR: Record<HandoverStatus, string> = { 未移交: "orange", 移交中: "processing", 已移交: "green", 不涉及: "default" };
/** Facility kinds not yet handed over nor in progress: required − 已移交 − 移交中. */
const pending = (l: { required: number; handedOver: number; inProgress: number }) => l.required - l.handedOver - l.inProgress;

export default function HandoversPage() {
  const { fundYear } = useLedger();
  const { me } = useSession();
  const [countyId, setCountyId] = useState<number | undefined>();
  const [editing, setEditing] = useState<{ community: CommunityLine; kind: UtilityKind; record: Handover | null } | null>(null);
  const totals = useHandovers({ fundYearId: fundYear.id });
  const list = useHandovers({ fundYearId: fundYear.id, countyId });
  if (totals.isPending) return <PageSkeleton />;
  if (totals.isError) return <PageError error={totals.error} onRetry={() => void totals.refetch()} />;
  const d = totals.data;
  const c = d.city;

  const countyColumns: TableColumnsType<CountyLine> = [
    { title: "县区", dataIndex: ["county", "name"], width: 90 },
    { title: "已完工小区", dataIndex: "communities", align: "right", render: (v: number) => <span className="num">{formatCount(v)}</span> },
    { title: "应移交设施", dataIndex: "required", align: "right", render: (v: number) => <span className="num">{formatCount(v)}</span> },
    { title: "已移交", dataIndex: "handedOver", align: "right", render: (v: number) => <span className="num">{formatCount(v)}</span> },
    { title: "移交中", dataIndex: "inProgress", align: "right", render: (v: number) => <span className="num">{formatCount(v)}</span> },
    { title: "未移交", key: "pending", align: "right", render: (_, l) => <span className="num">{formatCount(pending(l))}</span> },
    { title: "不涉及", dataIndex: "notApplicable", align: "right", render: (v: number) => <span className="num">{formatCount(v)}</span> },
    { title: "专营设施移交率", dataIndex: "shareBp", align: "right", render: (v: number | null) => <span className="num">{formatRate(v)}</span> },
  ];

  return (
    <>
      <PageHeader
        title="专营设施移交"
        subtitle={`${fundYear.year}年度改造完工小区的供水、排水、供电、燃气、供热、通信设施向专营单位移交产权的情况（示例数据）`}
      />
      <StatCards
        stats={[
          { title: "已完工小区", value: formatCount(c.communities), suffix: "个" },
          { title: "应移交设施", value: formatCount(c.required), suffix: "项", note: `每个小区六类，${formatCount(c.notApplicable)} 项不涉及` },
          { title: "已移交", value: formatCount(c.handedOver), suffix: "项", note: `移交中 ${formatCount(c.inProgress)} 项，未移交 ${formatCount(pending(c))} 项` },
          { title: "专营设施移交率", value: formatRate(c.shareBp), note: "已移交 ÷ 应移交" },
        ]}
      />
      {!me.county && (
        <Card title="各县区专营设施移交率" style={{ marginBottom: 16 }}>
          <Table<CountyLine>
            aria-label="各县区专营设施移交"
            size="small"
            rowKey={(l) => l.county.id}
            pagination={false}
            columns={countyColumns}
            dataSource={d.counties}
            summary={() => (
              <Table.Summary.Row style={{ fontWeight: 600, background: "#fafbfc" }}>
                <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                {[c.communities, c.required, c.handedOver, c.inProgress, pending(c), c.notApplicable].map((v, i) => (
                  <Table.Summary.Cell key={i} index={i + 1} align="right">
                    <span className="num">{formatCount(v)}</span>
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={7} align="right">
                  <span className="num">{formatRate(c.shareBp)}</span>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        </Card>
      )}
      <Card title="各小区设施移交情况">
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          {!me.county && <CountySelect value={countyId} onChange={setCountyId} />}
        </Flex>
        {list.isError ? (
          <InlineError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <CommunityTable data={list.data} loading={list.isFetching} showCounty={!me.county} onEdit={(community, kind, record) => setEditing({ community, kind, record })} />
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          专营设施移交率 = 已移交的设施 ÷ 应移交的设施（每个已完工小区六类，减去小区没有的“不涉及”）；未登记的设施按未移交计。{d.canRecord ? "点击设施状态可登记或修改。" : ""}
        </Typography.Text>
      </Card>
      {editing && <HandoverForm {...editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function CommunityTable({
  data,
  loading,
  showCounty,
  onEdit,
}: {
  data: HandoverPage | undefined;
  loading: boolean;
  showCounty: boolean;
  onEdit: (c: CommunityLine, kind: UtilityKind, record: Handover | null) => void;
}) {
  const rows = data?.communities ?? [];
  const canRecord = data?.canRecord ?? false;
  const columns: TableColumnsType<CommunityLine> = useMemo(
    () => [
      { title: "小区", dataIndex: "name", width: 170, fixed: "left" },
      ...(showCounty ? [{ title: "县区", dataIndex: "countyName", width: 70 }] : []),
      { title: "完工日期", dataIndex: "completedOn", width: 120, render: (v: string) => formatDate(v) },
      ...UTILITY_KINDS.map((kind) => ({
        title: kind,
        key: kind,
        width: 92,
        render: (_: unknown, c: CommunityLine) => {
          const h = c.handovers.find((x) => x.kind === kind) ?? null;
          const status: HandoverStatus = h?.status ?? "未移交";
          const tip = h ? [h.handedOverOn && `移交日期 ${formatDate(h.handedOverOn)}`, (h.operatorName ?? h.receiver) && `接收单位 ${h.operatorName ?? h.receiver}`, h.note].filter(Boolean).join("；") : "尚未登记";
          const tag = (
            <Tag color={STATUS_COLOR[status]} style={{ marginInlineEnd: 0, cursor: canRecord ? "pointer" : undefined }}>
              {status}
            </Tag>
          );
          return (
            <Tooltip title={tip || status}>
              {canRecord ? (
                <Button type="text" size="small" style={{ padding: 0 }} aria-label={`登记${c.name}${kind}设施移交`} onClick={() => onEdit(c, kind, h)}>
                  {tag}
                </Button>
              ) : (
                tag
              )}
            </Tooltip>
          );
        },
      })),
      { title: "改造项目", dataIndex: "projectName", width: 220, ellipsis: true },
    ],
    [showCounty, canRecord, onEdit],
  );
  return (
    <ScrollTable<CommunityLine>
      aria-label="各小区设施移交情况"
      size="small"
      rowKey="id"
      loading={loading}
      columns={columns}
      dataSource={rows}
      scroll={{ x: 1100 }}
      pagination={{ defaultPageSize: 20, showSizeChanger: true, pageSizeOptions: [20, 50, 100], showTotal: (n) => `共 ${formatCount(n)} 个小区` }}
      locale={{ emptyText: "本年度尚无完工的小区" }}
    />
  );
}

interface FormValues {
  status: HandoverStatus;
  handedOverOn?: Dayjs | null;
  operatorId?: number | null;
  receiver?: string;
  note?: string;
}

const FIELD_OF: Record<string, keyof FormValues> = { 状态: "status", 移交日期: "handedOverOn", 接收单位: "receiver", 接收专营单位: "operatorId", 备注: "note" };

function HandoverForm({ community, kind, record, onClose }: { community: CommunityLine; kind: UtilityKind; record: Handover | null; onClose: () => void }) {
  const app = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const operators = useOperators();
  const save = useRecordHandover();
  const status = Form.useWatch("status", form) ?? record?.status ?? "未移交";
  const operatorId = Form.useWatch("operatorId", form);
  const options = (operators.data ?? []).filter((o) => o.kinds.includes(kind));

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const none = v.status === "不涉及";
    try {
      await save.mutateAsync({
        communityId: community.id,
        kind,
        version: record?.version ?? 0,
        status: v.status,
        handedOverOn: v.status === "已移交" && v.handedOverOn ? v.handedOverOn.format("YYYY-MM-DD") : null,
        operatorId: none ? null : (v.operatorId ?? null),
        receiver: none || v.operatorId ? null : v.receiver?.trim() || null,
        note: v.note?.trim() || null,
      });
      app.message.success(`已登记${community.name}的${kind}设施移交情况`);
      onClose();
    } catch (e) {
      showSaveError(app, form, e, FIELD_OF, onClose);
    }
  };

  return (
    <Modal
      title={`${community.name} · ${kind}设施移交`}
      open
      onCancel={onClose}
      onOk={() => void submit()}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={{
          status: record?.status ?? "已移交",
          handedOverOn: record?.handedOverOn ? dayjs(record.handedOverOn) : null,
          operatorId: record?.operatorId ?? (record ? null : (options[0]?.id ?? null)),
          receiver: record?.receiver ?? "",
          note: record?.note ?? "",
        }}
      >
        <Form.Item name="status" label="移交状态" rules={[{ required: true, message: "请选择移交状态" }]}>
          <Select aria-label="移交状态" options={HANDOVER_STATUSES.map((s) => ({ value: s, label: s === "不涉及" ? "不涉及（小区无此类设施）" : s }))} />
        </Form.Item>
        {status === "已移交" && (
          <Form.Item name="handedOverOn" label="移交日期" rules={[{ required: true, message: "已移交的设施须填写移交日期" }]}>
            <DatePicker style={{ width: "100%" }} format="YYYY年M月D日" placeholder="选择移交日期" disabledDate={(d) => d.isAfter(dayjs(), "day")} />
          </Form.Item>
        )}
        {status !== "不涉及" && (
          <Flex gap={16}>
            <Form.Item name="operatorId" label="接收专营单位" style={{ flex: 1 }}>
              <Select allowClear placeholder="其他单位请在右侧填写" loading={operators.isPending} options={options.map((o) => ({ value: o.id, label: o.name }))} />
            </Form.Item>
            <Form.Item
              name="receiver"
              label="其他接收单位"
              style={{ flex: 1 }}
              rules={[
                { max: HANDOVER_RECEIVER_MAX, message: `接收单位不超过 ${HANDOVER_RECEIVER_MAX} 字` },
                {
                  validator: (_, v?: string) =>
                    status === "已移交" && !operatorId && !v?.trim() ? Promise.reject(new Error("已移交的设施须填写接收单位")) : Promise.resolve(),
                },
              ]}
            >
              <Input disabled={!!operatorId} placeholder="如 临沂市热力有限公司" />
            </Form.Item>
          </Flex>
        )}
        <Form.Item name="note" label="备注" rules={[{ max: HANDOVER_NOTE_MAX, message: `备注不超过 ${HANDOVER_NOTE_MAX} 字` }]}>
          <Input.TextArea rows={2} maxLength={HANDOVER_NOTE_MAX} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
