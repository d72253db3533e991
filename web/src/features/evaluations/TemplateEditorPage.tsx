/**
 * 指标体系编辑: the tree (level 1 → 2 → 3) with weights and the scoring rule and data source of every
 * leaf, bonus/penalty and veto items; the template checks of SPEC §4 run as the user types (the same
 * core checks the server applies on publish).
 */
import { useEffect, useMemo, useState } from "react";
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  List,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined, SaveOutlined, SendOutlined } from "@ant-design/icons";
import { useNavigate, useParams } from "react-router";
import type { MetricInfo } from "../../../../contracts/evaluations";
import { describeRule, RULE_LABEL, type Band, type Rule, type RuleKind } from "../../../../core/scoring/rules";
import {
  DIMENSIONS,
  EVALUATION_TYPES,
  MAX_LEVELS,
  sumWeights,
  templateProblems,
  type AdjustmentItem,
  type Dimension,
  type EvaluationType,
  type IndicatorNode,
  type IndicatorTree,
  type LeafSource,
  type TemplateProblem,
  type VetoItem,
} from "../../../../core/scoring/template";
import { formatPoints, parsePoints } from "../../../../core/scoring/points";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/PageHeader";
import { NUMBER_LIMITS, pointsUpTo } from "../../../../contracts/limits";
import { NumberField, NumberProblems, numberRule, useNumberProblems, whenValid } from "../../components/NumberField";
import { errorMessage, notifySaveError, PageError, PageSkeleton } from "../../components/states";
import { useCreateTemplate, useMetrics, usePublishTemplate, useSaveTemplate, useTemplate } from "./api";

const pts = (c: number) => formatPoints(c);
const centi = (v: number | null | undefined) => (v === null || v === undefined ? 0 : (parsePoints(String(v)) ?? 0));

// ---- immutable tree edits ------------------------------------------------------------------------

function mapNodes(nodes: IndicatorNode[], fn: (n: IndicatorNode) => IndicatorNode | null): IndicatorNode[] {
  return nodes.flatMap((n) => {
    const m = fn(n);
    if (!m) return [];
    return [{ ...m, children: m.children ? mapNodes(m.children, fn) : undefined }];
  });
}

function allCodes(tree: IndicatorTree): Set<string> {
  const out = new Set<string>();
  const walk = (list: IndicatorNode[]) => list.forEach((n) => (out.add(n.code), walk(n.children ?? [])));
  walk(tree.nodes);
  tree.adjustments.forEach((a) => out.add(a.code));
  tree.vetoes.forEach((v) => out.add(v.code));
  return out;
}

function newCode(tree: IndicatorTree, prefix: string): string {
  const used = allCodes(tree);
  for (let i = 1; ; i++) {
    const c = `${prefix}${prefix ? "." : ""}n${i}`;
    if (!used.has(c) && c.length <= 40) return c;
  }
}

function moveWithin(list: IndicatorNode[], code: string, dir: -1 | 1): IndicatorNode[] {
  const i = list.findIndex((n) => n.code === code);
  if (i >= 0) {
    const j = i + dir;
    if (j < 0 || j >= list.length) return list;
    const next = [...list];
    [next[i], next[j]] = [next[j], next[i]];
    return next;
  }
  return list.map((n) => (n.children ? { ...n, children: moveWithin(n.children, code, dir) } : n));
}

const NEW_LEAF = (code: string, weight: number): IndicatorNode => ({ code, name: "新指标", weight, rule: { kind: "manual" }, source: { kind: "manual" } });

// ---- leaf rule editor -------------------------------------------------------------------------

interface LeafFormValues {
  kind: RuleKind;
  direction: "positive" | "negative";
  capped: boolean;
  bands: { min: number; inclusive: boolean; points: number }[];
  perOccurrence: number;
  cap: number;
  zeroAt: number;
  fullAt: number;
  sourceKind: "metric" | "input";
  metric?: string;
  inputLabel?: string;
  unit?: string;
  standard?: string;
  explanation?: string;
}

