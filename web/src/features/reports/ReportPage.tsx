/**
 * 评价报告 of a task: the preview as printed, every figure with its trace, the evaluator's edits with
 * their history, the 勾稽校验 of the report (and of any other file), the drafting rules, downloads.
 */
import { useState } from "react";
import { Alert, App, Badge, Button, Collapse, Flex, List, Select, Space, Tabs, Tag, Tooltip, Typography } from "antd";
import { EditOutlined, FileExcelOutlined, FilePdfOutlined, FileWordOutlined, GlobalOutlined, HistoryOutlined } from "@ant-design/icons";
import { useParams, useSearchParams } from "react-router";
import { TASK_STATES, type TaskState } from "../../../../contracts/evaluations";
import type { ParagraphState, Report, ReportFormat } from "../../../../contracts/reports";
import { formatDateCn } from "../../../../core/dates";
import type { ReportBlock } from "../../../../core/report/model";
import { useLedger } from "../../app/ledger";
import { beijingTime } from "../../components/figures";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage, PageError, PageSkeleton } from "../../components/states";
import { StateTag } from "../evaluations/shared";
import { downloadReport, useEditParagraph, useReport } from "./api";
import { checkTitle, CheckResultView, ReportFileCheck } from "./CheckResult";
import { ParagraphEditor } from "./ParagraphEditor";
import { ParagraphHistoryDrawer } from "./ParagraphHistory";
import { ReportSheet } from "./ReportSheet";
import { RulesPanel } from "./RulesPanel";

const DOWNLOADS: { format: ReportFormat; label: string; icon: React.ReactNode; primary?: boolean }[] = [
  { format: "docx", label: "Word 公文格式（.docx）", icon: <FileWordOutlined />, primary: true },
  { format: "pdf", label: "PDF", icon: <FilePdfOutlined /> },
  { format: "xlsx", label: "附表（.xlsx）", icon: <FileExcelOutlined /> },
  { format: "html", label: "网页（.html）", icon: <GlobalOutlined /> },
];

