/** 评价任务: the evaluations of the chosen fund year, and (for finance) a new one. */
import { useEffect, useMemo, useState } from "react";
import { App, Button, Card, Checkbox, DatePicker, Form, Input, Modal, Select, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { Link, useNavigate } from "react-router";
import type { TaskSummary } from "../../../../contracts/evaluations";
import { OVERALL_METHOD_LABEL, OVERALL_METHODS, type OverallMethod } from "../../../../core/scoring/aggregate";
import { formatDateCn } from "../../../../core/dates";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, errorMessage, PageError, PageSkeleton } from "../../components/states";
import { useCounties } from "../admin/api";
import { useCreateTask, useGradeScales, useTasks, useTemplates } from "./api";
import { StateTag } from "./shared";
import { ScrollTable } from "../../components/ScrollTable";

interface CreateForm {
  name: string;
  templateId: number;
  gradeScaleId: number;
  asOf: dayjs.Dayjs;
  evaluatorOrg: string;
  overallMethod: OverallMethod;
  offsiteCountyIds: number[];
}

function CreateTaskModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { fundYear, linkTo } = useLedger();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateForm>();
  const templates = useTemplates();
  const scales = useGradeScales();
  const counties = useCounties(fundYear.id);
  const create = useCreateTask();
  const published = useMemo(() => (templates.data ?? []).filter((t) => t.status === "published"), [templates.data]);
  // The choices arrive after the form mounts: pick the first of each once they are there.
  useEffect(() => {
    if (!open) return;
    if (published[0] && !form.getFieldValue("templateId")) form.setFieldValue("templateId", published[0].id);
    if (scales.data?.[0] && !form.getFieldValue("gradeScaleId")) form.setFieldValue("gradeScaleId", scales.data[0].id);
  }, [open, published, scales.data, form]);
  return (
    <Modal
      open={open}
      title="新建评价任务"
      okText="创建"
      cancelText="取消"
      width={640}
      confirmLoading={create.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<CreateForm>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          name: `${fundYear.year}年度${fundYear.programme}绩效评价`,
          asOf: dayjs(fundYear.evaluationDate),
          overallMethod: "city_sheet",
          offsiteCountyIds: [],
          templateId: published[0]?.id,
          gradeScaleId: scales.data?.[0]?.id,
        }}
        onFinish={async (v) => {
          try {
            const t = await create.mutateAsync({
              fundYearId: fundYear.id,
              name: v.name,
              templateId: v.templateId,
              gradeScaleId: v.gradeScaleId,
              asOf: v.asOf.format("YYYY-MM-DD"),
              evaluatorOrg: v.evaluatorOrg,
              overallMethod: v.overallMethod,
              offsiteCountyIds: v.offsiteCountyIds,
            });
            message.success("已创建评价任务");
            onClose();
            navigate(linkTo(`/evaluations/${t.id}`));
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      >
        <Form.Item name="name" label="任务名称" rules={[{ required: true, message: "请填写任务名称" }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="templateId" label="指标体系（复制到任务中，之后修改模板不影响本任务）" rules={[{ required: true, message: "请选择已发布的指标体系" }]}>
          <Select
            loading={templates.isPending}
            options={published.map((t) => ({ value: t.id, label: `${t.name}（第 ${t.version} 版，${t.evaluationType}）` }))}
            notFoundContent="没有已发布的指标体系"
          />
        </Form.Item>
        <Form.Item name="gradeScaleId" label="等级标准" rules={[{ required: true, message: "请选择等级标准" }]}>
          <Select loading={scales.isPending} options={(scales.data ?? []).map((s) => ({ value: s.id, label: `${s.definition.name}：${s.description}` }))} />
        </Form.Item>
        <Form.Item name="asOf" label="评价日（系统计算的指标取数截止日）" rules={[{ required: true, message: "请选择评价日" }]}>
          <DatePicker format="YYYY年M月D日" allowClear={false} />
        </Form.Item>
        <Form.Item name="evaluatorOrg" label="评价机构（该机构的评价人员负责评分）" rules={[{ required: true, message: "请填写评价机构" }]}>
          <Input maxLength={100} placeholder="如：山东明信绩效评价咨询有限公司" />
        </Form.Item>
        <Form.Item name="overallMethod" label="区域总体得分">
          <Select options={OVERALL_METHODS.map((m) => ({ value: m, label: OVERALL_METHOD_LABEL[m] }))} />
        </Form.Item>
        <Form.Item name="offsiteCountyIds" label="仅非现场评价的县区（其余为现场与非现场评价）">
          <Checkbox.Group options={(counties.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function TasksPage() {
  const { fundYear, linkTo } = useLedger();
  const { can } = useSession();
  const tasks = useTasks(fundYear.id);
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);

  const header = (
    <PageHeader
      title="评价任务"
      subtitle={`${fundYear.region.name} · ${fundYear.programme} · ${fundYear.year}年度：事后绩效评价，市级与各县区评分表`}
      extra={
        can("evaluation.manage") && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建评价任务
          </Button>
        )
      }
    />
  );
  if (tasks.isPending) return (<>{header}<PageSkeleton rows={1} /></>);
  if (tasks.isError) return (<>{header}<PageError error={tasks.error} onRetry={() => void tasks.refetch()} /></>);
  return (
    <>
      {header}
      <Card>
        {tasks.data.length === 0 ? (
          <EmptyState
            description={
              can("evaluation.manage")
                ? "本年度还没有评价任务。点击右上角「新建评价任务」开始。"
                : can("evaluation.reply") && !can("evaluation.score")
                  ? "暂无需要本县区反馈意见的评价任务：评价机构完成评分并发送征求意见后，这里会显示。"
                  : "本年度没有分配给您的评价任务。"
            }
          />
        ) : (
          <ScrollTable<TaskSummary>
            aria-label="评价任务列表"
            rowKey="id"
            dataSource={tasks.data}
            scroll={{ x: 1290 }}
            pagination={false}
            rowClassName={() => "clickable-row"}
            onRow={(t) => ({ onClick: () => navigate(linkTo(`/evaluations/${t.id}`)) })}
            columns={[
              { title: "任务", dataIndex: "name", width: 260, render: (name: string, t) => <Link to={linkTo(`/evaluations/${t.id}`)}>{name}</Link> },
              { title: "状态", dataIndex: "state", width: 130, render: (s: TaskSummary["state"]) => <StateTag state={s} /> },
              { title: "评价日", dataIndex: "asOf", width: 140, render: (d: string) => formatDateCn(d) },
              { title: "评价机构", dataIndex: "evaluatorOrg", width: 240 },
              { title: "指标体系", key: "template", width: 220, render: (_, t) => `${t.templateName}（第 ${t.templateVersion} 版）` },
              { title: "等级标准", dataIndex: "gradeScaleName", width: 150 },
              {
                title: "定稿",
                key: "final",
                width: 150,
                render: (_, t) => (t.finalizedAt ? <Typography.Text type="secondary">{`${formatDateCn(t.finalizedAt.slice(0, 10))} ${t.finalizedBy ?? ""}`}</Typography.Text> : "—"),
              },
            ]}
          />
        )}
      </Card>
      {can("evaluation.manage") && <CreateTaskModal open={creating} onClose={() => setCreating(false)} />}
    </>
  );
}