function formOf(n: IndicatorNode): LeafFormValues {
  const r = n.rule ?? { kind: "manual" };
  const percent = n.unit === "%";
  return {
    kind: r.kind,
    direction: r.kind === "ratio" ? r.direction : "positive",
    capped: r.kind === "ratio" ? r.capped : true,
    bands: r.kind === "bands" ? r.bands.map((b) => ({ min: percent ? b.min / 100 : b.min / 10000, inclusive: b.inclusive, points: b.points / 100 })) : [],
    perOccurrence: r.kind === "deduction" ? r.perOccurrence / 100 : 0.5,
    cap: r.kind === "deduction" ? r.cap / 100 : n.weight / 100,
    zeroAt: r.kind === "survey" ? r.zeroAtBp / 100 : 0,
    fullAt: r.kind === "survey" ? r.fullAtBp / 100 : 100,
    sourceKind: n.source?.kind === "metric" ? "metric" : "input",
    metric: n.source?.kind === "metric" ? n.source.metric : undefined,
    inputLabel: n.source?.kind === "input" ? n.source.label : "评价组核查",
    unit: n.unit,
    standard: n.standard,
    explanation: n.explanation,
  };
}

function ruleOf(v: LeafFormValues, weight: number): { rule: Rule; source: LeafSource; unit?: string } {
  const percent = v.unit === "%";
  let rule: Rule;
  switch (v.kind) {
    case "ratio":
      rule = { kind: "ratio", direction: v.direction, capped: v.capped };
      break;
    case "bands":
      rule = {
        kind: "bands",
        bands: (v.bands ?? []).map((b): Band => ({ min: Math.round((b.min ?? 0) * (percent ? 100 : 10000)), inclusive: !!b.inclusive, points: centi(b.points) })),
      };
      break;
    case "deduction":
      rule = { kind: "deduction", perOccurrence: centi(v.perOccurrence), cap: centi(v.cap) };
      break;
    case "survey":
      rule = { kind: "survey", zeroAtBp: Math.round((v.zeroAt ?? 0) * 100), fullAtBp: Math.round((v.fullAt ?? 100) * 100) };
      break;
    default:
      rule = { kind: "manual" };
  }
  const source: LeafSource =
    rule.kind === "manual" ? { kind: "manual" } : v.sourceKind === "metric" ? { kind: "metric", metric: v.metric ?? "" } : { kind: "input", label: v.inputLabel ?? "" };
  return { rule, source, unit: rule.kind === "ratio" || rule.kind === "survey" ? "%" : v.unit || undefined };
}

