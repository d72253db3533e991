/** 资金来源与项目: the funding sources (财政 / 非财政) and the fund programmes a fund year starts from. */
import { useState } from "react";
import { App, Button, Card, Form, Input, Modal, Radio, Select, Space, Table, Tag, Tooltip, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { MEASURE_LABEL } from "../../../../core/monitoring";
import {
  PERIOD_KIND_LABEL,
  PERIOD_KINDS,
  PROGRAMME_NAME_MAX,
  SOURCE_CATEGORIES,
  SOURCE_CATEGORY_LABEL,
  SOURCE_NAME_MAX,
  SORT_ORDER_LIMIT,
  type Programme,
  type ProgrammeMonitoring,
  type SetupSource,
  type SourceCategory,
} from "../../../../contracts/setup";
import { ApiError } from "../../api";
import { PageHeader } from "../../components/PageHeader";
import { InlineError, PageError, PageSkeleton } from "../../components/states";
import { useTemplates } from "../evaluations/api";
import { useCreateProgramme, useCreateSource, useDeleteSource, useProgrammes, useSources, useUpdateProgramme, useUpdateSource } from "./api";
import { NumberField, numberRule } from "../../components/NumberField";

interface SourceForm {
  name: string;
  category: SourceCategory;
  sortOrder?: number;
}

/** Server problems that name a field show on it. */
function showProblems(form: { setFields: (f: { name: never; errors: string[] }[]) => void }, e: unknown, fields: string[]) {
  if (e instanceof ApiError) form.setFields(e.problems.filter((p) => p.column && fields.includes(p.column)).map((p) => ({ name: p.column as never, errors: [p.message] })));
}

function SourcesCard() {
  const { message, modal } = App.useApp();
  const sources = useSources();
  const create = useCreateSource();
  const update = useUpdateSource();
  const remove = useDeleteSource();
  const [editing, setEditing] = useState<SetupSource | "new" | null>(null);
  const [form] = Form.useForm<SourceForm>();

  if (sources.isPending) return <PageSkeleton rows={1} />;
  if (sources.isError) return <PageError error={sources.error} onRetry={() => void sources.refetch()} />;

  const open = (s: SetupSource | "new") => {
    setEditing(s);
    form.resetFields();
    if (s !== "new") form.setFieldsValue({ name: s.name, category: s.category, sortOrder: s.sortOrder });
  };
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      if (editing === "new") {
        const s = await create.mutateAsync({ name: v.name, category: v.category, sortOrder: v.sortOrder ?? undefined });
        message.success(`已新增资金来源「${s.name}」`);
      } else if (editing) {
        await update.mutateAsync({ id: editing.id, name: v.name, category: v.category, sortOrder: v.sortOrder ?? undefined });
        message.success(`已保存资金来源「${v.name}」`);
      }
      setEditing(null);
    } catch (e) {
      showProblems(form, e, ["name", "code"]);
    }
  };
  const confirmDelete = (s: SetupSource) =>
    modal.confirm({
      title: `删除资金来源「${s.name}」？`,
      content: "删除后导入和项目计划投资中不能再使用该来源。",
      okText: "删除",
      okButtonProps: { danger: true },
      onOk: () =>
        remove.mutateAsync(s.id).then(
          () => void message.success(`已删除资金来源「${s.name}」`),
          (e: unknown) => void message.error(e instanceof Error ? e.message : "删除失败"),
        ),
    });
  const error = create.error ?? update.error;

  return (
    <Card
      title="资金来源"
      extra={
        <Button icon={<PlusOutlined />} onClick={() => open("new")}>
          新增资金来源
        </Button>
      }
    >
      <Table<SetupSource>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={sources.data}
        columns={[
          { title: "排序", dataIndex: "sortOrder", width: 70 },
          { title: "名称", dataIndex: "name" },
          { title: "类别", dataIndex: "category", width: 90, render: (c: SourceCategory, s) => <Tag color={c === "fiscal" ? "blue" : "green"}>{s.categoryLabel}</Tag> },
          { title: "编码", dataIndex: "code", width: 140, render: (c: string) => <Typography.Text type="secondary">{c}</Typography.Text> },
          { title: "使用情况", dataIndex: "inUse", width: 100, render: (u: boolean) => (u ? "已使用" : <Typography.Text type="secondary">未使用</Typography.Text>) },
          {
            title: "操作",
            width: 130,
            render: (_, s) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => open(s)}>
                  编辑
                </Button>
                <Tooltip title={s.inUse ? "已被资金下达、支付或项目计划投资使用，不能删除" : undefined}>
                  <Button type="link" size="small" danger disabled={s.inUse} onClick={() => confirmDelete(s)}>
                    删除
                  </Button>
                </Tooltip>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        title={editing === "new" ? "新增资金来源" : `编辑资金来源「${editing?.name ?? ""}」`}
        open={editing !== null}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        okText="保存"
        confirmLoading={create.isPending || update.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" requiredMark="optional" initialValues={{ category: "fiscal" }}>
          <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: "请填写资金来源名称" }, { max: SOURCE_NAME_MAX, message: `不超过 ${SOURCE_NAME_MAX} 个字` }]}>
            <Input placeholder="如：彩票公益金" />
          </Form.Item>
          <Form.Item name="category" label="类别" rules={[{ required: true }]} extra="非财政资金计入项目的社会资本筹资占比">
            <Radio.Group options={SOURCE_CATEGORIES.map((c) => ({ value: c, label: SOURCE_CATEGORY_LABEL[c] }))} />
          </Form.Item>
          <Form.Item name="sortOrder" label="排序号" rules={[numberRule(SORT_ORDER_LIMIT)]} extra="表格中按排序号从小到大排列；不填则排在最后">
            <NumberField limit={SORT_ORDER_LIMIT} aria-label="排序号" style={{ width: 120 }} />
          </Form.Item>
        </Form>
        {error && <InlineError title="未能保存" error={error} />}
      </Modal>
    </Card>
  );
}

