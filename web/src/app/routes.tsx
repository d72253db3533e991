import { lazy, Suspense, type ReactNode } from "react";
import { LazyResult } from "../components/LazyResult";
import { Route, Routes, useLocation } from "react-router";
import type { Permission } from "../../../core/access";
import { LinkButton } from "../components/LinkButton";
import { PageSkeleton } from "../components/states";
import { useLinkTo } from "./ledger";
import { FullPageSpin, SessionGate, useSession, WithFeedback } from "./session";

// The menu, the header and what they use (date pickers, menus) load after signing in, so that the
// sign-in screen downloads only what it shows.
const AppShell = lazy(() => import("./AppShell").then((m) => ({ default: m.AppShell })));
// Pages load on demand: the chart pages bring ECharts, the others do not.
const HomePage = lazy(() => import("../features/funds/HomePage"));
const FundsOverviewPage = lazy(() => import("../features/funds/FundsOverviewPage"));
const CountyPage = lazy(() => import("../features/funds/CountyPage"));
const ProjectPage = lazy(() => import("../features/funds/ProjectPage"));
const AllocationsPage = lazy(() => import("../features/funds/AllocationsPage"));
const PaymentsPage = lazy(() => import("../features/funds/PaymentsPage"));
const ImportPage = lazy(() => import("../features/imports/ImportPage"));
const AccountPasswordPage = lazy(() => import("../features/auth/AccountPasswordPage"));
const ReviewPage = lazy(() => import("../features/review/ReviewPage"));
const UsersPage = lazy(() => import("../features/admin/UsersPage"));
const AuditPage = lazy(() => import("../features/admin/AuditPage"));
const ProjectsPage = lazy(() => import("../features/projects/ProjectsPage"));
const ProjectDetailPage = lazy(() => import("../features/projects/ProjectDetailPage"));
const RegistryImportPage = lazy(() => import("../features/projects/RegistryImportPage"));
const CommunitiesPage = lazy(() => import("../features/projects/CommunitiesPage"));
const GoalPage = lazy(() => import("../features/projects/GoalPage"));
const MaintenancePage = lazy(() => import("../features/projects/MaintenancePage"));
const TargetsPage = lazy(() => import("../features/projects/TargetsPage"));
const MonitoringPage = lazy(() => import("../features/projects/MonitoringPage"));
const CountyMonitorPage = lazy(() => import("../features/projects/CountyMonitorPage"));
const EvaluationTasksPage = lazy(() => import("../features/evaluations/TasksPage"));
const EvaluationTaskPage = lazy(() => import("../features/evaluations/TaskPage"));
const EvaluationSheetPage = lazy(() => import("../features/evaluations/SheetPage"));
const EvaluationResultsPage = lazy(() => import("../features/evaluations/ResultsPage"));
const EvaluationTemplatesPage = lazy(() => import("../features/evaluations/TemplatesPage"));
const TemplateEditorPage = lazy(() => import("../features/evaluations/TemplateEditorPage"));
const ReportPage = lazy(() => import("../features/reports/ReportPage"));
const ReportCheckPage = lazy(() => import("../features/reports/CheckPage"));
const FundYearsPage = lazy(() => import("../features/setup/FundYearsPage"));
const SourcesPage = lazy(() => import("../features/setup/SourcesPage"));
const RegionsPage = lazy(() => import("../features/regions/RegionsPage"));
const SetupPage = lazy(() => import("../features/firstrun/SetupPage"));
const SurveyPage = lazy(() => import("../features/surveys/SurveyPage"));
const QuestionnairesPage = lazy(() => import("../features/surveys/QuestionnairesPage"));
const QuestionnaireEditorPage = lazy(() => import("../features/surveys/QuestionnaireEditorPage"));
const AnswerPage = lazy(() => import("../features/surveys/AnswerPage"));
const AllocationPage = lazy(() => import("../features/allocation/AllocationPage"));
const RectificationLedgerPage = lazy(() => import("../features/rectification/LedgerPage"));
const RectificationItemPage = lazy(() => import("../features/rectification/ItemPage"));
const WorksPage = lazy(() => import("../features/works/WorksPage"));
const WorksConflictsPage = lazy(() => import("../features/works/ConflictsPage"));
const SharedCommunitiesPage = lazy(() => import("../features/works/CommunitiesPage"));
const WorksMapPage = lazy(() => import("../features/works/MapPage"));
const HandoversPage = lazy(() => import("../features/works/HandoversPage"));

/** A page that needs one of `anyOf`; others see why they cannot open it. */
function Page({ children, anyOf }: { children: ReactNode; anyOf?: Permission[] }) {
  const { me, can } = useSession();
  const linkTo = useLinkTo();
  if (anyOf && !anyOf.some(can)) {
    return (
      <LazyResult
        status="403"
        title="无权访问"
        subTitle={`您的账户（${me.roleLabel}）没有使用此页面的权限。如需开通，请联系系统管理员。`}
        extra={
          <LinkButton type="primary" to={linkTo("/")}>
            返回首页
          </LinkButton>
        }
      />
    );
  }
  return <Suspense fallback={<PageSkeleton />}>{children}</Suspense>;
}

function NotFoundPage() {
  const linkTo = useLinkTo();
  return (
    <LazyResult
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在，请检查链接是否正确。"
      extra={
        <LinkButton type="primary" to={linkTo("/")}>
          返回首页
        </LinkButton>
      }
    />
  );
}

const READ: Permission[] = ["funds.read"];

