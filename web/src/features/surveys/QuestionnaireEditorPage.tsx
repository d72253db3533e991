/**
 * One questionnaire version: read-only once published; a draft is edited here (parts, questions of
 * the four kinds, the scored question, 满意口径, 最短作答时间) with the same checks the server applies
 * on publish (core/survey checkQuestionnaire) and a live SurveyJS preview of what a resident sees.
 */
import { useDeferredValue, useEffect, useMemo, useState } from "react";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Dropdown,
  Empty,
  Flex,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { ArrowDownOutlined, ArrowUpOutlined, CopyOutlined, DeleteOutlined, PlusOutlined, SaveOutlined, SendOutlined } from "@ant-design/icons";
import { useNavigate, useParams } from "react-router";
import type { QuestionnaireRecord } from "../../../../contracts/surveys";
import { NUMBER_LIMITS } from "../../../../contracts/limits";
import { NumberField, NumberProblems, useNumberProblems, whenValid } from "../../components/NumberField";
import {
  allQuestions,
  checkQuestionnaire,
  QUESTION_KIND_LABEL,
  SATISFIED_LABEL,
  satisfactionQuestions,
  toSurveyJson,
  type Part,
  type Question,
  type Questionnaire,
} from "../../../../core/survey/questionnaire";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { beijingTime } from "../../components/figures";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage, notifySaveError, PageError, PageSkeleton } from "../../components/states";
import { useDeleteQuestionnaire, usePublishQuestionnaire, useQuestionnaire, useUpdateQuestionnaire } from "./api";
import { useNewDraft } from "./QuestionnairesPage";
import { QuestionnaireStatus } from "./QuestionnaireStatus";
import { SurveyView } from "./SurveyView";

type Kind = Question["kind"];
const KINDS: Kind[] = ["satisfaction", "choice", "text", "comment"];

// ---- pure edits -------------------------------------------------------------------------------

