/**
 * 记录问题: a finding by hand (scope city / county / project with pickers), from a leaf that lost
 * points (its figures shown read-only: the server records them), or from a county reply; and 编辑.
 */
import { useEffect, useState } from "react";
import { Alert, App, Descriptions, Flex, Form, Input, Modal, Radio, Select, Typography } from "antd";
import type { Comment, SheetNodeView } from "../../../../contracts/evaluations";
import { FINDING_CATEGORIES, leafFindingText, SEVERITIES, SEVERITY_LABEL, type FindingCategory, type FindingScope, type Severity } from "../../../../core/rectification/rules";
import { RECTIFICATION_LIMITS, type Finding } from "../../../../contracts/rectification";
import { useLedger } from "../../app/ledger";
import { notifySaveError } from "../../components/states";
import { Num, pts, ptsFixed } from "../evaluations/shared";
import { useTask } from "../evaluations/api";
import { useProjects } from "../projects/api";
import { isVersionConflict } from "../../api";
import { useCreateFinding, useUpdateFinding, type FindingCreate } from "./api";
import { SCOPE_LABEL } from "./shared";

/** Where the new finding comes from, or the finding being edited. */
export type FindingSource =
  | { kind: "manual" }
  | { kind: "leaf"; scopeId: number; scopeName: string; node: SheetNodeView; path: string[] }
  | { kind: "reply"; scopeName: string; node: SheetNodeView; path: string[]; comment: Comment }
  | { kind: "edit"; finding: Finding };

interface Values {
  category?: FindingCategory;
  severity?: Severity;
  scope?: FindingScope;
  countyId?: number;
  projectId?: number;
  title?: string;
  description?: string;
  evidence?: string;
}

/** A category the leaf's path names (资金管理, 项目管理 …), if any. */
function categoryOfPath(path: string[]): FindingCategory | undefined {
  return FINDING_CATEGORIES.find((c) => path.some((p) => p.includes(c)));
}

function initialValues(source: FindingSource): Values {
  if (source.kind === "edit") {
    const f = source.finding;
    return { category: f.category as FindingCategory, severity: f.severity, title: f.title, description: f.description, evidence: f.evidence };
  }
  if (source.kind === "manual") return { severity: "minor", scope: "county" };
  const { node } = source;
  const reasons = [node.leaf?.reason ?? ""];
  const text = leafFindingText({ leafName: node.name, weight: node.weight, score: node.score, lost: node.lost, valueText: null, deductions: reasons }, source.scopeName);
  return {
    category: categoryOfPath(source.path),
    severity: "minor",
    title: source.kind === "reply" ? `${node.name}（县区意见）` : text.title,
    description: source.kind === "reply" ? `${source.scopeName}对「${node.name}」提出意见：${source.comment.body}` : text.description,
    evidence: node.leaf?.note ?? "",
  };
}

/** The leaf's figures as the sheet shows them now; the server records its own snapshot with the finding. */
function LeafFigures({ node, path }: { node: SheetNodeView; path: string[] }) {
  const leaf = node.leaf;
  return (
    <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }} styles={{ label: { width: 100 } }}>
      <Descriptions.Item label="指标">{path.join(" › ")}</Descriptions.Item>
      <Descriptions.Item label="得分">
        <Num>{`分值 ${pts(node.weight)} 分，得 ${ptsFixed(node.score)} 分，失 ${ptsFixed(node.lost)} 分`}</Num>
      </Descriptions.Item>
      {leaf && leaf.figures.length > 0 && (
        <Descriptions.Item label="取值">
          {leaf.figures.map((f) => (
            <div key={f.label}>
              {f.label}：<Num>{f.text}</Num>
            </div>
          ))}
        </Descriptions.Item>
      )}
      {leaf?.formula && <Descriptions.Item label="计分过程">{leaf.formula}</Descriptions.Item>}
      {leaf?.reason && <Descriptions.Item label="扣分原因">{leaf.reason}</Descriptions.Item>}
    </Descriptions>
  );
}

function ScopePickers({ taskId, form }: { taskId: number; form: ReturnType<typeof Form.useForm<Values>>[0] }) {
  const task = useTask(taskId);
  const { fundYear } = useLedger();
  const scope = Form.useWatch("scope", form);
  const countyId = Form.useWatch("countyId", form);
  const [q, setQ] = useState("");
  const projects = useProjects({ fundYearId: task.data?.fundYearId ?? fundYear.id, countyId, q: q || undefined, page: 1, pageSize: 50 });
  const counties = (task.data?.scopes ?? []).filter((s) => s.kind === "county" && s.countyId !== null);
  return (
    <>
      <Form.Item name="scope" label="问题范围" rules={[{ required: true, message: "请选择问题范围" }]}>
        <Radio.Group
          optionType="button"
          options={(["city", "county", "project"] as const).map((s) => ({ value: s, label: SCOPE_LABEL[s] }))}
          onChange={() => form.setFieldsValue({ countyId: undefined, projectId: undefined })}
        />
      </Form.Item>
      {scope !== "city" && (
        <Flex gap={12} wrap>
          <Form.Item name="countyId" label="县区" rules={[{ required: true, message: "请选择县区" }]} style={{ flex: "0 0 200px" }}>
            <Select
              aria-label="县区"
              placeholder="选择县区"
              loading={task.isPending}
              options={counties.map((s) => ({ value: s.countyId!, label: s.name }))}
              onChange={() => form.setFieldsValue({ projectId: undefined })}
              showSearch={{ optionFilterProp: "label" }}
            />
          </Form.Item>
          {scope === "project" && (
            <Form.Item name="projectId" label="项目" rules={[{ required: true, message: "请选择项目" }]} style={{ flex: "1 1 260px" }}>
              <Select
                aria-label="项目"
                placeholder={countyId ? "输入项目编号或名称搜索" : "请先选择县区"}
                disabled={!countyId}
                loading={projects.isFetching}
                options={(projects.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))}
                showSearch={{ filterOption: false, onSearch: setQ }}
                notFoundContent={projects.isFetching ? "正在查找…" : "没有找到项目"}
              />
            </Form.Item>
          )}
        </Flex>
      )}
    </>
  );
}

