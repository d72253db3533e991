/**
 * 评分表 of one scope: the indicator tree with weights and scores; computed leaves show the figures
 * they came from; the evaluator scores manual leaves with reasons and evidence; the county replies.
 */
import { useEffect, useMemo, useState } from "react";
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  Divider,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { BarChartOutlined, CommentOutlined, PaperClipOutlined } from "@ant-design/icons";
import { Link, useNavigate, useParams } from "react-router";
import type { Comment, Evidence, Sheet, SheetNodeView } from "../../../../contracts/evaluations";
import { adjustmentLimit, ENTRY_VALUE_LIMITS, EVIDENCE_MAX_BYTES, SCOPE_MODE_LABEL, scoreLimit } from "../../../../contracts/evaluations";
import { NumberField, numberProblem, numberRule, type NumberFieldValue } from "../../components/NumberField";
import { parsePoints } from "../../../../core/scoring/points";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage, notifySaveError, PageError, PageSkeleton } from "../../components/states";
import { isVersionConflict } from "../../api";
import { EvidenceFiles } from "../../components/EvidenceFiles";
import { downloadEvidence, useAddComment, useDeleteEvidence, useSheet, useTask, useUpdateEntry, useUploadEvidence, type EntryUpdate } from "./api";
import { GradeTag, LostBadge, ModeTag, Num, pct, pts, ptsFixed, StateTag } from "./shared";
import { formatDate } from "../../../../core/format";
import { LeafFindingButton, ReplyFindingButton } from "../rectification/SheetFindingActions";

type Row = Omit<SheetNodeView, "children"> & { key: string; children?: Row[] };

function toRows(nodes: SheetNodeView[]): Row[] {
  return nodes.map(({ children, ...n }) => ({ ...n, key: n.code, children: children.length ? toRows(children) : undefined }));
}

function findNode(nodes: SheetNodeView[], code: string, path: string[] = []): { node: SheetNodeView; path: string[] } | null {
  for (const n of nodes) {
    const p = [...path, n.name];
    if (n.code === code) return { node: n, path: p };
    const x = findNode(n.children, code, p);
    if (x) return x;
  }
  return null;
}

const SOURCE_TAG: Record<string, { color: string; text: string }> = {
  metric: { color: "geekblue", text: "系统计算" },
  input: { color: "cyan", text: "录入数据" },
  manual: { color: "purple", text: "评价打分" },
};

const SIDE_LABEL: Record<Comment["side"], string> = { county: "县区", evaluator: "评价机构", finance: "财政" };
const SIDE_COLOR: Record<Comment["side"], string> = { county: "orange", evaluator: "blue", finance: "green" };