function freshName(prefix: string, taken: Set<string>): string {
  for (let i = 1; ; i++) if (!taken.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

const questionNames = (q: Questionnaire) => new Set(allQuestions(q).map((x) => x.question.name));

function newQuestion(kind: Kind, name: string, base?: Pick<Question, "title" | "required">): Question {
  const common = { name, title: base?.title ?? "", required: base?.required ?? kind !== "comment" };
  switch (kind) {
    case "satisfaction":
      return { kind, ...common };
    case "choice":
      return { kind, ...common, choices: ["是", "否"] };
    case "text":
      return { kind, ...common, maxLength: 50 };
    case "comment":
      return { kind, ...common, maxLength: 500 };
  }
}

function move<T>(list: T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (j < 0 || j >= list.length) return list;
  const out = [...list];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

// ---- read-only view ---------------------------------------------------------------------------

function kindDetail(x: Question): string {
  switch (x.kind) {
    case "satisfaction":
      return "五级（很满意 … 很不满意）";
    case "choice":
      return x.choices.join(" / ");
    case "text":
    case "comment":
      return `不超过 ${x.maxLength} 字`;
  }
}

function Settings({ q }: { q: Questionnaire }) {
  const byName = new Map(allQuestions(q).map((x) => [x.question.name, x.question]));
  const title = (name: string) => byName.get(name)?.title ?? (name ? `（${name}）` : "—");
  return (
    <Descriptions size="small" column={1} bordered styles={{ label: { width: 160 } }}>
      <Descriptions.Item label="问卷标题">{q.title}</Descriptions.Item>
      <Descriptions.Item label="开头说明">
        <span style={{ whiteSpace: "pre-wrap" }}>{q.description}</span>
      </Descriptions.Item>
      <Descriptions.Item label="计分题（总体满意度）">{title(q.overall)}</Descriptions.Item>
      <Descriptions.Item label="满意口径">{`前${q.satisfiedLevels === 2 ? "两" : "三"}级：${SATISFIED_LABEL[q.satisfiedLevels]}`}</Descriptions.Item>
      <Descriptions.Item label="最短作答时间">{`${q.minSeconds} 秒（更快提交的线上问卷标记为“作答过快”）`}</Descriptions.Item>
      <Descriptions.Item label="住户信息">{[title(q.household.building), q.household.unit ? title(q.household.unit) : null, title(q.household.room)].filter(Boolean).join("、")}</Descriptions.Item>
    </Descriptions>
  );
}

function PartView({ part, index, overall }: { part: Part; index: number; overall: string }) {
  return (
    <Card size="small" title={`${index + 1}. ${part.title}`} style={{ marginBottom: 12 }} extra={<Typography.Text type="secondary">{`${part.questions.length} 题`}</Typography.Text>}>
      {part.description && <Typography.Paragraph type="secondary">{part.description}</Typography.Paragraph>}
      <Table<Question>
        size="small"
        rowKey="name"
        pagination={false}
        dataSource={part.questions}
        columns={[
          { title: "序号", key: "i", width: 56, render: (_, __, i) => i + 1 },
          {
            title: "题目",
            dataIndex: "title",
            render: (t: string, x) => (
              <Space size={4} wrap>
                {t}
                {x.name === overall && <Tag color="blue">计分题</Tag>}
              </Space>
            ),
          },
          { title: "题型", dataIndex: "kind", width: 120, render: (k: Kind) => QUESTION_KIND_LABEL[k] },
          { title: "必答", dataIndex: "required", width: 60, render: (r: boolean) => (r ? "是" : "否") },
          { title: "选项或字数", key: "detail", render: (_, x) => <Typography.Text type="secondary">{kindDetail(x)}</Typography.Text> },
        ]}
      />
    </Card>
  );
}

function Preview({ q }: { q: Questionnaire }) {
  const deferred = useDeferredValue(q);
  const json = useMemo(() => toSurveyJson(deferred), [deferred]);
  return (
    <Card title="预览（居民看到的问卷）" size="small" className="questionnaire-preview" styles={{ body: { padding: 0, maxHeight: "calc(100vh - 160px)", overflow: "auto" } }}>
      <SurveyView json={json} singlePage hideNavigation />
    </Card>
  );
}

// ---- the editor -------------------------------------------------------------------------------

interface Draft {
  name: string;
  definition: Questionnaire;
}

function QuestionRow({
  x,
  index,
  count,
  onChange,
  onMove,
  onRemove,
  isOverall,
}: {
  x: Question;
  index: number;
  count: number;
  onChange: (q: Question) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  isOverall: boolean;
}) {
  return (
    <div className="question-row">
      <Flex gap={8} align="center" wrap>
        <span className="num" style={{ width: 24, textAlign: "right", color: "rgba(0,0,0,0.45)" }}>
          {index + 1}.
        </span>
        <Select<Kind>
          aria-label={`第 ${index + 1} 题题型`}
          style={{ width: 152 }}
          value={x.kind}
          options={KINDS.map((k) => ({ value: k, label: QUESTION_KIND_LABEL[k] }))}
          onChange={(k) => onChange(newQuestion(k, x.name, x))}
        />
        <Input aria-label={`第 ${index + 1} 题题干`} style={{ flex: 1, minWidth: 220 }} value={x.title} placeholder="题干" maxLength={200} onChange={(e) => onChange({ ...x, title: e.target.value })} />
        <Space size={4}>
          <Switch size="small" checked={x.required} onChange={(required) => onChange({ ...x, required })} aria-label="必答" />
          <span>必答</span>
        </Space>
        {isOverall && <Tag color="blue">计分题</Tag>}
        <Space size={0}>
          <Tooltip title="上移">
            <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onMove(-1)} aria-label="上移" />
          </Tooltip>
          <Tooltip title="下移">
            <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => onMove(1)} aria-label="下移" />
          </Tooltip>
          <Tooltip title="删除题目">
            <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label="删除题目" />
          </Tooltip>
        </Space>
      </Flex>
      <Flex gap={8} align="center" wrap style={{ marginTop: 6, paddingInlineStart: 32 }}>
        {x.kind === "choice" && (
          <Select
            mode="tags"
            aria-label="选项"
            style={{ flex: 1, minWidth: 260 }}
            value={x.choices}
            placeholder="输入选项后按回车"
            tokenSeparators={["、", "，"]}
            onChange={(choices: string[]) => onChange({ ...x, choices: choices.map((c) => c.trim()).filter(Boolean) })}
          />
        )}
        {(x.kind === "text" || x.kind === "comment") && (
          <NumberField limit={NUMBER_LIMITS.answerLength} required inlineError aria-label="字数上限" prefix="不超过" suffix="字" style={{ width: 170 }} value={x.maxLength} onChange={whenValid(NUMBER_LIMITS.answerLength, (v) => onChange({ ...x, maxLength: v! }), true)} />
        )}
        <Tooltip title="题目代码：导入模板的列和数据按代码对应，已用于调查的代码不宜改动">
          <Input
            aria-label="题目代码"
            size="small"
            prefix={<Typography.Text type="secondary">代码</Typography.Text>}
            style={{ width: 200, marginInlineStart: "auto" }}
            value={x.name}
            maxLength={40}
            onChange={(e) => onChange({ ...x, name: e.target.value.trim() })}
          />
        </Tooltip>
      </Flex>
    </div>
  );
}

function Editor({ record }: { record: QuestionnaireRecord }) {
  const [draft, setDraft] = useState<Draft>({ name: record.name, definition: record.definition });
  // A reload (after a save, or someone else's change on 409) starts from what is there now.
  useEffect(() => setDraft({ name: record.name, definition: record.definition }), [record.id, record.revision, record.name, record.definition]);
  const save = useUpdateQuestionnaire(record.id);
  const publish = usePublishQuestionnaire(record.id);
  const remove = useDeleteQuestionnaire();
  const { message, modal } = App.useApp();
  const { linkTo } = useLedger();
  const navigate = useNavigate();
  const q = draft.definition;
  // A number typed out of range is never in the draft: its field reports it here and nothing is saved.
  const numbers = useNumberProblems();
  const problems = useMemo(() => [...numbers.problems, ...(draft.name.trim() ? [] : ["问卷名称不能为空"]), ...checkQuestionnaire(q)], [q, draft.name, numbers.problems]);
  const dirty = draft.name !== record.name || JSON.stringify(q) !== JSON.stringify(record.definition);

  const setQ = (fn: (q: Questionnaire) => Questionnaire) => setDraft((d) => ({ ...d, definition: fn(d.definition) }));
  const setPart = (i: number, fn: (p: Part) => Part) => setQ((q) => ({ ...q, parts: q.parts.map((p, k) => (k === i ? fn(p) : p)) }));
  const satisfaction = satisfactionQuestions(q).map((x) => x.question);
  const texts = allQuestions(q).filter((x) => x.question.kind === "text").map((x) => x.question);

  const doSave = async (): Promise<number | null> => {
    try {
      const r = await save.mutateAsync({ revision: record.revision, name: draft.name.trim(), definition: q });
      message.success("已保存");
      return r.revision;
    } catch (e) {
      notifySaveError({ message, modal }, e);
      return null;
    }
  };
  const doPublish = () =>
    modal.confirm({
      title: `发布「${draft.name}」第 ${record.version} 版？`,
      content: "发布后本版本不能再修改，新开展的调查可选用；同一问卷的上一发布版本转为历史版本。",
      okText: "发布",
      cancelText: "取消",
      onOk: async () => {
        const revision = dirty ? await doSave() : record.revision;
        if (revision === null) return;
        try {
          await publish.mutateAsync({ revision });
          message.success(`已发布第 ${record.version} 版`);
        } catch (e) {
          notifySaveError({ message, modal }, e);
        }
      },
    });

  return (
    <NumberProblems.Provider value={numbers.report}>
      <PageHeader
        title={draft.name || "未命名问卷"}
        crumbs={[{ title: "满意度问卷", to: linkTo("/surveys/questionnaires") }, { title: `${record.name} 第 ${record.version} 版` }]}
        subtitle={
          <Space size={8}>
            <QuestionnaireStatus status={record.status} />
            <span>{`第 ${record.version} 版`}</span>
            <Typography.Text type="secondary">{`更新于 ${beijingTime(record.updatedAt)}`}</Typography.Text>
            {dirty && <Tag color="warning">有未保存的修改</Tag>}
          </Space>
        }
        extra={
          <>
            <Button
              danger
              icon={<DeleteOutlined />}
              onClick={() =>
                modal.confirm({
                  title: `删除「${record.name}」第 ${record.version} 版草稿？`,
                  okText: "删除",
                  cancelText: "取消",
                  okButtonProps: { danger: true },
                  onOk: async () => {
                    try {
                      await remove.mutateAsync(record.id);
                      message.success("已删除草稿");
                      navigate(linkTo("/surveys/questionnaires"));
                    } catch (e) {
                      message.error(errorMessage(e));
                    }
                  },
                })
              }
            >
              删除草稿
            </Button>
            <Button icon={<SaveOutlined />} disabled={!dirty || numbers.problems.length > 0} loading={save.isPending} onClick={() => void doSave()}>
              保存
            </Button>
            <Tooltip title={problems.length ? "请先解决下方列出的问题" : undefined}>
              <Button type="primary" icon={<SendOutlined />} disabled={problems.length > 0} loading={publish.isPending} onClick={doPublish}>
                发布
              </Button>
            </Tooltip>
          </>
        }
      />
      {problems.length > 0 ? (
        <Alert
          style={{ marginBottom: 16 }}
          type="warning"
          showIcon
          title={`发布前须解决 ${problems.length} 个问题`}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      ) : (
        <Alert style={{ marginBottom: 16 }} type="success" showIcon title="通过校验，可以发布" />
      )}
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card title="基本设置" style={{ marginBottom: 16 }}>
            <Flex vertical gap={12}>
              <label className="field">
                <span>问卷名称</span>
                <Input aria-label="问卷名称" value={draft.name} maxLength={100} onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))} />
              </label>
              <label className="field">
                <span>问卷标题</span>
                <Input aria-label="问卷标题" value={q.title} maxLength={200} onChange={(e) => setQ((q) => ({ ...q, title: e.target.value }))} />
              </label>
              <label className="field">
                <span>开头说明</span>
                <Input.TextArea aria-label="开头说明" value={q.description} maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} onChange={(e) => setQ((q) => ({ ...q, description: e.target.value }))} />
              </label>
              <div className="field">
                <span>计分题</span>
                <Select<string>
                  aria-label="计分题"
                  style={{ width: "100%" }}
                  value={q.overall || undefined}
                  placeholder="选择一道满意度题作为总体满意度"
                  options={satisfaction.map((x) => ({ value: x.name, label: x.title || x.name }))}
                  onChange={(overall) => setQ((q) => ({ ...q, overall }))}
                />
              </div>
              <div className="field">
                <span>满意口径</span>
                <Radio.Group
                  value={q.satisfiedLevels}
                  onChange={(e) => setQ((q) => ({ ...q, satisfiedLevels: e.target.value as 2 | 3 }))}
                  options={[
                    { value: 2, label: `前两级（${SATISFIED_LABEL[2]}）` },
                    { value: 3, label: `前三级（${SATISFIED_LABEL[3]}）` },
                  ]}
                />
              </div>
              <div className="field">
                <span>最短作答时间</span>
                <Space>
                  <NumberField limit={NUMBER_LIMITS.minSeconds} required inlineError aria-label="最短作答时间（秒）" suffix="秒" style={{ width: 140 }} value={q.minSeconds} onChange={whenValid(NUMBER_LIMITS.minSeconds, (v) => setQ((q) => ({ ...q, minSeconds: v! })), true)} />
                  <Typography.Text type="secondary">从打开链接到提交短于此时间的线上问卷标记为“作答过快”</Typography.Text>
                </Space>
              </div>
              <div className="field">
                <span>住户信息题</span>
                <Space wrap>
                  {(
                    [
                      ["building", "楼号"],
                      ["unit", "单元"],
                      ["room", "室号"],
                    ] as const
                  ).map(([k, label]) => (
                    <Select<string>
                      key={k}
                      aria-label={`${label}题`}
                      style={{ width: 170 }}
                      allowClear={k === "unit"}
                      placeholder={`${label}（填空题）`}
                      value={q.household[k] || undefined}
                      options={texts.map((x) => ({ value: x.name, label: `${label}：${x.title || x.name}` }))}
                      onChange={(v) => setQ((q) => ({ ...q, household: { ...q.household, [k]: v ?? "" } }))}
                    />
                  ))}
                </Space>
              </div>
            </Flex>
          </Card>
          {q.parts.map((part, i) => (
            <Card
              key={i}
              size="small"
              style={{ marginBottom: 12 }}
              title={
                <Flex gap={8} align="center">
                  <span className="num">{i + 1}.</span>
                  <Input aria-label={`第 ${i + 1} 部分标题`} variant="borderless" style={{ fontWeight: 600, paddingInline: 4 }} value={part.title} placeholder="部分标题" maxLength={200} onChange={(e) => setPart(i, (p) => ({ ...p, title: e.target.value }))} />
                </Flex>
              }
              extra={
                <Space size={0}>
                  <Tooltip title="上移本部分">
                    <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => setQ((q) => ({ ...q, parts: move(q.parts, i, -1) }))} aria-label="上移本部分" />
                  </Tooltip>
                  <Tooltip title="下移本部分">
                    <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={i === q.parts.length - 1} onClick={() => setQ((q) => ({ ...q, parts: move(q.parts, i, 1) }))} aria-label="下移本部分" />
                  </Tooltip>
                  <Tooltip title="删除本部分及其题目">
                    <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => setQ((q) => ({ ...q, parts: q.parts.filter((_, k) => k !== i) }))} aria-label="删除本部分" />
                  </Tooltip>
                </Space>
              }
            >
              <Input
                aria-label={`第 ${i + 1} 部分说明`}
                style={{ marginBottom: 8 }}
                value={part.description ?? ""}
                placeholder="本部分的说明（选填），如：您对本小区以下改造内容是否满意？"
                maxLength={500}
                onChange={(e) => setPart(i, (p) => ({ ...p, description: e.target.value || undefined }))}
              />
              {part.questions.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本部分还没有题目" />}
              {part.questions.map((x, k) => (
                <QuestionRow
                  key={k}
                  x={x}
                  index={k}
                  count={part.questions.length}
                  isOverall={x.name === q.overall}
                  onChange={(nx) =>
                    setQ((q) => ({
                      ...q,
                      // Renaming the scored or a household question keeps it so.
                      overall: q.overall === x.name ? nx.name : q.overall,
                      household: Object.fromEntries(Object.entries(q.household).map(([h, v]) => [h, v === x.name && v ? nx.name : v])) as Questionnaire["household"],
                      parts: q.parts.map((p, pi) => (pi === i ? { ...p, questions: p.questions.map((y, yi) => (yi === k ? nx : y)) } : p)),
                    }))
                  }
                  onMove={(by) => setPart(i, (p) => ({ ...p, questions: move(p.questions, k, by) }))}
                  onRemove={() => setPart(i, (p) => ({ ...p, questions: p.questions.filter((_, yi) => yi !== k) }))}
                />
              ))}
              <Dropdown
                trigger={["click"]}
                menu={{
                  items: KINDS.map((k) => ({ key: k, label: QUESTION_KIND_LABEL[k] })),
                  onClick: ({ key }) => setQ((q) => ({ ...q, parts: q.parts.map((p, pi) => (pi === i ? { ...p, questions: [...p.questions, newQuestion(key as Kind, freshName("q", questionNames(q)))] } : p)) })),
                }}
              >
                <Button type="dashed" icon={<PlusOutlined />} style={{ marginTop: 8 }}>
                  添加题目
                </Button>
              </Dropdown>
            </Card>
          ))}
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            style={{ marginBottom: 16 }}
            onClick={() =>
              setQ((q) => {
                const name = freshName("part", new Set(q.parts.map((p) => p.name)));
                return { ...q, parts: [...q.parts, { name, title: "新部分", questions: [newQuestion("satisfaction", freshName("q", questionNames(q)))] }] };
              })
            }
          >
            添加部分
          </Button>
        </Col>
        <Col xs={24} xl={10}>
          <div style={{ position: "sticky", top: 72 }}>
            <Preview q={q} />
          </div>
        </Col>
      </Row>
    </NumberProblems.Provider>
  );
}

