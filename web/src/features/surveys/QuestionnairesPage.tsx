/** 满意度问卷: the versions of every questionnaire; a published version is fixed, a change is a new version. */
import { App, Button, Card, Space, Table, Tag, Typography } from "antd";
import { CopyOutlined, PlusOutlined } from "@ant-design/icons";
import { Link, useNavigate } from "react-router";
import type { QuestionnaireRecord } from "../../../../contracts/surveys";
import { allQuestions, satisfactionQuestions } from "../../../../core/survey/questionnaire";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { beijingTime } from "../../components/figures";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, errorMessage, PageError, PageSkeleton } from "../../components/states";
import { useCreateQuestionnaire, useDeleteQuestionnaire, useQuestionnaires } from "./api";
import { QuestionnaireStatus } from "./QuestionnaireStatus";

/** Starts a draft from `fromId` and opens it. */
export function useNewDraft() {
  const create = useCreateQuestionnaire();
  const { linkTo } = useLedger();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const run = async (body: { fromId: number; newFamily?: boolean }) => {
    try {
      const q = await create.mutateAsync(body);
      message.success(`已新建「${q.name}」第 ${q.version} 版草稿`);
      navigate(linkTo(`/surveys/questionnaires/${q.id}`));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return { run, pending: create.isPending };
}

export default function QuestionnairesPage() {
  const list = useQuestionnaires();
  const { can } = useSession();
  const { linkTo } = useLedger();
  const design = can("survey.design");
  const draft = useNewDraft();
  const remove = useDeleteQuestionnaire();
  const { message, modal } = App.useApp();

  const header = <PageHeader title="满意度问卷" subtitle="居民满意度调查所用的问卷，按版本管理" />;
  if (list.isPending) return (<>{header}<PageSkeleton rows={1} /></>);
  if (list.isError) return (<>{header}<PageError error={list.error} onRetry={() => void list.refetch()} /></>);
  const rows = [...list.data].sort((a, b) => a.name.localeCompare(b.name, "zh-CN") || b.version - a.version);
  const builtIn = rows.find((q) => q.builtIn && q.status === "published") ?? rows.find((q) => q.status === "published");

  return (
    <>
      <PageHeader
        title="满意度问卷"
        subtitle="居民满意度调查所用的问卷，按版本管理"
        extra={
          design &&
          builtIn && (
            <Button type="primary" icon={<PlusOutlined />} loading={draft.pending} onClick={() => void draft.run({ fromId: builtIn.id, newFamily: true })}>
              由「{builtIn.name}」新建问卷
            </Button>
          )
        }
      />
      <Card>
        <Typography.Paragraph type="secondary">
          已发布的版本不再修改，修改须复制为新版本；调查开始时复制所用版本，之后问卷的修改不影响已开展的调查。满意率按问卷设定的计分题和满意口径计算。
        </Typography.Paragraph>
        {rows.length === 0 ? (
          <EmptyState description="还没有满意度问卷" />
        ) : (
          <Table<QuestionnaireRecord>
            aria-label="满意度问卷"
            rowKey="id"
            pagination={false}
            dataSource={rows}
            columns={[
              {
                title: "问卷",
                dataIndex: "name",
                render: (n: string, q) => (
                  <Space size={6}>
                    <Link to={linkTo(`/surveys/questionnaires/${q.id}`)}>{n}</Link>
                    {q.builtIn && <Tag>内置</Tag>}
                  </Space>
                ),
              },
              { title: "版本", dataIndex: "version", width: 80, render: (v: number) => `第 ${v} 版` },
              { title: "状态", dataIndex: "status", width: 150, render: (s: QuestionnaireRecord["status"]) => <QuestionnaireStatus status={s} /> },
              {
                title: "题目",
                key: "questions",
                width: 170,
                render: (_, q) => `${q.definition.parts.length} 部分 ${allQuestions(q.definition).length} 题（满意度 ${satisfactionQuestions(q.definition).length} 题）`,
              },
              { title: "使用", dataIndex: "usedBy", width: 100, align: "right", render: (n: number) => (n ? `${n} 次调查` : <Typography.Text type="secondary">未使用</Typography.Text>) },
              { title: "更新时间", dataIndex: "updatedAt", width: 150, render: (v: string) => <span className="num">{beijingTime(v)}</span> },
              {
                title: "操作",
                key: "ops",
                width: 260,
                render: (_, q) => (
                  <Space size={4} wrap>
                    <Link to={linkTo(`/surveys/questionnaires/${q.id}`)}>{q.status === "draft" && design ? "编辑" : "查看"}</Link>
                    {design && q.status !== "draft" && (
                      <Button type="link" size="small" icon={<CopyOutlined />} onClick={() => void draft.run({ fromId: q.id })}>
                        复制为新版本
                      </Button>
                    )}
                    {design && (
                      <Button type="link" size="small" onClick={() => void draft.run({ fromId: q.id, newFamily: true })}>
                        复制为新问卷
                      </Button>
                    )}
                    {design && q.status === "draft" && (
                      <Button
                        type="link"
                        size="small"
                        danger
                        onClick={() =>
                          modal.confirm({
                            title: `删除「${q.name}」第 ${q.version} 版草稿？`,
                            okText: "删除",
                            cancelText: "取消",
                            okButtonProps: { danger: true },
                            onOk: async () => {
                              try {
                                await remove.mutateAsync(q.id);
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
    </>
  );
}