export function FindingFormModal({ open, onClose, taskId, source, onSaved }: { open: boolean; onClose: () => void; taskId: number; source: FindingSource; onSaved?: (f: Finding) => void }) {
  const [form] = Form.useForm<Values>();
  const create = useCreateFinding(taskId);
  const update = useUpdateFinding();
  const { message, modal } = App.useApp();
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(initialValues(source));
    }
  }, [open, form, source]);

  const submit = async (v: Values) => {
    const fields = { category: v.category!, severity: v.severity!, title: v.title?.trim(), description: v.description?.trim(), evidence: v.evidence?.trim() ?? "" };
    try {
      let saved: Finding;
      if (source.kind === "edit") {
        saved = await update.mutateAsync({ id: source.finding.id, version: source.finding.version, ...fields, title: fields.title, description: fields.description });
        message.success("已保存问题");
      } else {
        const body: FindingCreate =
          source.kind === "leaf"
            ? { origin: "leaf", evaluationScopeId: source.scopeId, leafCode: source.node.code, ...fields }
            : source.kind === "reply"
              ? { origin: "reply", commentId: source.comment.id, ...fields }
              : { origin: "manual", scope: v.scope!, countyId: v.scope === "city" ? null : v.countyId, projectId: v.scope === "project" ? v.projectId : null, ...fields, title: fields.title ?? "", description: fields.description ?? "" };
        saved = await create.mutateAsync(body);
        message.success(`已记为问题：${saved.title}`);
      }
      onSaved?.(saved);
      onClose();
    } catch (e) {
      notifySaveError({ message, modal }, e);
      if (isVersionConflict(e)) onClose();
    }
  };

  const title = source.kind === "edit" ? "编辑问题" : source.kind === "leaf" ? `记为问题：${source.node.name}` : source.kind === "reply" ? "据县区意见记为问题" : "新增问题";
  return (
    <Modal open={open} onCancel={onClose} title={title} width={720} okText="保存" cancelText="取消" confirmLoading={create.isPending || update.isPending} onOk={() => form.submit()} destroyOnHidden>
      {source.kind === "leaf" && <LeafFigures node={source.node} path={source.path} />}
      {source.kind === "reply" && (
        <>
          <LeafFigures node={source.node} path={source.path} />
          <Alert
            style={{ marginBottom: 16 }}
            type="warning"
            showIcon
            title={`${source.comment.authorName}的意见`}
            description={<span style={{ whiteSpace: "pre-wrap" }}>{source.comment.body}</span>}
          />
        </>
      )}
      {(source.kind === "leaf" || source.kind === "reply") && (
        <Typography.Paragraph type="secondary">{`保存时系统记录「${source.scopeName}」评分表中本指标的取值与得分，之后评分变化不影响本问题。`}</Typography.Paragraph>
      )}
      <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Flex gap={12} wrap>
          <Form.Item name="category" label="问题类别" rules={[{ required: true, message: "请选择问题类别" }]} style={{ flex: "0 0 200px" }}>
            <Select aria-label="问题类别" placeholder="选择类别" options={FINDING_CATEGORIES.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Form.Item name="severity" label="严重程度" rules={[{ required: true, message: "请选择严重程度" }]}>
            <Radio.Group optionType="button" options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABEL[s] }))} />
          </Form.Item>
        </Flex>
        {source.kind === "manual" && <ScopePickers taskId={taskId} form={form} />}
        {source.kind === "edit" && (
          <Typography.Paragraph type="secondary">{`问题范围：${source.finding.scopeLabel}（范围与来源不能修改）`}</Typography.Paragraph>
        )}
        <Form.Item name="title" label="问题标题" rules={[{ required: true, whitespace: true, message: "请填写问题标题" }]}>
          <Input aria-label="问题标题" maxLength={RECTIFICATION_LIMITS.title} showCount placeholder="如：部分项目资金拨付进度滞后" />
        </Form.Item>
        <Form.Item name="description" label="问题描述（写入评价报告第六部分）" rules={[{ required: true, whitespace: true, message: "请填写问题描述" }]}>
          <Input.TextArea aria-label="问题描述" rows={4} maxLength={RECTIFICATION_LIMITS.description} showCount />
        </Form.Item>
        <Form.Item name="evidence" label="问题依据">
          <Input.TextArea aria-label="问题依据" rows={2} maxLength={RECTIFICATION_LIMITS.evidence} showCount placeholder="如：查阅县级资金拨付台账、抽查 5 个项目的支付凭证" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