function DownloadButtons({ taskId, version }: { taskId: number; version: number | undefined }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<ReportFormat | null>(null);
  const run = async (format: ReportFormat) => {
    setBusy(format);
    try {
      message.success(`已下载：${await downloadReport(taskId, format, version)}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space.Compact>
      {DOWNLOADS.map((d) => (
        <Button key={d.format} type={d.primary ? "primary" : "default"} icon={d.icon} loading={busy === d.format} onClick={() => void run(d.format)}>
          {d.label}
        </Button>
      ))}
    </Space.Compact>
  );
}

const isTaskState = (s: string): s is TaskState => (TASK_STATES as readonly string[]).includes(s);

/** 草稿（随数据更新） or 定稿第 N 版. */
function stateText(r: Report): string {
  return r.document.meta.live ? "草稿（随数据更新）" : `定稿第 ${r.document.meta.version} 版`;
}

function VersionPicker({ report, version, onChange }: { report: Report; version: number | undefined; onChange: (v: number | undefined) => void }) {
  if (report.versions.length === 0) return null;
  // While the task is not final, the live draft is the report; the versions are earlier finalisations.
  const draft = report.taskState !== "final" ? [{ value: 0, label: "当前草稿（随数据更新）" }] : [];
  const options = [...draft, ...report.versions.map((v) => ({ value: v.version, label: `定稿第 ${v.version} 版（${beijingTime(v.createdAt)}，${v.createdByName}）` }))];
  const current = version ?? (report.document.meta.live ? 0 : (report.document.meta.version ?? 0));
  return <Select aria-label="报告版本" style={{ width: 300 }} value={current} options={options} onChange={(v: number) => onChange(v === 0 ? undefined : v)} />;
}

/** What a reader of the sheet may do with a block: edit it, see that it was edited and its history. */
function MarginNotes({ state, canEdit, onEdit, onHistory }: { state: ParagraphState; canEdit: boolean; onEdit: () => void; onHistory: () => void }) {
  // Edits and stored texts have versions to compare, also after 恢复原文; built-in and drafted words have none.
  const versioned = state.history;
  return (
    <>
      {canEdit && (
        <Button className="report-edit-button" size="small" icon={<EditOutlined />} aria-label={`修改「${state.label}」`} onClick={onEdit}>
          修改
        </Button>
      )}
      {state.source === "edited" && <Tag color="orange">{`已修改 第${state.version ?? 1}版`}</Tag>}
      {state.source === "text" && state.version !== null && <Tag color="purple">{`本年度文本 第${state.version}版`}</Tag>}
      {state.source === "finding" && <Tag color="cyan">来自问题清单</Tag>}
      {state.frozen && <Tag>数字已冻结</Tag>}
      {versioned && (
        <Button type="link" size="small" icon={<HistoryOutlined />} style={{ paddingInline: 0 }} aria-label={`「${state.label}」的修改历史`} onClick={onHistory}>
          修改历史
        </Button>
      )}
    </>
  );
}

/** Paragraphs taken out of the report, with 恢复 (their words are kept). */
function HiddenParagraphs({ taskId, report }: { taskId: number; report: Report }) {
  const hidden = report.paragraphs.filter((p) => p.hidden);
  const edit = useEditParagraph(taskId);
  const { message } = App.useApp();
  if (hidden.length === 0) return null;
  const restore = async (p: ParagraphState) => {
    try {
      await edit.mutateAsync({ key: p.key, body: p.body, freeze: p.frozen });
      message.success(`已恢复「${p.label}」`);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Collapse
      style={{ maxWidth: 800, margin: "0 auto 16px" }}
      items={[
        {
          key: "hidden",
          label: `已删除的段落（${hidden.length}）`,
          children: (
            <List
              size="small"
              dataSource={hidden}
              renderItem={(p) => (
                <List.Item
                  actions={
                    report.can.edit
                      ? [
                          <Button key="restore" size="small" loading={edit.isPending && edit.variables?.key === p.key} onClick={() => void restore(p)}>
                            恢复
                          </Button>,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta title={p.label} description={<Typography.Text type="secondary" ellipsis>{p.body}</Typography.Text>} />
                </List.Item>
              )}
            />
          ),
        },
      ]}
    />
  );
}

function PreviewTab({ taskId, report, editable, onShowCheck }: { taskId: number; report: Report; editable: boolean; onShowCheck: () => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  const states = new Map(report.paragraphs.map((p) => [p.key, p]));
  const ok = report.check.problems.length === 0;
  const margin = (b: ReportBlock) => {
    const state = b.kind === "table" || b.key === null ? undefined : states.get(b.key);
    if (!state) return null;
    if (!editable && !state.history) return null;
    return <MarginNotes state={state} canEdit={editable} onEdit={() => setEditing(state.key)} onHistory={() => setHistory(state.key)} />;
  };
  const editingState = editing ? states.get(editing) : undefined;
  return (
    <>
      <Alert
        style={{ maxWidth: 800, margin: "0 auto 16px" }}
        type={ok ? "success" : "warning"}
        showIcon
        title={checkTitle(report.check)}
        action={
          <Button size="small" type="link" onClick={onShowCheck}>
            {ok ? "查看核对内容" : "查看不一致之处"}
          </Button>
        }
      />
      {editable && (
        <Typography.Paragraph type="secondary" style={{ maxWidth: 800, margin: "0 auto 12px" }}>
          点击带下划线的数字可查看其来源；将鼠标移到段落上，点击右侧「修改」可修改文字。
        </Typography.Paragraph>
      )}
      <HiddenParagraphs taskId={taskId} report={report} />
      <ReportSheet doc={report.document} margin={margin} />
      {editingState && (
        <ParagraphEditor
          key={editingState.key}
          taskId={taskId}
          paragraph={editingState}
          isTitle={editingState.key.endsWith(".title")}
          placeholders={report.placeholders}
          canEditTexts={report.can.editTexts}
          onClose={() => setEditing(null)}
        />
      )}
      {history && <ParagraphHistoryDrawer taskId={taskId} paragraphKey={history} onClose={() => setHistory(null)} />}
    </>
  );
}

function CheckTab({ taskId, report }: { taskId: number; report: Report }) {
  return (
    <Flex vertical gap={24} style={{ maxWidth: 960 }}>
      <section aria-label="本报告的勾稽校验">
        <Typography.Title level={5}>本报告</Typography.Title>
        <CheckResultView result={report.check} />
      </section>
      <section aria-label="校验其他报告文件">
        <Typography.Title level={5}>其他报告文件</Typography.Title>
        <Typography.Paragraph type="secondary">上传在系统外编写或修改过的报告，核对其表格和数字；数字还将与本评价任务的系统记录逐项比对。</Typography.Paragraph>
        <ReportFileCheck taskId={taskId} />
      </section>
    </Flex>
  );
}

export default function ReportPage() {
  const taskId = Number(useParams().taskId);
  const { linkTo } = useLedger();
  const [search, setSearch] = useSearchParams();
  const version = Number(search.get("version")) || undefined;
  const report = useReport(taskId, version);
  const [tab, setTab] = useState("preview");

  const setVersion = (v: number | undefined) =>
    setSearch((prev) => {
      const next = new URLSearchParams(prev);
      if (v === undefined) next.delete("version");
      else next.set("version", String(v));
      return next;
    });
  const taskName = report.data?.document.meta.taskName;
  const crumbs = [{ title: "评价任务", to: linkTo("/evaluations") }, { title: taskName ?? "评价任务", to: linkTo(`/evaluations/${taskId}`) }, { title: "评价报告" }];
  if (report.isPending) return <PageSkeleton rows={3} />;
  if (report.isError) return (<><PageHeader title="评价报告" crumbs={crumbs} /><PageError error={report.error} onRetry={() => void report.refetch()} /></>);
  const r = report.data;
  const meta = r.document.meta;
  // Only the report as it stands can change; a finalised version is a record.
  const editable = r.can.edit && meta.live && version === undefined;

  return (
    <>
      <PageHeader
        title="评价报告"
        crumbs={crumbs}
        subtitle={
          <Space size={8} wrap>
            <span>{meta.taskName}</span>
            {isTaskState(r.taskState) && <StateTag state={r.taskState} />}
            <Tag color={meta.live ? "processing" : "success"}>{stateText(r)}</Tag>
            {meta.isDemo && (
              <Tooltip title="示例数据：总额与执行率取自2021年度跟踪问效报告，项目名称、日期和各县区分配为合成数据">
                <Tag color="gold">示例数据</Tag>
              </Tooltip>
            )}
            <Typography.Text type="secondary">{`数据截至 ${formatDateCn(meta.asOf)}`}</Typography.Text>
          </Space>
        }
        extra={
          <>
            <VersionPicker report={r} version={version} onChange={setVersion} />
            <DownloadButtons taskId={taskId} version={version} />
          </>
        }
      />
      {report.isPlaceholderData && <Alert style={{ marginBottom: 12 }} type="info" showIcon title="正在加载所选版本…" />}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: "preview", label: "报告预览", children: <PreviewTab taskId={taskId} report={r} editable={editable} onShowCheck={() => setTab("check")} /> },
          {
            key: "check",
            label: (
              <Badge count={r.check.problems.length} size="small" offset={[8, 0]}>
                勾稽校验
              </Badge>
            ),
            children: <CheckTab taskId={taskId} report={r} />,
          },
          { key: "rules", label: "起草规则", children: <RulesPanel taskId={taskId} figures={r.document.figures} /> },
        ]}
      />
    </>
  );
}