function LeafRuleDrawer({
  node,
  metrics,
  readOnly,
  onClose,
  onSave,
}: {
  node: IndicatorNode | null;
  metrics: MetricInfo[];
  readOnly: boolean;
  onClose: () => void;
  onSave: (patch: Partial<IndicatorNode>) => void;
}) {
  const [form] = Form.useForm<LeafFormValues>();
  useEffect(() => {
    if (node) form.setFieldsValue(formOf(node));
  }, [node, form]);
  const kind = Form.useWatch("kind", form);
  const sourceKind = Form.useWatch("sourceKind", form);
  const unit = Form.useWatch("unit", form);
  const weight = node?.weight ?? 0;
  const bandMin = { ...NUMBER_LIMITS.bandMin, decimals: unit === "%" ? 2 : 4 };
  const bandPoints = pointsUpTo("档次得分", weight);
  const perDeduction = pointsUpTo("每处扣分", weight, 0.01);
  const deductionCap = pointsUpTo("最多扣分", weight, 0.01);
  const metricOptions = metrics.filter((m) => kind && kind !== "manual" && m.ruleKinds.includes(kind as "ratio")).map((m) => ({ value: m.key, label: `${m.label}（${m.source}）`, title: m.description }));
  return (
    <Drawer open={!!node} onClose={onClose} size="large" title={node ? `评分规则：${node.name}（${pts(node.weight)} 分）` : ""} destroyOnHidden>
      {node && (
        <Form<LeafFormValues>
          form={form}
          layout="vertical"
          disabled={readOnly}
          onFinish={(v) => {
            onSave({ ...ruleOf(v, node.weight), standard: v.standard?.trim() || undefined, explanation: v.explanation?.trim() || undefined });
            onClose();
          }}
        >
          <Form.Item name="kind" label="评分规则">
            <Radio.Group optionType="button" options={(Object.keys(RULE_LABEL) as RuleKind[]).map((k) => ({ value: k, label: RULE_LABEL[k] }))} />
          </Form.Item>
          {kind === "ratio" && (
            <Space size={24} wrap>
              <Form.Item name="direction" label="指标方向">
                <Radio.Group options={[{ value: "positive", label: "正向（实际 ÷ 目标）" }, { value: "negative", label: "反向（目标 ÷ 实际）" }]} />
              </Form.Item>
              <Form.Item name="capped" label="超过目标">
                <Radio.Group options={[{ value: true, label: "按满分（封顶）" }, { value: false, label: "按偏离度扣分" }]} />
              </Form.Item>
            </Space>
          )}
          {kind === "bands" && (
            <>
              <Form.Item name="unit" label="数值单位">
                <Select style={{ width: 160 }} options={["%", "个", "处", "项", "天"].map((u) => ({ value: u, label: u }))} />
              </Form.Item>
              <Form.List name="bands">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <Flex key={f.key} gap={8} align="baseline">
                        <Form.Item name={[f.name, "min"]} rules={[{ required: true, message: "请填写下限" }, numberRule(bandMin)]}>
                          <NumberField limit={bandMin} aria-label="档次下限" prefix="≥" suffix={unit} style={{ width: 220 }} />
                        </Form.Item>
                        <Form.Item name={[f.name, "inclusive"]} valuePropName="checked">
                          <Switch checkedChildren="含" unCheckedChildren="不含" />
                        </Form.Item>
                        <Form.Item name={[f.name, "points"]} rules={[{ required: true, message: "请填写得分" }, numberRule(bandPoints)]}>
                          <NumberField limit={bandPoints} aria-label="档次得分" prefix="得" suffix="分" style={{ width: 160 }} />
                        </Form.Item>
                        <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除档次" onClick={() => remove(f.name)} />
                      </Flex>
                    ))}
                    <Button icon={<PlusOutlined />} onClick={() => add({ min: 0, inclusive: true, points: 0 })}>
                      添加档次
                    </Button>
                    <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                      从高到低依次比较，达到的第一个档次给分；都未达到得 0 分。
                    </Typography.Paragraph>
                  </>
                )}
              </Form.List>
            </>
          )}
          {kind === "deduction" && (
            <Space size={16}>
              <Form.Item name="perOccurrence" label="每处扣分" rules={[{ required: true, message: "请填写每处扣分" }, numberRule(perDeduction)]}>
                <NumberField limit={perDeduction} aria-label="每处扣分" suffix="分" style={{ width: 140 }} />
              </Form.Item>
              <Form.Item name="cap" label="最多扣" rules={[{ required: true, message: "请填写最多扣分" }, numberRule(deductionCap)]}>
                <NumberField limit={deductionCap} aria-label="最多扣" suffix="分" style={{ width: 140 }} />
              </Form.Item>
            </Space>
          )}
          {kind === "survey" && (
            <Space size={16}>
              <Form.Item name="zeroAt" label="满意率不高于此值得 0 分" rules={[{ required: true, message: "请填写" }, numberRule(NUMBER_LIMITS.satisfactionBound)]}>
                <NumberField limit={NUMBER_LIMITS.satisfactionBound} aria-label="得 0 分的满意率" suffix="%" style={{ width: 140 }} />
              </Form.Item>
              <Form.Item name="fullAt" label="满意率达到此值得满分" rules={[{ required: true, message: "请填写" }, numberRule(NUMBER_LIMITS.satisfactionBound)]}>
                <NumberField limit={NUMBER_LIMITS.satisfactionBound} aria-label="得满分的满意率" suffix="%" style={{ width: 140 }} />
              </Form.Item>
            </Space>
          )}
          {kind && kind !== "manual" && (
            <Card size="small" title="数据来源" style={{ marginBottom: 16 }}>
              <Form.Item name="sourceKind">
                <Radio.Group options={[{ value: "metric", label: "系统计算（评价日取数）" }, { value: "input", label: "评价人员录入（附佐证）" }]} />
              </Form.Item>
              {sourceKind === "metric" ? (
                <Form.Item name="metric" label="系统指标" rules={[{ required: true, message: "请选择系统指标" }]}>
                  <Select options={metricOptions} placeholder="选择由系统计算的指标" />
                </Form.Item>
              ) : (
                <Form.Item name="inputLabel" label="录入数据来源" rules={[{ required: true, message: "请写明数据来源" }]}>
                  <Input maxLength={40} placeholder="如：问卷汇总、评价组核查" />
                </Form.Item>
              )}
            </Card>
          )}
          <Form.Item name="standard" label="评分标准">
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="explanation" label="指标解释">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          {!readOnly && (
            <Button type="primary" htmlType="submit">
              确定
            </Button>
          )}
        </Form>
      )}
    </Drawer>
  );
}

