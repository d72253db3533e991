/**
 * The resident's page (/s/:token), opened from the QR code on a phone without an account: the
 * community and 第 n 户 at the top, the questionnaire, then a thank-you. A link answers once.
 */
import { useCallback, useState } from "react";
import { Alert, Result, Spin } from "antd";
import { useParams } from "react-router";
import { ApiError } from "../../api";
import { errorMessage } from "../../components/states";
import { submitPublicSurvey, usePublicSurvey } from "./api";
import { SurveyView, type SurveyAnswers } from "./SurveyView";

type Outcome = { kind: "done" | "used" | "closed"; message: string | null };

const USED = "该问卷链接已经提交过，感谢您的参与！每户只能提交一次，如有疑问请联系调查人员。";

function Header({ county, community, seq }: { county?: string; community?: string; seq?: number }) {
  return (
    <header className="answer-header">
      <div className="answer-kicker">居民满意度调查</div>
      {community ? (
        <>
          <div className="answer-place">
            {county} · {community}
          </div>
          {seq !== undefined && <div className="answer-seq">第 {seq} 户</div>}
        </>
      ) : (
        <div className="answer-place">城镇老旧小区改造</div>
      )}
    </header>
  );
}

function Frame({ children, county, community, seq }: { children: React.ReactNode; county?: string; community?: string; seq?: number }) {
  return (
    <div className="answer-page">
      <Header county={county} community={community} seq={seq} />
      <main className="answer-main">{children}</main>
      <footer className="answer-footer">问卷不记名，答案仅用于评价本小区改造效果。</footer>
    </div>
  );
}

export default function AnswerPage() {
  const token = useParams().token ?? "";
  const survey = usePublicSurvey(token);
  const { refetch } = survey;
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [problems, setProblems] = useState<string[]>([]);

  const submit = useCallback(
    async (answers: SurveyAnswers) => {
      setProblems([]);
      try {
        const r = await submitPublicSurvey(token, answers);
        setOutcome({ kind: "done", message: r.message });
        window.scrollTo({ top: 0 });
        return true;
      } catch (e) {
        if (e instanceof ApiError && (e.status === 409 || e.status === 410)) {
          // Taken meanwhile (another phone, a second tab), closed, or the quota is full: the link's own
          // state says which, in the server's words.
          const fresh = await refetch().catch(() => null);
          const now = fresh?.data;
          setOutcome(now && now.state === "used" ? { kind: "used", message: now.message } : { kind: "closed", message: now?.message ?? e.message });
        } else if (e instanceof ApiError && e.problems.length) setProblems(e.problems.map((p) => p.message));
        else setProblems([errorMessage(e)]);
        window.scrollTo({ top: 0, behavior: "smooth" });
        return false;
      }
    },
    [token, refetch],
  );

  if (survey.isPending) {
    return (
      <Frame>
        <div className="answer-loading">
          <Spin size="large" description="正在打开问卷…" />
        </div>
      </Frame>
    );
  }
  if (survey.isError) {
    return (
      <Frame>
        <Result status="warning" title="无法打开问卷" subTitle={errorMessage(survey.error)} />
      </Frame>
    );
  }
  const s = survey.data;
  const where = { county: s.county, community: s.community, seq: s.seq };
  const state = outcome?.kind ?? (s.state === "open" ? null : s.state);
  if (state === "done") {
    return (
      <Frame {...where}>
        <Result status="success" title="提交成功" subTitle={outcome?.message ?? "感谢您参与本次居民满意度调查！"} />
      </Frame>
    );
  }
  if (state === "used") {
    return (
      <Frame {...where}>
        <Result status="info" title="该问卷链接已经提交过" subTitle={outcome?.message ?? s.message ?? USED} />
      </Frame>
    );
  }
  if (state === "closed" || !s.surveyJson) {
    return (
      <Frame {...where}>
        <Result status="warning" title="问卷暂不能填写" subTitle={outcome?.message ?? s.message ?? "本次调查已结束。"} />
      </Frame>
    );
  }
  return (
    <Frame {...where}>
      {problems.length > 0 && (
        <Alert
          className="answer-problems"
          type="error"
          showIcon
          title="问卷未能提交，请修改后再次提交"
          description={
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      )}
      <SurveyView json={s.surveyJson} onSubmit={submit} />
    </Frame>
  );
}
