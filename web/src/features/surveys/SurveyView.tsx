/**
 * The questionnaire as SurveyJS draws it, the same on the resident's phone, in 纸质问卷录入 and in the
 * editor's preview: Chinese texts, the app's blue, no web fonts (the CSP allows only 'self').
 */
import { useEffect, useMemo } from "react";
import { Model, type CompletingEvent, type SurveyModel } from "survey-core";
import { Survey } from "survey-react-ui";
import "survey-core/i18n/simplified-chinese";
import "survey-core/survey-core.fontless.css";
import "./survey.css";

const FONT = '-apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Helvetica Neue", Arial, sans-serif';

const THEME = {
  themeName: "default",
  colorPalette: "light",
  isPanelless: false,
  cssVariables: {
    "--sjs-primary-backcolor": "#1d4e89",
    "--sjs-primary-backcolor-dark": "#173f70",
    "--sjs-primary-backcolor-light": "rgba(29, 78, 137, 0.1)",
    "--sjs-general-backcolor-dim": "#f3f5f8",
    "--sjs-font-family": FONT,
  },
};

export type SurveyAnswers = Record<string, string | number>;

export interface SurveyViewProps {
  /** SurveyJS JSON (core/survey toSurveyJson, or the server's surveyJson). */
  json: Record<string, unknown>;
  /**
   * Called when the user presses 提交问卷 on a valid form. Return false to stay on the form (the
   * answers are kept, e.g. after the server refused them); true lets SurveyJS finish.
   */
  onSubmit?: (answers: SurveyAnswers, survey: SurveyModel) => Promise<boolean>;
  /** Every question on one page (paper entry, the editor's preview) instead of one page per part. */
  singlePage?: boolean;
  /** A new value clears the answers (the next paper form). */
  resetKey?: number;
  /** Preview: no 提交 button. */
  hideNavigation?: boolean;
}

/** Only the answers a questionnaire has: numbers (levels) and strings, blanks left out. */
function answersOf(survey: SurveyModel): SurveyAnswers {
  const out: SurveyAnswers = {};
  for (const [k, v] of Object.entries(survey.data as Record<string, unknown>)) {
    if (typeof v === "number") out[k] = v;
    else if (typeof v === "string" && v.trim() !== "") out[k] = v;
  }
  return out;
}

export function SurveyView({ json, onSubmit, singlePage, resetKey, hideNavigation }: SurveyViewProps) {
  const model = useMemo(() => {
    const m = new Model(json);
    m.locale = "zh-cn";
    m.applyTheme(THEME);
    if (singlePage) {
      m.questionsOnPageMode = "singlePage";
      m.showProgressBar = false;
    }
    if (hideNavigation) m.showNavigationButtons = false;
    return m;
  }, [json, singlePage, hideNavigation]);

  useEffect(() => {
    if (resetKey === undefined) return;
    model.clear(true, true);
  }, [model, resetKey]);

  useEffect(() => {
    if (!onSubmit) return;
    const handler = async (sender: SurveyModel, options: CompletingEvent) => {
      options.allow = await onSubmit(answersOf(sender), sender);
    };
    model.onCompleting.add(handler);
    return () => model.onCompleting.remove(handler);
  }, [model, onSubmit]);

  return (
    <div className="wx-survey">
      <Survey model={model} />
    </div>
  );
}