// ---- the page --------------------------------------------------------------------------------

type Row = Omit<IndicatorNode, "children"> & { key: string; level: number; children?: Row[]; parentWeight: number | null };

function toRows(nodes: IndicatorNode[], level = 1, parentWeight: number | null = null): Row[] {
  return nodes.map(({ children, ...n }) => ({
    ...n,
    key: n.code,
    level,
    parentWeight,
    children: children && children.length ? toRows(children, level + 1, n.weight) : undefined,
  }));
}

function ProblemsCard({ problems }: { problems: TemplateProblem[] }) {
  const errors = problems.filter((p) => p.level === "error");
  const warnings = problems.filter((p) => p.level === "warning");
  return (
    <Card
      size="small"
      title={
        errors.length === 0 ? (
          <Space>
            <Tag color="success">通过校验</Tag>
            <span>各级分值相符，一级指标合计 100 分，产出、效益合计满足要求</span>
          </Space>
        ) : (
          <Space>
            <Tag color="error">{errors.length} 个问题</Tag>
            <span>须修改后才能发布</span>
          </Space>
        )
      }
      style={{ marginBottom: 16 }}
    >
      {errors.length > 0 && (
        <List size="small" dataSource={errors} renderItem={(p) => <List.Item style={{ color: "#cf1322", paddingInline: 0 }}>{p.message}</List.Item>} />
      )}
      {warnings.length > 0 && (
        <details>
          <summary style={{ cursor: "pointer", color: "rgba(0,0,0,0.55)" }}>{`${warnings.length} 条提示（不影响发布）`}</summary>
          <List size="small" dataSource={warnings} renderItem={(p) => <List.Item style={{ color: "#ad6800", paddingInline: 0 }}>{p.message}</List.Item>} />
        </details>
      )}
    </Card>
  );
}

