import { lazy, Suspense, type ReactNode } from "react";
import { Button, Result } from "antd";
import { Link, Route, Routes } from "react-router";
import { LinkButton } from "../components/LinkButton";
import { PageSkeleton } from "../components/states";
import { AppShell } from "./AppShell";
import { useLedger } from "./ledger";

// Pages load on demand: the chart pages bring ECharts, the others do not.
const HomePage = lazy(() => import("../features/funds/HomePage"));
const FundsOverviewPage = lazy(() => import("../features/funds/FundsOverviewPage"));
const CountyPage = lazy(() => import("../features/funds/CountyPage"));
const ProjectPage = lazy(() => import("../features/funds/ProjectPage"));
const AllocationsPage = lazy(() => import("../features/funds/AllocationsPage"));
const PaymentsPage = lazy(() => import("../features/funds/PaymentsPage"));
const ImportPage = lazy(() => import("../features/imports/ImportPage"));

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageSkeleton />}>{children}</Suspense>;
}

function NotFoundPage() {
  const { linkTo } = useLedger();
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在，请检查链接是否正确。"
      extra={
        <LinkButton type="primary" to={linkTo("/")}>返回首页</LinkButton>
      }
    />
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route index element={<Page><HomePage /></Page>} />
        <Route path="funds" element={<Page><FundsOverviewPage /></Page>} />
        <Route path="funds/counties/:countyId" element={<Page><CountyPage /></Page>} />
        <Route path="funds/projects/:projectId" element={<Page><ProjectPage /></Page>} />
        <Route path="funds/allocations" element={<Page><AllocationsPage /></Page>} />
        <Route path="funds/payments" element={<Page><PaymentsPage /></Page>} />
        <Route path="imports" element={<Page><ImportPage /></Page>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
