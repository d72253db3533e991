/** 评价任务: its state, settings and scopes (the city and each county) with mode, score and feedback. */
import { Alert, App, Badge, Button, Card, Descriptions, Flex, Select, Space, Table, Tag, Tooltip, Typography } from "antd";
import { BarChartOutlined, CheckCircleOutlined, FileTextOutlined, RollbackOutlined, SendOutlined, PlayCircleOutlined, SmileOutlined } from "@ant-design/icons";
import { Link, useNavigate, useParams } from "react-router";
import { SCOPE_MODE_LABEL, SCOPE_MODES, type ScopeMode, type ScopeSummary, type TaskDetail, type TaskState } from "../../../../contracts/evaluations";
import { OVERALL_METHOD_LABEL, OVERALL_METHODS, type OverallMethod } from "../../../../core/scoring/aggregate";
import { formatDateCn } from "../../../../core/dates";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { LinkButton } from "../../components/LinkButton";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage, notifySaveError, PageError, PageSkeleton } from "../../components/states";
import { useAdvance, useTask, useUpdateTask } from "./api";
import { ExportButton } from "./ExportButton";
import { FindingsCard } from "../rectification/FindingsCard";
import { GradeTag, ModeTag, Num, pct, ptsFixed, StateSteps, StateTag } from "./shared";

const STEP: Record<string, { label: string; icon: React.ReactNode; confirm: string; primary?: boolean; danger?: boolean }> = {
  scoring: { label: "开始评分", icon: <PlayCircleOutlined />, confirm: "开始评分后，评价日、指标体系和等级标准不能再修改。", primary: true },
  reply: { label: "发送县区征求意见", icon: <SendOutlined />, confirm: "各县区将能看到本县区的评分表并逐项反馈意见。", primary: true },
  back: { label: "退回评分修改", icon: <RollbackOutlined />, confirm: "任务回到「评分中」，县区暂不能看到评分表，也不能提出意见。" },
  final: {
    label: "定稿",
    icon: <CheckCircleOutlined />,
    confirm: "定稿后各评分表和评价结果将被锁定并保存为定稿时的数据；之后台账、项目库或模板的变化都不再影响本任务。此操作不可撤销。",
    primary: true,
    danger: true,
  },
};

function AdvanceButtons({ task }: { task: TaskDetail }) {
  const advance = useAdvance(task.id);
  const { modal, message } = App.useApp();
  return (
    <>
      {task.can.advanceTo.map((to: TaskState) => {
        const key = task.state === "reply" && to === "scoring" ? "back" : to;
        const step = STEP[key];
        const blocked = (to === "reply" || to === "final") && task.blockers.length > 0;
        const button = (
          <Button
            key={key}
            type={step.primary ? "primary" : "default"}
            danger={step.danger}
            icon={step.icon}
            disabled={blocked}
            loading={advance.isPending && advance.variables?.to === to}
            onClick={() =>
              modal.confirm({
                title: `确认${step.label}？`,
                content: step.confirm,
                okText: step.label,
                cancelText: "取消",
                okButtonProps: { danger: step.danger },
                onOk: async () => {
                  try {
                    await advance.mutateAsync({ to });
                    message.success(`已${step.label}`);
                  } catch (e) {
                    message.error(errorMessage(e));
                  }
                },
              })
            }
          >
            {step.label}
          </Button>
        );
        return blocked ? (
          <Tooltip key={key} title={task.blockers.join("；")}>
            {button}
          </Tooltip>
        ) : (
          button
        );
      })}
    </>
  );
}