export default function TemplateEditorPage() {
  const id = Number(useParams().templateId);
  const { linkTo } = useLedger();
  const { can } = useSession();
  const navigate = useNavigate();
  const template = useTemplate(id);
  const metrics = useMetrics();
  const save = useSaveTemplate(id);
  const publish = usePublishTemplate(id);
  const create = useCreateTemplate();
  const { message, modal } = App.useApp();
  const [tree, setTree] = useState<IndicatorTree | null>(null);
  const [name, setName] = useState("");
  const [dirty, setDirty] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);

  useEffect(() => {
    if (template.data) {
      setTree(structuredClone(template.data.tree));
      setName(template.data.name);
      setDirty(false);
    }
  }, [template.data]);

  // A number typed out of range never reaches the tree: its field reports it here and saving waits.
  const numbers = useNumberProblems();
  const metricKeys = useMemo(() => (metrics.data ? new Set(metrics.data.map((m) => m.key)) : undefined), [metrics.data]);
  const problems = useMemo(() => (tree ? templateProblems(tree, { metricKeys }) : []), [tree, metricKeys]);
  const rows = useMemo(() => (tree ? toRows(tree.nodes) : []), [tree]);

  const crumbs = [{ title: "指标体系与等级标准", to: linkTo("/evaluation/templates") }, { title: template.data ? `${template.data.name} 第 ${template.data.version} 版` : "模板" }];
  if (template.isPending || !tree) {
    if (template.isError) return (<><PageHeader title="指标体系" crumbs={crumbs} /><PageError error={template.error} onRetry={() => void template.refetch()} /></>);
    return <PageSkeleton rows={3} />;
  }
  const t = template.data!;
  const readOnly = t.status !== "draft" || !can("evaluation.manage");
  const change = (next: IndicatorTree) => {
    setTree(next);
    setDirty(true);
  };
  const patchNode = (code: string, patch: Partial<IndicatorNode>) => change({ ...tree, nodes: mapNodes(tree.nodes, (n) => (n.code === code ? { ...n, ...patch } : n)) });
  const removeNode = (code: string) => change({ ...tree, nodes: mapNodes(tree.nodes, (n) => (n.code === code ? null : n)) });
  const addChild = (parent: Row | null) => {
    if (!parent) return change({ ...tree, nodes: [...tree.nodes, { code: newCode(tree, ""), name: "新一级指标", weight: 0, dimension: "其他", children: [] }] });
    const code = newCode(tree, parent.code);
    const child = NEW_LEAF(code, parent.children?.length ? 0 : parent.weight);
    change({
      ...tree,
      nodes: mapNodes(tree.nodes, (n) => (n.code === parent.code ? { ...n, rule: undefined, source: undefined, unit: undefined, children: [...(n.children ?? []), child] } : n)),
    });
  };
  const problemOf = (code: string) => problems.filter((p) => p.code === code && p.level === "error");
  const errorCount = problems.filter((p) => p.level === "error").length;

  const doSave = async () => {
    if (numbers.problems.length) {
      message.error(numbers.problems[0]);
      return false;
    }
    try {
      await save.mutateAsync({ name: name.trim() || t.name, note: t.note, tree, revision: t.revision });
      setDirty(false);
      message.success("已保存草稿");
      return true;
    } catch (e) {
      notifySaveError({ message, modal }, e);
      return false;
    }
  };

  const editingNode = editing ? (function find(list: IndicatorNode[]): IndicatorNode | null {
    for (const n of list) {
      if (n.code === editing) return n;
      const x = find(n.children ?? []);
      if (x) return x;
    }
    return null;
  })(tree.nodes) : null;

  const weightCell = (r: Row) =>
    readOnly ? (
      <span className="num">{pts(r.weight)}</span>
    ) : (
      <NumberField
        limit={NUMBER_LIMITS.indicatorWeight}
        required
        inlineError
        aria-label={`${r.name}分值`}
        size="small"
        value={r.weight / 100}
        onChange={whenValid(NUMBER_LIMITS.indicatorWeight, (v) => patchNode(r.code, { weight: centi(v) }), true)}
        style={{ width: 90 }}
      />
    );

  return (
    <NumberProblems.Provider value={numbers.report}>
      <PageHeader
        title={readOnly ? t.name : <Input aria-label="模板名称" value={name} onChange={(e) => (setName(e.target.value), setDirty(true))} style={{ width: 420, fontSize: 20 }} />}
        crumbs={crumbs}
        subtitle={
          <Space size={8}>
            <Tag>{`第 ${t.version} 版`}</Tag>
            <Tag color={t.status === "draft" ? "default" : "success"}>{t.status === "draft" ? "草稿" : t.status === "published" ? "已发布（现行）" : "已发布（历史版本）"}</Tag>
            {t.usedBy > 0 && <span>{`${t.usedBy} 个评价任务使用此版本（任务保存了各自的副本）`}</span>}
            {dirty && <Tag color="warning">有未保存的修改</Tag>}
          </Space>
        }
        extra={
          readOnly ? (
            can("evaluation.manage") && (
              <Button
                type="primary"
                loading={create.isPending}
                onClick={async () => {
                  try {
                    const d = await create.mutateAsync({ fromId: t.id });
                    navigate(linkTo(`/evaluation/templates/${d.id}`));
                  } catch (e) {
                    message.error(errorMessage(e));
                  }
                }}
              >
                新建版本以修改
              </Button>
            )
          ) : (
            <>
              <Button icon={<SaveOutlined />} loading={save.isPending} disabled={!dirty || numbers.problems.length > 0} onClick={() => void doSave()}>
                保存草稿
              </Button>
              <Tooltip title={errorCount ? "请先修改校验发现的问题" : ""}>
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  disabled={errorCount > 0 || numbers.problems.length > 0}
                  loading={publish.isPending}
                  onClick={() =>
                    modal.confirm({
                      title: `发布「${name || t.name}」第 ${t.version} 版？`,
                      content: "发布后此版本不能再修改，可用于新建评价任务；同一模板的上一个现行版本转为历史版本。",
                      okText: "发布",
                      cancelText: "取消",
                      onOk: async () => {
                        if (dirty && !(await doSave())) return;
                        try {
                          await publish.mutateAsync();
                          message.success("已发布");
                        } catch (e) {
                          message.error(errorMessage(e));
                        }
                      },
                    })
                  }
                >
                  发布
                </Button>
              </Tooltip>
            </>
          )
        }
      />
      {readOnly && t.status !== "draft" && (
        <Alert style={{ marginBottom: 16 }} type="info" showIcon title="已发布的版本不能修改。如需调整，请「新建版本以修改」；已建评价任务不受影响。" />
      )}
      <ProblemsCard problems={problems} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="评价类型">
            {readOnly ? tree.evaluationType : <Select<EvaluationType>
              aria-label="评价类型"
              size="small"
              value={tree.evaluationType}
              style={{ width: 130 }}
              options={EVALUATION_TYPES.map((x) => ({ value: x, label: x }))}
              onChange={(evaluationType) => change({ ...tree, evaluationType })}
            />}
          </Descriptions.Item>
          <Descriptions.Item label="一级指标合计">
            <span className="num" style={{ color: sumWeights(tree.nodes) === 10000 ? undefined : "#cf1322" }}>{`${pts(sumWeights(tree.nodes))} / 100 分`}</span>
          </Descriptions.Item>
          <Descriptions.Item label="总分上限（含加分）">
            {readOnly ? (tree.totalCap === null ? "不限" : `${pts(tree.totalCap)} 分`) : <NumberField
              limit={NUMBER_LIMITS.totalCap}
              inlineError
              aria-label="总分上限"
              size="small"
              value={tree.totalCap === null ? null : tree.totalCap / 100}
              placeholder="不限"
              onChange={whenValid(NUMBER_LIMITS.totalCap, (v) => change({ ...tree, totalCap: v === null ? null : centi(v) }))}
              suffix="分"
              style={{ width: 140 }}
            />}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="指标体系" extra={!readOnly && <Button icon={<PlusOutlined />} onClick={() => addChild(null)}>添加一级指标</Button>}>
        <Table<Row>
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={rows}
          expandable={{ defaultExpandAllRows: true, indentSize: 20 }}
          onRow={(r) => ({ style: r.level === 1 ? { background: "#eef3fa" } : r.children ? { background: "#f7f9fc" } : undefined })}
          columns={[
            {
              title: "指标",
              key: "name",
              render: (_, r) => (
                <Flex vertical gap={2}>
                  {readOnly ? (
                    <span style={{ fontWeight: r.children ? 600 : 400 }}>{r.name}</span>
                  ) : (
                    <Input aria-label="指标名称" size="small" value={r.name} maxLength={60} onChange={(e) => patchNode(r.code, { name: e.target.value })} style={{ width: 220 }} />
                  )}
                  {problemOf(r.code).map((p) => (
                    <Typography.Text key={p.message} type="danger" style={{ fontSize: 12 }}>
                      {p.message}
                    </Typography.Text>
                  ))}
                </Flex>
              ),
            },
            { title: "级次", dataIndex: "level", width: 60, render: (l: number) => `${["一", "二", "三"][l - 1] ?? l}级` },
            { title: "分值", key: "weight", width: 110, render: (_, r) => weightCell(r) },
            {
              title: "下级合计",
              key: "sum",
              width: 90,
              render: (_, r) => {
                if (!r.children) return null;
                const s = r.children.reduce((a, c) => a + c.weight, 0);
                return <span className="num" style={{ color: s === r.weight ? "#389e0d" : "#cf1322" }}>{pts(s)}</span>;
              },
            },
            {
              title: "维度",
              key: "dimension",
              width: 110,
              render: (_, r) =>
                r.level === 1 && readOnly ? (
                  (r.dimension ?? "其他")
                ) : r.level === 1 ? (
                  <Select<Dimension>
                    aria-label="维度"
                    size="small"
                    value={r.dimension ?? "其他"}
                    style={{ width: 90 }}
                    options={DIMENSIONS.map((d) => ({ value: d, label: d }))}
                    onChange={(dimension) => patchNode(r.code, { dimension })}
                  />
                ) : null,
            },
            {
              title: "评分规则与数据来源",
              key: "rule",
              render: (_, r) =>
                r.children ? (
                  <Typography.Text type="secondary">下级指标得分之和</Typography.Text>
                ) : (
                  <Flex vertical>
                    <span>
                      <Tag color="blue">{RULE_LABEL[r.rule?.kind ?? "manual"]}</Tag>
                      {r.source?.kind === "metric" && <Tag color="geekblue">{metricTag(metrics.data, (r.source as { metric: string }).metric)}</Tag>}
                      {r.source?.kind === "input" && <Tag color="cyan">{`录入：${r.source.label}`}</Tag>}
                    </span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {describeRule(r.rule ?? { kind: "manual" }, r.weight, r.unit)}
                    </Typography.Text>
                  </Flex>
                ),
            },
            {
              title: "操作",
              key: "ops",
              width: 200,
              render: (_, r) => (
                <Space size={0}>
                  {!r.children && (
                    <Tooltip title={readOnly ? "查看评分规则" : "编辑评分规则"}>
                      <Button type="text" size="small" icon={readOnly ? <EyeOutlined /> : <EditOutlined />} aria-label={`${readOnly ? "查看" : "编辑"}${r.name}的评分规则`} onClick={() => setEditing(r.code)} />
                    </Tooltip>
                  )}
                  {!readOnly && (
                    <>
                      {r.level < MAX_LEVELS && (
                        <Tooltip title="添加下级指标">
                          <Button type="text" size="small" icon={<PlusOutlined />} aria-label={`在${r.name}下添加指标`} onClick={() => addChild(r)} />
                        </Tooltip>
                      )}
                      <Tooltip title="上移">
                        <Button type="text" size="small" icon={<ArrowUpOutlined />} aria-label="上移" onClick={() => change({ ...tree, nodes: moveWithin(tree.nodes, r.code, -1) })} />
                      </Tooltip>
                      <Tooltip title="下移">
                        <Button type="text" size="small" icon={<ArrowDownOutlined />} aria-label="下移" onClick={() => change({ ...tree, nodes: moveWithin(tree.nodes, r.code, 1) })} />
                      </Tooltip>
                      <Tooltip title="删除（含下级）">
                        <Button
                          type="text"
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={`删除${r.name}`}
                          onClick={() =>
                            modal.confirm({
                              title: `删除「${r.name}」${r.children ? "及其下级指标" : ""}？`,
                              okText: "删除",
                              cancelText: "取消",
                              okButtonProps: { danger: true },
                              onOk: () => removeNode(r.code),
                            })
                          }
                        />
                      </Tooltip>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ExtrasEditor tree={tree} readOnly={readOnly} onChange={change} />
      <LeafRuleDrawer
        node={editingNode}
        metrics={metrics.data ?? []}
        readOnly={readOnly}
        onClose={() => setEditing(null)}
        onSave={(patch) => editing && patchNode(editing, patch)}
      />
    </NumberProblems.Provider>
  );
}

function ExtrasEditor({ tree, readOnly, onChange }: { tree: IndicatorTree; readOnly: boolean; onChange: (t: IndicatorTree) => void }) {
  const setAdj = (code: string, patch: Partial<AdjustmentItem>) => onChange({ ...tree, adjustments: tree.adjustments.map((a) => (a.code === code ? { ...a, ...patch } : a)) });
  const setVeto = (code: string, patch: Partial<VetoItem>) => onChange({ ...tree, vetoes: tree.vetoes.map((v) => (v.code === code ? { ...v, ...patch } : v)) });
  return (
    <Card title="加分项、扣分项与一票否决（不占 100 分）" style={{ marginTop: 16 }}>
      <Table<AdjustmentItem>
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={tree.adjustments}
        columns={[
          {
            title: "类别",
            dataIndex: "kind",
            width: 110,
            render: (k: AdjustmentItem["kind"], a) => readOnly ? (k === "bonus" ? "加分项" : "扣分项") : (
              <Select aria-label="类别" size="small" value={k} style={{ width: 90 }} options={[{ value: "bonus", label: "加分项" }, { value: "penalty", label: "扣分项" }]} onChange={(kind) => setAdj(a.code, { kind })} />
            ),
          },
          { title: "名称", dataIndex: "name", render: (n: string, a) => (readOnly ? n : <Input aria-label="名称" size="small" value={n} onChange={(e) => setAdj(a.code, { name: e.target.value })} />) },
          {
            title: "上限",
            dataIndex: "max",
            width: 120,
            render: (m: number, a) => readOnly ? `${pts(m)} 分` : <NumberField limit={NUMBER_LIMITS.adjustmentMax} required inlineError aria-label="上限" size="small" value={m / 100} suffix="分" onChange={whenValid(NUMBER_LIMITS.adjustmentMax, (v) => setAdj(a.code, { max: centi(v) }), true)} style={{ width: 110 }} />,
          },
          {
            title: "每次分值（空为直接打分）",
            dataIndex: "perOccurrence",
            width: 190,
            render: (p: number | null, a) => readOnly ? (p === null ? "直接打分" : `${pts(p)} 分`) : (
              <NumberField limit={NUMBER_LIMITS.perOccurrence} inlineError aria-label="每次分值" size="small" value={p === null ? null : p / 100} placeholder="直接打分" suffix="分" onChange={whenValid(NUMBER_LIMITS.perOccurrence, (v) => setAdj(a.code, { perOccurrence: v === null ? null : centi(v) }))} style={{ width: 140 }} />
            ),
          },
          { title: "评分标准", dataIndex: "standard", render: (s: string | undefined, a) => (readOnly ? s : <Input aria-label="评分标准" size="small" value={s} onChange={(e) => setAdj(a.code, { standard: e.target.value })} />) },
          {
            title: "",
            key: "del",
            width: 50,
            render: (_, a) => !readOnly && <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label="删除" onClick={() => onChange({ ...tree, adjustments: tree.adjustments.filter((x) => x.code !== a.code) })} />,
          },
        ]}
      />
      {!readOnly && (
        <Button
          style={{ marginTop: 8 }}
          icon={<PlusOutlined />}
          onClick={() => onChange({ ...tree, adjustments: [...tree.adjustments, { code: newCode(tree, "adjust"), name: "新加分项", kind: "bonus", max: 100, perOccurrence: null }] })}
        >
          添加加分项 / 扣分项
        </Button>
      )}
      <Table<VetoItem>
        style={{ marginTop: 16 }}
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={tree.vetoes}
        columns={[
          { title: "一票否决项", dataIndex: "name", render: (n: string, v) => (readOnly ? n : <Input aria-label="否决项名称" size="small" value={n} onChange={(e) => setVeto(v.code, { name: e.target.value })} />) },
          { title: "认定标准", dataIndex: "standard", render: (s: string | undefined, v) => (readOnly ? s : <Input aria-label="认定标准" size="small" value={s} onChange={(e) => setVeto(v.code, { standard: e.target.value })} />) },
          {
            title: "触发后等级最高为",
            dataIndex: "capGrade",
            width: 170,
            render: (g: string | null, v) => (readOnly ? (g ?? "按等级标准") : <Input aria-label="触发后等级" size="small" value={g ?? ""} placeholder="按等级标准" onChange={(e) => setVeto(v.code, { capGrade: e.target.value.trim() || null })} />),
          },
          {
            title: "",
            key: "del",
            width: 50,
            render: (_, v) => !readOnly && <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label="删除" onClick={() => onChange({ ...tree, vetoes: tree.vetoes.filter((x) => x.code !== v.code) })} />,
          },
        ]}
      />
      {!readOnly && (
        <Button style={{ marginTop: 8 }} icon={<PlusOutlined />} onClick={() => onChange({ ...tree, vetoes: [...tree.vetoes, { code: newCode(tree, "veto"), name: "新否决项", capGrade: null }] })}>
          添加一票否决项
        </Button>
      )}
    </Card>
  );
}

/** The tag on a system-computed leaf: the metric's Chinese name, never its key (still loading, or not in this release's catalog). */
function metricTag(catalog: MetricInfo[] | undefined, key: string): string {
  if (!catalog) return "系统计算";
  return `系统：${catalog.find((m) => m.key === key)?.label ?? "本版本未提供的指标"}`;
}