const when = (iso: string) => {
  const d = new Date(iso);
  const p = (x: number) => String(x).padStart(2, "0");
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${p(d.getHours())}:${p(d.getMinutes())}`;
};

// ---- replies and evidence ------------------------------------------------------------------

function Thread({ comments }: { comments: Comment[] }) {
  if (!comments.length) return <Typography.Text type="secondary">暂无意见。</Typography.Text>;
  return (
    <List<Comment>
      size="small"
      dataSource={comments}
      renderItem={(c) => (
        <List.Item style={{ paddingInline: 0 }}>
          <div style={{ width: "100%" }}>
            <Space size={6} style={{ marginBottom: 4 }}>
              <Tag color={SIDE_COLOR[c.side]}>{SIDE_LABEL[c.side]}</Tag>
              <Typography.Text strong>{c.authorName}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {when(c.createdAt)}
              </Typography.Text>
            </Space>
            <div style={{ whiteSpace: "pre-wrap" }}>{c.body}</div>
          </div>
        </List.Item>
      )}
    />
  );
}

function ReplyBox({ sheet, code }: { sheet: Sheet; code: string }) {
  const add = useAddComment(sheet.task.id, sheet.scope.id);
  const { message } = App.useApp();
  const { me } = useSession();
  const [text, setText] = useState("");
  const placeholder = me.role === "county" ? "对本项评分的意见和依据（如已补充材料，请同时上传佐证）" : "答复县区意见：是否采纳、理由";
  return (
    <Flex vertical gap={8}>
      <Input.TextArea aria-label="意见内容" value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={2000} showCount placeholder={placeholder} />
      <Flex justify="flex-end">
        <Button
          type="primary"
          icon={<CommentOutlined />}
          loading={add.isPending}
          disabled={!text.trim()}
          onClick={async () => {
            try {
              await add.mutateAsync({ code, body: text.trim() });
              setText("");
              message.success(me.role === "county" ? "意见已提交，等待评价机构答复" : "已答复");
            } catch (e) {
              message.error(errorMessage(e));
            }
          }}
        >
          {me.role === "county" ? "提交意见" : "发送答复"}
        </Button>
      </Flex>
    </Flex>
  );
}

function EvidenceList({ sheet, code, items }: { sheet: Sheet; code: string; items: Evidence[] }) {
  const { me } = useSession();
  const upload = useUploadEvidence(sheet.task.id, sheet.scope.id);
  const remove = useDeleteEvidence(sheet.task.id);
  const canUpload = me.role === "county" ? sheet.can.reply : sheet.can.score;
  const mySide = me.role === "county" ? "county" : "evaluator";
  return (
    <EvidenceFiles
      files={items.map((e) => ({ ...e, by: `${SIDE_LABEL[e.side]} ${e.uploadedByName} · ${when(e.uploadedAt)}` }))}
      empty="暂无佐证材料。"
      onDownload={downloadEvidence}
      canDelete={(e) => canUpload && e.side === mySide}
      onDelete={(e) => remove.mutateAsync(e.id)}
      upload={canUpload ? { maxBytes: EVIDENCE_MAX_BYTES, pending: upload.isPending, send: (file) => upload.mutateAsync({ code, file }) } : undefined}
    />
  );
}

// ---- the evaluator's form ----------------------------------------------------------------------

// A number field holds the typed text while it is not a number; the form's rules refuse to submit then.
interface LeafForm {
  manualScore?: NumberFieldValue;
  num?: NumberFieldValue;
  den?: NumberFieldValue;
  decimal?: NumberFieldValue;
  overrideScore?: NumberFieldValue;
  reason?: string;
  note?: string;
}

const toCenti = (v: NumberFieldValue | undefined) => (v === null || v === undefined ? null : parsePoints(String(v)));
const fromCenti = (c: number | null) => (c === null ? null : c / 100);

function LeafEditor({ sheet, node }: { sheet: Sheet; node: SheetNodeView }) {
  const leaf = node.leaf!;
  const [form] = Form.useForm<LeafForm>();
  const update = useUpdateEntry(sheet.task.id, sheet.scope.id);
  const { message, modal } = App.useApp();
  const kind = leaf.rule.kind;
  const src = leaf.source.kind;
  const percentBands = kind === "bands" && leaf.unit === "%";
  useEffect(() => {
    form.setFieldsValue({
      manualScore: fromCenti(leaf.manualScore),
      num: leaf.value?.num ?? null,
      den: leaf.value?.den ?? null,
      decimal: leaf.value && leaf.value.den ? (leaf.value.num / leaf.value.den) * (percentBands ? 100 : 1) : null,
      overrideScore: fromCenti(leaf.overrideScore),
      reason: leaf.reason ?? "",
      note: leaf.note ?? "",
    });
  }, [leaf, form, percentBands]);

  const submit = async (v: LeafForm) => {
    const all: Omit<EntryUpdate, "version"> = { reason: v.reason?.trim() || null, note: v.note?.trim() || null, overrideScore: toCenti(v.overrideScore) };
    if (src === "manual") all.manualScore = toCenti(v.manualScore);
    if (src === "input") {
      // The rules have refused text, so what is left is a number or empty.
      const n = (x: NumberFieldValue | undefined) => (typeof x === "number" ? x : null);
      const num = n(v.num), den = n(v.den), decimal = n(v.decimal);
      if (kind === "deduction") all.value = num === null ? null : { num, den: 1 };
      else if (kind === "bands") all.value = decimal === null ? null : { num: Math.round(decimal * (percentBands ? 100 : 10000)), den: 10000 };
      else all.value = num === null || den === null ? null : { num, den };
    }
    // Only what the evaluator changed is sent, over the version of the entry they loaded.
    const was: Record<string, unknown> = { ...leaf };
    const same = (k: string, x: unknown) => JSON.stringify(x ?? null) === JSON.stringify(was[k] ?? null);
    const body = Object.fromEntries(Object.entries(all).filter(([k, x]) => !same(k, x))) as Omit<EntryUpdate, "version">;
    try {
      await update.mutateAsync({ code: node.code, ...body, version: leaf.version });
      message.success(`已保存「${node.name}」`);
    } catch (e) {
      notifySaveError({ message, modal }, e);
    }
  };

  const numLabel = kind === "survey" ? "满意（含基本满意）份数" : kind === "deduction" ? "发现问题数" : "实际值";
  const denLabel = kind === "survey" ? "有效问卷份数" : "目标值";
  return (
    <Form<LeafForm> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
      {src === "manual" && (
        <Form.Item name="manualScore" label={`得分（满分 ${pts(node.weight)} 分）`} rules={[{ required: true, message: "请填写得分" }, numberRule(scoreLimit(node.name, node.weight))]}>
          <NumberField limit={scoreLimit(node.name, node.weight)} aria-label="得分" style={{ width: 160 }} />
        </Form.Item>
      )}
      {src === "input" && kind !== "bands" && (
        <Space size={16} align="start" wrap>
          <Form.Item name="num" label={numLabel} rules={[{ required: true, message: `请填写${numLabel}` }, numberRule(ENTRY_VALUE_LIMITS.count(numLabel))]}>
            <NumberField limit={ENTRY_VALUE_LIMITS.count(numLabel)} aria-label={numLabel} style={{ width: 180 }} />
          </Form.Item>
          {kind !== "deduction" && (
            <Form.Item name="den" label={denLabel} rules={[{ required: true, message: `请填写${denLabel}` }, numberRule(ENTRY_VALUE_LIMITS.denominator(denLabel))]}>
              <NumberField limit={ENTRY_VALUE_LIMITS.denominator(denLabel)} aria-label={denLabel} style={{ width: 180 }} />
            </Form.Item>
          )}
        </Space>
      )}
      {src === "input" && kind === "bands" && (
        <Form.Item name="decimal" label={`数值${percentBands ? "（%）" : leaf.unit ? `（${leaf.unit}）` : ""}`} rules={[{ required: true, message: "请填写数值" }, numberRule(ENTRY_VALUE_LIMITS.measured("数值"))]}>
          <NumberField limit={ENTRY_VALUE_LIMITS.measured("数值")} aria-label="数值" style={{ width: 180 }} />
        </Form.Item>
      )}
      {src === "metric" && (
        <Alert
          style={{ marginBottom: 16 }}
          type="info"
          showIcon
          title="本项由系统根据数据计算，不能手工录入数值"
          description="如有特殊情况确需调整，可填写「调整得分」并写明理由；调整会记入审计日志。"
        />
      )}
      <Form.Item
        name="reason"
        label={src === "manual" ? "扣分原因（低于满分时必填）" : "扣分原因 / 调整理由"}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, value: string) => {
              const m = toCenti(getFieldValue("manualScore"));
              const o = getFieldValue("overrideScore");
              if (!value?.trim() && src === "manual" && m !== null && m < node.weight) return Promise.reject(new Error("扣分须写明扣分原因"));
              if (!value?.trim() && o !== null && o !== undefined) return Promise.reject(new Error("调整得分须写明理由"));
              return Promise.resolve();
            },
          }),
        ]}
      >
        <Input.TextArea rows={3} maxLength={1000} showCount placeholder="如：抽查发现部分支付凭证附件不齐全，扣0.30分。" />
      </Form.Item>
      <Form.Item name="note" label="数据来源说明">
        <Input maxLength={1000} placeholder="如：查阅县级资金拨付台账、抽查 5 个项目" />
      </Form.Item>
      <Form.Item name="overrideScore" label="调整得分（一般不填；填写后替代规则得分）" rules={[numberRule(scoreLimit(node.name, node.weight, "调整得分"))]}>
        <NumberField limit={scoreLimit(node.name, node.weight, "调整得分")} aria-label="调整得分" style={{ width: 160 }} />
      </Form.Item>
      <Flex gap={8}>
        <Button type="primary" htmlType="submit" loading={update.isPending}>
          保存评分
        </Button>
        {leaf.overrideScore !== null && (
          <Button onClick={() => void submit({ ...form.getFieldsValue(), overrideScore: null })} disabled={update.isPending}>
            取消调整
          </Button>
        )}
      </Flex>
    </Form>
  );
}

function LeafDrawer({ sheet, code, onClose }: { sheet: Sheet; code: string | null; onClose: () => void }) {
  const found = code ? findNode(sheet.nodes, code) : null;
  const node = found?.node;
  const leaf = node?.leaf;
  return (
    <Drawer
      open={!!leaf}
      onClose={onClose}
      size="large"
      title={node ? `${found!.path.join(" › ")}` : ""}
      extra={node && <Tag color={SOURCE_TAG[leaf!.source.kind].color}>{SOURCE_TAG[leaf!.source.kind].text}</Tag>}
    >
      {node && leaf && (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={8}>
              <Statistic title="分值" value={pts(node.weight)} suffix="分" />
            </Col>
            <Col span={8}>
              <Statistic title="得分" value={ptsFixed(leaf.score)} suffix="分" styles={{ content: { color: node.lost > 0 ? "#cf1322" : undefined } }} />
            </Col>
            <Col span={8}>
              <Statistic title="得分率" value={pct(node.rateBp)} />
            </Col>
          </Row>
          <LeafFindingButton sheet={sheet} node={node} path={found!.path} />
          {leaf.missing && <Alert style={{ marginBottom: 16 }} type="warning" showIcon title={`尚未评分：${leaf.missing}`} />}
          <Descriptions column={1} size="small" bordered styles={{ label: { width: 110 } }}>
            <Descriptions.Item label="数据来源">{leaf.sourceText}</Descriptions.Item>
            {leaf.figures.length > 0 && (
              <Descriptions.Item label="取值">
                {leaf.figures.map((f) => (
                  <div key={f.label}>
                    {f.label}：<Num>{f.text}</Num>
                  </div>
                ))}
              </Descriptions.Item>
            )}
            {leaf.formula && <Descriptions.Item label="计分过程">{leaf.formula}</Descriptions.Item>}
            {leaf.reason && <Descriptions.Item label="扣分原因">{leaf.reason}</Descriptions.Item>}
            {leaf.note && <Descriptions.Item label="说明">{leaf.note}</Descriptions.Item>}
            <Descriptions.Item label="评分规则">{leaf.ruleText}</Descriptions.Item>
            {leaf.standard && <Descriptions.Item label="评分标准">{leaf.standard}</Descriptions.Item>}
            {leaf.explanation && <Descriptions.Item label="指标解释">{leaf.explanation}</Descriptions.Item>}
            {leaf.updatedByName && <Descriptions.Item label="评分人">{`${leaf.updatedByName}　${leaf.updatedAt ? when(leaf.updatedAt) : ""}`}</Descriptions.Item>}
          </Descriptions>
          {sheet.can.score && (
            <>
              <Divider titlePlacement="left">评分</Divider>
              <LeafEditor sheet={sheet} node={node} />
            </>
          )}
          <Divider titlePlacement="left">佐证材料</Divider>
          <EvidenceList sheet={sheet} code={node.code} items={leaf.evidence} />
          <Divider titlePlacement="left">意见反馈</Divider>
          <Thread comments={leaf.comments} />
          <ReplyFindingButton sheet={sheet} node={node} path={found!.path} comments={leaf.comments} />
          {sheet.can.reply && (
            <div style={{ marginTop: 12 }}>
              <ReplyBox sheet={sheet} code={node.code} />
            </div>
          )}
          {!sheet.can.reply && sheet.task.state !== "reply" && leaf.comments.length === 0 && (
            <Typography.Text type="secondary" style={{ display: "block", marginTop: 8 }}>
              县区可在「县区意见反馈」阶段对本项提出意见。
            </Typography.Text>
          )}
        </>
      )}
    </Drawer>
  );
}

// ---- bonus, penalty, veto --------------------------------------------------------------------

function ExtrasCard({ sheet }: { sheet: Sheet }) {
  const update = useUpdateEntry(sheet.task.id, sheet.scope.id);
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState<{ amount: NumberFieldValue; triggered: boolean; reason: string }>({ amount: null, triggered: false, reason: "" });
  const versionOf = (code: string) => [...sheet.adjustments, ...sheet.vetoes].find((x) => x.code === code)?.version ?? 0;
  const save = async (code: string, body: Omit<EntryUpdate, "version">) => {
    try {
      await update.mutateAsync({ code, ...body, version: versionOf(code) });
      message.success("已保存");
      setEditing(null);
    } catch (e) {
      notifySaveError({ message, modal }, e);
      if (isVersionConflict(e)) setEditing(null);
    }
  };
  const rows = [
    ...sheet.adjustments.map((a) => ({
      key: a.code,
      kind: a.kind === "bonus" ? "加分项" : "扣分项",
      name: a.name,
      rule: a.perOccurrence !== null ? `每次 ${pts(a.perOccurrence)} 分，最多 ${pts(a.max)} 分` : `最多 ${pts(a.max)} 分`,
      standard: a.standard,
      value: a.points > 0 ? `${a.kind === "bonus" ? "+" : "−"}${ptsFixed(a.points)}` : "—",
      reason: a.reason,
      isCount: a.perOccurrence !== null,
      limit: a.perOccurrence !== null ? ENTRY_VALUE_LIMITS.count("次数") : adjustmentLimit(a.name, a.max),
      amount: a.perOccurrence !== null ? a.count : a.points / 100,
      veto: false,
      triggered: false,
    })),
    ...sheet.vetoes.map((v) => ({
      key: v.code,
      kind: "一票否决",
      name: v.name,
      rule: v.capGrade ? `触发后等级最高为${v.capGrade}` : "触发后等级按等级标准的否决等级",
      standard: v.standard,
      value: v.triggered ? "已触发" : "未触发",
      reason: v.reason,
      isCount: false,
      limit: null,
      amount: null,
      veto: true,
      triggered: v.triggered,
    })),
  ];
  return (
    <Card title="加分项、扣分项与一票否决（不占 100 分）" style={{ marginTop: 16 }}>
      <Table
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: "类别", dataIndex: "kind", width: 90 },
          { title: "项目", dataIndex: "name", width: 200 },
          { title: "规则", dataIndex: "rule", width: 200 },
          { title: "评分标准", dataIndex: "standard", render: (s: string | null) => <Typography.Text type="secondary">{s ?? "—"}</Typography.Text> },
          { title: "结果", dataIndex: "value", width: 90, render: (v: string, r) => (r.veto && r.triggered ? <Tag color="red">{v}</Tag> : <Num>{v}</Num>) },
          {
            title: "理由",
            key: "reason",
            width: 300,
            render: (_, r) =>
              editing === r.key ? (
                <Flex vertical gap={6}>
                  {r.veto ? (
                    <Switch checked={draft.triggered} checkedChildren="触发" unCheckedChildren="未触发" onChange={(triggered) => setDraft({ ...draft, triggered })} />
                  ) : (
                    <NumberField
                      limit={r.limit!}
                      inlineError
                      aria-label={r.isCount ? "次数" : "分值"}
                      size="small"
                      value={draft.amount}
                      onChange={(amount) => setDraft({ ...draft, amount })}
                      suffix={r.isCount ? "次" : "分"}
                    />
                  )}
                  <Input.TextArea rows={2} value={draft.reason} onChange={(e) => setDraft({ ...draft, reason: e.target.value })} placeholder="事实与依据" />
                  <Space>
                    <Button
                      size="small"
                      type="primary"
                      loading={update.isPending}
                      disabled={!r.veto && numberProblem(r.limit!, draft.amount) !== null}
                      onClick={() =>
                        void save(
                          r.key,
                          r.veto
                            ? { triggered: draft.triggered, reason: draft.reason || null }
                            : r.isCount
                              ? { value: typeof draft.amount === "number" ? { num: draft.amount, den: 1 } : null, reason: draft.reason || null }
                              : { points: toCenti(draft.amount), reason: draft.reason || null },
                        )
                      }
                    >
                      保存
                    </Button>
                    <Button size="small" onClick={() => setEditing(null)}>
                      取消
                    </Button>
                  </Space>
                </Flex>
              ) : (
                <Flex justify="space-between" gap={8}>
                  <span>{r.reason ?? "—"}</span>
                  {sheet.can.score && (
                    <Button
                      size="small"
                      type="link"
                      onClick={() => {
                        setDraft({ amount: r.amount ?? null, triggered: r.triggered, reason: r.reason ?? "" });
                        setEditing(r.key);
                      }}
                    >
                      修改
                    </Button>
                  )}
                </Flex>
              ),
          },
        ]}
      />
    </Card>
  );
}

// ---- the page --------------------------------------------------------------------------------

export default function SheetPage() {
  const params = useParams();
  const taskId = Number(params.taskId);
  const scopeId = Number(params.scopeId);
  const { linkTo } = useLedger();
  const navigate = useNavigate();
  const sheet = useSheet(taskId, scopeId);
  const task = useTask(taskId);
  const [open, setOpen] = useState<string | null>(null);
  const { me } = useSession();
  const rows = useMemo(() => (sheet.data ? toRows(sheet.data.nodes) : []), [sheet.data]);

  const crumbs = [
    { title: "评价任务", to: linkTo("/evaluations") },
    { title: sheet.data?.task.name ?? task.data?.name ?? "评价任务", to: linkTo(`/evaluations/${taskId}`) },
    { title: sheet.data ? `${sheet.data.scope.name}评分表` : "评分表" },
  ];
  if (sheet.isPending) return <PageSkeleton rows={3} />;
  if (sheet.isError) return (<><PageHeader title="评分表" crumbs={crumbs} /><PageError error={sheet.error} onRetry={() => void sheet.refetch()} /></>);
  const s = sheet.data;
  const awaiting = (n: Row) => {
    const c = n.leaf?.comments ?? [];
    return c.length > 0 && c[c.length - 1].side === "county";
  };

  return (
    <>
      <PageHeader
        title={`${s.scope.name}评分表`}
        crumbs={crumbs}
        subtitle={
          <Space size={8} wrap>
            <ModeTag mode={s.scope.mode} />
            <StateTag state={s.task.state} />
            {s.live ? (
              <Tooltip title="定稿前评分表随台账、项目库数据实时计算">
                <Tag color="processing">实时预览 · 计算于 {when(s.computedAt).slice(-5)}</Tag>
              </Tooltip>
            ) : (
              <Tag color="success">定稿数据 · {when(s.computedAt)}</Tag>
            )}
            {s.task.isDemo && <Tag color="gold">示例数据</Tag>}
            <Typography.Text type="secondary">评价日 {formatDate(s.task.asOf)}</Typography.Text>
          </Space>
        }
        extra={
          <>
            {task.data && task.data.scopes.length > 1 && (
              <Select
                aria-label="切换评价范围"
                style={{ width: 180 }}
                value={s.scope.id}
                options={task.data.scopes.map((x) => ({ value: x.id, label: `${x.name}　${ptsFixed(x.total)}` }))}
                onChange={(id: number) => navigate(linkTo(`/evaluations/${taskId}/scopes/${id}`))}
              />
            )}
            <Button icon={<BarChartOutlined />} onClick={() => navigate(linkTo(`/evaluations/${taskId}/results`, { scope: s.scope.id }))}>
              评价结果
            </Button>
          </>
        }
      />
      {s.can.score && <Alert style={{ marginBottom: 16 }} type="info" showIcon title="点击指标行进行评分：系统计算项显示取数来源；评价人员打分项须填写扣分原因并上传佐证材料。" />}
      {s.can.reply && me.role === "county" && (
        <Alert style={{ marginBottom: 16 }} type="warning" showIcon title="县区意见反馈阶段：点击指标行查看评分依据，对有异议的评分提出意见并上传佐证材料，评价机构将逐条答复。" />
      )}
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={8}>
          <Card style={{ height: "100%" }}>
            <Flex align="center" gap={24}>
              <Statistic title="综合得分" value={ptsFixed(s.total)} suffix="分" styles={{ content: { fontSize: 36 } }} />
              <div>
                <div style={{ color: "rgba(0,0,0,0.45)", marginBottom: 4 }}>等级</div>
                <GradeTag grade={s.grade} vetoed={s.grade !== s.gradeByScore} />
              </div>
              <Statistic title="得分率" value={pct(s.rateBp)} />
            </Flex>
            {(s.bonus > 0 || s.penalty > 0) && (
              <Typography.Text type="secondary">{`指标得分 ${ptsFixed(s.treeScore)}　加分 ${ptsFixed(s.bonus)}　扣分 ${ptsFixed(s.penalty)}`}</Typography.Text>
            )}
            <Descriptions size="small" column={1} style={{ marginTop: 16 }}>
              <Descriptions.Item label="评价方式">{SCOPE_MODE_LABEL[s.scope.mode]}</Descriptions.Item>
              <Descriptions.Item label="评分进度">{s.complete ? "已全部评分" : `${s.missing.length} 项未评分`}</Descriptions.Item>
              <Descriptions.Item label="意见反馈">
                {s.scope.threads === 0 ? "暂无" : `${s.scope.threads} 条${s.scope.awaitingAnswer ? `，${s.scope.awaitingAnswer} 条待答复` : "，均已答复"}`}
              </Descriptions.Item>
              <Descriptions.Item label="评价机构">{s.task.evaluatorOrg}</Descriptions.Item>
            </Descriptions>
            {!s.complete && <Alert style={{ marginTop: 8 }} type="warning" showIcon title={`尚有 ${s.missing.length} 项未评分：${s.missing.map((m) => m.name).join("、")}`} />}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card style={{ height: "100%" }}>
            <Table
              size="small"
              pagination={false}
              rowKey="code"
              dataSource={s.nodes.map(({ children: _children, ...n }) => n)}
              columns={[
                { title: "一级指标", dataIndex: "name" },
                { title: "分值", dataIndex: "weight", align: "right", render: (v: number) => <Num>{pts(v)}</Num> },
                { title: "得分", dataIndex: "score", align: "right", render: (v: number) => <Num>{ptsFixed(v)}</Num> },
                { title: "得分率", dataIndex: "rateBp", align: "right", render: (v: number | null) => <Num>{pct(v)}</Num> },
                { title: "失分", dataIndex: "lost", align: "right", render: (v: number) => <LostBadge lost={v} /> },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <strong>合计</strong>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <Num>{pts(s.treeWeight)}</Num>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    <strong className="num">{ptsFixed(s.treeScore)}</strong>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    <Num>{pct(s.rateBp)}</Num>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    <LostBadge lost={s.treeWeight - s.treeScore} />
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          </Card>
        </Col>
      </Row>
      <Card title="指标评分明细" extra={<Typography.Text type="secondary">点击三级指标查看取值、计分过程、佐证材料与意见</Typography.Text>}>
        <Table<Row>
          rowKey="key"
          size="middle"
          dataSource={rows}
          pagination={false}
          expandable={{ defaultExpandAllRows: true, expandRowByClick: false, indentSize: 20 }}
          rowClassName={(r) => (r.leaf ? "clickable-row" : "")}
          onRow={(r) => ({
            onClick: () => r.leaf && setOpen(r.code),
            style: r.leaf ? undefined : { background: r.level === 1 ? "#eef3fa" : "#f7f9fc" },
          })}
          columns={[
            {
              title: "指标",
              dataIndex: "name",
              width: 300,
              render: (name: string, r) =>
                r.leaf ? (
                  <Space size={6}>
                    <Typography.Link>{name}</Typography.Link>
                    <Tag color={SOURCE_TAG[r.leaf.source.kind].color} style={{ marginInlineEnd: 0 }}>
                      {SOURCE_TAG[r.leaf.source.kind].text}
                    </Tag>
                  </Space>
                ) : (
                  <strong>{name}</strong>
                ),
            },
            { title: "分值", dataIndex: "weight", width: 70, align: "right", render: (v: number) => <Num>{pts(v)}</Num> },
            {
              title: "得分",
              dataIndex: "score",
              width: 80,
              align: "right",
              render: (v: number, r) => (r.leaf && r.leaf.score === null ? <Tag color="warning">待评分</Tag> : r.leaf ? <Num>{ptsFixed(v)}</Num> : <strong className="num">{ptsFixed(v)}</strong>),
            },
            { title: "失分", dataIndex: "lost", width: 70, align: "right", render: (v: number) => <LostBadge lost={v} /> },
            {
              title: "取值与计分",
              key: "formula",
              width: 300,
              render: (_, r) =>
                r.leaf ? (
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {r.leaf.formula || r.leaf.missing}
                  </Typography.Text>
                ) : null,
            },
            {
              title: "扣分原因",
              key: "reason",
              render: (_, r) => (r.leaf?.reason ? <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2, tooltip: r.leaf.reason }}>{r.leaf.reason}</Typography.Paragraph> : null),
            },
            {
              title: "佐证 / 意见",
              key: "talk",
              width: 110,
              render: (_, r) =>
                r.leaf ? (
                  <Space size={10}>
                    {r.leaf.evidence.length > 0 && (
                      <Tooltip title={`${r.leaf.evidence.length} 个佐证材料`}>
                        <span>
                          <PaperClipOutlined /> {r.leaf.evidence.length}
                        </span>
                      </Tooltip>
                    )}
                    {r.leaf.comments.length > 0 && (
                      <Tooltip title={awaiting(r) ? "县区意见待答复" : `${r.leaf.comments.length} 条意见`}>
                        <Badge dot={awaiting(r)} offset={[2, 0]}>
                          <span>
                            <CommentOutlined /> {r.leaf.comments.length}
                          </span>
                        </Badge>
                      </Tooltip>
                    )}
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
      <ExtrasCard sheet={s} />
      {rows.length === 0 && <Empty description="本评分表没有指标" />}
      <LeafDrawer sheet={s} code={open} onClose={() => setOpen(null)} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
        得分规则：末级指标按规则计算后四舍五入保留两位小数，上级指标为下级得分之和，因此各级合计严格相等。
        <Link to={linkTo(`/evaluations/${taskId}`)}>返回任务</Link>
      </Typography.Paragraph>
    </>
  );
}
