/**
 * 居民满意度调查 of one evaluation task: 抽样与二维码, 问卷审核, 纸质问卷录入 and 调查结果, as tabs kept
 * in the URL (?tab=) so a link opens the same tab. What a user may do comes from the server (`can`).
 */
import { Space, Tabs, Tag, Typography } from "antd";
import { useParams, useSearchParams } from "react-router";
import { formatDateCn } from "../../../../core/dates";
import { useLedger } from "../../app/ledger";
import { PageHeader } from "../../components/PageHeader";
import { PageError, PageSkeleton } from "../../components/states";
import { StateTag } from "../evaluations/shared";
import { useSurveyState } from "./api";
import { PaperEntry } from "./PaperEntry";
import { SurveySetup } from "./SurveySetup";
import { SurveyResponses } from "./SurveyResponses";
import { SurveyResults } from "./SurveyResults";

const TABS = ["setup", "responses", "paper", "results"] as const;
type TabKey = (typeof TABS)[number];

export default function SurveyPage() {
  const taskId = Number(useParams().taskId);
  const { linkTo } = useLedger();
  const [search, setSearch] = useSearchParams();
  const state = useSurveyState(taskId);

  const crumbs = [
    { title: "评价任务", to: linkTo("/evaluations") },
    { title: state.data?.taskName ?? "评价任务", to: linkTo(`/evaluations/${taskId}`) },
    { title: "居民满意度调查" },
  ];
  if (state.isPending) return <PageSkeleton rows={3} />;
  if (state.isError) return (<><PageHeader title="居民满意度调查" crumbs={crumbs} /><PageError error={state.error} onRetry={() => void state.refetch()} /></>);
  const s = state.data;
  const survey = s.survey;

  const available: TabKey[] = ["setup"];
  // Readers see the questionnaires too (a county its own); only the task's evaluator and finance review.
  // Single questionnaires: not for a county (residents answer more freely); it reads its own totals.
  if (survey && s.can.responses) available.push("responses");
  if (survey && s.can.conduct) available.push("paper");
  if (survey) available.push("results");
  const asked = search.get("tab") as TabKey | null;
  const tab: TabKey = asked && available.includes(asked) ? asked : "setup";
  const setTab = (key: string) =>
    setSearch((prev) => {
      const next = new URLSearchParams(prev);
      next.set("tab", key);
      return next;
    }, { replace: true });

  const label: Record<TabKey, string> = {
    setup: "抽样与二维码",
    responses: !s.can.review ? "回收问卷" : survey && survey.totals.pending > 0 ? `问卷审核（${survey.totals.pending} 份待审）` : "问卷审核",
    paper: "纸质问卷录入",
    results: "调查结果",
  };
  const body = (key: TabKey) => {
    switch (key) {
      case "setup":
        return <SurveySetup taskId={taskId} state={s} />;
      case "responses":
        return <SurveyResponses taskId={taskId} state={s} />;
      case "paper":
        return <PaperEntry taskId={taskId} state={s} />;
      case "results":
        return <SurveyResults taskId={taskId} />;
    }
  };

  return (
    <>
      <PageHeader
        title="居民满意度调查"
        crumbs={crumbs}
        subtitle={
          <Space size={8} wrap>
            <span>{s.taskName}</span>
            <StateTag state={s.taskState} />
            {survey ? (
              <>
                <Typography.Text type="secondary">{`问卷：${survey.questionnaireName}（第 ${survey.questionnaireVersion} 版）`}</Typography.Text>
                {survey.closesOn ? <Tag>{`截止 ${formatDateCn(survey.closesOn)}`}</Tag> : <Tag>不设截止日期</Tag>}
              </>
            ) : (
              <Tag>尚未抽样</Tag>
            )}
          </Space>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={available.map((key) => ({ key, label: label[key], children: body(key) }))}
      />
    </>
  );
}
