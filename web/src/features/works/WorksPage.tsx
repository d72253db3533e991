/** 施工计划: the planned works of the utility operators; an operator registers and edits its own. */
import { useMemo, useState } from "react";
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Modal, Select, Skeleton, Switch, Tag, Typography, type TableColumnsType } from "antd";
import { CloudUploadOutlined, PlusOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import type { UtilityKind, WorkStatus } from "../../../../core/works/kinds";
import { createWorkSchema, UTILITY_KINDS, WORK_SCOPE_MAX, WORK_STATUSES, type Work } from "../../../../contracts/works";
import { ApiError } from "../../api";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { ImportPanel } from "../../components/ImportPanel";
import { LinkButton } from "../../components/LinkButton";
import { PageHeader } from "../../components/PageHeader";
import { InlineError, notifySaveError } from "../../components/states";
import { count } from "../projects/shared";
import { useConflictSettings, useCreateWork, useOperators, useSharedCommunities, useUpdateWork, useWorks, worksKeys } from "./api";
import { WorkStatusTag, windowText } from "./shared";
import { CountySelect } from "../../components/CountySelect";
import { ScrollTable } from "../../components/ScrollTable";

export default function WorksPage() {
  const { fundYear, fundYears, linkTo } = useLedger();
  const { me, can } = useSession();
  const [countyId, setCountyId] = useState<number | undefined>();
  const [year, setYear] = useState<number | undefined>();
  const [status, setStatus] = useState<WorkStatus | undefined>();
  const [editing, setEditing] = useState<Work | "new" | null>(null);
  const [importing, setImporting] = useState(false);
  const works = useWorks({ countyId, year });
  const isOperator = can("works.write");
  const rows = useMemo(() => (works.data ?? []).filter((w) => !status || w.status === status), [works.data, status]);
  const years = [...new Set(fundYears.map((f) => f.year))].sort((a, b) => b - a);

  const columns: TableColumnsType<Work> = [
    { title: "小区", dataIndex: "communityName", width: 170 },
    ...(me.county ? [] : [{ title: "县区", dataIndex: "countyName", width: 70 }]),
    ...(isOperator ? [] : [{ title: "专营单位", dataIndex: "operatorName", width: 190 }]),
    { title: "专业", dataIndex: "kind", width: 64 },
    { title: "施工内容", dataIndex: "scope" },
    { title: "计划施工期", key: "window", width: 200, render: (_, w) => windowText(w.plannedFrom, w.plannedTo) },
    { title: "开挖", dataIndex: "digs", width: 64, render: (d: boolean) => (d ? <Tag color="orange">开挖</Tag> : <Tag>不开挖</Tag>) },
    { title: "状态", dataIndex: "status", width: 80, render: (s: WorkStatus) => <WorkStatusTag status={s} /> },
    ...(isOperator
      ? [
          {
            title: "操作",
            key: "actions",
            width: 70,
            render: (_: unknown, w: Work) =>
              w.editable ? (
                <Button size="small" type="link" onClick={() => setEditing(w)} aria-label={`修改 ${w.communityName} 的施工计划`}>
                  修改
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title="施工计划"
        subtitle={
          isOperator
            ? `${me.organisation ?? "本单位"}在${fundYear.region.name}各小区的管线施工计划；与改造项目或其他专营单位先后开挖的，列入开挖冲突`
            : `各专营单位在${me.county?.name ?? fundYear.region.name}登记的管线施工计划`
        }
        extra={
          <>
            <LinkButton to={linkTo("/works/conflicts")}>查看开挖冲突</LinkButton>
            {isOperator && (
              <Button icon={<CloudUploadOutlined />} onClick={() => setImporting((v) => !v)} aria-expanded={importing}>
                从 Excel 导入
              </Button>
            )}
            {isOperator && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")}>
                登记施工计划
              </Button>
            )}
          </>
        }
      />
      {isOperator && importing && (
        <div style={{ marginBottom: 16 }}>
          <ImportPanel
            label="施工计划"
            endpoint="/works/import"
            template={{ path: "/works/import/template.xlsx", fileName: "施工计划导入模板.xlsx" }}
            hint="七列：小区编码（见模板「小区」工作表）、专业、施工内容、计划开始日期、计划完成日期、是否开挖（是/否，不填按本市规则）、状态（不填为 计划）。模板中已列出本单位已登记的计划，保留不会重复登记。"
            invalidates={[worksKeys.all]}
            doneExtra={<Button onClick={() => setImporting(false)}>查看施工计划</Button>}
          />
        </div>
      )}
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          {!me.county && <CountySelect value={countyId} onChange={setCountyId} />}
          <Select
            aria-label="年度"
            allowClear
            placeholder="全部年度"
            style={{ width: 130 }}
            value={year}
            onChange={setYear}
            options={years.map((y) => ({ value: y, label: `${y}年` }))}
          />
          <Select aria-label="状态" allowClear placeholder="全部状态" style={{ width: 120 }} value={status} onChange={setStatus} options={WORK_STATUSES.map((s) => ({ value: s, label: s }))} />
        </Flex>
        {works.isError ? (
          <InlineError error={works.error} onRetry={() => void works.refetch()} />
        ) : (
          <ScrollTable<Work>
            aria-label="施工计划列表"
            size="small"
            rowKey="id"
            loading={works.isFetching}
            columns={columns}
            dataSource={rows}
            scroll={{ x: 1100 }}
            pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (n) => `共 ${count(n)} 项` } : false}
            locale={{ emptyText: isOperator ? "本单位尚未登记施工计划，点击右上角“登记施工计划”添加" : "没有符合条件的施工计划" }}
          />
        )}
        {rows.length > 0 && rows.length <= 20 && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="works-total">
            共 {count(rows.length)} 项施工计划
          </Typography.Text>
        )}
      </Card>
      {editing && <WorkForm work={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

interface FormValues {
  communityId: number;
  kind: UtilityKind;
  scope: string;
  window: [Dayjs, Dayjs];
  digs: boolean;
  status: WorkStatus;
}

const scopeField = createWorkSchema.shape.scope;
/** Form field of each server problem column (the server names columns in Chinese). */
const FIELD_OF: Record<string, keyof FormValues> = { 小区: "communityId", 专业: "kind", 施工内容: "scope", 计划施工期: "window", 状态: "status" };

/** Registers a new work (work = null) or edits one of the operator's own, once the operator's kinds and the rule are known. */
function WorkForm({ work, onClose }: { work: Work | null; onClose: () => void }) {
  const { me } = useSession();
  const operators = useOperators();
  const settings = useConflictSettings();
  const error = operators.error ?? settings.error;
  if (operators.data && settings.data) {
    const own = operators.data.find((o) => o.name === me.organisation);
    return <WorkFormBody work={work} onClose={onClose} kinds={own?.kinds ?? UTILITY_KINDS} diggingKinds={settings.data.diggingKinds} />;
  }
  return (
    <Modal title={work ? "修改施工计划" : "登记施工计划"} open onCancel={onClose} footer={null}>
      {error ? <InlineError error={error} /> : <Skeleton active paragraph={{ rows: 6 }} />}
    </Modal>
  );
}

function WorkFormBody({ work, onClose, kinds, diggingKinds }: { work: Work | null; onClose: () => void; kinds: readonly UtilityKind[]; diggingKinds: readonly UtilityKind[] }) {
  const app = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const communities = useSharedCommunities({});
  const create = useCreateWork();
  const update = useUpdateWork();
  const communityId = Form.useWatch("communityId", form);
  const chosen = communities.data?.find((c) => c.id === communityId);

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const fields = { kind: v.kind, scope: v.scope.trim(), plannedFrom: v.window[0].format("YYYY-MM-DD"), plannedTo: v.window[1].format("YYYY-MM-DD"), digs: v.digs, status: v.status };
    try {
      if (work) {
        await update.mutateAsync({ id: work.id, version: work.version, ...fields });
        app.message.success(`已保存${work.communityName}的施工计划`);
      } else {
        const w = await create.mutateAsync({ communityId: v.communityId, ...fields });
        app.message.success(`已登记${w.communityName}的施工计划`);
      }
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.code === "VERSION_CONFLICT") {
        notifySaveError(app, e);
        onClose();
        return;
      }
      if (e instanceof ApiError && e.problems.length) {
        form.setFields(e.problems.filter((p) => p.column && FIELD_OF[p.column]).map((p) => ({ name: FIELD_OF[p.column!], errors: [p.message] })));
      }
      notifySaveError(app, e);
    }
  };

  const digsByDefault = (kind: UtilityKind) => diggingKinds.includes(kind);
  const firstKind = kinds[0];

  return (
    <Modal
      title={work ? `修改施工计划：${work.communityName}` : "登记施工计划"}
      open
      width={640}
      onCancel={onClose}
      onOk={() => void save()}
      okText={work ? "保存" : "登记"}
      cancelText="取消"
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={
          work
            ? { communityId: work.communityId, kind: work.kind, scope: work.scope, window: [dayjs(work.plannedFrom), dayjs(work.plannedTo)], digs: work.digs, status: work.status }
            : { kind: firstKind, digs: digsByDefault(firstKind), status: "计划" }
        }
        onValuesChange={(changed: Partial<FormValues>) => {
          // A new kind brings the region's default of whether it digs (燃气、供水 dig; 通信 may not).
          if (changed.kind) form.setFieldValue("digs", digsByDefault(changed.kind));
        }}
      >
        <Form.Item name="communityId" label="小区" rules={[{ required: true, message: "请选择小区" }]}>
          <Select
            showSearch={{ optionFilterProp: "label" }}
            disabled={work !== null}
            loading={communities.isPending}
            placeholder="输入小区名称或编号查找"
            options={(communities.data ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.countyName}${c.street ? ` · ${c.street}` : ""}，${c.code}）` }))}
          />
        </Form.Item>
        {chosen?.project && (
          <Alert
            style={{ marginBottom: 16 }}
            type="info"
            showIcon
            title={`该小区有改造项目：${chosen.project.name}（${chosen.project.batchYear}年度）`}
            description={`计划施工期 ${windowText(chosen.project.plannedStartOn, chosen.project.plannedCompletionOn)}。需开挖的管线施工宜与改造同期进行，避免反复开挖。`}
          />
        )}
        <Flex gap={16}>
          <Form.Item name="kind" label="专业" rules={[{ required: true, message: "请选择专业" }]} style={{ flex: 1 }}>
            <Select options={kinds.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
          <Form.Item name="status" label="状态" rules={[{ required: true, message: "请选择状态" }]} style={{ flex: 1 }}>
            <Select options={WORK_STATUSES.map((s) => ({ value: s, label: s }))} />
          </Form.Item>
          <Form.Item name="digs" label="是否开挖" valuePropName="checked" style={{ width: 110 }}>
            <Switch checkedChildren="开挖" unCheckedChildren="不开挖" />
          </Form.Item>
        </Flex>
        <Form.Item
          name="scope"
          label="施工内容"
          rules={[
            { required: true, message: "请填写施工内容" },
            { validator: (_, v?: string) => (!v || scopeField.safeParse(v).success ? Promise.resolve() : Promise.reject(new Error(scopeField.safeParse(v).error?.issues[0]?.message))) },
          ]}
        >
          <Input.TextArea rows={3} maxLength={WORK_SCOPE_MAX} showCount placeholder="如 庭院燃气管网改造，更换调压箱 2 台" />
        </Form.Item>
        <Form.Item name="window" label="计划施工期" rules={[{ required: true, message: "请选择计划开始和完成日期" }]}>
          <DatePicker.RangePicker style={{ width: "100%" }} format="YYYY年M月D日" placeholder={["计划开始日期", "计划完成日期"]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
