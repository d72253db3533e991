/**
 * 纸质问卷录入: one paper form at a time in the same SurveyJS form the phone shows (every question on
 * one page), checked by the server like an online answer; below it, the workbook import of many forms.
 */
import { useCallback, useMemo, useState } from "react";
import { Alert, App, Card, Flex, Form, Input, Select, Typography } from "antd";
import type { ResponseSummary, SurveyState } from "../../../../contracts/surveys";
import { toSurveyJson } from "../../../../core/survey/questionnaire";
import { ApiError } from "../../api";
import { ImportPanel } from "../../components/ImportPanel";
import { EmptyState, errorMessage } from "../../components/states";
import { surveyImport, surveyKeys, useEnterPaper } from "./api";
import { FlagTags, RESPONSE_STATE } from "./shared";
import { SurveyView, type SurveyAnswers } from "./SurveyView";
import { pushTo } from "../../../../core/collections";

type Community = NonNullable<SurveyState["survey"]>["communities"][number];

export function PaperEntry({ taskId, state }: { taskId: number; state: SurveyState }) {
  const survey = state.survey!;
  const { message } = App.useApp();
  const enter = useEnterPaper(taskId);
  const [communityId, setCommunityId] = useState<number | null>(null);
  const [formNo, setFormNo] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const [last, setLast] = useState<ResponseSummary | null>(null);
  const [entered, setEntered] = useState(0);
  // The phone's form, made compact for typing in a stack of paper forms: choices side by side.
  const json = useMemo(() => {
    const base = toSurveyJson(survey.questionnaire) as { pages: { elements: Record<string, unknown>[] }[] };
    const satisfaction = new Set(survey.questionnaire.parts.flatMap((p) => p.questions.filter((x) => x.kind === "satisfaction").map((x) => x.name)));
    const pages = base.pages.map((p) => ({
      ...p,
      elements: p.elements.map((e, i) => {
        if (e.type === "radiogroup") return { ...e, colCount: satisfaction.has(String(e.name)) ? 5 : 0 };
        // 楼号、单元、室号 on one line.
        if (e.type === "text" && i > 0 && p.elements[i - 1].type === "text") return { ...e, startWithNewLine: false };
        return e;
      }),
    }));
    return { ...base, pages, title: undefined, description: undefined, showProgressBar: "off", widthMode: "responsive", completeText: "保存并录入下一份" };
  }, [survey.questionnaire]);
  const byCounty = useMemo(() => {
    const m = new Map<string, Community[]>();
    for (const c of survey.communities) pushTo(m, c.county, c);
    return [...m.entries()];
  }, [survey.communities]);

  const submit = useCallback(
    async (answers: SurveyAnswers) => {
      setProblems([]);
      if (communityId === null) {
        setProblems(["请先在上方选择问卷所属的小区"]);
        window.scrollTo({ top: 0, behavior: "smooth" });
        return false;
      }
      try {
        const r = await enter.mutateAsync({ communityId, formNo: formNo.trim() || undefined, answers });
        setLast(r);
        setFormNo("");
        setEntered((n) => n + 1);
        message.success(`已录入：${r.community} ${r.household || ""}`);
      } catch (e) {
        setProblems(e instanceof ApiError && e.problems.length ? e.problems.map((p) => p.message) : [errorMessage(e)]);
      }
      window.scrollTo({ top: 0, behavior: "smooth" });
      // The form stays open: cleared for the next form after a save, kept for a correction otherwise.
      return false;
    },
    [communityId, formNo, enter, message],
  );

  return (
    <>
      <Card title="逐份录入" style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">
          按纸质问卷逐题录入，保存后进入待审核；录入的问卷与扫码填写的问卷一样检查答案并自动标记。问卷编号用于与纸质原件对应，可不填。
        </Typography.Paragraph>
        <Form layout="inline" style={{ rowGap: 12 }}>
          <Form.Item label="小区" required>
            <Select<number>
              aria-label="录入小区"
              showSearch
              optionFilterProp="label"
              placeholder="选择问卷所属的小区"
              style={{ width: 300 }}
              value={communityId ?? undefined}
              onChange={(v) => setCommunityId(v)}
              options={byCounty.map(([county, list]) => ({ label: county, title: county, options: list.map((c) => ({ value: c.communityId, label: `${c.name}（${county}）` })) }))}
            />
          </Form.Item>
          <Form.Item label="问卷编号">
            <Input aria-label="问卷编号" value={formNo} maxLength={50} placeholder="如 LS-0012（选填）" style={{ width: 200 }} onChange={(e) => setFormNo(e.target.value)} />
          </Form.Item>
        </Form>
        {problems.length > 0 && (
          <Alert
            style={{ marginTop: 16 }}
            type="error"
            showIcon
            title="未能保存，请按下列提示修改"
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            }
          />
        )}
        {last && problems.length === 0 && (
          <Alert
            style={{ marginTop: 16 }}
            type="success"
            showIcon
            title={`本次已录入 ${entered} 份。上一份：${last.county} · ${last.community} ${last.household}${last.formNo ? `（编号 ${last.formNo}）` : ""}，${RESPONSE_STATE[last.state].text}`}
            description={
              last.flags.length > 0 && (
                <Flex gap={4} align="center" wrap>
                  标记：<FlagTags flags={last.flags} />
                </Flex>
              )
            }
          />
        )}
        {communityId === null ? (
          <div className="paper-entry paper-entry-empty">
            <EmptyState description="请先选择问卷所属的小区，再逐题录入。" />
          </div>
        ) : (
          <div className="paper-entry">
            <SurveyView json={json} singlePage onSubmit={submit} resetKey={entered} />
          </div>
        )}
      </Card>
      <Typography.Title level={5}>批量导入</Typography.Title>
      <ImportPanel
        label="纸质问卷"
        endpoint={surveyImport(taskId).endpoint}
        template={surveyImport(taskId).template}
        hint="模板每行一份问卷：小区、问卷编号和各题答案；满意度题填“很满意”至“很不满意”或 5 至 1。"
        invalidates={[surveyKeys.task(taskId)]}
      />
    </>
  );
}