export default function TaskPage() {
  const taskId = Number(useParams().taskId);
  const { linkTo } = useLedger();
  const navigate = useNavigate();
  const task = useTask(taskId);
  const update = useUpdateTask(taskId);
  const { message, modal } = App.useApp();
  const { can } = useSession();

  const crumbs = [{ title: "评价任务", to: linkTo("/evaluations") }, { title: task.data?.name ?? "评价任务" }];
  if (task.isPending) return <PageSkeleton rows={2} />;
  if (task.isError) return (<><PageHeader title="评价任务" crumbs={crumbs} /><PageError error={task.error} onRetry={() => void task.refetch()} /></>);
  const t = task.data;
  const editable = t.can.manage;
  const save = async (body: Omit<Parameters<typeof update.mutateAsync>[0], "version">, done: string) => {
    try {
      await update.mutateAsync({ ...body, version: t.version });
      message.success(done);
    } catch (e) {
      notifySaveError({ message, modal }, e);
    }
  };
  const city = t.scopes.find((s) => s.kind === "city");

  return (
    <>
      <PageHeader
        title={t.name}
        crumbs={crumbs}
        subtitle={
          <Space size={8}>
            <StateTag state={t.state} />
            <span>评价日 {formatDateCn(t.asOf)}</span>
            {t.isDemo && <Tag color="gold">示例数据</Tag>}
            {t.state !== "final" && <Typography.Text type="secondary">定稿前，得分随台账和项目库数据实时更新</Typography.Text>}
          </Space>
        }
        extra={
          <>
            <Button icon={<BarChartOutlined />} onClick={() => navigate(linkTo(`/evaluations/${t.id}/results`))}>
              评价结果
            </Button>
            {can("survey.read") && (
              <LinkButton icon={<SmileOutlined />} to={linkTo(`/evaluations/${t.id}/survey`)}>
                居民满意度调查
              </LinkButton>
            )}
            {can("report.read") && (
              <LinkButton icon={<FileTextOutlined />} to={linkTo(`/evaluations/${t.id}/report`)}>
                评价报告
              </LinkButton>
            )}
            <ExportButton taskId={t.id}>导出评分表</ExportButton>
            <AdvanceButtons task={t} />
          </>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <StateSteps state={t.state} />
        {t.blockers.length > 0 && (
          <Alert style={{ marginTop: 16 }} type="warning" showIcon title="进入下一阶段前请先处理" description={<ul style={{ margin: 0, paddingInlineStart: 20 }}>{t.blockers.map((b) => <li key={b}>{b}</li>)}</ul>} />
        )}
      </Card>
      <Card title="任务设置" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="资金年度">{t.year}年度</Descriptions.Item>
          <Descriptions.Item label="评价日">{formatDateCn(t.asOf)}</Descriptions.Item>
          <Descriptions.Item label="评价机构">{t.evaluatorOrg}</Descriptions.Item>
          <Descriptions.Item label="指标体系">
            {t.templateId ? <Link to={linkTo(`/evaluation/templates/${t.templateId}`)}>{`${t.templateName}（第 ${t.templateVersion} 版）`}</Link> : `${t.templateName}（第 ${t.templateVersion} 版）`}
            <Typography.Text type="secondary">　已复制到本任务</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="等级标准">{`${t.gradeScaleName}：${t.gradeScaleDescription}`}</Descriptions.Item>
          <Descriptions.Item label="区域总体得分">
            {editable ? (
              <Select<OverallMethod>
                aria-label="区域总体得分方式"
                size="small"
                style={{ width: 220 }}
                value={t.overallMethod}
                loading={update.isPending}
                options={OVERALL_METHODS.map((m) => ({ value: m, label: OVERALL_METHOD_LABEL[m] }))}
                onChange={(overallMethod) => void save({ overallMethod }, "已修改区域总体得分方式")}
              />
            ) : (
              OVERALL_METHOD_LABEL[t.overallMethod]
            )}
          </Descriptions.Item>
          {t.finalizedAt && <Descriptions.Item label="定稿">{`${formatDateCn(t.finalizedAt.slice(0, 10))}　${t.finalizedBy ?? ""}`}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card title="评价范围与评分表">
        <Table<ScopeSummary>
          rowKey="id"
          dataSource={t.scopes}
          pagination={false}
          size="middle"
          columns={[
            { title: "序号", key: "i", width: 60, render: (_, s) => (s.kind === "city" ? "市级" : t.scopes.filter((x) => x.kind === "county").indexOf(s) + 1) },
            {
              title: "评价范围",
              dataIndex: "name",
              render: (name: string, s) => (
                <Link to={linkTo(`/evaluations/${t.id}/scopes/${s.id}`)}>
                  {name}
                  {s.kind === "city" && "（市级评分表）"}
                </Link>
              ),
            },
            {
              title: "评价方式",
              dataIndex: "mode",
              width: 200,
              render: (mode: ScopeMode, s) =>
                editable ? (
                  <Select<ScopeMode>
                    aria-label={`${s.name}评价方式`}
                    size="small"
                    style={{ width: 170 }}
                    value={mode}
                    options={SCOPE_MODES.map((m) => ({ value: m, label: SCOPE_MODE_LABEL[m] }))}
                    onChange={(m) => void save({ scopes: [{ id: s.id, mode: m }] }, `已将${s.name}改为${SCOPE_MODE_LABEL[m]}`)}
                  />
                ) : (
                  <ModeTag mode={mode} />
                ),
            },
            { title: "得分", dataIndex: "total", width: 90, align: "right", render: (v: number) => <Num>{ptsFixed(v)}</Num> },
            { title: "得分率", dataIndex: "rateBp", width: 90, align: "right", render: (v: number | null) => <Num>{pct(v)}</Num> },
            { title: "等级", dataIndex: "grade", width: 70, render: (g: string) => <GradeTag grade={g} /> },
            {
              title: "评分进度",
              key: "complete",
              width: 130,
              render: (_, s) => (s.complete ? <Badge status="success" text="已全部评分" /> : <Badge status="warning" text={`${s.missingCount} 项未评分`} />),
            },
            {
              title: "意见反馈",
              key: "threads",
              width: 140,
              render: (_, s) =>
                s.threads === 0 ? (
                  <Typography.Text type="secondary">无</Typography.Text>
                ) : s.awaitingAnswer > 0 ? (
                  <Badge status="processing" text={`${s.threads} 条，${s.awaitingAnswer} 条待答复`} />
                ) : (
                  <Badge status="default" text={`${s.threads} 条，已答复`} />
                ),
            },
            { title: "", key: "go", width: 90, render: (_, s) => <Link to={linkTo(`/evaluations/${t.id}/scopes/${s.id}`)}>查看评分表</Link> },
          ]}
        />
        {city && (
          <Flex style={{ marginTop: 12 }}>
            <Typography.Text type="secondary">
              市级评分表为独立评分；区域总体得分按「{OVERALL_METHOD_LABEL[t.overallMethod]}」计算，见评价结果。
            </Typography.Text>
          </Flex>
        )}
      </Card>
      {can("rectification.read") && <FindingsCard taskId={t.id} />}
    </>
  );
}