const relative = (d: { yearOffset: number; monthDay: string }) => `${d.yearOffset === 0 ? "当年" : d.yearOffset === 1 ? "次年" : d.yearOffset === -1 ? "上年" : `第${d.yearOffset}年`}${Number(d.monthDay.slice(0, 2))}月${Number(d.monthDay.slice(3))}日`;

function MonitoringSummary({ m }: { m: ProgrammeMonitoring }) {
  return (
    <Space direction="vertical" size={2}>
      {m.indicators.map((x) => (
        <Typography.Text key={x.measure} style={{ fontSize: 12 }}>
          {x.name || MEASURE_LABEL[x.measure]}：{relative(x.from)}至{relative(x.to)}，偏差 {x.yellowGapBp / 100} 个百分点黄色、{x.redGapBp / 100} 个百分点红色预警
        </Typography.Text>
      ))}
    </Space>
  );
}

interface ProgrammeForm {
  name: string;
  templateCode: string | null;
  periodKind: ProgrammeMonitoring["periodKind"];
  sortOrder?: number;
}

function ProgrammesCard() {
  const { message } = App.useApp();
  const programmes = useProgrammes();
  const templates = useTemplates();
  const create = useCreateProgramme();
  const update = useUpdateProgramme();
  const [editing, setEditing] = useState<Programme | "new" | null>(null);
  const [form] = Form.useForm<ProgrammeForm>();

  if (programmes.isPending) return <PageSkeleton rows={1} />;
  if (programmes.isError) return <PageError error={programmes.error} onRetry={() => void programmes.refetch()} />;
  const builtin = programmes.data.find((p) => p.builtin);
  // One entry per template family: a fund year takes the family's newest published version.
  const families = [...new Map((templates.data ?? []).map((t) => [t.code, t.name])).entries()].map(([value, label]) => ({ value, label }));

  const open = (p: Programme | "new") => {
    setEditing(p);
    form.resetFields();
    const from = p === "new" ? builtin : p;
    form.setFieldsValue({ name: p === "new" ? "" : p.name, templateCode: from?.templateCode ?? null, periodKind: from?.monitoring.periodKind ?? "quarter", sortOrder: p === "new" ? undefined : p.sortOrder });
  };
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    // The indicators stay as they are (a new programme starts from the built-in one's).
    const base = editing === "new" ? builtin?.monitoring : editing?.monitoring;
    const monitoring = base ? { ...base, periodKind: v.periodKind } : undefined;
    try {
      if (editing === "new") {
        const p = await create.mutateAsync({ name: v.name, templateCode: v.templateCode ?? null, monitoring, sortOrder: v.sortOrder ?? undefined });
        message.success(`已新增资金项目「${p.name}」`);
      } else if (editing) {
        await update.mutateAsync({ id: editing.id, name: v.name, templateCode: v.templateCode ?? null, monitoring, sortOrder: v.sortOrder ?? undefined });
        message.success(`已保存资金项目「${v.name}」，新开的资金年度起适用`);
      }
      setEditing(null);
    } catch (e) {
      showProblems(form, e, ["name", "templateCode"]);
    }
  };
  const error = create.error ?? update.error;

  return (
    <Card
      title="资金项目"
      extra={
        <Button icon={<PlusOutlined />} onClick={() => open("new")}>
          新增资金项目
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">新建资金年度时，从资金项目取指标体系模板（该模板的最新发布版本）和双监控的默认设置；修改资金项目不影响已有的资金年度。</Typography.Paragraph>
      <Table<Programme>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={programmes.data}
        expandable={{ expandedRowRender: (p) => <MonitoringSummary m={p.monitoring} />, rowExpandable: (p) => p.monitoring.indicators.length > 0 }}
        columns={[
          { title: "名称", dataIndex: "name", render: (n: string, p) => <Space size={4}>{n}{p.builtin && <Tag color="gold">内置</Tag>}</Space> },
          { title: "指标体系模板", dataIndex: "templateName", render: (n: string | null) => n ?? <Typography.Text type="secondary">评价时选择</Typography.Text> },
          { title: "改造内容", dataIndex: "contentItems", width: 120, render: (c: string[] | null) => (c === null ? "全部改造内容" : `${c.length} 项`) },
          { title: "双监控", width: 150, render: (_, p) => `${PERIOD_KIND_LABEL[p.monitoring.periodKind]}，${p.monitoring.indicators.length} 项指标` },
          { title: "资金年度", dataIndex: "fundYears", width: 90 },
          {
            title: "操作",
            width: 80,
            render: (_, p) => (
              <Button type="link" size="small" onClick={() => open(p)}>
                编辑
              </Button>
            ),
          },
        ]}
      />
      <Modal
        title={editing === "new" ? "新增资金项目" : `编辑资金项目「${editing?.name ?? ""}」`}
        open={editing !== null}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        okText="保存"
        confirmLoading={create.isPending || update.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" requiredMark="optional">
          <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: "请填写资金项目名称" }, { max: PROGRAMME_NAME_MAX, message: `不超过 ${PROGRAMME_NAME_MAX} 个字` }]}>
            <Input placeholder="如：城镇老旧小区改造补助资金" />
          </Form.Item>
          <Form.Item name="templateCode" label="指标体系模板" extra="新建资金年度时使用该模板的最新发布版本">
            <Select allowClear loading={templates.isPending} placeholder="评价时再选择" options={families} />
          </Form.Item>
          <Form.Item name="periodKind" label="双监控填报周期" rules={[{ required: true }]} extra={editing === "new" ? "监测指标和预警阈值沿用内置资金项目的设置" : undefined}>
            <Radio.Group options={PERIOD_KINDS.map((k) => ({ value: k, label: PERIOD_KIND_LABEL[k] }))} />
          </Form.Item>
          <Form.Item name="sortOrder" label="排序号" rules={[numberRule(SORT_ORDER_LIMIT)]}>
            <NumberField limit={SORT_ORDER_LIMIT} aria-label="排序号" style={{ width: 120 }} />
          </Form.Item>
        </Form>
        {error && <InlineError title="未能保存" error={error} />}
      </Modal>
    </Card>
  );
}

export default function SourcesPage() {
  return (
    <>
      <PageHeader title="资金来源与项目" subtitle="资金来源是资金台账的列（中央补助、省级补助……居民出资等），分财政与非财政；资金项目是新建资金年度的起点。" />
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        <SourcesCard />
        <ProgrammesCard />
      </Space>
    </>
  );
}