export function AppRoutes() {
  const { pathname } = useLocation();
  // 首次设置 comes before any account exists: outside the session gate.
  if (pathname === "/setup") {
    return (
      <WithFeedback fallback={null}>
        <SetupPage />
      </WithFeedback>
    );
  }
  // A resident's questionnaire link (the QR code) opens on a phone without an account.
  if (pathname.startsWith("/s/")) {
    return (
      <WithFeedback fallback={null}>
        <Routes>
          <Route path="/s/:token" element={<AnswerPage />} />
          <Route path="*" element={<LazyResult status="404" title="链接无效" subTitle="请检查问卷链接是否完整，或重新扫描二维码。" />} />
        </Routes>
      </WithFeedback>
    );
  }
  return (
    <SessionGate>
      <Routes>
        <Route
          element={
            <Suspense fallback={<FullPageSpin />}>
              <AppShell />
            </Suspense>
          }
        >
          <Route index element={<Page><HomePage /></Page>} />
          <Route path="funds" element={<Page anyOf={READ}><FundsOverviewPage /></Page>} />
          <Route path="funds/counties/:countyId" element={<Page anyOf={READ}><CountyPage /></Page>} />
          <Route path="funds/projects/:projectId" element={<Page anyOf={READ}><ProjectPage /></Page>} />
          <Route path="funds/allocations" element={<Page anyOf={READ}><AllocationsPage /></Page>} />
          <Route path="funds/payments" element={<Page anyOf={READ}><PaymentsPage /></Page>} />
          <Route path="allocation" element={<Page anyOf={["allocation.read"]}><AllocationPage /></Page>} />
          <Route path="imports" element={<Page anyOf={["funds.pay", "funds.allocate"]}><ImportPage /></Page>} />
          <Route path="account/password" element={<Page><AccountPasswordPage /></Page>} />
          <Route path="reviews" element={<Page anyOf={["review.read"]}><ReviewPage /></Page>} />
          <Route path="admin/users" element={<Page anyOf={["users.manage"]}><UsersPage /></Page>} />
          <Route path="admin/audit" element={<Page anyOf={["audit.read"]}><AuditPage /></Page>} />
          <Route path="setup/fund-years" element={<Page anyOf={["fundyears.manage"]}><FundYearsPage /></Page>} />
          <Route path="setup/sources" element={<Page anyOf={["programmes.manage"]}><SourcesPage /></Page>} />
          <Route path="setup/regions" element={<Page anyOf={["regions.manage"]}><RegionsPage /></Page>} />
          <Route path="projects" element={<Page anyOf={["projects.read"]}><ProjectsPage /></Page>} />
          <Route path="projects/import" element={<Page anyOf={["projects.write", "communities.write", "targets.write"]}><RegistryImportPage /></Page>} />
          <Route path="projects/:projectId" element={<Page anyOf={["projects.read"]}><ProjectDetailPage /></Page>} />
          <Route path="communities" element={<Page anyOf={["communities.read"]}><CommunitiesPage /></Page>} />
          <Route path="communities/goal" element={<Page anyOf={["communities.read"]}><GoalPage /></Page>} />
          <Route path="communities/maintenance" element={<Page anyOf={["communities.read"]}><MaintenancePage /></Page>} />
          <Route path="targets" element={<Page anyOf={["projects.read"]}><TargetsPage /></Page>} />
          <Route path="monitoring" element={<Page anyOf={["monitoring.read"]}><MonitoringPage /></Page>} />
          <Route path="monitoring/counties/:countyId" element={<Page anyOf={["monitoring.read"]}><CountyMonitorPage /></Page>} />
          <Route path="evaluations" element={<Page anyOf={["evaluation.read"]}><EvaluationTasksPage /></Page>} />
          <Route path="evaluations/:taskId" element={<Page anyOf={["evaluation.read"]}><EvaluationTaskPage /></Page>} />
          <Route path="evaluations/:taskId/results" element={<Page anyOf={["evaluation.read"]}><EvaluationResultsPage /></Page>} />
          <Route path="evaluations/:taskId/survey" element={<Page anyOf={["survey.read"]}><SurveyPage /></Page>} />
          <Route path="surveys/questionnaires" element={<Page anyOf={["survey.read"]}><QuestionnairesPage /></Page>} />
          <Route path="surveys/questionnaires/:id" element={<Page anyOf={["survey.read"]}><QuestionnaireEditorPage /></Page>} />
          <Route path="evaluations/:taskId/report" element={<Page anyOf={["report.read"]}><ReportPage /></Page>} />
          <Route path="reports/check" element={<Page anyOf={["report.check"]}><ReportCheckPage /></Page>} />
          <Route path="evaluations/:taskId/scopes/:scopeId" element={<Page anyOf={["evaluation.read"]}><EvaluationSheetPage /></Page>} />
          <Route path="evaluation/templates" element={<Page anyOf={["evaluation.read"]}><EvaluationTemplatesPage /></Page>} />
          <Route path="evaluation/templates/:templateId" element={<Page anyOf={["evaluation.read"]}><TemplateEditorPage /></Page>} />
          <Route path="rectification" element={<Page anyOf={["rectification.read"]}><RectificationLedgerPage /></Page>} />
          <Route path="rectification/items/:id" element={<Page anyOf={["rectification.read"]}><RectificationItemPage /></Page>} />
          <Route path="works" element={<Page anyOf={["works.read"]}><WorksPage /></Page>} />
          <Route path="works/conflicts" element={<Page anyOf={["works.read"]}><WorksConflictsPage /></Page>} />
          <Route path="works/communities" element={<Page anyOf={["communities.read"]}><SharedCommunitiesPage /></Page>} />
          <Route path="works/map" element={<Page anyOf={["works.read"]}><WorksMapPage /></Page>} />
          <Route path="works/handovers" element={<Page anyOf={["works.read"]}><HandoversPage /></Page>} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </SessionGate>
  );
}
