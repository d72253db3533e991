/**
 * 居民满意度调查 use cases, one file per area: questionnaires (questionnaires.ts), a task's survey and
 * its sample and links (setup-survey.ts), the resident's one-time link (answer-online.ts), responses,
 * paper forms and review (responses.ts), results (results.ts). Who may do what is in access.ts.
 */
export * from "./questionnaires";
export { getSurveyState, setupSurvey, listLinks, requireSurvey, surveyLink } from "./setup-survey";
export { openSurveyLink, submitSurveyLink, chinaToday } from "./answer-online";
export { listResponses, getResponse, enterPaperForm, reviewResponses, writePaperForm } from "./responses";
export { getSurveyResults } from "./results";