function Viewer({ record }: { record: QuestionnaireRecord }) {
  const { linkTo } = useLedger();
  const { can } = useSession();
  const draft = useNewDraft();
  const q = record.definition;
  return (
    <>
      <PageHeader
        title={record.name}
        crumbs={[{ title: "满意度问卷", to: linkTo("/surveys/questionnaires") }, { title: `${record.name} 第 ${record.version} 版` }]}
        subtitle={
          <Space size={8}>
            <QuestionnaireStatus status={record.status} />
            <span>{`第 ${record.version} 版`}</span>
            {record.builtIn && <Tag>内置</Tag>}
            <Typography.Text type="secondary">{record.usedBy ? `已用于 ${record.usedBy} 次调查` : "尚未用于调查"}</Typography.Text>
            {record.publishedAt && <Typography.Text type="secondary">{`发布于 ${beijingTime(record.publishedAt)}`}</Typography.Text>}
          </Space>
        }
        extra={
          can("survey.design") &&
          record.status !== "draft" && (
            <Button type="primary" icon={<CopyOutlined />} loading={draft.pending} onClick={() => void draft.run({ fromId: record.id })}>
              复制为新版本
            </Button>
          )
        }
      />
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card title="基本设置" style={{ marginBottom: 16 }}>
            <Settings q={q} />
          </Card>
          {q.parts.map((p, i) => (
            <PartView key={p.name} part={p} index={i} overall={q.overall} />
          ))}
        </Col>
        <Col xs={24} xl={10}>
          <div style={{ position: "sticky", top: 72 }}>
            <Preview q={q} />
          </div>
        </Col>
      </Row>
    </>
  );
}

export default function QuestionnaireEditorPage() {
  const id = Number(useParams().id);
  const record = useQuestionnaire(id);
  const { can } = useSession();
  const { linkTo } = useLedger();
  if (record.isPending) return <PageSkeleton rows={3} />;
  if (record.isError)
    return (
      <>
        <PageHeader title="满意度问卷" crumbs={[{ title: "满意度问卷", to: linkTo("/surveys/questionnaires") }, { title: "问卷" }]} />
        <PageError error={record.error} onRetry={() => void record.refetch()} />
      </>
    );
  return record.data.status === "draft" && can("survey.design") ? <Editor key={record.data.id} record={record.data} /> : <Viewer record={record.data} />;
}
