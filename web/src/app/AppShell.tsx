import { Alert, Button, DatePicker, Dropdown, Layout, Menu, Result, Select, Space, Tag, Tooltip, type MenuProps } from "antd";
import type { ReactNode } from "react";
import { AccountBookOutlined, ApartmentOutlined, AuditOutlined, BuildOutlined, CalendarOutlined, FundProjectionScreenOutlined, CloudUploadOutlined, DownOutlined, FileDoneOutlined, HomeOutlined, KeyOutlined, LogoutOutlined, SettingOutlined, UndoOutlined, UserOutlined, WalletOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { Link, Outlet, useLocation, useNavigate, useSearchParams } from "react-router";
import { formatDateCn } from "../../../core/dates";
import { useFundYears, useLogout } from "../api";
import { LinkButton } from "../components/LinkButton";
import { PageError, PageSkeleton } from "../components/states";
import { beijingTime } from "../components/figures";
import { fundYearLabel, LedgerProvider, pickFundYear, useLedger, useLinkTo, useOptionalLedger } from "./ledger";
import { GettingStarted } from "./GettingStarted";
import type { Permission } from "../../../core/access";
import { useSession } from "./session";
import { PieChartOutlined } from "@ant-design/icons";
import { IssuesCloseOutlined, ToolOutlined } from "@ant-design/icons";
import { NotificationBell } from "../features/notifications/NotificationBell";

const { Header, Sider, Content } = Layout;

/** The menu entry a path belongs to: drill-down pages light up 资金总览. */
function selectedKey(pathname: string): string {
  if (pathname.startsWith("/funds/allocations")) return "/funds/allocations";
  if (pathname.startsWith("/funds/payments")) return "/funds/payments";
  if (pathname.startsWith("/funds")) return "/funds";
  if (pathname.startsWith("/imports")) return "/imports";
  if (pathname.startsWith("/allocation")) return "/allocation";
  for (const p of ["/projects", "/communities/goal", "/communities/maintenance", "/communities", "/targets", "/monitoring"]) if (pathname.startsWith(p)) return p;
  for (const p of ["/reviews", "/admin/users", "/admin/audit", "/setup/fund-years", "/setup/sources", "/setup/regions"]) if (pathname.startsWith(p)) return p;
  if (pathname.startsWith("/evaluation/templates")) return "/evaluation/templates";
  if (pathname.startsWith("/surveys/questionnaires")) return "/surveys/questionnaires";
  if (pathname.startsWith("/evaluations")) return "/evaluations";
  if (pathname.startsWith("/reports/check")) return "/reports/check";
  if (pathname.startsWith("/rectification")) return "/rectification";
  for (const p of ["/works/conflicts", "/works/communities", "/works/handovers", "/works/map", "/works"]) if (pathname.startsWith(p)) return p;
  return pathname === "/" ? "/" : "";
}

/** Pages an installation has before its first fund year: setting it up, accounts, the audit trail. */
const WITHOUT_FUND_YEAR = ["/setup/", "/admin/", "/account/"];

function SideMenu() {
  const linkTo = useLinkTo();
  // Before the first fund year only the setting-up pages exist.
  const hasYear = useOptionalLedger() !== null;
  const { can: canDo } = useSession();
  const can = (p: Parameters<typeof canDo>[0]) => canDo(p) && (hasYear || !YEAR_BOUND.has(p));
  const { pathname } = useLocation();
  const item = (path: string, label: string) => ({ key: path, label: <Link to={linkTo(path)}>{label}</Link> });
  // Only what the account may use is offered; the server refuses the rest anyway.
  const items: MenuProps["items"] = [
    { ...item("/", "首页"), icon: <HomeOutlined /> },
    can("funds.read") && {
      key: "funds",
      label: "资金",
      icon: <WalletOutlined />,
      children: [item("/funds", "资金总览"), item("/funds/allocations", "下达明细"), item("/funds/payments", "支付明细")],
    },
    can("allocation.read") && { ...item("/allocation", "资金分配"), icon: <PieChartOutlined /> },
    (can("funds.pay") || can("funds.allocate")) && { ...item("/imports", "数据导入"), icon: <CloudUploadOutlined /> },
    (can("projects.read") || can("communities.read") || can("monitoring.read")) && {
      key: "registry",
      label: "项目与监控",
      icon: <BuildOutlined />,
      children: [
        can("projects.read") && item("/projects", "项目库"),
        can("communities.read") && item("/communities", "小区库"),
        can("projects.read") && item("/targets", "绩效目标"),
        can("monitoring.read") && item("/monitoring", "双监控"),
        can("communities.read") && item("/communities/goal", "改造目标"),
        can("communities.read") && item("/communities/maintenance", "长效管养"),
      ].filter(Boolean),
    },
    (can("evaluation.read") || can("report.check") || can("survey.read")) && {
      key: "evaluation",
      label: "绩效评价",
      icon: <FundProjectionScreenOutlined />,
      children: [
        can("evaluation.read") && item("/evaluations", "评价任务"),
        can("evaluation.read") && item("/evaluation/templates", "指标体系与等级"),
        can("survey.read") && item("/surveys/questionnaires", "满意度问卷"),
        can("report.check") && item("/reports/check", "报告勾稽校验"),
      ].filter(Boolean),
    },
    can("rectification.read") && { ...item("/rectification", "整改台账"), icon: <IssuesCloseOutlined /> },
    can("works.read") && {
      key: "works",
      label: "管线施工",
      icon: <ToolOutlined />,
      children: [
        item("/works", "施工计划"),
        item("/works/conflicts", "开挖冲突"),
        can("communities.read") && item("/works/communities", "共享小区库"),
        item("/works/handovers", "设施移交"),
        item("/works/map", "地图"),
      ].filter(Boolean),
    },
    can("review.read") && { ...item("/reviews", "报送审核"), icon: <FileDoneOutlined /> },
    (can("users.manage") || can("audit.read") || can("fundyears.manage") || can("programmes.manage") || can("regions.manage")) && {
      key: "system",
      label: "系统",
      icon: <SettingOutlined />,
      children: [
        can("fundyears.manage") && { ...item("/setup/fund-years", "资金年度"), icon: <CalendarOutlined /> },
        can("programmes.manage") && { ...item("/setup/sources", "资金来源与项目"), icon: <AccountBookOutlined /> },
        can("regions.manage") && { ...item("/setup/regions", "区划管理"), icon: <ApartmentOutlined /> },
        can("users.manage") && { ...item("/admin/users", "账户管理"), icon: <UserOutlined /> },
        can("audit.read") && { ...item("/admin/audit", "审计日志"), icon: <AuditOutlined /> },
      ].filter(Boolean),
    },
  ].filter(Boolean) as MenuProps["items"];
  return (
    <Menu
      mode="inline"
      selectedKeys={[selectedKey(pathname)]}
      defaultOpenKeys={["funds", "registry", "evaluation", "works", "system"]}
      items={items}
      style={{ borderInlineEnd: "none", paddingTop: 8 }}
    />
  );
}

/** Permissions whose pages read a fund year's data. */
const YEAR_BOUND = new Set<Permission>([
  "funds.read",
  "funds.pay",
  "funds.allocate",
  "projects.read",
  "communities.read",
  "monitoring.read",
  "evaluation.read",
  "report.check",
  "review.read",
  "survey.read",
  "allocation.read",
  "rectification.read",
  "works.read",
]);

/** Fund year, 评价日 and the demo mark, in the header. */
function LedgerControls() {
  const { fundYear, fundYears, asOf, isEvaluationDate, setFundYear, setAsOf } = useLedger();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  return (
    <Space size={12} wrap={false}>
      <span className="header-label">资金年度</span>
      <Select
        aria-label="资金年度"
        value={fundYear.id}
        style={{ width: 370 }}
        popupMatchSelectWidth={false}
        options={fundYears.map((f) => ({ value: f.id, label: fundYearLabel(f) }))}
        onChange={(id: number) => {
          // A project belongs to one fund year: leave its page for the new year's overview.
          if (pathname.startsWith("/funds/projects/")) navigate(`/funds?fy=${id}`);
          else setFundYear(id);
        }}
      />
      <span className="header-label">评价日</span>
      <DatePicker
        aria-label="评价日"
        value={dayjs(asOf)}
        allowClear={false}
        format="YYYY年M月D日"
        style={{ width: 150 }}
        onChange={(d) => d && setAsOf(d.format("YYYY-MM-DD"))}
      />
      {!isEvaluationDate && (
        <Tooltip title={`恢复为本年度评价日 ${formatDateCn(fundYear.evaluationDate)}`}>
          <Button type="link" size="small" icon={<UndoOutlined />} style={{ color: "#fff", paddingInline: 0 }} onClick={() => setAsOf(null)}>
            恢复评价日
          </Button>
        </Tooltip>
      )}
      {fundYear.isDemo && (
        <Tooltip title="示例数据：总额与执行率取自2021年度跟踪问效报告，项目名称、日期和各县区分配为合成数据">
          <Tag color="gold" variant="solid" style={{ marginInlineEnd: 0 }}>
            示例数据
          </Tag>
        </Tooltip>
      )}
    </Space>
  );
}

/** Failed attempts on the account since its previous login: the owner should know (等保). */
function FailedLoginsWarning() {
  const { me } = useSession();
  const n = me.previousLogin?.failedAttempts ?? 0;
  if (n === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      closable
      style={{ marginBottom: 16 }}
      title={`自上次登录（${beijingTime(me.previousLogin!.at)}）以来，您的账户有 ${n} 次登录失败`}
      description="如不是您本人所为，请立即修改密码，并告知系统管理员。"
    />
  );
}

/** The signed-in user, with 修改密码 and 退出登录. */
function UserMenu() {
  const { me } = useSession();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const logout = useLogout();
  const who = me.county ? `${me.county.name} · ${me.roleLabel}` : me.roleLabel;
  return (
    <Dropdown
      trigger={["click"]}
      menu={{
        items: [
          { key: "who", label: `${me.displayName}（${me.username}）`, disabled: true },
          ...(me.previousLogin
            ? [{ key: "last", label: `上次登录：${beijingTime(me.previousLogin.at)}${me.previousLogin.ip ? `，${me.previousLogin.ip}` : ""}`, disabled: true }]
            : []),
          { type: "divider" },
          { key: "password", icon: <KeyOutlined />, label: "修改密码" },
          { key: "logout", icon: <LogoutOutlined />, label: "退出登录" },
        ],
        onClick: ({ key }) => {
          // Keep fy and asOf so the menu's links stay on the same year.
          if (key === "password") navigate(`/account/password${search.size ? `?${search.toString()}` : ""}`);
          if (key === "logout") logout.mutate();
        },
      }}
    >
      <Button type="text" className="user-button" aria-label="当前用户" icon={<UserOutlined />}>
        {me.displayName}
        <span className="user-role">{who}</span>
        <DownOutlined style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}

function Brand() {
  return (
    <Link to="/" className="brand" aria-label="问效 首页">
      <span className="brand-name">问效</span>
      <span className="brand-subtitle">财政补助资金全周期跟踪问效</span>
    </Link>
  );
}

function Frame({ controls, children }: { controls?: ReactNode; children: ReactNode }) {
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Header style={{ display: "flex", alignItems: "center", justifyContent: "space-between", gap: 24, position: "sticky", top: 0, zIndex: 10 }}>
        <Brand />
        <Space size={20}>
          {controls}
          <NotificationBell />
          <UserMenu />
        </Space>
      </Header>
      {children}
    </Layout>
  );
}

/** The side menu and the page beside it. */
function MenuAndPage({ children }: { children: ReactNode }) {
  return (
    <Layout>
      <Sider width={200} theme="light" style={{ borderInlineEnd: "1px solid #e8ebf0" }}>
        <nav aria-label="主导航">
          <SideMenu />
        </nav>
      </Sider>
      <Content style={{ padding: "20px 24px 32px", minWidth: 0 }}>
        <FailedLoginsWarning />
        {children}
      </Content>
    </Layout>
  );
}

/** The layout of every page: loads the fund years, then provides the chosen one to the pages. */
export function AppShell() {
  const fundYears = useFundYears();
  const [search] = useSearchParams();
  const { pathname } = useLocation();

  if (fundYears.isPending) {
    return (
      <Frame>
        <Content style={{ padding: 24 }}>
          <PageSkeleton />
        </Content>
      </Frame>
    );
  }
  if (fundYears.isError) {
    return (
      <Frame>
        <Content style={{ padding: 24 }}>
          <PageError error={fundYears.error} onRetry={() => void fundYears.refetch()} />
        </Content>
      </Frame>
    );
  }
  if (fundYears.data.length === 0) {
    // A new installation: the menu offers what sets it up; every other address shows the way there.
    const open = WITHOUT_FUND_YEAR.some((p) => pathname.startsWith(p));
    return (
      <Frame>
        <MenuAndPage>{open ? <Outlet /> : <GettingStarted />}</MenuAndPage>
      </Frame>
    );
  }
  const fundYear = pickFundYear(fundYears.data, search.get("fy"));
  if (!fundYear) {
    return (
      <Frame>
        <Content style={{ padding: 24 }}>
          <Result
            status="404"
            title="资金年度不存在"
            subTitle={`链接中的资金年度（编号 ${search.get("fy")}）不存在或已被删除。`}
            extra={
              <LinkButton type="primary" to="/">
                返回首页
              </LinkButton>
            }
          />
        </Content>
      </Frame>
    );
  }

  return (
    <LedgerProvider fundYear={fundYear} fundYears={fundYears.data}>
      <Frame controls={<LedgerControls />}>
        <MenuAndPage>
          <Outlet />
        </MenuAndPage>
      </Frame>
    </LedgerProvider>
  );
}
