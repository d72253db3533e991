/** 指标体系与等级标准: template versions (edit a draft, publish, new version) and grade scales. */
import { useState } from "react";
import { App, Button, Card, Checkbox, Flex, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Link, useNavigate } from "react-router";
import type { GradeScaleRecord, TemplateSummary } from "../../../../contracts/evaluations";
import { gradeScaleProblems, type GradeScale } from "../../../../core/scoring/grades";
import { parsePoints } from "../../../../core/scoring/points";
import { NUMBER_LIMITS } from "../../../../contracts/limits";
import { NumberField, numberRule } from "../../components/NumberField";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, errorMessage, notifySaveError, PageError, PageSkeleton } from "../../components/states";
import { isVersionConflict } from "../../api";
import { useCreateTemplate, useDeleteGradeScale, useDeleteTemplate, useGradeScales, useSaveGradeScale, useTemplates } from "./api";

const STATUS: Record<TemplateSummary["status"], { color: string; text: string }> = {
  draft: { color: "default", text: "草稿" },
  published: { color: "success", text: "已发布（现行）" },
  retired: { color: "default", text: "已发布（历史版本）" },
};

function TemplateList() {
  const templates = useTemplates();
  const { can } = useSession();
  const { linkTo } = useLedger();
  const navigate = useNavigate();
  const create = useCreateTemplate();
  const remove = useDeleteTemplate();
  const { message, modal } = App.useApp();
  const manage = can("evaluation.manage");
  const newDraft = async (body: { fromId?: number; newFamily?: boolean }) => {
    try {
      const t = await create.mutateAsync(body);
      message.success(`已新建「${t.name}」第 ${t.version} 版草稿`);
      navigate(linkTo(`/evaluation/templates/${t.id}`));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  if (templates.isPending) return <PageSkeleton rows={1} />;
  if (templates.isError) return <PageError error={templates.error} onRetry={() => void templates.refetch()} />;
  return (
    <Card
      title="指标体系模板"
      extra={
        manage && (
          <Button type="primary" icon={<PlusOutlined />} loading={create.isPending} onClick={() => void newDraft({ newFamily: true })}>
            由默认模板新建
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        模板按版本管理：已发布的版本不再修改，修改须新建版本；评价任务创建时复制所用版本，之后模板的任何修改都不影响已有任务。
      </Typography.Paragraph>
      {templates.data.length === 0 ? (
        <EmptyState description="还没有指标体系模板" />
      ) : (
        <Table<TemplateSummary>
          rowKey="id"
          pagination={false}
          dataSource={templates.data}
          columns={[
            { title: "模板", dataIndex: "name", render: (n: string, t) => <Link to={linkTo(`/evaluation/templates/${t.id}`)}>{n}</Link> },
            { title: "版本", dataIndex: "version", width: 70, render: (v: number) => `第 ${v} 版` },
            { title: "状态", dataIndex: "status", width: 150, render: (s: TemplateSummary["status"]) => <Tag color={STATUS[s].color}>{STATUS[s].text}</Tag> },
            { title: "评价类型", dataIndex: "evaluationType", width: 100 },
            { title: "末级指标", dataIndex: "leafCount", width: 90, align: "right" },
            {
              title: "校验",
              dataIndex: "errorCount",
              width: 110,
              render: (n: number) => (n ? <Tag color="error">{n} 个问题</Tag> : <Tag color="success">通过</Tag>),
            },
            { title: "使用任务", dataIndex: "usedBy", width: 90, align: "right" },
            {
              title: "操作",
              key: "ops",
              width: 240,
              render: (_, t) => (
                <Space size={4} wrap>
                  <Link to={linkTo(`/evaluation/templates/${t.id}`)}>{t.status === "draft" && manage ? "编辑" : "查看"}</Link>
                  {manage && t.status !== "draft" && (
                    <Button type="link" size="small" onClick={() => void newDraft({ fromId: t.id })}>
                      新建版本
                    </Button>
                  )}
                  {manage && (
                    <Button type="link" size="small" onClick={() => void newDraft({ fromId: t.id, newFamily: true })}>
                      复制为新模板
                    </Button>
                  )}
                  {manage && t.status === "draft" && (
                    <Button
                      type="link"
                      size="small"
                      danger
                      onClick={() =>
                        modal.confirm({
                          title: `删除「${t.name}」第 ${t.version} 版草稿？`,
                          okText: "删除",
                          cancelText: "取消",
                          okButtonProps: { danger: true },
                          onOk: async () => {
                            try {
                              await remove.mutateAsync(t.id);
                              message.success("已删除草稿");
                            } catch (e) {
                              message.error(errorMessage(e));
                            }
                          },
                        })
                      }
                    >
                      删除
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

interface ScaleForm {
  name: string;
  grades: { label: string; min: number | null; inclusive: boolean }[];
  vetoGrade: string | null;
}

function ScaleModal({ editing, onClose }: { editing: GradeScaleRecord | "new" | null; onClose: () => void }) {
  const [form] = Form.useForm<ScaleForm>();
  const save = useSaveGradeScale();
  const { message, modal } = App.useApp();
  const initial: GradeScale =
    editing && editing !== "new"
      ? editing.definition
      : {
          name: "",
          grades: [
            { label: "优", min: 9000, inclusive: true },
            { label: "良", min: 8000, inclusive: true },
            { label: "中", min: 6000, inclusive: true },
            { label: "差", min: null, inclusive: true },
          ],
          vetoGrade: "差",
        };
  const grades = Form.useWatch("grades", form) ?? [];
  return (
    <Modal
      open={editing !== null}
      title={editing === "new" ? "新建等级标准" : "修改等级标准"}
      okText="保存"
      cancelText="取消"
      width={640}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<ScaleForm>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ name: initial.name, grades: initial.grades.map((g) => ({ ...g, min: g.min === null ? null : g.min / 100 })), vetoGrade: initial.vetoGrade }}
        onFinish={async (v) => {
          const scale: GradeScale = {
            name: v.name.trim(),
            grades: v.grades.map((g, i) => ({ label: g.label.trim(), min: i === v.grades.length - 1 || g.min === null ? null : parsePoints(String(g.min)), inclusive: g.inclusive })),
            vetoGrade: v.vetoGrade ?? null,
          };
          const problems = gradeScaleProblems(scale);
          if (problems.length) return void message.error(problems.join("；"));
          try {
            const existing = editing === "new" || editing === null ? null : editing;
            await save.mutateAsync({ id: existing?.id ?? null, scale, version: existing?.version });
            message.success("已保存等级标准（已建任务保留各自的等级标准副本）");
            onClose();
          } catch (e) {
            notifySaveError({ message, modal }, e);
            if (isVersionConflict(e)) onClose();
          }
        }}
      >
        <Form.Item name="name" label="名称" rules={[{ required: true, message: "请填写名称" }]}>
          <Input maxLength={60} placeholder="如：某省财政绩效评价四级标准" />
        </Form.Item>
        <Typography.Paragraph type="secondary">从高到低填写等级；最低等级不设下限。「含」表示恰好等于下限的得分属于该等级。</Typography.Paragraph>
        <Form.List name="grades">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Flex key={f.key} gap={8} align="baseline">
                  <Form.Item name={[f.name, "label"]} rules={[{ required: true, message: "请填写等级名称" }]}>
                    <Input placeholder="等级名称" style={{ width: 120 }} />
                  </Form.Item>
                  {i < fields.length - 1 ? (
                    <>
                      <Form.Item name={[f.name, "min"]} rules={[{ required: true, message: "请填写下限" }, numberRule(NUMBER_LIMITS.gradeMin)]}>
                        <NumberField limit={NUMBER_LIMITS.gradeMin} aria-label="等级下限" placeholder="下限（分）" style={{ width: 130 }} suffix="分以上" />
                      </Form.Item>
                      <Form.Item name={[f.name, "inclusive"]} valuePropName="checked">
                        <Checkbox>含</Checkbox>
                      </Form.Item>
                    </>
                  ) : (
                    <Typography.Text type="secondary" style={{ width: 230 }}>
                      低于上一等级的得分
                    </Typography.Text>
                  )}
                  {fields.length > 2 && <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除等级" onClick={() => remove(f.name)} />}
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ label: "", min: null, inclusive: true }, Math.max(0, fields.length - 1))} disabled={fields.length >= 10}>
                添加等级
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="vetoGrade" label="触发一票否决时，等级最高为" style={{ marginTop: 16 }}>
          <Select allowClear placeholder="最低等级" options={grades.filter((g) => g?.label).map((g) => ({ value: g.label, label: g.label }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ScaleList() {
  const scales = useGradeScales();
  const { can } = useSession();
  const remove = useDeleteGradeScale();
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState<GradeScaleRecord | "new" | null>(null);
  const manage = can("evaluation.manage");
  if (scales.isPending) return <PageSkeleton rows={1} />;
  if (scales.isError) return <PageError error={scales.error} onRetry={() => void scales.refetch()} />;
  return (
    <Card
      title="等级标准"
      extra={
        manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")}>
            新建等级标准
          </Button>
        )
      }
    >
      <Table<GradeScaleRecord>
        rowKey="id"
        pagination={false}
        dataSource={scales.data}
        columns={[
          { title: "名称", key: "name", width: 220, render: (_, s) => <Space>{s.definition.name}{s.builtIn && <Tag>内置</Tag>}</Space> },
          { title: "等级划分", dataIndex: "description" },
          { title: "一票否决后等级", key: "veto", width: 130, render: (_, s) => s.definition.vetoGrade ?? "最低等级" },
          { title: "使用任务", dataIndex: "usedBy", width: 90, align: "right" },
          {
            title: "操作",
            key: "ops",
            width: 130,
            render: (_, s) =>
              manage && !s.builtIn ? (
                <Space size={4}>
                  <Button type="link" size="small" onClick={() => setEditing(s)}>
                    修改
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    danger
                    disabled={s.usedBy > 0}
                    onClick={() =>
                      modal.confirm({
                        title: `删除等级标准「${s.definition.name}」？`,
                        okText: "删除",
                        cancelText: "取消",
                        okButtonProps: { danger: true },
                        onOk: async () => {
                          try {
                            await remove.mutateAsync(s.id);
                            message.success("已删除");
                          } catch (e) {
                            message.error(errorMessage(e));
                          }
                        },
                      })
                    }
                  >
                    删除
                  </Button>
                </Space>
              ) : (
                <Typography.Text type="secondary">{s.builtIn ? "内置，不可修改" : "—"}</Typography.Text>
              ),
          },
        ]}
      />
      {manage && <ScaleModal editing={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

export default function TemplatesPage() {
  return (
    <>
      <PageHeader title="指标体系与等级标准" subtitle="事后评价的指标体系（一级 → 二级 → 三级、分值与评分规则）和评价等级标准" />
      <Tabs
        items={[
          { key: "templates", label: "指标体系模板", children: <TemplateList /> },
          { key: "scales", label: "等级标准", children: <ScaleList /> },
        ]}
      />
    </>
  );
}
